// The diagnostic codes of the network interface family: MAC addresses,
// virtio queue sizes, the tap backend, port forwarding and vhost-user's
// shared memory.

import type { CodeInfo } from '../types';

export const interfaceCodes = {
  'interface-mac-invalid': {
    severity: 'error',
    summary: 'A MAC address libvirt cannot read (six hex bytes separated by colons).',
    libvirt: "unable to parse mac address '%s'",
  },
  'interface-mac-multicast': {
    severity: 'error',
    summary: 'A multicast MAC address (lowest bit of the first byte set).',
    libvirt: "expected unicast mac address, found multicast '%s'",
    fix: 'Clear the multicast bit',
  },
  'interface-queue-size': {
    severity: 'error',
    summary: 'A virtio rx_queue_size or tx_queue_size that is not a power of two.',
    libvirt: 'rx_queue_size has to be a power of two / tx_queue_size has to be a power of two',
    fix: 'Change it to the nearest power of two',
  },
  'interface-tap-backend': {
    severity: 'error',
    summary: "<backend tap> on a hostdev or vhostuser interface (only network, bridge and ethernet interfaces take a custom tap device).",
    libvirt: 'interface %s - custom tap device path is not supported for network interfaces of type %s',
    fix: 'Remove the tap attribute',
  },
  'interface-port-forward': {
    severity: 'error',
    summary: "<portForward> on an interface that is not type user or vhostuser with <backend type='passt'>.",
    libvirt: "The <portForward> element can only be used with the 'passt' backend of interface type='user' or type='vhostuser'",
  },
  'interface-vhostuser-memory': {
    severity: 'error',
    summary: "A vhost-user interface while guest memory is not shared (<memoryBacking><access mode='shared'/>, or memAccess='shared' on every NUMA cell).",
    libvirt: "'interface' requires shared memory",
    fix: "Add <memoryBacking><access mode='shared'/>",
  },
  'interface-model-vhostuser': {
    severity: 'error',
    summary: 'A vhostuser or vdpa interface whose model is not virtio.',
    libvirt: "invalid model for interface of type '%s': '%s' - must be 'virtio'",
    fix: "Change type to 'virtio'",
  },
} as const satisfies Record<string, CodeInfo>;

export type InterfaceCode = keyof typeof interfaceCodes;
