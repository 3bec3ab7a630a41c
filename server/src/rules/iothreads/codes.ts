// The diagnostic codes of this rule family: stable id, default severity, and the
// README table's columns. Kept apart from the checks so nothing imports back into them.

import type { CodeInfo } from '../types';

export const iothreadCodes = {
  'iothreads-count-invalid': {
    severity: 'error',
    summary: '<iothreads> text that is not an unsigned number (an empty one only fails the schema).',
    libvirt: "invalid iothreads count '…'",
  },
  'iothreads-count-raised': {
    severity: 'warning',
    summary: '<iothreads> smaller than the number of <iothread> ids: libvirt silently raises it.',
    fix: 'Set the count to the number of ids',
  },
  'iothreads-ids-filled': {
    severity: 'information',
    summary: '<iothreads> larger than the number of <iothread> ids: libvirt invents the missing ids.',
  },
  'iothread-id-invalid': {
    severity: 'error',
    summary: '<iothread> without an id, or an id that is 0 or not an unsigned number.',
    libvirt: "Missing required attribute 'id' in element 'iothread' / … Zero is not permitted",
  },
  'iothread-id-duplicate': {
    severity: 'error',
    summary: 'Two <iothread> elements with the same id.',
    libvirt: "duplicate iothread id 'N' found",
    fix: 'Remove the duplicate',
  },
  'iothread-pool-invalid': {
    severity: 'error',
    summary: 'thread_pool_min/thread_pool_max that is not a number, or negative.',
    libvirt: "Invalid value for attribute 'thread_pool_…' in element '…': '…'. Expected integer value / … Expected non-negative value",
  },
  'iothread-pool-max-zero': {
    severity: 'error',
    summary: "thread_pool_max='0'.",
    libvirt: 'thread_pool_max must be a positive integer',
  },
  'iothread-pool-min-above-max': {
    severity: 'error',
    summary: 'thread_pool_min above thread_pool_max, or given without thread_pool_max.',
    libvirt: 'thread_pool_min must be smaller or equal to thread_pool_max',
    fix: 'Add thread_pool_max',
  },
  'iothread-poll-invalid': {
    severity: 'error',
    summary: '<poll max|grow|shrink> that is not an unsigned 64-bit number.',
    libvirt: "Invalid value for attribute '…' in element 'poll': '…'. Expected non-negative integer value",
  },
} as const satisfies Record<string, CodeInfo>;
