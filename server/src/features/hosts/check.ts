// What the editor asks of the loaded hosts: can each host run this CPU (or
// this bare model), does it have this feature. Thin, memoised layer over the
// hosts engine shared by hover lines, the report and completion marks.

import type { Catalog } from '../../catalog/catalog';
import type { CpuDef } from '../../hosts/cpuDef';
import { comparableHost, compareWithHost } from '../../hosts/hostCompare';
import type { HostCpu } from '../../hosts/hostCpu';
import { cpuData, type CompareOutcome } from '../../hosts/x86Cpu';
import { x86Map, type FeatureSet } from '../../hosts/x86Data';

export interface HostVerdict {
  host: HostCpu;
  /** identical/superset: the host runs it; incompatible: it does not; error: libvirt could not tell. */
  result: CompareOutcome['result'];
  reason: CompareOutcome['reason'];
  /** Features to blame (missing, forbidden, blockers), in cpu_map order. */
  features: string[];
  /** libvirt's message for incompatible and error results. */
  message: string | undefined;
}

export function runs(v: HostVerdict): boolean {
  return v.result === 'identical' || v.result === 'superset';
}

/** `cpu` (a guest CPU as libvirt reads it) against every x86 host, in host order. */
export function checkCpuOnHosts(cpu: CpuDef, hosts: readonly HostCpu[], catalog: Catalog): HostVerdict[] {
  const map = x86Map(catalog);
  const out: HostVerdict[] = [];
  for (const host of hosts) {
    if (!comparableHost(host)) continue;
    const r = compareWithHost(map, host, cpu);
    out.push({ host, result: r.result, reason: r.reason, features: r.features ?? [], message: r.message });
  }
  return out;
}

/** A guest CPU asking for `model` alone, as `<cpu mode='custom'><model>…</model></cpu>` does. */
export function bareModelCpu(model: string): CpuDef {
  return {
    type: 'guest',
    mode: 'custom',
    match: 'exact',
    check: undefined,
    fallback: 'allow',
    arch: undefined,
    model,
    vendor: undefined,
    signature: undefined,
    features: [],
  };
}

const modelMemo = new WeakMap<Catalog, WeakMap<readonly HostCpu[], Map<string, HostVerdict[]>>>();

/** Every host's verdict on the bare model (memoised per catalog and hosts list: cheap in completion). */
export function modelOnHosts(model: string, hosts: readonly HostCpu[], catalog: Catalog): HostVerdict[] {
  let byHosts = modelMemo.get(catalog);
  if (!byHosts) modelMemo.set(catalog, (byHosts = new WeakMap()));
  let byModel = byHosts.get(hosts);
  if (!byModel) byHosts.set(hosts, (byModel = new Map()));
  let hit = byModel.get(model);
  if (!hit) byModel.set(model, (hit = checkCpuOnHosts(bareModelCpu(model), hosts, catalog)));
  return hit;
}

const featureMemo = new WeakMap<Catalog, WeakMap<HostCpu, FeatureSet | null>>();

/**
 * Whether the host offers `feature`: capabilities and bare host CPUs by
 * their model plus listed features, domain capabilities by the host-model
 * CPU (model + required − disabled). Undefined: unknown feature, or no CPU.
 */
export function hostHasFeature(host: HostCpu, feature: string, catalog: Catalog): boolean | undefined {
  const map = x86Map(catalog);
  const index = map.featureIndex.get(feature);
  if (index === undefined || !comparableHost(host)) return undefined;
  let byHost = featureMemo.get(catalog);
  if (!byHost) featureMemo.set(catalog, (byHost = new WeakMap()));
  let set = byHost.get(host);
  if (set === undefined) {
    const r = host.cpu ? cpuData(map, host.cpu, 'all') : undefined;
    set = r?.ok ? r.data : null;
    byHost.set(host, set);
  }
  return set ? set.has(index) : undefined;
}

/** Text safe inside markdown (and markdown tables): no emphasis, links, HTML or cell breaks. */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_[\]<>#+|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`)).replace(/[\r\n]+/g, ' ');
}

/** A name as a markdown code span (no backticks or line breaks inside). */
export function mdCode(s: string): string {
  return `\`${s.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;
}

/** "a, b, c and 4 more" for feature lists in one line. */
export function shortList(items: readonly string[], max = 6): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
