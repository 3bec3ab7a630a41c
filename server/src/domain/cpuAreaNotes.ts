// Our annotations on libvirt's grammar for the CPU area of a domain (vcpu,
// vcpus, iothreads, cputune, numatune, cpu and their children), keyed by
// element path: what the grammar cannot say. One-line descriptions in our own
// words for elements, attributes and values; the libvirt release that added
// each (the "Since" notes of docs/formatdomain.rst, for the target-version
// rule); defaults; where libvirt's C parser differs from the schema; and what a
// text names when the grammar only says "text" (a CPU model, a vendor).
// Structure (which attributes and children exist, enumerations, required-ness,
// bounds, datatypes) comes from data/grammar.json; domain/schema.ts joins the
// two, and test/unit/schema.test.ts fails when a note names something the
// grammar lacks or the grammar has something without a note.
//
// Order matters: attributes and values are offered by completion in the order
// written here, and an element's children in the order their paths appear
// (integer-like keys such as cache levels '1'..'3' enumerate in ascending order).

/** What a value names that the grammar cannot tell (it says "text"). */
export type NoteKind = 'modelName' | 'vendorName';

export interface ValueNote {
  doc: string;
  since?: string;
}

export interface AttributeNote {
  doc: string;
  since?: string;
  /** The attribute was required before this version (leaving it out needs at least this libvirt). */
  optionalSince?: string;
  /** What libvirt uses when the attribute is absent. */
  default?: string;
  /** Where libvirt's C parser is looser or stricter than the schema, one line. */
  parserDiffers?: string;
  /** Our words for each enumerated value (a string, or with the release that added the value). */
  values?: Readonly<Record<string, string | ValueNote>>;
}

export interface ElementNote {
  doc: string;
  since?: string;
  parserDiffers?: string;
  attributes?: Readonly<Record<string, AttributeNote>>;
  /** Our words for the text content, and what it names when the grammar cannot tell. */
  text?: { doc: string; kind?: NoteKind };
  /** Only the CPU-area children are described (the root `<domain>`); its attributes are not. */
  partial?: boolean;
}

const yesNo = { yes: 'Turn it on.', no: 'Turn it off.' };

const numaModes = {
  strict: 'Allocate only from the given host nodes; fail when they run out (the default).',
  preferred: 'Prefer the given host node, fall back to others when it is full.',
  interleave: 'Spread pages round-robin across the given host nodes.',
  restrictive: 'Keep the kernel default policy and restrict nodes through cgroups only, so they can be changed live.',
};

const accessTypes = { access: 'Reads and writes alike.', read: 'Reads only.', write: 'Writes only.' };

const schedAttributes: Record<string, AttributeNote> = {
  scheduler: {
    doc: 'Host scheduling policy for these threads.',
    values: {
      batch: 'Linux SCHED_BATCH: throughput-oriented, for CPU-bound non-interactive work.',
      idle: 'Linux SCHED_IDLE: runs only when nothing else wants the CPU.',
      fifo: 'Real-time SCHED_FIFO: runs until it yields; needs a priority.',
      rr: 'Real-time SCHED_RR: round-robin among equal priorities; needs a priority.',
    },
  },
  priority: {
    doc: 'Real-time priority (usually 1-99 on Linux); required for fifo and rr, ignored otherwise.',
    parserDiffers: 'The schema allows it only with fifo or rr; with batch or idle the parser silently drops it.',
  },
};

const threadPoolAttributes: Record<string, AttributeNote> = {
  thread_pool_min: { doc: 'Lowest number of worker threads this event loop keeps (may be 0).', since: '8.5.0' },
  thread_pool_max: { doc: 'Highest number of worker threads this event loop may spawn (must be above 0).', since: '8.5.0' },
};

function period(doc: string, since: string): ElementNote {
  return {
    doc,
    since,
    parserDiffers: 'The parser also takes 0 (meaning unset) and drops it; the schema rejects 0.',
    text: { doc: 'Microseconds, 1000 to 1000000.' },
  };
}

function quota(doc: string, since: string): ElementNote {
  return {
    doc,
    since,
    parserDiffers: 'The parser takes any value of 0 or below (unlimited); the schema stops at -1.',
    text: { doc: 'Microseconds per period; -1 means unlimited.' },
  };
}

/** Keyed by element path from the root, e.g. 'domain/cpu/topology'; a child's path comes after its parent's. */
export const cpuAreaNotes: Readonly<Record<string, ElementNote>> = {
  'domain': {
    doc: 'A libvirt guest definition (only its CPU-related children are described here).',
    partial: true,
  },
  'domain/vcpu': {
    doc: 'The maximum number of virtual CPUs the guest can have.',
    parserDiffers: 'The parser reads any unsigned int; the schema caps the count at 65535.',
    text: { doc: 'Maximum vCPUs: at least 1, at most what the hypervisor and machine type allow.' },
    attributes: {
      placement: {
        doc: 'How the domain process is placed on host CPUs.',
        since: '0.9.11',
        default: 'static',
        values: {
          static: 'Pin to the cpuset given here, or to all host CPUs when there is none.',
          auto: 'Ask numad for a node set and pin there; any cpuset given here is ignored.',
        },
      },
      cpuset: { doc: 'Host CPUs the vCPUs and emulator threads may run on unless cputune pins them, e.g. 1-4,^3,6.', since: '0.4.4' },
      current: { doc: 'How many of the vCPUs are online at boot (the rest can be hot-plugged later).', since: '0.8.5' },
    },
  },
  'domain/vcpus': {
    doc: 'Per-vCPU state: which vCPUs are online at boot, hot-pluggable, and in what order.',
    since: '2.2.0',
  },
  'domain/vcpus/vcpu': {
    doc: 'The state of one vCPU; vCPUs not listed start offline.',
    since: '2.2.0',
    attributes: {
      id: { doc: 'The vCPU number, from 0 to the maximum vCPU count minus 1.', since: '2.2.0' },
      enabled: { doc: 'Whether this vCPU is online when the guest boots.', since: '2.2.0', values: yesNo },
      hotpluggable: {
        doc: 'Whether this vCPU can be unplugged and plugged while running; offline vCPUs must be.',
        since: '2.2.0',
        values: yesNo,
      },
      order: { doc: 'The order in which online vCPUs are added; give it for all online vCPUs or none.', since: '2.2.0' },
    },
  },
  'domain/iothreads': {
    doc: 'The number of dedicated I/O event-loop threads for disks and other devices.',
    since: '1.2.8',
    text: { doc: 'A count of IOThreads; raised to the number of iothreadids if smaller.' },
  },
  'domain/iothreadids': {
    doc: 'Explicit IOThread ids (otherwise they are numbered from 1).',
    since: '1.2.15',
  },
  'domain/iothreadids/iothread': {
    doc: 'One IOThread, named by its id.',
    since: '1.2.15',
    attributes: {
      id: { doc: 'The IOThread id: a positive number, unique in the domain.', since: '1.2.15' },
      ...threadPoolAttributes,
    },
  },
  'domain/iothreadids/iothread/poll': {
    doc: 'Overrides how long the IOThread busy-polls before waiting for events.',
    since: '9.4.0',
    attributes: {
      max: { doc: 'Longest polling interval in nanoseconds; 0 turns polling off.', since: '9.4.0' },
      grow: { doc: 'Step by which the polling interval grows; 0 uses no step.', since: '9.4.0' },
      shrink: { doc: 'Step by which the polling interval shrinks; 0 uses no step.', since: '9.4.0' },
    },
  },
  'domain/defaultiothread': {
    doc: "Worker thread limits for the hypervisor's main event loop (devices without an IOThread).",
    since: '8.5.0',
    attributes: threadPoolAttributes,
  },
  'domain/cputune': {
    doc: 'CPU tuning on the host: pinning, scheduling, CFS bandwidth, cache and memory bandwidth allocation.',
    since: '0.9.0',
  },
  'domain/cputune/shares': {
    doc: 'Relative CPU weight against other guests (1024 is twice as much as 512).',
    since: '0.9.0',
    text: { doc: 'A relative weight; the host accepts 2-262144 (cgroups v1) or 1-10000 (v2).' },
  },
  'domain/cputune/period': period('CFS enforcement interval for each vCPU thread.', '0.9.4'),
  'domain/cputune/quota': quota('CPU time each vCPU thread may use per period.', '0.9.4'),
  'domain/cputune/global_period': period('CFS enforcement interval for the whole domain.', '1.3.3'),
  'domain/cputune/global_quota': quota('CPU time the whole domain may use per global period.', '1.3.3'),
  'domain/cputune/emulator_period': period('CFS enforcement interval for emulator threads (everything but vCPUs).', '0.10.0'),
  'domain/cputune/emulator_quota': quota('CPU time the emulator threads may use per emulator period.', '0.10.0'),
  'domain/cputune/iothread_period': period('CFS enforcement interval for each IOThread.', '2.1.0'),
  'domain/cputune/iothread_quota': quota('CPU time each IOThread may use per IOThread period.', '2.1.0'),
  'domain/cputune/vcpupin': {
    doc: 'Pins one vCPU to a set of host CPUs.',
    since: '0.9.0',
    attributes: {
      vcpu: {
        doc: 'The vCPU number to pin (0 to maximum vCPUs minus 1).',
        parserDiffers: 'A pin for a vCPU at or above the maximum is silently dropped.',
      },
      cpuset: { doc: 'Host CPUs this vCPU may run on, e.g. 2-3 or 0,4.' },
    },
  },
  'domain/cputune/emulatorpin': {
    doc: 'Pins the emulator threads (not vCPUs or IOThreads) to a set of host CPUs.',
    attributes: {
      cpuset: { doc: 'Host CPUs the emulator threads may run on.' },
    },
  },
  'domain/cputune/iothreadpin': {
    doc: 'Pins one IOThread to a set of host CPUs.',
    since: '1.2.9',
    attributes: {
      iothread: { doc: 'The id of the IOThread to pin.' },
      cpuset: { doc: 'Host CPUs this IOThread may run on.' },
    },
  },
  'domain/cputune/vcpusched': {
    doc: 'Host scheduling policy for a set of vCPU threads.',
    since: '1.2.13',
    attributes: {
      vcpus: {
        doc: 'The vCPUs this applies to; sets may not overlap between vcpusched elements.',
        parserDiffers: 'The schema lets it be left out but the parser refuses that.',
      },
      ...schedAttributes,
    },
  },
  'domain/cputune/iothreadsched': {
    doc: 'Host scheduling policy for a set of IOThreads.',
    since: '1.2.13',
    attributes: {
      iothreads: { doc: 'The IOThread ids this applies to.', parserDiffers: 'The schema lets it be left out but the parser refuses that.' },
      ...schedAttributes,
    },
  },
  'domain/cputune/emulatorsched': {
    doc: 'Host scheduling policy for the emulator threads.',
    since: '5.3.0',
    attributes: schedAttributes,
  },
  'domain/cputune/cachetune': {
    doc: 'Host cache allocation (Intel RDT / resctrl) for a set of vCPUs.',
    since: '4.1.0',
    attributes: {
      vcpus: { doc: 'The vCPUs this allocation covers; a vCPU can be in one cachetune only.' },
      id: { doc: 'Identifier of the allocation, filled in by libvirt (output only).' },
    },
  },
  'domain/cputune/cachetune/cache': {
    doc: 'A slice of one host cache reserved for these vCPUs.',
    attributes: {
      id: { doc: 'Host cache id to allocate from.' },
      level: { doc: 'Host cache level to allocate from (e.g. 3 for L3).' },
      type: {
        doc: 'What the slice holds; must match what the host supports (code/data only with CDP).',
        values: {
          both: 'Instructions and data together (unified).',
          code: 'Instructions only (needs CDP on the host).',
          data: 'Data only (needs CDP on the host).',
        },
      },
      size: { doc: 'Size of the slice, in bytes unless a unit is given.' },
      unit: { doc: 'Unit of size, e.g. KiB or MiB; bytes when absent.', default: 'B' },
    },
  },
  'domain/cputune/cachetune/monitor': {
    doc: "A cache usage monitor for some of the allocation's vCPUs.",
    since: '4.10.0',
    attributes: {
      level: { doc: 'Host cache level to monitor.' },
      vcpus: { doc: "The vCPUs this monitor covers; a subset of the allocation's vCPUs." },
    },
  },
  'domain/cputune/memorytune': {
    doc: 'Host memory bandwidth allocation (resctrl MBA) for a set of vCPUs.',
    since: '4.7.0',
    attributes: {
      vcpus: { doc: 'The vCPUs this allocation covers; a vCPU can be in one memorytune only.' },
    },
  },
  'domain/cputune/memorytune/node': {
    doc: 'Memory bandwidth reserved on one host node.',
    attributes: {
      id: { doc: 'Host node id to allocate bandwidth from.' },
      bandwidth: { doc: 'Bandwidth share: usually percent (Intel), MB/s with mba_MBps, or 1/8 GB/s steps (AMD).' },
    },
  },
  'domain/cputune/memorytune/monitor': {
    doc: "A memory bandwidth monitor for some of the allocation's vCPUs.",
    attributes: {
      vcpus: { doc: 'The vCPUs this monitor covers.' },
    },
  },
  'domain/numatune': {
    doc: "Host NUMA memory policy for the guest's memory.",
    since: '0.9.3',
  },
  'domain/numatune/memory': {
    doc: 'The memory policy for the whole guest.',
    since: '0.9.3',
    attributes: {
      mode: {
        doc: 'How memory is bound to the host nodes.',
        since: '0.9.3',
        default: 'strict',
        values: numaModes,
      },
      placement: {
        doc: 'Where the node set comes from.',
        since: '0.9.12',
        parserDiffers: 'The schema refuses nodeset together with placement="auto"; the parser drops the nodeset.',
        values: { static: 'Use the nodeset given here.', auto: 'Ask numad for a node set; a nodeset given here is ignored.' },
      },
      nodeset: { doc: 'Host NUMA nodes to allocate from, e.g. 0-1 or 0,2.', since: '0.9.3' },
    },
  },
  'domain/numatune/memnode': {
    doc: 'The memory policy for one guest NUMA cell.',
    since: '1.2.7',
    attributes: {
      cellid: { doc: 'The guest NUMA cell (its id under cpu/numa) this applies to.' },
      mode: {
        doc: "How this cell's memory is bound to the host nodes.",
        default: 'strict',
        parserDiffers: 'The parser defaults a missing mode to strict; the schema requires it.',
        values: numaModes,
      },
      nodeset: { doc: "Host NUMA nodes this cell's memory comes from." },
    },
  },
  'domain/cpu': {
    doc: 'The virtual CPU the guest sees: model, features, topology, caches and guest NUMA.',
    since: '0.7.5',
    attributes: {
      mode: {
        doc: 'How the guest CPU is derived from the host.',
        since: '0.9.10',
        default: 'custom',
        values: {
          custom: 'A named model plus features: most portable across hosts.',
          'host-model': 'libvirt picks the closest named model to the host and adds its features: a middle ground between performance and migratability.',
          'host-passthrough': 'The guest sees the host CPU exactly: best performance, but migration only to identical hosts.',
          maximum: { doc: 'Everything the hypervisor can offer, even emulated features; not for production migration.', since: '7.1.0' },
        },
      },
      match: {
        doc: 'How strictly the guest CPU must match the model (custom mode only).',
        default: 'exact',
        values: {
          minimum: 'The model is a floor: the guest may get a better CPU if the host has one.',
          exact: 'The guest gets exactly this model and features, or it does not start.',
          strict: 'The host CPU itself must match the specification exactly; rarely useful.',
        },
      },
      check: {
        doc: 'How libvirt verifies the CPU the hypervisor actually created.',
        since: '3.2.0',
        parserDiffers: 'The parser also takes check="default" (let libvirt choose); the schema does not.',
        values: {
          none: 'No checking by libvirt; the hypervisor decides (QEMU only warns).',
          partial: 'Check the definition against the host before starting, nothing after.',
          full: 'Check the CPU QEMU created against the definition; refuse to start on a mismatch.',
        },
      },
      migratable: {
        doc: 'For host-passthrough and maximum: drop (on) or keep (off) features that block migration.',
        since: '6.5.0',
        values: {
          on: 'Remove features that would block migration (e.g. invtsc).',
          off: 'Keep every host feature, even those that block migration.',
        },
      },
      deprecated_features: {
        doc: 'Whether features the hypervisor marks deprecated are kept (on) or turned off (off).',
        since: '11.0.0',
        values: { on: 'Keep deprecated CPU features enabled.', off: 'Disable the CPU features the hypervisor reports as deprecated.' },
      },
    },
  },
  'domain/cpu/model': {
    doc: "The named CPU model from libvirt's cpu_map, e.g. Skylake-Client or EPYC-Rome.",
    since: '0.7.5',
    text: { doc: 'A CPU model name (empty means no model).', kind: 'modelName' },
    attributes: {
      fallback: {
        doc: 'Whether libvirt may substitute the closest model the hypervisor supports.',
        since: '0.9.10',
        default: 'allow',
        values: {
          allow: 'Fall back to the closest supported model, keeping the features.',
          forbid: 'Refuse to start when the hypervisor lacks this exact model.',
        },
      },
      vendor_id: {
        doc: 'The 12-character CPUID vendor string shown to the guest, e.g. GenuineIntel.',
        since: '0.10.0',
        parserDiffers: 'The parser counts bytes, not characters: 12 multi-byte characters are refused.',
      },
    },
  },
  'domain/cpu/vendor': {
    doc: 'The CPU vendor the host must have (e.g. Intel, AMD); needs a model.',
    since: '0.8.3',
    text: { doc: "A vendor name from cpu_map's vendor list.", kind: 'vendorName' },
  },
  'domain/cpu/topology': {
    doc: 'How the vCPUs are arranged into sockets, dies, clusters, cores and threads.',
    since: '0.7.5',
    attributes: {
      sockets: { doc: 'Number of CPU sockets.' },
      dies: { doc: 'Dies per socket.', since: '6.1.0', default: '1' },
      clusters: { doc: 'Clusters per die.', since: '10.1.0', default: '1' },
      cores: { doc: 'Cores per cluster.' },
      threads: { doc: 'Threads per core.' },
    },
  },
  'domain/cpu/feature': {
    doc: 'Turns one CPU feature on or off relative to the model.',
    since: '0.7.5',
    attributes: {
      policy: {
        doc: 'What to do with the feature.',
        optionalSince: '0.8.5',
        default: 'require',
        parserDiffers: 'The parser defaults a missing policy to require; the schema requires it.',
        values: {
          force: 'Expose the feature even if the host CPU lacks it.',
          require: 'Expose the feature; refuse to start unless the host or hypervisor provides it.',
          optional: 'Expose the feature only when the host CPU has it.',
          disable: 'Hide the feature from the guest.',
          forbid: 'Hide the feature; refuse to start if the host CPU has it.',
        },
      },
      name: { doc: 'The feature name from cpu_map, e.g. pcid or avx2.' },
    },
  },
  'domain/cpu/numa': {
    doc: 'The guest NUMA topology: cells with their vCPUs and memory, distances and HMAT data.',
    since: '0.9.8',
  },
  'domain/cpu/numa/cell': {
    doc: 'One guest NUMA node: its vCPUs and memory.',
    since: '0.9.8',
    attributes: {
      id: { doc: 'The cell number, from 0; give it on every cell or on none.', since: '1.2.7' },
      cpus: { doc: 'The vCPUs in this cell, e.g. 0-3; absent makes a CPU-less node.', since: '0.9.8', optionalSince: '6.6.0' },
      memory: { doc: 'Memory of this cell, in KiB unless a unit is given.', since: '0.9.8' },
      unit: { doc: 'Unit of memory, e.g. MiB or GiB; KiB when absent.', since: '1.2.11', default: 'KiB' },
      memAccess: {
        doc: "How this cell's memory is mapped (hugepage- or file-backed memory only).",
        since: '1.2.9',
        values: { shared: 'Map it shared, e.g. for vhost-user or virtiofs.', private: 'Map it private to the guest.' },
      },
      discard: {
        doc: 'Whether freed guest memory of this cell is given back to the host.',
        since: '4.4.0',
        values: yesNo,
      },
    },
  },
  'domain/cpu/numa/cell/distances': {
    doc: 'Distances (SLIT) from this cell to the others.',
    since: '3.10.0',
  },
  'domain/cpu/numa/cell/distances/sibling': {
    doc: 'The distance from this cell to one cell.',
    since: '3.10.0',
    attributes: {
      id: { doc: "The other cell's id." },
      value: { doc: 'Relative distance, 10 to 255: 10 is the cell itself, 20 a typical remote node.' },
    },
  },
  'domain/cpu/numa/cell/cache': {
    doc: 'A memory-side cache of this cell (ACPI HMAT).',
    since: '6.6.0',
    attributes: {
      level: { doc: 'The cache level; one cache element per level.' },
      associativity: {
        doc: 'How cache lines map to memory.',
        values: { none: 'No associativity information.', direct: 'Direct-mapped.', full: 'Fully associative.' },
      },
      policy: {
        doc: 'The cache write policy.',
        values: {
          none: 'No write policy information.',
          writeback: 'Writes reach memory when a line is evicted.',
          writethrough: 'Writes go to memory immediately.',
        },
      },
    },
  },
  'domain/cpu/numa/cell/cache/size': {
    doc: 'The size of the memory-side cache.',
    since: '6.6.0',
    attributes: {
      value: { doc: 'The size, in the given unit.' },
      unit: { doc: 'Unit of value, e.g. KiB.' },
    },
  },
  'domain/cpu/numa/cell/cache/line': {
    doc: 'The line size of the memory-side cache.',
    since: '6.6.0',
    attributes: {
      value: { doc: 'The line size, in the given unit.' },
      unit: { doc: 'Unit of value, e.g. B.' },
    },
  },
  'domain/cpu/numa/interconnects': {
    doc: 'Latency and bandwidth between guest NUMA cells (ACPI HMAT).',
    since: '6.6.0',
  },
  'domain/cpu/numa/interconnects/latency': {
    doc: 'Access latency from an initiator cell to a target cell (or its cache).',
    since: '6.6.0',
    attributes: {
      initiator: { doc: 'The cell doing the access; it must have vCPUs.' },
      target: { doc: 'The cell whose memory is accessed.' },
      cache: { doc: 'A cache level of the target cell, to describe latency to that cache instead.' },
      type: { doc: 'Which accesses this describes.', values: accessTypes },
      value: { doc: 'The latency in nanoseconds.' },
    },
  },
  'domain/cpu/numa/interconnects/bandwidth': {
    doc: 'Access bandwidth from an initiator cell to a target cell.',
    since: '6.6.0',
    attributes: {
      initiator: { doc: 'The cell doing the access; it must have vCPUs.' },
      target: { doc: 'The cell whose memory is accessed.' },
      cache: { doc: 'A cache level of the target cell.' },
      type: { doc: 'Which accesses this describes.', values: accessTypes },
      value: { doc: 'The bandwidth per second, in the given unit.' },
      unit: { doc: 'Unit of value per second, e.g. MiB.' },
    },
  },
  'domain/cpu/cache': {
    doc: 'What CPU cache information the guest sees.',
    since: '3.3.0',
    attributes: {
      level: {
        doc: 'The cache level described; absent means all levels at once.',
        since: '3.3.0',
        values: { '1': 'Level 1 cache.', '2': 'Level 2 cache.', '3': 'Level 3 cache.' },
      },
      mode: {
        doc: 'Where the cache information comes from.',
        since: '3.3.0',
        values: {
          emulate: 'The hypervisor invents plausible cache data.',
          passthrough: "The host CPU's real cache data is passed to the guest.",
          disable: 'The guest sees no cache at this level (or none at all).',
        },
      },
    },
  },
  'domain/cpu/maxphysaddr': {
    doc: 'The physical address width (in bits) the guest CPU reports.',
    since: '8.7.0',
    attributes: {
      mode: {
        doc: 'Where the address width comes from.',
        since: '8.7.0',
        values: { emulate: 'Report the width given in bits.', passthrough: "Report the host CPU's width, optionally capped by limit." },
      },
      bits: { doc: 'The width to report, in emulate mode; at most what the hypervisor supports.', since: '8.7.0' },
      limit: { doc: 'In passthrough mode, the most bits to report even if the host has more.', since: '9.3.0' },
    },
  },
};
