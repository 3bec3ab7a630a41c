// How a rule records a finding: one collector shape and one `report` call for
// every family, so ranges, messages and fixes are attached the same way.

import { attributeValue, getAttribute, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import type { Finding, Fix } from '../types';
import { valueRange, wholeAttribute } from './edits';

/**
 * Where a family's checks put their findings: the document text (for fixes
 * that look around an element) and the list being filled. `C` narrows the
 * codes a family may report to its own table's keys.
 */
export interface Reporter<C extends string = string> {
  text: string;
  out: Finding[];
  /** Phantom field: only there so `Reporter<'a'>` and `Reporter<'b'>` differ. */
  readonly codes?: C;
}

/** A reporter over `text` with an empty list. */
export function reporter<C extends string = string>(text: string, out: Finding[] = []): Reporter<C> {
  return { text, out };
}

/** Records one finding; undefined entries in `fixes` are skipped, an empty list is left out. */
export function report<C extends string>(r: Reporter<C>, code: C, range: { start: number; end: number }, message: string, fixes?: ReadonlyArray<Fix | undefined>): void {
  r.out.push(finding(code, range, message, fixes));
}

/** One finding, for checks that build their list directly. */
export function finding(code: string, range: { start: number; end: number }, message: string, fixes?: ReadonlyArray<Fix | undefined>): Finding {
  const list = (fixes ?? []).filter((f): f is Fix => f !== undefined);
  return { code, start: range.start, end: range.end, message, ...(list.length > 0 ? { fixes: list } : {}) };
}

/** Where a finding about an attribute's value goes: the value, or the whole attribute when the value is empty. */
export function attrRange(attr: XmlAttribute): { start: number; end: number } {
  return attr.valueStart >= 0 && attr.valueEnd > attr.valueStart ? valueRange(attr) : wholeAttribute(attr);
}

/** The attribute and its decoded value, when written with a value. */
export function valued(el: XmlElement, name: string): { attr: XmlAttribute; value: string } | undefined {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  return attr && value !== undefined ? { attr, value } : undefined;
}
