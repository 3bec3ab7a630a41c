// Diagnostic codes of the cpuStart family: what libvirt does with a guest CPU's model
// at start under match='minimum' and host-model (x86).

import type { CodeInfo } from '../types';

export const cpuStartCodes = {
  'cpu-model-replaced': {
    severity: 'warning',
    summary: "match='minimum' or host-model without check='partial': libvirt gives the guest the host CPU's model at start and never looks the written model up, so it is neither used nor enforced.",
    fix: "check='partial', or a did-you-mean name",
  },
  'cpu-match-minimum': {
    severity: 'information',
    summary: "match='minimum' or host-model with check='partial': libvirt checks the host offers the written model, then starts the guest with the host CPU's model.",
  },
  'cpu-model-translated': {
    severity: 'warning',
    summary: "A cpu_map model the bundled QEMU does not offer (pentiumpro, cpu64-rhel6, Icelake-Client…): with fallback='allow' libvirt starts the closest offered model plus features instead; with 'forbid' the start fails.",
    libvirt: 'CPU model NAME is not supported by hypervisor (fallback=forbid)',
    fix: "a model QEMU offers, or fallback='allow'",
  },
} as const satisfies Record<string, CodeInfo>;

export type CpuStartCode = keyof typeof cpuStartCodes;
