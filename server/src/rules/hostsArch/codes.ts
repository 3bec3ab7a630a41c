// Diagnostic codes of the non-x86 host family.

import type { CodeInfo } from '../types';

export const hostArchCodes = {
  'cpu-arch-host-incompatible': {
    severity: 'warning',
    summary: "A non-x86 guest CPU a loaded host of its arch cannot run: its QEMU lacks the model or mode, s390x reports the model not usable, or a ppc64 host has another POWER model.",
    libvirt: 'CPU model NAME is not supported by hypervisor / host CPU model does not match required CPU model NAME (there)',
  },
} as const satisfies Record<string, CodeInfo>;

export type HostArchCode = keyof typeof hostArchCodes;
