// The diagnostic codes of the host device family: duplicates, mediated
// devices (address types, display, ramfb, uuid), SCSI-only attributes, boot
// from devices that cannot boot, and the s390 CCW/zPCI address rules.

import type { CodeInfo } from '../types';

export const hostdevCodes = {
  'hostdev-duplicate': {
    severity: 'error',
    summary: 'Two <hostdev>s with the same host source (PCI address, USB bus/device or vendor/product, SCSI adapter and address, mdev uuid).',
    libvirt: 'Hostdev already exists in the domain configuration',
    fix: 'Remove this <hostdev>',
  },
  'hostdev-ramfb-twice': {
    severity: 'error',
    summary: "More than one host device with ramfb='on'.",
    libvirt: "Only one vgpu device can have 'ramfb' enabled",
  },
  'hostdev-display-graphics': {
    severity: 'error',
    summary: "A mediated device with display='on' in a domain without <graphics>.",
    libvirt: "graphics device is needed for attribute value 'display=on' in <hostdev>",
  },
  'hostdev-mdev-address': {
    severity: 'error',
    summary: "A mediated device whose guest address does not fit its model (vfio-pci needs PCI, vfio-ccw needs CCW).",
    libvirt: "Unsupported address type '%s' with mediated device model '%s'",
  },
  'hostdev-mdev-uuid': {
    severity: 'error',
    summary: "A mediated device's <source><address> without uuid.",
    libvirt: "Missing 'uuid' attribute for element <address>",
  },
  'hostdev-scsi-only': {
    severity: 'error',
    summary: "rawio or sgio on a host device that is not type='scsi'.",
    libvirt: 'rawio is only supported for scsi host device / sgio is only supported for scsi host device',
    fix: 'Remove the attribute',
  },
  'hostdev-boot': {
    severity: 'error',
    summary: "<boot order> on a host device that cannot boot: vhost SCSI, or a mediated device (vfio-pci, vfio-ap).",
    libvirt: 'booting from assigned devices is not supported by vhost SCSI devices / by mediated devices of model %s',
    fix: 'Remove the <boot>',
  },
  'hostdev-scsi-address-duplicate': {
    severity: 'error',
    summary: 'Two SCSI host devices at the same guest drive address.',
    libvirt: "SCSI host address controller='%u' bus='%u' target='%u' unit='%u' in use by another SCSI host device",
  },
  'ccw-address-duplicate': {
    severity: 'error',
    summary: 'Two devices at the same CCW address (s390).',
    libvirt: "The CCW devno '%s' is in use already",
  },
  'zpci-uid': {
    severity: 'error',
    summary: 'A zPCI uid of 0 or over 0xffff, or one two devices share (s390).',
    libvirt: "Invalid PCI address uid='0x%.4x', must be > 0x0000 and <= 0xffff / zPCI uid %o is already reserved",
  },
} as const satisfies Record<string, CodeInfo>;

export type HostdevCode = keyof typeof hostdevCodes;
