// The one typed view of a domain's facts that rules, completion and hover
// share: vCPU counts with libvirt's limits, the guest CPU and its mode, NUMA
// cells, memory, IOThread ids, pins. Read from the root's direct children,
// once per parsed document (memoised on the LibvirtDocument). Nothing outside
// this module re-derives these from the raw tree.

import { attributeValue, childrenNamed, firstChild, textContent, type XmlElement } from '../xml/nodes';
import type { LibvirtDocument } from './libvirtDocument';
import { parseUIntStrict, parseUIntWrapping, readMemory } from './numbers';
import { parseCpuset } from './cpuset';
import { vcpuCountLimits } from './schema';
import { ownMemo } from '../util/memo';

/** libvirt's CPU bitmap size (VIR_DOMAIN_CPUMASK_LEN): vCPU and host CPU numbers stay below it. */
export const cpuBitmapSize = 16384;

export interface DomainFacts {
  /** The document's root element. */
  root: XmlElement;
  /** The document is a `<domain>` (otherwise most fields are empty). */
  isDomain: boolean;
  /** `<domain type>` as written. */
  type: string | undefined;
  /** The QEMU driver's validation applies: type kvm, qemu or hvf (or unwritten, which the schema refuses anyway). */
  qemuDriver: boolean;
  /** The guest is x86 (arch x86_64 or i686, or no arch written: libvirt then picks the host's, x86 for the QEMU driver's usual hosts). */
  x86: boolean;
  /** `<os><type machine>` as written. */
  machine: string | undefined;
  /** The first `<os>` and the first `<features>` (the ones libvirt reads). */
  os: XmlElement | undefined;
  features: XmlElement | undefined;
  /** `<memoryBacking>`, and whether guest memory is shared as vhost-user devices need (access mode='shared' there or on every NUMA cell). */
  memoryBacking: XmlElement | undefined;
  sharedMemory: boolean;
  /** The first `<vcpu>` (the only one libvirt reads). */
  vcpu: XmlElement | undefined;
  /** Maximum vCPUs exactly as libvirt reads it: 1 without `<vcpu>`, a negative count wrapped; undefined when the text does not parse. */
  maxVcpus: number | undefined;
  /** The maximum when the schema accepts it (1 to 65535); undefined otherwise. */
  schemaVcpus: number | undefined;
  /** The maximum when it is a count the editor can compute with (1 to 16384, libvirt's CPU bitmap size); undefined otherwise. */
  workableVcpus: number | undefined;
  /** vCPUs online at boot (`current` when it is 1..maximum, else the maximum), within `workableVcpus`. */
  currentVcpus: number | undefined;
  /** `<vcpus>` lists at least one `<vcpu>` (then `current` is ignored). */
  hasVcpuList: boolean;
  /** `<vcpu placement='auto'>`. */
  vcpuPlacementAuto: boolean;
  /** Membership test for IOThread ids after libvirt fills in missing ones; undefined when libvirt would stop earlier. */
  hasIothread: ((id: number) => boolean) | undefined;
  /** The guest `<cpu>` (the first; libvirt reads only that), or the root of a bare `<cpu>` document. */
  cpu: XmlElement | undefined;
  /** The cpu mode as written, custom when absent (libvirt's default). */
  mode: string;
  /** The `<numa>` libvirt reads ("./cpu/numa[1]": the first under any `<cpu>`), and the `<cpu>` holding it. */
  numa: XmlElement | undefined;
  numaCpu: XmlElement | undefined;
  /** Guest NUMA cells of that `<numa>`, in order. */
  cells: XmlElement[];
  cputune: XmlElement | undefined;
  /** The first `<devices>` (libvirt reads the devices of all of them; rules that insert a device use this one). */
  devices: XmlElement | undefined;
  /** The first `<iommu>` among the devices (libvirt 11.3 takes one IOMMU). */
  iommu: XmlElement | undefined;
  /** The machine is a q35 one ('q35' or 'pc-q35-*', as libvirt's qemuDomainIsQ35 decides), for an x86 guest. */
  q35: boolean;
  /** `<memory>`, and its size in KiB as libvirt stores it, when readable. */
  memory: XmlElement | undefined;
  memoryKiB: number | undefined;
}

const cache = ownMemo<LibvirtDocument, DomainFacts>('domainFacts');

/** The first `<iommu>` of all `<devices>` (a loop: map-then-find made an array per document, and its changing element kinds deoptimised computeFacts). */
function firstIommu(allDevices: readonly XmlElement[]): XmlElement | undefined {
  for (const d of allDevices) {
    const el = firstChild(d, 'iommu');
    if (el) return el;
  }
  return undefined;
}

/** The facts of any libvirt document (computed once per parsed document). */
export function domainFacts(doc: LibvirtDocument): DomainFacts {
  let facts = cache.get(doc);
  if (!facts) cache.set(doc, (facts = computeFacts(doc)));
  return facts;
}

/** The facts when the document is a `<domain>`; undefined for capabilities, domcaps and bare `<cpu>` documents. */
export function guestFacts(doc: LibvirtDocument): DomainFacts | undefined {
  return doc.kind === 'domain' ? domainFacts(doc) : undefined;
}

function computeFacts(doc: LibvirtDocument): DomainFacts {
  const root = doc.root;
  const isDomain = doc.kind === 'domain';
  const child = (name: string) => (isDomain ? firstChild(root, name) : undefined);
  const vcpu = child('vcpu');
  const maxVcpus = isDomain ? (vcpu ? parseUIntWrapping(textContent(vcpu)) : 1) : undefined;
  const schemaVcpus = maxVcpus !== undefined && maxVcpus >= vcpuCountLimits.min && maxVcpus <= vcpuCountLimits.max ? maxVcpus : undefined;
  const workableVcpus = maxVcpus !== undefined && maxVcpus >= 1 && maxVcpus <= cpuBitmapSize ? maxVcpus : undefined;
  const currentText = vcpu && attributeValue(vcpu, 'current');
  const current = currentText === undefined ? undefined : parseUIntStrict(currentText);
  const currentVcpus = current !== undefined && current >= 1 && workableVcpus !== undefined && current <= workableVcpus ? current : workableVcpus;
  const cpu = isDomain ? firstChild(root, 'cpu') : doc.kind === 'cpu' ? root : undefined;
  let numa: XmlElement | undefined;
  let numaCpu: XmlElement | undefined;
  for (const c of isDomain ? childrenNamed(root, 'cpu') : cpu ? [cpu] : []) {
    numa = firstChild(c, 'numa');
    if (numa) {
      numaCpu = c;
      break;
    }
  }
  const type = isDomain ? attributeValue(root, 'type') : undefined;
  const os = child('os');
  const osType = os && firstChild(os, 'type');
  const memory = child('memory');
  const memoryBacking = child('memoryBacking');
  const allDevices = isDomain ? childrenNamed(root, 'devices') : [];
  const machine = osType && attributeValue(osType, 'machine');
  const x86 = doc.arch === undefined || doc.arch === 'x86_64' || doc.arch === 'i686';
  return {
    root,
    isDomain,
    type,
    qemuDriver: isDomain && (type === undefined || type === 'kvm' || type === 'qemu' || type === 'hvf'),
    x86,
    machine,
    os,
    features: child('features'),
    memoryBacking,
    sharedMemory: sharedMemory(memoryBacking, numa ? childrenNamed(numa, 'cell') : []),
    vcpu,
    maxVcpus,
    schemaVcpus,
    workableVcpus,
    currentVcpus,
    hasVcpuList: isDomain && childrenNamed(root, 'vcpus').some((v) => childrenNamed(v, 'vcpu').length > 0),
    vcpuPlacementAuto: vcpu !== undefined && attributeValue(vcpu, 'placement') === 'auto',
    hasIothread: isDomain ? iothreadMembership(root) : undefined,
    cpu,
    mode: (cpu && attributeValue(cpu, 'mode')) ?? 'custom',
    numa,
    numaCpu,
    cells: numa ? childrenNamed(numa, 'cell') : [],
    cputune: child('cputune'),
    devices: allDevices[0],
    iommu: firstIommu(allDevices),
    q35: x86 && machine !== undefined && (machine === 'q35' || machine.startsWith('pc-q35-')),
    memory,
    memoryKiB: memory ? scaledToKiB(textContent(memory).trim(), attributeValue(memory, 'unit')) : undefined,
  };
}

/** qemuValidateDomainDefVhostUserRequireSharedMemory: shared at the top, or per cell (a private cell, or a default one without the top, fails). */
function sharedMemory(memoryBacking: XmlElement | undefined, cells: XmlElement[]): boolean {
  const access = memoryBacking && firstChild(memoryBacking, 'access');
  const top = access !== undefined && attributeValue(access, 'mode') === 'shared';
  if (cells.length === 0) return top;
  return cells.every((c) => {
    const mode = attributeValue(c, 'memAccess');
    return mode === 'shared' || (mode === undefined && top);
  });
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

/** The divisors of `n` in ascending order (n ≤ cpuBitmapSize, so trial division is cheap). */
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

const pinCache = ownMemo<DomainFacts, ReadonlyMap<number, XmlElement>>('vcpuPins');
const pinnedCache = ownMemo<DomainFacts, ReadonlySet<number>>('pinnedVcpus');

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

/** A scaled integer (libvirt's memory syntax, KiB by default) in KiB, rounded up as libvirt stores it; undefined when libvirt refuses it. */
export function scaledToKiB(text: string, unit: string | undefined): number | undefined {
  const r = readMemory(text, unit);
  return r.kind === 'ok' ? Number(r.kib) : undefined;
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
