// The map of a domain's placement on one host: the host grid (NUMA cell →
// socket → core → threads) with the vCPUs, emulator and IOThreads each CPU
// may run, the guest topology and cells beside it, affinity strings in virsh's
// `CPU Affinity: yyyy----` style, and the host checks' findings. One plain
// data model (sent to the editor's picture as JSON) and its text rendering
// for the CLI. Pure.

import type { LibvirtDocument } from '../../domain/libvirtDocument';
import { formatCpuset } from '../../domain/cpuset';
import { formatKiB } from '../../domain/facts';
import { guestPlacement, guestPosition, type GuestPlacement } from '../../domain/placement';
import { describeTopology, type HostTopology } from '../../hosts/topology';
import { checkHostTopology } from '../../rules/hostTopology/check';
import { codeInfo } from '../../rules/index';
import type { ParsedDocument } from '../parsedDocument';
import type { PictureCore, PictureCpu, PictureNode, PictureTask, TopologyPicture, TopologyPictureResult } from '../../protocol';

export type { PictureCore, PictureCpu, PictureNode, PictureTask, TopologyPicture };

/** Tasks listed at most (a 4096-vCPU guest still draws quickly; the rest is summarised). */
const maxTasks = 1024;
/** vCPUs recorded per host CPU at most (the picture shows a few and a count). */
const maxVcpusPerCpu = 64;
/** CPU marks made at most over the whole grid (hostile pins of every vCPU to every CPU). */
const maxMarks = 1 << 20;

/** The picture of `doc` on `host`; undefined when `doc` is not a domain. */
export function topologyPicture(doc: LibvirtDocument, host: HostTopology): TopologyPicture | undefined {
  const p = guestPlacement(doc);
  if (!p) return undefined;
  const width = host.cpuIds.length ? host.cpuIds[host.cpuIds.length - 1] + 1 : 0;
  const all = host.cpuIds;
  const hostSet = new Set(all);
  const notes: string[] = [];
  if (p.vcpuAuto) notes.push("vCPUs: placement='auto' (numad chooses at start; shown unrestricted)");

  const tasks: PictureTask[] = [];
  const perCpu = new Map<number, PictureCpu>(all.map((id) => [id, { id, vcpus: [], emulator: false, iothreads: [], conflict: false }]));
  let marks = 0;
  // Equal cpusets share one list (domain/facts.ts caches them): describe each list once.
  const described = new Map<readonly number[], { inside: number[]; text: Omit<PictureTask, 'label' | 'kind' | 'guest'> }>();
  const describe = (cpus: readonly number[], written: boolean) => {
    let d = described.get(cpus);
    if (!d) {
      const inside = cpus.filter((c) => hostSet.has(c));
      const missing = cpus.filter((c) => !hostSet.has(c));
      const cells = [...new Set(inside.map((c) => host.threads.get(c)!.node))].sort((a, b) => a - b);
      const text = { cpus: written ? formatCpuset(cpus) : 'all', affinity: affinity(inside, width), hostCells: formatCpuset(cells), ...(missing.length ? { missing: formatCpuset(missing) } : {}) };
      described.set(cpus, (d = { inside, text }));
    }
    return d;
  };
  const task = (label: string, kind: PictureTask['kind'], list: readonly number[] | undefined, guest?: string): readonly number[] => {
    if (tasks.length >= maxTasks) {
      // Past the listed tasks only the grid marks are needed, within the budget.
      if (!list || marks >= maxMarks) return [];
      marks += list.length;
      return describe(list, true).inside;
    }
    if (list) marks += list.length;
    const d = describe(list ?? all, list !== undefined);
    tasks.push({ label, kind, ...d.text, ...(guest ? { guest } : {}) });
    return d.inside;
  };
  const fallback = p.vcpuAuto ? undefined : p.defaultCpuset?.list;
  const cellOf = new Map<number, number>();
  for (const c of p.cells) for (const v of c.cpus?.list ?? []) if (!cellOf.has(v)) cellOf.set(v, c.id);
  const singles = new Map<number, number>();
  const vcpuCpus = new Set<number>();
  for (let v = 0; v < p.vcpus; v++) {
    const pin = p.vcpuPins.get(v)?.list;
    const inside = task(`vCPU ${v}`, 'vcpu', pin ?? fallback, guestLabel(p, v, cellOf));
    if ((pin ?? fallback) && marks <= maxMarks) {
      for (const c of inside) {
        const cell = perCpu.get(c)!;
        if (cell.vcpus.length < maxVcpusPerCpu) cell.vcpus.push(v);
      }
    }
    if (pin && vcpuCpus.size < all.length) for (const c of inside) vcpuCpus.add(c);
    if (pin?.length === 1 && hostSet.has(pin[0])) {
      singles.set(pin[0], (singles.get(pin[0]) ?? 0) + 1);
    }
  }
  if (p.vcpus > maxTasks) notes.push(`${p.vcpus - maxTasks} more vCPUs not listed`);
  for (const [cpu, count] of singles) if (count > 1) perCpu.get(cpu)!.conflict = true;
  const emulatorList = p.emulatorPin?.list ?? fallback;
  const emulatorCpus = task('emulator', 'emulator', emulatorList);
  for (const c of emulatorList ? emulatorCpus : []) {
    const cell = perCpu.get(c)!;
    cell.emulator = true;
    if (p.emulatorPin && vcpuCpus.has(c)) cell.conflict = true;
  }
  for (const id of p.iothreadIds) {
    const pin = p.iothreadPins.get(id)?.list;
    const inside = task(`IOThread ${id}`, 'iothread', pin ?? fallback);
    for (const c of pin ?? fallback ? inside : []) {
      const cell = perCpu.get(c)!;
      cell.iothreads.push(id);
      if (pin && vcpuCpus.has(c)) cell.conflict = true;
    }
  }

  const nodes: PictureNode[] = host.nodes.map((node) => {
    const sockets = new Map<string, PictureCore[]>();
    for (const ci of node.cores) {
      const core = host.cores[ci];
      const key = core.socket === undefined ? 'socket ?' : `socket ${core.socket}`;
      const parts = [core.die !== undefined && (host.cpuTopology?.dies ?? 1) > 1 ? `die ${core.die}` : '', core.cluster !== undefined && (host.cpuTopology?.clusters ?? 1) > 1 ? `cluster ${core.cluster}` : '', `core ${core.core ?? core.threads[0]}`];
      const list = sockets.get(key) ?? [];
      list.push({ label: parts.filter(Boolean).join(' '), threads: core.threads.map((t) => perCpu.get(t)!) });
      sockets.set(key, list);
    }
    const m = node.memoryKiB === undefined ? undefined : formatKiB(node.memoryKiB);
    const dist = [...node.distances].sort((a, b) => a.node - b.node).map((d) => d.value);
    return { id: node.id, memory: m && `${m.value} ${m.unit}`, distances: dist.length ? dist.join(' ') : undefined, sockets: [...sockets].map(([label, cores]) => ({ label, cores })) };
  });

  const t = p.topology;
  const memory = p.memoryKiB === undefined ? undefined : formatKiB(p.memoryKiB);
  const problems = checkHostTopology(doc, [host]).map((f) => ({ code: f.code, severity: codeInfo(f.code)?.severity ?? 'warning', message: f.message, start: f.start, end: f.end }));
  return {
    host: host.name,
    summary: describeTopology(host),
    nodes,
    guest: {
      vcpus: p.vcpus,
      topology: t ? `${t.sockets} sockets × ${t.dies} dies × ${t.clusters} clusters × ${t.cores} cores × ${t.threads} threads` : 'no <topology> (one socket per vCPU)',
      cells: p.cells.map((c) => {
        const mem = c.memoryKiB === undefined ? undefined : formatKiB(c.memoryKiB);
        const memnode = p.memnodes.get(c.id);
        return { id: c.id, vcpus: c.cpus ? formatCpuset([...c.cpus.list]) : '?', memory: mem ? `${mem.value} ${mem.unit}` : '?', memnode: memnode?.nodeset ? formatCpuset([...memnode.nodeset.list]) : undefined };
      }),
      memory: memory && `${memory.value} ${memory.unit}${p.memory?.nodeset ? ` on host cells ${formatCpuset([...p.memory.nodeset.list])} (${p.memory.mode})` : p.memory?.placement === 'auto' ? ' (numad places it)' : ''}`,
      notes,
    },
    tasks,
    problems,
  };
}

function guestLabel(p: GuestPlacement, v: number, cells: ReadonlyMap<number, number>): string | undefined {
  const pos = guestPosition(p, v);
  const cell = cells.get(v);
  const parts = pos ? [`socket ${pos.socket}`, ...(p.topology!.dies > 1 ? [`die ${pos.die}`] : []), ...(p.topology!.clusters > 1 ? [`cluster ${pos.cluster}`] : []), `core ${pos.core}`, `thread ${pos.thread}`] : [];
  if (cell !== undefined) parts.push(`cell ${cell}`);
  return parts.length ? parts.join(' ') : undefined;
}

/** virsh's affinity string: 'y' for each CPU id in `cpus`, '-' for the others, ids 0 … width-1. */
export function affinity(cpus: readonly number[], width: number): string {
  // Built from runs (pins are short lists; "all" is one run), not char by char.
  const sorted = cpus.length > 1 && cpus.some((c, i) => i > 0 && c <= cpus[i - 1]) ? [...new Set(cpus)].sort((a, b) => a - b) : cpus;
  let out = '';
  let at = 0;
  for (let i = 0; i < sorted.length; ) {
    const from = sorted[i];
    if (from >= width) break;
    let to = from;
    while (i + 1 < sorted.length && sorted[i + 1] === to + 1 && to + 1 < width) to = sorted[++i];
    i++;
    out += '-'.repeat(from - at) + 'y'.repeat(to - from + 1);
    at = to + 1;
  }
  return out + '-'.repeat(Math.max(0, width - at));
}

/** The picture as text: the grid by cell, socket and core, then one affinity line per task and the problems. */
export function topologyText(pic: TopologyPicture, lineOf?: (offset: number) => number): string {
  const lines: string[] = [`Host ${pic.host}: ${pic.summary}`];
  const cpuText = (c: PictureCpu) => {
    const who = [...(c.vcpus.length ? [`vCPU ${formatCpuset(c.vcpus)}`] : []), ...(c.emulator ? ['emulator'] : []), ...(c.iothreads.length ? [`IOThread ${formatCpuset(c.iothreads)}`] : [])];
    return `CPU ${c.id}${who.length ? ` [${who.join(', ')}]` : ''}${c.conflict ? ' !' : ''}`;
  };
  for (const n of pic.nodes) {
    lines.push(`NUMA cell ${n.id}${n.memory ? `: ${n.memory}` : ''}${n.distances ? `, distances ${n.distances}` : ''}`);
    for (const s of n.sockets) {
      lines.push(`  ${s.label}`);
      for (const c of s.cores) lines.push(`    ${c.label}: ${c.threads.map(cpuText).join('  ')}`);
    }
  }
  const g = pic.guest;
  lines.push('', `Guest: ${g.vcpus} vCPUs, ${g.topology}${g.memory ? `, memory ${g.memory}` : ''}`);
  for (const c of g.cells) lines.push(`  guest cell ${c.id}: vCPUs ${c.vcpus}, ${c.memory}${c.memnode !== undefined ? `, memory on host cells ${c.memnode}` : ''}`);
  for (const note of g.notes) lines.push(`  note: ${note}`);
  lines.push('');
  const pad = Math.max(0, ...pic.tasks.map((t) => t.label.length));
  for (const t of pic.tasks) {
    const extra = [...(t.guest ? [t.guest] : []), `host cells ${t.hostCells || 'none'}`, ...(t.missing ? [`missing CPUs ${t.missing}`] : [])];
    lines.push(`${t.label.padEnd(pad)}  CPU Affinity: ${t.affinity}  (${t.cpus}; ${extra.join('; ')})`);
  }
  if (pic.problems.length) {
    lines.push('', 'Problems:');
    for (const pr of pic.problems) lines.push(`  ${lineOf ? `line ${lineOf(pr.start)}: ` : ''}${pr.severity} ${pr.code}: ${pr.message}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The answer to libvirtXml/topologyPicture: the picture of the document on
 * the named host (else the first), with each problem's line, or a message
 * saying why there is none.
 */
export function topologyPictureFor(doc: ParsedDocument | undefined, hosts: readonly HostTopology[], hostName: string | undefined): TopologyPictureResult {
  const names = hosts.map((h) => h.name);
  if (hosts.length === 0) return { hosts: names, message: 'No host with a topology is loaded: add `virsh capabilities` output to the libvirtXml.hosts.files setting.' };
  if (!doc?.libvirt || doc.libvirt.kind !== 'domain') return { hosts: names, message: 'Open a libvirt domain XML document to see its placement.' };
  const host = hosts.find((h) => h.name === hostName) ?? hosts[0];
  const picture = topologyPicture(doc.libvirt, host)!;
  for (const p of picture.problems) p.line = doc.textDocument.positionAt(p.start).line + 1;
  return { hosts: names, host: host.name, picture };
}
