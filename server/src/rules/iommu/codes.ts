// The diagnostic codes of the large-guest IOMMU family: stable id, default
// severity, and the README table's columns.

import type { CodeInfo } from '../types';

export const iommuCodes = {
  'vcpu-iommu-added': {
    severity: 'warning',
    summary: "More than 255 vCPUs on a q35 machine without an <iommu>: libvirt adds <iommu model='intel'> with interrupt remapping and extended interrupt mode when the domain is defined.",
    fix: 'Write the <iommu> libvirt adds',
  },
  'vcpu-iommu-eim-required': {
    severity: 'error',
    summary: "More than 255 vCPUs on q35 with an <iommu> whose extended interrupt mode cannot be on (a virtio or smmuv3 IOMMU, or eim='off' / intremap='off').",
    libvirt: 'more than 255 vCPUs require extended interrupt mode enabled on the iommu device / IOMMU eim requires interrupt remapping to be enabled',
    fix: "Change eim or intremap to 'on' (intel IOMMU)",
  },
} as const satisfies Record<string, CodeInfo>;

export type IommuCode = keyof typeof iommuCodes;
