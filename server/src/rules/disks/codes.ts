// The diagnostic codes of the disk family: target names and buses, drive
// addresses, image formats, sources, authentication and encryption, the
// checks libvirt's parser, validation and QEMU driver make on <disk>.

import type { CodeInfo } from '../types';

export const diskCodes = {
  'disk-target-missing': {
    severity: 'error',
    summary: 'A <disk> without <target dev>.',
    libvirt: 'missing target information for device %s',
    fix: 'Add a <target> with a free name',
  },
  'disk-target-unknown': {
    severity: 'error',
    summary: "A disk target libvirt cannot turn into a drive index (not hd/sd/vd/xvd/ubd/fd + letters, or too long) and no <address>.",
    libvirt: "Unknown disk name '%s' and no address specified",
  },
  'disk-target-prefix': {
    severity: 'error',
    summary: "A disk or lun whose target does not start with hd, sd, vd, xvd or ubd, or a floppy whose target does not start with fd.",
    libvirt: 'Invalid harddisk device name: %s / Invalid floppy device name: %s',
  },
  'disk-target-partition': {
    severity: 'error',
    summary: "A disk target with a partition number (vdb1); the QEMU driver takes whole disks only.",
    libvirt: "invalid disk target '%s', partitions can't appear in disk targets",
    fix: 'Drop the partition number',
  },
  'disk-target-duplicate': {
    severity: 'error',
    summary: 'Two disks with the same target name.',
    libvirt: "target '%s' duplicated for disk sources '%s' and '%s'",
    fix: 'Change dev to a free name',
  },
  'disk-address-bus': {
    severity: 'error',
    summary: 'An IDE, SATA, SCSI or floppy disk with an address other than a drive address.',
    libvirt: "Invalid address type '%s' for the disk '%s' with the bus type '%s'",
    fix: "Change the address type to 'drive'",
  },
  'disk-drive-address-duplicate': {
    severity: 'error',
    summary: 'Two disks on the same bus at the same drive address (written, or derived from the target name).',
    libvirt: "Found duplicate drive address for disk with target name '%s' controller='%u' bus='%u' target='%u' unit='%u'",
  },
  'disk-scsi-hostdev-conflict': {
    severity: 'error',
    summary: "A SCSI disk whose target name gives the drive address a SCSI <hostdev> uses.",
    libvirt: "using disk target name '%s' conflicts with SCSI host device address controller='%u' bus='%u' target='%u' unit='%u'",
  },
  'disk-usb-empty': {
    severity: 'error',
    summary: 'A USB disk or cdrom without a source (the QEMU driver needs media for usb-storage).',
    libvirt: "'usb' disk must not be empty",
  },
  'disk-usb-address': {
    severity: 'error',
    summary: 'A USB disk with an address that is not a USB one.',
    libvirt: 'unexpected address type for usb disk',
  },
  'disk-lun-source': {
    severity: 'error',
    summary: "device='lun' on a source that is not a block device, a volume or iSCSI.",
    libvirt: "disk device='lun' is only valid for block type disk source",
  },
  'disk-lun-only': {
    severity: 'error',
    summary: "rawio or sgio on a disk that is not device='lun'.",
    libvirt: "rawio can be used only with device='lun' / sgio can be used only with device='lun'",
  },
  'disk-format-unsupported': {
    severity: 'error',
    summary: "An image format the QEMU driver refuses: cow, dir (directory) or iso.",
    libvirt: "'cow' storage format is not supported / 'directory' storage format is not directly supported by QEMU, use 'dir' disk type instead / storage format 'iso' is not directly supported by QEMU, use 'raw' instead",
    fix: "Change type to 'raw'",
  },
  'disk-encryption-format': {
    severity: 'error',
    summary: 'LUKS encryption on an image that is neither raw nor qcow2.',
    libvirt: "encryption is supported only with 'raw' and 'qcow2' image format",
  },
  'disk-luks-cipher': {
    severity: 'error',
    summary: 'A <cipher> in a disk\'s LUKS <encryption>: it belongs to volume creation only.',
    libvirt: 'supplying <cipher> for domain disk definition is unnecessary',
    fix: 'Remove the <cipher>',
  },
  'disk-shared-format': {
    severity: 'error',
    summary: 'A writable <shareable/> disk whose image format is not raw.',
    libvirt: "shared access for disk '%s' requires use of supported storage format",
  },
  'disk-vendor-bus': {
    severity: 'error',
    summary: '<vendor> or <product> on a disk that is not on the SCSI bus (QEMU).',
    libvirt: "Only scsi disk supports 'vendor' / Only scsi disk supports 'product'",
  },
  'disk-vpd-length': {
    severity: 'error',
    summary: 'A disk <vendor> over 8 characters, or <product> over 16 (SCSI) or 40 characters.',
    libvirt: 'disk vendor is more than 8 characters / disk product is more than %zu characters',
  },
  'disk-secret-type': {
    severity: 'error',
    summary: "A network disk's <auth><secret> without a known type, or a type that does not match the protocol (iscsi for iSCSI, ceph for RBD).",
    libvirt: "unknown secret type '%s' / invalid secret type '%s'",
  },
  'disk-iscsi-hosts': {
    severity: 'error',
    summary: 'An iSCSI network disk with no <host> or more than one.',
    libvirt: 'iSCSI protocol accepts only one host',
  },
  'disk-sheepdog': {
    severity: 'error',
    summary: "A network disk with protocol='sheepdog'.",
    libvirt: "'sheepdog' protocol is no longer supported by any hypervisor driver",
  },
  'disk-definition-twice': {
    severity: 'error',
    summary: 'A disk with <auth> or <encryption> both under <disk> and under its <source>.',
    libvirt: 'an <auth> definition already found for disk source / an <encryption> definition already found for disk source',
    fix: 'Remove the outer copy',
  },
  'disk-throttle-iotune': {
    severity: 'error',
    summary: 'A disk with both <throttlefilters> and <iotune> limits.',
    libvirt: "block 'throttlefilters' can't be used together with 'iotune' for disk '%s'",
  },
  'disk-bus-device': {
    severity: 'error',
    summary: "A disk bus that does not fit the device: fdc for anything but a floppy, a floppy elsewhere, a cdrom on virtio, a lun off scsi/virtio, xen or uml buses under QEMU.",
    libvirt: "Invalid bus type 'fdc' for disk / Invalid bus type '%s' for floppy disk / disk type of '%s' does not support ejectable media / disk device='lun' is not supported for bus='%s' / unsupported disk bus '%s' with device setup",
  },
  'disk-virtio-address': {
    severity: 'error',
    summary: 'A virtio disk with a drive, USB or other non-PCI address on a PCI machine.',
    libvirt: "virtio disk cannot have an address of type '%s'",
    fix: 'Remove the <address>',
  },
  'disk-floppy-pseries': {
    severity: 'error',
    summary: 'A floppy disk on a pSeries machine.',
    libvirt: 'PowerPC pseries machines do not support floppy device',
  },
} as const satisfies Record<string, CodeInfo>;

export type DiskCode = keyof typeof diskCodes;
