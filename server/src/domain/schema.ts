// The CPU area of a libvirt domain as plain data: every element, attribute and
// enumerated value, with a one-line description and the libvirt version that added it.
// Facts follow libvirt 11.3's RelaxNG schemas (domaincommon.rng, cputypes.rng,
// basictypes.rng) and the "Since" notes of docs/formatdomain.rst; the prose is ours.

export type ValueKind =
  | 'enum'
  | 'uint'
  | 'int'
  | 'ullong'
  | 'llong'
  | 'cpuset'
  | 'yesno'
  | 'onoff'
  | 'scaledInteger'
  | 'unit'
  | 'text'
  | 'modelName'
  | 'featureName'
  | 'vendorName';

export interface ValueSpec {
  value: string;
  doc: string;
  since?: string;
}

export interface AttributeSpec {
  name: string;
  doc: string;
  kind: ValueKind;
  /** The allowed values, for 'enum', 'yesno' and 'onoff'. */
  values?: ValueSpec[];
  /** The schema requires it (the C parser may still accept its absence: see `parserDiffers`). */
  required?: boolean;
  since?: string;
  /** The attribute was required before this version (leaving it out needs at least this libvirt). */
  optionalSince?: string;
  /** Inclusive bounds the schema states. */
  min?: number;
  max?: number;
  /** The schema's pattern for the value (an XSD regular expression, anchored at both ends). */
  pattern?: string;
  /** What libvirt uses when the attribute is absent. */
  default?: string;
  /** Where libvirt's C parser is looser or stricter than the schema, one line. */
  parserDiffers?: string;
}

export interface ElementSpec {
  name: string;
  doc: string;
  since?: string;
  attributes: AttributeSpec[];
  /** Names of the child elements the schema allows (each has its own entry at `path/name`). */
  children: string[];
  /** Text content, if the element has any. */
  text?: { kind: ValueKind; doc?: string; min?: number; max?: number; pattern?: string };
  /** May occur more than once under its parent. */
  repeatable?: boolean;
  /** The schema requires it under its parent. */
  required?: boolean;
  /** Only part of the element's content is described here (the `<domain>` root). */
  partial?: boolean;
  parserDiffers?: string;
}

// ---------------------------------------------------------------------------
// Shared value types (basictypes.rng and the type library of domaincommon.rng)

import { UINT_MAX } from './numbers';
const USHRT_MAX = 65535;

/** The schema's `cpuset` pattern: numbers, ranges and ^exclusions separated by commas. */
export const cpusetPattern = '([0-9]+(-[0-9]+)?|\\^[0-9]+)(,([0-9]+(-[0-9]+)?|\\^[0-9]+))*';
/** The schema's `unit` pattern: b, bytes, k, KiB, KB, M, MiB, … (case-insensitive letters). */
export const unitPattern = '([bB]([yY][tT][eE][sS]?)?)|([kKmMgGtTpPeE]([iI]?[bB])?)';
/** The schema's pattern for a `<feature name>` in a guest CPU. */
export const featureNamePattern = '[a-zA-Z0-9\\-_\\.]+';

/**
 * vCPU counts the schema allows: `<vcpu>` text and `current` are `countCPU`
 * (an XSD unsignedShort with minInclusive 1), vCPU ids in `<vcpupin vcpu>` are
 * `vcpuid` (an unsignedShort). The C parser reads a plain unsigned int; the
 * hypervisor's own limit (e.g. 255 for `pc`, 4096 for `q35`) is lower still.
 */
export const vcpuCountLimits = { min: 1, max: USHRT_MAX, vcpuIdMax: USHRT_MAX } as const;

/** cputune period elements: microseconds, 1000..1000000 (the parser also takes 0 = unset). */
export const cpuPeriodLimits = { min: 1000, max: 1000000 } as const;
/** cputune quota elements: -1 (unlimited) up to 2^44-1 (the parser also takes any negative value and 0). */
export const cpuQuotaLimits = { min: -1, max: 17592186044415 } as const;

function uint(name: string, doc: string, extra: Partial<AttributeSpec> = {}): AttributeSpec {
  return { name, doc, kind: 'uint', min: 0, max: UINT_MAX, pattern: '[0-9]+', ...extra };
}

/** XSD positiveInteger: no upper bound in the schema (libvirt's parser stops at 2^32-1). */
function positive(name: string, doc: string, extra: Partial<AttributeSpec> = {}): AttributeSpec {
  return { name, doc, kind: 'uint', min: 1, pattern: '[0-9]+', ...extra };
}

function cpuset(name: string, doc: string, extra: Partial<AttributeSpec> = {}): AttributeSpec {
  return { name, doc, kind: 'cpuset', pattern: cpusetPattern, ...extra };
}

function unit(doc: string, extra: Partial<AttributeSpec> = {}): AttributeSpec {
  return { name: 'unit', doc, kind: 'unit', pattern: unitPattern, ...extra };
}

const yesNo: ValueSpec[] = [
  { value: 'yes', doc: 'Turn it on.' },
  { value: 'no', doc: 'Turn it off.' },
];

const numaModes: ValueSpec[] = [
  { value: 'strict', doc: 'Allocate only from the given host nodes; fail when they run out (the default).' },
  { value: 'preferred', doc: 'Prefer the given host node, fall back to others when it is full.' },
  { value: 'interleave', doc: 'Spread pages round-robin across the given host nodes.' },
  {
    value: 'restrictive',
    doc: 'Keep the kernel default policy and restrict nodes through cgroups only, so they can be changed live.',
  },
];

const schedulers: ValueSpec[] = [
  { value: 'batch', doc: 'Linux SCHED_BATCH: throughput-oriented, for CPU-bound non-interactive work.' },
  { value: 'idle', doc: 'Linux SCHED_IDLE: runs only when nothing else wants the CPU.' },
  { value: 'fifo', doc: 'Real-time SCHED_FIFO: runs until it yields; needs a priority.' },
  { value: 'rr', doc: 'Real-time SCHED_RR: round-robin among equal priorities; needs a priority.' },
];

function schedAttributes(): AttributeSpec[] {
  return [
    { name: 'scheduler', doc: 'Host scheduling policy for these threads.', kind: 'enum', required: true, values: schedulers },
    {
      name: 'priority',
      doc: 'Real-time priority (usually 1-99 on Linux); required for fifo and rr, ignored otherwise.',
      kind: 'uint',
      min: 0,
      max: USHRT_MAX,
      parserDiffers: 'The schema allows it only with fifo or rr; with batch or idle the parser silently drops it.',
    },
  ];
}

function periodElement(name: string, doc: string, since: string): ElementSpec {
  return {
    name,
    doc,
    since,
    attributes: [],
    children: [],
    text: { kind: 'ullong', doc: 'Microseconds, 1000 to 1000000.', min: cpuPeriodLimits.min, max: cpuPeriodLimits.max },
    parserDiffers: 'The parser also takes 0 (meaning unset) and drops it; the schema rejects 0.',
  };
}

function quotaElement(name: string, doc: string, since: string): ElementSpec {
  return {
    name,
    doc,
    since,
    attributes: [],
    children: [],
    text: {
      kind: 'llong',
      doc: 'Microseconds per period; -1 means unlimited.',
      min: cpuQuotaLimits.min,
      max: cpuQuotaLimits.max,
    },
    parserDiffers: 'The parser takes any value of 0 or below (unlimited); the schema stops at -1.',
  };
}

// ---------------------------------------------------------------------------
// The table

const table: ElementSpec[] = [];
const paths: string[] = [];

function add(path: string, spec: ElementSpec): void {
  paths.push(path);
  table.push(spec);
}

add('domain', {
  name: 'domain',
  doc: 'A libvirt guest definition (only its CPU-related children are described here).',
  attributes: [],
  children: ['vcpu', 'vcpus', 'iothreads', 'iothreadids', 'defaultiothread', 'cputune', 'numatune', 'cpu'],
  partial: true,
});

// --- vCPU allocation -------------------------------------------------------

add('domain/vcpu', {
  name: 'vcpu',
  doc: 'The maximum number of virtual CPUs the guest can have.',
  attributes: [
    {
      name: 'placement',
      doc: 'How the domain process is placed on host CPUs.',
      kind: 'enum',
      since: '0.9.11',
      default: 'static',
      values: [
        { value: 'static', doc: 'Pin to the cpuset given here, or to all host CPUs when there is none.' },
        { value: 'auto', doc: 'Ask numad for a node set and pin there; any cpuset given here is ignored.' },
      ],
    },
    cpuset('cpuset', 'Host CPUs the vCPUs and emulator threads may run on unless cputune pins them, e.g. 1-4,^3,6.', {
      since: '0.4.4',
    }),
    {
      name: 'current',
      doc: 'How many of the vCPUs are online at boot (the rest can be hot-plugged later).',
      kind: 'uint',
      since: '0.8.5',
      min: vcpuCountLimits.min,
      max: vcpuCountLimits.max,
      pattern: '[0-9]+',
    },
  ],
  children: [],
  text: {
    kind: 'uint',
    doc: 'Maximum vCPUs: at least 1, at most what the hypervisor and machine type allow.',
    min: vcpuCountLimits.min,
    max: vcpuCountLimits.max,
    pattern: '[0-9]+',
  },
  parserDiffers: 'The parser reads any unsigned int; the schema caps the count at 65535.',
});

add('domain/vcpus', {
  name: 'vcpus',
  doc: 'Per-vCPU state: which vCPUs are online at boot, hot-pluggable, and in what order.',
  since: '2.2.0',
  attributes: [],
  children: ['vcpu'],
});

add('domain/vcpus/vcpu', {
  name: 'vcpu',
  doc: 'The state of one vCPU; vCPUs not listed start offline.',
  since: '2.2.0',
  repeatable: true,
  attributes: [
    uint('id', 'The vCPU number, from 0 to the maximum vCPU count minus 1.', { required: true, since: '2.2.0' }),
    {
      name: 'enabled',
      doc: 'Whether this vCPU is online when the guest boots.',
      kind: 'yesno',
      required: true,
      since: '2.2.0',
      values: yesNo,
    },
    {
      name: 'hotpluggable',
      doc: 'Whether this vCPU can be unplugged and plugged while running; offline vCPUs must be.',
      kind: 'yesno',
      since: '2.2.0',
      values: yesNo,
    },
    uint('order', 'The order in which online vCPUs are added; give it for all online vCPUs or none.', {
      since: '2.2.0',
    }),
  ],
  children: [],
});

// --- IOThreads -------------------------------------------------------------

add('domain/iothreads', {
  name: 'iothreads',
  doc: 'The number of dedicated I/O event-loop threads for disks and other devices.',
  since: '1.2.8',
  attributes: [],
  children: [],
  text: { kind: 'uint', doc: 'A count of IOThreads; raised to the number of iothreadids if smaller.', min: 0, max: UINT_MAX },
});

add('domain/iothreadids', {
  name: 'iothreadids',
  doc: 'Explicit IOThread ids (otherwise they are numbered from 1).',
  since: '1.2.15',
  attributes: [],
  children: ['iothread'],
});

const threadPoolAttributes = (): AttributeSpec[] => [
  uint('thread_pool_min', 'Lowest number of worker threads this event loop keeps (may be 0).', { since: '8.5.0' }),
  uint('thread_pool_max', 'Highest number of worker threads this event loop may spawn (must be above 0).', {
    since: '8.5.0',
  }),
];

add('domain/iothreadids/iothread', {
  name: 'iothread',
  doc: 'One IOThread, named by its id.',
  since: '1.2.15',
  repeatable: true,
  attributes: [
    uint('id', 'The IOThread id: a positive number, unique in the domain.', { required: true, since: '1.2.15' }),
    ...threadPoolAttributes(),
  ],
  children: ['poll'],
});

add('domain/iothreadids/iothread/poll', {
  name: 'poll',
  doc: 'Overrides how long the IOThread busy-polls before waiting for events.',
  since: '9.4.0',
  attributes: [
    { name: 'max', doc: 'Longest polling interval in nanoseconds; 0 turns polling off.', kind: 'ullong', since: '9.4.0' },
    { name: 'grow', doc: 'Step by which the polling interval grows; 0 uses no step.', kind: 'ullong', since: '9.4.0' },
    { name: 'shrink', doc: 'Step by which the polling interval shrinks; 0 uses no step.', kind: 'ullong', since: '9.4.0' },
  ],
  children: [],
});

add('domain/defaultiothread', {
  name: 'defaultiothread',
  doc: "Worker thread limits for the hypervisor's main event loop (devices without an IOThread).",
  since: '8.5.0',
  attributes: threadPoolAttributes(),
  children: [],
});

// --- cputune ---------------------------------------------------------------

add('domain/cputune', {
  name: 'cputune',
  doc: 'CPU tuning on the host: pinning, scheduling, CFS bandwidth, cache and memory bandwidth allocation.',
  since: '0.9.0',
  attributes: [],
  children: [
    'shares',
    'period',
    'quota',
    'global_period',
    'global_quota',
    'emulator_period',
    'emulator_quota',
    'iothread_period',
    'iothread_quota',
    'vcpupin',
    'emulatorpin',
    'iothreadpin',
    'vcpusched',
    'iothreadsched',
    'emulatorsched',
    'cachetune',
    'memorytune',
  ],
});

add('domain/cputune/shares', {
  name: 'shares',
  doc: 'Relative CPU weight against other guests (1024 is twice as much as 512).',
  since: '0.9.0',
  attributes: [],
  children: [],
  text: { kind: 'uint', doc: 'A relative weight; the host accepts 2-262144 (cgroups v1) or 1-10000 (v2).', min: 0, max: UINT_MAX },
});
add('domain/cputune/period', periodElement('period', 'CFS enforcement interval for each vCPU thread.', '0.9.4'));
add('domain/cputune/quota', quotaElement('quota', 'CPU time each vCPU thread may use per period.', '0.9.4'));
add(
  'domain/cputune/global_period',
  periodElement('global_period', 'CFS enforcement interval for the whole domain.', '1.3.3'),
);
add(
  'domain/cputune/global_quota',
  quotaElement('global_quota', 'CPU time the whole domain may use per global period.', '1.3.3'),
);
add(
  'domain/cputune/emulator_period',
  periodElement('emulator_period', 'CFS enforcement interval for emulator threads (everything but vCPUs).', '0.10.0'),
);
add(
  'domain/cputune/emulator_quota',
  quotaElement('emulator_quota', 'CPU time the emulator threads may use per emulator period.', '0.10.0'),
);
add(
  'domain/cputune/iothread_period',
  periodElement('iothread_period', 'CFS enforcement interval for each IOThread.', '2.1.0'),
);
add(
  'domain/cputune/iothread_quota',
  quotaElement('iothread_quota', 'CPU time each IOThread may use per IOThread period.', '2.1.0'),
);

add('domain/cputune/vcpupin', {
  name: 'vcpupin',
  doc: 'Pins one vCPU to a set of host CPUs.',
  since: '0.9.0',
  repeatable: true,
  attributes: [
    {
      name: 'vcpu',
      doc: 'The vCPU number to pin (0 to maximum vCPUs minus 1).',
      kind: 'uint',
      required: true,
      min: 0,
      max: vcpuCountLimits.vcpuIdMax,
      pattern: '[0-9]+',
      parserDiffers: 'A pin for a vCPU at or above the maximum is silently dropped.',
    },
    cpuset('cpuset', 'Host CPUs this vCPU may run on, e.g. 2-3 or 0,4.', { required: true }),
  ],
  children: [],
});

add('domain/cputune/emulatorpin', {
  name: 'emulatorpin',
  doc: 'Pins the emulator threads (not vCPUs or IOThreads) to a set of host CPUs.',
  attributes: [cpuset('cpuset', 'Host CPUs the emulator threads may run on.', { required: true })],
  children: [],
});

add('domain/cputune/iothreadpin', {
  name: 'iothreadpin',
  doc: 'Pins one IOThread to a set of host CPUs.',
  since: '1.2.9',
  repeatable: true,
  attributes: [
    uint('iothread', 'The id of the IOThread to pin.', { required: true }),
    cpuset('cpuset', 'Host CPUs this IOThread may run on.', { required: true }),
  ],
  children: [],
});

add('domain/cputune/vcpusched', {
  name: 'vcpusched',
  doc: 'Host scheduling policy for a set of vCPU threads.',
  since: '1.2.13',
  repeatable: true,
  attributes: [
    cpuset('vcpus', 'The vCPUs this applies to; sets may not overlap between vcpusched elements.', {
      parserDiffers: 'The schema lets it be left out but the parser refuses that.',
    }),
    ...schedAttributes(),
  ],
  children: [],
});

add('domain/cputune/iothreadsched', {
  name: 'iothreadsched',
  doc: 'Host scheduling policy for a set of IOThreads.',
  since: '1.2.13',
  repeatable: true,
  attributes: [
    cpuset('iothreads', 'The IOThread ids this applies to.', {
      parserDiffers: 'The schema lets it be left out but the parser refuses that.',
    }),
    ...schedAttributes(),
  ],
  children: [],
});

add('domain/cputune/emulatorsched', {
  name: 'emulatorsched',
  doc: 'Host scheduling policy for the emulator threads.',
  since: '5.3.0',
  attributes: schedAttributes(),
  children: [],
});

add('domain/cputune/cachetune', {
  name: 'cachetune',
  doc: 'Host cache allocation (Intel RDT / resctrl) for a set of vCPUs.',
  since: '4.1.0',
  repeatable: true,
  attributes: [
    cpuset('vcpus', 'The vCPUs this allocation covers; a vCPU can be in one cachetune only.', { required: true }),
    { name: 'id', doc: 'Identifier of the allocation, filled in by libvirt (output only).', kind: 'text' },
  ],
  children: ['cache', 'monitor'],
});

add('domain/cputune/cachetune/cache', {
  name: 'cache',
  doc: 'A slice of one host cache reserved for these vCPUs.',
  repeatable: true,
  attributes: [
    uint('id', 'Host cache id to allocate from.', { required: true }),
    uint('level', 'Host cache level to allocate from (e.g. 3 for L3).', { required: true }),
    {
      name: 'type',
      doc: 'What the slice holds; must match what the host supports (code/data only with CDP).',
      kind: 'enum',
      required: true,
      values: [
        { value: 'both', doc: 'Instructions and data together (unified).' },
        { value: 'code', doc: 'Instructions only (needs CDP on the host).' },
        { value: 'data', doc: 'Data only (needs CDP on the host).' },
      ],
    },
    { name: 'size', doc: 'Size of the slice, in bytes unless a unit is given.', kind: 'ullong', required: true },
    unit('Unit of size, e.g. KiB or MiB; bytes when absent.', { default: 'B' }),
  ],
  children: [],
});

add('domain/cputune/cachetune/monitor', {
  name: 'monitor',
  doc: "A cache usage monitor for some of the allocation's vCPUs.",
  since: '4.10.0',
  repeatable: true,
  attributes: [
    uint('level', 'Host cache level to monitor.', { required: true }),
    cpuset('vcpus', "The vCPUs this monitor covers; a subset of the allocation's vCPUs.", { required: true }),
  ],
  children: [],
});

add('domain/cputune/memorytune', {
  name: 'memorytune',
  doc: 'Host memory bandwidth allocation (resctrl MBA) for a set of vCPUs.',
  since: '4.7.0',
  repeatable: true,
  attributes: [
    cpuset('vcpus', 'The vCPUs this allocation covers; a vCPU can be in one memorytune only.', { required: true }),
  ],
  children: ['node', 'monitor'],
});

add('domain/cputune/memorytune/node', {
  name: 'node',
  doc: 'Memory bandwidth reserved on one host node.',
  repeatable: true,
  attributes: [
    uint('id', 'Host node id to allocate bandwidth from.', { required: true }),
    uint('bandwidth', 'Bandwidth share: usually percent (Intel), MB/s with mba_MBps, or 1/8 GB/s steps (AMD).', {
      required: true,
    }),
  ],
  children: [],
});

add('domain/cputune/memorytune/monitor', {
  name: 'monitor',
  doc: "A memory bandwidth monitor for some of the allocation's vCPUs.",
  repeatable: true,
  attributes: [cpuset('vcpus', 'The vCPUs this monitor covers.', { required: true })],
  children: [],
});

// --- numatune --------------------------------------------------------------

add('domain/numatune', {
  name: 'numatune',
  doc: "Host NUMA memory policy for the guest's memory.",
  since: '0.9.3',
  attributes: [],
  children: ['memory', 'memnode'],
});

add('domain/numatune/memory', {
  name: 'memory',
  doc: 'The memory policy for the whole guest.',
  since: '0.9.3',
  attributes: [
    { name: 'mode', doc: 'How memory is bound to the host nodes.', kind: 'enum', since: '0.9.3', default: 'strict', values: numaModes },
    {
      name: 'placement',
      doc: 'Where the node set comes from.',
      kind: 'enum',
      since: '0.9.12',
      values: [
        { value: 'static', doc: 'Use the nodeset given here.' },
        { value: 'auto', doc: 'Ask numad for a node set; a nodeset given here is ignored.' },
      ],
      parserDiffers: 'The schema refuses nodeset together with placement="auto"; the parser drops the nodeset.',
    },
    cpuset('nodeset', 'Host NUMA nodes to allocate from, e.g. 0-1 or 0,2.', { since: '0.9.3' }),
  ],
  children: [],
});

add('domain/numatune/memnode', {
  name: 'memnode',
  doc: 'The memory policy for one guest NUMA cell.',
  since: '1.2.7',
  repeatable: true,
  attributes: [
    uint('cellid', 'The guest NUMA cell (its id under cpu/numa) this applies to.', { required: true }),
    {
      name: 'mode',
      doc: "How this cell's memory is bound to the host nodes.",
      kind: 'enum',
      required: true,
      default: 'strict',
      values: numaModes,
      parserDiffers: 'The parser defaults a missing mode to strict; the schema requires it.',
    },
    cpuset('nodeset', "Host NUMA nodes this cell's memory comes from.", { required: true }),
  ],
  children: [],
});

// --- cpu -------------------------------------------------------------------

add('domain/cpu', {
  name: 'cpu',
  doc: 'The virtual CPU the guest sees: model, features, topology, caches and guest NUMA.',
  since: '0.7.5',
  attributes: [
    {
      name: 'mode',
      doc: 'How the guest CPU is derived from the host.',
      kind: 'enum',
      since: '0.9.10',
      default: 'custom',
      values: [
        { value: 'custom', doc: 'A named model plus features: most portable across hosts.' },
        {
          value: 'host-model',
          doc: 'libvirt picks the closest named model to the host and adds its features: a middle ground between performance and migratability.',
        },
        {
          value: 'host-passthrough',
          doc: 'The guest sees the host CPU exactly: best performance, but migration only to identical hosts.',
        },
        {
          value: 'maximum',
          doc: 'Everything the hypervisor can offer, even emulated features; not for production migration.',
          since: '7.1.0',
        },
      ],
    },
    {
      name: 'match',
      doc: 'How strictly the guest CPU must match the model (custom mode only).',
      kind: 'enum',
      default: 'exact',
      values: [
        { value: 'minimum', doc: 'The model is a floor: the guest may get a better CPU if the host has one.' },
        { value: 'exact', doc: 'The guest gets exactly this model and features, or it does not start.' },
        { value: 'strict', doc: 'The host CPU itself must match the specification exactly; rarely useful.' },
      ],
    },
    {
      name: 'check',
      doc: 'How libvirt verifies the CPU the hypervisor actually created.',
      kind: 'enum',
      since: '3.2.0',
      values: [
        { value: 'none', doc: 'No checking by libvirt; the hypervisor decides (QEMU only warns).' },
        { value: 'partial', doc: 'Check the definition against the host before starting, nothing after.' },
        { value: 'full', doc: 'Check the CPU QEMU created against the definition; refuse to start on a mismatch.' },
      ],
      parserDiffers: 'The parser also takes check="default" (let libvirt choose); the schema does not.',
    },
    {
      name: 'migratable',
      doc: 'For host-passthrough and maximum: drop (on) or keep (off) features that block migration.',
      kind: 'onoff',
      since: '6.5.0',
      values: [
        { value: 'on', doc: 'Remove features that would block migration (e.g. invtsc).' },
        { value: 'off', doc: 'Keep every host feature, even those that block migration.' },
      ],
    },
    {
      name: 'deprecated_features',
      doc: 'Whether features the hypervisor marks deprecated are kept (on) or turned off (off).',
      kind: 'onoff',
      since: '11.0.0',
      values: [
        { value: 'on', doc: 'Keep deprecated CPU features enabled.' },
        { value: 'off', doc: 'Disable the CPU features the hypervisor reports as deprecated.' },
      ],
    },
  ],
  children: ['model', 'vendor', 'topology', 'feature', 'numa', 'cache', 'maxphysaddr'],
});

add('domain/cpu/model', {
  name: 'model',
  doc: "The named CPU model from libvirt's cpu_map, e.g. Skylake-Client or EPYC-Rome.",
  since: '0.7.5',
  attributes: [
    {
      name: 'fallback',
      doc: 'Whether libvirt may substitute the closest model the hypervisor supports.',
      kind: 'enum',
      since: '0.9.10',
      default: 'allow',
      values: [
        { value: 'allow', doc: 'Fall back to the closest supported model, keeping the features.' },
        { value: 'forbid', doc: 'Refuse to start when the hypervisor lacks this exact model.' },
      ],
    },
    {
      name: 'vendor_id',
      doc: 'The 12-character CPUID vendor string shown to the guest, e.g. GenuineIntel.',
      kind: 'text',
      since: '0.10.0',
      pattern: '[^,]{12}',
      parserDiffers: 'The parser counts bytes, not characters: 12 multi-byte characters are refused.',
    },
  ],
  children: [],
  text: { kind: 'modelName', doc: 'A CPU model name (empty means no model).' },
});

add('domain/cpu/vendor', {
  name: 'vendor',
  doc: 'The CPU vendor the host must have (e.g. Intel, AMD); needs a model.',
  since: '0.8.3',
  attributes: [],
  children: [],
  text: { kind: 'vendorName', doc: "A vendor name from cpu_map's vendor list." },
});

add('domain/cpu/topology', {
  name: 'topology',
  doc: 'How the vCPUs are arranged into sockets, dies, clusters, cores and threads.',
  since: '0.7.5',
  attributes: [
    positive('sockets', 'Number of CPU sockets.', { required: true }),
    positive('dies', 'Dies per socket.', { since: '6.1.0', default: '1' }),
    positive('clusters', 'Clusters per die.', { since: '10.1.0', default: '1' }),
    positive('cores', 'Cores per cluster.', { required: true }),
    positive('threads', 'Threads per core.', { required: true }),
  ],
  children: [],
});

add('domain/cpu/feature', {
  name: 'feature',
  doc: 'Turns one CPU feature on or off relative to the model.',
  since: '0.7.5',
  repeatable: true,
  attributes: [
    {
      name: 'policy',
      doc: 'What to do with the feature.',
      kind: 'enum',
      required: true,
      optionalSince: '0.8.5',
      default: 'require',
      parserDiffers: 'The parser defaults a missing policy to require; the schema requires it.',
      values: [
        { value: 'force', doc: 'Expose the feature even if the host CPU lacks it.' },
        { value: 'require', doc: 'Expose the feature; refuse to start unless the host or hypervisor provides it.' },
        { value: 'optional', doc: 'Expose the feature only when the host CPU has it.' },
        { value: 'disable', doc: 'Hide the feature from the guest.' },
        { value: 'forbid', doc: 'Hide the feature; refuse to start if the host CPU has it.' },
      ],
    },
    {
      name: 'name',
      doc: 'The feature name from cpu_map, e.g. pcid or avx2.',
      kind: 'featureName',
      required: true,
      pattern: featureNamePattern,
    },
  ],
  children: [],
});

add('domain/cpu/cache', {
  name: 'cache',
  doc: 'What CPU cache information the guest sees.',
  since: '3.3.0',
  attributes: [
    {
      name: 'level',
      doc: 'The cache level described; absent means all levels at once.',
      kind: 'enum',
      since: '3.3.0',
      values: [
        { value: '1', doc: 'Level 1 cache.' },
        { value: '2', doc: 'Level 2 cache.' },
        { value: '3', doc: 'Level 3 cache.' },
      ],
    },
    {
      name: 'mode',
      doc: 'Where the cache information comes from.',
      kind: 'enum',
      required: true,
      since: '3.3.0',
      values: [
        { value: 'emulate', doc: 'The hypervisor invents plausible cache data.' },
        { value: 'passthrough', doc: "The host CPU's real cache data is passed to the guest." },
        { value: 'disable', doc: 'The guest sees no cache at this level (or none at all).' },
      ],
    },
  ],
  children: [],
});

add('domain/cpu/maxphysaddr', {
  name: 'maxphysaddr',
  doc: 'The physical address width (in bits) the guest CPU reports.',
  since: '8.7.0',
  attributes: [
    {
      name: 'mode',
      doc: 'Where the address width comes from.',
      kind: 'enum',
      required: true,
      since: '8.7.0',
      values: [
        { value: 'emulate', doc: 'Report the width given in bits.' },
        { value: 'passthrough', doc: "Report the host CPU's width, optionally capped by limit." },
      ],
    },
    uint('bits', 'The width to report, in emulate mode; at most what the hypervisor supports.', { since: '8.7.0' }),
    uint('limit', 'In passthrough mode, the most bits to report even if the host has more.', { since: '9.3.0' }),
  ],
  children: [],
});

// --- guest NUMA ------------------------------------------------------------

add('domain/cpu/numa', {
  name: 'numa',
  doc: 'The guest NUMA topology: cells with their vCPUs and memory, distances and HMAT data.',
  since: '0.9.8',
  attributes: [],
  children: ['cell', 'interconnects'],
});

add('domain/cpu/numa/cell', {
  name: 'cell',
  doc: 'One guest NUMA node: its vCPUs and memory.',
  since: '0.9.8',
  repeatable: true,
  required: true,
  attributes: [
    uint('id', 'The cell number, from 0; give it on every cell or on none.', { since: '1.2.7' }),
    cpuset('cpus', 'The vCPUs in this cell, e.g. 0-3; absent makes a CPU-less node.', {
      since: '0.9.8',
      optionalSince: '6.6.0',
    }),
    {
      name: 'memory',
      doc: 'Memory of this cell, in KiB unless a unit is given.',
      kind: 'scaledInteger',
      required: true,
      since: '0.9.8',
      min: 0,
    },
    unit('Unit of memory, e.g. MiB or GiB; KiB when absent.', { since: '1.2.11', default: 'KiB' }),
    {
      name: 'memAccess',
      doc: "How this cell's memory is mapped (hugepage- or file-backed memory only).",
      kind: 'enum',
      since: '1.2.9',
      values: [
        { value: 'shared', doc: 'Map it shared, e.g. for vhost-user or virtiofs.' },
        { value: 'private', doc: 'Map it private to the guest.' },
      ],
    },
    {
      name: 'discard',
      doc: 'Whether freed guest memory of this cell is given back to the host.',
      kind: 'yesno',
      since: '4.4.0',
      values: yesNo,
    },
  ],
  children: ['distances', 'cache'],
});

add('domain/cpu/numa/cell/distances', {
  name: 'distances',
  doc: 'Distances (SLIT) from this cell to the others.',
  since: '3.10.0',
  attributes: [],
  children: ['sibling'],
});

add('domain/cpu/numa/cell/distances/sibling', {
  name: 'sibling',
  doc: 'The distance from this cell to one cell.',
  since: '3.10.0',
  repeatable: true,
  required: true,
  attributes: [
    uint('id', "The other cell's id.", { required: true }),
    {
      name: 'value',
      doc: 'Relative distance, 10 to 255: 10 is the cell itself, 20 a typical remote node.',
      kind: 'uint',
      required: true,
      min: 10,
      max: 255,
    },
  ],
  children: [],
});

add('domain/cpu/numa/cell/cache', {
  name: 'cache',
  doc: 'A memory-side cache of this cell (ACPI HMAT).',
  since: '6.6.0',
  repeatable: true,
  attributes: [
    uint('level', 'The cache level; one cache element per level.', { required: true }),
    {
      name: 'associativity',
      doc: 'How cache lines map to memory.',
      kind: 'enum',
      required: true,
      values: [
        { value: 'none', doc: 'No associativity information.' },
        { value: 'direct', doc: 'Direct-mapped.' },
        { value: 'full', doc: 'Fully associative.' },
      ],
    },
    {
      name: 'policy',
      doc: 'The cache write policy.',
      kind: 'enum',
      required: true,
      values: [
        { value: 'none', doc: 'No write policy information.' },
        { value: 'writeback', doc: 'Writes reach memory when a line is evicted.' },
        { value: 'writethrough', doc: 'Writes go to memory immediately.' },
      ],
    },
  ],
  children: ['size', 'line'],
});

add('domain/cpu/numa/cell/cache/size', {
  name: 'size',
  doc: 'The size of the memory-side cache.',
  since: '6.6.0',
  required: true,
  attributes: [
    uint('value', 'The size, in the given unit.', { required: true }),
    unit('Unit of value, e.g. KiB.', { required: true }),
  ],
  children: [],
});

add('domain/cpu/numa/cell/cache/line', {
  name: 'line',
  doc: 'The line size of the memory-side cache.',
  since: '6.6.0',
  required: true,
  attributes: [
    uint('value', 'The line size, in the given unit.', { required: true }),
    unit('Unit of value, e.g. B.', { required: true }),
  ],
  children: [],
});

const accessTypes: ValueSpec[] = [
  { value: 'access', doc: 'Reads and writes alike.' },
  { value: 'read', doc: 'Reads only.' },
  { value: 'write', doc: 'Writes only.' },
];

add('domain/cpu/numa/interconnects', {
  name: 'interconnects',
  doc: 'Latency and bandwidth between guest NUMA cells (ACPI HMAT).',
  since: '6.6.0',
  attributes: [],
  children: ['latency', 'bandwidth'],
});

add('domain/cpu/numa/interconnects/latency', {
  name: 'latency',
  doc: 'Access latency from an initiator cell to a target cell (or its cache).',
  since: '6.6.0',
  repeatable: true,
  attributes: [
    uint('initiator', 'The cell doing the access; it must have vCPUs.', { required: true }),
    uint('target', 'The cell whose memory is accessed.', { required: true }),
    uint('cache', 'A cache level of the target cell, to describe latency to that cache instead.'),
    { name: 'type', doc: 'Which accesses this describes.', kind: 'enum', required: true, values: accessTypes },
    uint('value', 'The latency in nanoseconds.', { required: true }),
  ],
  children: [],
});

add('domain/cpu/numa/interconnects/bandwidth', {
  name: 'bandwidth',
  doc: 'Access bandwidth from an initiator cell to a target cell.',
  since: '6.6.0',
  repeatable: true,
  attributes: [
    uint('initiator', 'The cell doing the access; it must have vCPUs.', { required: true }),
    uint('target', 'The cell whose memory is accessed.', { required: true }),
    uint('cache', 'A cache level of the target cell.'),
    { name: 'type', doc: 'Which accesses this describes.', kind: 'enum', required: true, values: accessTypes },
    uint('value', 'The bandwidth per second, in the given unit.', { required: true }),
    unit('Unit of value per second, e.g. MiB.', { required: true }),
  ],
  children: [],
});

// ---------------------------------------------------------------------------
// Lookups

/** Keyed by element path from the root, e.g. 'domain/cpu/topology', 'domain/cputune/vcpupin'. */
export const domainSchema: Readonly<Record<string, ElementSpec>> = Object.freeze(
  Object.fromEntries(paths.map((p, i) => [p, table[i]])),
);

/** The element at `path` (as `elementPath` builds it); undefined outside the described area. */
export function elementSpec(path: string): ElementSpec | undefined {
  return Object.prototype.hasOwnProperty.call(domainSchema, path) ? domainSchema[path] : undefined;
}

/** The attribute `attribute` of the element at `path`; undefined when either is unknown. */
export function attributeSpec(path: string, attribute: string): AttributeSpec | undefined {
  return elementSpec(path)?.attributes.find((a) => a.name === attribute);
}

/** The enumerated value `value` of an attribute; undefined when not one of its listed values. */
export function valueSpec(path: string, attribute: string, value: string): ValueSpec | undefined {
  return attributeSpec(path, attribute)?.values?.find((v) => v.value === value);
}

/** The specs of the child elements the schema allows under `path`, in table order; [] when unknown. */
export function childSpecs(path: string): ElementSpec[] {
  const spec = elementSpec(path);
  if (!spec) return [];
  const out: ElementSpec[] = [];
  for (const name of spec.children) {
    const child = elementSpec(`${path}/${name}`);
    if (child) out.push(child);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Versions

/** "9.0.0" → [9, 0, 0]; "10.1" → [10, 1, 0]; undefined for anything that is not 1-3 dot-separated numbers. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const m = /^\s*(\d{1,4})(?:\.(\d{1,4}))?(?:\.(\d{1,4}))?\s*$/.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** Negative when a < b, 0 when equal, positive when a > b; unparsable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

// ---------------------------------------------------------------------------
// CPU models by release

/**
 * The libvirt release that added a cpu_map model, for the models libvirt's
 * release notes (NEWS.rst) name explicitly. Models not listed here have no
 * known date: cpu_map's history is not in the data we ship, so they are never
 * flagged for an older target.
 */
export const modelSince: Readonly<Record<string, string>> = Object.freeze({
  POWER9: '3.4.0',
  EPYC: '3.8.0',
  'Skylake-Server': '3.8.0',
  'Icelake-Client': '4.9.0',
  'Icelake-Server': '4.9.0',
  Cooperlake: '6.4.0',
  'EPYC-Rome': '6.9.0',
  Snowridge: '7.0.0',
  SapphireRapids: '9.4.0',
  'EPYC-Genoa': '9.8.0',
  // Added to cpu_map in 11.2.0 but not installed until 11.3.0, so usable from 11.3.0.
  'Ampere-1': '11.3.0',
  'Ampere-1a': '11.3.0',
});

/** Versioned model names (Skylake-Server-v4) were accepted from this release; some -v1 names only from 11.0.0. */
export const versionedModelsSince = '10.10.0';

/**
 * The earliest libvirt release known to accept `model` as a CPU model name:
 * from `modelSince`, or the versioned-name release for `…-vN`; undefined when unknown.
 */
export function modelIntroducedIn(model: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(modelSince, model)) return modelSince[model];
  return /-v[0-9]+$/.test(model) ? versionedModelsSince : undefined;
}
