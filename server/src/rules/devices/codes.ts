// The diagnostic codes of the other devices: video, graphics, TPM, character
// devices, shared memory, IOMMU, panic, input, controllers' driver options,
// filesystems.

import type { CodeInfo } from '../types';

export const deviceCodes = {
  'video-primary-twice': {
    severity: 'error',
    summary: "More than one <video> with primary='yes'.",
    libvirt: 'Only one primary video device is supported',
    fix: "Remove primary='yes'",
  },
  'video-secondary-type': {
    severity: 'error',
    summary: 'A video other than the primary one whose model is neither qxl nor virtio (QEMU).',
    libvirt: "video type '%s' is only valid as primary video device",
  },
  'video-none-alone': {
    severity: 'error',
    summary: "A video of model 'none' next to other videos.",
    libvirt: "a 'none' video type must be the only video device defined for the domain",
  },
  'video-ramfb-address': {
    severity: 'error',
    summary: 'A ramfb video with an <address>.',
    libvirt: 'address not supported for video type ramfb',
    fix: 'Remove the <address>',
  },
  'video-qxl-only': {
    severity: 'error',
    summary: 'ram, vram64 or vgamem on a video model other than qxl.',
    libvirt: 'ram attribute only supported for video type qxl / vram64 … / vgamem …',
    fix: 'Remove the attribute',
  },
  'graphics-egl-headless': {
    severity: 'error',
    summary: "egl-headless next to graphics other than vnc or spice, or next to spice with <gl enable='yes'>.",
    libvirt: "graphics type 'egl-headless' is only supported with one of: 'vnc', 'spice' graphics types / multiple OpenGL displays are not supported by QEMU",
  },
  'tpm-backend-missing': {
    severity: 'error',
    summary: 'A <tpm> without <backend>.',
    libvirt: 'missing TPM device backend',
  },
  'tpm-twice': {
    severity: 'error',
    summary: 'More than one TPM (or more than one spapr TPM proxy).',
    libvirt: 'only a single TPM non-proxy device is supported / only a single TPM Proxy device is supported',
  },
  'tpm-version-model': {
    severity: 'error',
    summary: "An emulated TPM 1.2 on a model other than tpm-tis, or on an architecture other than x86.",
    libvirt: "TPM 1.2 is not supported for model '%s' / TPM 1.2 is not supported on architecture '%s'",
    fix: "Change version to '2.0'",
  },
  'chardev-source-path': {
    severity: 'error',
    summary: 'A character device of type file, dev, pipe or unix without <source path> (virtio and xen channels of type unix excepted).',
    libvirt: 'Missing source path attribute for char device',
  },
  'chardev-source-tcp': {
    severity: 'error',
    summary: 'A tcp character device without source host or service.',
    libvirt: 'Missing source host attribute for char device / Missing source service attribute for char device',
  },
  'chardev-reconnect': {
    severity: 'error',
    summary: "<reconnect enabled='yes'> on a source in bind (listen) mode, or with timeout 0.",
    libvirt: "chardev reconnect is possible only for connect mode / chardev reconnect source timeout cannot be '0'",
  },
  'chardev-tcp-protocol': {
    severity: 'error',
    summary: "A tcp character device with protocol tls or telnets (QEMU).",
    libvirt: "tcp chardev protocol '%s' not supported",
    fix: "Change type to 'raw'",
  },
  'chardev-spice': {
    severity: 'error',
    summary: 'A spicevmc or spiceport character device without <graphics type=\'spice\'>.',
    libvirt: "chardev '%s' not supported without spice graphics",
  },
  'chardev-parallel': {
    severity: 'error',
    summary: 'A parallel port on s390 or pSeries.',
    libvirt: 'parallel ports are not supported',
    fix: 'Remove this <parallel>',
  },
  'chardev-serial-target': {
    severity: 'error',
    summary: 'A serial target type or model the machine does not have (spapr-vio off pSeries, sclp off s390, pl011 off ARM virt, 16550a off RISC-V/LoongArch virt).',
    libvirt: "Serial device with target type '%s' and target model '%s' not compatible with guest architecture or machine type",
  },
  'shmem-size': {
    severity: 'error',
    summary: 'A shared memory size that is not a power of two or is below 1 MiB.',
    libvirt: 'shmem size must be a power of 2 and at least 1 MiB (1024 KiB)',
  },
  'shmem-msi': {
    severity: 'error',
    summary: '<msi> on a shared memory device without <server>.',
    libvirt: 'msi option is only supported with a server',
  },
  'shmem-address': {
    severity: 'error',
    summary: 'A shared memory device with an address that is not PCI.',
    libvirt: "only 'pci' addresses are supported for the shared memory device",
  },
  'iommu-machine': {
    severity: 'error',
    summary: "An intel IOMMU off q35, a virtio IOMMU off q35/ARM virt, an smmuv3 off ARM virt.",
    libvirt: "IOMMU device: '%s' is only supported with Q35 machines / with Q35 and ARM Virt machines / with ARM Virt machines",
  },
  'iommu-virtio': {
    severity: 'error',
    summary: "A virtio IOMMU without ACPI, with a non-PCI or non-root-bus address, or with intel-only driver attributes (also smmuv3).",
    libvirt: "IOMMU device: 'virtio' requires ACPI / needs a PCI address / The device at PCI address %s needs to be an integrated device (bus=0) / iommu model '%s' doesn't support additional attributes",
  },
  'panic-model': {
    severity: 'error',
    summary: "A panic device with an address its model cannot take (s390, pseries, hyperv: none; isa: ISA; pvpanic: PCI), or without a model where the machine has no default.",
    libvirt: "setting the panic device address is not supported for model '%s' / panic is supported only with ISA address type / pvpanic is supported only with PCI address type / no panic model provided, and no default for the architecture and machine type",
    fix: 'Remove the <address>',
  },
  'input-virtio-transitional': {
    severity: 'error',
    summary: "A virtio input with model virtio-transitional or virtio-non-transitional.",
    libvirt: 'virtio (non-)transitional models are not supported for input type=%s',
    fix: "Change model to 'virtio'",
  },
  'controller-iothread': {
    severity: 'error',
    summary: "<driver iothread> on a controller other than virtio-scsi.",
    libvirt: "'iothread' attribute only supported for virtio scsi controllers",
    fix: 'Remove the iothread attribute',
  },
  'filesystem-boot-bus': {
    severity: 'error',
    summary: 'A virtiofs filesystem with <boot order> on a bus other than PCI (CCW on s390).',
    libvirt: 'setting virtiofs boot order is supported only with PCI bus',
    fix: 'Remove the <boot>',
  },
} as const satisfies Record<string, CodeInfo>;

export type DeviceCode = keyof typeof deviceCodes;
