// Diagnostic codes of the non-x86 CPU family (aarch64, armv7l, ppc64, ppc64le, s390x,
// riscv64), each settled on the oracle (docs/cpu-arches.md).

import type { CodeInfo } from '../types';

export const cpuArchCodes = {
  'cpu-arch-model-unknown': {
    severity: 'error',
    summary: "A custom model the guest arch's QEMU does not offer (non-x86 libvirt checks QEMU's list, not cpu_map): refused at start.",
    libvirt: 'cannot translate CPU model NAME to a supported model / CPU model NAME is not supported by hypervisor',
    fix: "did-you-mean within the arch's models",
  },
  'cpu-arch-model-machine': {
    severity: 'error',
    summary: "An arm model QEMU offers but the 'virt' machine does not run (pxa250, cortex-m3…): QEMU refuses it at start.",
    libvirt: 'QEMU: Invalid CPU model: NAME',
    fix: 'a model the machine runs',
  },
  'cpu-arch-feature-unknown': {
    severity: 'error',
    summary: "A feature the arch does not have: libvirt's arm list refuses it, or QEMU refuses the property at start (ppc64 takes none).",
    libvirt: 'unknown CPU feature: NAME (arm) / QEMU: Property … not found',
    fix: "did-you-mean within the arch's features, or remove",
  },
  'cpu-arch-feature-model': {
    severity: 'error',
    summary: "A feature the chosen model does not take (sve on cortex-a57; extensions on a riscv vendor CPU): QEMU refuses it at start.",
    libvirt: "QEMU: Property 'MODEL-arm-cpu.NAME' not found / CPU does not allow enabling extensions",
    fix: 'remove the feature',
  },
  'cpu-arch-feature-policy': {
    severity: 'error',
    summary: "policy='optional' on s390x: libvirt supports only require and disable there.",
    libvirt: "only cpu feature policies 'require' and 'disable' are supported for NAME",
    fix: 'require or disable',
  },
  'cpu-arch-feature-ignored': {
    severity: 'warning',
    summary: "policy='optional' outside x86 and s390x: libvirt drops the feature at start.",
    fix: 'require or disable',
  },
  'cpu-arch-mode-unsupported': {
    severity: 'error',
    summary: "host-passthrough with type='qemu' (needs KVM), or maximum on ppc64 (QEMU has no 'max' POWER model).",
    libvirt: "CPU mode 'host-passthrough' for ARCH qemu domain on HOST host is not supported by hypervisor / maximum CPU is not supported by QEMU binary",
    fix: 'another mode',
  },
  'cpu-arch-mode-host': {
    severity: 'warning',
    summary: "host-model for an emulated non-x86 guest: only a host of the same architecture supports it.",
    libvirt: "CPU mode 'host-model' for ARCH qemu domain on HOST host is not supported by hypervisor",
    fix: 'custom model or maximum',
  },
  'cpu-arch-match-unsupported': {
    severity: 'error',
    summary: "match='minimum' on s390x: refused at start.",
    libvirt: 'match mode minimum not supported',
    fix: 'remove match',
  },
  'cpu-arch-match-ignored': {
    severity: 'warning',
    summary: "match='minimum' or 'strict' on aarch64, ppc64 or riscv64: libvirt accepts and ignores it (the guest gets exactly the model).",
    fix: 'remove match',
  },
  'cpu-arch-check-partial': {
    severity: 'warning',
    summary: "check='partial' on an emulated aarch64/ppc64/riscv64 guest: libvirt has no host CPU model to compare with and refuses the start on a host of another arch.",
    libvirt: 'the CPU is incompatible with host CPU: unknown host CPU',
    fix: "check='none'",
  },
  'cpu-arch-vendor-id': {
    severity: 'error',
    summary: "<model vendor_id> outside x86: libvirt passes vendor=… to QEMU, which refuses it at start.",
    libvirt: "QEMU: Property 'MODEL-cpu.vendor' not found",
    fix: 'remove vendor_id',
  },
  'cpu-arch-topology': {
    severity: 'error',
    summary: 'dies > 1 (every non-x86 machine), clusters > 1 (all but arm virt), threads > 1 (s390x): QEMU refuses the topology at start.',
    libvirt: "QEMU: dies > 1 not supported by this machine's CPU topology",
  },
  'cpu-arch-vcpu-limit': {
    severity: 'error',
    summary: "More vCPUs than the default machine allows (arm/riscv virt 512, s390-ccw-virtio 248, pseries 4096): define fails.",
    libvirt: 'Maximum CPUs greater than specified machine type limit N',
  },
  'cpu-arch-sve-disabled': {
    severity: 'error',
    summary: "sve disabled or forbidden while SVE vector lengths (sve128…) are listed: define fails.",
    libvirt: 'SVE disabled, but SVE vector lengths provided',
    fix: "require sve, or remove the lengths",
  },
  'cpu-arch-vcpu-granularity': {
    severity: 'error',
    summary: 'pseries: the online vCPU count is not a multiple of threads per core (vCPUs are hot-plugged a core at a time): define fails.',
    libvirt: 'vCPUs count must be a multiple of the vCPU hotplug granularity (N)',
  },
  'cpu-arch-compat-invalid': {
    severity: 'error',
    summary: "ppc64 host-model <model> that is not a compatibility mode power6…power10 (lower case).",
    libvirt: 'Unknown compatibility mode NAME / QEMU: Invalid compatibility mode "NAME"',
    fix: 'the lower-case compat name',
  },
} as const satisfies Record<string, CodeInfo>;

export type CpuArchCode = keyof typeof cpuArchCodes;
