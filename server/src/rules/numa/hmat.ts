// NUMA distances, memory-side caches and interconnects (the SLIT and HMAT
// data of <numa>): libvirt's parse and validation rules from numa_conf.c, and
// the HMAT rules QEMU itself enforces when the domain starts.

import { attributeValue, childrenNamed, firstChild, getAttribute, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import type { Fix } from '../types';
import { idsSound, unitFixes } from './cells';
import type { NumaCell, NumaView } from './model';
import { asCInt, isSchemaUnit, isSchemaUnsignedInt, readLine, readMemory, unitScale, type ScaledResult } from '../../domain/numbers';
import { attrRange, checkUIntAttribute, enumFixes, enumValues, extraElement, invalidEnum, invalidScaled, invalidUInt, missingAttribute, missingScaled, nameRange, removeElementFix, report, type Reporter, schemaTools, setAttribute, unknownSuffix } from '../kit';
import { parseInt64 } from '../../domain/numbers';

const LOCAL_DISTANCE = 10;
const UNREACHABLE = 255;

// --- distances ----------------------------------------------------------------

export function checkDistances(v: NumaView, r: Reporter): void {
  const n = v.cells.length;
  for (const cell of v.cells) {
    const all = childrenNamed(cell.el, 'distances');
    for (const extra of all.slice(1)) extraElement(r.text, extra, 'numa-schema-invalid', r.out, 'in a cell');
    const distances = all[0];
    if (!distances) continue;
    const siblings = childrenNamed(distances, 'sibling');
    if (siblings.length === 0) {
      report(r, 'numa-distances-empty', nameRange(distances), 'NUMA distances defined without siblings', [
        removeElementFix(r.text, distances, 'Remove the empty <distances>', true),
      ]);
      continue;
    }
    // Messages name the cell by its id; without a sound one libvirt stops before this.
    const c = cell.idUsable ? cell.id : undefined;
    const seen = new Map<number, { el: XmlElement; value: number | undefined }>();
    for (const sibling of siblings) {
      const sid = checkUIntAttribute(sibling, 'id', 'numa-attribute-invalid', r.out, { required: true, missingCode: 'numa-attribute-missing', schemaCode: 'numa-schema-invalid' }).value;
      const value = checkUIntAttribute(sibling, 'value', 'numa-attribute-invalid', r.out, { required: true, missingCode: 'numa-attribute-missing', schemaCode: 'numa-schema-invalid', schema: 'xsd' }).value;
      if (c === undefined || sid === undefined) continue;
      const idAttr = getAttribute(sibling, 'id')!;
      if (sid >= n) {
        report(
          r,
          'numa-distance-sibling-invalid',
          attrRange(idAttr),
          `'sibling_id ${asCInt(sid)}' does not refer to a valid cell within NUMA 'cell id ${c}' (cell ids go from 0 to ${n - 1})`,
          [siblings.length === 1 ? removeElementFix(r.text, distances, 'Remove <distances> (this is its only sibling)') : removeElementFix(r.text, sibling, 'Remove this sibling')],
        );
        continue;
      }
      if (value !== undefined) checkDistanceValue(r, sibling, c, sid, value);
      const earlier = seen.get(sid);
      if (earlier) {
        const back = distanceGiven(v, sid, c) ? '' : earlier.value !== value && earlier.value !== undefined ? `, while cell ${sid} gets the first value (${earlier.value}) as its distance back` : '';
        report(
          r,
          'numa-distance-duplicate',
          attrRange(idAttr),
          `Sibling ${sid} is listed twice under cell ${c}: libvirt keeps the last value${value === undefined ? '' : ` (${value})`} without a word${back}`,
          [removeElementFix(r.text, earlier.el, 'Remove the earlier sibling', true)],
        );
      }
      seen.set(sid, { el: sibling, value });
    }
  }
}

function checkDistanceValue(r: Reporter, sibling: XmlElement, c: number, sid: number, value: number): void {
  const local = sid === c;
  let why: string | undefined;
  let fix: string | undefined;
  if (value < LOCAL_DISTANCE || value > UNREACHABLE) why = `distances go from ${LOCAL_DISTANCE} to ${UNREACHABLE}`;
  else if (local && value !== LOCAL_DISTANCE) {
    why = `a cell's distance to itself is always ${LOCAL_DISTANCE}`;
    fix = String(LOCAL_DISTANCE);
  } else if (!local && value === LOCAL_DISTANCE) {
    why = `${LOCAL_DISTANCE} means local; another cell needs 11 to ${UNREACHABLE} (20 is usual)`;
    fix = '20';
  }
  if (!why) return;
  const attr = getAttribute(sibling, 'value')!;
  report(r, 'numa-distance-invalid', attrRange(attr), `'value ${asCInt(value)}' is invalid for 'sibling id ${sid}' under NUMA 'cell id ${c}' (${why})`, [
    fix === undefined ? undefined : { title: `Change value to ${fix}`, edits: [setAttribute(sibling, 'value', fix)], preferred: true },
  ]);
}

/** Whether the cell with id `from` gives its own distance to cell `to`. */
function distanceGiven(v: NumaView, from: number, to: number): boolean {
  const cell = v.cells.find((c) => c.idUsable && c.id === from);
  const distances = cell && firstChild(cell.el, 'distances');
  return (distances ? childrenNamed(distances, 'sibling') : []).some((s) => attributeValue(s, 'id') === String(to));
}

// --- memory-side caches -----------------------------------------------------------

interface CacheFacts {
  el: XmlElement;
  level: number;
  sizeKiB: bigint;
}

/** The caches of a cell that libvirt reads without error (level and size), in document order. */
function cachesOf(cell: NumaCell): CacheFacts[] {
  const out: CacheFacts[] = [];
  for (const el of childrenNamed(cell.el, 'cache')) {
    const levelText = attributeValue(el, 'level');
    const level = levelText === undefined ? undefined : parseInt64(levelText, false);
    const size = firstChild(el, 'size');
    const r = readMemory(size && attributeValue(size, 'value'), undefined);
    if (level === undefined || level === 0n || level > 3n || r.kind !== 'ok') continue;
    out.push({ el, level: Number(level), sizeKiB: r.kib });
  }
  return out;
}

export function checkCaches(v: NumaView, r: Reporter): void {
  for (const cell of v.cells) {
    const levels = new Set<number>();
    for (const cache of childrenNamed(cell.el, 'cache')) {
      const level = checkUIntAttribute(cache, 'level', 'numa-attribute-invalid', r.out, { required: true, missingCode: 'numa-attribute-missing', schemaCode: 'numa-schema-invalid' }).value;
      if (level !== undefined) {
        const attr = getAttribute(cache, 'level')!;
        if (level === 0) {
          report(r, 'numa-cache-level-invalid', attrRange(attr), "Invalid value for attribute 'level' in element 'cache': Zero is not permitted (levels go from 1 to 3)");
        } else if (level > 3) {
          report(r, 'numa-cache-level-invalid', attrRange(attr), "Ain't nobody heard of that much cache level (levels go from 1 to 3)");
        } else if (levels.has(level)) {
          report(r, 'numa-cache-level-duplicate', attrRange(attr), `Cache level '${level}' already defined in this cell`);
        }
        levels.add(level);
      }
      checkEnum(r, cache, 'associativity', enumValues('domain/cpu/numa/cell/cache', 'associativity', ['none', 'direct', 'full']));
      checkEnum(r, cache, 'policy', enumValues('domain/cpu/numa/cell/cache', 'policy', ['none', 'writeback', 'writethrough']));
      checkCacheSize(r, cache, 'size');
      checkCacheSize(r, cache, 'line');
    }
  }
}

/** A required enum attribute read with virXMLPropEnum. */
function checkEnum(r: Reporter, el: XmlElement, name: string, values: readonly string[]): string | undefined {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  if (!attr) {
    report(r, 'numa-attribute-missing', nameRange(el), missingAttribute(name, el.name));
    return undefined;
  }
  if (value === undefined) return undefined;
  if (values.includes(value)) return value;
  report(r, 'numa-attribute-invalid', attrRange(attr), invalidEnum(name, el.name, value), enumFixes(attr, values, value));
  return undefined;
}

/**
 * `<size>` (KiB) or `<line>` (bytes) of a cell cache. libvirt 11.3 looks for
 * the unit in a child element instead of the `unit` attribute, so the
 * attribute the schema requires never changes the value.
 */
function checkCacheSize(r: Reporter, cache: XmlElement, name: 'size' | 'line'): void {
  const el = firstChild(cache, name);
  const xpath = `./${name}/@value`;
  const attr = el && getAttribute(el, 'value');
  const text = el && attributeValue(el, 'value');
  const result: ScaledResult = name === 'size' ? readMemory(text, undefined) : readLine(text);
  if (result.kind === 'missing') {
    report(r, 'numa-attribute-missing', el ? (attr ? attrRange(attr) : nameRange(el)) : nameRange(cache), missingScaled(xpath));
    return;
  }
  if (result.kind === 'invalid') {
    report(r, 'numa-attribute-invalid', attrRange(attr!), invalidScaled(result.text, xpath));
    return;
  }
  if (result.kind !== 'ok') {
    report(r, 'numa-attribute-invalid', attrRange(attr!), result.kind === 'tooLarge' ? result.message : invalidScaled(text!, xpath));
    return;
  }
  const value = text!;
  if (!isSchemaUnsignedInt(value)) {
    const n = parseInt64(value, false)!;
    report(r, 'numa-schema-invalid', attrRange(attr!), `libvirt reads value='${value}' as ${n}, but the schema (${schemaTools}) accepts only plain digits up to 4294967295`, [
      n <= 4294967295n ? { title: `Change value to '${n}'`, edits: [setAttribute(el!, 'value', String(n))], preferred: true } : undefined,
    ]);
  }
  const read = name === 'size' ? 'KiB' : 'B';
  const unitAttr = getAttribute(el!, 'unit');
  const unit = attributeValue(el!, 'unit');
  if (!unitAttr || unit === undefined) {
    report(r, 'numa-schema-invalid', nameRange(el!), `The schema (${schemaTools}) requires a unit on <${name}>; libvirt reads the value as ${read === 'B' ? 'bytes' : 'KiB'}`, [
      { title: `Add unit='${read}'`, edits: [setAttribute(el!, 'unit', read)], preferred: true },
    ]);
    return;
  }
  if (!isSchemaUnit(unit)) {
    report(r, 'numa-schema-invalid', attrRange(unitAttr), `The schema (${schemaTools}) refuses unit '${unit}'; libvirt 11.3 ignores it anyway and reads the value as ${read === 'B' ? 'bytes' : 'KiB'}`, [
      { title: `Change unit to '${read}'`, edits: [setAttribute(el!, 'unit', read)], preferred: true },
    ]);
    return;
  }
  const scale = unitScale(unit)!;
  const meant = name === 'size' ? 1024n : 1n;
  if (scale === meant) return;
  const number = parseInt64(value, false)!;
  const bytes = number * scale;
  const converted = bytes % meant === 0n ? bytes / meant : undefined;
  report(
    r,
    'numa-cache-unit-ignored',
    attrRange(unitAttr),
    `libvirt 11.3 ignores the unit here and reads <${name} value='${value}'> as ${number} ${read === 'B' ? 'bytes' : 'KiB'}, not ${value} ${unit}`,
    [
      converted !== undefined && converted <= 4294967295n
        ? { title: `Write it as ${converted} ${read}`, edits: [setAttribute(el!, 'value', String(converted)), setAttribute(el!, 'unit', read)], preferred: true }
        : undefined,
    ],
  );
}

// --- interconnects ----------------------------------------------------------------

interface Link {
  el: XmlElement;
  kind: 'latency' | 'bandwidth';
  initiator: number;
  target: number;
  cache: number;
  type: string;
  /** Latency as written, or bandwidth in KiB. */
  value: bigint;
}

export function checkInterconnects(v: NumaView, r: Reporter): void {
  const all = childrenNamed(v.numa, 'interconnects');
  for (const extra of all.slice(1)) extraElement(r.text, extra, 'numa-schema-invalid', r.out, 'in <numa>');
  const links: Link[] = [];
  let complete = true;
  for (const el of all[0]?.children ?? []) {
    if (el.name !== 'latency' && el.name !== 'bandwidth') {
      report(r, 'numa-schema-invalid', nameRange(el), `libvirt ignores <${el.name}> in <interconnects>, and the schema (${schemaTools}) refuses it`, [
        removeElementFix(r.text, el, `Remove <${el.name}>`, true),
      ]);
      continue;
    }
    const value = el.name === 'latency' ? readLatency(r, el) : readBandwidth(r, el);
    const initiator = checkUIntAttribute(el, 'initiator', 'numa-attribute-invalid', r.out, { required: true, missingCode: 'numa-attribute-missing', schemaCode: 'numa-schema-invalid' }).value;
    const target = checkUIntAttribute(el, 'target', 'numa-attribute-invalid', r.out, { required: true, missingCode: 'numa-attribute-missing', schemaCode: 'numa-schema-invalid' }).value;
    const cache = getAttribute(el, 'cache') ? checkUIntAttribute(el, 'cache', 'numa-attribute-invalid', r.out, { required: false, missingCode: 'numa-attribute-missing', schemaCode: 'numa-schema-invalid' }).value : 0;
    const type = checkEnum(r, el, 'type', enumValues(`domain/cpu/numa/interconnects/${el.name}`, 'type', ['access', 'read', 'write']));
    if (value === undefined || initiator === undefined || target === undefined || cache === undefined || type === undefined) {
      complete = false;
      continue;
    }
    links.push({ el, kind: el.name, initiator, target, cache, type, value });
  }
  if (!complete) return;
  if (validateLinks(v, r, links) && v.qemu) checkQemuHmat(v, r, links);
}

function readLatency(r: Reporter, el: XmlElement): bigint | undefined {
  const attr = getAttribute(el, 'value');
  const text = attributeValue(el, 'value');
  if (!attr) {
    report(r, 'numa-attribute-missing', nameRange(el), missingAttribute('value', el.name));
    return undefined;
  }
  if (text === undefined) return undefined;
  const n = parseInt64(text, false);
  if (n === undefined) {
    report(r, 'numa-attribute-invalid', attrRange(attr), invalidUInt('value', el.name, text));
    return undefined;
  }
  schemaValue(r, el, attr, text, n);
  return n;
}

function readBandwidth(r: Reporter, el: XmlElement): bigint | undefined {
  const attr = getAttribute(el, 'value');
  const text = attributeValue(el, 'value');
  const unitAttr = getAttribute(el, 'unit');
  const unit = attributeValue(el, 'unit');
  const result = readMemory(text, unit);
  switch (result.kind) {
    case 'missing':
      report(r, 'numa-attribute-missing', attr ? attrRange(attr) : nameRange(el), missingScaled('./@value'));
      return undefined;
    case 'invalid':
      report(r, 'numa-attribute-invalid', attrRange(attr!), invalidScaled(result.text, './@value'));
      return undefined;
    case 'badUnit':
      report(r, 'numa-unit-invalid', attrRange(unitAttr!), unknownSuffix(result.unit), unitFixes(el, unitAttr!, result.unit));
      return undefined;
    case 'tooLarge':
      report(r, 'numa-attribute-invalid', attrRange(attr!), result.message);
      return undefined;
  }
  schemaValue(r, el, attr!, text!, parseInt64(text!, false)!);
  if (!unitAttr || unit === '') {
    report(r, 'numa-schema-invalid', unitAttr ? attrRange(unitAttr) : nameRange(el), `The schema (${schemaTools}) requires a unit on <bandwidth>; libvirt reads the value as KiB`, [
      { title: "Set unit='KiB'", edits: [setAttribute(el, 'unit', 'KiB')], preferred: true },
    ]);
  }
  return result.kib;
}

/** Interconnect values are `unsignedInt` in the schema, though libvirt reads 64 bits. */
function schemaValue(r: Reporter, el: XmlElement, attr: XmlAttribute, text: string, n: bigint): void {
  if (isSchemaUnsignedInt(text)) return;
  report(r, 'numa-schema-invalid', attrRange(attr), `libvirt reads value='${text}' as ${n}, but the schema (${schemaTools}) accepts only plain digits up to 4294967295`, [
    n <= 4294967295n ? { title: `Change value to '${n}'`, edits: [setAttribute(el, 'value', String(n))], preferred: true } : undefined,
  ]);
}

/** Whether the cell with id `id` has vCPUs once the QEMU driver has filled cell 0; undefined when unknown. */
function hasCpus(v: NumaView, id: number): boolean | undefined {
  if (!idsSound(v) || !v.cpusComplete || v.cells.some((c) => c.cpusInvalid)) return undefined;
  const cell = v.cells.find((c) => c.id === id)!;
  if (cell.cpus) return true;
  if (id !== 0 || !v.qemu || v.maxVcpus === undefined) return false;
  let listed = 0;
  for (const c of v.cells) listed += c.cpus?.length ?? 0;
  return listed < v.maxVcpus;
}

/** virDomainNumaDefValidate's interconnect loop. Returns whether every link passed. */
function validateLinks(v: NumaView, r: Reporter, links: Link[]): boolean {
  const n = v.cells.length;
  const sound = idsSound(v);
  let ok = true;
  links.forEach((l, i) => {
    const fail = (code: Parameters<typeof report>[1], attr: string | undefined, message: string, fixes?: Array<Fix | undefined>) => {
      const a = attr ? getAttribute(l.el, attr) : undefined;
      report(r, code, a ? attrRange(a) : nameRange(l.el), message, fixes);
      ok = false;
    };
    if (l.initiator >= n) return fail('numa-interconnect-node-invalid', 'initiator', `'initiator' refers to a non-existent NUMA node (cell ids go from 0 to ${n - 1})`);
    if (l.target >= n) return fail('numa-interconnect-node-invalid', 'target', `'target' refers to a non-existent NUMA node (cell ids go from 0 to ${n - 1})`);
    if (hasCpus(v, l.initiator) === false) {
      return fail('numa-interconnect-initiator-no-cpus', 'initiator', `NUMA nodes without CPUs can't be initiator (cell ${l.initiator} has no vCPUs)`);
    }
    if (l.cache > 0 && sound) {
      const target = v.cells.find((c) => c.id === l.target)!;
      if (!cachesOf(target).some((c) => c.level === l.cache)) {
        return fail('numa-interconnect-cache-invalid', 'cache', `'cache' refers to a non-existent NUMA node cache (cell ${l.target} has no level ${l.cache} cache)`);
      }
    }
    for (let j = 0; j < i; j++) {
      const ll = links[j];
      if (l.kind === ll.kind && l.initiator === ll.initiator && l.target === ll.target && l.cache === ll.cache && l.type === ll.type) {
        return fail('numa-interconnect-duplicate', undefined, 'Duplicate info for NUMA latencies', [removeElementFix(r.text, l.el, `Remove this <${l.kind}>`, true)]);
      }
      if (l.initiator !== l.target && l.initiator === ll.target && l.target === ll.initiator) {
        return fail(
          'numa-interconnect-duplicate',
          undefined,
          `Link already defined (an earlier <${ll.kind}> covers cells ${ll.initiator} and ${ll.target}; libvirt takes one entry per pair of cells)`,
          [removeElementFix(r.text, l.el, `Remove this <${l.kind}>`)],
        );
      }
    }
  });
  return ok;
}

/**
 * What QEMU refuses when libvirt passes the HMAT data on (checked with QEMU
 * 10.0): bandwidths that are not whole MiB, and cell caches without latency
 * and bandwidth to that cell, with a level gap, or not growing with the level.
 */
function checkQemuHmat(v: NumaView, r: Reporter, links: Link[]): void {
  for (const l of links) {
    if (l.kind !== 'bandwidth' || l.value % 1024n === 0n) continue;
    const attr = getAttribute(l.el, 'value')!;
    const mib = (l.value + 1023n) / 1024n;
    report(
      r,
      'numa-qemu-refuses',
      attrRange(attr),
      `QEMU refuses to start: Bandwidth ${l.value * 1024n} between initiator=${l.initiator} and target=${l.target} should be 1MB aligned`,
      [{ title: `Round up to ${mib} MiB`, edits: [setAttribute(l.el, 'value', String(mib)), setAttribute(l.el, 'unit', 'MiB')] }],
    );
  }
  if (!idsSound(v)) return;
  const cells = [...v.cells].sort((a, b) => a.id! - b.id!);
  for (const cell of cells) {
    const caches = cachesOf(cell);
    if (caches.length === 0) continue;
    const id = cell.id!;
    const latency = links.some((l) => l.kind === 'latency' && l.target === id && l.value !== 0n);
    const bandwidth = links.some((l) => l.kind === 'bandwidth' && l.target === id && l.value !== 0n);
    if (!latency || !bandwidth) {
      report(
        r,
        'numa-qemu-refuses',
        nameRange(caches[0].el),
        `QEMU refuses to start: The latency and bandwidth information of node-id=${id} should be provided before memory side cache attributes (add a <latency> and a <bandwidth> with target='${id}' to <interconnects>)`,
      );
      continue;
    }
    const defined = new Map<number, bigint>();
    for (const c of caches) {
      const bytes = c.sizeKiB * 1024n;
      const below = defined.get(c.level - 1);
      const above = defined.get(c.level + 1);
      let problem: string | undefined;
      if (c.level > 1 && below === undefined) problem = `Cache level=${c.level - 1} shall be defined first`;
      else if (c.level > 1 && bytes <= below!) {
        problem = `Invalid size=${bytes}, the size of level=${c.level} should be larger than the size(${below}) of level=${c.level - 1}`;
      } else if (c.level < 3 && above !== undefined && bytes >= above) {
        problem = `Invalid size=${bytes}, the size of level=${c.level} should be less than the size(${above}) of level=${c.level + 1}`;
      }
      if (problem) {
        report(r, 'numa-qemu-refuses', nameRange(c.el), `QEMU refuses to start: ${problem}`);
        break;
      }
      defined.set(c.level, bytes);
    }
  }
}
