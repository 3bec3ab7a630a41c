// Quick-fix builders, with the one convention every family follows:
// - titles are imperative and name what changes: "Change NAME to 'V'",
//   "Remove NAME='V'", "Remove this <EL>", "Set …", "Add …";
// - at most one fix of a finding is `preferred`: the one that plainly keeps
//   the user's intent (the value they evidently meant, the removal of what
//   libvirt ignores anyway); none when the choice is the user's.

import { attributeValue, decodeEntities, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import type { Fix, TextEdit } from '../types';
import { escapeAttribute, removeAttribute, removeElement, setAttribute, valueRange } from './edits';

/**
 * A fix from a title and its edits. Edits are kept in document order, an
 * insertion before a replacement that starts at the same offset, so editors
 * (which apply them in order) never see them overlap.
 */
export function fix(title: string, edits: TextEdit[], preferred = false): Fix {
  const ordered = edits.length > 1 ? [...edits].sort((a, b) => a.start - b.start || a.end - b.end) : edits;
  return { title, edits: ordered, ...(preferred ? { preferred: true } : {}) };
}

/** "Change NAME to 'V'": replaces the attribute's value. */
export function changeValueFix(attr: XmlAttribute, value: string, preferred = false): Fix {
  return fix(`Change ${attr.name} to '${value}'`, [{ ...valueRange(attr), newText: escapeAttribute(value, attr.quote ?? "'") }], preferred);
}

/** Sets (or adds) attribute `name` of `el`, with a title of the caller's. */
export function setAttributeFix(title: string, el: XmlElement, name: string, value: string, preferred = false): Fix {
  return fix(title, [setAttribute(el, name, value)], preferred);
}

/** "Remove NAME='V'" (or the caller's title): removes the attribute and the blanks before it. */
export function removeAttributeFix(text: string, attr: XmlAttribute, title?: string, preferred = false): Fix {
  const shown = attr.value === undefined ? attr.name : `${attr.name}='${decodeEntities(attr.value)}'`;
  return fix(title ?? `Remove ${shown}`, [removeAttribute(text, attr)], preferred);
}

/** "Remove this <EL>" (or the caller's title): removes the element, with its line when it stands alone. */
export function removeElementFix(text: string, el: XmlElement, title?: string, preferred = false): Fix {
  return fix(title ?? `Remove this <${el.name}>`, [removeElement(text, el)], preferred);
}

const onWords = new Set(['yes', 'true', '1', 'enable', 'enabled', 'y', 'on']);
const offWords = new Set(['no', 'false', '0', 'disable', 'disabled', 'n', 'off']);

/**
 * The one allowed value the user most likely meant, if there is exactly one:
 * the same up to case, blanks and '_' for '-'; an entry of `aliases` (keys in
 * lower case); or on/off (yes/no) for a boolean word.
 */
export function likelyValue(typed: string, values: readonly string[], aliases: Readonly<Record<string, string>> = {}): string | undefined {
  const norm = (s: string) => s.trim().toLowerCase().replace(/[_\s]+/g, '-');
  const t = norm(typed);
  const hits = values.filter((v) => norm(v) === t);
  if (hits.length === 1) return hits[0];
  const alias = aliases[typed.trim().toLowerCase()];
  if (alias !== undefined && values.includes(alias)) return alias;
  for (const [on, off] of [['on', 'off'], ['yes', 'no']] as const) {
    if (values.includes(on) && values.includes(off)) {
      if (onWords.has(t)) return on;
      if (offWords.has(t)) return off;
    }
  }
  return undefined;
}

/** One "Change NAME to 'V'" fix per allowed value (but those `skip` rejects); the likely one preferred. */
export function enumFixes(
  attr: XmlAttribute,
  values: readonly string[],
  typed: string = attr.value ?? '',
  options: { aliases?: Readonly<Record<string, string>>; skip?: (v: string) => boolean } = {},
): Fix[] {
  const likely = likelyValue(typed, values, options.aliases);
  return values.filter((v) => !options.skip?.(v)).map((v) => changeValueFix(attr, v, v === likely));
}

/** The "Remove NAME='V'" fix for attribute `name` of `el`, as a list (empty when it is not written). */
export function removeAttributeFixes(text: string, el: XmlElement, name: string, preferred = false): Fix[] {
  const attr = el.attributes.find((a) => a.name === name);
  return attr && attributeValue(el, name) !== undefined ? [removeAttributeFix(text, attr, undefined, preferred)] : [];
}
