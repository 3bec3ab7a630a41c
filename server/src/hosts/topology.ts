// The host's processor and memory layout from `virsh capabilities`:
// NUMA cells (memory, huge pages, distances) from <host><topology><cells>,
// each CPU's socket/die/cluster/core ids and thread siblings, the cores those
// make, and the host <cpu><topology> counts. Pure: a tree in, a model out;
// missing or unreadable attributes are tolerated (libvirt's own test data
// has CPUs with nothing but an id), never thrown on.

import { attributeValue, childrenNamed, firstChild, textContent, type XmlElement } from '../xml/nodes';
import { parseXml } from '../xml/parser';
import { parseUIntStrict } from '../domain/numbers';
import { parseBitmap } from '../domain/cpuset';
import { scaledToKiB, topologyOf } from '../domain/facts';

/** One host CPU (a hardware thread) as capabilities lists it. */
export interface HostThread {
  id: number;
  /** The NUMA cell listing it. */
  node: number;
  socket: number | undefined;
  die: number | undefined;
  cluster: number | undefined;
  core: number | undefined;
  /** The `siblings` list (threads of its core, itself included); undefined when not written. */
  siblings: readonly number[] | undefined;
  /** Index of its core in `HostTopology.cores`. */
  coreIndex: number;
}

/** A physical core: the threads that share it, in ascending id order. */
export interface HostCore {
  index: number;
  node: number;
  socket: number | undefined;
  die: number | undefined;
  cluster: number | undefined;
  core: number | undefined;
  threads: readonly number[];
}

export interface HostPages {
  sizeKiB: number;
  count: number;
}

export interface HostNode {
  id: number;
  memoryKiB: number | undefined;
  pages: HostPages[];
  /** Distances to other cells (`<distances><sibling id value>`), in document order. */
  distances: Array<{ node: number; value: number }>;
  /** Its CPU ids in ascending order. */
  cpus: readonly number[];
  /** Indexes into `HostTopology.cores`, in core order. */
  cores: readonly number[];
}

export interface HostTopology {
  /** The host's name for messages (the file name). */
  name: string;
  arch: string | undefined;
  /** Cells in ascending id order. */
  nodes: HostNode[];
  /** Every core in layout order: cell, socket, die, cluster, core id, first thread. */
  cores: HostCore[];
  /** CPU id → its thread; ids need not be contiguous. */
  threads: ReadonlyMap<number, HostThread>;
  /** Every CPU id, ascending. */
  cpuIds: readonly number[];
  /** Host `<cpu><topology>` as written, when it is. */
  cpuTopology: { sockets?: number; dies?: number; clusters?: number; cores?: number; threads?: number } | undefined;
  /** The most common number of threads per core (1 without SMT). */
  threadsPerCore: number;
  /** Socket ids seen, ascending (empty when no CPU names its socket). */
  sockets: readonly number[];
}

/** Largest CPU id read (libvirt's domain cpusets stop at 16383 too). */
const maxCpuId = 16383;

/**
 * The topology of a `<capabilities>` root, or undefined when it has no
 * `<host><topology><cells>` with at least one CPU. Cells or CPUs with an
 * unreadable id are skipped; a CPU listed twice counts once (first wins).
 */
export function readHostTopology(capabilities: XmlElement, name: string): HostTopology | undefined {
  const host = firstChild(capabilities, 'host');
  const cellsEl = host && firstChild(host, 'topology');
  const cells = cellsEl && firstChild(cellsEl, 'cells');
  if (!host || !cells) return undefined;
  const cpuEl = firstChild(host, 'cpu');
  const archEl = cpuEl && firstChild(cpuEl, 'arch');
  const topoEl = cpuEl && firstChild(cpuEl, 'topology');

  const nodes: HostNode[] = [];
  const threads = new Map<number, HostThread>();
  const seenNodes = new Set<number>();
  for (const cell of childrenNamed(cells, 'cell')) {
    const id = uint(attributeValue(cell, 'id'));
    if (id === undefined || seenNodes.has(id)) continue;
    seenNodes.add(id);
    const memEl = firstChild(cell, 'memory');
    const node: HostNode = {
      id,
      memoryKiB: memEl ? scaledToKiB(textContent(memEl).trim(), attributeValue(memEl, 'unit')) : undefined,
      pages: [],
      distances: [],
      cpus: [],
      cores: [],
    };
    for (const p of childrenNamed(cell, 'pages')) {
      const size = scaledToKiB(attributeValue(p, 'size') ?? '', attributeValue(p, 'unit'));
      const count = uint(textContent(p).trim());
      if (size !== undefined && count !== undefined) node.pages.push({ sizeKiB: size, count });
    }
    const dist = firstChild(cell, 'distances');
    for (const s of dist ? childrenNamed(dist, 'sibling') : []) {
      const other = uint(attributeValue(s, 'id'));
      const value = uint(attributeValue(s, 'value'));
      if (other !== undefined && value !== undefined) node.distances.push({ node: other, value });
    }
    const cpusEl = firstChild(cell, 'cpus');
    const ids: number[] = [];
    for (const c of cpusEl ? childrenNamed(cpusEl, 'cpu') : []) {
      const cid = uint(attributeValue(c, 'id'));
      if (cid === undefined || cid > maxCpuId || threads.has(cid)) continue;
      const sib = attributeValue(c, 'siblings');
      threads.set(cid, {
        id: cid,
        node: id,
        socket: uint(attributeValue(c, 'socket_id')),
        die: uint(attributeValue(c, 'die_id')),
        cluster: uint(attributeValue(c, 'cluster_id')),
        core: uint(attributeValue(c, 'core_id')),
        siblings: sib === undefined ? undefined : parseBitmap(sib),
        coreIndex: -1,
      });
      ids.push(cid);
    }
    node.cpus = ids.sort((a, b) => a - b);
    nodes.push(node);
  }
  if (threads.size === 0) return undefined;
  nodes.sort((a, b) => a.id - b.id);

  const cores = groupCores(nodes, threads);
  const cpuIds = [...threads.keys()].sort((a, b) => a - b);
  const sizes = new Map<number, number>();
  for (const c of cores) sizes.set(c.threads.length, (sizes.get(c.threads.length) ?? 0) + 1);
  let threadsPerCore = 1;
  let best = 0;
  for (const [size, n] of sizes) if (n > best || (n === best && size > threadsPerCore)) [threadsPerCore, best] = [size, n];
  const sockets = [...new Set(cpuIds.map((id) => threads.get(id)!.socket).filter((s): s is number => s !== undefined))].sort((a, b) => a - b);

  let cpuTopology: HostTopology['cpuTopology'];
  if (topoEl) {
    const t = topologyOf(topoEl);
    cpuTopology = {};
    for (const k of ['sockets', 'dies', 'clusters', 'cores', 'threads'] as const) {
      if (attributeValue(topoEl, k) !== undefined && t.values[k] !== undefined) cpuTopology[k] = t.values[k];
    }
  }
  return { name, arch: archEl ? textContent(archEl).trim() || undefined : undefined, nodes, cores, threads, cpuIds, cpuTopology, threadsPerCore, sockets };
}

/**
 * Threads → cores. A core is the set of CPUs that name the same `siblings`
 * (restricted to CPUs of the same cell that exist); without `siblings`, the
 * CPUs sharing socket, die, cluster and core id; without a core id, each CPU
 * alone.
 */
function groupCores(nodes: HostNode[], threads: Map<number, HostThread>): HostCore[] {
  const groups = new Map<string, number[]>();
  for (const node of nodes) {
    for (const id of node.cpus) {
      const t = threads.get(id)!;
      let key: string;
      if (t.siblings !== undefined && t.siblings.includes(id)) {
        const sibs = t.siblings.filter((s) => threads.get(s)?.node === node.id);
        key = `s${node.id}:${sibs.join(',')}`;
      } else if (t.core !== undefined) key = `c${node.id}:${t.socket}:${t.die}:${t.cluster}:${t.core}`;
      else key = `t${id}`;
      const g = groups.get(key);
      if (g) g.push(id);
      else groups.set(key, [id]);
    }
  }
  const cores: HostCore[] = [];
  for (const ids of groups.values()) {
    ids.sort((a, b) => a - b);
    const first = threads.get(ids[0])!;
    cores.push({ index: 0, node: first.node, socket: first.socket, die: first.die, cluster: first.cluster, core: first.core, threads: ids });
  }
  const num = (n: number | undefined) => n ?? -1;
  cores.sort(
    (a, b) =>
      a.node - b.node ||
      num(a.socket) - num(b.socket) ||
      num(a.die) - num(b.die) ||
      num(a.cluster) - num(b.cluster) ||
      num(a.core) - num(b.core) ||
      a.threads[0] - b.threads[0],
  );
  const byNode = new Map<number, number[]>();
  cores.forEach((c, i) => {
    c.index = i;
    for (const id of c.threads) threads.get(id)!.coreIndex = i;
    const list = byNode.get(c.node);
    if (list) list.push(i);
    else byNode.set(c.node, [i]);
  });
  for (const node of nodes) node.cores = byNode.get(node.id) ?? [];
  return cores;
}

function uint(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseUIntStrict(text);
}

/** The cell holding `cpu`, or undefined when the host has no such CPU. */
export function nodeOfCpu(topology: HostTopology, cpu: number): number | undefined {
  return topology.threads.get(cpu)?.node;
}

/** The CPUs of `cpus` the host does not have, ascending. */
export function missingCpus(topology: HostTopology, cpus: readonly number[]): number[] {
  return cpus.filter((c) => !topology.threads.has(c));
}

/** A one-line summary: "2 NUMA cells, 2 sockets, 8 cores, 16 CPUs (2 threads per core)". */
export function describeTopology(t: HostTopology): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const parts = [plural(t.nodes.length, 'NUMA cell'), ...(t.sockets.length ? [plural(t.sockets.length, 'socket')] : []), plural(t.cores.length, 'core'), plural(t.cpuIds.length, 'CPU')];
  return `${parts.join(', ')} (${plural(t.threadsPerCore, 'thread')} per core)`;
}

/**
 * Every host topology in one file's text: each `<capabilities>` root with
 * CPUs under `<host><topology>`, named `name` (with "#n" when the file holds
 * several). Other roots are ignored: domain capabilities and bare `<cpu>`
 * documents carry no topology. Malformed XML yields what the tolerant parser
 * recovers.
 */
export function readTopologies(text: string, name: string): HostTopology[] {
  if (text.length > 10 * 1024 * 1024) return [];
  const roots = parseXml(text).roots.filter((r) => r.name === 'capabilities');
  const out: HostTopology[] = [];
  roots.forEach((root, i) => {
    const t = readHostTopology(root, roots.length > 1 ? `${name}#${i + 1}` : name);
    if (t) out.push(t);
  });
  return out;
}
