// Checkers for the attribute and element kinds many families share: CPU and
// node lists, unsigned numbers, enums, elements the schema allows once. Each
// reads the value the way libvirt's parser does, adds libvirt's own message to
// `out`, and returns what libvirt would read so the caller can go on.

import { attributeValue, childrenNamed, getAttribute, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import { isSchemaUInt, isSchemaXsdUnsigned, parseUIntStrict, UINT_MAX } from '../../domain/numbers';
import { isSchemaCpuset, parseBitmapRanges, suggestCpusetFix, type CpuRanges } from '../../domain/cpuset';
import { attributeSpec } from '../../domain/schema';
import type { Finding } from '../types';
import { nameRange, valueRange } from './edits';
import { changeValueFix, enumFixes, fix, removeElementFix } from './fixes';
import { finding } from './report';
import { invalidEnum, invalidUInt, missingAttribute, schemaTools, zeroNotPermitted } from './messages';

/**
 * The valid values of an enum attribute, from the CPU-area table (the grammar's
 * values in the notes' order; `path` as elementPath builds it), falling back to
 * `fallback` outside the table.
 */
export function enumValues(path: string, name: string, fallback: readonly string[] = []): string[] {
  const values = attributeSpec(path, name)?.values?.map((v) => v.value);
  return values && values.length > 0 ? values : [...fallback];
}

/**
 * An enum attribute: when written with a value outside `values`, one finding
 * with `message(value)` and a fix per valid value. Returns the value when valid.
 */
export function checkEnumAttribute(
  el: XmlElement,
  name: string,
  values: readonly string[],
  code: string,
  out: Finding[],
  message: (value: string) => string = (v) => invalidEnum(name, el.name, v),
): string | undefined {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  if (!attr || value === undefined) return undefined;
  if (values.includes(value)) return value;
  out.push(finding(code, valueRange(attr), message(value), enumFixes(attr, values, value)));
  return undefined;
}

export type UIntCheck = { value: number; attr: XmlAttribute } | { value: undefined; attr: XmlAttribute | undefined };

export interface UIntOptions {
  /** Missing is an error ("Missing required attribute …"). */
  required?: boolean;
  /** 0 is refused ("Zero is not permitted"). */
  nonZero?: boolean;
  /** Code for a missing attribute (default: the invalid-value code). */
  missingCode?: string;
  /** Code for a form only the schema refuses (default: number-schema-syntax). */
  schemaCode?: string;
  /** The schema's form: `pattern` = plain digits (unsignedInt), `xsd` = xsd:unsignedInt (blanks around allowed). */
  schema?: 'pattern' | 'xsd';
}

/**
 * An unsigned attribute read with libvirt's virXMLPropUInt: missing when
 * `required`; not an unsigned int → "… Expected non-negative integer value";
 * 0 with `nonZero` → "Zero is not permitted"; readable but outside the
 * schema's form → a schema finding with the bare number as fix.
 */
export function checkUIntAttribute(el: XmlElement, name: string, code: string, out: Finding[], options: UIntOptions = {}): UIntCheck {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  if (!attr || value === undefined) {
    if (options.required && !attr) out.push(finding(options.missingCode ?? code, nameRange(el), missingAttribute(name, el.name)));
    return { value: undefined, attr: undefined };
  }
  const n = parseUIntStrict(value);
  const range = valueRange(attr);
  if (n === undefined) {
    const digits = value.trim();
    const trimmed = /^[0-9]+$/.test(digits) && Number(digits) <= UINT_MAX ? changeValueFix(attr, digits, true) : undefined;
    out.push(finding(code, range, invalidUInt(name, el.name, value), [trimmed]));
    return { value: undefined, attr };
  }
  if (options.nonZero && n === 0) {
    out.push(finding(code, range, zeroNotPermitted(name, el.name)));
    return { value: undefined, attr };
  }
  const schemaCode = options.schemaCode ?? 'number-schema-syntax';
  if (options.schema === 'xsd') {
    if (!isSchemaXsdUnsigned(value, BigInt(UINT_MAX))) {
      out.push(finding(schemaCode, range, `libvirt reads ${name}='${value}' as ${n}, but the schema (${schemaTools}) refuses a sign`, [changeValueFix(attr, String(n), true)]));
    }
  } else if (!isSchemaUInt(value)) {
    out.push(numberSchemaFinding(value, n, range, schemaCode, name));
  }
  return { value: n, attr };
}

/** A number libvirt reads as `n` but the schema's digits-only form refuses; `name` when it is an attribute's. */
export function numberSchemaFinding(value: string, n: number | bigint, range: { start: number; end: number }, code = 'number-schema-syntax', name?: string): Finding {
  const what = name === undefined ? `'${value}'` : `${name}='${value}'`;
  const title = name === undefined ? `Change to '${n}'` : `Change ${name} to '${n}'`;
  return finding(code, range, `libvirt reads ${what} as ${n}, but the schema (${schemaTools}) accepts only plain digits`, [
    fix(title, [{ ...range, newText: String(n) }], true),
  ]);
}

export interface ListCheck {
  /** The selected numbers as ranges, when libvirt reads the list and it is not empty. */
  ranges: CpuRanges | undefined;
  /** The attribute is present. */
  present: boolean;
}

/**
 * Checks a CPU/node list attribute the way libvirt reads it: unparsable
 * (`cpuset-invalid`), empty (`cpuset-empty`, with `emptyMessage`), or
 * readable but outside the schema (`cpuset-schema-syntax`). With `parsed:
 * false` libvirt never reads the value (e.g. a cpuset under placement='auto'),
 * so only the schema's pattern is checked.
 */
export function checkListAttribute(el: XmlElement, name: string, out: Finding[], options: { emptyMessage: (value: string) => string; parsed?: boolean }): ListCheck {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  if (!attr || value === undefined) return { ranges: undefined, present: false };
  const range = valueRange(attr);
  const suggestion = suggestCpusetFix(value);
  const listFix = suggestion === undefined ? undefined : changeValueFix(attr, suggestion, true);
  if (options.parsed === false) {
    if (!isSchemaCpuset(value)) {
      out.push(finding('cpuset-invalid', range, `'${value}' is not a CPU list the schema accepts (${schemaTools}); libvirt's parser ignores it here`, [listFix]));
    }
    return { ranges: undefined, present: true };
  }
  const ranges = parseBitmapRanges(value);
  if (!ranges) {
    out.push(finding('cpuset-invalid', range, `Failed to parse bitmap '${value}'`, [listFix]));
    return { ranges: undefined, present: true };
  }
  if (ranges.length === 0) {
    out.push(finding('cpuset-empty', range, options.emptyMessage(value)));
    return { ranges: undefined, present: true };
  }
  if (!isSchemaCpuset(value)) {
    out.push(finding('cpuset-schema-syntax', range, `libvirt reads '${value}' but the schema (${schemaTools}) refuses blanks, signs and empty items in CPU lists`, [listFix]));
  }
  return { ranges, present: true };
}

/**
 * An element after the first of its kind, which libvirt ignores and the
 * schema refuses: reported with `code`, and its removal as the fix. `where`
 * (e.g. "in <numa>") says which first one is read.
 */
export function extraElement(text: string, el: XmlElement, code: string, out: Finding[], where = ''): void {
  const place = where === '' ? '' : ` ${where}`;
  out.push(
    finding(code, nameRange(el), `Only the first <${el.name}>${place} is read: libvirt ignores this one, and the schema (${schemaTools}) allows one`, [
      removeElementFix(text, el, undefined, true),
    ]),
  );
}

/**
 * Reports every `name` child of `parent` after the first: the schema allows one.
 * `mergesChildren`: libvirt reads the children of all of them (<vcpus>,
 * <iothreadids>, <cputune>), so nothing is lost and no removal is offered;
 * otherwise libvirt reads only the first and the extra ones are removable.
 */
export function checkSingleElement(text: string, parent: XmlElement, name: string, mergesChildren: boolean, out: Finding[], code = 'tuning-duplicate-element'): void {
  for (const extra of childrenNamed(parent, name).slice(1)) {
    if (!mergesChildren) extraElement(text, extra, code, out);
    else out.push(finding(code, nameRange(extra), `The schema (${schemaTools}) allows one <${name}>; libvirt reads the entries of all of them`));
  }
}
