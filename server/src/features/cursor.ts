// Where the cursor is, read from the tolerant tree: on a tag name, an attribute
// name or value, or in an element's content, with the range an edit replaces.
// Shared by completion and hover so both read half-typed markup the same way.

import {
  elementPath,
  findAttributeAt,
  findElementAt,
  textRange,
  type XmlAttribute,
  type XmlDocument,
  type XmlElement,
} from '../xml/nodes';
import { cpuDefinitionOf, type CpuDefinition, type LibvirtDocument } from '../domain/libvirtDocument';

export type Cursor =
  /** On the name of a start tag, possibly still being typed (`<top`). */
  | { kind: 'startTagName'; element: XmlElement; start: number; end: number }
  /** On the name of an end tag. */
  | { kind: 'endTagName'; element: XmlElement; start: number; end: number }
  /** Between attributes or on an attribute's name, inside a start tag. */
  | { kind: 'attributeName'; element: XmlElement; attribute: XmlAttribute | undefined; start: number; end: number }
  /** Inside an attribute value (start..end is the whole value, without quotes). */
  | { kind: 'attributeValue'; element: XmlElement; attribute: XmlAttribute; start: number; end: number }
  /**
   * In the content of `element`, outside any child, comment or CDATA section.
   * start..end is the bare word around the cursor (empty when there is none);
   * `afterLt` says a lone '<' sits just before it; `text` is the element's
   * trimmed text when it has no child elements (else undefined).
   */
  | { kind: 'content'; element: XmlElement; start: number; end: number; afterLt: boolean; text: { start: number; end: number } | undefined };

/**
 * What the cursor at `offset` is on, or undefined outside the root element,
 * inside comments, CDATA, processing instructions and markup the tree does not keep.
 */
export function cursorAt(xml: XmlDocument, offset: number): Cursor | undefined {
  const el = findElementAt(xml, offset);
  if (!el) return undefined;
  // Just before '<': the cursor is in the parent's content.
  if (offset === el.start) return el.parent ? contentCursor(xml, el.parent, offset) : undefined;
  const inStartTag = el.startTagClosed ? offset < el.startTagEnd - (el.selfClosing ? 1 : 0) : offset <= el.startTagEnd;
  if (inStartTag) {
    if (offset <= el.nameEnd) return { kind: 'startTagName', element: el, start: el.nameStart, end: el.nameEnd };
    const attr = findAttributeAt(el, offset);
    if (attr && attr.valueStart >= 0 && offset >= attr.valueStart && offset <= attr.valueEnd) {
      return { kind: 'attributeValue', element: el, attribute: attr, start: attr.valueStart, end: attr.valueEnd };
    }
    if (attr && offset <= attr.nameEnd) return { kind: 'attributeName', element: el, attribute: attr, start: attr.nameStart, end: attr.nameEnd };
    const pending = attributeAwaitingValue(xml.text, el, offset);
    if (pending) return { kind: 'attributeValue', element: el, attribute: pending, start: offset, end: offset };
    return { kind: 'attributeName', element: el, attribute: undefined, start: offset, end: offset };
  }
  if (!el.startTagClosed || el.selfClosing) return el.parent ? contentCursor(xml, el.parent, offset) : undefined;
  if (el.endTagStart !== undefined && offset > el.endTagStart) {
    const nameStart = el.endTagStart + 2;
    const nameEnd = nameStart + el.name.length;
    if (offset >= nameStart && offset <= nameEnd && xml.text.startsWith(el.name, nameStart)) {
      return { kind: 'endTagName', element: el, start: nameStart, end: nameEnd };
    }
    return undefined;
  }
  return contentCursor(xml, el, offset);
}

/**
 * `name=` with the cursor after the '=' and nothing before the next attribute:
 * the parser took that attribute for an unquoted value, so the value is read
 * here as empty, unquoted, at the cursor.
 */
function attributeAwaitingValue(text: string, el: XmlElement, offset: number): XmlAttribute | undefined {
  let p = offset;
  while (p > el.nameEnd && isSpaceChar(text.charCodeAt(p - 1))) p--;
  if (text.charCodeAt(p - 1) !== 61 /* = */) return undefined;
  let owner: XmlAttribute | undefined;
  for (const a of el.attributes) if (a.nameEnd < p) owner = a;
  if (!owner) return undefined;
  for (let i = owner.nameEnd; i < p - 1; i++) if (!isSpaceChar(text.charCodeAt(i))) return undefined;
  return { ...owner, value: '', valueStart: offset, valueEnd: offset, quote: undefined, valueClosed: false };
}

function isSpaceChar(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function contentCursor(xml: XmlDocument, el: XmlElement, offset: number): Cursor | undefined {
  const text = xml.text;
  if (offset < el.startTagEnd) return undefined;
  // Comments, CDATA and PIs are not in the tree: look at the gap since the previous child.
  const anchor = previousChildEnd(el, offset);
  const gap = text.slice(anchor, offset);
  for (const [open, close] of [
    ['<!--', '-->'],
    ['<![CDATA[', ']]>'],
    ['<?', '?>'],
  ] as const) {
    const at = gap.lastIndexOf(open);
    if (at >= 0 && gap.indexOf(close, at + open.length) < 0) return undefined;
  }
  let start = offset;
  while (start > anchor && isWordChar(text.charCodeAt(start - 1))) start--;
  let end = offset;
  const limit = el.endTagStart ?? el.end;
  while (end < limit && isWordChar(text.charCodeAt(end))) end++;
  const afterLt = start > anchor && text.charCodeAt(start - 1) === 60;
  // A '<' the parser kept as text: only a lone one right before the cursor's word
  // starts an element; anything else is broken markup (`</`, `< x`) to leave alone.
  const lt = gap.lastIndexOf('<');
  if (lt >= 0 && gap.indexOf('>', lt) < 0) {
    const next = text.charCodeAt(end);
    if (anchor + lt !== start - 1 || next === 47 /* / */ || next === 33 /* ! */ || next === 63 /* ? */) return undefined;
  }
  let textSpan: { start: number; end: number } | undefined;
  if (el.children.length === 0) {
    const r = textRange(el);
    textSpan = r.start === r.end ? { start: offset, end: offset } : r;
  }
  return { kind: 'content', element: el, start, end, afterLt, text: textSpan };
}

/** Where the content before `offset` begins: the end of the last child ending at or before it, else the start tag's end. */
function previousChildEnd(el: XmlElement, offset: number): number {
  const list = el.children;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 ? list[found].end : el.startTagEnd;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 58;
}

// ---------------------------------------------------------------------------
// The two CPU-name contexts: a model's text and a feature's name value.

export type CursorContext =
  | { kind: 'modelName'; cpu: CpuDefinition | undefined; element: XmlElement; start: number; end: number }
  | { kind: 'featureName'; cpu: CpuDefinition | undefined; element: XmlElement; attribute: XmlAttribute; start: number; end: number };

/** Narrows a cursor to a CPU-name context when it is one. */
export function cpuNameContext(doc: LibvirtDocument, c: Cursor): CursorContext | undefined {
  if (c.kind === 'attributeValue' && c.element.name === 'feature' && c.attribute.name === 'name') {
    const cpu = cpuDefinitionOf(doc, c.element);
    if (!cpu && !isUnderCpu(c.element)) return undefined;
    return { kind: 'featureName', cpu, element: c.element, attribute: c.attribute, start: c.start, end: c.end };
  }
  if (c.kind === 'content' && c.element.name === 'model' && c.text && !c.afterLt) {
    const cpu = cpuDefinitionOf(doc, c.element);
    if (!cpu && !doc.customModels.includes(c.element)) return undefined;
    return { kind: 'modelName', cpu, element: c.element, start: c.text.start, end: c.text.end };
  }
  return undefined;
}

function isUnderCpu(el: XmlElement): boolean {
  return el.parent?.name === 'cpu';
}

/** The schema.ts key of `el`: its element path in a domain, or under domain/ in a bare `<cpu>` document; undefined elsewhere. */
export function schemaPath(doc: LibvirtDocument, el: XmlElement): string | undefined {
  if (doc.kind === 'domain') return elementPath(el);
  if (doc.kind === 'cpu' && doc.cpus[0]?.context === 'bare') return `domain/${elementPath(el)}`;
  return undefined;
}

/**
 * `start`..`end` cut to the line holding `offset` and stretched to reach it:
 * an editor needs a completion edit on one line that contains the cursor.
 */
export function rangeOnCursorLine(text: string, start: number, end: number, offset: number): { start: number; end: number } {
  let lineStart = offset;
  while (lineStart > 0 && !isLineBreak(text.charCodeAt(lineStart - 1))) lineStart--;
  let lineEnd = offset;
  while (lineEnd < text.length && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
  return { start: Math.max(Math.min(start, offset), lineStart), end: Math.min(Math.max(end, offset), lineEnd) };
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}
