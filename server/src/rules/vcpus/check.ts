// Rule family: the vCPU count and per-vCPU states — <vcpu> (count, current,
// placement, cpuset) and <vcpus>/<vcpu> — checked the way libvirt 11.3's parser,
// its QEMU post-parse step and the schema treat them.

import { attributeValue, childrenNamed, getAttribute, textContent, type XmlElement } from '../../xml/nodes';
import { isSchemaUInt, parseUIntStrict, parseUIntWrapping } from '../../domain/numbers';
import { vcpuCountLimits } from '../../domain/schema';
import type { Finding, Fix } from '../types';
import type { RuleContext } from '../context';
import { checkEnumAttribute, checkListAttribute, checkSingleElement, checkUIntAttribute, enumValues, invalidEnum, missingAttribute, nameRange, numberSchemaFinding, removeAttributeFixes, removeElement, schemaTools, setAttributeFix, setElementText, valueRange } from '../kit';
import { domainFacts, guestFacts, type DomainFacts } from '../../domain/facts';

export function checkVcpus(ctx: RuleContext): Finding[] {
  const facts = guestFacts(ctx.doc);
  const out: Finding[] = [];
  if (!facts) return out;
  const text = ctx.doc.xml.text;
  checkSingleElement(text, facts.root, 'vcpu', false, out);
  checkSingleElement(text, facts.root, 'vcpus', true, out);
  if (facts.vcpu) {
    checkCount(ctx, facts.vcpu, out);
    checkCurrent(text, facts, facts.vcpu, out);
    checkPlacementAndCpuset(text, facts.vcpu, out);
  }
  checkVcpuList(text, facts, out);
  return out;
}

// ---------------------------------------------------------------------------
// <vcpu> text

function checkCount(ctx: RuleContext, vcpu: XmlElement, out: Finding[]): void {
  const raw = textContent(vcpu);
  const range = vcpu.texts.length > 0 && raw.trim() !== '' ? textRangeWithBlanks(vcpu) : nameRange(vcpu);
  const max = parseUIntWrapping(raw);
  if (max === undefined) {
    const trimmed = raw.trim();
    const fixes: Fix[] = [];
    if (trimmed !== raw && isSchemaUInt(trimmed)) {
      fixes.push({ title: `Change to '${trimmed}'`, edits: [setElementText(ctx.doc.xml.text, vcpu, trimmed)], preferred: true });
    }
    out.push({ code: 'vcpu-count-invalid', ...range, message: 'maximum vcpus count must be an integer', fixes });
    return;
  }
  const negative = raw.trimStart().startsWith('-');
  if (max === 0) {
    out.push({
      code: 'vcpu-count-zero',
      ...range,
      message: 'CPU IDs in <numa> exceed the <vcpu> count (how libvirt refuses a count of 0: a domain needs at least one vCPU)',
    });
    return;
  }
  if (max > vcpuCountLimits.max) {
    const read = negative ? `'${raw.trim()}' is read as ${max}: ` : '';
    out.push({
      code: 'vcpu-count-too-large',
      ...range,
      message: `${read}the schema allows at most ${vcpuCountLimits.max} vCPUs (${schemaTools}); libvirtd 11.3 does not check the count before allocating for it and may abort`,
    });
    return;
  }
  if (!isSchemaUInt(raw)) {
    out.push(numberSchemaFinding(raw, max, range));
  }
  const limit = machineLimit(ctx);
  if (limit && max > limit.max) {
    out.push({
      code: 'vcpu-machine-limit',
      ...range,
      message: `Maximum CPUs greater than specified machine type limit ${limit.max} (${limit.note})`,
    });
  }
}

/** The element's text range including blanks (they are part of what libvirt reads). */
function textRangeWithBlanks(el: XmlElement): { start: number; end: number } {
  return { start: el.texts[0].start, end: el.texts[el.texts.length - 1].end };
}

/**
 * The QEMU machine-type vCPU limit that applies, for x86 QEMU/KVM domains: 255
 * for i440fx ('pc', also the default machine on most hosts), 4096 for 'q35'
 * (QEMU 10; older QEMU allows fewer).
 */
function machineLimit(ctx: RuleContext): { max: number; note: string } | undefined {
  const { type, machine } = domainFacts(ctx.doc);
  if (type !== 'kvm' && type !== 'qemu') return undefined;
  if (ctx.doc.arch !== 'x86_64' && ctx.doc.arch !== 'i686') return undefined;
  if (machine === undefined || machine === '') {
    return { max: 255, note: "when the host's default machine type is the i440fx 'pc', as with upstream QEMU" };
  }
  if (/q35/.test(machine)) return { max: 4096, note: `'${machine}' with QEMU 10; older QEMU releases allow fewer` };
  if (/^pc($|-i440fx|-[0-9])/.test(machine)) return { max: 255, note: `the i440fx machine '${machine}'` };
  return undefined;
}

// ---------------------------------------------------------------------------
// current, placement, cpuset

function checkCurrent(text: string, facts: DomainFacts, vcpu: XmlElement, out: Finding[]): void {
  const { value, attr } = checkUIntAttribute(vcpu, 'current', 'vcpu-current-invalid', out);
  if (value === undefined || !attr) return;
  const range = valueRange(attr);
  const max = facts.maxVcpus;
  if (!facts.hasVcpuList) {
    if (max !== undefined && max > 0 && value > max) {
      out.push({
        code: 'vcpu-current-too-high',
        ...range,
        message: `maximum vCPU count must not be less than current vCPU count (current ${value}, maximum ${max})`,
        fixes: [setAttributeFix(`Set current to the maximum (${max})`, vcpu, 'current', String(max), true)],
      });
    } else if (value === 0) {
      out.push({ code: 'vcpu-current-zero', ...range, message: "vcpu 0 can't be offline" });
    }
    return;
  }
  if (value === 0) {
    out.push({
      code: 'vcpu-current-zero',
      ...range,
      message: `The schema (${schemaTools}) requires current to be at least 1; with <vcpus> present libvirt's parser ignores it`,
      fixes: removeAttributeFixes(text, vcpu, 'current', true),
    });
    return;
  }
  const online = enabledCount(facts);
  if (online !== undefined && online !== value) {
    out.push({
      code: 'vcpu-current-ignored',
      ...range,
      message: `current is ignored when <vcpus> lists the vCPUs: libvirt counts ${online} enabled there and uses that`,
      fixes: [setAttributeFix(`Set current to ${online}`, vcpu, 'current', String(online), true)],
    });
  }
}

function checkPlacementAndCpuset(text: string, vcpu: XmlElement, out: Finding[]): void {
  const placements = enumValues('domain/vcpu', 'placement', ['static', 'auto']);
  checkEnumAttribute(vcpu, 'placement', placements, 'vcpu-placement-invalid', out);
  const auto = attributeValue(vcpu, 'placement') === 'auto';
  const list = checkListAttribute(vcpu, 'cpuset', out, {
    parsed: !auto,
    emptyMessage: (v) => `Invalid value of 'cpuset': ${v}`,
  });
  if (auto && list.present) {
    const cpuset = getAttribute(vcpu, 'cpuset')!;
    out.push({
      code: 'vcpu-cpuset-ignored',
      ...valueRange(cpuset),
      message: "cpuset is ignored with placement='auto': libvirt drops it and lets numad choose the host CPUs",
      fixes: [...removeAttributeFixes(text, vcpu, 'cpuset'), ...removeAttributeFixes(text, vcpu, 'placement')],
    });
  }
}

// ---------------------------------------------------------------------------
// <vcpus>

interface VcpuState {
  el: XmlElement;
  online: boolean;
  hotpluggable: 'yes' | 'no' | undefined;
  order: number;
}

/** Entries of every `<vcpus>` (libvirt reads ./vcpus/vcpu across all of them). */
function vcpuEntries(domain: XmlElement): XmlElement[] {
  return childrenNamed(domain, 'vcpus').flatMap((v) => childrenNamed(v, 'vcpu'));
}

/** The states libvirt ends up with for the listed vCPUs (later entries win), or undefined when any entry is unreadable. */
function readStates(facts: DomainFacts): Map<number, VcpuState> | undefined {
  const max = facts.maxVcpus;
  if (max === undefined) return undefined;
  const states = new Map<number, VcpuState>();
  for (const el of vcpuEntries(facts.root)) {
    const id = parseUIntStrict(attributeValue(el, 'id') ?? '');
    const enabled = attributeValue(el, 'enabled');
    const hotpluggable = attributeValue(el, 'hotpluggable');
    const orderText = attributeValue(el, 'order');
    const order = orderText === undefined ? 0 : parseUIntStrict(orderText);
    if (id === undefined || id >= max || (enabled !== 'yes' && enabled !== 'no') || order === undefined) return undefined;
    if (hotpluggable !== undefined && hotpluggable !== 'yes' && hotpluggable !== 'no') return undefined;
    states.set(id, { el, online: enabled === 'yes', hotpluggable, order });
  }
  return states;
}

function enabledCount(facts: DomainFacts): number | undefined {
  const states = readStates(facts);
  if (!states) return undefined;
  let n = 0;
  for (const s of states.values()) if (s.online) n++;
  return n;
}

function checkVcpuList(text: string, facts: DomainFacts, out: Finding[]): void {
  const entries = vcpuEntries(facts.root);
  if (entries.length === 0) return;
  const max = facts.maxVcpus;
  const yesNo = ['yes', 'no'];
  const seen = new Map<number, XmlElement>();
  for (const el of entries) {
    const { value: id } = checkUIntAttribute(el, 'id', 'vcpus-attribute-invalid', out, { required: true });
    if (id !== undefined && max !== undefined && id >= max) {
      out.push({
        code: 'vcpus-id-out-of-range',
        ...valueRange(getAttribute(el, 'id')!),
        message: `vcpu id '${id}' is out of range of maximum vcpu count (${max})`,
        fixes: [{ title: `Remove the entry for vCPU ${id}`, edits: [removeElement(text, el)] }],
      });
    }
    if (getAttribute(el, 'enabled')?.value === undefined) {
      out.push({ code: 'vcpus-attribute-invalid', ...nameRange(el), message: missingAttribute('enabled', 'vcpu') });
    } else {
      checkEnumAttribute(el, 'enabled', yesNo, 'vcpus-attribute-invalid', out, (v) => invalidEnum('enabled', 'vcpu', v));
    }
    checkEnumAttribute(el, 'hotpluggable', yesNo, 'vcpus-attribute-invalid', out, (v) => invalidEnum('hotpluggable', 'vcpu', v));
    checkUIntAttribute(el, 'order', 'vcpus-attribute-invalid', out);
    if (id !== undefined && max !== undefined && id < max) {
      const earlier = seen.get(id);
      if (earlier) {
        out.push({
          code: 'vcpus-id-duplicate',
          ...nameRange(earlier),
          message: `vCPU ${id} is listed again later in <vcpus>: libvirt keeps only the last entry`,
          fixes: [{ title: `Remove this overridden entry for vCPU ${id}`, edits: [removeElement(text, earlier)], preferred: true }],
        });
      }
      seen.set(id, el);
    }
  }
  const states = readStates(facts);
  if (!states || max === undefined || max > vcpuCountLimits.max) return;
  checkVcpuStates(text, facts, states, max, out);
}

/** libvirt's QEMU post-parse rules on vCPU states, then its generic hotpluggable rule. */
function checkVcpuStates(text: string, facts: DomainFacts, states: Map<number, VcpuState>, max: number, out: Finding[]): void {
  const unlisted = { online: false, hotpluggable: undefined, order: 0 } as const;
  const at = (i: number) => states.get(i) ?? unlisted;
  const first = states.get(0);
  const list = childrenNamed(facts.root, 'vcpus')[0];
  if (!first) {
    out.push({ code: 'vcpus-vcpu0-offline', ...nameRange(list), message: "vcpu 0 can't be offline (vCPU 0 is not listed in <vcpus>, so it starts offline)" });
  } else {
    if (!first.online) {
      out.push({
        code: 'vcpus-vcpu0-offline',
        ...valueRange(getAttribute(first.el, 'enabled')!),
        message: "vcpu 0 can't be offline",
        fixes: [setAttributeFix("Set enabled='yes'", first.el, 'enabled', 'yes', true)],
      });
    }
    if (first.hotpluggable === 'yes') {
      out.push({
        code: 'vcpus-vcpu0-hotpluggable',
        ...valueRange(getAttribute(first.el, 'hotpluggable')!),
        message: "vcpu0 can't be hotpluggable",
        fixes: removeAttributeFixes(text, first.el, 'hotpluggable', true),
      });
    }
    if (first.order !== 0 && first.order !== 1) {
      out.push({
        code: 'vcpus-vcpu0-order',
        ...valueRange(getAttribute(first.el, 'order')!),
        message: `vcpu0 must be enabled first (its order must be 1, not ${first.order})`,
        fixes: [setAttributeFix("Set order='1'", first.el, 'order', '1', true)],
      });
    }
  }
  const hasOrder = at(0).order !== 0;
  let prev: VcpuState | typeof unlisted = at(0);
  for (let i = 1; i < max; i++) {
    const v = at(i);
    if (v.online && (v.order !== 0) !== hasOrder && 'el' in v) {
      const order = getAttribute(v.el, 'order');
      out.push({
        code: 'vcpus-order-mixed',
        ...(order && v.order !== 0 ? valueRange(order) : nameRange(v.el)),
        message: `all vcpus must have either set or unset order (vCPU 0 ${hasOrder ? 'has one' : 'has none'}, vCPU ${i} ${v.order !== 0 ? 'has one' : 'has none'})`,
      });
    }
    if (v.hotpluggable === 'no' && 'el' in v) {
      const range = valueRange(getAttribute(v.el, 'hotpluggable')!);
      if (prev.hotpluggable === 'yes') {
        out.push({ code: 'vcpus-order-hotpluggable', ...range, message: `online non-hotpluggable vcpus need to be ordered prior to hotpluggable vcpus (vCPU ${i - 1} is hotpluggable)` });
      } else if (prev.order > v.order) {
        out.push({ code: 'vcpus-order-hotpluggable', ...range, message: `online non-hotpluggable vcpus must be ordered in ascending order (vCPU ${i - 1} has order ${prev.order}, vCPU ${i} has ${v.order})` });
      }
    }
    prev = v;
  }
  for (const [id, v] of states) {
    if (v.hotpluggable === 'no' && !v.online) {
      out.push({
        code: 'vcpus-offline-not-hotpluggable',
        ...valueRange(getAttribute(v.el, 'hotpluggable')!),
        message: `vcpu '${id}' is both offline and not hotpluggable`,
        fixes: [setAttributeFix("Set hotpluggable='yes'", v.el, 'hotpluggable', 'yes', true)],
      });
    }
  }
}
