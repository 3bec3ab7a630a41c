// Compares a guest CPU definition with one host: against a capabilities or
// bare host CPU as `virsh cpu-compare` does, against domain capabilities as
// `virsh hypervisor-cpu-compare` does (QEMU's usable flag and blockers first,
// libvirt's own feature comparison where the model asks for it).

import type { CpuDef } from './cpuDef';
import type { HostCpu } from './hostCpu';
import { compareX86, expandFeatures, isX86Arch, type CompareOutcome } from './x86Cpu';
import type { X86Map } from './x86Data';

/** Whether this engine can compare against `host` (x86 only; others are skipped). */
export function comparableHost(host: HostCpu): boolean {
  if (host.arch === undefined) return host.cpu?.type !== 'host' || isX86Arch(host.cpu.arch);
  return isX86Arch(host.arch);
}

/** `cpu` (as libvirt parsed it) against `host`. */
export function compareWithHost(map: X86Map, host: HostCpu, cpu: CpuDef): CompareOutcome {
  if (host.kind !== 'domainCapabilities') {
    if (!host.cpu) return { result: 'error', message: 'no host CPU' };
    return compareX86(map, host.cpu, cpu);
  }
  return compareWithDomainCaps(map, host, cpu);
}

/**
 * hypervisor-cpu-compare on x86 (qemuDomainCheckCPU): a model QEMU reports
 * usable, with no feature other than disabled ones, is a superset at once;
 * models marked `check partial='compat'`, or unknown to QEMU, get libvirt's
 * full comparison against the host-model CPU; the rest are accepted only
 * when every blocker is disabled and every required feature is in the
 * host-model CPU.
 */
function compareWithDomainCaps(map: X86Map, host: HostCpu, cpu: CpuDef): CompareOutcome {
  const hv = host.cpu;
  if (!hv || hv.fallback !== 'forbid') {
    return { result: 'error', message: 'QEMU does not support reporting CPU model (no supported host-model CPU in the domain capabilities)' };
  }
  const entry = cpu.model === undefined ? undefined : host.models?.find((m) => m.name === cpu.model);
  if (entry && entry.usable === 'yes' && cpu.features.every((f) => f.policy === 'disable')) return { result: 'superset' };

  let compat = cpu.model === undefined || entry === undefined;
  if (!compat) {
    const model = map.modelByName.get(cpu.model!);
    if (!model) return { result: 'error', message: `unknown CPU model ${cpu.model}` };
    compat = model.compatCheck;
  }
  if (compat) return compareX86(map, hv, cpu);

  // virCPUCompareUnusable
  const blocked = (entry!.blockers ?? []).filter((b) => !cpu.features.some((f) => f.name === b && f.policy === 'disable'));
  const expanded = expandFeatures(map, hv);
  if (!expanded.ok) return { result: 'error', message: expanded.error };
  const offered = new Set(expanded.cpu.features.filter((f) => f.policy === 'require').map((f) => f.name));
  const missing = cpu.features.filter((f) => f.policy === 'require' && !offered.has(f.name)).map((f) => f.name);
  const all = [...blocked, ...missing];
  if (all.length === 0) return { result: 'superset' };
  return {
    result: 'incompatible',
    reason: blocked.length > 0 ? 'blockers' : 'missing',
    features: all,
    message: `Host CPU does not provide required features: ${all.join(', ')}`,
  };
}
