// NUMA cells: ids, vCPU lists against each other and against <vcpu>, memory
// sizes and the cell's own attributes, and how the cells' memory relates to
// <memory>. Follows numa_conf.c's cell loop, the vCPU checks after it
// (domain_conf.c), and the QEMU driver's post-parse fill-in of cell 0.

import { attributeValue, childrenNamed, firstChild, getAttribute, textRange, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import { parseUIntStrict } from '../../domain/numbers';
import { formatCpuset, isSchemaCpuset, suggestCpusetFix } from '../../domain/cpuset';
import type { Fix, TextEdit } from '../types';
import type { NumaCell, NumaView } from './model';
import { domainMemoryKiB, elementSizeKiB, isSchemaUInt, isSchemaUnit, isSchemaXsdUnsigned, ULLONG_MAX, unitScale } from '../../domain/numbers';
import { attrRange, enumFixes, fix, enumValues, extraElement, invalidEnum, invalidScaled, invalidUInt, missingScaled, nameRange, numberSchemaFinding, removeAttribute, removeAttributeFix, report, type Reporter, schemaTools, setAttribute, setAttributeFix, setElementText, unknownSuffix, valueRange } from '../kit';
import { ownMemo } from '../../util/memo';

const cellPath = 'domain/cpu/numa/cell';
/** QEMU's limit on guest NUMA nodes (MAX_NODES). */
const QEMU_MAX_NODES = 128;
/** Beyond this many vCPUs the per-vCPU checks (fill-in, split cores) are skipped: libvirt's lists stop at 16384. */
const VCPU_SCAN_LIMIT = 16384;

export function checkCells(v: NumaView, r: Reporter): void {
  for (const extra of childrenNamed(v.cpu, 'numa').slice(1)) extraElement(r.text, extra, 'numa-schema-invalid', r.out, 'in <cpu>');
  if (v.cells.length === 0) {
    report(r, 'numa-no-cells', nameRange(v.numa), 'NUMA topology defined without NUMA cells', [addCellFix(v)]);
    return;
  }
  checkIds(v, r);
  checkCpuLists(v, r);
  for (const cell of v.cells) checkCellAttributes(v, r, cell);
  if (v.qemu && v.cells.length > QEMU_MAX_NODES) {
    report(
      r,
      'numa-qemu-refuses',
      nameRange(v.cells[QEMU_MAX_NODES].el),
      `QEMU refuses to start: Max number of NUMA nodes reached: ${QEMU_MAX_NODES} (this is cell ${QEMU_MAX_NODES + 1} of ${v.cells.length})`,
    );
  }
  checkCellOrder(v, r);
}

// --- ids --------------------------------------------------------------------

function checkIds(v: NumaView, r: Reporter): void {
  const n = v.cells.length;
  const owner = new Map<number, NumaCell>();
  for (const cell of v.cells) {
    const attr = cell.idAttr;
    const text = attributeValue(cell.el, 'id');
    if (attr && text !== undefined) {
      if (cell.id === undefined) {
        report(r, 'numa-cell-id-invalid', attrRange(attr), invalidUInt('id', 'cell', text), [renumberFix(v)]);
        continue;
      }
      if (!isSchemaUInt(text)) r.out.push(numberSchemaFinding(text, cell.id, valueRange(attr), 'numa-schema-invalid', attr.name));
    }
    if (cell.id === undefined) continue;
    const where = attr ? attrRange(attr) : nameRange(cell.el);
    if (cell.id >= n) {
      report(
        r,
        'numa-cell-id-invalid',
        where,
        `Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous ranges or ranges not starting from 0 are not allowed (id ${cell.id} with ${n} cell${n === 1 ? '' : 's'}: ids go from 0 to ${n - 1})`,
        [renumberFix(v)],
      );
      continue;
    }
    const earlier = owner.get(cell.id);
    if (earlier) {
      if (earlier.memoryKiB === 0n) {
        // libvirt spots a repeated id only when the earlier cell has memory.
        report(
          r,
          'numa-cell-id-reused',
          where,
          `Cell id ${cell.id} is used twice: the earlier cell has memory 0, so libvirt misses the duplicate, merges this cell over it, and leaves an empty cell in its place`,
          [renumberFix(v)],
        );
        earlier.idUsable = false;
        owner.set(cell.id, cell);
        cell.idUsable = true;
      } else {
        report(r, 'numa-cell-id-duplicate', where, `Duplicate NUMA cell info for cell id '${cell.id}'`, [renumberFix(v)]);
      }
      continue;
    }
    owner.set(cell.id, cell);
    cell.idUsable = true;
  }
}

const soundIds = ownMemo<NumaView, boolean>('numaIdsSound');

/** Whether every cell has its own valid id: what the checks naming cells by id need. Valid once the ids are checked. */
export function idsSound(v: NumaView): boolean {
  let sound = soundIds.get(v);
  if (sound === undefined) {
    sound = v.cells.every((c) => c.idUsable) && new Set(v.cells.map((c) => c.id)).size === v.cells.length;
    soundIds.set(v, sound);
  }
  return sound;
}

const renumbering = ownMemo<NumaView, Fix>('numaRenumbering');

/**
 * Gives the cells ids 0, 1, … in document order, and moves every reference
 * (distance siblings, interconnects, numatune memnodes) that named a cell by
 * its old id along with it. Built once per document and shared by its findings.
 */
function renumberFix(v: NumaView): Fix {
  let fix = renumbering.get(v);
  if (!fix) renumbering.set(v, (fix = buildRenumberFix(v)));
  return fix;
}

function buildRenumberFix(v: NumaView): Fix {
  const moved = new Map<number, number>();
  const edits: TextEdit[] = [];
  v.cells.forEach((cell, index) => {
    if (cell.id !== undefined && !moved.has(cell.id)) moved.set(cell.id, index);
    if (cell.idAttr && attributeValue(cell.el, 'id') !== String(index)) edits.push(setAttribute(cell.el, 'id', String(index)));
  });
  const follow = (el: XmlElement, name: string) => {
    const text = attributeValue(el, name);
    const old = text === undefined ? undefined : parseUIntStrict(text);
    const now = old === undefined ? undefined : moved.get(old);
    if (now !== undefined && now !== old) edits.push(setAttribute(el, name, String(now)));
  };
  for (const cell of v.cells) {
    const distances = firstChild(cell.el, 'distances');
    for (const sibling of distances ? childrenNamed(distances, 'sibling') : []) follow(sibling, 'id');
  }
  const interconnects = firstChild(v.numa, 'interconnects');
  for (const link of interconnects?.children ?? []) {
    if (link.name !== 'latency' && link.name !== 'bandwidth') continue;
    follow(link, 'initiator');
    follow(link, 'target');
  }
  const numatune = firstChild(v.domain, 'numatune');
  for (const memnode of numatune ? childrenNamed(numatune, 'memnode') : []) follow(memnode, 'cellid');
  return { title: `Renumber the cells 0-${v.cells.length - 1} in document order`, edits, preferred: true };
}

function checkCellOrder(v: NumaView, r: Reporter): void {
  if (!idsSound(v)) return;
  const sorted = [...v.cells].sort((a, b) => a.id! - b.id!);
  const first = v.cells.findIndex((c, i) => c !== sorted[i]);
  if (first < 0) return;
  const cell = v.cells[first];
  const edits: TextEdit[] = [];
  v.cells.forEach((c, i) => {
    if (c !== sorted[i]) edits.push({ start: c.el.start, end: c.el.end, newText: v.text.slice(sorted[i].el.start, sorted[i].el.end) });
  });
  report(
    r,
    'numa-cell-order',
    cell.idAttr ? attrRange(cell.idAttr) : nameRange(cell.el),
    `Cell ${cell.id} comes before cell ${sorted[first].id}: libvirt keeps the cells in id order and writes them back sorted`,
    [{ title: 'Sort the cells by id', edits, preferred: true }],
  );
}

// --- vCPU lists ---------------------------------------------------------------

/** The lists one by one, then across cells once every list could be read. */
function checkCpuLists(v: NumaView, r: Reporter): void {
  let allRead = v.cpusComplete;
  for (const cell of v.cells) {
    const attr = cell.cpusAttr;
    const text = attributeValue(cell.el, 'cpus');
    if (!attr || text === undefined) continue;
    if (cell.cpusInvalid) {
      allRead = false;
      const suggestion = suggestCpusetFix(text);
      report(r, 'numa-cpus-invalid', attrRange(attr), `Failed to parse bitmap '${text}'`, [
        suggestion ? setAttributeFix(`Change cpus to '${suggestion}'`, cell.el, 'cpus', suggestion, true) : undefined,
        text.trim() === '' ? removeAttributeFix(r.text, attr, 'Remove the empty cpus (a cell without vCPUs)', suggestion === undefined) : undefined,
      ]);
      continue;
    }
    if (!isSchemaCpuset(text)) {
      const canonical = suggestCpusetFix(text);
      const reads = cell.cpus ? `as ${formatCpuset(cell.cpus)}` : 'as no vCPUs';
      report(r, 'numa-schema-invalid', attrRange(attr), `libvirt reads cpus='${text}' ${reads}, but the schema (${schemaTools}) refuses blanks, signs and empty items`, [
        canonical
          ? setAttributeFix(`Change cpus to '${canonical}'`, cell.el, 'cpus', canonical, true)
          : cell.cpus === undefined
            ? removeAttributeFix(r.text, attr, 'Remove cpus (it selects nothing)', true)
            : undefined,
      ]);
    }
  }
  // Overlaps show up among the lists read even when some are not: more than
  // 16384 listed vCPUs always contain a repeat.
  const overlapping = checkOverlaps(v, r);
  if (!allRead) return;
  const exceeded = checkAgainstVcpu(v, r);
  if (!overlapping && !exceeded && idsSound(v)) {
    checkUnassigned(v, r);
    checkSplitCores(v, r);
  }
}

/**
 * libvirt compares each cell with the cells read before it and names the
 * lowest-numbered one that overlaps. One pass: each vCPU remembers the lowest
 * cell id that listed it so far.
 */
function checkOverlaps(v: NumaView, r: Reporter): boolean {
  const lowestOwner: Array<number | undefined> = [];
  let found = false;
  for (const cell of v.cells) {
    if (cell.id === undefined || !cell.cpus) continue;
    const id = cell.id;
    let lowest: number | undefined;
    const shared: number[] = [];
    for (const c of cell.cpus) {
      const owner = lowestOwner[c];
      if (owner !== undefined && owner !== id) {
        shared.push(c);
        if (lowest === undefined || owner < lowest) lowest = owner;
      }
    }
    for (const c of cell.cpus) {
      const owner = lowestOwner[c];
      if (owner === undefined || id < owner) lowestOwner[c] = id;
    }
    if (lowest === undefined) continue;
    found = true;
    const taken = new Set(shared);
    const list = formatCpuset(shared);
    report(
      r,
      'numa-cpus-overlap',
      attrRange(cell.cpusAttr!),
      `NUMA cells ${id} and ${lowest} have overlapping vCPU ids (vCPU ${list} ${shared.length === 1 ? 'is' : 'are'} already in an earlier cell)`,
      [cpusFix(r, cell, cell.cpus.filter((c) => !taken.has(c)), `Remove vCPU ${list} from this cell`, true)],
    );
  }
  return found;
}

/** Sets a cell's vCPU list, or removes `cpus` when the list becomes empty. */
function cpusFix(r: Reporter, cell: NumaCell, cpus: number[], title: string, preferred: boolean): Fix {
  const edit = cpus.length > 0 ? setAttribute(cell.el, 'cpus', formatCpuset(cpus)) : removeAttribute(r.text, cell.cpusAttr!);
  return { title, edits: [edit], ...(preferred ? { preferred } : {}) };
}

/** The union of the cells' vCPUs (what libvirt counts once cells are known not to overlap). */
function allCpus(v: NumaView): Set<number> {
  const all = new Set<number>();
  for (const cell of v.cells) for (const c of cell.cpus ?? []) all.add(c);
  return all;
}

function checkAgainstVcpu(v: NumaView, r: Reporter): boolean {
  const max = v.maxVcpus;
  // <vcpu> that does not parse, or is 0, is reported by the vCPU rules (libvirt stops there first).
  if (max === undefined || max === 0) return false;
  const all = allCpus(v);
  let highest = -1;
  for (const c of all) if (c > highest) highest = c;
  if (highest < max) return false;
  const tooMany = all.size > max;
  const message = tooMany ? 'Number of CPUs in <numa> exceeds the <vcpu> count' : 'CPU IDs in <numa> exceed the <vcpu> count';
  const needed = Math.max(highest + 1, all.size);
  for (const cell of v.cells) {
    if (!cell.cpus) continue;
    const over = cell.cpus.filter((c) => c >= max);
    if (over.length === 0) continue;
    const detail = tooMany
      ? `the cells list ${all.size} vCPUs and <vcpu> is ${max}`
      : `vCPU ${formatCpuset(over)} in cell ${cell.id ?? cell.index}, but vCPUs go from 0 to ${max - 1}`;
    report(r, 'numa-cpus-exceed-vcpu', attrRange(cell.cpusAttr!), `${message} (${detail})`, [
      cpusFix(r, cell, cell.cpus.filter((c) => c < max), `Remove vCPU ${formatCpuset(over)} from this cell`, false),
      raiseVcpuFix(v, needed),
    ]);
  }
  return true;
}

/** "Raise <vcpu> to n", offered only where it cannot break a <topology> or a `current` count. */
function raiseVcpuFix(v: NumaView, n: number): Fix | undefined {
  if (!v.vcpu || n > VCPU_SCAN_LIMIT || firstChild(v.cpu, 'topology')) return undefined;
  return { title: `Raise <vcpu> to ${n}`, edits: [setElementText(v.text, v.vcpu, String(n))] };
}

/** The QEMU driver gives vCPUs no cell lists to cell 0 (qemuDomainDefNumaCPUsRectify). */
function checkUnassigned(v: NumaView, r: Reporter): void {
  const max = v.maxVcpus;
  if (!v.qemu || max === undefined || max === 0 || max > VCPU_SCAN_LIMIT) return;
  const all = allCpus(v);
  if (all.size >= max) return;
  const missing: number[] = [];
  for (let c = 0; c < max; c++) if (!all.has(c)) missing.push(c);
  const cell0 = v.cells.find((c) => c.id === 0);
  if (!cell0) return;
  const result = formatCpuset([...(cell0.cpus ?? []), ...missing]);
  const list = formatCpuset(missing);
  report(
    r,
    'numa-cpus-unassigned',
    cell0.cpusAttr ? attrRange(cell0.cpusAttr) : nameRange(cell0.el),
    `vCPU ${list} ${missing.length === 1 ? 'is' : 'are'} in no NUMA cell: libvirt adds ${missing.length === 1 ? 'it' : 'them'} to cell 0, which then holds vCPU ${result}`,
    [setAttributeFix(`Put vCPU ${list} in cell 0 (cpus='${result}')`, cell0.el, 'cpus', result, true)],
  );
}

/** Threads of one core in different cells (after the fill-in): legal, but guest kernels complain. */
function checkSplitCores(v: NumaView, r: Reporter): void {
  const max = v.maxVcpus;
  const topology = firstChild(v.cpu, 'topology');
  if (!topology || max === undefined || max === 0 || max > VCPU_SCAN_LIMIT) return;
  const threads = parseUIntStrict(attributeValue(topology, 'threads') ?? '');
  if (threads === undefined || threads < 2 || max % threads !== 0) return;
  const cellOf = new Int32Array(max).fill(-1);
  for (const cell of v.cells) for (const c of cell.cpus ?? []) cellOf[c] = cell.index;
  const cell0 = v.cells.find((c) => c.id === 0);
  if (v.qemu && cell0) for (let c = 0; c < max; c++) if (cellOf[c] < 0) cellOf[c] = cell0.index;
  const reported = new Set<number>();
  for (let core = 0; core < max; core += threads) {
    for (let t = core + 1; t < core + threads; t++) {
      const a = cellOf[core];
      const b = cellOf[t];
      if (a < 0 || b < 0 || a === b || reported.has(b)) continue;
      reported.add(b);
      const cell = v.cells[b];
      report(
        r,
        'numa-cpus-split-core',
        cell.cpusAttr ? attrRange(cell.cpusAttr) : nameRange(cell.el),
        `vCPUs ${core} and ${t} are threads of one core (threads='${threads}') but sit in cells ${v.cells[a].id} and ${cell.id}: QEMU accepts this, but guest kernels warn that the CPU topology is broken`,
      );
    }
  }
}

// --- memory and the other cell attributes -----------------------------------------

function checkCellAttributes(v: NumaView, r: Reporter, cell: NumaCell): void {
  const el = cell.el;
  checkCellMemory(v, r, cell);
  const access = getAttribute(el, 'memAccess');
  const accessText = attributeValue(el, 'memAccess');
  const accessValues = enumValues(cellPath, 'memAccess', ['shared', 'private']);
  if (access && accessText !== undefined && !accessValues.includes(accessText)) {
    report(r, 'numa-attribute-invalid', attrRange(access), invalidEnum('memAccess', 'cell', accessText), enumFixes(access, accessValues, accessText));
  }
  const discard = getAttribute(el, 'discard');
  const discardText = attributeValue(el, 'discard');
  const discardValues = enumValues(cellPath, 'discard', ['yes', 'no']);
  if (discard && discardText !== undefined && !discardValues.includes(discardText)) {
    report(
      r,
      'numa-attribute-invalid',
      attrRange(discard),
      invalidEnum('discard', 'cell', discardText),
      enumFixes(discard, discardValues, discardText, { aliases: { on: 'yes', true: 'yes', '1': 'yes', off: 'no', false: 'no', '0': 'no' } }),
    );
  }
}

function checkCellMemory(v: NumaView, r: Reporter, cell: NumaCell): void {
  const el = cell.el;
  const attr = getAttribute(el, 'memory');
  const text = attributeValue(el, 'memory');
  const unitAttr = getAttribute(el, 'unit');
  const unit = attributeValue(el, 'unit');
  const result = cell.memory;
  switch (result.kind) {
    case 'missing':
      report(r, 'numa-memory-missing', attr ? attrRange(attr) : nameRange(el), missingScaled('./@memory'));
      return;
    case 'invalid': {
      const digits = result.text.trim();
      const fix = /^[0-9]+$/.test(digits) ? setAttributeFix(`Change memory to '${digits}'`, el, 'memory', digits, true) : undefined;
      report(r, 'numa-memory-invalid', attrRange(attr!), invalidScaled(result.text, './@memory'), [fix]);
      return;
    }
    case 'badUnit':
      report(r, 'numa-unit-invalid', attrRange(unitAttr!), unknownSuffix(result.unit), unitFixes(el, unitAttr!, result.unit));
      return;
    case 'tooLarge':
      report(r, 'numa-memory-invalid', attrRange(attr!), result.message);
      return;
  }
  if (text !== undefined && attr && !isSchemaXsdUnsigned(text, ULLONG_MAX)) {
    const digits = text.trim().replace(/^\+/, '');
    report(r, 'numa-schema-invalid', attrRange(attr), `libvirt reads memory='${text}' as ${digits}, but the schema (${schemaTools}) accepts only digits`, [
      setAttributeFix(`Change memory to '${digits}'`, el, 'memory', digits, true),
    ]);
  }
  if (unitAttr && unit === '') {
    report(r, 'numa-schema-invalid', attrRange(unitAttr), `libvirt reads an empty unit as KiB, but the schema (${schemaTools}) refuses it`, [
      removeAttributeFix(r.text, unitAttr, 'Remove the empty unit (KiB)', true),
    ]);
  }
  if (result.kib === 0n && v.qemu) {
    report(
      r,
      'numa-qemu-refuses',
      attrRange(attr!),
      "QEMU refuses to start a cell without memory on machine types that give cells memory backends (all current ones): property 'size' of memory-backend-ram doesn't take value '0'",
    );
  }
}

/** Fixes for a unit libvirt does not know: the trimmed spelling, or the binary unit of its first letter. */
export function unitFixes(el: XmlElement, attr: XmlAttribute, unit: string): Fix[] {
  const out: Fix[] = [];
  const trimmed = unit.trim();
  if (trimmed !== unit && trimmed !== '' && unitScale(trimmed) !== undefined && isSchemaUnit(trimmed)) {
    out.push(setAttributeFix(`Change unit to '${trimmed}'`, el, attr.name, trimmed, true));
  } else {
    const letter = trimmed.charAt(0).toUpperCase();
    if ('KMGTPE'.includes(letter) && letter !== '') out.push(setAttributeFix(`Change unit to '${letter}iB'`, el, attr.name, `${letter}iB`, true));
  }
  for (const u of ['KiB', 'MiB', 'GiB']) if (!out.some((f) => f.title.endsWith(`'${u}'`))) out.push(setAttributeFix(`Change unit to '${u}'`, el, attr.name, u));
  return out;
}

// --- cells and <memory> -----------------------------------------------------

/**
 * The cells' memory against the domain's: libvirt (at define) replaces
 * <memory> with the cells' total when that is not 0, and refuses a domain
 * where both are 0.
 */
export function checkDomainMemory(v: NumaView, r: Reporter): void {
  if (v.cells.some((c) => c.memoryKiB === undefined) || !idsSound(v)) return;
  const total = v.cells.reduce((sum, c) => sum + c.memoryKiB!, 0n);
  const devices = firstChild(v.domain, 'devices');
  // Memory modules (DIMMs and the like) change both sums; leave those domains alone.
  if (devices && childrenNamed(devices, 'memory').length > 0) return;
  const memory = domainMemoryKiB(v.domain);
  if (total === 0n) {
    if (!firstChild(v.domain, 'memory') || memory?.kib === 0n) {
      report(r, 'numa-memory-unspecified', nameRange(v.numa), 'Memory size must be specified via <memory> or in the <numa> configuration');
    }
    return;
  }
  if (!memory || memory.kib === total) return;
  const [value, unit] = niceSize(total);
  const edits: TextEdit[] = [setElementText(v.text, memory.el, value), setAttribute(memory.el, 'unit', unit)];
  const current = firstChild(v.domain, 'currentMemory');
  const currentKiB = current ? elementSizeKiB(current) : undefined;
  const lowered = current !== undefined && currentKiB !== undefined && currentKiB > total;
  if (lowered) {
    edits.push(setElementText(v.text, current, value), setAttribute(current, 'unit', unit));
  }
  report(
    r,
    'numa-memory-replaced',
    textRange(memory.el),
    `libvirt replaces <memory> (${memory.kib} KiB) with the total of the NUMA cells (${total} KiB)${lowered ? ', and lowers <currentMemory> to match' : ''}`,
    [fix(`Set <memory> to the cells' total (${value} ${unit})`, edits, true)],
  );
}

/** A KiB figure in the largest binary unit that keeps it whole. */
function niceSize(kib: bigint): [string, string] {
  if (kib % 1048576n === 0n) return [String(kib / 1048576n), 'GiB'];
  if (kib % 1024n === 0n) return [String(kib / 1024n), 'MiB'];
  return [String(kib), 'KiB'];
}

/** "Add one cell" for a <numa> without cells: every vCPU and the domain's memory, when both are known. */
function addCellFix(v: NumaView): Fix | undefined {
  const max = v.maxVcpus;
  const memory = domainMemoryKiB(v.domain);
  if (max === undefined || max === 0 || max > VCPU_SCAN_LIMIT || !memory || memory.kib === 0n) return undefined;
  const cpus = max === 1 ? '0' : `0-${max - 1}`;
  const cell = `<cell id='0' cpus='${cpus}' memory='${memory.kib}' unit='KiB'/>`;
  const edit: TextEdit = v.numa.selfClosing
    ? { start: v.numa.start, end: v.numa.end, newText: `<numa>${cell}</numa>` }
    : { start: v.numa.startTagEnd, end: v.numa.startTagEnd, newText: cell };
  return { title: 'Add one cell with every vCPU and the domain memory', edits: [edit], preferred: true };
}
