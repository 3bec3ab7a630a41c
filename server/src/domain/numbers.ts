// Number syntax exactly as libvirt reads it, so "is this value valid?" gets
// libvirt's answer (see shared/research/libvirt-cpu-rules.md §0.3): integers,
// scaled sizes with their one unit table, and the schema's number forms.

import { attributeValue, firstChild, textContent, type XmlElement } from '../xml/nodes';

/** C isspace(): space, \t, \n, \v, \f, \r. */
function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function skipLeadingSpace(text: string): string {
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  return text.slice(i);
}

/** C's UINT_MAX: the largest value of libvirt's unsigned int attributes. */
export const UINT_MAX = 4294967295;
/** C's LLONG_MAX and ULLONG_MAX, for libvirt's 64-bit sizes. */
export const LLONG_MAX = (1n << 63n) - 1n;
export const ULLONG_MAX = (1n << 64n) - 1n;

/**
 * libvirt's unsigned-int attribute parser (virStrToLong_uip, base 10): leading
 * blanks and one '+' allowed, any '-' rejected, nothing may follow the digits,
 * value ≤ 2^32-1. Returns undefined when libvirt would refuse the text.
 */
export function parseUIntStrict(text: string): number | undefined {
  let s = skipLeadingSpace(text);
  if (s.startsWith('+')) s = s.slice(1);
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= UINT_MAX ? n : undefined;
}

/**
 * libvirt's `<vcpu>` text parser (virStrToLong_ui): like parseUIntStrict but a
 * leading '-' wraps around (-1 → 4294967295), which is how a negative count
 * reaches libvirtd. Returns undefined for text libvirt refuses to parse.
 */
export function parseUIntWrapping(text: string): number | undefined {
  const s = skipLeadingSpace(text);
  if (s.startsWith('-')) {
    const n = parseUIntStrict(s.slice(1));
    if (n === undefined) return undefined;
    return n === 0 ? 0 : UINT_MAX + 1 - n;
  }
  return parseUIntStrict(s);
}

/**
 * libvirt's 64-bit element-text parsers for `<cputune>` numbers: unsigned
 * (virStrToLong_ullp, '-' refused) or signed (virStrToLong_ll). Leading blanks
 * accepted, trailing characters refused. Returns a bigint, or undefined.
 */
export function parseInt64(text: string, signed: boolean): bigint | undefined {
  let s = skipLeadingSpace(text);
  let negative = false;
  if (s.startsWith('+')) s = s.slice(1);
  else if (s.startsWith('-')) {
    if (!signed) return undefined;
    negative = true;
    s = s.slice(1);
  }
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = negative ? -BigInt(s) : BigInt(s);
  const [min, max] = signed ? [-(1n << 63n), (1n << 63n) - 1n] : [0n, (1n << 64n) - 1n];
  return n < min || n > max ? undefined : n;
}

/** The schema's view of an unsigned integer: digits only (no blanks, no sign). */
export function isSchemaUInt(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

/**
 * libvirt's signed int attribute reader (virStrToLong_i, base 10): leading
 * blanks and a sign allowed, nothing after the digits, 32-bit range.
 */
export function parseIntStrict(text: string): number | undefined {
  const m = /^[+-]?[0-9]+$/.exec(skipLeadingSpace(text));
  if (!m) return undefined;
  const n = Number(m[0]);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
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

/** The schema's `unit` pattern. */
export function isSchemaUnit(text: string): boolean {
  return /^(?:[bB](?:[yY][tT][eE][sS]?)?|[kKmMgGtTpPeE](?:[iI]?[bB])?)$/.test(text);
}

/** C's %d of an unsigned value (libvirt prints some unsigned numbers that way). */
export function asCInt(n: number): number {
  return n > 2147483647 ? n - 4294967296 : n;
}
