// The diagnostic codes of this rule family: stable id, default severity, and the
// README table's columns. Kept apart from the checks so nothing imports back into them.

import type { CodeInfo } from '../types';
import { schemaOnly } from '../kit/messages';

export const numaCodes = {
  'numa-no-cells': {
    severity: 'error',
    summary: '<numa> without any <cell>: define fails.',
    libvirt: 'NUMA topology defined without NUMA cells',
    fix: 'Add one cell holding every vCPU and the memory',
  },
  'numa-cell-id-invalid': {
    severity: 'error',
    summary: 'A cell id that is not a number, or not below the number of cells: define fails.',
    libvirt: "Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous ranges or ranges not starting from 0 are not allowed",
    fix: 'Renumber the cells 0, 1, … (references follow)',
  },
  'numa-cell-id-duplicate': {
    severity: 'error',
    summary: 'Two cells with the same id: define fails.',
    libvirt: "Duplicate NUMA cell info for cell id '…'",
    fix: 'Renumber the cells 0, 1, …',
  },
  'numa-cell-id-reused': {
    severity: 'warning',
    summary: 'A cell id used again after a cell with memory 0: libvirt misses the duplicate and merges the later cell over the earlier one.',
    fix: 'Renumber the cells 0, 1, …',
  },
  'numa-cell-order': {
    severity: 'information',
    summary: 'Cells written out of id order: libvirt keeps and writes them sorted by id.',
    fix: 'Sort the cells by id',
  },
  'numa-cpus-invalid': {
    severity: 'error',
    summary: 'A cell cpus list libvirt cannot parse (including an empty one, or a vCPU of 16384 or more): define fails.',
    libvirt: "Failed to parse bitmap '…'",
    fix: 'Corrected list where the typo is plain; remove an empty cpus',
  },
  'numa-cpus-overlap': {
    severity: 'error',
    summary: 'A vCPU listed in two cells: define fails.',
    libvirt: 'NUMA cells … and … have overlapping vCPU ids',
    fix: 'Drop the shared vCPUs from the later cell',
  },
  'numa-cpus-exceed-vcpu': {
    severity: 'error',
    summary: 'Cells list more vCPUs than <vcpu>, or a vCPU number not below it: define fails.',
    libvirt: 'Number of CPUs in <numa> exceeds the <vcpu> count / CPU IDs in <numa> exceed the <vcpu> count',
    fix: 'Drop the extra vCPUs, or raise <vcpu>',
  },
  'numa-cpus-unassigned': {
    severity: 'warning',
    summary: 'vCPUs in no cell: the QEMU driver silently adds them to cell 0.',
    fix: 'List them in cell 0 explicitly',
  },
  'numa-cpus-split-core': {
    severity: 'information',
    summary: 'Threads of one core placed in different cells: QEMU accepts it, but guest kernels warn about the topology.',
  },
  'numa-memory-missing': {
    severity: 'error',
    summary: 'A cell without memory (or with an empty one): define fails.',
    libvirt: "missing element or attribute './@memory'",
  },
  'numa-memory-invalid': {
    severity: 'error',
    summary: 'A cell memory size that is not an unsigned number, or too large: define fails.',
    libvirt: "Invalid value '…' for element or attribute './@memory' / value too large: … / size value too large",
    fix: 'The bare digits, where that is what was meant',
  },
  'numa-unit-invalid': {
    severity: 'error',
    summary: 'A unit libvirt does not know on a cell or a bandwidth: define fails.',
    libvirt: "unknown suffix '…'",
    fix: 'The likely unit',
  },
  'numa-memory-unspecified': {
    severity: 'error',
    summary: 'Every cell has memory 0 and <memory> is absent or 0: define fails.',
    libvirt: 'Memory size must be specified via <memory> or in the <numa> configuration',
  },
  'numa-memory-replaced': {
    severity: 'information',
    summary: "<memory> differs from the cells' total: libvirt replaces it with the total.",
    fix: "Set <memory> to the cells' total",
  },
  'numa-attribute-missing': {
    severity: 'error',
    summary: 'A required attribute of a NUMA element (sibling, cache, size, line, latency, bandwidth) is missing: define fails.',
    libvirt: "Missing required attribute '…' in element '…' / missing element or attribute '…'",
  },
  'numa-attribute-invalid': {
    severity: 'error',
    summary: 'A NUMA attribute value libvirt refuses (memAccess, discard, ids, levels, types, numbers): define fails.',
    libvirt: "Invalid value for attribute '…' in element '…': '…'. / Invalid value '…' for element or attribute '…'",
    fix: 'The allowed values',
  },
  'numa-distances-empty': {
    severity: 'error',
    summary: '<distances> without any <sibling>: define fails.',
    libvirt: 'NUMA distances defined without siblings',
    fix: 'Remove the empty <distances>',
  },
  'numa-distance-sibling-invalid': {
    severity: 'error',
    summary: 'A sibling id that names no cell: define fails.',
    libvirt: "'sibling_id …' does not refer to a valid cell within NUMA 'cell id …'",
    fix: 'Remove the sibling',
  },
  'numa-distance-invalid': {
    severity: 'error',
    summary: 'A distance outside 10-255, other than 10 to the cell itself, or 10 to another cell: define fails.',
    libvirt: "'value …' is invalid for 'sibling id …' under NUMA 'cell id …'",
    fix: '10 for the cell itself, 20 for another cell',
  },
  'numa-distance-duplicate': {
    severity: 'warning',
    summary: 'The same sibling twice in one cell: libvirt keeps the last value without a word.',
    fix: 'Remove the earlier sibling',
  },
  'numa-cache-level-invalid': {
    severity: 'error',
    summary: 'A cell cache level of 0 or above 3: define fails.',
    libvirt: "Ain't nobody heard of that much cache level / Invalid value for attribute 'level' in element 'cache': Zero is not permitted",
  },
  'numa-cache-level-duplicate': {
    severity: 'error',
    summary: 'Two caches of the same level in one cell: define fails.',
    libvirt: "Cache level '…' already defined",
  },
  'numa-cache-unit-ignored': {
    severity: 'warning',
    summary: 'A unit on a cell cache <size> or <line>: libvirt 11.3 ignores it and reads size as KiB and line as bytes.',
    fix: 'The same size in KiB (size) or bytes (line)',
  },
  'numa-interconnect-node-invalid': {
    severity: 'error',
    summary: 'A latency or bandwidth initiator or target that names no cell: define fails.',
    libvirt: "'initiator' refers to a non-existent NUMA node / 'target' refers to a non-existent NUMA node",
  },
  'numa-interconnect-initiator-no-cpus': {
    severity: 'error',
    summary: 'A latency or bandwidth initiator cell that has no vCPUs: define fails.',
    libvirt: "NUMA nodes without CPUs can't be initiator",
  },
  'numa-interconnect-cache-invalid': {
    severity: 'error',
    summary: 'A latency or bandwidth cache level the target cell does not define: define fails.',
    libvirt: "'cache' refers to a non-existent NUMA node cache",
  },
  'numa-interconnect-duplicate': {
    severity: 'error',
    summary: 'The same latency or bandwidth twice, or a link already given in the other direction: define fails.',
    libvirt: 'Duplicate info for NUMA latencies / Link already defined',
    fix: 'Remove the repeated entry',
  },
  'numa-qemu-refuses': {
    severity: 'warning',
    summary: 'libvirt accepts it but QEMU refuses to start: a cell without memory, more than 128 cells, or HMAT data QEMU rejects.',
    libvirt: 'QEMU start-up errors (checked with QEMU 10.0)',
  },
  'numa-schema-invalid': {
    severity: 'error',
    summary: "NUMA markup libvirt's parser accepts but the schema refuses: '+1', blanks in cpus, an empty or missing unit, a second <numa>/<distances>/<interconnects>.",
    libvirt: schemaOnly,
    fix: 'The schema form',
  },
} as const satisfies Record<string, CodeInfo>;

export type NumaCode = keyof typeof numaCodes;
