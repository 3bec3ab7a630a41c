// The diagnostic codes of the host topology family (pins and NUMA against a
// loaded host's cells, cores and threads): stable id, default severity, and
// the README table's columns. Every one is host-dependent, so none is an error.

import type { CodeInfo } from '../types';

export const hostTopologyCodes = {
  'host-cpu-missing': {
    severity: 'warning',
    summary: '<vcpupin>, <emulatorpin>, <iothreadpin> or <vcpu cpuset> names host CPUs a loaded host does not have: libvirt defines the domain, but the pin cannot be honoured on that host.',
    libvirt: 'accepted by define and by domxml-to-native (which does not check pins against the host); at start the kernel narrows or refuses the affinity',
    fix: 'keep only the CPUs the host has',
  },
  'host-node-missing': {
    severity: 'warning',
    summary: '<numatune> <memory> or <memnode> nodeset names NUMA cells a loaded host does not have.',
    libvirt: 'NUMA node N is unavailable (at start and in domxml-to-native on that host; define accepts it)',
    fix: 'keep only the cells the host has',
  },
  'host-threads-split': {
    severity: 'warning',
    summary: "Guest vCPUs the <topology> makes thread siblings (threads='2' or more) are pinned to different host cores: the guest schedules them as sharing a core, which they do not.",
    fix: "pin them to the threads of the first vCPU's host core",
  },
  'host-cell-spans-nodes': {
    severity: 'warning',
    summary: 'A guest NUMA cell whose vCPUs are pinned to CPUs of more than one host cell, or whose <memnode> nodeset names more than one host cell: the guest sees one node where the host has several.',
    fix: 'bind the memory to the host cell its vCPUs run on',
  },
  'host-cell-memory-remote': {
    severity: 'warning',
    summary: "A guest NUMA cell's vCPUs run on one host cell but its <memnode> puts its memory on another: every access is remote.",
    fix: 'bind the memory to the host cell its vCPUs run on',
  },
  'host-vcpus-share-cpu': {
    severity: 'warning',
    summary: 'Two or more vCPUs are each pinned to the same single host CPU: they take turns on it.',
  },
  'host-emulator-on-vcpus': {
    severity: 'warning',
    summary: '<emulatorpin> or <iothreadpin> shares host CPUs with pinned vCPUs: the emulator or I/O thread competes with the guest for them.',
    fix: 'move it to host CPUs no vCPU uses',
  },
  'host-placement-auto': {
    severity: 'information',
    summary: "placement='auto' (<vcpu> or <numatune><memory>) asks numad for a placement when the domain starts: the host needs numad.",
    libvirt: 'Advice from numad is needed in case of automatic numa placement / numad is not available on this host (at start and in domxml-to-native, on a host without numad)',
  },
} as const satisfies Record<string, CodeInfo>;
