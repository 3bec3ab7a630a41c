// The diagnostic codes of the machine family: <features> per machine and
// architecture, SMM TSEG, hugepages against guest NUMA cells, memory hotplug,
// <sysinfo>, security labels, s390 loadparm, timers, pSeries PHBs and
// spapr-vio addresses, and pci-expander-bus NUMA nodes.

import type { CodeInfo } from '../types';

export const machineCodes = {
  'feature-machine': {
    severity: 'error',
    summary: "A <features> entry the machine does not have: gic off ARM virt, the pSeries features (hpt, htm, nested-hv, ccf-assist, cfpc, sbbc, ibs) off pSeries, ioapic off x86.",
    libvirt: "The '%s' feature is not supported for architecture '%s' or machine type '%s'",
    fix: 'Remove the feature',
  },
  'feature-ps2-off': {
    severity: 'error',
    summary: "<ps2 state='off'> with PS/2 inputs or <vmport state='on'>.",
    libvirt: 'ps2 bus inputs require the ps2 feature not to be disabled / vmport feature requires the ps2 feature not to be disabled',
  },
  'feature-tseg': {
    severity: 'error',
    summary: "An SMM <tseg> size off q35, or one not a multiple of 1 MiB.",
    libvirt: 'SMM TSEG is only supported with q35 machine type / SMM TSEG size must be divisible by 1 MiB',
  },
  'hugepages-master-twice': {
    severity: 'error',
    summary: 'Two hugepage sizes without nodeset (only one may be the default size).',
    libvirt: 'two master hugepages detected: %llu and %llu',
  },
  'hugepages-nodeset-overlap': {
    severity: 'error',
    summary: 'Two hugepage sizes whose nodesets share a guest NUMA node.',
    libvirt: 'nodeset attribute of hugepages of sizes %llu and %llu intersect',
  },
  'hugepages-node-missing': {
    severity: 'error',
    summary: 'A hugepage nodeset naming a guest NUMA cell the domain does not have.',
    libvirt: 'hugepages: node %zd not found',
  },
  'memory-hotplug-numa': {
    severity: 'warning',
    summary: "<maxMemory> (memory hotplug) on a guest without NUMA cells (x86, ARM; ppc64 and s390 excepted): QEMU then adds one NUMA node silently. libvirt's QEMU validation has this check and its test suite refuses it, but libvirt 11.3 accepted define and domxml-to-native here, so it is a warning.",
    libvirt: 'At least one numa node has to be configured when enabling memory hotplug',
    fix: 'Add a NUMA cell',
  },
  'memory-device-node': {
    severity: 'error',
    summary: "A memory device whose <target><node> is not a guest NUMA cell.",
    libvirt: "can't add memory backend for guest node '%d' as the guest has only '%zu' NUMA nodes configured",
  },
  'sysinfo-date': {
    severity: 'error',
    summary: "A <sysinfo> BIOS date not in mm/dd/yy or mm/dd/yyyy form (year 1900 or later).",
    libvirt: "Invalid BIOS 'date' format",
  },
  'sysinfo-uuid': {
    severity: 'error',
    summary: "A <sysinfo> system uuid different from the domain's <uuid>.",
    libvirt: 'UUID mismatch between <uuid> and <sysinfo>',
    fix: "Change it to the domain's uuid",
  },
  'seclabel-model': {
    severity: 'error',
    summary: 'Several domain <seclabel>s where one has no model, or two with the same model (also per device).',
    libvirt: 'missing security model when using multiple labels / seclabel for model %s is already provided',
  },
  'seclabel-relabel': {
    severity: 'error',
    summary: "A device <seclabel relabel='yes'> without <label>, or a <label> with relabel='no'.",
    libvirt: 'Cannot specify relabel if label is missing. model=%s / Cannot specify a label if relabelling is turned off. model=%s',
  },
  'boot-loadparm': {
    severity: 'error',
    summary: 'An s390 boot loadparm of more than 8 characters, or with characters other than letters, digits, dots and blanks.',
    libvirt: "loadparm value '%s' must be between 1 and 8 characters / invalid loadparm value '%s', expecting chars in set of [a-zA-Z0-9.] and blank spaces",
  },
  'timer-arch': {
    severity: 'error',
    summary: "A tsc, kvmclock or hypervclock timer with present='yes' on a guest that is not x86.",
    libvirt: "Configuring the '%s' timer is not supported for virtType=%s arch=%s machine=%s guests",
  },
  'pci-target-index': {
    severity: 'error',
    summary: 'A pSeries PHB target index out of 0-30, or target index 0 on a controller other than index 0 (and the other way round).',
    libvirt: "PCI controller target index '%d' out of range - must be 0-30 / Only the PCI controller with index 0 can have target index 0, and vice versa",
  },
  'pci-numa-node': {
    severity: 'error',
    summary: "A NUMA node on PCI controller index 0, or a pci-expander-bus/PHB node that is not a guest NUMA cell.",
    libvirt: "The PCI controller with index=0 can't be associated with a NUMA node / %s with index %d is configured for a NUMA node (%d) not present in the domain's <cpu><numa> array (%zu)",
  },
  'spapr-vio-address': {
    severity: 'error',
    summary: 'A spapr-vio address over 32 bits, or one two devices share.',
    libvirt: "spapr-vio reg='0x%llx' exceeds maximum possible value (0xffffffff) / spapr-vio address 0x%llx already in use",
  },
  'vcpu-hotplug-granularity': {
    severity: 'error',
    summary: 'On pSeries with a CPU topology, vCPUs online at boot must be whole cores (a multiple of threads).',
    libvirt: 'vCPUs count must be a multiple of the vCPU hotplug granularity (%u)',
  },
  'machine-no-pci': {
    severity: 'error',
    summary: "A USB controller on the isapc machine, which has no PCI bus.",
    libvirt: 'No PCI buses available',
    fix: "Change model to 'none'",
  },
  'cpu-sve-lengths': {
    severity: 'error',
    summary: "SVE vector lengths (sve128…) required while the sve feature is disabled (aarch64).",
    libvirt: 'SVE disabled, but SVE vector lengths provided',
  },
} as const satisfies Record<string, CodeInfo>;

export type MachineCode = keyof typeof machineCodes;
