// The diagnostic codes of this rule family: stable id, default severity, and the
// README table's columns. Kept apart from the checks so nothing imports back into them.

import type { CodeInfo } from '../types';

export const hostCodes = {
  'cpu-host-incompatible': {
    severity: 'warning',
    summary: 'The custom CPU cannot run on a host given with --host (missing or forbidden features, other vendor, unusable model): starting or migrating there fails.',
    libvirt: 'the CPU is incompatible with host CPU: Host CPU does not provide required features: … (virsh cpu-compare / hypervisor-cpu-compare on that host)',
    fix: 'disable the features the hosts lack',
  },
} as const satisfies Record<string, CodeInfo>;
