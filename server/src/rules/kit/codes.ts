// The codes the kit's shared checkers report (CPU and node lists, numbers, repeated elements):
// stable id, default severity and the README columns, apart from the checkers that use them.

import type { CodeInfo } from '../types';
import { schemaTools } from './messages';

export const kitCodes = {
  'cpuset-invalid': {
    severity: 'error',
    summary: 'A CPU or node list (cpuset, nodeset, vcpus, iothreads) libvirt cannot parse, or a number of 16384 or more.',
    libvirt: "Failed to parse bitmap '…'",
    fix: 'Corrected list, where the typo is plain',
  },
  'cpuset-empty': {
    severity: 'error',
    summary: "A CPU or node list that selects nothing (e.g. '0,^0').",
    libvirt: "Invalid value of 'cpuset': … / Invalid value of 'nodeset': … / '…' scheduler bitmap '…' is empty",
  },
  'cpuset-schema-syntax': {
    severity: 'error',
    summary: "A CPU or node list libvirt's parser reads but the schema refuses: blanks, a trailing comma, a '+'.",
    libvirt: `${schemaTools} only`,
    fix: 'The same list in schema form',
  },
  'tuning-duplicate-element': {
    severity: 'error',
    summary: 'A second <vcpu>, <vcpus>, <iothreads>, <iothreadids>, <defaultiothread>, <cputune>, <numatune><memory>, or a second value element in <cputune>: the schema allows one.',
    libvirt: `${schemaTools} only (the parser reads the first, or merges lists)`,
    fix: 'Remove it, where libvirt ignores it',
  },
  'number-schema-syntax': {
    severity: 'error',
    summary: "A number libvirt's parser reads but the schema refuses: leading blanks or a '+'.",
    libvirt: `${schemaTools} only`,
    fix: 'The bare digits',
  },
} as const satisfies Record<string, CodeInfo>;
