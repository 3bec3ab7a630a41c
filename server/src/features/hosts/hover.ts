// Hover lines for the loaded hosts: one markdown line per host saying whether
// it can run the hovered CPU model or has the hovered feature, and a short
// per-model summary for completion. Pure; hover.ts/completion.ts call these.

import type { Catalog } from '../../catalog/catalog';
import type { HostCpu } from '../../hosts/hostCpu';
import { hostHasFeature, mdCode, mdEscape, modelOnHosts, runs, shortList, type HostVerdict } from './check';

/** What the hover is on: a `<model>` name or a `<feature name>`. */
export type HostSubject = { kind: 'model'; name: string } | { kind: 'feature'; name: string };

/** Most host lines in one hover; the rest are summed up in a last line. */
export const maxHostLines = 12;

/**
 * One markdown line per loaded x86 host, hosts that cannot run it first:
 * "✓ `host-a` can run Skylake-Client", "✗ `host-b` lacks avx512f, …",
 * "✓ `host-a` has avx2". Empty when no host applies or libvirt does not
 * know the model or feature (other diagnostics cover that). At most
 * `maxHostLines` lines plus one "… and N more hosts" line.
 */
export function hostLines(subject: HostSubject, hosts: readonly HostCpu[], catalog: Catalog): string[] {
  if (hosts.length === 0 || subject.name === '') return [];
  const lines = subject.kind === 'model' ? modelLines(subject.name, hosts, catalog) : featureLines(subject.name, hosts, catalog);
  if (lines.length <= maxHostLines) return lines.map((l) => l.text);
  const shown = lines.slice(0, maxHostLines - 1);
  const rest = lines.slice(maxHostLines - 1);
  const ok = rest.filter((l) => l.ok).length;
  return [...shown.map((l) => l.text), `… and ${rest.length} more hosts (${ok} can, ${rest.length - ok} cannot)`];
}

interface Line {
  ok: boolean;
  text: string;
}

function modelLines(model: string, hosts: readonly HostCpu[], catalog: Catalog): Line[] {
  const verdicts = modelOnHosts(model, hosts, catalog);
  // An unknown model is an error on every host: say nothing.
  if (verdicts.length === 0 || verdicts.every((v) => v.result === 'error' && /^unknown CPU model/i.test(v.message ?? ''))) return [];
  const lines = verdicts.map((v) => ({ ok: runs(v), text: verdictLine(v, model) }));
  return [...lines.filter((l) => !l.ok), ...lines.filter((l) => l.ok)];
}

function verdictLine(v: HostVerdict, model: string): string {
  const host = mdCode(v.host.name);
  const m = mdEscape(model);
  if (runs(v)) return `✓ ${host} can run ${m}`;
  if (v.result === 'error') return `? ${host}: ${mdEscape(v.message ?? 'cannot compare')}`;
  const list = mdEscape(shortList(v.features));
  switch (v.reason) {
    case 'missing':
      return `✗ ${host} lacks ${list}`;
    case 'blockers':
      return `✗ ${host}: QEMU cannot run ${m} there (blocked by ${list || 'unknown features'})`;
    case 'forbidden':
      return `✗ ${host} has forbidden ${list}`;
    case 'vendor':
      return `✗ ${host}: other CPU vendor (${mdEscape(v.host.cpu?.vendor ?? 'unknown')})`;
    default:
      return `✗ ${host}: ${mdEscape(v.message ?? 'incompatible')}`;
  }
}

function featureLines(feature: string, hosts: readonly HostCpu[], catalog: Catalog): Line[] {
  const lines: Line[] = [];
  for (const host of hosts) {
    const has = hostHasFeature(host, feature, catalog);
    if (has === undefined) continue;
    const name = mdCode(host.name);
    lines.push({ ok: has, text: has ? `✓ ${name} has ${mdEscape(feature)}` : `✗ ${name} lacks ${mdEscape(feature)}` });
  }
  return [...lines.filter((l) => !l.ok), ...lines.filter((l) => l.ok)];
}

/** For completion: on how many of the loaded x86 hosts the bare model runs; undefined when there are none or it is unknown. */
export function hostModelSummary(model: string, hosts: readonly HostCpu[], catalog: Catalog): { runs: number; total: number; cannot: string[] } | undefined {
  if (hosts.length === 0) return undefined;
  const verdicts = modelOnHosts(model, hosts, catalog);
  if (verdicts.length === 0 || verdicts.every((v) => v.result === 'error')) return undefined;
  const cannot = verdicts.filter((v) => !runs(v)).map((v) => v.host.name);
  return { runs: verdicts.length - cannot.length, total: verdicts.length, cannot };
}
