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
} as const satisfies Record<string, CodeInfo>;

export type CpuStartCode = keyof typeof cpuStartCodes;
