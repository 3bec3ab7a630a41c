// Rule family: the guest NUMA topology in <cpu><numa> — cells (ids, vCPUs,
// memory), distances, memory-side caches and interconnects — checked as
// libvirt 11.3 parses, post-parses and validates them, plus what the QEMU
// driver and QEMU itself do with them at start. <numatune> is checked elsewhere.

import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { childrenNamed, firstChild } from '../../xml/nodes';
import { readNuma } from './model';
import { domainMemoryKiB } from '../../domain/numbers';
import { checkCells, checkDomainMemory } from './cells';
import { checkCaches, checkDistances, checkInterconnects } from './hmat';
import { type Reporter } from '../kit';


/** Every NUMA finding of a domain, in document order. */
export function checkNuma(ctx: RuleContext): Finding[] {
  const view = readNuma(ctx);
  if (!view) return checkMemoryWithoutNuma(ctx);
  const r: Reporter = { text: view.text, out: [] };
  checkCells(view, r);
  if (view.cells.length > 0) {
    checkDistances(view, r);
    checkCaches(view, r);
    checkInterconnects(view, r);
    checkDomainMemory(view, r);
  }
  return r.out.sort((a, b) => a.start - b.start);
}

/**
 * Without guest NUMA cells the domain's size comes from <memory> alone: absent
 * or 0, libvirt refuses the domain at define (post-parse). Domains with memory
 * devices are left alone (they change the sums).
 */
function checkMemoryWithoutNuma(ctx: RuleContext): Finding[] {
  const domain = ctx.doc.kind === 'domain' ? ctx.doc.root : undefined;
  if (!domain || !domain.startTagClosed) return [];
  const devices = firstChild(domain, 'devices');
  if (devices && childrenNamed(devices, 'memory').length > 0) return [];
  const memory = firstChild(domain, 'memory');
  if (memory && domainMemoryKiB(domain)?.kib !== 0n) return [];
  const at = memory ?? domain;
  return [{ code: 'numa-memory-unspecified', start: at.nameStart, end: at.nameEnd, message: 'Memory size must be specified via <memory> or in the <numa> configuration' }];
}
