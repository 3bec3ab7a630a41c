// The guest NUMA topology of a domain as libvirt 11.3 reads it: which <numa>
// counts, each cell's id, vCPUs and memory, and the number readers the NUMA
// rules share (scaled sizes, unsigned attributes, the schema's number forms).

import { attributeValue, getAttribute, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import { parseUIntStrict, readMemoryAttribute, type ScaledResult } from '../../domain/numbers';
import { parseBitmap } from '../../domain/cpuset';
import type { RuleContext } from '../context';
import { domainFacts } from '../../domain/facts';


/** vCPU numbers kept for cross-cell checks, over all cells; a valid domain needs at most 16384. */
const CPU_BUDGET = 65536;
/**
 * Cells whose vCPU lists are read: each read costs a 16384-bit scratch map, and
 * QEMU stops at 128 cells anyway. Lists past this are left unchecked.
 */
const CPU_CELLS = 1024;

export interface NumaCell {
  el: XmlElement;
  /** Position among the `<cell>` elements of the `<numa>` libvirt reads. */
  index: number;
  idAttr: XmlAttribute | undefined;
  /** The id libvirt gives the cell (its position when `id` is absent); undefined when `id` does not parse. */
  id: number | undefined;
  /** The id is in range and not taken by an earlier cell, so later checks can name the cell by it. */
  idUsable: boolean;
  cpusAttr: XmlAttribute | undefined;
  /** The vCPUs listed, ascending; undefined when absent, unparsable, or past the analysis budget. */
  cpus: number[] | undefined;
  /** `cpus` is written but libvirt cannot parse it. */
  cpusInvalid: boolean;
  /** `memory` and `unit` as libvirt reads them. */
  memory: ScaledResult;
  /** Memory in KiB as libvirt stores it; undefined when missing or invalid. */
  memoryKiB: bigint | undefined;
}

export interface NumaView {
  ctx: RuleContext;
  text: string;
  domain: XmlElement;
  cpu: XmlElement;
  /** The `<numa>` libvirt reads (the first one of the first `<cpu>` that has one). */
  numa: XmlElement;
  cells: NumaCell[];
  /** The first `<vcpu>`, if any. */
  vcpu: XmlElement | undefined;
  /** Maximum vCPUs as libvirt reads it (1 without `<vcpu>`); undefined when `<vcpu>` does not parse. */
  maxVcpus: number | undefined;
  /** The domain runs on libvirt's QEMU driver (type qemu, kvm or hvf), whose post-parse and start rules apply. */
  qemu: boolean;
  /** Every cell's vCPU list was read (the budget was not exhausted). */
  cpusComplete: boolean;
}

/** The domain's guest NUMA view, or undefined when the document has no `<cpu><numa>`. */
export function readNuma(ctx: RuleContext): NumaView | undefined {
  if (ctx.doc.kind !== 'domain') return undefined;
  const facts = domainFacts(ctx.doc);
  const { numa, numaCpu: cpu } = facts;
  if (!cpu || !numa) return undefined;
  const view: NumaView = {
    ctx,
    text: ctx.doc.xml.text,
    domain: facts.root,
    cpu,
    numa,
    cells: [],
    vcpu: facts.vcpu,
    maxVcpus: facts.maxVcpus,
    qemu: facts.qemuDriver,
    cpusComplete: true,
  };
  let budget = CPU_BUDGET;
  const cells = facts.cells;
  cells.forEach((el, index) => {
    const idAttr = getAttribute(el, 'id');
    const idText = attributeValue(el, 'id');
    const id = idAttr === undefined ? index : idText === undefined ? undefined : parseUIntStrict(idText);
    const cpusAttr = getAttribute(el, 'cpus');
    const cpusText = attributeValue(el, 'cpus');
    let cpus: number[] | undefined;
    let cpusInvalid = false;
    if (cpusText !== undefined) {
      if (budget <= 0 || index >= CPU_CELLS) view.cpusComplete = false;
      else {
        const bits = parseBitmap(cpusText);
        if (!bits) cpusInvalid = true;
        else if (bits.length > 0) {
          cpus = bits;
          budget -= bits.length;
        }
      }
    }
    const memory = readMemoryAttribute(el);
    view.cells.push({
      el,
      index,
      idAttr,
      id,
      idUsable: false,
      cpusAttr,
      cpus,
      cpusInvalid,
      memory,
      memoryKiB: memory.kind === 'ok' ? memory.kib : undefined,
    });
  });
  return view;
}
