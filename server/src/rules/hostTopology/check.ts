// Rule family run only when hosts with a topology are loaded: a domain's pins,
// guest topology and NUMA tuning checked against each host's cells, cores and
// threads. Everything here depends on the host (libvirt defines all of it), so
// findings are warnings or information naming the host; the same finding on
// several hosts is reported once, naming them all.

import type { LibvirtDocument } from '../../domain/libvirtDocument';
import { formatCpuset } from '../../domain/cpuset';
import { guestPlacement, guestThreads, type GuestPlacement, type SetAttr } from '../../domain/placement';
import type { HostTopology } from '../../hosts/topology';
import { changeValueFix, fix, setAttribute, valueRange } from '../kit';
import type { Finding, Fix } from '../types';
import type { RuleContext } from '../context';
import type { hostTopologyCodes } from './codes';

type Code = keyof typeof hostTopologyCodes;

/** A finding before host names are filled in: `{host}` in the message stands for them. */
interface Draft {
  code: Code;
  start: number;
  end: number;
  message: string;
  fixes?: Fix[];
}

/**
 * Pin lists longer than this in total (a hostile 16,384 vCPUs each pinned to
 * 16,384 CPUs) skip the checks that walk every pinned CPU.
 */
export const maxPinnedEntries = 1 << 20;

/** Findings of one kind reported at most per host (a 256-vCPU domain pinned badly would drown the editor). */
const maxPerKind = 16;
const maxNamedHosts = 5;

/** The family's entry: quiet unless host topologies are loaded. */
export function checkHostTopologyRules(ctx: RuleContext): Finding[] {
  return ctx.topologies?.length ? checkHostTopology(ctx.doc, ctx.topologies) : [];
}

/**
 * Every finding for `doc` against `hosts`. Quiet for anything but a domain,
 * without hosts, and for values that do not parse (other families report them).
 */
export function checkHostTopology(doc: LibvirtDocument, hosts: readonly HostTopology[]): Finding[] {
  const p = hosts.length ? guestPlacement(doc) : undefined;
  if (!p) return [];
  const groups = new Map<string, { draft: Draft; hosts: string[]; fixKey: string }>();
  for (const host of hosts) {
    for (const d of draftsFor(p, host)) {
      const key = `${d.code}|${d.start}|${d.end}|${d.message}`;
      const fixKey = JSON.stringify(d.fixes ?? []);
      const g = groups.get(key);
      if (!g) groups.set(key, { draft: d, hosts: [host.name], fixKey });
      else {
        g.hosts.push(host.name);
        // A fix is offered only when it is the same for every host it applies to.
        if (g.fixKey !== fixKey) g.draft = { ...g.draft, fixes: undefined };
      }
    }
  }
  const out: Finding[] = [];
  for (const { draft, hosts: names } of groups.values()) {
    const f: Finding = { code: draft.code, start: draft.start, end: draft.end, message: draft.message.replace('{host}', hostList(names)) };
    if (draft.fixes?.length) f.fixes = draft.fixes;
    out.push(f);
  }
  return out;
}

function hostList(names: string[]): string {
  const quoted = names.slice(0, maxNamedHosts).map((n) => `'${n}'`);
  if (names.length > maxNamedHosts) quoted.push(`${names.length - maxNamedHosts} more`);
  return `${names.length === 1 ? 'host' : 'hosts'} ${quoted.join(', ')}`;
}

function plural(n: number, word: string): string {
  return `${word}${n === 1 ? '' : 's'}`;
}

function draftsFor(p: GuestPlacement, host: HostTopology): Draft[] {
  const out: Draft[] = [];
  missingCpuDrafts(p, host, out);
  missingNodeDrafts(p, host, out);
  if (p.pinnedEntries <= maxPinnedEntries) {
    threadDrafts(p, host, out);
    cellDrafts(p, host, out);
    emulatorDrafts(p, host, out);
  }
  sharingDrafts(p, out);
  autoDrafts(p, out);
  return out;
}

/** Each parsed pin list, labelled for messages. */
function pinLists(p: GuestPlacement): Array<{ label: string; set: SetAttr }> {
  const out: Array<{ label: string; set: SetAttr }> = [];
  if (p.defaultCpuset) out.push({ label: '<vcpu cpuset>', set: p.defaultCpuset });
  for (const [v, set] of p.vcpuPins) out.push({ label: `vCPU ${v}'s pin`, set });
  if (p.emulatorPin) out.push({ label: '<emulatorpin>', set: p.emulatorPin });
  for (const [id, set] of p.iothreadPins) out.push({ label: `IOThread ${id}'s pin`, set });
  return out;
}

function missingCpuDrafts(p: GuestPlacement, host: HostTopology, out: Draft[]): void {
  let n = 0;
  // Equal cpuset texts share one list (domain/facts.ts caches them): filter each list once.
  const memo = new Map<readonly number[], number[]>();
  for (const { label, set } of pinLists(p)) {
    let missing = memo.get(set.list);
    if (!missing) memo.set(set.list, (missing = set.list.filter((c) => !host.threads.has(c))));
    if (missing.length === 0) continue;
    if (++n > maxPerKind) break;
    const kept = set.list.filter((c) => host.threads.has(c));
    const d: Draft = {
      code: 'host-cpu-missing',
      ...valueRange(set.attr),
      message: `${label} names ${plural(missing.length, 'CPU')} ${formatCpuset(missing)} that {host} does not have (it has CPUs ${formatCpuset([...host.cpuIds])}): the pin cannot be honoured there`,
    };
    if (kept.length) d.fixes = [changeValueFix(set.attr, formatCpuset(kept), true)];
    out.push(d);
  }
}

function missingNodeDrafts(p: GuestPlacement, host: HostTopology, out: Draft[]): void {
  const ids = new Set(host.nodes.map((n) => n.id));
  const tunes = [...(p.memory ? [{ label: '<numatune><memory>', tune: p.memory }] : []), ...[...p.memnodes].map(([cell, tune]) => ({ label: `<memnode cellid='${cell}'>`, tune }))];
  for (const { label, tune } of tunes) {
    const set = tune.nodeset;
    if (!set) continue;
    const missing = set.list.filter((n) => !ids.has(n));
    if (missing.length === 0) continue;
    const kept = set.list.filter((n) => ids.has(n));
    const d: Draft = {
      code: 'host-node-missing',
      ...valueRange(set.attr),
      message: `${label} names NUMA ${plural(missing.length, 'cell')} ${formatCpuset(missing)} that {host} does not have (it has ${formatCpuset([...ids])}): libvirt refuses to start the domain there with "NUMA node ${missing[0]} is unavailable"`,
    };
    if (kept.length) d.fixes = [changeValueFix(set.attr, formatCpuset(kept), true)];
    out.push(d);
  }
}

/** The host cores a pin list touches (CPUs the host lacks left out). */
function coresOf(host: HostTopology, cpus: readonly number[]): Set<number> {
  const out = new Set<number>();
  for (const c of cpus) {
    const t = host.threads.get(c);
    if (t) out.add(t.coreIndex);
  }
  return out;
}

function nodesOf(host: HostTopology, cpus: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const c of cpus) {
    const t = host.threads.get(c);
    if (t) out.add(t.node);
  }
  return out;
}

function threadDrafts(p: GuestPlacement, host: HostTopology, out: Draft[]): void {
  const threads = guestThreads(p);
  if (threads < 2 || p.vcpuPins.size === 0) return;
  let n = 0;
  for (let first = 0; first + threads <= p.vcpus; first += threads) {
    const pins = Array.from({ length: threads }, (_, k) => p.vcpuPins.get(first + k));
    if (pins.some((x) => x === undefined)) continue;
    const all = new Set<number>();
    for (const pin of pins) for (const c of coresOf(host, pin!.list)) all.add(c);
    if (all.size <= 1) continue;
    if (++n > maxPerKind) break;
    const last = first + threads - 1;
    const d: Draft = {
      code: 'host-threads-split',
      ...valueRange(pins[1]!.attr),
      message: `vCPUs ${first}-${last} are threads of one guest core (threads='${threads}') but are pinned to ${all.size} different cores of {host}`,
    };
    // Obvious repair: the first vCPU is pinned to one CPU whose core has enough threads.
    const head = pins[0]!.list;
    const core = head.length === 1 ? host.threads.get(head[0]) : undefined;
    const siblings = core ? host.cores[core.coreIndex].threads : [];
    if (core && siblings.length >= threads) {
      const order = [head[0], ...siblings.filter((s) => s !== head[0])];
      const edits = pins.slice(1).map((pin, k) => setAttribute(pin!.el, 'cpuset', String(order[k + 1])));
      const title = threads === 2 ? `Change vCPU ${last}'s cpuset to '${order[1]}', the sibling thread of CPU ${head[0]}` : `Change the cpusets of vCPUs ${first + 1}-${last} to the sibling threads of CPU ${head[0]} (${formatCpuset(order.slice(1, threads))})`;
      d.fixes = [fix(title, edits)];
    }
    out.push(d);
  }
}

function cellDrafts(p: GuestPlacement, host: HostTopology, out: Draft[]): void {
  const hostIds = new Set(host.nodes.map((x) => x.id));
  for (const cell of p.cells) {
    if (!cell.cpus) continue;
    const vcpus = cell.cpus.list.filter((v) => v < p.vcpus);
    const pinned = vcpus.filter((v) => p.vcpuPins.has(v));
    const cpuNodes = new Set<number>();
    for (const v of pinned) for (const x of nodesOf(host, p.vcpuPins.get(v)!.list)) cpuNodes.add(x);
    const memnode = p.memnodes.get(cell.id);
    const memNodes = memnode?.nodeset ? memnode.nodeset.list.filter((x) => hostIds.has(x)) : [];
    const home = cpuNodes.size === 1 && pinned.length === vcpus.length ? [...cpuNodes][0] : undefined;
    const bind = (): Fix[] | undefined =>
      home !== undefined && memnode?.nodeset ? [changeValueFix(memnode.nodeset.attr, String(home), true)] : undefined;
    if (cpuNodes.size > 1) {
      out.push({
        code: 'host-cell-spans-nodes',
        ...valueRange(cell.cpus.attr),
        message: `guest NUMA cell ${cell.id}'s vCPUs are pinned to CPUs of host cells ${formatCpuset([...cpuNodes])} of {host}: the guest sees one node where the host has ${cpuNodes.size}`,
      });
    }
    if (memNodes.length > 1) {
      out.push({
        code: 'host-cell-spans-nodes',
        ...valueRange(memnode!.nodeset!.attr),
        message: `guest NUMA cell ${cell.id}'s memory is spread over host cells ${formatCpuset(memNodes)} of {host}`,
        fixes: bind(),
      });
    } else if (memNodes.length === 1 && home !== undefined && memNodes[0] !== home) {
      out.push({
        code: 'host-cell-memory-remote',
        ...valueRange(memnode!.nodeset!.attr),
        message: `guest NUMA cell ${cell.id}'s vCPUs run on host cell ${home} of {host} but its memory is bound to host cell ${memNodes[0]}: every access is remote`,
        fixes: bind(),
      });
    }
  }
}

function sharingDrafts(p: GuestPlacement, out: Draft[]): void {
  const owner = new Map<number, number>();
  let n = 0;
  for (const [v, pin] of [...p.vcpuPins].sort((a, b) => a[0] - b[0])) {
    if (pin.list.length !== 1) continue;
    const cpu = pin.list[0];
    const first = owner.get(cpu);
    if (first === undefined) {
      owner.set(cpu, v);
      continue;
    }
    if (++n > maxPerKind) break;
    out.push({ code: 'host-vcpus-share-cpu', ...valueRange(pin.attr), message: `vCPU ${v} and vCPU ${first} are both pinned to CPU ${cpu} alone on {host}: they take turns on it` });
  }
}

function emulatorDrafts(p: GuestPlacement, host: HostTopology, out: Draft[]): void {
  if (p.vcpuPins.size === 0) return;
  const used = new Set<number>();
  for (const pin of p.vcpuPins.values()) for (const c of pin.list) used.add(c);
  // Free CPUs in the cells the vCPUs use (the emulator stays near the guest's memory), else anywhere.
  const near = nodesOf(host, used);
  const free = host.cpuIds.filter((c) => !used.has(c));
  const freeNear = free.filter((c) => near.has(host.threads.get(c)!.node));
  const target = freeNear.length ? freeNear : free;
  const pins = [...(p.emulatorPin ? [{ label: '<emulatorpin>', set: p.emulatorPin }] : []), ...[...p.iothreadPins].map(([id, set]) => ({ label: `IOThread ${id}'s pin`, set }))];
  for (const { label, set } of pins) {
    const shared = set.list.filter((c) => used.has(c) && host.threads.has(c));
    if (shared.length === 0) continue;
    const d: Draft = {
      code: 'host-emulator-on-vcpus',
      ...valueRange(set.attr),
      message: `${label} shares ${plural(shared.length, 'CPU')} ${formatCpuset(shared)} of {host} with pinned vCPUs`,
    };
    if (target.length) d.fixes = [changeValueFix(set.attr, formatCpuset(target))];
    out.push(d);
  }
}

function autoDrafts(p: GuestPlacement, out: Draft[]): void {
  if (p.vcpuAuto && p.vcpuEl) {
    const attr = p.vcpuEl.attributes.find((a) => a.name === 'placement')!;
    out.push({ code: 'host-placement-auto', ...valueRange(attr), message: "<vcpu placement='auto'> asks numad where to run when the domain starts: {host} needs numad installed, or libvirt refuses to start it (\"Advice from numad is needed in case of automatic numa placement\")" });
  }
  if (p.memory?.placement === 'auto') {
    const attr = p.memory.el.attributes.find((a) => a.name === 'placement')!;
    out.push({ code: 'host-placement-auto', ...valueRange(attr), message: "<numatune><memory placement='auto'> asks numad where to put memory when the domain starts: {host} needs numad installed" });
  }
}

