// Rule family: network interfaces. The parser's MAC checks (domain_conf.c),
// the QEMU driver's virtio queue sizes, vhost-user shared memory and model
// (qemu_validate.c), the tap backend (qemu_domain.c) and port forwarding
// (domain_validate.c).

import { attributeValue, firstChild, getAttribute } from '../../xml/nodes';
import { domainFacts } from '../../domain/facts';
import { domainDevices } from '../../domain/devices';
import { parseUIntStrict } from '../../domain/numbers';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { appendChild, changeValueFix, fix, nameRange, removeAttributeFix, report, reporter, valueRange, type Reporter } from '../kit';
import type { InterfaceCode } from './codes';

/** libvirt's MAC parser (virMacAddrParse): six 1-2 digit hex bytes separated by ':', blanks allowed after. */
export function parseMac(text: string): number[] | undefined {
  const m = /^([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})(?:[\x00- ].*)?$/s.exec(text);
  return m ? m.slice(1, 7).map((h) => parseInt(h, 16)) : undefined;
}

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** The power of two nearest `n` (the lower one on a tie), within virtio's 256..1024 queue sizes. */
function nearestPow2(n: number): number {
  let lo = 1;
  while (lo * 2 <= n) lo *= 2;
  const hi = lo * 2;
  const best = n - lo <= hi - n ? lo : hi;
  return Math.min(1024, Math.max(256, best));
}

export function checkInterfaces(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: Reporter<InterfaceCode> = reporter(ctx.doc.xml.text);
  if (!facts.isDomain) return r.out;
  for (const d of domainDevices(ctx.doc).ofKind('interface')) {
    const el = d.el;
    const mac = firstChild(el, 'mac');
    const macAttr = mac && getAttribute(mac, 'address');
    const macText = mac && attributeValue(mac, 'address');
    let macStr = '';
    if (macAttr && macText !== undefined) {
      const bytes = parseMac(macText);
      if (!bytes) {
        report(r, 'interface-mac-invalid', valueRange(macAttr), `unable to parse mac address '${macText}'`);
        continue;
      }
      macStr = bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
      if (bytes[0] & 1) {
        const fixed = [bytes[0] & 0xfe, ...bytes.slice(1)].map((b) => b.toString(16).padStart(2, '0')).join(':');
        report(r, 'interface-mac-multicast', valueRange(macAttr), `expected unicast mac address, found multicast '${macText}'`, [changeValueFix(macAttr, fixed, true)]);
      }
    }
    if (!facts.qemuDriver) continue;
    const type = d.type;
    const model = firstChild(el, 'model');
    const modelType = model && attributeValue(model, 'type');
    const virtio = modelType === 'virtio' || modelType === 'virtio-transitional' || modelType === 'virtio-non-transitional';
    const driver = firstChild(el, 'driver');
    if (virtio && driver) {
      for (const name of ['rx_queue_size', 'tx_queue_size'] as const) {
        const attr = getAttribute(driver, name);
        const n = parseUIntStrict(attributeValue(driver, name) ?? '');
        if (attr && n !== undefined && n !== 0 && !isPow2(n)) {
          report(r, 'interface-queue-size', valueRange(attr), `${name} has to be a power of two`, [changeValueFix(attr, String(nearestPow2(n)), true)]);
        }
      }
    }
    if ((type === 'vhostuser' || type === 'vdpa') && modelType !== undefined && !virtio) {
      report(r, 'interface-model-vhostuser', valueRange(getAttribute(model!, 'type')!), `invalid model for interface of type '${type}': '${modelType}' - must be 'virtio'`, [
        changeValueFix(getAttribute(model!, 'type')!, 'virtio', true),
      ]);
    }
    const backend = firstChild(el, 'backend');
    const tap = backend && getAttribute(backend, 'tap');
    // Settled for hostdev and vhostuser by libvirt's own cases; other types are checked only when the domain starts.
    if (tap && tap.value !== undefined && (type === 'hostdev' || type === 'vhostuser')) {
      report(r, 'interface-tap-backend', valueRange(tap), `interface ${macStr || '(no MAC)'} - custom tap device path is not supported for network interfaces of type ${type}`, [removeAttributeFix(r.text, tap, undefined, true)]);
    }
    const passt = backend !== undefined && attributeValue(backend, 'type') === 'passt';
    const portForward = firstChild(el, 'portForward');
    if (portForward && ((type !== 'user' && type !== 'vhostuser') || !passt)) {
      report(r, 'interface-port-forward', nameRange(portForward), "The <portForward> element can only be used with the 'passt' backend of interface type='user' or type='vhostuser'");
    }
    if (type === 'vhostuser' && !facts.sharedMemory) {
      const lines = ['<memoryBacking>', "  <access mode='shared'/>", '</memoryBacking>'];
      const add = !facts.memoryBacking && facts.cells.length === 0 ? fix("Add <memoryBacking><access mode='shared'/>", [appendChild(r.text, facts.root, lines)], true) : undefined;
      report(r, 'interface-vhostuser-memory', valueRange(getAttribute(el, 'type')!), "'interface' requires shared memory", [add]);
    }
  }
  return r.out;
}
