// Where a domain lets its threads run and its memory live, as written: the
// `<vcpu>` count, placement and default cpuset; `<vcpupin>`, `<emulatorpin>`
// and `<iothreadpin>`; the IOThread ids; the guest `<topology>` and NUMA
// cells; `<numatune>` memory and memnodes. Each keeps its element and
// attribute for ranges and edits. Unreadable values are left out (other rule
// families report them); memoised per document.

import { attributeValue, childrenNamed, firstChild, getAttribute, textContent, type XmlAttribute, type XmlElement } from '../xml/nodes';
import type { LibvirtDocument } from './libvirtDocument';
import { parseUIntStrict } from './numbers';
import { cpusOf, domainFacts, scaledToKiB, topologyOf } from './facts';
import { ownMemo } from '../util/memo';

/** A CPU or node list attribute that parsed. */
export interface SetAttr {
  el: XmlElement;
  attr: XmlAttribute;
  /** Ascending, unique, non-empty. */
  list: readonly number[];
}

export interface GuestTopology {
  el: XmlElement;
  sockets: number;
  dies: number;
  clusters: number;
  cores: number;
  threads: number;
}

export interface GuestCell {
  el: XmlElement;
  id: number;
  /** The `cpus` attribute, when it parsed. */
  cpus: SetAttr | undefined;
  memoryKiB: number | undefined;
}

export interface MemoryTune {
  el: XmlElement;
  mode: string;
  placement: string | undefined;
  nodeset: SetAttr | undefined;
}

export interface GuestPlacement {
  /** Maximum vCPUs (1 without `<vcpu>`); 0 when unreadable (then nothing is pinned). */
  vcpus: number;
  vcpuEl: XmlElement | undefined;
  /** `<vcpu placement='auto'>`. */
  vcpuAuto: boolean;
  /** `<vcpu cpuset>`: the default for vCPUs, the emulator and IOThreads without a pin. */
  defaultCpuset: SetAttr | undefined;
  cputune: XmlElement | undefined;
  /** vCPU → its `<vcpupin>` (the first one per vCPU, vCPUs below the maximum only). */
  vcpuPins: ReadonlyMap<number, SetAttr>;
  emulatorPin: SetAttr | undefined;
  /** IOThread id → its `<iothreadpin>`. */
  iothreadPins: ReadonlyMap<number, SetAttr>;
  /** IOThread ids libvirt creates, ascending (listed ids plus the count's fill-in), capped. */
  iothreadIds: readonly number[];
  iothreadsEl: XmlElement | undefined;
  iothreadIdsEl: XmlElement | undefined;
  cpu: XmlElement | undefined;
  topology: GuestTopology | undefined;
  numa: XmlElement | undefined;
  cells: readonly GuestCell[];
  numatune: XmlElement | undefined;
  memory: MemoryTune | undefined;
  /** Guest cell id → its `<memnode>`. */
  memnodes: ReadonlyMap<number, MemoryTune>;
  memoryKiB: number | undefined;
  /** CPUs named by all vCPU pins together (counted with repeats): how much work walking them costs. */
  pinnedEntries: number;
}

/** IOThreads considered at most (the picture and the generator stop there). */
const maxIothreads = 256;
/** vCPUs considered at most. */
const maxVcpus = 16384;

const cache = ownMemo<LibvirtDocument, GuestPlacement>('guestPlacement');

/** The placement view of a domain (memoised); undefined for other documents. */
export function guestPlacement(doc: LibvirtDocument): GuestPlacement | undefined {
  if (doc.kind !== 'domain') return undefined;
  const hit = cache.get(doc);
  if (hit) return hit;
  const p = read(doc);
  cache.set(doc, p);
  return p;
}

function setAttr(el: XmlElement, name: string): SetAttr | undefined {
  const attr = getAttribute(el, name);
  const list = cpusOf(attributeValue(el, name));
  return attr && list && list.length > 0 ? { el, attr, list } : undefined;
}

function read(doc: LibvirtDocument): GuestPlacement {
  const root = doc.root;
  const facts = domainFacts(doc);
  const vcpus = facts.maxVcpus !== undefined && facts.maxVcpus <= maxVcpus ? facts.maxVcpus : 0;
  const vcpuEl = facts.vcpu;
  const cputune = facts.cputune;
  const vcpuPins = new Map<number, SetAttr>();
  const iothreadPins = new Map<number, SetAttr>();
  let emulatorPin: SetAttr | undefined;
  for (const child of cputune?.children ?? []) {
    if (child.name === 'vcpupin') {
      const v = parseUIntStrict(attributeValue(child, 'vcpu') ?? '');
      const s = setAttr(child, 'cpuset');
      if (v !== undefined && v < vcpus && s && !vcpuPins.has(v)) vcpuPins.set(v, s);
    } else if (child.name === 'emulatorpin') {
      emulatorPin ??= setAttr(child, 'cpuset');
    } else if (child.name === 'iothreadpin') {
      const id = parseUIntStrict(attributeValue(child, 'iothread') ?? '');
      const s = setAttr(child, 'cpuset');
      if (id !== undefined && s && !iothreadPins.has(id)) iothreadPins.set(id, s);
    }
  }

  const iothreadsEl = firstChild(root, 'iothreads');
  const iothreadIdsEl = firstChild(root, 'iothreadids');
  const listed = new Set<number>();
  for (const el of iothreadIdsEl ? childrenNamed(iothreadIdsEl, 'iothread') : []) {
    const id = parseUIntStrict(attributeValue(el, 'id') ?? '');
    if (id !== undefined && id > 0 && listed.size < maxIothreads) listed.add(id);
  }
  const count = Math.min(iothreadsEl ? (parseUIntStrict(textContent(iothreadsEl).trim()) ?? 0) : 0, maxIothreads);
  const ids = [...listed];
  for (let id = 1; ids.length < count; id++) if (!listed.has(id)) ids.push(id);
  ids.sort((a, b) => a - b);

  const cpu = facts.cpu;
  const topoEl = cpu && firstChild(cpu, 'topology');
  let topology: GuestTopology | undefined;
  if (topoEl) {
    const t = topologyOf(topoEl).values;
    if (t.sockets && t.dies && t.clusters && t.cores && t.threads) {
      topology = { el: topoEl, sockets: t.sockets, dies: t.dies, clusters: t.clusters, cores: t.cores, threads: t.threads };
    }
  }
  const cells: GuestCell[] = facts.cells.map((el, i) => {
    const id = parseUIntStrict(attributeValue(el, 'id') ?? '') ?? i;
    const mem = attributeValue(el, 'memory');
    return { el, id, cpus: setAttr(el, 'cpus'), memoryKiB: mem === undefined ? undefined : scaledToKiB(mem, attributeValue(el, 'unit')) };
  });

  const numatune = firstChild(root, 'numatune');
  const memEl = numatune && firstChild(numatune, 'memory');
  const memnodes = new Map<number, MemoryTune>();
  for (const el of numatune ? childrenNamed(numatune, 'memnode') : []) {
    const id = parseUIntStrict(attributeValue(el, 'cellid') ?? '');
    if (id !== undefined && !memnodes.has(id)) memnodes.set(id, memoryTune(el));
  }
  let pinnedEntries = 0;
  for (const pin of vcpuPins.values()) pinnedEntries += pin.list.length;
  return {
    pinnedEntries,
    vcpus,
    vcpuEl,
    vcpuAuto: vcpuEl !== undefined && attributeValue(vcpuEl, 'placement') === 'auto',
    defaultCpuset: vcpuEl ? setAttr(vcpuEl, 'cpuset') : undefined,
    cputune,
    vcpuPins,
    emulatorPin,
    iothreadPins,
    iothreadIds: ids,
    iothreadsEl,
    iothreadIdsEl,
    cpu,
    topology,
    numa: cpu && firstChild(cpu, 'numa'),
    cells,
    numatune,
    memory: memEl ? memoryTune(memEl) : undefined,
    memnodes,
    memoryKiB: facts.memoryKiB,
  };
}

function memoryTune(el: XmlElement): MemoryTune {
  return { el, mode: attributeValue(el, 'mode') ?? 'strict', placement: attributeValue(el, 'placement'), nodeset: setAttr(el, 'nodeset') };
}

/** Guest threads per core (1 without a topology). */
export function guestThreads(p: GuestPlacement): number {
  return p.topology?.threads ?? 1;
}

/** The guest cell listing vCPU `v`, or undefined. */
export function cellOfVcpu(p: GuestPlacement, v: number): GuestCell | undefined {
  return p.cells.find((c) => c.cpus?.list.includes(v));
}

/** Where vCPU `v` sits in the guest topology (threads innermost, as QEMU numbers vCPUs). */
export function guestPosition(p: GuestPlacement, v: number): { socket: number; die: number; cluster: number; core: number; thread: number } | undefined {
  const t = p.topology;
  if (!t) return undefined;
  let rest = v;
  const thread = rest % t.threads;
  rest = Math.floor(rest / t.threads);
  const core = rest % t.cores;
  rest = Math.floor(rest / t.cores);
  const cluster = rest % t.clusters;
  rest = Math.floor(rest / t.clusters);
  const die = rest % t.dies;
  const socket = Math.floor(rest / t.dies);
  return { socket, die, cluster, core, thread };
}
