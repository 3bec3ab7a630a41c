// The diagnostic codes of the firmware and boot family: <os firmware>,
// <loader>, <nvram>, firmware features, ACPI against UEFI, secure boot, and
// the boot order (os/boot against per-device <boot order>).

import type { CodeInfo } from '../types';

export const firmwareCodes = {
  'boot-mixed': {
    severity: 'error',
    summary: 'Both <os><boot dev> and a per-device <boot order>.',
    libvirt: 'per-device boot elements cannot be used together with os/boot elements',
    fix: 'Remove the <os><boot> elements',
  },
  'boot-order-duplicate': {
    severity: 'error',
    summary: 'Two devices with the same <boot order>.',
    libvirt: "boot order '%s' used for more than one device",
    fix: 'Change order to a free one',
  },
  'boot-menu-timeout': {
    severity: 'error',
    summary: 'A boot menu timeout over 65535 ms.',
    libvirt: 'invalid value for boot menu timeout, must be in range [0,65535]',
    fix: "Change timeout to '65535'",
  },
  'firmware-features-manual': {
    severity: 'error',
    summary: '<os><firmware> features without firmware auto-selection (<os firmware=...>).',
    libvirt: 'cannot use feature-based firmware autoselection when firmware autoselection is disabled',
  },
  'firmware-enrolled-keys': {
    severity: 'error',
    summary: "Firmware feature enrolled-keys enabled while secure-boot is disabled.",
    libvirt: "firmware feature 'enrolled-keys' cannot be enabled when firmware feature 'secure-boot' is disabled",
  },
  'firmware-nvram-type': {
    severity: 'error',
    summary: "NVRAM (an <nvram>, or <loader stateless='no'>) with firmware other than EFI, or with a manual loader that is not pflash.",
    libvirt: "firmware type '%s' does not support nvram / Only EFI firmware permits NVRAM / Only pflash loader type permits NVRAM",
  },
  'firmware-loader-path': {
    severity: 'error',
    summary: 'A <loader> (or <nvram>) without a loader path and without firmware auto-selection.',
    libvirt: 'no loader path specified and firmware auto selection disabled',
  },
  'firmware-stateless-nvram': {
    severity: 'error',
    summary: "An <nvram> or NVRAM template with <loader stateless='yes'>.",
    libvirt: 'NVRAM is not permitted when loader is stateless / NVRAM template is not permitted when loader is stateless',
  },
  'firmware-acpi-uefi': {
    severity: 'error',
    summary: 'UEFI (firmware efi or a pflash loader) on x86 without <acpi/>, or <acpi/> on aarch64 without UEFI.',
    libvirt: 'UEFI requires ACPI on this architecture / ACPI requires UEFI on this architecture',
    fix: 'Add <acpi/> to <features>',
  },
  'firmware-secure-boot': {
    severity: 'error',
    summary: "<loader secure='yes'> on a machine other than q35, an arch other than x86_64, or (without firmware auto-selection) without <smm state='on'>.",
    libvirt: 'Secure boot is supported with q35 machine types only / Secure boot is supported for x86_64 architecture only / Secure boot requires SMM feature enabled',
  },
} as const satisfies Record<string, CodeInfo>;

export type FirmwareCode = keyof typeof firmwareCodes;
