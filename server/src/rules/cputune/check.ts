// Rule family: <cputune> — CFS shares/period/quota values, vCPU, emulator and
// IOThread pinning, and the vcpusched/iothreadsched/emulatorsched scheduler
// elements — as libvirt 11.3's parser, its validation and the schema treat them.

import { UINT_MAX } from '../../domain/numbers';
import { attributeValue, childrenNamed, getAttribute, textContent, type XmlElement } from '../../xml/nodes';
import { parseInt64 } from '../../domain/numbers';
import { CPUMASK_LEN, type CpuRanges } from '../../domain/cpuset';
import { cpuPeriodLimits, cpuQuotaLimits, vcpuCountLimits } from '../../domain/schema';
import type { Finding, Fix } from '../types';
import type { RuleContext } from '../context';
import { checkEnumAttribute, checkListAttribute, checkSingleElement, checkUIntAttribute, enumValues, missingAttribute, nameRange, numberSchemaFinding, removeAttributeFixes, removeElement, schemaTools, setAttribute, valueRange } from '../kit';
import { guestFacts, type DomainFacts } from '../../domain/facts';

export function checkCputune(ctx: RuleContext): Finding[] {
  const facts = guestFacts(ctx.doc);
  const out: Finding[] = [];
  if (!facts) return out;
  const tunes = childrenNamed(facts.root, 'cputune');
  if (tunes.length === 0) return out;
  const text = ctx.doc.xml.text;
  checkSingleElement(text, facts.root, 'cputune', true, out);
  const all = (name: string) => tunes.flatMap((t) => childrenNamed(t, name));
  for (const spec of valueElements) checkValue(text, tunes, spec, out);
  checkVcpupins(text, facts, all('vcpupin'), out);
  checkSingle(text, all('emulatorpin'), 'emulatorpin-duplicate', 'only one emulatorpin is supported', out);
  for (const el of all('emulatorpin')) checkPinCpuset(el, out, false);
  checkIothreadpins(text, facts, all('iothreadpin'), out);
  checkSchedList(text, facts, all('vcpusched'), 'vcpus', out);
  checkSchedList(text, facts, all('iothreadsched'), 'iothreads', out);
  checkSingle(text, all('emulatorsched'), 'emulatorsched-duplicate', 'only one emulatorsched is supported', out);
  for (const el of all('emulatorsched')) checkScheduler(text, el, out);
  return out;
}

// ---------------------------------------------------------------------------
// shares, periods, quotas

interface ValueElement {
  name: string;
  kind: 'shares' | 'period' | 'quota';
  /** The words libvirt uses in "can't parse cputune … value". */
  words: string;
}

const valueElements: ValueElement[] = [
  { name: 'shares', kind: 'shares', words: 'shares' },
  { name: 'period', kind: 'period', words: 'period' },
  { name: 'quota', kind: 'quota', words: 'quota' },
  { name: 'global_period', kind: 'period', words: 'global period' },
  { name: 'global_quota', kind: 'quota', words: 'global quota' },
  { name: 'emulator_period', kind: 'period', words: 'emulator period' },
  { name: 'emulator_quota', kind: 'quota', words: 'emulator quota' },
  { name: 'iothread_period', kind: 'period', words: 'iothread period' },
  { name: 'iothread_quota', kind: 'quota', words: 'iothread quota' },
];


function checkValue(text: string, tunes: XmlElement[], spec: ValueElement, out: Finding[]): void {
  const els = tunes.flatMap((t) => childrenNamed(t, spec.name));
  if (els.length === 0) return;
  for (const t of tunes) checkSingleElement(text, t, spec.name, false, out);
  const el = els[0];
  const raw = textContent(el);
  const range = raw.trim() === '' ? nameRange(el) : { start: el.texts[0].start, end: el.texts[el.texts.length - 1].end };
  const remove: Fix = { title: `Remove <${spec.name}>`, edits: [removeElement(text, el)], preferred: true };
  if (raw === '') {
    out.push({
      code: 'cputune-value-invalid',
      ...range,
      message: `An empty <${spec.name}> is refused by the schema (${schemaTools}); libvirt's parser treats it as not set`,
      fixes: [remove],
    });
    return;
  }
  const n = parseInt64(raw, spec.kind === 'quota');
  if (n === undefined) {
    out.push({ code: 'cputune-value-invalid', ...range, message: `can't parse cputune ${spec.words} value` });
    return;
  }
  if (!(spec.kind === 'quota' ? /^-?[0-9]+$/ : /^[0-9]+$/).test(raw)) out.push(numberSchemaFinding(raw, n, range));
  if (spec.kind === 'period') {
    if (n === 0n) {
      out.push({
        code: 'cputune-schema-range',
        ...range,
        message: `The schema (${schemaTools}) requires ${spec.name} to be ${cpuPeriodLimits.min}..${cpuPeriodLimits.max}; libvirt's parser reads 0 as not set and drops it`,
        fixes: [remove],
      });
    } else if (n < BigInt(cpuPeriodLimits.min) || n > BigInt(cpuPeriodLimits.max)) {
      out.push({ code: 'cputune-period-range', ...range, message: `Value of cputune '${spec.name}' must be in range [${cpuPeriodLimits.min}, ${cpuPeriodLimits.max}]` });
    }
  } else if (spec.kind === 'quota') {
    if (n > 0n && (n < 1000n || n > BigInt(cpuQuotaLimits.max))) {
      out.push({ code: 'cputune-quota-range', ...range, message: `Value of cputune '${spec.name}' must be in range [1000, ${cpuQuotaLimits.max}]` });
    } else if (n < BigInt(cpuQuotaLimits.min)) {
      out.push({
        code: 'cputune-schema-range',
        ...range,
        message: `The schema (${schemaTools}) allows ${spec.name} down to -1 only; libvirt's parser takes any negative value as unlimited`,
        fixes: [{ title: 'Change to -1 (unlimited)', edits: [{ ...range, newText: '-1' }], preferred: true }],
      });
    } else if (n === 0n) {
      out.push({
        code: 'cputune-zero-dropped',
        ...range,
        message: `A ${spec.name} of 0 means not set: libvirt drops the element (use -1 for unlimited)`,
        fixes: [remove],
      });
    }
  } else if (n > BigInt(UINT_MAX)) {
    out.push({ code: 'cputune-schema-range', ...range, message: `The schema (${schemaTools}) allows shares up to ${UINT_MAX}` });
  } else if (n < 2n || n > 10000n) {
    const where =
      n === 0n || n > 262144n
        ? 'every cgroup host refuses it'
        : n === 1n
          ? 'cgroups v1 hosts refuse it'
          : 'cgroups v2 hosts (most current distributions) refuse it';
    out.push({
      code: 'cputune-shares-range',
      ...range,
      message: `shares ${n} is outside what the host accepts when the domain starts: [2, 262144] with cgroups v1, [1, 10000] with cgroups v2 (${where})`,
    });
  }
}

// ---------------------------------------------------------------------------
// Pinning

function checkVcpupins(text: string, facts: DomainFacts, pins: XmlElement[], out: Finding[]): void {
  const max = facts.maxVcpus;
  const seen = new Set<number>();
  for (const el of pins) {
    const { value: vcpu, attr } = checkUIntAttribute(el, 'vcpu', 'vcpupin-vcpu-invalid', out, { required: true });
    let dropped = false;
    if (vcpu !== undefined && attr) {
      if (vcpu > vcpuCountLimits.vcpuIdMax) {
        out.push({ code: 'vcpupin-vcpu-invalid', ...valueRange(attr), message: `The schema (${schemaTools}) allows vCPU ids up to ${vcpuCountLimits.vcpuIdMax}` });
        dropped = max !== undefined && vcpu >= max;
      } else if (max !== undefined && vcpu >= max) {
        dropped = true;
        out.push({
          code: 'vcpupin-out-of-range',
          ...valueRange(attr),
          message: `vCPU ${vcpu} does not exist (the domain has ${max}): libvirt silently drops this vcpupin`,
          fixes: [{ title: `Remove the vcpupin for vCPU ${vcpu}`, edits: [removeElement(text, el)], preferred: true }],
        });
      } else if (seen.has(vcpu)) {
        out.push({
          code: 'vcpupin-duplicate',
          ...valueRange(attr),
          message: `duplicate vcpupin for vcpu '${vcpu}'`,
          fixes: [{ title: `Remove this second vcpupin for vCPU ${vcpu}`, edits: [removeElement(text, el)], preferred: true }],
        });
      }
      if (!dropped) seen.add(vcpu);
    }
    checkPinCpuset(el, out, dropped);
  }
}

/** A pin's cpuset: required; read by libvirt unless the pin is dropped (then only the schema looks at it). */
function checkPinCpuset(el: XmlElement, out: Finding[], dropped: boolean): void {
  if (attributeValue(el, 'cpuset') === undefined) {
    out.push({
      code: 'cputune-cpuset-missing',
      ...nameRange(el),
      message: dropped ? `The schema (${schemaTools}) requires cpuset on <${el.name}>` : `missing cpuset for ${el.name}`,
    });
    return;
  }
  checkListAttribute(el, 'cpuset', out, { parsed: !dropped, emptyMessage: (v) => `Invalid value of 'cpuset': ${v}` });
}

function checkIothreadpins(text: string, facts: DomainFacts, pins: XmlElement[], out: Finding[]): void {
  const seen = new Set<number>();
  for (const el of pins) {
    const { value: id, attr } = checkUIntAttribute(el, 'iothread', 'iothreadpin-iothread-invalid', out, { required: true, nonZero: true });
    if (id !== undefined && attr) {
      if (facts.hasIothread && !facts.hasIothread(id)) {
        out.push({ code: 'iothread-unknown', ...valueRange(attr), message: `Cannot find 'iothread' : ${id}` });
      } else if (seen.has(id)) {
        out.push({
          code: 'iothreadpin-duplicate',
          ...valueRange(attr),
          message: `duplicate iothreadpin for same iothread '${id}'`,
          fixes: [{ title: `Remove this second iothreadpin for IOThread ${id}`, edits: [removeElement(text, el)], preferred: true }],
        });
      }
      seen.add(id);
    }
    checkPinCpuset(el, out, false);
  }
}

/** For elements libvirt allows once: every one after the first is an error. */
function checkSingle(text: string, els: XmlElement[], code: string, message: string, out: Finding[]): void {
  for (const extra of els.slice(1)) {
    out.push({ code, ...nameRange(extra), message, fixes: [{ title: `Remove this <${extra.name}>`, edits: [removeElement(text, extra)] }] });
  }
}

// ---------------------------------------------------------------------------
// Schedulers

function checkSchedList(text: string, facts: DomainFacts, els: XmlElement[], listName: 'vcpus' | 'iothreads', out: Finding[]): void {
  // Made on the first list that parses: most domains have no scheduler elements at all.
  let covered: Uint8Array | undefined;
  for (const el of els) {
    let ranges: CpuRanges | undefined;
    if (attributeValue(el, listName) === undefined) {
      out.push({ code: 'sched-list-missing', ...nameRange(el), message: `Missing attribute '${listName}' in element '${el.name}'` });
    } else {
      ranges = checkListAttribute(el, listName, out, { emptyMessage: (v) => `'${listName}' scheduler bitmap '${v}' is empty` }).ranges;
    }
    const policy = checkScheduler(text, el, out);
    if (!ranges || !policy) continue;
    const range = valueRange(getAttribute(el, listName)!);
    const missing = listName === 'vcpus' ? firstAtOrAbove(ranges, facts.maxVcpus) : firstUnknownIothread(ranges, facts.hasIothread);
    if (missing !== undefined) {
      out.push(
        listName === 'vcpus'
          ? { code: 'vcpusched-out-of-range', ...range, message: `vCPU '${missing}' is not present in domain definition` }
          : { code: 'iothread-unknown', ...range, message: `Cannot find 'iothread' : ${missing}` },
      );
    }
    let overlap = false;
    covered ??= new Uint8Array(CPUMASK_LEN);
    for (const [a, b] of ranges) {
      if (!overlap && covered.subarray(a, b + 1).includes(1)) overlap = true;
      covered.fill(1, a, b + 1);
    }
    if (overlap) out.push({ code: 'sched-overlap', ...range, message: `'${el.name}' attributes '${listName}' must not overlap` });
  }
}

/** The lowest listed number at or above `max` (a vCPU that does not exist). */
function firstAtOrAbove(ranges: CpuRanges, max: number | undefined): number | undefined {
  if (max === undefined) return undefined;
  for (const [a, b] of ranges) if (b >= max) return Math.max(a, max);
  return undefined;
}

/** The lowest listed IOThread id the domain does not have. */
function firstUnknownIothread(ranges: CpuRanges, has: ((id: number) => boolean) | undefined): number | undefined {
  if (!has) return undefined;
  for (const [a, b] of ranges) for (let id = a; id <= b; id++) if (!has(id)) return id;
  return undefined;
}

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;

/** scheduler and priority of any *sched element; returns the scheduler when libvirt accepts it. */
function checkScheduler(text: string, el: XmlElement, out: Finding[]): string | undefined {
  const schedulers = enumValues(`domain/cputune/${el.name}`, 'scheduler', ['batch', 'idle', 'fifo', 'rr']);
  if (attributeValue(el, 'scheduler') === undefined) {
    out.push({ code: 'sched-scheduler-invalid', ...nameRange(el), message: missingAttribute('scheduler', el.name) });
    return undefined;
  }
  const policy = checkEnumAttribute(el, 'scheduler', schedulers, 'sched-scheduler-invalid', out);
  if (!policy) return undefined;
  const attr = getAttribute(el, 'priority');
  const value = attributeValue(el, 'priority');
  const realtime = policy === 'fifo' || policy === 'rr';
  if (!realtime) {
    if (attr) {
      out.push({
        code: 'sched-priority-unexpected',
        ...valueRange(attr),
        message: `priority only applies to fifo and rr: the schema (${schemaTools}) refuses it with '${policy}' and libvirt's parser ignores it`,
        fixes: removeAttributeFixes(text, el, 'priority', true),
      });
    }
    return policy;
  }
  if (!attr || value === undefined) {
    out.push({
      code: 'sched-priority-missing',
      ...nameRange(el),
      message: missingAttribute('priority', el.name),
      fixes: [{ title: "Add priority='1'", edits: [setAttribute(el, 'priority', '1')] }],
    });
    return policy;
  }
  const range = valueRange(attr);
  const n = parseInt64(value, true);
  if (n === undefined || n < INT_MIN || n > INT_MAX) {
    out.push({ code: 'sched-priority-invalid', ...range, message: `Invalid value for attribute 'priority' in element '${el.name}': '${value}'. Expected integer value` });
  } else if (n < 0n || n > 65535n) {
    out.push({ code: 'sched-priority-invalid', ...range, message: `The schema (${schemaTools}) allows priority 0..65535 only` });
  } else if (n < 1n || n > 99n) {
    out.push({ code: 'sched-priority-range', ...range, message: `Scheduler priority ${n} out of range [1, 99]: Linux refuses it when the domain starts` });
  }
  return policy;
}
