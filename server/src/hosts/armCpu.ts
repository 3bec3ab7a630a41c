// cpu-compare and cpu-baseline for arm CPUs, as libvirt's arm driver computes them
// (src/cpu/cpu_arm.c): only host CPUs are compared, by vendor and model name; a guest CPU
// is always "identical"; the baseline is the first CPU's model. Pure.

import type { CpuDef } from './cpuDef';
import type { CompareOutcome } from './x86Cpu';

const ARM_ARCHS = new Set(['aarch64', 'armv7l', 'armv7b', 'armv6l']);

export function isArmArch(arch: string | undefined): boolean {
  return arch !== undefined && ARM_ARCHS.has(arch);
}

/** virCPUarmCompare (failIncompatible false). */
export function compareArm(host: CpuDef, cpu: CpuDef): CompareOutcome {
  if (cpu.type !== 'host') return { result: 'identical' };
  if (host.model === undefined) return { result: 'incompatible', reason: 'unknown-host', message: 'unknown host CPU' };
  if (host.vendor !== cpu.vendor || host.model !== cpu.model) {
    return { result: 'incompatible', message: `Host CPU model does not match required CPU vendor ${cpu.vendor ?? '(null)'} or(and) model ${cpu.model ?? '(null)'}` };
  }
  return { result: 'identical' };
}

/** virCPUarmBaseline: a guest CPU with the first CPU's model, match exact. */
export function baselineArm(cpus: readonly CpuDef[]): { ok: true; cpu: CpuDef } | { ok: false; error: string } {
  if (cpus.length === 0) return { ok: false, error: 'no CPUs given' };
  return {
    ok: true,
    cpu: { type: 'guest', mode: 'custom', match: 'exact', check: undefined, fallback: 'allow', arch: undefined, model: cpus[0].model, vendor: undefined, signature: undefined, features: [] },
  };
}
