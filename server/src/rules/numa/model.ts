// The guest NUMA topology of a domain as libvirt 11.3 reads it: which <numa>
// counts, each cell's id, vCPUs and memory, and the number readers the NUMA
// rules share (scaled sizes, unsigned attributes, the schema's number forms).

import { attributeValue, childrenNamed, firstChild, getAttribute, textContent, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import { parseInt64, parseUIntStrict, parseUIntWrapping } from '../../domain/numbers';
import { parseBitmap } from '../../domain/cpuset';
import type { RuleContext } from '../context';

export const UINT_MAX = 4294967295;
const LLONG_MAX = (1n << 63n) - 1n;
const ULLONG_MAX = (1n << 64n) - 1n;

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
  const domain = ctx.doc.root;
  // libvirt asks for "./cpu/numa[1]": the first <numa> found under the domain's <cpu> elements.
  let cpu: XmlElement | undefined;
  let numa: XmlElement | undefined;
  for (const c of childrenNamed(domain, 'cpu')) {
    numa = firstChild(c, 'numa');
    if (numa) {
      cpu = c;
      break;
    }
  }
  if (!cpu || !numa) return undefined;
  const vcpu = firstChild(domain, 'vcpu');
  const type = attributeValue(domain, 'type');
  const view: NumaView = {
    ctx,
    text: ctx.doc.xml.text,
    domain,
    cpu,
    numa,
    cells: [],
    vcpu,
    maxVcpus: vcpu ? parseUIntWrapping(textContent(vcpu)) : 1,
    qemu: type === 'qemu' || type === 'kvm' || type === 'hvf',
    cpusComplete: true,
  };
  let budget = CPU_BUDGET;
  const cells = childrenNamed(numa, 'cell');
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

// ---------------------------------------------------------------------------
// Scaled sizes (virParseScaledValue, virScaleInteger, virDomainParseMemory)

export type ScaledResult =
  | { kind: 'ok'; bytes: bigint; kib: bigint }
  | { kind: 'missing' }
  | { kind: 'invalid'; text: string }
  | { kind: 'badUnit'; unit: string }
  | { kind: 'tooLarge'; message: string };

/**
 * The multiplier libvirt gives a unit suffix (case-insensitive b, byte, bytes,
 * k/KiB = 1024, KB = 1000, … up to E); undefined for a suffix it refuses.
 * An empty or absent suffix is the caller's default.
 */
export function unitScale(unit: string): bigint | undefined {
  const u = unit.toLowerCase();
  if (u === 'b' || u === 'byte' || u === 'bytes') return 1n;
  let base: bigint;
  if (u.length === 1 || u.slice(1) === 'ib') base = 1024n;
  else if (u.length === 2 && u[1] === 'b') base = 1000n;
  else return undefined;
  const power = 'kmgtpe'.indexOf(u[0]);
  if (power < 0) return undefined;
  return base ** BigInt(power + 1);
}

/**
 * Reads `valueText` scaled by `unitText` as libvirt does: an absent or empty
 * value is missing; the value is an unsigned 64-bit decimal (leading blanks
 * and '+' allowed); an empty unit means `defaultScale`; the product must not
 * pass `limit`. The KiB figure is rounded up, as libvirt stores memory.
 */
export function readScaled(
  valueText: string | undefined,
  unitText: string | undefined,
  defaultScale: bigint,
  limit: bigint = LLONG_MAX,
): ScaledResult {
  if (valueText === undefined || valueText === '') return { kind: 'missing' };
  const value = parseInt64(valueText, false);
  if (value === undefined) return { kind: 'invalid', text: valueText };
  const suffix = unitText ?? '';
  const scale = suffix === '' ? defaultScale : unitScale(suffix);
  if (scale === undefined) return { kind: 'badUnit', unit: suffix };
  if (value !== 0n && value > limit / scale) return { kind: 'tooLarge', message: `value too large: ${value}${suffix}` };
  const bytes = value * scale;
  return { kind: 'ok', bytes, kib: (bytes + 1023n) / 1024n };
}

/**
 * virDomainParseMemory: a size in KiB by default, refused when the KiB figure
 * reaches LLONG_MAX/1024 ("size value too large").
 */
export function readMemory(valueText: string | undefined, unitText: string | undefined): ScaledResult {
  const r = readScaled(valueText, unitText, 1024n);
  if (r.kind === 'ok' && r.kib >= (LLONG_MAX + 1023n) / 1024n) return { kind: 'tooLarge', message: 'size value too large' };
  return r;
}

/** A cell's `memory` and `unit` attributes, read by virDomainParseMemory. */
export function readMemoryAttribute(el: XmlElement): ScaledResult {
  return readMemory(attributeValue(el, 'memory'), attributeValue(el, 'unit'));
}

/** A `<line value>` (scale 1, any 64-bit value; libvirt 11.3 looks for the unit in the wrong place, so it has none). */
export function readLine(valueText: string | undefined): ScaledResult {
  return readScaled(valueText, undefined, 1n, ULLONG_MAX);
}

/** A size element such as `<memory unit='MiB'>256</memory>` in KiB (0 when empty); undefined when libvirt refuses it. */
export function elementSizeKiB(el: XmlElement): bigint | undefined {
  const r = readMemory(textContent(el), attributeValue(el, 'unit'));
  return r.kind === 'ok' ? r.kib : r.kind === 'missing' ? 0n : undefined;
}

/** The domain's `<memory>` in KiB, when written and readable. */
export function domainMemoryKiB(domain: XmlElement): { el: XmlElement; kib: bigint } | undefined {
  const el = firstChild(domain, 'memory');
  const kib = el && elementSizeKiB(el);
  return el && kib !== undefined ? { el, kib } : undefined;
}

// ---------------------------------------------------------------------------
// The schema's number forms (basictypes.rng)

/** `unsignedInt` as the schema defines it: a pattern of plain digits, at most 2^32-1. */
export function isSchemaUnsignedInt(text: string): boolean {
  return /^[0-9]+$/.test(text) && Number(text) <= UINT_MAX;
}

/** An XSD integer type without a pattern (memoryKB, numaDistanceValue): blanks around allowed, no sign. */
export function isSchemaXsdUnsigned(text: string, max: bigint): boolean {
  if (/^[0-9]{1,15}$/.test(text)) return BigInt(Number(text)) <= max;
  const t = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  return /^[0-9]+$/.test(t) && BigInt(t) <= max;
}

export const ULONG_MAX_BIG = ULLONG_MAX;

/** The schema's `unit` pattern. */
export function isSchemaUnit(text: string): boolean {
  return /^(?:[bB](?:[yY][tT][eE][sS]?)?|[kKmMgGtTpPeE](?:[iI]?[bB])?)$/.test(text);
}

/** C's %d of an unsigned value (libvirt prints some unsigned numbers that way). */
export function asCInt(n: number): number {
  return n > 2147483647 ? n - 4294967296 : n;
}
