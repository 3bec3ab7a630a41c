// Rule family: what libvirt accepts but silently rewrites at define, each
// found with virsh define + dumpxml --inactive on libvirt 11.3: an interface
// without type (domain_conf.c parses it as 'user', dropping the source), a
// current memory above the maximum (domain_postparse.c clamps it), video
// memory sizes (rounded up to a power of two, domain_postparse.c).

import { attributeValue, firstChild, getAttribute, textContent } from '../../xml/nodes';
import { domainFacts, formatKiB, scaledToKiB } from '../../domain/facts';
import { domainDevices } from '../../domain/devices';
import { parseUIntStrict } from '../../domain/numbers';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { changeValueFix, fix, nameRange, report, reporter, setAttribute, setElementText, valueRange, type Reporter } from '../kit';
import type { DropCode } from './codes';

const typeForSource: ReadonlyArray<[string, string]> = [
  ['network', 'network'],
  ['bridge', 'bridge'],
  ['dev', 'direct'],
];

export function checkDrops(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: Reporter<DropCode> = reporter(ctx.doc.xml.text);
  if (!facts.isDomain) return r.out;
  const devs = domainDevices(ctx.doc);
  for (const nic of devs.ofKind('interface')) {
    if (getAttribute(nic.el, 'type')) continue;
    const source = firstChild(nic.el, 'source');
    const meant = source ? typeForSource.find(([attr]) => attributeValue(source, attr) !== undefined)?.[1] : undefined;
    const fixes = [meant ? fix(`Set type to '${meant}'`, [setAttribute(nic.el, 'type', meant)], true) : fix("Set type to 'user'", [setAttribute(nic.el, 'type', 'user')], !source)];
    report(r, 'interface-type-missing', nameRange(nic.el), `An <interface> without type is defined as type='user'${source ? ', and its <source> is dropped' : ''}`, fixes);
  }
  const current = firstChild(facts.root, 'currentMemory');
  if (current && facts.memoryKiB !== undefined && facts.cells.length === 0 && devs.ofKind('memory').length === 0) {
    const kib = scaledToKiB(textContent(current).trim(), attributeValue(current, 'unit'));
    if (kib !== undefined && kib > facts.memoryKiB) {
      const { value, unit } = formatKiB(facts.memoryKiB);
      const edits = [setElementText(r.text, current, value), setAttribute(current, 'unit', unit)];
      report(r, 'memory-current-clamped', nameRange(current), `<currentMemory> is larger than <memory>: libvirt lowers it to ${value} ${unit}`, [fix(`Set it to ${value} ${unit}`, edits, true)]);
    }
  }
  for (const v of devs.ofKind('video')) {
    const model = firstChild(v.el, 'model');
    if (!model) continue;
    for (const name of ['ram', 'vram'] as const) {
      const attr = getAttribute(model, name);
      const n = parseUIntStrict(attributeValue(model, name) ?? '');
      if (!attr || n === undefined || n === 0 || (n & (n - 1)) === 0 || n > 2 ** 31) continue;
      let up = 1;
      while (up < n) up *= 2;
      report(r, 'video-ram-rounded', valueRange(attr), `libvirt rounds ${name} up to the next power of two: ${up}`, [changeValueFix(attr, String(up), true)]);
    }
  }
  return r.out;
}
