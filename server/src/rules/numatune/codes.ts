// The diagnostic codes of this rule family: stable id, default severity, and the
// README table's columns. Kept apart from the checks so nothing imports back into them.

import type { CodeInfo } from '../types';
import { schemaTools } from '../kit/messages';

export const numatuneCodes = {
  'numatune-duplicate': {
    severity: 'error',
    summary: 'More than one <numatune>.',
    libvirt: 'only one numatune is supported',
  },
  'numatune-mode-invalid': {
    severity: 'error',
    summary: 'A memory or memnode mode other than strict, preferred, interleave or restrictive.',
    libvirt: "Unsupported NUMA memory tuning mode '…' / Invalid value for attribute 'mode' in element 'memnode': '…'.",
    fix: 'One per valid value',
  },
  'numatune-placement-invalid': {
    severity: 'error',
    summary: "A <numatune><memory placement> other than static or auto ('default' passes the parser but not the schema).",
    libvirt: "Unsupported NUMA memory placement mode '…'",
    fix: 'One per valid value',
  },
  'numatune-nodeset-missing': {
    severity: 'error',
    summary: "<numatune><memory> with static placement (given, or the default unless <vcpu placement='auto'>) but no nodeset.",
    libvirt: "nodeset for NUMA memory tuning must be set if 'placement' is 'static'",
  },
  'numatune-nodeset-with-auto': {
    severity: 'error',
    summary: "<numatune><memory placement='auto'> with a nodeset: refused by the schema; the parser drops the nodeset.",
    libvirt: `${schemaTools} only`,
    fix: "Remove the nodeset, or placement='auto'",
  },
  'memnode-with-auto-placement': {
    severity: 'error',
    summary: '<memnode> while the memory placement is automatic.',
    libvirt: 'Per-node binding is not compatible with automatic NUMA placement.',
  },
  'memnode-without-cells': {
    severity: 'error',
    summary: '<memnode> in a domain without guest NUMA cells (<cpu><numa><cell>).',
    libvirt: "Element 'memnode' is invalid without any guest NUMA cells",
  },
  'memnode-cellid-invalid': {
    severity: 'error',
    summary: '<memnode> without cellid, or a cellid that is not an unsigned number.',
    libvirt: "Missing required attribute 'cellid' in element 'memnode' / Invalid value for attribute 'cellid' …",
  },
  'memnode-cellid-out-of-range': {
    severity: 'error',
    summary: '<memnode cellid> naming a guest NUMA cell that does not exist.',
    libvirt: "Argument 'cellid' in memnode element must correspond to existing guest's NUMA cell",
  },
  'memnode-duplicate': {
    severity: 'error',
    summary: 'Two <memnode> for the same cell.',
    libvirt: 'Multiple memnode elements with cellid N',
    fix: 'Remove the duplicate',
  },
  'memnode-nodeset-missing': {
    severity: 'error',
    summary: '<memnode> without nodeset.',
    libvirt: 'Missing required nodeset attribute in memnode element',
  },
  'memnode-mode-missing': {
    severity: 'error',
    summary: "<memnode> without mode: the schema requires it; the parser assumes strict.",
    libvirt: `${schemaTools} only`,
    fix: "Add mode='strict'",
  },
  'numatune-restrictive-mismatch': {
    severity: 'error',
    summary: "mode='restrictive' on <memory> but not on a <memnode>, or the other way round.",
    libvirt: "'restrictive' mode is required in memnode element when mode is 'restrictive' in memory element (and the converse)",
  },
} as const satisfies Record<string, CodeInfo>;
