// The "Check this CPU against hosts" report: markdown with one table row per
// host (verdict, missing or forbidden features), QEMU's view of the model on
// domcapabilities hosts, the models every such host can run, the hosts'
// baseline CPU and the hosts that failed to load. Pure.

import type { Catalog } from '../../catalog/catalog';
import { formatCpuDef, parseCpuDef, type CpuDef } from '../../hosts/cpuDef';
import { comparableHost } from '../../hosts/hostCompare';
import { describeHost, type HostCpu } from '../../hosts/hostCpu';
import type { HostsInfo } from '../../protocol';
import { baselineOfHosts } from './actions';
import { checkCpuOnHosts, mdCode, mdEscape, runs, shortList, type HostVerdict } from './check';
import type { ParsedDocument } from '../parsedDocument';

const reasons: Record<string, string> = {
  missing: 'lacks required features',
  forbidden: 'has forbidden features',
  blockers: 'QEMU reports the model not usable',
  vendor: 'other CPU vendor',
  extra: "has extra features (match='strict')",
  arch: 'other architecture',
  'unknown-host': 'host CPU unknown',
};

/** Longest model list printed in one cell or line. */
const maxListed = 40;

/**
 * The markdown report for the document's CPU against `hosts` (x86 ones;
 * others are listed as skipped). `info` adds the sources that failed to
 * load. Works on any document: without a domain CPU it still lists the
 * hosts, the models they share and their baseline.
 */
export function hostReport(doc: ParsedDocument, hosts: readonly HostCpu[], catalog: Catalog, info?: HostsInfo): string {
  const out: string[] = [];
  const name = doc.textDocument.uri.split('/').pop() || doc.textDocument.uri;
  const x86 = hosts.filter(comparableHost);
  out.push(`# CPU check: ${mdEscape(decodeURIComponentSafe(name))} against ${x86.length} host${x86.length === 1 ? '' : 's'}`, '');
  if (hosts.length === 0) {
    out.push('No host CPU descriptions are loaded. List `virsh capabilities` / `virsh domcapabilities` output files in the `libvirtXml.hosts.files` setting (globs relative to the workspace folder), or libvirt URIs in `libvirtXml.hosts.connections` (trusted workspaces).', '');
    problemsSection(out, info);
    return out.join('\n');
  }

  const def = doc.libvirt?.kind === 'domain' || doc.libvirt?.kind === 'cpu' ? doc.libvirt.cpus.find((c) => c.context === 'guest' || c.context === 'bare') : undefined;
  const parsed = def ? parseCpuDef(def.element, 'guest') : undefined;
  let cpu: CpuDef | undefined;
  if (!def) out.push('The document has no `<cpu>` element: the machine type\'s default CPU model applies.', '');
  else if (!parsed!.ok) out.push(`libvirt refuses this \`<cpu>\`: ${mdEscape(parsed!.error)}`, '');
  else cpu = parsed!.cpu;

  if (cpu) cpuSection(out, cpu, x86, catalog);
  hostsTable(out, x86);
  modelsSection(out, x86, cpu);
  baselineSection(out, x86, catalog);
  problemsSection(out, info, hosts.filter((h) => !comparableHost(h)));
  return out.join('\n');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function cpuSection(out: string[], cpu: CpuDef, hosts: HostCpu[], catalog: Catalog): void {
  const mode = cpu.mode ?? 'custom';
  if (mode === 'host-passthrough' || mode === 'maximum') {
    out.push(`Mode \`${mode}\`: the guest sees each host's own CPU, so it starts on every host; live migration only works between hosts with identical CPUs.`, '');
    const models = new Set(hosts.map((h) => describeHost(h)));
    out.push(models.size <= 1 ? 'All loaded hosts report the same CPU.' : `The loaded hosts report ${models.size} different CPUs: migration between them may fail.`, '');
    return;
  }
  if (mode === 'host-model') {
    out.push("Mode `host-model`: each host's own host-model CPU is used when the guest starts, so it starts everywhere; migration works towards hosts that can run the source host's expansion. Use the code action *Expand host-model to the custom CPU of host X* on `<cpu>` for a fixed, migration-safe definition.", '');
    return;
  }
  if (cpu.model === undefined) {
    out.push('Custom mode without `<model>`: nothing to compare.', '');
    return;
  }
  const features = cpu.features.map((f) => `${f.policy ?? 'require'} ${f.name}`);
  out.push(`Custom CPU \`${mdEscape(cpu.model)}\`${cpu.vendor ? ` (vendor ${mdEscape(cpu.vendor)})` : ''}, match \`${cpu.match}\`${features.length ? `, features: ${mdEscape(shortList(features, 12))}` : ''}.`, '');
  const verdicts = checkCpuOnHosts(cpu, hosts, catalog);
  const ok = verdicts.filter(runs).length;
  out.push(`**Runs on ${ok} of ${verdicts.length} hosts.**`, '');
  out.push('| Host | Host CPU | Verdict | Missing / forbidden features |', '|---|---|---|---|');
  // Hosts that cannot run it first.
  for (const v of [...verdicts.filter((v) => !runs(v)), ...verdicts.filter(runs)]) {
    out.push(`| ${mdCode(v.host.name)} | ${mdEscape(describeHost(v.host))} | ${verdictCell(v)} | ${mdEscape(v.features.join(', ')) || '—'} |`);
  }
  out.push('');
}

function verdictCell(v: HostVerdict): string {
  switch (v.result) {
    case 'identical':
      return '✓ identical';
    case 'superset':
      return '✓ runs';
    case 'incompatible':
      return `✗ ${reasons[v.reason ?? ''] ?? mdEscape(v.message ?? 'incompatible')}`;
    default:
      return `? ${mdEscape(v.message ?? 'cannot compare')}`;
  }
}

function hostsTable(out: string[], hosts: HostCpu[]): void {
  out.push('## Hosts', '', '| Host | Source | CPU | Features listed |', '|---|---|---|---|');
  for (const h of hosts) {
    const source = h.kind === 'domainCapabilities' ? 'domcapabilities (host-model)' : h.kind === 'capabilities' ? 'capabilities' : 'host `<cpu>`';
    out.push(`| ${mdCode(h.name)} | ${source} | ${mdEscape(describeHost(h))} | ${h.cpu?.features.length ?? 0} |`);
  }
  out.push('');
}

function modelsSection(out: string[], hosts: HostCpu[], cpu: CpuDef | undefined): void {
  const dc = hosts.filter((h) => h.kind === 'domainCapabilities' && h.models && h.models.length > 0);
  if (dc.length === 0) return;
  out.push('## Custom models QEMU offers (domcapabilities)', '');
  const model = cpu?.mode === 'custom' || cpu?.mode === undefined ? cpu?.model : undefined;
  if (model !== undefined) {
    out.push(`| Host | ${mdCode(model)} usable | Blockers |`, '|---|---|---|');
    for (const h of dc) {
      const entry = h.models!.find((m) => m.name === model);
      const usable = !entry ? 'not offered' : entry.usable === 'yes' ? '✓ yes' : entry.usable === 'no' ? '✗ no' : '? unknown';
      out.push(`| ${mdCode(h.name)} | ${usable} | ${mdEscape((entry?.blockers ?? []).join(', ')) || '—'} |`);
    }
    out.push('');
  }
  const usableEverywhere = dc[0].models!.filter((m) => m.usable === 'yes' && dc.every((h) => h.models!.some((o) => o.name === m.name && o.usable === 'yes'))).map((m) => m.name);
  out.push(`Usable on all ${dc.length} domcapabilities host${dc.length === 1 ? '' : 's'} (${usableEverywhere.length}): ${mdEscape(listLimited(usableEverywhere)) || 'none'}`, '');
  for (const h of dc) {
    const unusable = h.models!.filter((m) => m.usable === 'no');
    if (unusable.length === 0) continue;
    const named = unusable.slice(0, 8).map((m) => `${m.name}${m.blockers?.length ? ` (${shortList(m.blockers, 4)})` : ''}`);
    out.push(`- ${mdCode(h.name)}: ${unusable.length} not usable, e.g. ${mdEscape(named.join('; '))}`);
  }
  out.push('');
}

function listLimited(names: string[]): string {
  return names.length <= maxListed ? names.join(', ') : `${names.slice(0, maxListed).join(', ')} and ${names.length - maxListed} more`;
}

function baselineSection(out: string[], hosts: HostCpu[], catalog: Catalog): void {
  if (hosts.length === 0) return;
  out.push('## Baseline of all hosts', '');
  const b = baselineOfHosts(hosts, catalog);
  if (!b.ok) {
    out.push(mdEscape(b.error), '');
    return;
  }
  out.push(`The custom CPU every host can run (\`virsh cpu-baseline\`; the command *Compute Baseline CPU from Hosts* inserts it):`, '');
  out.push('```xml', formatCpuDef(b.cpu).trimEnd().replace(/```/g, '` ` `'), '```', '');
  if (b.skipped.length) out.push(`Not included (no CPU description): ${b.skipped.map(mdCode).join(', ')}`, '');
}

function problemsSection(out: string[], info: HostsInfo | undefined, skipped: HostCpu[] = []): void {
  const lines = [
    ...(info?.problems ?? []),
    ...skipped.filter((h) => !info?.problems.some((p) => p.startsWith(h.name))).map((h) => `${h.name}: host arch ${h.arch ?? h.cpu?.arch ?? 'unknown'}: only x86 hosts are checked`),
  ];
  if (lines.length === 0) return;
  out.push('## Problems while loading hosts', '');
  for (const p of lines) out.push(`- ${mdEscape(p)}`);
  out.push('');
}
