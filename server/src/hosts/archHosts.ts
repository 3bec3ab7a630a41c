// Non-x86 hosts (aarch64, armv7l, ppc64, ppc64le, s390x, riscv64): whether a guest CPU
// can run on one, from its domain capabilities (the models and modes its QEMU offers,
// s390x's usability and blockers) or its capabilities (ppc64 compares model names). Pure.

import type { Catalog } from '../catalog/catalog';
import { qemuArch } from '../catalog/qemuCpus';
import type { CpuDef } from './cpuDef';
import type { HostCpu } from './hostCpu';
import { comparePpc64, isPpc64Arch } from './ppc64Cpu';

/** A host this module judges: a non-x86 arch we have QEMU data for. */
export function isArchHost(host: HostCpu): boolean {
  const arch = host.arch ?? host.cpu?.arch;
  return qemuArch(arch) !== undefined;
}

/** Guest and host arches libvirt treats as the same host (ppc64le guests on ppc64le hosts…). */
export function sameArch(guest: string, host: string | undefined): boolean {
  return host !== undefined && guest === host;
}

/**
 * Why `cpu` (a guest CPU as libvirt parsed it) cannot run on `host`, or undefined when
 * it can or we cannot tell. `kvm`: the domain is type='kvm' (libvirt then compares
 * custom CPUs with the host, check='partial' by default).
 */
export function archHostProblem(catalog: Catalog, host: HostCpu, cpu: CpuDef, kvm: boolean): string | undefined {
  const mode = cpu.mode ?? 'custom';
  if (host.kind === 'domainCapabilities') {
    if (host.modes && host.modes[mode] === false) return `CPU mode '${mode}' is not supported by the hypervisor there`;
    if (mode !== 'custom' || cpu.model === undefined || !host.models) return undefined;
    const entry = host.models.find((m) => m.name === cpu.model);
    if (!entry) return `its QEMU does not offer CPU model ${cpu.model}`;
    if (entry.usable === 'no' && kvm) {
      const blocked = (entry.blockers ?? []).filter((b) => !cpu.features.some((f) => f.name === b && f.policy === 'disable'));
      if (entry.blockers === undefined || blocked.length > 0) {
        return `QEMU reports ${cpu.model} not usable there${blocked.length ? ` (missing: ${blocked.slice(0, 8).join(', ')}${blocked.length > 8 ? ` and ${blocked.length - 8} more` : ''})` : ''}`;
      }
    }
    return undefined;
  }
  if (!kvm || mode !== 'custom' || cpu.model === undefined || !host.cpu) return undefined;
  if (isPpc64Arch(host.arch ?? host.cpu.arch) && cpu.check !== 'none') {
    const r = comparePpc64(catalog, host.cpu, cpu);
    if (r.result === 'incompatible') return r.message ?? 'incompatible with the host CPU';
  }
  return undefined;
}
