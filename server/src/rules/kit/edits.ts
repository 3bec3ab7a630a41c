// Text edits for the <cpu> rules' quick-fixes: set, add or remove attributes, remove elements
// with their line, replace element text. Pure functions over the tree and text; offsets only.

import { isSpace, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import type { TextEdit } from '../types';

/** Offset just after the attribute as written (closing quote included when present). */
export function attributeEnd(attr: XmlAttribute): number {
  if (attr.value === undefined) return attr.nameEnd;
  return attr.valueEnd + (attr.quote && attr.valueClosed ? 1 : 0);
}

/** The attribute from its name to its closing quote. */
export function wholeAttribute(attr: XmlAttribute): { start: number; end: number } {
  return { start: attr.nameStart, end: attributeEnd(attr) };
}

/** The attribute's value without quotes (empty range at the name end when it has none). */
export function valueRange(attr: XmlAttribute): { start: number; end: number } {
  return attr.valueStart >= 0 ? { start: attr.valueStart, end: attr.valueEnd } : { start: attr.nameEnd, end: attr.nameEnd };
}

/** The element's name in its start tag. */
export function nameRange(el: XmlElement): { start: number; end: number } {
  return { start: el.nameStart, end: el.nameEnd };
}

/** The whole element, start tag to end tag. */
export function elementRange(el: XmlElement): { start: number; end: number } {
  return { start: el.start, end: el.end };
}

/** Escapes a value for an attribute quoted with `quote`. */
export function escapeAttribute(value: string, quote: "'" | '"'): string {
  let out = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  out = quote === "'" ? out.replace(/'/g, '&apos;') : out.replace(/"/g, '&quot;');
  return out;
}

/** Escapes element text. */
export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The quote style the element already uses (single quotes, libvirt's own style, by default). */
function quoteOf(el: XmlElement): "'" | '"' {
  for (const a of el.attributes) if (a.quote) return a.quote;
  return "'";
}

/**
 * Sets attribute `name` to `value`: replaces the value when the attribute is
 * written, otherwise adds it (right after the element name when `first`, else
 * after the last attribute).
 */
export function setAttribute(el: XmlElement, name: string, value: string, first = false): TextEdit {
  const attr = el.attributes.find((a) => a.name === name);
  if (attr && attr.valueStart >= 0) {
    return { start: attr.valueStart, end: attr.valueEnd, newText: escapeAttribute(value, attr.quote ?? "'") };
  }
  const quote = quoteOf(el);
  const written = `${name}=${quote}${escapeAttribute(value, quote)}${quote}`;
  if (attr) return { start: attr.nameStart, end: attributeEnd(attr), newText: written };
  const text = ` ${written}`;
  const at = first || el.attributes.length === 0 ? el.nameEnd : attributeEnd(el.attributes[el.attributes.length - 1]);
  return { start: at, end: at, newText: text };
}

/** Removes an attribute together with the blanks before it. */
export function removeAttribute(text: string, attr: XmlAttribute): TextEdit {
  let start = attr.nameStart;
  while (start > 0 && isSpace(text.charCodeAt(start - 1))) start--;
  return { start, end: attributeEnd(attr), newText: '' };
}

/**
 * Removes an element. When it stands alone on its line, the whole line goes
 * (indentation and line break); otherwise only the element itself.
 */
export function removeElement(text: string, el: XmlElement): TextEdit {
  let i = el.start;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  let j = el.end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  const lineStart = i === 0 || text[i - 1] === '\n';
  const lineEnd = j === text.length || text[j] === '\n' || text[j] === '\r';
  if (!lineStart || !lineEnd) return { start: el.start, end: el.end, newText: '' };
  if (text[j] === '\r' && text[j + 1] === '\n') j += 2;
  else if (text[j] === '\n' || text[j] === '\r') j += 1;
  return { start: i, end: j, newText: '' };
}

/** The indentation of the line `el` starts on, when only blanks precede it; '' otherwise. */
export function indentationOf(text: string, el: XmlElement): string {
  let i = el.start;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' ? text.slice(i, el.start) : '';
}

/** Inserts `markup` on its own line just before `el`, with `el`'s indentation (inline when `el` shares its line). */
export function insertBefore(text: string, el: XmlElement, markup: string): TextEdit {
  let i = el.start;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i === 0 || text[i - 1] === '\n') {
    const indent = text.slice(i, el.start);
    return { start: i, end: i, newText: `${indent}${markup}\n` };
  }
  return { start: el.start, end: el.start, newText: markup };
}

/** Replaces the element's whole content with `content` (turning `<x/>` into `<x>content</x>`). */
export function setElementText(text: string, el: XmlElement, content: string): TextEdit {
  if (el.selfClosing) {
    // `<name attrs/>` → `<name attrs>content</name>`: rewrite from the '/' of '/>'.
    const slash = text.lastIndexOf('/', el.startTagEnd - 1);
    return { start: slash, end: el.startTagEnd, newText: `>${escapeText(content)}</${el.name}>` };
  }
  const end = el.endTagStart ?? el.end;
  return { start: el.startTagEnd, end, newText: escapeText(content) };
}

/**
 * Appends `lines` (markup, one line each, nested lines already indented
 * relative to the first) as the last child of `parent`, one indentation step
 * deeper than `parent` (the step its children use, else two spaces). Turns a
 * self-closing `<parent/>` into `<parent>…</parent>`.
 */
export function appendChild(text: string, parent: XmlElement, lines: readonly string[]): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const outer = indentationOf(text, parent);
  const first = parent.children[0];
  const inner = first && indentationOf(text, first).startsWith(outer) && indentationOf(text, first) !== outer ? indentationOf(text, first) : `${outer}  `;
  const body = lines.map((l) => `${inner}${l}`).join(eol);
  if (parent.selfClosing) {
    const slash = text.lastIndexOf('/', parent.startTagEnd - 1);
    return { start: slash, end: parent.startTagEnd, newText: `>${eol}${body}${eol}${outer}</${parent.name}>` };
  }
  const close = parent.endTagStart ?? parent.end;
  // Put the new lines after the last non-blank text, so the closing tag keeps its own line.
  let at = close;
  while (at > parent.startTagEnd && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  const closeOnOwnLine = at > parent.startTagEnd && text[at - 1] === '\n';
  if (closeOnOwnLine) return { start: at, end: at, newText: `${body}${eol}` };
  return { start: close, end: close, newText: `${eol}${body}${eol}${outer}` };
}
