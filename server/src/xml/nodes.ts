// The XML tree the whole engine reads: plain objects with exact source offsets
// (UTF-16 code units, as in the editor), plus lookups by offset and path.
// Nothing here knows about libvirt.

export interface XmlAttribute {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** Raw text between the quotes (entity references not decoded); undefined when no value was written. */
  value: string | undefined;
  /** Range of the value without its quotes; -1 when there is no value. */
  valueStart: number;
  valueEnd: number;
  /** The quote character used, or undefined for a missing or unquoted value. */
  quote: '"' | "'" | undefined;
  /** The value's closing quote was found. */
  valueClosed: boolean;
}

export interface XmlText {
  start: number;
  end: number;
  /** Raw text (entity references not decoded; CDATA contents verbatim). */
  raw: string;
  cdata: boolean;
}

export interface XmlElement {
  name: string;
  /** Offset of '<'. */
  start: number;
  nameStart: number;
  nameEnd: number;
  /** Offset just after the start tag's '>' (or where the start tag was cut off). */
  startTagEnd: number;
  /** The start tag ended with '>' or '/>'. */
  startTagClosed: boolean;
  selfClosing: boolean;
  /** Offset of '</' of the matching end tag, if any. */
  endTagStart: number | undefined;
  /** Offset just after the element (end tag, self-closing tag, or where recovery closed it). */
  end: number;
  /** Closed by its own end tag or self-closing. */
  closed: boolean;
  attributes: XmlAttribute[];
  children: XmlElement[];
  texts: XmlText[];
  parent: XmlElement | undefined;
  depth: number;
}

export type XmlProblemCode =
  | 'xml-unclosed-start-tag'
  | 'xml-missing-end-tag'
  | 'xml-unmatched-end-tag'
  | 'xml-malformed-end-tag'
  | 'xml-unclosed-quote'
  | 'xml-attribute-no-value'
  | 'xml-attribute-unquoted'
  | 'xml-attribute-duplicate'
  | 'xml-attribute-space'
  | 'xml-invalid-name'
  | 'xml-invalid-char'
  | 'xml-unclosed-comment'
  | 'xml-unclosed-cdata'
  | 'xml-unclosed-pi'
  | 'xml-unclosed-doctype'
  | 'xml-doctype'
  | 'xml-entity-undefined'
  | 'xml-entity-bare-ampersand'
  | 'xml-multiple-roots'
  | 'xml-content-outside-root'
  | 'xml-no-root'
  | 'xml-misplaced-declaration'
  | 'xml-too-deep';

export interface XmlProblem {
  code: XmlProblemCode;
  start: number;
  end: number;
  message: string;
}

export interface XmlDocument {
  text: string;
  /** Top-level elements in order; a well-formed document has exactly one. */
  roots: XmlElement[];
  problems: XmlProblem[];
  /** A DOCTYPE was present (its internal subset is never processed). */
  hasDoctype: boolean;
}

/** The first top-level element, if any. */
export function rootOf(doc: XmlDocument): XmlElement | undefined {
  return doc.roots[0];
}

/** The attribute called `name`, or undefined (first one wins when duplicated). */
export function getAttribute(el: XmlElement, name: string): XmlAttribute | undefined {
  for (const a of el.attributes) if (a.name === name) return a;
  return undefined;
}

/** The decoded value of attribute `name`, or undefined when absent or valueless. */
export function attributeValue(el: XmlElement, name: string): string | undefined {
  const a = getAttribute(el, name);
  return a?.value === undefined ? undefined : decodeEntities(a.value);
}

/** Child elements called `name`, in order. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The first child element called `name`. */
export function firstChild(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

/** The element's text content, decoded, with CDATA kept verbatim. */
export function textContent(el: XmlElement): string {
  let s = '';
  for (const t of el.texts) s += t.cdata ? t.raw : decodeEntities(t.raw);
  return s;
}

/**
 * The range of the element's text, trimmed of surrounding whitespace; for an
 * empty element, the empty range just after the start tag.
 */
export function textRange(el: XmlElement): { start: number; end: number } {
  let start = -1;
  let end = -1;
  for (const t of el.texts) {
    const raw = t.raw;
    let i = 0;
    while (i < raw.length && isSpace(raw.charCodeAt(i))) i++;
    if (i === raw.length) continue;
    let j = raw.length;
    while (j > i && isSpace(raw.charCodeAt(j - 1))) j--;
    if (start < 0) start = t.start + i;
    end = t.start + j;
  }
  if (start >= 0) return { start, end };
  const first = el.texts[0];
  if (first) {
    let i = 0;
    while (i < first.raw.length && isSpace(first.raw.charCodeAt(i))) i++;
    return { start: first.start + i, end: first.start + i };
  }
  const at = el.startTagClosed && !el.selfClosing ? el.startTagEnd : el.nameEnd;
  return { start: at, end: at };
}

/** The slash-separated element names from the root down to `el`, e.g. "domain/cpu/feature". */
export function elementPath(el: XmlElement): string {
  const names: string[] = [];
  for (let e: XmlElement | undefined = el; e; e = e.parent) names.push(e.name);
  return names.reverse().join('/');
}

/**
 * The innermost element whose extent contains `offset` (start inclusive, end
 * exclusive; an unclosed element extends to its recovery end). Iterative.
 */
export function findElementAt(doc: XmlDocument, offset: number): XmlElement | undefined {
  let list = doc.roots;
  let found: XmlElement | undefined;
  for (;;) {
    const next = findContaining(list, offset);
    if (!next) return found;
    found = next;
    list = next.children;
  }
}

function findContaining(list: XmlElement[], offset: number): XmlElement | undefined {
  // Binary search: siblings are in source order and do not overlap.
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = list[mid];
    if (offset < e.start) hi = mid - 1;
    else if (offset >= e.end && !(offset === e.end && !e.closed)) lo = mid + 1;
    else {
      // A start tag cut off by the next tag ends where that sibling begins: at
      // that offset the cut-off element wins (the cursor is still typing it).
      const prev = list[mid - 1];
      return prev && !prev.closed && prev.end === offset && e.start === offset ? prev : e;
    }
  }
  return undefined;
}

/** The attribute of `el` whose name or value contains `offset` (value end inclusive). */
export function findAttributeAt(el: XmlElement, offset: number): XmlAttribute | undefined {
  for (const a of el.attributes) {
    if (offset >= a.nameStart && offset <= a.nameEnd) return a;
    if (a.valueStart >= 0 && offset >= a.valueStart && offset <= a.valueEnd) return a;
  }
  return undefined;
}

/** Visits every element in document order without recursion; return false from `visit` to skip children. */
export function walkElements(doc: XmlDocument, visit: (el: XmlElement) => boolean | void): void {
  const stack: XmlElement[] = [];
  for (let i = doc.roots.length - 1; i >= 0; i--) stack.push(doc.roots[i]);
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (visit(el) === false) continue;
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]);
  }
}

const namedEntities: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/**
 * Decodes the five predefined entities and numeric character references;
 * anything else (undefined entities, a bare '&') is kept as written.
 */
export function decodeEntities(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) break;
    out += raw.slice(i, amp);
    // A reference body is at most 11 characters (&#x10FFFF;): look no further for its ';'.
    const near = raw.slice(amp + 1, amp + 13).indexOf(';');
    const semi = near < 0 ? -1 : amp + 1 + near;
    const body = semi > amp ? raw.slice(amp + 1, semi) : undefined;
    const decoded = body === undefined ? undefined : decodeReference(body);
    if (decoded === undefined) {
      out += '&';
      i = amp + 1;
    } else {
      out += decoded;
      i = semi + 1;
    }
  }
  return out + raw.slice(i);
}

/** The text of one reference body (without '&' and ';'), or undefined if it is not predefined or numeric. */
export function decodeReference(body: string): string | undefined {
  if (body.charCodeAt(0) === 35 /* # */) {
    const hex = body.charCodeAt(1) === 120 /* x */;
    const digits = body.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
    const code = parseInt(digits, hex ? 16 : 10);
    if (!isXmlChar(code)) return undefined;
    return String.fromCodePoint(code);
  }
  return namedEntities.get(body);
}

/** XML 1.0 Char production. */
export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
