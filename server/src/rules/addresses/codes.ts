// The diagnostic codes of the address and controller family: PCI addresses
// and the PCI topology, controller indexes and root models per machine, and
// USB buses, ports and hubs, as libvirt's parser, post-parse and address
// assignment refuse them.

import type { CodeInfo } from '../types';

export const addressCodes = {
  'pci-address-range': {
    severity: 'error',
    summary: 'A PCI address with bus over 0xFF, slot over 0x1F or function over 7.',
    libvirt: "Invalid PCI address bus='0x%x', must be <= 0xFF / slot='0x%x', must be <= 0x1F / function=0x%x, must be <= 7",
  },
  'pci-address-slot': {
    severity: 'error',
    summary: 'A PCI address in a slot the bus does not have: slot 0 of pci-root/pcie-root/pci-bridge (reserved), or a slot other than 0 on a pcie-root-port or switch downstream port.',
    libvirt: 'Invalid PCI address %s. slot must be >= 1 / slot must be <= 0',
    fix: 'Change slot to a free one',
  },
  'pci-address-domain': {
    severity: 'error',
    summary: 'A PCI address in a PCI domain other than 0 on an x86 machine.',
    libvirt: 'Invalid PCI address %s. Only PCI domain 0 is available',
  },
  'pci-address-duplicate': {
    severity: 'error',
    summary: "Two devices at the same PCI address, or a device on an address the machine's built-in devices take (i440fx 00:01.0-3, q35 00:1f.0/2/3).",
    libvirt: 'Attempted double use of PCI Address %s',
    fix: 'Move it to a free slot',
  },
  'pci-controller-placement': {
    severity: 'error',
    summary: 'A PCI controller plugged into a PCI controller that does not accept it (e.g. a pci-expander-bus on a pci-bridge, a dmi-to-pci-bridge on a pcie-root-port).',
    libvirt: "The device at PCI address %s cannot be plugged into the PCI controller with index='%d'. It requires a controller that accepts a %s.",
  },
  'pci-root-model': {
    severity: 'error',
    summary: "PCI controller index 0 of the wrong model for the machine: pci-root for i440fx, pcie-root for q35.",
    libvirt: "The PCI controller with index='0' must be model='%s' for this machine type, but model='%s' was found instead",
    fix: 'Change model to the machine\'s root',
  },
  'pci-root-index': {
    severity: 'error',
    summary: 'A pci-root or pcie-root controller with an index other than 0 (pSeries excepted).',
    libvirt: 'pci-root and pcie-root controllers should have index 0',
    fix: "Change index to '0'",
  },
  'pci-root-address': {
    severity: 'error',
    summary: 'A pci-root or pcie-root controller with an <address>.',
    libvirt: 'pci-root and pcie-root controllers should not have an address',
    fix: 'Remove the <address>',
  },
  'pci-expander-machine': {
    severity: 'error',
    summary: 'A pci-expander-bus on a machine that is not i440fx, or a pcie-expander-bus on one that is neither q35 nor ARM virt.',
    libvirt: 'pci-expander-bus controllers are only supported on 440fx-based machinetypes / pcie-expander-bus controllers are not supported with this machine type',
  },
  'controller-index-duplicate': {
    severity: 'error',
    summary: 'Two controllers of the same type with the same index (USB excepted: companion controllers share one).',
    libvirt: "Multiple '%s' controllers with index '%d'",
    fix: 'Change index to a free one',
  },
  'usb-disabled': {
    severity: 'error',
    summary: "A USB device, hub or second USB controller while <controller type='usb' model='none'> disables USB.",
    libvirt: "Can't add another USB controller: USB is disabled for this domain / Can't add USB hub: USB is disabled for this domain / Can't add USB input device. USB bus is disabled",
  },
  'usb-no-master': {
    severity: 'error',
    summary: 'USB controllers that are all companions (each with <master>), none to be their master.',
    libvirt: 'No master USB controller specified',
  },
  'usb-xhci-ports': {
    severity: 'error',
    summary: 'A nec-xhci or qemu-xhci controller with more than 15 ports.',
    libvirt: "'%s' controller only supports up to '15' ports",
    fix: "Change ports to '15'",
  },
  'usb-controller-duplicate': {
    severity: 'error',
    summary: 'Two USB controllers with ports (not companions) on the same index.',
    libvirt: 'Duplicate USB controllers with index %u',
  },
  'usb-port-syntax': {
    severity: 'error',
    summary: 'A USB port path libvirt cannot read: more than 4 levels, or not numbers separated by dots.',
    libvirt: "Cannot parse <address> 'port' attribute",
  },
  'usb-bus-missing': {
    severity: 'error',
    summary: 'A USB address on a bus no USB controller has as its index.',
    libvirt: 'USB bus %u requested but no controller with that index is present / Missing USB bus %u',
  },
  'usb-port-missing': {
    severity: 'error',
    summary: 'A USB port the controller or hub does not have, or a port path through a port without a hub.',
    libvirt: 'requested USB port %s not present on USB bus %u / there is no hub at port %u in USB address bus: %u port: %s / port %u out of range in USB address bus: %u port: %s',
  },
  'usb-address-duplicate': {
    severity: 'error',
    summary: 'Two USB devices on the same bus and port.',
    libvirt: 'Duplicate USB address bus %u port %s',
  },
} as const satisfies Record<string, CodeInfo>;

export type AddressCode = keyof typeof addressCodes;
