// The diagnostic codes of the silent-rewrite family: what libvirt accepts but
// drops or changes at define (found with virsh define + dumpxml --inactive).

import type { CodeInfo } from '../types';

export const dropCodes = {
  'interface-type-missing': {
    severity: 'warning',
    summary: "An <interface> without type: libvirt defines it as type='user' and drops its <source>.",
    fix: 'Set type to what the <source> names',
  },
  'memory-current-clamped': {
    severity: 'warning',
    summary: '<currentMemory> above <memory>: libvirt lowers it to <memory>.',
    fix: 'Set it to the memory size',
  },
  'video-ram-rounded': {
    severity: 'warning',
    summary: 'A video ram or vram that is not a power of two: libvirt rounds it up to the next one.',
    fix: 'Write the rounded value',
  },
} as const satisfies Record<string, CodeInfo>;

export type DropCode = keyof typeof dropCodes;
