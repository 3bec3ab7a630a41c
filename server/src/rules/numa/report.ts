// How the NUMA rules word and place their findings: libvirt's message forms,
// the schema-only wording, ranges on attributes and elements, and the small
// quick-fix builders they share.

import { attributeValue, getAttribute, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import { nameRange, removeAttribute, removeElement, setAttribute, valueRange, wholeAttribute } from '../kit/edits';
import type { Finding, Fix } from '../types';
import type { NumaCode } from './codes';
import { isSchemaUnsignedInt, isSchemaXsdUnsigned, UINT_MAX } from './model';
import { parseUIntStrict } from '../../domain/numbers';
import { attributeSpec } from '../../domain/schema';

export { schemaTools } from '../kit/messages';
import { schemaTools } from '../kit/messages';

export interface Reporter {
  text: string;
  out: Finding[];
}

export function report(r: Reporter, code: NumaCode, range: { start: number; end: number }, message: string, fixes?: Array<Fix | undefined>): void {
  const list = (fixes ?? []).filter((f): f is Fix => f !== undefined);
  r.out.push({ code, start: range.start, end: range.end, message, ...(list.length > 0 ? { fixes: list } : {}) });
}

/** Where a finding about an attribute's value goes: the value, or the whole attribute when the value is empty. */
export function attrRange(attr: XmlAttribute): { start: number; end: number } {
  return attr.valueStart >= 0 && attr.valueEnd > attr.valueStart ? valueRange(attr) : wholeAttribute(attr);
}

export { nameRange };

// --- libvirt's messages ------------------------------------------------------

export const missingAttribute = (name: string, element: string) => `Missing required attribute '${name}' in element '${element}'`;
export const invalidUInt = (name: string, element: string, value: string) =>
  `Invalid value for attribute '${name}' in element '${element}': '${value}'. Expected non-negative integer value`;
/** The trailing period is libvirt's. */
export const invalidEnum = (name: string, element: string, value: string) => `Invalid value for attribute '${name}' in element '${element}': '${value}'.`;
export const missingScaled = (xpath: string) => `missing element or attribute '${xpath}'`;
export const invalidScaled = (value: string, xpath: string) => `Invalid value '${value}' for element or attribute '${xpath}'`;
export const unknownSuffix = (unit: string) => `unknown suffix '${unit}'`;

/** The allowed values of an enum attribute from the schema table (`path` as elementPath builds it), else `fallback`. */
export function enumOf(path: string, name: string, fallback: readonly string[]): readonly string[] {
  const values = attributeSpec(path, name)?.values?.map((v) => v.value);
  return values && values.length > 0 ? values : fallback;
}

// --- fixes ------------------------------------------------------------------

export function setValueFix(title: string, el: XmlElement, name: string, value: string, preferred = false): Fix {
  return { title, edits: [setAttribute(el, name, value)], ...(preferred ? { preferred } : {}) };
}

export function removeAttributeFix(r: Reporter, attr: XmlAttribute, title: string, preferred = false): Fix {
  return { title, edits: [removeAttribute(r.text, attr)], ...(preferred ? { preferred } : {}) };
}

export function removeElementFix(r: Reporter, el: XmlElement, title: string, preferred = false): Fix {
  return { title, edits: [removeElement(r.text, el)], ...(preferred ? { preferred } : {}) };
}

/** One fix per allowed value; the one matching what was typed (ignoring case and blanks) is preferred. */
export function enumFixes(attr: XmlAttribute, values: readonly string[], typed: string, aliases: Record<string, string> = {}): Fix[] {
  const t = typed.trim().toLowerCase();
  const likely = values.find((v) => v.toLowerCase() === t) ?? aliases[t];
  return values.map((v) => ({
    title: `Change ${attr.name} to '${v}'`,
    edits: [{ ...valueRange(attr), newText: v }],
    ...(v === likely ? { preferred: true } : {}),
  }));
}

/**
 * An unsigned attribute libvirt reads with virXMLPropUInt: reports a missing
 * (when `required`) or unparsable value, or a form only the schema refuses,
 * and returns the number when libvirt reads one.
 */
export function readUIntAttribute(r: Reporter, el: XmlElement, name: string, required: boolean, schema: 'pattern' | 'xsd' = 'pattern'): number | undefined {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  if (!attr || value === undefined) {
    if (required && !attr) report(r, 'numa-attribute-missing', nameRange(el), missingAttribute(name, el.name));
    return undefined;
  }
  const n = parseUIntStrict(value);
  if (n === undefined) {
    const digits = value.trim();
    const fix = /^[0-9]+$/.test(digits) && Number(digits) <= UINT_MAX ? setValueFix(`Change ${name} to '${digits}'`, el, name, digits, true) : undefined;
    report(r, 'numa-attribute-invalid', attrRange(attr), invalidUInt(name, el.name, value), [fix]);
    return undefined;
  }
  if (schema === 'pattern') schemaUInt(r, el, attr, value, n);
  else if (!isSchemaXsdUnsigned(value, BigInt(UINT_MAX))) {
    report(r, 'numa-schema-invalid', attrRange(attr), `libvirt reads ${name}='${value}' as ${n}, but the schema (${schemaTools}) refuses a sign`, [
      setValueFix(`Change ${name} to '${n}'`, el, name, String(n), true),
    ]);
  }
  return n;
}

/** `numa-schema-invalid` for an unsigned value libvirt reads as `n` but the schema's digits-only pattern refuses. */
export function schemaUInt(r: Reporter, el: XmlElement, attr: XmlAttribute, value: string, n: number): void {
  if (isSchemaUnsignedInt(value)) return;
  report(
    r,
    'numa-schema-invalid',
    attrRange(attr),
    `libvirt reads ${attr.name}='${value}' as ${n}, but the schema (${schemaTools}) accepts only plain digits`,
    [setValueFix(`Change ${attr.name} to '${n}'`, el, attr.name, String(n), true)],
  );
}

/** `numa-schema-invalid` for an element libvirt ignores because only the first of its kind is read. */
export function extraElement(r: Reporter, el: XmlElement, where: string): void {
  report(
    r,
    'numa-schema-invalid',
    nameRange(el),
    `Only the first <${el.name}> ${where} is read: libvirt ignores this one, and the schema (${schemaTools}) refuses a second`,
    [removeElementFix(r, el, `Remove this <${el.name}>`, true)],
  );
}
