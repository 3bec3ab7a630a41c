// The diagnostic codes of this rule family: stable id, default severity, and the
// README table's columns. Kept apart from the checks so nothing imports back into them.

import type { CodeInfo } from '../types';
import { schemaTools } from '../kit/messages';

export const vcpuCodes = {
  'vcpu-count-invalid': {
    severity: 'error',
    summary: '<vcpu> text that is not an unsigned number (blank, trailing blanks, hex, words).',
    libvirt: 'maximum vcpus count must be an integer',
    fix: 'Trim the blanks, when that leaves a number',
  },
  'vcpu-count-zero': {
    severity: 'error',
    summary: 'A vCPU count of 0.',
    libvirt: 'CPU IDs in <numa> exceed the <vcpu> count',
  },
  'vcpu-count-too-large': {
    severity: 'error',
    summary: 'A vCPU count above 65535 (or negative, which libvirt wraps to a huge count): refused by the schema; libvirtd 11.3 may abort on it.',
    libvirt: `${schemaTools}; libvirtd aborts while allocating`,
  },
  'vcpu-machine-limit': {
    severity: 'warning',
    summary: "More vCPUs than the machine type allows (255 for 'pc', 4096 for 'q35' with QEMU 10); depends on the QEMU version and default machine.",
    libvirt: 'Maximum CPUs greater than specified machine type limit N',
  },
  'vcpu-current-invalid': {
    severity: 'error',
    summary: "<vcpu current> that is not an unsigned number.",
    libvirt: "Invalid value for attribute 'current' in element 'vcpu': '…'. Expected non-negative integer value",
  },
  'vcpu-current-too-high': {
    severity: 'error',
    summary: '<vcpu current> above the maximum vCPU count.',
    libvirt: 'maximum vCPU count must not be less than current vCPU count',
    fix: 'Set current to the maximum',
  },
  'vcpu-current-zero': {
    severity: 'error',
    summary: "<vcpu current='0'>: vCPU 0 must be online.",
    libvirt: "vcpu 0 can't be offline",
  },
  'vcpu-current-ignored': {
    severity: 'warning',
    summary: '<vcpu current> that disagrees with <vcpus>: libvirt ignores it and counts the enabled vCPUs instead.',
    fix: 'Set current to the enabled count',
  },
  'vcpu-placement-invalid': {
    severity: 'error',
    summary: "<vcpu placement> other than 'static' or 'auto'.",
    libvirt: "Invalid value for attribute 'placement' in element 'vcpu': '…'.",
    fix: 'One per valid value',
  },
  'vcpu-cpuset-ignored': {
    severity: 'warning',
    summary: "<vcpu cpuset> together with placement='auto': libvirt drops the cpuset.",
    fix: "Remove the cpuset, or placement='auto'",
  },
  'vcpus-attribute-invalid': {
    severity: 'error',
    summary: "A <vcpus><vcpu> without id or enabled, or with a value libvirt cannot read (id/order numbers, enabled/hotpluggable yes or no).",
    libvirt: "Missing required attribute '…' in element 'vcpu' / Invalid value for attribute '…' in element 'vcpu': …",
    fix: 'One per valid value (yes/no)',
  },
  'vcpus-id-out-of-range': {
    severity: 'error',
    summary: 'A <vcpus><vcpu id> at or above the maximum vCPU count.',
    libvirt: "vcpu id 'N' is out of range of maximum vcpu count",
    fix: 'Remove the entry',
  },
  'vcpus-id-duplicate': {
    severity: 'warning',
    summary: 'Two <vcpus> entries for one vCPU: the later one silently wins.',
    fix: 'Remove the overridden entry',
  },
  'vcpus-vcpu0-offline': {
    severity: 'error',
    summary: "vCPU 0 missing from <vcpus> or enabled='no'.",
    libvirt: "vcpu 0 can't be offline",
    fix: "enabled='yes'",
  },
  'vcpus-vcpu0-hotpluggable': {
    severity: 'error',
    summary: "vCPU 0 marked hotpluggable='yes'.",
    libvirt: "vcpu0 can't be hotpluggable",
    fix: 'Remove hotpluggable',
  },
  'vcpus-vcpu0-order': {
    severity: 'error',
    summary: 'vCPU 0 with an order other than 1.',
    libvirt: 'vcpu0 must be enabled first',
    fix: "order='1'",
  },
  'vcpus-order-mixed': {
    severity: 'error',
    summary: 'Some online vCPUs have an order and others do not (vCPU 0 decides which).',
    libvirt: 'all vcpus must have either set or unset order',
  },
  'vcpus-order-hotpluggable': {
    severity: 'error',
    summary: "An online vCPU with hotpluggable='no' after a hotpluggable one, or ordered before its predecessor.",
    libvirt: 'online non-hotpluggable vcpus need to be ordered prior to hotpluggable vcpus / … must be ordered in ascending order',
  },
  'vcpus-offline-not-hotpluggable': {
    severity: 'error',
    summary: "A vCPU with enabled='no' and hotpluggable='no'.",
    libvirt: "vcpu 'N' is both offline and not hotpluggable",
    fix: "hotpluggable='yes'",
  },
} as const satisfies Record<string, CodeInfo>;
