// Rule family that needs host data: a domain's custom CPU checked against each
// host the user loaded (CLI --host, the hosts settings), as `virsh
// cpu-compare` / `hypervisor-cpu-compare` would judge it there. Hosts with the
// same verdict are reported together.

import type { Catalog } from '../../catalog/catalog';
import type { CpuDefinition, LibvirtDocument } from '../../domain/libvirtDocument';
import type { Finding, Fix } from '../types';
import type { RuleContext } from '../context';
import { textRange } from '../../xml/nodes';
import { parseCpuDef, type CpuDef } from '../../hosts/cpuDef';
import { comparableHost, compareWithHost } from '../../hosts/hostCompare';
import type { HostCpu } from '../../hosts/hostCpu';
import { x86Map } from '../../hosts/x86Data';
import type { CompareOutcome } from '../../hosts/x86Cpu';

const maxNamedHosts = 5;

/**
 * Findings for every custom-mode CPU of a domain (or bare guest `<cpu>`
 * document) that some host cannot run.
 * Quiet when there are no hosts, no x86 CPU with a model, or when libvirt
 * would fail on the CPU itself (other rules report unknown names).
 */
export function checkHosts(ctx: RuleContext): Finding[] {
  return hostFindings(ctx.doc, ctx.hosts, ctx.catalog);
}

/** The same, for callers that hold a document and hosts but no rule context (reports, tests). */
export function hostFindings(doc: LibvirtDocument, hosts: readonly HostCpu[], catalog: Catalog): Finding[] {
  if (hosts.length === 0 || (doc.kind !== 'domain' && doc.kind !== 'cpu')) return [];
  if (doc.arch !== undefined && catalog.archOf(doc.arch) !== 'x86') return [];
  const map = x86Map(catalog);
  const out: Finding[] = [];
  for (const def of doc.cpus) {
    // A domain's CPU, or a bare guest <cpu> document as given to virsh cpu-compare.
    if (def.context !== 'guest' && def.context !== 'bare') continue;
    const parsed = parseCpuDef(def.element, 'guest');
    if (!parsed.ok) continue;
    const cpu = parsed.cpu;
    if (cpu.mode !== 'custom' || cpu.model === undefined) continue;
    // Same message → one finding naming every host it applies to.
    const byMessage = new Map<string, { names: string[]; outcome: CompareOutcome }>();
    for (const host of hosts) {
      if (!comparableHost(host)) continue;
      const r = compareWithHost(map, host, cpu);
      if (r.result !== 'incompatible') continue;
      const message = r.message ?? 'incompatible';
      const group = byMessage.get(message);
      if (group) group.names.push(host.name);
      else byMessage.set(message, { names: [host.name], outcome: r });
    }
    for (const [message, { names, outcome }] of byMessage) {
      const hint = outcome.reason === 'blockers' ? ` (QEMU reports ${cpu.model} as not usable there)` : '';
      const finding: Finding = { code: 'cpu-host-incompatible', ...anchor(def), message: `CPU ${cpu.model} cannot run on ${hostList(names)}: ${message}${hint}` };
      const fix = disableFix(doc.xml.text, def, cpu, outcome, names);
      if (fix) finding.fixes = [fix];
      out.push(finding);
    }
  }
  return out;
}

/**
 * For features the model brings but the hosts lack (none written in the
 * domain): add `<feature policy='disable'/>` for each after the last child
 * of `<cpu>`, indented like it.
 */
function disableFix(text: string, def: CpuDefinition, cpu: CpuDef, outcome: CompareOutcome, names: string[]): Fix | undefined {
  if ((outcome.reason !== 'missing' && outcome.reason !== 'blockers') || !outcome.features?.length) return undefined;
  if (outcome.features.some((f) => cpu.features.some((w) => w.name === f))) return undefined;
  const last = def.element.children[def.element.children.length - 1];
  if (!last || def.element.endTagStart === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', last.start - 1) + 1;
  const lead = text.slice(lineStart, last.start);
  const indent = /^[ \t]*$/.test(lead) ? lead : '';
  const sep = indent === '' && lead !== '' ? '' : '\n';
  const newText = outcome.features.map((f) => `${sep}${indent}<feature policy='disable' name='${f}'/>`).join('');
  const count = outcome.features.length;
  return {
    title: `Disable the ${count === 1 ? `feature ${outcome.features[0]}` : `${count} features`} ${names.length === 1 ? `host '${names[0]}' lacks` : `${names.length} hosts lack`}`,
    edits: [{ start: last.end, end: last.end, newText }],
  };
}

function hostList(names: string[]): string {
  const quoted = names.slice(0, maxNamedHosts).map((n) => `'${n}'`);
  if (names.length > maxNamedHosts) quoted.push(`${names.length - maxNamedHosts} more`);
  return `${names.length === 1 ? 'host' : `${names.length} hosts`} ${quoted.join(', ')}`;
}

/** The model name's text, else the `<cpu` tag name. */
function anchor(def: CpuDefinition): { start: number; end: number } {
  if (def.model) {
    const r = textRange(def.model);
    if (r.end > r.start) return r;
  }
  return { start: def.element.nameStart, end: def.element.nameEnd };
}
