// Rule family that needs host data, for non-x86 guests: the domain's CPU checked against
// each loaded host of the same arch (capabilities or domain capabilities files, as libvirt's
// test data and `virsh domcapabilities` on aarch64, ppc64le and s390x hosts give them).

import { domainFacts } from '../../domain/facts';
import { parseCpuDef } from '../../hosts/cpuDef';
import { archHostProblem, isArchHost, sameArch } from '../../hosts/archHosts';
import { textRange } from '../../xml/nodes';
import type { RuleContext } from '../context';
import type { Finding } from '../types';
import { nameRange, report, reporter, type Reporter } from '../kit';
import type { HostArchCode } from './codes';

export function checkHostsArch(ctx: RuleContext): Finding[] {
  const r: Reporter<HostArchCode> = reporter(ctx.doc.xml.text);
  const facts = domainFacts(ctx.doc);
  const arch = ctx.doc.arch;
  if (ctx.hosts.length === 0 || !facts.isDomain || !facts.qemuDriver || arch === undefined) return r.out;
  const hosts = ctx.hosts.filter((h) => isArchHost(h) && sameArch(arch, h.arch ?? h.cpu?.arch));
  const def = ctx.doc.cpus.find((c) => c.context === 'guest');
  if (hosts.length === 0 || !def) return r.out;
  const parsed = parseCpuDef(def.element, 'guest');
  if (!parsed.ok) return r.out;
  const byProblem = new Map<string, string[]>();
  for (const host of hosts) {
    const problem = archHostProblem(ctx.catalog, host, parsed.cpu, facts.type === 'kvm');
    if (problem) byProblem.set(problem, [...(byProblem.get(problem) ?? []), host.name]);
  }
  const at = def.model && def.model.texts.length ? textRange(def.model) : nameRange(def.element);
  for (const [problem, names] of byProblem) {
    const list = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    report(r, 'cpu-arch-host-incompatible', at, `Cannot run on host ${list}: ${problem}`);
  }
  return r.out;
}
