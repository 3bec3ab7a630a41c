// "Pin vCPUs to host X": lays a domain's vCPUs out on a host topology the way
// an expert would and returns text edits that leave the rest of the document
// as written. Whole host cores in layout order, each guest core on one host
// core's threads (guest threads = host threads per core when the vCPU count
// allows it); the fewest host NUMA cells that hold the vCPUs and the memory,
// memory bound there with <numatune>; with more than one cell, guest cells
// mirroring them with a <memnode> each; the emulator and IOThreads on free
// CPUs of those cells. Pure: document and host in, plan and edits out.

import { CodeActionKind, type CodeAction } from 'vscode-languageserver-types';
import type { LibvirtDocument } from '../../domain/libvirtDocument';
import { formatCpuset } from '../../domain/cpuset';
import { formatKiB } from '../../domain/facts';
import { guestPlacement, type GuestPlacement } from '../../domain/placement';
import type { HostCore, HostTopology } from '../../hosts/topology';
import { indentationOf, removeAttribute, removeElement, setAttribute } from '../../rules/kit/edits';
import type { TextEdit } from '../../rules/types';
import type { XmlElement } from '../../xml/nodes';
import { toRange, type ParsedDocument } from '../parsedDocument';

export interface PinOptions {
  /** Host CPUs to keep free of vCPUs, the emulator and IOThreads (e.g. 0-1 for the host itself). */
  reserve?: readonly number[];
}

export interface PinPlan {
  host: string;
  /** vCPU → host CPU. */
  vcpuCpu: number[];
  /** Host cells used, ascending. */
  nodes: number[];
  /** Guest topology written. */
  topology: { sockets: number; cores: number; threads: number };
  /** Guest cells written when more than one host cell is used: vCPU range and memory per cell. */
  cells: Array<{ node: number; vcpus: [number, number]; memoryKiB: number }>;
  /** Where the emulator and IOThreads go; empty when the host has no CPU left for them. */
  housekeeping: number[];
  iothreads: readonly number[];
}

export type PinResult = { ok: true; plan: PinPlan; edits: TextEdit[]; summary: string } | { ok: false; error: string };

/** The layout for `p` on `host`, or why there is none. */
export function planPinning(p: GuestPlacement, host: HostTopology, opts: PinOptions = {}): { ok: true; plan: PinPlan } | { ok: false; error: string } {
  const perCore = host.threadsPerCore;
  const first = plan(p, host, opts, perCore > 1 && p.vcpus % perCore === 0 ? perCore : 1);
  // Memory may need more host cells than there are guest cores: then one vCPU per core thread.
  const r = first.ok || first.threads === 1 ? first : plan(p, host, opts, 1);
  return r.ok ? { ok: true, plan: r.plan } : { ok: false, error: r.error };
}

function plan(p: GuestPlacement, host: HostTopology, opts: PinOptions, threads: number): ({ ok: true; plan: PinPlan } | { ok: false; error: string }) & { /** Set on failures a one-thread layout would not cure. */ threads?: number } {
  const n = p.vcpus;
  if (n < 1) return { ok: false, error: 'the <vcpu> count is missing or unreadable', threads: 1 };
  const reserved = new Set(opts.reserve ?? []);
  // Units are whole cores (threads > 1) or single host CPUs of cores no reserved CPU touches.
  const freeCore = (c: HostCore) => c.threads.every((t) => !reserved.has(t)) && c.threads.length >= threads;
  const units = new Map<number, number[][]>();
  for (const node of host.nodes) {
    const list: number[][] = [];
    for (const ci of node.cores) {
      const core = host.cores[ci];
      if (!freeCore(core)) continue;
      if (threads > 1) list.push(core.threads.slice(0, threads));
      else for (const t of core.threads) list.push([t]);
    }
    units.set(node.id, list);
  }
  const need = n / threads;
  const total = [...units.values()].reduce((s, l) => s + l.length, 0);
  const what = threads > 1 ? `free cores of ${threads} threads` : 'free CPUs';
  if (total < need) return { ok: false, error: `host '${host.name}' has ${total} ${what}; ${n} vCPUs need ${need}`, threads: 1 };

  const memory = p.memoryKiB;
  const fits = (ids: number[]) =>
    ids.reduce((s, id) => s + units.get(id)!.length, 0) >= need &&
    (memory === undefined || ids.some((id) => host.nodes.find((x) => x.id === id)!.memoryKiB === undefined) || ids.reduce((s, id) => s + (host.nodes.find((x) => x.id === id)!.memoryKiB ?? 0), 0) >= memory);
  const withCpus = host.nodes.filter((x) => units.get(x.id)!.length > 0);
  // One cell when one holds everything: prefer one with room left for the emulator.
  let chosen: number[] | undefined;
  const single = withCpus.filter((x) => fits([x.id]));
  if (single.length) chosen = [(single.find((x) => units.get(x.id)!.length > need) ?? single[0]).id];
  else {
    const byRoom = [...withCpus].sort((a, b) => units.get(b.id)!.length - units.get(a.id)!.length || a.id - b.id);
    const acc: number[] = [];
    for (const x of byRoom) {
      acc.push(x.id);
      if (fits(acc)) break;
    }
    if (!fits(acc)) return { ok: false, error: `host '${host.name}' has too little memory in its NUMA cells for the domain's ${describeKiB(memory ?? 0)}`, threads: 1 };
    if (acc.length > need) return { ok: false, error: `the domain's memory needs ${acc.length} host NUMA cells, more than its ${need} guest cores`, threads };
    chosen = acc.sort((a, b) => a - b);
  }

  // Share the units evenly over the cells, within what each has.
  const share = new Map<number, number>(chosen.map((id) => [id, 0]));
  for (let left = need; left > 0; ) {
    let moved = false;
    for (const id of chosen) {
      if (left > 0 && share.get(id)! < units.get(id)!.length) {
        share.set(id, share.get(id)! + 1);
        left--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  const vcpuCpu: number[] = [];
  const cells: PinPlan['cells'] = [];
  for (const id of chosen) {
    const first = vcpuCpu.length;
    for (const unit of units.get(id)!.slice(0, share.get(id)!)) vcpuCpu.push(...unit);
    cells.push({ node: id, vcpus: [first, vcpuCpu.length - 1], memoryKiB: 0 });
  }
  if (chosen.length > 1) splitMemory(cells, memory ?? 0, n);
  const even = chosen.every((id) => share.get(id) === need / chosen.length);
  const topology = chosen.length > 1 && even ? { sockets: chosen.length, cores: need / chosen.length, threads } : { sockets: 1, cores: need, threads };

  const used = new Set(vcpuCpu);
  const free = host.cpuIds.filter((c) => !used.has(c) && !reserved.has(c));
  const near = free.filter((c) => chosen.includes(host.threads.get(c)!.node));
  const housekeeping = near.length ? near : free;
  return { ok: true, plan: { host: host.name, vcpuCpu, nodes: chosen, topology, cells: chosen.length > 1 ? cells : [], housekeeping, iothreads: p.iothreadIds } };
}

/** Guest cell memory in proportion to their vCPUs, in whole MiB where possible; the last cell takes the rest. */
function splitMemory(cells: PinPlan['cells'], totalKiB: number, vcpus: number): void {
  let left = totalKiB;
  cells.forEach((c, i) => {
    const count = c.vcpus[1] - c.vcpus[0] + 1;
    c.memoryKiB = i === cells.length - 1 ? left : Math.floor((totalKiB * count) / vcpus / 1024) * 1024;
    left -= c.memoryKiB;
  });
}

function describeKiB(kib: number): string {
  const f = formatKiB(kib);
  return `${f.value} ${f.unit}`;
}

/**
 * The plan as edits of `doc`'s text: pins replace the old pins inside
 * <cputune> (its other children stay), <numatune> and <cpu><topology>
 * (and <numa> when written) are replaced or added, <vcpu cpuset> is dropped
 * once the emulator has its own pin and placement='auto' becomes static.
 */
export function pinDomain(doc: LibvirtDocument, host: HostTopology, opts: PinOptions = {}): PinResult {
  const p = guestPlacement(doc);
  if (!p) return { ok: false, error: 'not a domain' };
  const planned = planPinning(p, host, opts);
  if (!planned.ok) return planned;
  const plan = planned.plan;
  const text = doc.xml.text;
  const unit = indentUnit(text, doc.root);
  const base = p.vcpuEl ? indentationOf(text, p.vcpuEl) : indentationOf(text, doc.root.children[0] ?? doc.root) || unit;
  const edits: TextEdit[] = [];
  const pinLines = [
    ...plan.vcpuCpu.map((cpu, v) => `<vcpupin vcpu='${v}' cpuset='${cpu}'/>`),
    ...(plan.housekeeping.length ? [`<emulatorpin cpuset='${formatCpuset(plan.housekeeping)}'/>`] : []),
    ...(plan.housekeeping.length ? plan.iothreads.map((id) => `<iothreadpin iothread='${id}' cpuset='${formatCpuset(plan.housekeeping)}'/>`) : []),
  ];
  const inserts: string[] = [];

  if (p.vcpuEl) {
    const placement = p.vcpuEl.attributes.find((a) => a.name === 'placement');
    if (placement && p.vcpuAuto) edits.push(setAttribute(p.vcpuEl, 'placement', 'static'));
    const cpuset = p.vcpuEl.attributes.find((a) => a.name === 'cpuset');
    if (cpuset && plan.housekeeping.length) edits.push(removeAttribute(text, cpuset));
  }

  // <cputune>: drop the old pins, put the new ones first.
  if (p.cputune && !p.cputune.selfClosing && p.cputune.endTagStart !== undefined) {
    const indent = indentationOf(text, p.cputune) || base;
    edits.push({ start: p.cputune.startTagEnd, end: p.cputune.startTagEnd, newText: pinLines.map((l) => `\n${indent}${unit}${l}`).join('') });
    for (const child of p.cputune.children) if (child.name === 'vcpupin' || child.name === 'emulatorpin' || child.name === 'iothreadpin') edits.push(removeElement(text, child));
  } else {
    const block = element('cputune', pinLines, base, unit);
    if (p.cputune) edits.push({ start: p.cputune.start, end: p.cputune.end, newText: block.trimStart() });
    else inserts.push(block);
  }

  // <numatune>: memory on the chosen cells, one memnode per guest cell.
  const guestCells = plan.cells.length ? plan.cells.map((_, i) => i) : p.cells.map((c) => c.id);
  const nodeset = formatCpuset(plan.nodes);
  const numaLines = [
    `<memory mode='strict' nodeset='${nodeset}'/>`,
    ...guestCells.map((id, i) => `<memnode cellid='${id}' mode='strict' nodeset='${plan.cells.length ? plan.cells[i].node : nodeset}'/>`),
  ];
  const numatune = element('numatune', numaLines, p.numatune ? indentationOf(text, p.numatune) || base : base, unit);
  if (p.numatune) edits.push({ start: p.numatune.start, end: p.numatune.end, newText: numatune.trimStart() });
  else inserts.push(numatune);

  // <cpu>: topology, and mirrored cells when more than one host cell is used.
  const t = plan.topology;
  // dies and clusters are left to their default (1), so the result also suits libvirt releases before they existed.
  const topo = `<topology sockets='${t.sockets}' cores='${t.cores}' threads='${t.threads}'/>`;
  const numa = plan.cells.length
    ? element(
        'numa',
        plan.cells.map((c, i) => {
          const m = formatKiB(c.memoryKiB);
          return `<cell id='${i}' cpus='${c.vcpus[0]}-${c.vcpus[1]}' memory='${m.value}' unit='${m.unit}'/>`;
        }),
        '',
        unit,
      ).trimStart()
    : undefined;
  if (!p.cpu) inserts.push(element('cpu', [topo, ...(numa ? [numa] : [])], base, unit));
  else edits.push(...cpuEdits(text, p, topo, numa, unit));

  if (inserts.length) {
    const after = lastOf([p.vcpuEl, p.iothreadsEl, p.iothreadIdsEl]) ?? doc.root.children[0];
    const at = after ? after.end : doc.root.startTagEnd;
    edits.push({ start: at, end: at, newText: inserts.join('') });
  }
  edits.sort((a, b) => a.start - b.start);
  const summary = `${plan.vcpuCpu.length} vCPUs on host '${host.name}' CPUs ${formatCpuset(plan.vcpuCpu)} (NUMA ${plan.nodes.length === 1 ? 'cell' : 'cells'} ${nodeset}; ${t.sockets} × ${t.cores} × ${t.threads})${plan.housekeeping.length ? `, emulator on ${formatCpuset(plan.housekeeping)}` : ', no free CPU for the emulator'}`;
  return { ok: true, plan, edits, summary };
}

function cpuEdits(text: string, p: GuestPlacement, topo: string, numa: string | undefined, unit: string): TextEdit[] {
  const cpu = p.cpu!;
  const indent = indentationOf(text, cpu);
  const childIndent = indent + unit;
  const reindent = (markup: string, lead: string) => markup.split('\n').join(`\n${lead}`);
  if (cpu.selfClosing || cpu.endTagStart === undefined) {
    // <cpu mode='…'/> → <cpu mode='…'> children </cpu>
    const open = text.slice(cpu.start, cpu.startTagEnd).replace(/\s*\/>$/, '>');
    const body = [topo, ...(numa ? [numa] : [])].map((m) => `\n${childIndent}${reindent(m, childIndent)}`).join('');
    return [{ start: cpu.start, end: cpu.end, newText: `${open}${body}\n${indent}</cpu>` }];
  }
  const edits: TextEdit[] = [];
  const topoEl = p.topology?.el ?? cpu.children.find((c) => c.name === 'topology');
  const numaEl = p.numa;
  const add: string[] = [];
  if (topoEl) edits.push({ start: topoEl.start, end: topoEl.end, newText: topo });
  else add.push(topo);
  if (numa && numaEl) edits.push({ start: numaEl.start, end: numaEl.end, newText: reindent(numa, indentationOf(text, numaEl) || childIndent) });
  else if (numa) add.push(numa);
  if (add.length) {
    const last = cpu.children[cpu.children.length - 1];
    if (last) {
      const lead = indentationOf(text, last) || childIndent;
      edits.push({ start: last.end, end: last.end, newText: add.map((m) => `\n${lead}${reindent(m, lead)}`).join('') });
    } else {
      edits.push({ start: cpu.startTagEnd, end: cpu.endTagStart, newText: `${add.map((m) => `\n${childIndent}${reindent(m, childIndent)}`).join('')}\n${indent}` });
    }
  }
  return edits;
}

/** `<name>` with `lines` as children, each on its own line; starts with a line break and `indent`. */
function element(name: string, lines: string[], indent: string, unit: string): string {
  const inner = lines.map((l) => `\n${indent}${unit}${l.split('\n').join(`\n${indent}${unit}`)}`).join('');
  return `\n${indent}<${name}>${inner}\n${indent}</${name}>`;
}

/** The document's indentation step: the first child's indentation relative to the root's; two spaces by default. */
function indentUnit(text: string, root: XmlElement): string {
  const child = root.children[0];
  if (!child) return '  ';
  const inner = indentationOf(text, child);
  const outer = indentationOf(text, root);
  return inner.length > outer.length && inner.startsWith(outer) ? inner.slice(outer.length) : '  ';
}

function lastOf(els: Array<XmlElement | undefined>): XmlElement | undefined {
  return els.filter((e): e is XmlElement => e !== undefined).sort((a, b) => b.end - a.end)[0];
}

/** Applies offset edits to `text` (ascending, non-overlapping; inserts at one offset keep their order). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    out += text.slice(at, e.start) + e.newText;
    at = Math.max(at, e.end);
  }
  return out + text.slice(at);
}

/** One "Pin vCPUs to host X" refactoring per host the layout fits on (domains only). */
export function pinningActions(doc: ParsedDocument, hosts: readonly HostTopology[], opts: PinOptions = {}): CodeAction[] {
  if (!doc.libvirt || doc.libvirt.kind !== 'domain') return [];
  const out: CodeAction[] = [];
  for (const host of hosts) {
    const r = pinDomain(doc.libvirt, host, opts);
    if (!r.ok) continue;
    const td = doc.textDocument;
    out.push({
      title: `Pin vCPUs to host ${host.name}`,
      kind: CodeActionKind.RefactorRewrite,
      edit: { changes: { [td.uri]: r.edits.map((e) => ({ range: toRange(td, e.start, e.end), newText: e.newText })) } },
    });
  }
  return out;
}
