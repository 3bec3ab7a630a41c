// The diagnostic codes of this rule family: stable id, default severity, and the
// README table's columns. Kept apart from the checks so nothing imports back into them.

import type { CodeInfo } from '../types';
import { schemaTools } from '../kit/messages';

export const cputuneCodes = {
  'cputune-value-invalid': {
    severity: 'error',
    summary: "A <cputune> number libvirt cannot read (shares and periods: unsigned; quotas: signed 64-bit); an empty one fails the schema.",
    libvirt: "can't parse cputune … value",
  },
  'cputune-period-range': {
    severity: 'error',
    summary: 'A period (period, global_period, emulator_period, iothread_period) outside 1000..1000000.',
    libvirt: "Value of cputune '…' must be in range [1000, 1000000]",
  },
  'cputune-quota-range': {
    severity: 'error',
    summary: 'A positive quota (quota, global_quota, emulator_quota, iothread_quota) outside 1000..17592186044415.',
    libvirt: "Value of cputune '…' must be in range [1000, 17592186044415]",
  },
  'cputune-schema-range': {
    severity: 'error',
    summary: "A <cputune> value libvirt's parser takes but the schema refuses: period 0, quota below -1, shares above 4294967295.",
    libvirt: `${schemaTools} only`,
    fix: 'Remove the element / use -1',
  },
  'cputune-zero-dropped': {
    severity: 'information',
    summary: 'A quota of 0: libvirt reads it as "not set" and drops it.',
    fix: 'Remove the element',
  },
  'cputune-shares-range': {
    severity: 'warning',
    summary: 'shares outside what the host cgroup accepts at start: 2..262144 with cgroups v1, 1..10000 with cgroups v2.',
    libvirt: "shares 'N' must be in range [2, 262144] / [1, 10000] (at start)",
  },
  'cputune-cpuset-missing': {
    severity: 'error',
    summary: 'A vcpupin, emulatorpin or iothreadpin without cpuset.',
    libvirt: 'missing cpuset for vcpupin / emulatorpin / iothreadpin',
  },
  'vcpupin-vcpu-invalid': {
    severity: 'error',
    summary: "<vcpupin> without vcpu, or a vcpu that is not an unsigned number (the schema also caps it at 65535).",
    libvirt: "Missing required attribute 'vcpu' in element 'vcpupin' / Invalid value for attribute 'vcpu' …",
  },
  'vcpupin-out-of-range': {
    severity: 'warning',
    summary: '<vcpupin> for a vCPU at or above the maximum count: libvirt silently drops it.',
    fix: 'Remove the vcpupin',
  },
  'vcpupin-duplicate': {
    severity: 'error',
    summary: 'Two <vcpupin> for the same vCPU.',
    libvirt: "duplicate vcpupin for vcpu 'N'",
    fix: 'Remove the duplicate',
  },
  'emulatorpin-duplicate': {
    severity: 'error',
    summary: 'More than one <emulatorpin>.',
    libvirt: 'only one emulatorpin is supported',
    fix: 'Remove the extra one',
  },
  'iothreadpin-iothread-invalid': {
    severity: 'error',
    summary: '<iothreadpin> without iothread, or an iothread that is 0 or not an unsigned number.',
    libvirt: "Missing required attribute 'iothread' in element 'iothreadpin' / … Zero is not permitted",
  },
  'iothread-unknown': {
    severity: 'error',
    summary: 'An iothreadpin or iothreadsched naming an IOThread id the domain does not have.',
    libvirt: "Cannot find 'iothread' : N",
  },
  'iothreadpin-duplicate': {
    severity: 'error',
    summary: 'Two <iothreadpin> for the same IOThread.',
    libvirt: "duplicate iothreadpin for same iothread 'N'",
    fix: 'Remove the duplicate',
  },
  'sched-list-missing': {
    severity: 'error',
    summary: "<vcpusched> without vcpus or <iothreadsched> without iothreads (the schema allows it, the parser does not).",
    libvirt: "Missing attribute 'vcpus' in element 'vcpusched'",
  },
  'sched-scheduler-invalid': {
    severity: 'error',
    summary: "A scheduler other than batch, idle, fifo or rr (including 'none'), or none given.",
    libvirt: "Invalid value for attribute 'scheduler' in element '…': '…'.",
    fix: 'One per valid value',
  },
  'sched-priority-missing': {
    severity: 'error',
    summary: 'fifo or rr without priority.',
    libvirt: "Missing required attribute 'priority' in element '…'",
    fix: "Add priority='1'",
  },
  'sched-priority-invalid': {
    severity: 'error',
    summary: 'A priority that is not an integer (parser) or outside 0..65535 (schema).',
    libvirt: "Invalid value for attribute 'priority' in element '…': '…'. Expected integer value",
  },
  'sched-priority-unexpected': {
    severity: 'error',
    summary: 'A priority with batch or idle: the schema refuses it; the parser ignores it.',
    libvirt: `${schemaTools} only`,
    fix: 'Remove priority',
  },
  'sched-priority-range': {
    severity: 'warning',
    summary: 'A fifo/rr priority outside 1..99: Linux refuses it when the domain starts.',
    libvirt: 'Scheduler priority N out of range [1, 99] (at start)',
  },
  'sched-overlap': {
    severity: 'error',
    summary: 'Two vcpusched (or iothreadsched) elements covering the same vCPU (IOThread).',
    libvirt: "'vcpusched' attributes 'vcpus' must not overlap",
  },
  'vcpusched-out-of-range': {
    severity: 'error',
    summary: '<vcpusched vcpus> naming a vCPU at or above the maximum count.',
    libvirt: "vCPU 'N' is not present in domain definition",
  },
  'emulatorsched-duplicate': {
    severity: 'error',
    summary: 'More than one <emulatorsched>.',
    libvirt: 'only one emulatorsched is supported',
    fix: 'Remove the extra one',
  },
} as const satisfies Record<string, CodeInfo>;
