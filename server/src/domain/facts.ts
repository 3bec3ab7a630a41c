// Facts about a domain that completion and hover read around the cursor: the
// vCPU counts, the guest CPU and its topology, pins, NUMA cells and memory.
// Read from the root's direct children only, once per parsed document.

import { attributeValue, childrenNamed, firstChild, textContent, type XmlElement } from '../xml/nodes';
import type { LibvirtDocument } from './libvirtDocument';
import { parseUIntStrict, parseUIntWrapping } from './numbers';
import { parseCpuset } from './cpuset';

export interface DomainFacts {
  /** `<vcpu>`, when written. */
  vcpu: XmlElement | undefined;
  /** Maximum vCPUs: `<vcpu>` text, 1 when absent (libvirt's default); undefined when unreadable or absurd. */
  maxVcpus: number | undefined;
  /** vCPUs online at boot (`current`, else the maximum). */
  currentVcpus: number | undefined;
  /** The guest `<cpu>` (the first one: libvirt reads only that). */
  cpu: XmlElement | undefined;
  /** The cpu mode as libvirt reads it (custom when absent). */
  mode: string;
  cputune: XmlElement | undefined;
  /** Guest NUMA cells, in order. */
  cells: XmlElement[];
  /** `<memory>` in KiB, when readable. */
  memoryKiB: number | undefined;
}

const cache = new WeakMap<LibvirtDocument, DomainFacts>();

/** Largest vCPU count the features compute with; past it suggestions would be lists of thousands. */
const maxUsefulVcpus = 16384;

export function domainFacts(doc: LibvirtDocument): DomainFacts {
  const hit = cache.get(doc);
  if (hit) return hit;
  const root = doc.root;
  const isDomain = doc.kind === 'domain';
  const vcpu = isDomain ? firstChild(root, 'vcpu') : undefined;
  let maxVcpus: number | undefined = isDomain ? 1 : undefined;
  let currentVcpus: number | undefined;
  if (vcpu) {
    const n = parseUIntWrapping(textContent(vcpu));
    maxVcpus = n !== undefined && n >= 1 && n <= maxUsefulVcpus ? n : undefined;
    const current = attributeValue(vcpu, 'current');
    const c = current === undefined ? undefined : parseUIntStrict(current);
    currentVcpus = c !== undefined && c >= 1 && maxVcpus !== undefined && c <= maxVcpus ? c : undefined;
  }
  currentVcpus ??= maxVcpus;
  const cpu = isDomain ? firstChild(root, 'cpu') : doc.kind === 'cpu' ? root : undefined;
  const numa = cpu && firstChild(cpu, 'numa');
  const memory = isDomain ? firstChild(root, 'memory') : undefined;
  const facts: DomainFacts = {
    vcpu,
    maxVcpus,
    currentVcpus,
    cpu,
    mode: (cpu && attributeValue(cpu, 'mode')) ?? 'custom',
    cputune: isDomain ? firstChild(root, 'cputune') : undefined,
    cells: numa ? childrenNamed(numa, 'cell') : [],
    memoryKiB: memory ? scaledToKiB(textContent(memory).trim(), attributeValue(memory, 'unit')) : undefined,
  };
  cache.set(doc, facts);
  return facts;
}

export const topologyAttributes = ['sockets', 'dies', 'clusters', 'cores', 'threads'] as const;
export type TopologyAttribute = (typeof topologyAttributes)[number];

export interface Topology {
  /** Each attribute as libvirt reads it; dies and clusters default to 1; undefined when missing or unreadable. */
  values: Record<TopologyAttribute, number | undefined>;
  /** The vCPU total it implies, when every required attribute is readable. */
  total: number | undefined;
}

/** Reads a `<topology>` element's numbers. */
export function topologyOf(el: XmlElement): Topology {
  const values = {} as Record<TopologyAttribute, number | undefined>;
  let total: number | undefined = 1;
  for (const name of topologyAttributes) {
    const raw = attributeValue(el, name);
    const optional = name === 'dies' || name === 'clusters';
    const n = raw === undefined ? (optional ? 1 : undefined) : parseUIntStrict(raw);
    values[name] = n !== undefined && n > 0 ? n : undefined;
    total = total !== undefined && values[name] !== undefined ? total * values[name]! : undefined;
  }
  return { values, total };
}

/** The divisors of `n` in ascending order (n ≤ maxUsefulVcpus, so trial division is cheap). */
export function divisors(n: number): number[] {
  const low: number[] = [];
  const high: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    low.push(d);
    if (d * d !== n) high.unshift(n / d);
  }
  return low.concat(high);
}

const pinCache = new WeakMap<DomainFacts, ReadonlyMap<number, XmlElement>>();
const pinnedCache = new WeakMap<DomainFacts, ReadonlySet<number>>();

/** Every `<vcpupin>` under cputune: vCPU number → the pin element (the first one per vCPU). Memoised per document. */
export function vcpuPins(facts: DomainFacts): ReadonlyMap<number, XmlElement> {
  const hit = pinCache.get(facts);
  if (hit) return hit;
  const out = new Map<number, XmlElement>();
  for (const pin of facts.cputune ? childrenNamed(facts.cputune, 'vcpupin') : []) {
    const v = attributeValue(pin, 'vcpu');
    const n = v === undefined ? undefined : parseUIntStrict(v);
    if (n !== undefined && !out.has(n)) out.set(n, pin);
  }
  pinCache.set(facts, out);
  return out;
}

/** The host CPUs any vCPU is pinned to. Memoised per document. */
export function pinnedHostCpus(facts: DomainFacts): ReadonlySet<number> {
  const hit = pinnedCache.get(facts);
  if (hit) return hit;
  const out = new Set<number>();
  for (const pin of vcpuPins(facts).values()) for (const c of cpusOf(attributeValue(pin, 'cpuset')) ?? []) out.add(c);
  pinnedCache.set(facts, out);
  return out;
}

/** Recently read cpusets: the same few strings are read on every request around pins and cells. */
const cpusetCache = new Map<string, number[] | undefined>();
const cpusetCacheSize = 512;

/** The CPUs of a cpuset attribute value, or undefined when libvirt would refuse it. Do not modify the result. */
export function cpusOf(text: string | undefined): readonly number[] | undefined {
  if (text === undefined) return undefined;
  if (cpusetCache.has(text)) return cpusetCache.get(text);
  const r = parseCpuset(text);
  const cpus = r.ok ? r.cpus : undefined;
  if (cpusetCache.size >= cpusetCacheSize) cpusetCache.clear();
  cpusetCache.set(text, cpus);
  return cpus;
}

const unitFactors: Record<string, number> = {
  b: 1 / 1024,
  byte: 1 / 1024,
  bytes: 1 / 1024,
  k: 1,
  kib: 1,
  kb: 1000 / 1024,
  m: 1024,
  mib: 1024,
  mb: 1e6 / 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
  gb: 1e9 / 1024,
  t: 1024 ** 3,
  tib: 1024 ** 3,
  tb: 1e12 / 1024,
};

/** A scaled integer (libvirt's memory syntax, KiB by default) in KiB; undefined when unreadable. */
export function scaledToKiB(text: string, unit: string | undefined): number | undefined {
  const n = parseUIntStrict(text);
  const factor = unitFactors[(unit ?? 'KiB').toLowerCase()];
  if (n === undefined || factor === undefined) return undefined;
  return Math.floor(n * factor);
}

/** KiB as libvirt users write it: the largest binary unit that divides it evenly. */
export function formatKiB(kib: number): { value: string; unit: string } {
  if (kib > 0 && kib % 1024 ** 2 === 0) return { value: String(kib / 1024 ** 2), unit: 'GiB' };
  if (kib > 0 && kib % 1024 === 0) return { value: String(kib / 1024), unit: 'MiB' };
  return { value: String(kib), unit: 'KiB' };
}

/** vCPUs `from`..`to` (inclusive) as a cpuset string. */
export function range(from: number, to: number): string {
  return from === to ? String(from) : `${from}-${to}`;
}

/** An even split of `count` vCPUs over `cells` cells (earlier cells take the remainder): the cpuset of `index`. */
export function evenSplit(count: number, cells: number, index: number): string | undefined {
  if (cells < 1 || index < 0 || index >= cells) return undefined;
  const base = Math.floor(count / cells);
  const extra = count % cells;
  const size = base + (index < extra ? 1 : 0);
  if (size === 0) return undefined;
  const first = index * base + Math.min(index, extra);
  return range(first, first + size - 1);
}
