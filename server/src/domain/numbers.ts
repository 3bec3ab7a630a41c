// Number syntax exactly as libvirt reads it, so "is this value valid?" gets
// libvirt's answer (see shared/research/libvirt-cpu-rules.md §0.3).

/** C isspace(): space, \t, \n, \v, \f, \r. */
function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function skipLeadingSpace(text: string): string {
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  return text.slice(i);
}

const UINT_MAX = 4294967295;

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
