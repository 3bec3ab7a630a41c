// CPU and NUMA-node lists ("0-3,^2,8") read exactly as libvirt's virBitmapParse
// reads them, the stricter form the RelaxNG schema accepts, libvirt's compact
// formatting, and the one-edit repairs of obvious typos that quick-fixes offer.

/** Bits libvirt allows in a domain's CPU and node lists (VIR_DOMAIN_CPUMASK_LEN). */
export const CPUMASK_LEN = 16384;

const INT_MAX = 2147483647;

export type CpusetResult =
  | { ok: true; /** Sorted, unique. */ cpus: number[]; ranges: CpuRanges }
  | {
      ok: false;
      /** libvirt's message: "Failed to parse bitmap '…'" (syntax) or "Invalid value of 'cpuset': …" (empty). */
      message: string;
      /** `syntax`: virBitmapParse refuses the text; `empty`: it parses but selects nothing. */
      reason: 'syntax' | 'empty';
    };

export interface CpusetOptions {
  /** Attribute named in the empty-result message (libvirt says 'cpuset' or 'nodeset'). Default 'cpuset'. */
  attribute?: string;
  /** Bitmap size; a number at or above it is a syntax error. Default CPUMASK_LEN. */
  limit?: number;
}

/**
 * Reads a CPU (or node) list with libvirt's rules: comma-separated items `N`,
 * `N-M` (N ≤ M) and `^N` (remove N); blanks around items, around '-' and after
 * ',' are allowed; a trailing comma is allowed; numbers ≥ `limit` are refused.
 * Never throws: malformed text gives `ok: false` with libvirt's message.
 */
export function parseCpuset(text: string, options: CpusetOptions = {}): CpusetResult {
  const ranges = parseBitmapRanges(text, options.limit ?? CPUMASK_LEN);
  if (!ranges) return { ok: false, reason: 'syntax', message: `Failed to parse bitmap '${text}'` };
  if (ranges.length === 0) return { ok: false, reason: 'empty', message: `Invalid value of '${options.attribute ?? 'cpuset'}': ${text}` };
  return { ok: true, cpus: expand(ranges), ranges };
}

/** Inclusive ranges [first, last], ascending and disjoint. */
export type CpuRanges = Array<[number, number]>;

/** Scratch bitmap (32 bits per word) shared by every parse; the engine is single-threaded and only the touched words are cleared. */
let words = new Uint32Array(CPUMASK_LEN >>> 5);

/**
 * The set bits of `text` as ascending, disjoint ranges (possibly none), or
 * undefined when virBitmapParse would refuse it. This is the raw parse,
 * without the "must not be empty" rule callers add. Cost follows the text
 * length (plus, with '^' items, the span of CPU numbers in 32-bit words), not
 * the number of CPUs selected, so hot paths should prefer it over `parseBitmap`.
 */
export function parseBitmapRanges(text: string, limit: number = CPUMASK_LEN): CpuRanges | undefined {
  const adds: CpuRanges = [];
  if (text.indexOf('^') < 0) {
    // Without removals the result is the union of the ranges: sort and merge.
    if (!scan(text, limit, (a, b) => adds.push([a, b]), () => undefined)) return undefined;
    adds.sort((x, y) => x[0] - y[0]);
    const out: CpuRanges = [];
    for (const [a, b] of adds) {
      const last = out[out.length - 1];
      if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
      else out.push([a, b]);
    }
    return out;
  }
  // Removals depend on order ('0,^0,0' keeps 0): replay on a bitmap.
  if (words.length * 32 < limit) words = new Uint32Array((limit + 31) >>> 5);
  let lo = words.length;
  let hi = -1;
  const ok = scan(
    text,
    limit,
    (a, b) => {
      const wa = a >>> 5;
      const wb = b >>> 5;
      if (wa < lo) lo = wa;
      if (wb > hi) hi = wb;
      if (wa === wb) words[wa] |= (0xffffffff >>> (31 - (b & 31))) & (0xffffffff << (a & 31));
      else {
        words[wa] |= 0xffffffff << (a & 31);
        words.fill(0xffffffff, wa + 1, wb);
        words[wb] |= 0xffffffff >>> (31 - (b & 31));
      }
    },
    (n) => {
      const w = n >>> 5;
      if (w < lo) lo = w;
      if (w > hi) hi = w;
      words[w] &= ~(1 << (n & 31));
    },
  );
  const out: CpuRanges = [];
  let runStart = -1;
  for (let w = lo; w <= hi; w++) {
    const word = words[w];
    if ((word === 0 && runStart < 0) || (word === 0xffffffff && runStart >= 0)) continue;
    for (let bit = 0; bit < 32; bit++) {
      const on = (word >>> bit) & 1;
      const n = w * 32 + bit;
      if (on && runStart < 0) runStart = n;
      else if (!on && runStart >= 0) {
        out.push([runStart, n - 1]);
        runStart = -1;
      }
    }
  }
  if (runStart >= 0) out.push([runStart, (hi + 1) * 32 - 1]);
  if (hi >= lo) words.fill(0, lo, hi + 1);
  return ok ? out : undefined;
}

/** The set bits of `text` in ascending order (possibly none), or undefined when virBitmapParse would refuse it. */
export function parseBitmap(text: string, limit: number = CPUMASK_LEN): number[] | undefined {
  const ranges = parseBitmapRanges(text, limit);
  return ranges ? expand(ranges) : undefined;
}

/**
 * virBitmapParseInternal's scanner: calls `add(a, b)` for each range to set
 * and `remove(n)` for each '^n', in order; false when the text is refused.
 */
function scan(text: string, limit: number, add: (a: number, b: number) => void, remove: (n: number) => void): boolean {
  const n = text.length;
  let i = skipSpaces(text, 0);
  if (i === n) return false;
  while (i < n) {
    let neg = false;
    if (text.charCodeAt(i) === 94 /* ^ */) {
      i++;
      neg = true;
    }
    if (!isDigit(text.charCodeAt(i))) return false;
    const first = readInt(text, i);
    if (!first) return false;
    const start = first.value;
    i = skipSpaces(text, first.end);
    const c = text.charCodeAt(i);
    if (i === n || c === 44 /* , */) {
      if (start >= limit) return false;
      if (neg) remove(start);
      else add(start, start);
    } else if (c === 45 /* - */) {
      if (neg) return false;
      // The range end goes through strtoll, which also takes a sign.
      const second = readInt(text, skipSpaces(text, i + 1));
      if (!second || second.value < start || second.value >= limit) return false;
      add(start, second.value);
      i = skipSpaces(text, second.end);
    }
    if (i === n) break;
    if (text.charCodeAt(i) !== 44) return false;
    i = skipSpaces(text, i + 1);
  }
  return true;
}

/** libvirt's compact form of a set: ascending, runs as ranges ("0-3,8"); "" for none. */
export function formatCpuset(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  let k = 0;
  while (k < sorted.length) {
    let j = k;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === k ? String(sorted[k]) : `${sorted[k]}-${sorted[j]}`);
    k = j + 1;
  }
  return parts.join(',');
}

const schemaCpuset = /^(?:[0-9]+(?:-[0-9]+)?|\^[0-9]+)(?:,(?:[0-9]+(?:-[0-9]+)?|\^[0-9]+))*$/;

/** The schema's `cpuset` pattern (basictypes.rng): no blanks, no signs, no empty items. */
export function isSchemaCpuset(text: string): boolean {
  return schemaCpuset.test(text);
}

/**
 * A corrected spelling of `text` when the intent is plain, else undefined:
 * - text libvirt accepts but the schema does not (blanks, a trailing comma,
 *   a '+') becomes the same set in schema form;
 * - text libvirt refuses is repaired only for empty items (",,"), a reversed
 *   range ("3-0"), ".." for '-', and blanks next to '-', '^' or ','. Blanks
 *   between two digits, unknown characters and numbers past the limit are
 *   left alone (no single obvious meaning).
 * The result always parses to a non-empty set and matches the schema.
 */
export function suggestCpusetFix(text: string, limit: number = CPUMASK_LEN): string | undefined {
  const parsed = parseBitmapRanges(text, limit);
  if (parsed) {
    if (parsed.length === 0 || isSchemaCpuset(text)) return undefined;
    const light = tidy(text, false);
    if (light !== undefined && isSchemaCpuset(light) && sameRanges(parseBitmapRanges(light, limit), parsed)) return light;
    return formatRanges(parsed);
  }
  const repaired = tidy(text, true);
  if (repaired === undefined || !isSchemaCpuset(repaired)) return undefined;
  const ranges = parseBitmapRanges(repaired, limit);
  return ranges && ranges.length > 0 ? repaired : undefined;
}

/** Item-by-item clean-up; `repair` also swaps reversed ranges and reads ".." as '-'. */
function tidy(text: string, repair: boolean): string | undefined {
  const items: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    if (/[0-9]\s+[0-9]/.test(item)) return undefined;
    let t = item.replace(/\s+/g, '').replace(/^([0-9]+)-\+([0-9]+)$/, '$1-$2');
    if (repair) {
      t = t.replace(/^([0-9]+)\.\.([0-9]+)$/, '$1-$2');
      const m = /^([0-9]+)-([0-9]+)$/.exec(t);
      if (m && Number(m[1]) > Number(m[2])) t = `${m[2]}-${m[1]}`;
    }
    items.push(t);
  }
  return items.length > 0 ? items.join(',') : undefined;
}

function sameRanges(a: CpuRanges | undefined, b: CpuRanges): boolean {
  return a !== undefined && a.length === b.length && a.every((r, k) => r[0] === b[k][0] && r[1] === b[k][1]);
}

function expand(ranges: CpuRanges): number[] {
  const out: number[] = [];
  for (const [a, b] of ranges) for (let k = a; k <= b; k++) out.push(k);
  return out;
}

/** formatCpuset for ranges already ascending and disjoint. */
export function formatRanges(ranges: CpuRanges): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** g_ascii_isspace: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * virStrToLong_i from offset `i` (strtoll, base 10): optional blanks and one
 * sign, then digits; undefined when there are no digits or the value does not
 * fit in a C int.
 */
function readInt(text: string, i: number): { value: number; end: number } | undefined {
  i = skipSpaces(text, i);
  let negative = false;
  const sign = text.charCodeAt(i);
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    negative = sign === 45;
    i++;
  }
  const from = i;
  let value = 0;
  while (i < text.length && isDigit(text.charCodeAt(i))) {
    // Past INT_MAX the exact value no longer matters: it is refused either way.
    if (value <= INT_MAX) value = value * 10 + (text.charCodeAt(i) - 48);
    i++;
  }
  if (i === from) return undefined;
  if (value > INT_MAX + (negative ? 1 : 0)) return undefined;
  return { value: negative ? -value : value, end: i };
}
