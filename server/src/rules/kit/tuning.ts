// Shared ground for the vCPU, IOThread, <cputune> and <numatune> rule families:
// what libvirt 11.3 derives from a domain before it checks these elements (the
// maximum vCPU count, the IOThread ids after its fill-in, the guest NUMA cell
// count) and checkers for the attribute kinds they share (CPU lists, unsigned
// numbers, enums), each giving libvirt's own message.

import { attributeValue, childrenNamed, firstChild, getAttribute, textContent, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import { parseUIntStrict, parseUIntWrapping, isSchemaUInt } from '../../domain/numbers';
import { isSchemaCpuset, parseBitmapRanges, suggestCpusetFix, type CpuRanges } from '../../domain/cpuset';
import { attributeSpec } from '../../domain/schema';
import { nameRange, removeAttribute, removeElement, setAttribute, valueRange } from './edits';
import type { Finding, Fix } from '../types';
import type { RuleContext } from '../context';

/** Where the schema-only findings point users: the two tools that apply the RelaxNG schema. */
export { schemaTools } from './messages';
import { schemaTools } from './messages';

/** Codes shared by the families: CPU/node lists and number syntax only the schema refuses. */

/** What libvirt knows about the domain's vCPUs and IOThreads before checking anything that refers to them. */
export interface TuningFacts {
  domain: XmlElement;
  /** The first `<vcpu>` (the only one libvirt reads). */
  vcpu: XmlElement | undefined;
  /** Maximum vCPUs as libvirt reads it (1 without `<vcpu>`); undefined when the text does not parse. */
  maxVcpus: number | undefined;
  /** Whether `<vcpus>` lists at least one `<vcpu>` (then `current` is ignored). */
  hasVcpuList: boolean;
  /** Membership test for IOThread ids after libvirt fills in missing ones; undefined when libvirt would stop earlier. */
  hasIothread: ((id: number) => boolean) | undefined;
  /** Guest NUMA cells in the first `<cpu>`'s first `<numa>`. */
  numaCells: number;
  /** `<vcpu placement>` is 'auto'. */
  vcpuPlacementAuto: boolean;
}

const factsCache = new WeakMap<object, TuningFacts>();

/** The facts for a domain document (computed once per document); undefined for other document kinds. */
export function tuningFacts(ctx: RuleContext): TuningFacts | undefined {
  if (ctx.doc.kind !== 'domain') return undefined;
  let facts = factsCache.get(ctx.doc);
  if (!facts) factsCache.set(ctx.doc, (facts = computeFacts(ctx)));
  return facts;
}

function computeFacts(ctx: RuleContext): TuningFacts {
  const domain = ctx.doc.root;
  const vcpu = firstChild(domain, 'vcpu');
  const maxVcpus = vcpu ? parseUIntWrapping(textContent(vcpu)) : 1;
  const hasVcpuList = childrenNamed(domain, 'vcpus').some((v) => childrenNamed(v, 'vcpu').length > 0);
  const cpu = firstChild(domain, 'cpu');
  const numa = cpu && firstChild(cpu, 'numa');
  return {
    domain,
    vcpu,
    maxVcpus,
    hasVcpuList,
    hasIothread: iothreadMembership(domain),
    numaCells: numa ? childrenNamed(numa, 'cell').length : 0,
    vcpuPlacementAuto: vcpu !== undefined && attributeValue(vcpu, 'placement') === 'auto',
  };
}

/**
 * libvirt's IOThread ids: the listed `<iothread id>`s, then — when
 * `<iothreads>` asks for more — the lowest free positive ids up to that count.
 * Answered without building the list, since the count may be huge.
 */
function iothreadMembership(domain: XmlElement): ((id: number) => boolean) | undefined {
  const countEl = firstChild(domain, 'iothreads');
  let count = 0;
  if (countEl) {
    const text = textContent(countEl);
    if (text !== '') {
      const n = parseUIntStrict(text);
      if (n === undefined) return undefined;
      count = n;
    }
  }
  const listed = new Set<number>();
  for (const ids of childrenNamed(domain, 'iothreadids')) {
    for (const el of childrenNamed(ids, 'iothread')) {
      const id = parseUIntStrict(attributeValue(el, 'id') ?? '');
      if (id === undefined || id === 0 || listed.has(id)) return undefined;
      listed.add(id);
    }
  }
  const filled = Math.max(count, listed.size) - listed.size;
  const sorted = [...listed].sort((a, b) => a - b);
  return (id: number) => {
    if (listed.has(id)) return true;
    if (id < 1 || filled === 0) return false;
    // id is free; it is filled when it is among the first `filled` free ids,
    // i.e. when fewer than `filled` free ids lie below it.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return id - lo <= filled;
  };
}

/**
 * Reports every `name` child of `parent` after the first: the schema allows one.
 * `mergesChildren`: libvirt reads the children of all of them (<vcpus>,
 * <iothreadids>, <cputune>), so nothing is lost and no removal is offered;
 * otherwise libvirt reads only the first and the extra ones are removable.
 */
export function checkSingleElement(text: string, parent: XmlElement, name: string, mergesChildren: boolean, out: Finding[]): void {
  const els = childrenNamed(parent, name);
  for (const extra of els.slice(1)) {
    out.push({
      code: 'tuning-duplicate-element',
      ...nameRange(extra),
      message: mergesChildren
        ? `The schema (${schemaTools}) allows one <${name}>; libvirt reads the entries of all of them`
        : `Only the first <${name}> is read: libvirt ignores this one, and the schema (${schemaTools}) allows one`,
      fixes: mergesChildren ? undefined : [{ title: `Remove this <${name}>`, edits: [removeElement(text, extra)], preferred: true }],
    });
  }
}

// ---------------------------------------------------------------------------
// Attribute checkers

export interface ListCheck {
  /** The selected numbers as ranges, when libvirt reads the list and it is not empty. */
  ranges: CpuRanges | undefined;
  /** The attribute is present. */
  present: boolean;
}

/**
 * Checks a CPU/node list attribute the way libvirt reads it, adding findings to
 * `out`: unparsable (`cpuset-invalid`), empty (`cpuset-empty`, with
 * `emptyMessage`), or readable but outside the schema (`cpuset-schema-syntax`).
 * With `parsed: false` libvirt never reads the value (e.g. a cpuset under
 * placement='auto'), so only the schema's pattern is checked.
 */
export function checkListAttribute(
  el: XmlElement,
  name: string,
  out: Finding[],
  options: { emptyMessage: (value: string) => string; parsed?: boolean },
): ListCheck {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  if (!attr || value === undefined) return { ranges: undefined, present: false };
  const range = valueRange(attr);
  const fix = listFix(value, range);
  if (options.parsed === false) {
    if (!isSchemaCpuset(value)) {
      out.push({
        code: 'cpuset-invalid',
        ...range,
        message: `'${value}' is not a CPU list the schema accepts (${schemaTools}); libvirt's parser ignores it here`,
        fixes: fix,
      });
    }
    return { ranges: undefined, present: true };
  }
  const ranges = parseBitmapRanges(value);
  if (!ranges) {
    out.push({ code: 'cpuset-invalid', ...range, message: `Failed to parse bitmap '${value}'`, fixes: fix });
    return { ranges: undefined, present: true };
  }
  if (ranges.length === 0) {
    out.push({ code: 'cpuset-empty', ...range, message: options.emptyMessage(value) });
    return { ranges: undefined, present: true };
  }
  if (!isSchemaCpuset(value)) {
    out.push({
      code: 'cpuset-schema-syntax',
      ...range,
      message: `libvirt reads '${value}' but the schema (${schemaTools}) refuses blanks, signs and empty items in CPU lists`,
      fixes: fix,
    });
  }
  return { ranges, present: true };
}

function listFix(value: string, range: { start: number; end: number }): Fix[] | undefined {
  const suggestion = suggestCpusetFix(value);
  return suggestion === undefined ? undefined : [{ title: `Change to '${suggestion}'`, edits: [{ ...range, newText: suggestion }], preferred: true }];
}

export type UIntCheck = { value: number; attr: XmlAttribute } | { value: undefined; attr: XmlAttribute | undefined };

/**
 * An unsigned attribute read with libvirt's virXMLPropUInt: missing when
 * `required` → "Missing required attribute …"; not an unsigned int →
 * "… Expected non-negative integer value"; 0 with `nonZero` → "Zero is not
 * permitted"; readable but not schema digits → `number-schema-syntax`.
 */
export function checkUIntAttribute(
  el: XmlElement,
  name: string,
  code: string,
  out: Finding[],
  options: { required?: boolean; nonZero?: boolean } = {},
): UIntCheck {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  if (!attr || value === undefined) {
    if (options.required) out.push({ code, ...nameRange(el), message: missingAttribute(name, el.name) });
    return { value: undefined, attr: undefined };
  }
  const n = parseUIntStrict(value);
  const range = valueRange(attr);
  if (n === undefined) {
    out.push({ code, ...range, message: `Invalid value for attribute '${name}' in element '${el.name}': '${value}'. Expected non-negative integer value` });
    return { value: undefined, attr };
  }
  if (options.nonZero && n === 0) {
    out.push({ code, ...range, message: `Invalid value for attribute '${name}' in element '${el.name}': Zero is not permitted` });
    return { value: undefined, attr };
  }
  if (!isSchemaUInt(value)) out.push(numberSchemaFinding(value, n, range));
  return { value: n, attr };
}

/** `number-schema-syntax` for a value libvirt reads as `n`. */
export function numberSchemaFinding(value: string, n: number | bigint, range: { start: number; end: number }): Finding {
  return {
    code: 'number-schema-syntax',
    ...range,
    message: `libvirt reads '${value}' as ${n}, but the schema (${schemaTools}) accepts only plain digits`,
    fixes: [{ title: `Change to '${n}'`, edits: [{ ...range, newText: String(n) }], preferred: true }],
  };
}

export function missingAttribute(name: string, element: string): string {
  return `Missing required attribute '${name}' in element '${element}'`;
}

/** libvirt's message for an enum attribute it cannot map (the trailing period is libvirt's). */
export function invalidEnumMessage(name: string, element: string, value: string): string {
  return `Invalid value for attribute '${name}' in element '${element}': '${value}'.`;
}

/**
 * The valid values of an enum attribute, from the schema table (`path` as
 * elementPath builds it), falling back to `fallback` while the table lacks it.
 */
export function enumValues(path: string, name: string, fallback: readonly string[]): string[] {
  const values = attributeSpec(path, name)?.values?.map((v) => v.value);
  return values && values.length > 0 ? values : [...fallback];
}

/** One quick-fix per valid value, replacing the attribute's value. */
export function enumFixes(attr: XmlAttribute, values: readonly string[]): Fix[] {
  const range = valueRange(attr);
  return values.map((v) => ({ title: `Change to '${v}'`, edits: [{ ...range, newText: v }] }));
}

/**
 * An enum attribute: when written with a value outside `values`, one finding
 * with `message(value)` and a fix per valid value. Returns the value when valid.
 */
export function checkEnumAttribute(
  el: XmlElement,
  name: string,
  values: readonly string[],
  code: string,
  out: Finding[],
  message: (value: string) => string = (v) => invalidEnumMessage(name, el.name, v),
): string | undefined {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  if (!attr || value === undefined) return undefined;
  if (values.includes(value)) return value;
  out.push({ code, ...valueRange(attr), message: message(value), fixes: enumFixes(attr, values) });
  return undefined;
}

/** A fix setting attribute `name` of `el`. */
export function setAttributeFix(title: string, el: XmlElement, name: string, value: string, preferred = false): Fix {
  return { title, edits: [setAttribute(el, name, value)], preferred };
}

/** A fix removing attribute `name` of `el` (which must be written). */
export function removeAttributeFix(text: string, el: XmlElement, name: string, preferred = false): Fix[] {
  const attr = getAttribute(el, name);
  return attr ? [{ title: `Remove ${name}='${attributeValue(el, name) ?? ''}'`, edits: [removeAttribute(text, attr)], preferred }] : [];
}
