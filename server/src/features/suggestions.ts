// Values worth proposing for the non-enumerated CPU-area attributes and texts:
// topology factors of the vCPU count, vCPU and host CPU lists for pins and
// NUMA cells, ids, units, vendor strings. Computed from the elements near the
// cursor; shared by completion and the element snippets.

import { attributeValue, childrenNamed, firstChild, textContent, type XmlElement } from '../xml/nodes';
import type { LibvirtDocument } from '../domain/libvirtDocument';
import type { Catalog } from '../catalog/catalog';
import { parseUIntStrict } from '../domain/numbers';
import { formatCpuset } from '../domain/cpuset';
import {
  cpusOf,
  divisors,
  domainFacts,
  evenSplit,
  formatKiB,
  pinnedHostCpus,
  range,
  scaledToKiB,
  topologyAttributes,
  topologyOf,
  vcpuPins,
  type DomainFacts,
  type TopologyAttribute,
} from '../domain/facts';

export interface Suggestion {
  value: string;
  /** One line: why this value. */
  detail: string;
  /** The only value that fits (a topology attribute completing the vCPU count). */
  exact?: boolean;
}

/** Most items a list of numbers offers (a 4096-vCPU guest does not need 4096 items). */
const maxItems = 64;

/** Real CPUID vendor strings: exactly 12 characters, as `<model vendor_id>` needs. */
const cpuVendorIds: Suggestion[] = [
  { value: 'GenuineIntel', detail: 'Intel' },
  { value: 'AuthenticAMD', detail: 'AMD' },
  { value: 'HygonGenuine', detail: 'Hygon (Zen-based Dhyana)' },
  { value: 'CentaurHauls', detail: 'Centaur / VIA / older Zhaoxin' },
  { value: '  Shanghai  ', detail: 'Zhaoxin (two spaces on each side)' },
];

/** `<features><hyperv><vendor_id value>`: up to 12 characters; a different rule from the CPU's vendor_id. */
const hypervVendorIds: Suggestion[] = [
  { value: 'Microsoft Hv', detail: "QEMU's default Hyper-V vendor, what Windows expects" },
  { value: '1234567890ab', detail: 'Any other value (≤ 12 characters, no comma) keeps older NVIDIA drivers from spotting the hypervisor in GPU passthrough' },
  { value: 'randomid', detail: 'Another common GPU-passthrough choice; pair it with <kvm><hidden state="on"/>' },
];

const physAddrBits: Suggestion[] = [
  { value: '39', detail: 'Older Intel client CPUs: 512 GiB of guest physical address space' },
  { value: '40', detail: 'QEMU’s default when not passing the host’s width: 1 TiB' },
  { value: '42', detail: '4 TiB' },
  { value: '43', detail: 'Many AMD client CPUs: 8 TiB' },
  { value: '46', detail: 'Intel Xeon (Skylake to Ice Lake): 64 TiB' },
  { value: '48', detail: 'AMD EPYC: 256 TiB' },
  { value: '52', detail: 'Largest x86 width (5-level paging hosts): 4 PiB' },
];

const units: Suggestion[] = [
  { value: 'KiB', detail: '1024 bytes (libvirt’s default for memory)' },
  { value: 'MiB', detail: '1024 KiB' },
  { value: 'GiB', detail: '1024 MiB' },
  { value: 'TiB', detail: '1024 GiB' },
  { value: 'B', detail: 'bytes' },
  { value: 'KB', detail: '1000 bytes' },
  { value: 'MB', detail: '1000 KB' },
  { value: 'GB', detail: '1000 MB' },
];

const textValues: Record<string, Suggestion[]> = {
  'domain/cputune/shares': [{ value: '1024', detail: 'The usual baseline weight (cgroups v1 default)' }],
  'domain/cputune/period': [{ value: '100000', detail: 'The kernel’s default CFS period: 100 ms' }],
  'domain/cputune/quota': [
    { value: '-1', detail: 'Unlimited' },
    { value: '50000', detail: 'Half a host CPU per vCPU with the default 100 ms period' },
  ],
  'domain/cputune/global_period': [{ value: '100000', detail: 'The kernel’s default CFS period: 100 ms' }],
  'domain/cputune/global_quota': [{ value: '-1', detail: 'Unlimited' }],
  'domain/cputune/emulator_period': [{ value: '100000', detail: 'The kernel’s default CFS period: 100 ms' }],
  'domain/cputune/emulator_quota': [{ value: '-1', detail: 'Unlimited' }],
  'domain/cputune/iothread_period': [{ value: '100000', detail: 'The kernel’s default CFS period: 100 ms' }],
  'domain/cputune/iothread_quota': [{ value: '-1', detail: 'Unlimited' }],
  'domain/iothreads': [{ value: '1', detail: 'One dedicated I/O thread, enough for most guests' }],
};

/** Values for the text of the element at `path` (other than model and vendor names). */
export function suggestTextValues(doc: LibvirtDocument, path: string): Suggestion[] {
  if (path === 'domain/vcpu') {
    const facts = domainFacts(doc);
    const topology = facts.cpu && firstChild(facts.cpu, 'topology');
    const total = topology ? topologyOf(topology).total : undefined;
    const out: Suggestion[] = [];
    if (total !== undefined) out.push({ value: String(total), detail: 'What <topology> multiplies to: libvirt requires the two to agree' });
    if (facts.cells.length > 0) {
      let highest = -1;
      for (const cell of facts.cells) for (const c of cpusOf(attributeValue(cell, 'cpus')) ?? []) highest = Math.max(highest, c);
      if (highest >= 0 && highest + 1 !== total) out.push({ value: String(highest + 1), detail: 'Covers every vCPU the NUMA cells list' });
    }
    return out;
  }
  return Object.hasOwn(textValues, path) ? textValues[path] : [];
}

/** Values for attribute `attr` of `el` (at schema path `path`) that are not an enumeration. */
export function suggestAttributeValues(doc: LibvirtDocument, path: string, el: XmlElement, attr: string, catalog?: Catalog, arch?: string): Suggestion[] {
  const facts = domainFacts(doc);
  const n = facts.workableVcpus;
  switch (`${path}@${attr}`) {
    case 'domain/cpu/model@vendor_id':
      return vendorIds(catalog, arch);
    case 'domain/features/hyperv/vendor_id@value':
      return hypervVendorIds;
    case 'domain/cpu/maxphysaddr@bits':
    case 'domain/cpu/maxphysaddr@limit':
      return physAddrBits;
    case 'domain/vcpu@current':
      return n === undefined ? [] : numbers(n, 1, (k) => (k === n ? 'All vCPUs online at boot' : `${k} of ${n} online at boot; the rest can be hot-plugged`)).reverse();
    case 'domain/vcpu@cpuset':
      return vcpuCpuset(facts);
    case 'domain/vcpus/vcpu@id':
      return freeIds(el, 'vcpu', 'id', n, 0, (k) => (k === 0 ? 'vCPU 0 (must be listed and enabled)' : `vCPU ${k}`));
    case 'domain/vcpus/vcpu@order':
      return nextNumber(el, 'order', 1, 'The next hot-plug order');
    case 'domain/cputune/vcpupin@vcpu':
      return unpinnedVcpus(facts, el);
    case 'domain/cputune/vcpupin@cpuset':
      return vcpupinCpuset(facts, el);
    case 'domain/cputune/emulatorpin@cpuset':
    case 'domain/cputune/iothreadpin@cpuset':
      return housekeepingCpuset(facts);
    case 'domain/cputune/iothreadpin@iothread':
      return iothreadIds(doc, el);
    case 'domain/cputune/vcpusched@vcpus':
    case 'domain/cputune/cachetune@vcpus':
    case 'domain/cputune/memorytune@vcpus':
    case 'domain/cputune/cachetune/monitor@vcpus':
    case 'domain/cputune/memorytune/monitor@vcpus':
      return uncoveredVcpus(facts, el, attr);
    case 'domain/cputune/vcpusched@priority':
    case 'domain/cputune/iothreadsched@priority':
    case 'domain/cputune/emulatorsched@priority':
      return [
        { value: '1', detail: 'Lowest real-time priority: above every normal task' },
        { value: '50', detail: 'Middle of the usual 1-99 range' },
        { value: '99', detail: 'Highest: can starve kernel threads, use with care' },
      ];
    case 'domain/iothreadids/iothread@id':
      return freeIds(el, 'iothread', 'id', 64, 1, (k) => `IOThread ${k}`).slice(0, 1);
    case 'domain/cpu/numa/cell@id':
      return [{ value: String(indexIn(el)), detail: 'Its position among the cells (ids must be 0, 1, 2, … in order)' }];
    case 'domain/cpu/numa/cell@cpus':
      return cellCpus(facts, el);
    case 'domain/cpu/numa/cell@memory':
      return cellMemory(facts, el);
    case 'domain/cpu/numa/cell/distances/sibling@id':
    case 'domain/cpu/numa/interconnects/latency@initiator':
    case 'domain/cpu/numa/interconnects/latency@target':
    case 'domain/cpu/numa/interconnects/bandwidth@initiator':
    case 'domain/cpu/numa/interconnects/bandwidth@target':
    case 'domain/numatune/memnode@cellid':
      return cellIds(facts, el, path, attr);
    case 'domain/cpu/numa/cell/distances/sibling@value':
      return siblingDistance(el);
    case 'domain/cpu/numa/cell/cache@level':
      return [
        { value: '1', detail: 'The cache nearest the memory (one <cache> per level)' },
        { value: '2', detail: 'A second level of memory-side cache' },
        { value: '3', detail: 'A third level' },
      ];
    case 'domain/numatune/memory@nodeset':
      return [{ value: '0', detail: 'Host NUMA node 0 (list the nodes with `virsh capabilities`)' }];
    case 'domain/numatune/memnode@nodeset': {
      const cell = attributeValue(el, 'cellid');
      return cell !== undefined && /^[0-9]+$/.test(cell)
        ? [{ value: cell, detail: `Host node ${cell} for guest cell ${cell}: one host node per guest cell` }]
        : [{ value: '0', detail: 'Host NUMA node 0' }];
    }
  }
  if (attr === 'unit') return units;
  if (path === 'domain/cpu/topology' && (topologyAttributes as readonly string[]).includes(attr)) {
    return topologyValues(facts, el, attr as TopologyAttribute);
  }
  return [];
}

function vendorIds(catalog: Catalog | undefined, arch: string | undefined): Suggestion[] {
  if (!catalog || !arch) return cpuVendorIds;
  const known = new Set(cpuVendorIds.map((s) => s.value));
  const extra = catalog
    .vendors(arch)
    .filter((v) => v.string && v.string.length === 12 && !known.has(v.string))
    .map((v) => ({ value: v.string!, detail: v.name }));
  return [...cpuVendorIds, ...extra];
}

/** 1..n (at most maxItems of them), each with a detail. */
function numbers(n: number, from: number, detail: (k: number) => string): Suggestion[] {
  const out: Suggestion[] = [];
  for (let k = from; k <= n && out.length < maxItems; k++) out.push({ value: String(k), detail: detail(k) });
  return out;
}

/**
 * Topology values that keep the product a divisor of the vCPU count: for 8
 * vCPUs with sockets='1' and threads='2', cores offers exactly 4; with threads
 * not written yet, the divisors of 8. Without a usable vCPU count, the usual
 * small values.
 */
function topologyValues(facts: DomainFacts, el: XmlElement, attr: TopologyAttribute): Suggestion[] {
  const n = facts.workableVcpus;
  const { values } = topologyOf(el);
  let others = 1;
  const missing: string[] = [];
  for (const name of topologyAttributes) {
    if (name === attr) continue;
    const optional = name === 'dies' || name === 'clusters';
    if (attributeValue(el, name) === undefined && optional) continue;
    if (values[name] === undefined) missing.push(name);
    else others *= values[name]!;
  }
  if (n === undefined || n % others !== 0) {
    const usual = attr === 'threads' ? ['1', '2'] : ['1', '2', '4'];
    const why = n === undefined ? 'Give <vcpu> a count to get values that fit it' : `No value fits ${n} vCPUs with the other attributes as written`;
    return usual.map((value) => ({ value, detail: why }));
  }
  const rest = n / others;
  if (missing.length === 0) return [{ value: String(rest), detail: `${formula(values, attr, rest)} = ${n} vCPUs, as <vcpu> says`, exact: true }];
  // Sockets, dies, clusters and threads usually stay small; cores take the rest.
  const list = attr === 'cores' ? divisors(rest).reverse() : divisors(rest);
  return list.slice(0, maxItems).map((d) => ({
    value: String(d),
    detail: rest / d === 1 ? `leaves 1 for ${missing.join(' and ')} (${n} vCPUs)` : `leaves ${rest / d} for ${missing.join(' × ')} (${n} vCPUs)`,
  }));
}

function formula(values: Record<TopologyAttribute, number | undefined>, attr: TopologyAttribute, v: number): string {
  return topologyAttributes.map((name) => (name === attr ? v : values[name] ?? 1)).join(' × ');
}

function vcpuCpuset(facts: DomainFacts): Suggestion[] {
  const n = facts.workableVcpus;
  const out: Suggestion[] = [];
  const pinned = pinnedHostCpus(facts);
  if (pinned.size > 0) out.push({ value: formatCpuset([...pinned]), detail: 'The host CPUs the vCPU pins already use' });
  if (n !== undefined) out.push({ value: range(0, n - 1), detail: `The first ${n} host CPUs, one per vCPU` });
  return out;
}

function unpinnedVcpus(facts: DomainFacts, el: XmlElement): Suggestion[] {
  const n = facts.workableVcpus;
  if (n === undefined) return [];
  const pins = vcpuPins(facts);
  const out: Suggestion[] = [];
  for (let k = 0; k < n && out.length < maxItems; k++) {
    const pin = pins.get(k);
    if (pin && pin !== el) continue;
    out.push({ value: String(k), detail: `vCPU ${k} of ${n}: not pinned yet` });
  }
  return out;
}

/**
 * For `<vcpupin vcpu='k'>`: continue the pattern of the other pins (one host
 * CPU each at a constant offset, or SMT pairs), the vCPU's own number, and
 * the domain-wide `<vcpu cpuset>`.
 */
function vcpupinCpuset(facts: DomainFacts, el: XmlElement): Suggestion[] {
  const vcpuText = attributeValue(el, 'vcpu');
  const k = vcpuText === undefined ? undefined : parseUIntStrict(vcpuText);
  const out: Suggestion[] = [];
  const add = (value: string, detail: string) => {
    if (!out.some((s) => s.value === value)) out.push({ value, detail });
  };
  if (k !== undefined) {
    const offsets = new Set<number>();
    let single = 0;
    for (const [v, pin] of vcpuPins(facts)) {
      if (pin === el) continue;
      const cpus = cpusOf(attributeValue(pin, 'cpuset'));
      if (cpus?.length === 1) {
        single++;
        offsets.add(cpus[0] - v);
      } else offsets.add(Number.NaN);
    }
    if (single > 0 && offsets.size === 1) {
      const offset = [...offsets][0];
      if (k + offset >= 0) add(String(k + offset), `Continues the other pins: vCPU n on host CPU n${offset === 0 ? '' : offset > 0 ? ` + ${offset}` : ` − ${-offset}`}`);
    }
    add(String(k), `Host CPU ${k}: the vCPU's own number`);
    add(`${2 * k},${2 * k + 1}`, `An SMT sibling pair, when host CPUs ${2 * k} and ${2 * k + 1} share a core (check \`lscpu -e\`)`);
  }
  const all = facts.vcpu && attributeValue(facts.vcpu, 'cpuset');
  if (all) add(all, 'The domain-wide <vcpu cpuset>: let it float over the same CPUs');
  if (facts.workableVcpus !== undefined) add(range(0, facts.workableVcpus - 1), `Float over the first ${facts.workableVcpus} host CPUs`);
  return out;
}

/** For emulator and IOThread pins: host CPUs next to those the vCPUs are pinned to. */
function housekeepingCpuset(facts: DomainFacts): Suggestion[] {
  const pinned = pinnedHostCpus(facts);
  const out: Suggestion[] = [];
  if (pinned.size > 0) {
    let lowest = Infinity;
    let highest = -1;
    for (const c of pinned) {
      if (c < lowest) lowest = c;
      if (c > highest) highest = c;
    }
    if (lowest > 0) out.push({ value: range(0, lowest - 1), detail: 'The host CPUs below the vCPU pins: keeps emulator work off the vCPUs' });
    out.push({ value: String(highest + 1), detail: 'The host CPU after the vCPU pins' });
  }
  out.push({ value: '0', detail: 'Host CPU 0, where the host itself does most of its work' });
  if (out.length === 1) out.push({ value: '0-1', detail: 'The first two host CPUs' });
  return out;
}

function iothreadIds(doc: LibvirtDocument, el: XmlElement): Suggestion[] {
  const ids = doc.kind === 'domain' ? firstChild(doc.root, 'iothreadids') : undefined;
  const out: Suggestion[] = [];
  const pinned = new Set<string>();
  for (const pin of el.parent ? childrenNamed(el.parent, 'iothreadpin') : []) {
    const v = pin !== el ? attributeValue(pin, 'iothread') : undefined;
    if (v) pinned.add(v);
  }
  if (ids) {
    for (const t of childrenNamed(ids, 'iothread')) {
      const v = attributeValue(t, 'id');
      if (v && !pinned.has(v) && out.length < maxItems) out.push({ value: v, detail: `IOThread ${v} from <iothreadids>` });
    }
    return out;
  }
  const countEl = doc.kind === 'domain' ? firstChild(doc.root, 'iothreads') : undefined;
  const count = countEl ? parseUIntStrict(textContent(countEl)) : undefined;
  for (let k = 1; count !== undefined && k <= count && out.length < maxItems; k++) {
    if (!pinned.has(String(k))) out.push({ value: String(k), detail: `IOThread ${k} of ${count}` });
  }
  return out;
}

/** vCPUs not covered by sibling elements of the same name (cachetune, memorytune, vcpusched, monitors). */
function uncoveredVcpus(facts: DomainFacts, el: XmlElement, attr: string): Suggestion[] {
  const n = facts.workableVcpus;
  if (n === undefined) return [];
  let scope = n;
  const within: readonly number[] | undefined = el.name === 'monitor' && el.parent ? cpusOf(attributeValue(el.parent, 'vcpus')) : undefined;
  const taken = new Set<number>();
  for (const sib of el.parent ? childrenNamed(el.parent, el.name) : []) {
    if (sib === el) continue;
    for (const c of cpusOf(attributeValue(sib, attr)) ?? []) taken.add(c);
  }
  const free: number[] = [];
  for (const c of within ?? Array.from({ length: scope }, (_, i) => i)) if (!taken.has(c)) free.push(c);
  scope = free.length;
  const out: Suggestion[] = [];
  if (free.length > 0) {
    out.push({
      value: formatCpuset(free),
      detail: taken.size === 0 ? (within ? 'Every vCPU of the allocation' : `All ${n} vCPUs`) : `The ${scope} vCPUs no other <${el.name}> covers`,
    });
    if (free.length > 1) out.push({ value: String(free[0]), detail: `vCPU ${free[0]} alone` });
  }
  return out;
}

function indexIn(el: XmlElement): number {
  return el.parent ? childrenNamed(el.parent, el.name).indexOf(el) : 0;
}

/** For a NUMA cell: its share of an even split, then the vCPUs no other cell lists. */
function cellCpus(facts: DomainFacts, el: XmlElement): Suggestion[] {
  const n = facts.workableVcpus;
  if (n === undefined) return [];
  const cells = el.parent ? childrenNamed(el.parent, 'cell') : [el];
  const index = cells.indexOf(el);
  const out: Suggestion[] = [];
  const split = evenSplit(n, cells.length, index);
  if (split) out.push({ value: split, detail: `An even split of ${n} vCPUs over ${cells.length} cell${cells.length === 1 ? '' : 's'}` });
  const taken = new Set<number>();
  for (const cell of cells) if (cell !== el) for (const c of cpusOf(attributeValue(cell, 'cpus')) ?? []) taken.add(c);
  const free: number[] = [];
  for (let c = 0; c < n; c++) if (!taken.has(c)) free.push(c);
  if (free.length > 0 && taken.size > 0) {
    const value = formatCpuset(free);
    if (value !== split) out.push({ value, detail: 'The vCPUs no other cell lists' });
  }
  return out;
}

function cellMemory(facts: DomainFacts, el: XmlElement): Suggestion[] {
  if (facts.memoryKiB === undefined || facts.memoryKiB === 0) return [];
  const cells = el.parent ? childrenNamed(el.parent, 'cell').length : 1;
  const share = Math.floor(facts.memoryKiB / cells);
  const unit = attributeValue(el, 'unit');
  const perUnit = scaledToKiB('1', unit);
  if (!perUnit) return [];
  if (share % perUnit !== 0) return [];
  const shown = unit ? `${share / perUnit} ${unit}` : `${formatKiB(share).value} ${formatKiB(share).unit}`;
  return [{ value: String(share / perUnit), detail: `${shown}: <memory> split evenly over ${cells} cell${cells === 1 ? '' : 's'} (libvirt replaces <memory> with the sum of the cells)` }];
}

function cellIds(facts: DomainFacts, el: XmlElement, path: string, attr: string): Suggestion[] {
  const count = facts.cells.length;
  const out: Suggestion[] = [];
  const own = path.endsWith('sibling') ? ownCellIndex(el) : -1;
  const used = new Set<string>();
  if (path === 'domain/numatune/memnode') {
    for (const m of el.parent ? childrenNamed(el.parent, 'memnode') : []) {
      const v = m !== el ? attributeValue(m, attr) : undefined;
      if (v) used.add(v);
    }
  }
  for (let k = 0; k < count && out.length < maxItems; k++) {
    if (used.has(String(k))) continue;
    const cell = facts.cells[k];
    const cpus = attributeValue(cell, 'cpus');
    out.push({ value: String(k), detail: `Cell ${k}${k === own ? ' (this cell)' : ''}${cpus ? `: vCPUs ${cpus}` : ': no vCPUs'}` });
  }
  return out;
}

/** The index of the `<cell>` a `<sibling>` sits in (cell/distances/sibling). */
function ownCellIndex(el: XmlElement): number {
  const cell = el.parent?.parent;
  return cell ? indexIn(cell) : -1;
}

function siblingDistance(el: XmlElement): Suggestion[] {
  const id = attributeValue(el, 'id');
  const own = ownCellIndex(el);
  if (id !== undefined && Number(id) === own) return [{ value: '10', detail: 'A cell’s distance to itself is always 10' }];
  return [
    { value: '20', detail: 'A typical one-hop remote node' },
    { value: '21', detail: 'Remote, slightly farther than 20 (as many two-socket hosts report)' },
    { value: '30', detail: 'Two hops away' },
  ];
}

/** The lowest values of `attr` from `from` up not used by sibling elements called `name`. */
function freeIds(el: XmlElement, name: string, attr: string, limit: number | undefined, from: number, detail: (k: number) => string): Suggestion[] {
  const used = new Set<number>();
  for (const sib of el.parent ? childrenNamed(el.parent, name) : []) {
    if (sib === el) continue;
    const v = attributeValue(sib, attr);
    const k = v === undefined ? undefined : parseUIntStrict(v);
    if (k !== undefined) used.add(k);
  }
  const out: Suggestion[] = [];
  const end = limit === undefined ? from + maxItems : limit;
  for (let k = from; k < end && out.length < maxItems; k++) if (!used.has(k)) out.push({ value: String(k), detail: detail(k) });
  return out;
}

function nextNumber(el: XmlElement, attr: string, from: number, detail: string): Suggestion[] {
  let highest = from - 1;
  for (const sib of el.parent ? childrenNamed(el.parent, el.name) : []) {
    const v = sib === el ? undefined : attributeValue(sib, attr);
    const k = v === undefined ? undefined : parseUIntStrict(v);
    if (k !== undefined && k > highest) highest = k;
  }
  return [{ value: String(highest + 1), detail }];
}
