// What libvirt + QEMU offer a non-x86 guest's CPU (data/qemu-cpus.json, generated on the
// oracle by data/generateQemu.ts): model names per guest arch, the feature properties QEMU
// takes, the models arm's virt machine runs, and each default machine's vCPU limit.
// Pure lookups over bundled JSON (esbuild inlines it); no file access.

import raw from '../../../data/qemu-cpus.json';
import type { QemuArchData, QemuCpuData, QemuModel } from './qemuCpuTypes';
import { suggestNames } from './catalog';

const data = raw as unknown as QemuCpuData;

/** Guest arches whose CPU rules come from this data (x86 keeps cpu_map's rules). */
const NON_X86 = new Set(['aarch64', 'armv7l', 'ppc64', 'ppc64le', 's390x', 'riscv64']);

export interface QemuArch {
  arch: string;
  data: QemuArchData;
  models: Map<string, QemuModel>;
  features: Set<string>;
  machineModels?: Set<string>;
  modelNames: string[];
}

const cache = new Map<string, QemuArch>();

/** The QEMU data of a non-x86 guest arch, or undefined (x86, or an arch we have no data for). */
export function qemuArch(arch: string | undefined): QemuArch | undefined {
  if (arch === undefined || !NON_X86.has(arch)) return undefined;
  const d = data.arches[arch];
  if (!d) return undefined;
  let a = cache.get(arch);
  if (!a) {
    a = {
      arch,
      data: d,
      models: new Map(d.models.map((m) => [m.name, m])),
      features: new Set(d.features ?? []),
      modelNames: d.models.map((m) => m.name),
      ...(d.machineModels ? { machineModels: new Set(d.machineModels) } : {}),
    };
    cache.set(arch, a);
  }
  return a;
}

/** The x86_64 model names QEMU offers (libvirt translates other cpu_map models when fallback='allow'). */
export function qemuX86Models(): ReadonlySet<string> {
  return (x86Models ??= new Set(data.arches.x86_64?.models.map((m) => m.name) ?? []));
}
let x86Models: Set<string> | undefined;

/** Versions the data was generated with, e.g. "libvirt 11.3.0 + QEMU 10.0.2". */
export function qemuDataVersion(): string {
  return `libvirt ${data.source.libvirtVersion} + QEMU ${data.source.qemuVersion}`;
}

export function qemuVersion(): string {
  return data.source.qemuVersion;
}

/** Up to `max` model names of the arch close to `name`. */
export function suggestQemuModels(a: QemuArch, name: string, max = 3): string[] {
  return suggestNames(a.modelNames, name, max);
}

/** Up to `max` names from `names` close to `name`. */
export function suggestFrom(names: readonly string[], name: string, max = 3): string[] {
  return suggestNames(names, name, max);
}
