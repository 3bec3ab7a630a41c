// The XSD datatypes libvirt's grammar uses, as libxml2 checks them: lexical
// form after whitespace processing, value range (BigInt, so unsignedLong is
// exact), and the facets (pattern, bounds, lengths) a <data> carries.

import { charLength } from '../util/strings';
import type { DataParams } from './format';

export interface Datatype {
  type: string;
  params: DataParams;
  /** Compiled `params.pattern`, all of which must match. */
  regexps: RegExp[];
  /** Name of the grammar define around it, for messages ('' when none). */
  define: string;
}

/** XSD whitespace processing: 'preserve' for string, 'replace' for normalizedString, 'collapse' for the rest. */
export function whitespace(type: string, s: string): string {
  if (type === 'string') return s;
  if (type === 'normalizedString') return s.replace(/[\t\n\r]/g, ' ');
  return collapse(s);
}

export function collapse(s: string): string {
  // Most values have nothing to collapse: check before allocating.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c === 32 && (i === 0 || i === s.length - 1 || s.charCodeAt(i + 1) === 32))) {
      plain = false;
      break;
    }
  }
  return plain ? s : s.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
}

/** The value range of each XSD integer type (undefined: unbounded on that side). */
export const integerTypes: Record<string, [bigint | undefined, bigint | undefined]> = {
  integer: [undefined, undefined],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  short: [-32768n, 32767n],
  byte: [-128n, 127n],
  unsignedLong: [0n, 2n ** 64n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  unsignedShort: [0n, 65535n],
  unsignedByte: [0n, 255n],
  nonNegativeInteger: [0n, undefined],
  positiveInteger: [1n, undefined],
  nonPositiveInteger: [undefined, 0n],
  negativeInteger: [undefined, -1n],
};

const integerLexical = /^[+-]?[0-9]+$/;
const decimalLexical = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;
const doubleLexical = /^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|-?INF|NaN)$/;
const dateTimeLexical = /^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$/;
const ncNameLexical = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][A-Za-z_0-9.\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;
const nameLexical = /^[:A-Za-z_\u00C0-\uFFFD][:A-Za-z_0-9.\-\u00B7\u00C0-\uFFFD]*$/;
const nmtokenLexical = /^[:A-Za-z_0-9.\-\u00B7\u00C0-\uFFFD]+$/;

/** Why a value is not of `dt` ('' when it is). Short phrases: 'not a whole number', 'above 65535'. */
export function datatypeProblem(dt: Datatype, raw: string): string {
  const s = whitespace(dt.type, raw);
  const t = dt.type;
  const range = integerTypes[t];
  let numeric: bigint | number | undefined;
  if (range) {
    if (!integerLexical.test(s)) return 'not a whole number';
    const n = BigInt(s);
    if (range[0] !== undefined && n < range[0]) return `below ${range[0]}`;
    if (range[1] !== undefined && n > range[1]) return `above ${range[1]}`;
    numeric = n;
  } else if (t === 'decimal') {
    if (!decimalLexical.test(s)) return 'not a decimal number';
    numeric = Number(s);
  } else if (t === 'double') {
    if (!doubleLexical.test(s)) return 'not a number';
    numeric = s === 'INF' ? Infinity : s === '-INF' ? -Infinity : Number(s);
  } else if (t === 'boolean') {
    if (!/^(true|false|1|0)$/.test(s)) return 'not true, false, 1 or 0';
  } else if (t === 'dateTime') {
    if (!dateTimeLexical.test(s)) return 'not a date and time (YYYY-MM-DDThh:mm:ss)';
  } else if (t === 'NCName') {
    if (!ncNameLexical.test(s)) return 'not a name without colons';
  } else if (t === 'Name') {
    if (!nameLexical.test(s)) return 'not an XML name';
  } else if (t === 'NMTOKEN') {
    if (!nmtokenLexical.test(s)) return 'not a name token';
  }
  const p = dt.params;
  // libxml2 applies pattern facets to the value as written, before whitespace processing.
  for (const re of dt.regexps) if (!re.test(raw)) return 'not of the expected form';
  if (numeric !== undefined) {
    const cmp = (bound: string | undefined, ok: (c: number) => boolean): boolean => bound === undefined || ok(compare(numeric!, bound));
    if (!cmp(p.minInclusive, (c) => c >= 0)) return `below ${p.minInclusive}`;
    if (!cmp(p.maxInclusive, (c) => c <= 0)) return `above ${p.maxInclusive}`;
    if (!cmp(p.minExclusive, (c) => c > 0)) return `not above ${p.minExclusive}`;
    if (!cmp(p.maxExclusive, (c) => c < 0)) return `not below ${p.maxExclusive}`;
  }
  if (p.length !== undefined || p.minLength !== undefined || p.maxLength !== undefined) {
    const len = charLength(s);
    if (p.length !== undefined && len !== Number(p.length)) return `not ${p.length} characters long`;
    if (p.minLength !== undefined && len < Number(p.minLength)) return `shorter than ${p.minLength} characters`;
    if (p.maxLength !== undefined && len > Number(p.maxLength)) return `longer than ${p.maxLength} characters`;
  }
  return '';
}

/** Sign of value − bound, for a bound written as an integer or decimal. */
function compare(value: bigint | number, bound: string): number {
  if (typeof value === 'bigint' && integerLexical.test(bound)) {
    const b = BigInt(bound);
    return value < b ? -1 : value > b ? 1 : 0;
  }
  const v = Number(value);
  const b = Number(bound);
  return v < b ? -1 : v > b ? 1 : 0;
}

/** Does `raw` equal `value` under `type` (RelaxNG <value>)? string compares exactly, the others after collapsing. */
export function valueEquals(type: string, value: string, raw: string): boolean {
  if (type === 'string') return raw === value;
  if (type === 'token') return collapse(raw) === collapse(value);
  if (datatypeProblem({ type, params: {}, regexps: [], define: '' }, raw) !== '') return false;
  const a = whitespace(type, raw);
  const b = whitespace(type, value);
  if (integerTypes[type]) return BigInt(a) === BigInt(b);
  if (type === 'double' || type === 'decimal') return Number(a) === Number(b);
  return a === b;
}
