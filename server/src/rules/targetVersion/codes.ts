// The diagnostic codes of this rule family: stable id, default severity, and the
// README table's columns. Kept apart from the checks so nothing imports back into them.

import type { CodeInfo } from '../types';

export const targetVersionCodes = {
  'target-version-unsupported': {
    severity: 'warning',
    summary: 'An element, attribute, value or CPU model newer than the libvirt release set in libvirtXml.targetVersion.',
    libvirt: 'older releases refuse it (schema, parser or unknown model) or silently drop it',
  },
} as const satisfies Record<string, CodeInfo>;
