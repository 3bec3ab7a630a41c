// cpu-compare, cpu-baseline and the start-time update for ppc64 CPUs, as libvirt's ppc64
// driver computes them (src/cpu/cpu_ppc64.c): models are compared by name after legacy
// names are folded (POWER8_v1.0 → POWER8), host-model carries a compatibility mode
// (power6…power10, no newer than the host), vendors must be cpu_map's. Pure.

import type { Catalog } from '../catalog/catalog';
import type { CpuDef } from './cpuDef';
import type { CompareOutcome } from './x86Cpu';

const PPC64_ARCHS = new Set(['ppc64', 'ppc64le']);

/** Whether `arch` is one libvirt's ppc64 CPU driver handles. */
export function isPpc64Arch(arch: string | undefined): boolean {
  return arch !== undefined && PPC64_ARCHS.has(arch);
}

/** virCPUppc64ConvertLegacy: the names old libvirt wrote, cut to their POWER generation. */
export function convertLegacyPpc64(model: string | undefined): string | undefined {
  if (model === 'POWER7_v2.1' || model === 'POWER7_v2.3' || model === 'POWER7+_v2.1' || model === 'POWER8_v1.0') return model.slice(0, 'POWERx'.length);
  return model;
}

/** virStrToLong_i with no end pointer: the whole rest must be a base-10 integer. */
function generation(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^\s*[+-]?[0-9]+$/.test(rest) ? Number(rest) : undefined;
}

/**
 * virCPUppc64Compare (failIncompatible false): identical or incompatible with libvirt's
 * reason, or 'error' (unknown model, bad compatibility mode, host without compat support).
 */
export function comparePpc64(catalog: Catalog, host: CpuDef, other: CpuDef): CompareOutcome {
  if (host.model === undefined) return { result: 'incompatible', reason: 'unknown-host', message: 'unknown host CPU' };
  const cpu = { ...other, model: convertLegacyPpc64(other.model) };
  if (cpu.arch !== undefined && !isPpc64Arch(cpu.arch)) return { result: 'incompatible', reason: 'arch', message: `CPU arch ${cpu.arch} does not match host arch` };
  if (cpu.vendor !== undefined && (host.vendor === undefined || cpu.vendor !== host.vendor)) {
    return { result: 'incompatible', reason: 'vendor', message: `host CPU vendor does not match required CPU vendor ${cpu.vendor}` };
  }
  const hostModel = catalog.getModel('ppc64', host.model);
  if (!hostModel) return { result: 'error', message: `Unknown CPU model ${host.model}` };
  let guestModel: string | undefined;
  if (cpu.type === 'guest') {
    const mode = cpu.mode ?? 'custom';
    if (mode === 'host-model') {
      if (cpu.model !== undefined) {
        const h = generation(host.model, 'POWER');
        if (h === undefined || h < 6 || h > 10) return { result: 'error', message: 'Host CPU does not support compatibility modes' };
        const c = generation(cpu.model, 'power');
        if (c === undefined || c < 6 || c > 10) return { result: 'error', message: `Unknown compatibility mode ${cpu.model}` };
        if (c > h) return { result: 'incompatible' };
      }
      guestModel = hostModel.name;
    } else if (mode === 'host-passthrough' || mode === 'maximum') {
      guestModel = hostModel.name;
    }
  }
  if (guestModel === undefined) {
    if (cpu.model === undefined) return { result: 'error', message: 'no CPU model specified' };
    const m = catalog.getModel('ppc64', cpu.model);
    if (!m) return { result: 'error', message: `Unknown CPU model ${cpu.model}` };
    guestModel = m.name;
  }
  if (guestModel !== hostModel.name) return { result: 'incompatible', message: `host CPU model does not match required CPU model ${guestModel}` };
  return { result: 'identical' };
}

/** virCPUppc64Update: a custom CPU's match becomes exact; nothing else changes. */
export function updatePpc64(cpu: CpuDef): CpuDef {
  return cpu.type === 'guest' && (cpu.mode ?? 'custom') === 'custom' ? { ...cpu, match: 'exact' } : cpu;
}

export type Ppc64Baseline = { ok: true; cpu: CpuDef } | { ok: false; error: string };

/** virCPUppc64Baseline: every CPU must name the first one's model; vendors must be cpu_map's and agree. */
export function baselinePpc64(catalog: Catalog, cpus: readonly CpuDef[]): Ppc64Baseline {
  if (cpus.length === 0) return { ok: false, error: 'no CPUs given' };
  const first = cpus[0].model;
  const model = first === undefined ? undefined : catalog.getModel('ppc64', first);
  if (!model) return { ok: false, error: `Unknown CPU model ${first}` };
  let vendor: string | undefined;
  for (const cpu of cpus) {
    if (cpu.model !== model.name) return { ok: false, error: 'CPUs are incompatible' };
    if (cpu.vendor === undefined) continue;
    if (!catalog.getVendor('ppc64', cpu.vendor)) return { ok: false, error: `Unknown CPU vendor ${cpu.vendor}` };
    if (model.vendor) {
      if (model.vendor !== cpu.vendor) return { ok: false, error: `CPU vendor ${model.vendor} of model ${model.name} differs from vendor ${cpu.vendor}` };
    } else if (vendor !== undefined) {
      if (vendor !== cpu.vendor) return { ok: false, error: 'CPU vendors do not match' };
    } else vendor = cpu.vendor;
  }
  return {
    ok: true,
    cpu: { type: 'guest', mode: 'custom', match: 'exact', check: undefined, fallback: 'forbid', arch: undefined, model: model.name, vendor, signature: undefined, features: [] },
  };
}

/**
 * What the QEMU driver does to a guest CPU at start on a ppc64 host, as cputest's
 * guest-CPU cases run it: fold legacy names, compare with the host (refused when
 * incompatible), update, then check the model against the hypervisor's list (ppc64 has
 * no translation, so a model outside the list is refused whatever the fallback).
 */
export function guestCpuPpc64(catalog: Catalog, host: CpuDef, guest: CpuDef, models: readonly string[]): { ok: true; cpu: CpuDef } | { ok: false; error: string } {
  const cpu = { ...guest, model: convertLegacyPpc64(guest.model) };
  const cmp = comparePpc64(catalog, host, cpu);
  if (cmp.result === 'error' || cmp.result === 'incompatible') return { ok: false, error: cmp.message ?? 'the CPU is incompatible with host CPU' };
  const updated = updatePpc64(cpu);
  const mode = updated.mode ?? 'custom';
  if (mode === 'custom' && updated.model !== undefined && !models.includes(updated.model)) {
    return { ok: false, error: updated.fallback === 'allow' ? `cannot translate CPU model ${updated.model} to a supported model` : `CPU model ${updated.model} is not supported by hypervisor` };
  }
  return { ok: true, cpu: updated };
}
