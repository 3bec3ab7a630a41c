// A tolerant, offset-aware XML parser: one linear pass over the text builds the
// element tree and collects well-formedness problems. It never throws, never
// recurses, never expands entities and never looks at DOCTYPE contents.

import {
  decodeReference,
  isSpace,
  type XmlAttribute,
  type XmlDocument,
  type XmlElement,
  type XmlProblem,
  type XmlProblemCode,
} from './nodes';

export interface ParseOptions {
  /** Depth above which one `xml-too-deep` problem is reported (the tree is still built). Default 256. */
  maxDepth?: number;
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQ = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const SEMI = 59;

/** True for characters that may start an XML name (ASCII letters, '_', ':' and anything non-ASCII). */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0x80;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/**
 * Attributes of the start tag being read. Collected here and copied into an exact-size
 * array per element: the first push into a fresh [] reserves 16 slots, mostly wasted on a
 * tag's usual one to three attributes, and that waste was young-generation garbage-collector
 * work on every parse (docs/performance.md).
 */
const attributeScratch: XmlAttribute[] = [];
/**
 * Element and attribute names seen lately, shared by every parse: a direct-mapped
 * table indexed by a hash that scanName computes as it reads the name, so a
 * name met before costs a compare instead of a slice and a Map lookup (with
 * the per-document Map it replaced, parsing took 61 µs a file of the bench's
 * 5,000; with it, 54). Entries are flat copies, never slices, so the table
 * holds no document's text; it is bounded (4,096 names of at most 64 characters).
 */
const nameTableBits = 12;
const nameTable: Array<string | undefined> = new Array(1 << nameTableBits).fill(undefined);
/** Names longer than this are not kept (a document could fill the table with huge ones). */
const maxTabledName = 64;

/** A copy of `s` that refers to no other string (V8 makes slices of 13+ characters views of their parent). */
function flatCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

const invalidChars = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const maxCharProblems = 20;

/**
 * Parses `text` into a tree plus problems. Malformed input yields a best-effort
 * tree: a start tag cut off by '<' or the end of input becomes an empty element,
 * an end tag closes the nearest open element of the same name, and whatever is
 * still open at the end is closed there.
 */
export function parseXml(text: string, options: ParseOptions = {}): XmlDocument {
  return new Parser(text, options.maxDepth ?? 256).parse();
}

class Parser {
  private readonly problems: XmlProblem[] = [];
  private readonly roots: XmlElement[] = [];
  private readonly stack: XmlElement[] = [];
  /** How many elements of each name are open: lets a stray end tag be rejected without walking the stack. */
  private readonly openCount = new Map<string, number>();
  /** Hash of the name the last scanName read (see nameTable). */
  private nameHash = 0;
  private hasDoctype = false;
  private reportedDepth = false;
  private reportedOutside = false;
  private pos = 0;
  /** Offset of the next '&' at or after the last reference check (-1: none left; -2: not searched yet). */
  private nextAmp = -2;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parse(): XmlDocument {
    const { text } = this;
    const len = text.length;
    while (this.pos < len) {
      const lt = text.indexOf('<', this.pos);
      const contentEnd = lt < 0 ? len : lt;
      if (contentEnd > this.pos) this.addText(this.pos, contentEnd, false);
      if (lt < 0) break;
      this.pos = lt;
      const c1 = text.charCodeAt(lt + 1);
      if (c1 === BANG) this.scanBang();
      else if (c1 === QUESTION) this.scanPi();
      else if (c1 === SLASH) this.scanEndTag();
      else this.scanStartTag();
    }
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const el = this.stack[i];
      el.end = len;
      this.report('xml-missing-end-tag', el.nameStart, el.nameEnd, `Element '${el.name}' is not closed: expected '</${el.name}>' before the end of the document.`);
    }
    if (this.roots.length === 0) this.report('xml-no-root', 0, 0, 'The document has no root element.');
    this.checkChars();
    this.problems.sort((a, b) => a.start - b.start || a.end - b.end);
    return { text, roots: this.roots, problems: this.problems, hasDoctype: this.hasDoctype };
  }

  /** The name scanName just read (`start`..`end`), as the one string already used for it when there is one. */
  private intern(start: number, end: number): string {
    const len = end - start;
    const slot = (this.nameHash ^ len) & ((1 << nameTableBits) - 1);
    const known = nameTable[slot];
    if (known !== undefined && known.length === len && this.text.startsWith(known, start)) return known;
    const s = this.text.slice(start, end);
    if (len > maxTabledName) return s;
    const flat = flatCopy(s);
    nameTable[slot] = flat;
    return flat;
  }

  private report(code: XmlProblemCode, start: number, end: number, message: string): void {
    this.problems.push({ code, start, end, message });
  }

  private get current(): XmlElement | undefined {
    return this.stack[this.stack.length - 1];
  }

  private addText(start: number, end: number, cdata: boolean): void {
    const parent = this.current;
    if (!cdata) this.checkReferences(start, end, false);
    if (parent) {
      parent.texts.push({ start, end, raw: this.text.slice(start, end), cdata });
      return;
    }
    let i = start;
    while (i < end && isSpace(this.text.charCodeAt(i))) i++;
    if (i < end && !this.reportedOutside) {
      this.reportedOutside = true;
      let j = end;
      while (j > i && isSpace(this.text.charCodeAt(j - 1))) j--;
      this.report('xml-content-outside-root', i, j, 'Text is not allowed outside the root element.');
    }
  }

  /**
   * Checks '&' references in text or an attribute value between `start` and
   * `end`. Calls come in document order, so the next '&' is remembered between
   * calls: each part of the text is searched once over the whole parse.
   */
  private checkReferences(start: number, end: number, inAttribute: boolean): void {
    const { text } = this;
    if (this.nextAmp !== -1 && this.nextAmp < start) this.nextAmp = text.indexOf('&', start);
    let amp = this.nextAmp;
    while (amp >= 0 && amp < end) {
      let i = amp + 1;
      const limit = Math.min(end, amp + 64);
      while (i < limit && text.charCodeAt(i) !== SEMI && (isNameChar(text.charCodeAt(i)) || text.charCodeAt(i) === 35)) i++;
      if (i >= end || text.charCodeAt(i) !== SEMI || i === amp + 1) {
        this.report(
          'xml-entity-bare-ampersand',
          amp,
          amp + 1,
          inAttribute ? "A bare '&' is not allowed in an attribute value: write '&amp;'." : "A bare '&' is not allowed in text: write '&amp;'.",
        );
      } else {
        const body = text.slice(amp + 1, i);
        if (decodeReference(body) === undefined) {
          if (body.charCodeAt(0) === 35) {
            this.report('xml-invalid-char', amp, i + 1, `'&${body};' is not a valid character reference.`);
          } else if (!this.hasDoctype) {
            this.report('xml-entity-undefined', amp, i + 1, `Entity '${body}' is not defined (only &lt; &gt; &amp; &quot; &apos; and numeric references are).`);
          }
        }
      }
      amp = text.indexOf('&', amp + 1);
    }
    this.nextAmp = amp;
  }

  /** `<!--`, `<![CDATA[`, `<!DOCTYPE` or a stray `<!`. */
  private scanBang(): void {
    const { text } = this;
    const start = this.pos;
    if (text.startsWith('<!--', start)) {
      const close = text.indexOf('-->', start + 4);
      if (close < 0) {
        this.report('xml-unclosed-comment', start, start + 4, "Comment is not closed: expected '-->'.");
        this.pos = text.length;
      } else {
        this.pos = close + 3;
      }
    } else if (text.startsWith('<![CDATA[', start)) {
      const close = text.indexOf(']]>', start + 9);
      const end = close < 0 ? text.length : close;
      if (close < 0) this.report('xml-unclosed-cdata', start, start + 9, "CDATA section is not closed: expected ']]>'.");
      if (this.current) this.addText(start + 9, end, true);
      else this.addText(start, end, false);
      this.pos = close < 0 ? text.length : close + 3;
    } else if (text.startsWith('<!DOCTYPE', start)) {
      this.scanDoctype(start);
    } else {
      this.report('xml-invalid-char', start, start + 2, "Unexpected '<!': expected a comment, CDATA section or DOCTYPE.");
      this.pos = start + 2;
    }
  }

  /** Skips a DOCTYPE, including an internal subset, without interpreting it. */
  private scanDoctype(start: number): void {
    const { text } = this;
    this.hasDoctype = true;
    let depth = 0;
    let quote = 0;
    let i = start + 9;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === LT && (text.startsWith('<!--', i) || text.charCodeAt(i + 1) === QUESTION)) {
        // Comments and processing instructions in the internal subset may hold quotes.
        const close = text.indexOf(text.charCodeAt(i + 1) === QUESTION ? '?>' : '-->', i + 2);
        if (close < 0) i = text.length;
        else i = close + 1;
      } else if (c === DQUOTE || c === SQUOTE) quote = c;
      else if (c === 91 /* [ */) depth++;
      else if (c === 93 /* ] */) depth = Math.max(0, depth - 1);
      else if (c === GT && depth === 0) break;
    }
    if (i >= text.length) {
      this.report('xml-unclosed-doctype', start, start + 9, "DOCTYPE is not closed: expected '>'.");
      this.pos = text.length;
      return;
    }
    this.report('xml-doctype', start, i + 1, 'DOCTYPE declaration: libvirt documents do not use one, and its entities and external references are ignored here.');
    this.pos = i + 1;
  }

  private scanPi(): void {
    const start = this.pos;
    const { text } = this;
    if (text.startsWith('<?xml', start) && (isSpace(text.charCodeAt(start + 5)) || text.charCodeAt(start + 5) === QUESTION)) {
      const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
      if (start !== bom) this.report('xml-misplaced-declaration', start, start + 5, 'The XML declaration is only allowed at the very start of the document.');
    }
    const close = this.text.indexOf('?>', start + 2);
    if (close < 0) {
      this.report('xml-unclosed-pi', start, start + 2, "Processing instruction is not closed: expected '?>'.");
      this.pos = this.text.length;
    } else {
      this.pos = close + 2;
    }
  }

  /** The end of the name starting at `from` (`from` itself when there is none); leaves its hash in nameHash. */
  private scanName(from: number): number {
    const { text } = this;
    let i = from;
    let h = 0;
    if (i < text.length) {
      let c = text.charCodeAt(i);
      if (isNameStart(c)) {
        for (;;) {
          h = (Math.imul(h, 31) + c) | 0;
          if (++i >= text.length) break;
          c = text.charCodeAt(i);
          if (!isNameChar(c)) break;
        }
      }
    }
    this.nameHash = h ^ (h >>> 15);
    return i;
  }

  private skipSpace(from: number): number {
    const { text } = this;
    let i = from;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    return i;
  }

  private scanEndTag(): void {
    const { text } = this;
    const start = this.pos;
    const nameStart = start + 2;
    const nameEnd = this.scanName(nameStart);
    const name = nameEnd > nameStart ? this.intern(nameStart, nameEnd) : '';
    let i = this.skipSpace(nameEnd);
    let end: number;
    if (text.charCodeAt(i) === GT) {
      end = i + 1;
    } else {
      // Missing '>': stop before the next '<' (or the end), skipping junk.
      let j = i;
      while (j < text.length && text.charCodeAt(j) !== GT && text.charCodeAt(j) !== LT) j++;
      const gotGt = j < text.length && text.charCodeAt(j) === GT;
      end = gotGt ? j + 1 : j;
      this.report(
        'xml-malformed-end-tag',
        start,
        Math.max(nameEnd, start + 2),
        name ? `End tag '</${name}' is malformed: expected '>'.` : "End tag has no name.",
      );
    }
    this.pos = end;
    if (!name) {
      if (text.charCodeAt(i) === GT) this.report('xml-malformed-end-tag', start, end, 'End tag has no name.');
      return;
    }
    if (!this.openCount.get(name)) {
      this.report('xml-unmatched-end-tag', start, end, `End tag '</${name}>' does not match any open element.`);
      return;
    }
    // Pop to the matching element; each element is popped once over the whole parse.
    for (;;) {
      const el = this.stack.pop()!;
      this.openCount.set(el.name, this.openCount.get(el.name)! - 1);
      if (el.name === name) {
        el.endTagStart = start;
        el.end = end;
        el.closed = true;
        return;
      }
      el.end = start;
      this.report('xml-missing-end-tag', el.nameStart, el.nameEnd, `Element '${el.name}' is not closed: expected '</${el.name}>' before '</${name}>'.`);
    }
  }

  private scanStartTag(): void {
    const start = this.pos;
    const nameStart = start + 1;
    const nameEnd = this.scanName(nameStart);
    if (nameEnd === nameStart) {
      this.report('xml-invalid-name', start, start + 1, "'<' must be followed by an element name; write '&lt;' for a literal '<'.");
      this.addText(start, start + 1, false);
      this.pos = start + 1;
      return;
    }
    const parent = this.current;
    const el: XmlElement = {
      name: this.intern(nameStart, nameEnd),
      start,
      nameStart,
      nameEnd,
      startTagEnd: nameEnd,
      startTagClosed: false,
      selfClosing: false,
      endTagStart: undefined,
      end: nameEnd,
      closed: false,
      attributes: [],
      children: [],
      texts: [],
      parent,
      depth: this.stack.length,
    };
    if (parent) parent.children.push(el);
    else {
      if (this.roots.length > 0) this.report('xml-multiple-roots', nameStart, nameEnd, `A document has one root element; '<${el.name}>' is a second one.`);
      this.roots.push(el);
    }
    if (el.depth >= this.maxDepth && !this.reportedDepth) {
      this.reportedDepth = true;
      this.report('xml-too-deep', nameStart, nameEnd, `Excessive depth in document: elements are nested more than ${this.maxDepth} levels deep (libxml2's limit).`);
    }
    this.scanAttributes(el);
    if (!el.startTagClosed) {
      el.end = el.startTagEnd;
      return;
    }
    if (el.selfClosing) {
      el.closed = true;
      el.end = el.startTagEnd;
      return;
    }
    this.stack.push(el);
    this.openCount.set(el.name, (this.openCount.get(el.name) ?? 0) + 1);
  }

  /** Reads attributes up to '>' or '/>'; stops early (tag cut off) at '<' or the end of input. */
  private scanAttributes(el: XmlElement): void {
    const { text } = this;
    const len = text.length;
    let i = el.nameEnd;
    let seen: Set<string> | undefined;
    const attrs = attributeScratch;
    for (;;) {
      const before = i;
      i = this.skipSpace(i);
      const c = text.charCodeAt(i);
      if (i >= len || c === LT) {
        el.startTagEnd = i;
        const last = attrs[attrs.length - 1];
        if (!last || last.valueClosed || last.quote === undefined) {
          this.report('xml-unclosed-start-tag', el.nameStart, el.nameEnd, `Start tag '<${el.name}' is not closed: expected '>' or '/>'.`);
        }
        break;
      }
      if (c === GT) {
        el.startTagEnd = i + 1;
        el.startTagClosed = true;
        break;
      }
      if (c === SLASH && text.charCodeAt(i + 1) === GT) {
        el.startTagEnd = i + 2;
        el.startTagClosed = true;
        el.selfClosing = true;
        break;
      }
      if (!isNameStart(c)) {
        this.report('xml-invalid-char', i, i + 1, `Unexpected character '${text[i]}' in start tag '<${el.name}'.`);
        i++;
        continue;
      }
      const nameStart = i;
      const nameEnd = this.scanName(i);
      const attr: XmlAttribute = {
        name: this.intern(nameStart, nameEnd),
        nameStart,
        nameEnd,
        value: undefined,
        valueStart: -1,
        valueEnd: -1,
        quote: undefined,
        valueClosed: false,
      };
      if (before === nameStart && attrs.length > 0) {
        this.report('xml-attribute-space', nameStart, nameEnd, `Attributes must be separated by whitespace (before '${attr.name}').`);
      }
      i = this.readAttributeValue(attr, nameEnd);
      // Linear search for the usual few attributes; a set once a tag has many.
      if (!seen && attrs.length >= 8) seen = new Set(attrs.map((a) => a.name));
      const dup = seen ? seen.has(attr.name) : attrs.some((a) => a.name === attr.name);
      if (dup) this.report('xml-attribute-duplicate', attr.nameStart, attr.nameEnd, `Attribute '${attr.name}' is given twice on '<${el.name}>'.`);
      attrs.push(attr);
      seen?.add(attr.name);
    }
    el.attributes = attrs.slice();
    if (attrs.length) attrs.length = 0;
    this.pos = el.startTagEnd;
  }

  /** Reads `= "value"` after an attribute name; returns the offset after it. */
  private readAttributeValue(attr: XmlAttribute, nameEnd: number): number {
    const { text } = this;
    const len = text.length;
    let i = this.skipSpace(nameEnd);
    if (text.charCodeAt(i) !== EQ) {
      this.report('xml-attribute-no-value', attr.nameStart, attr.nameEnd, `Attribute '${attr.name}' has no value: write ${attr.name}='…'.`);
      return nameEnd;
    }
    i = this.skipSpace(i + 1);
    const q = text.charCodeAt(i);
    if (q === DQUOTE || q === SQUOTE) {
      attr.quote = q === DQUOTE ? '"' : "'";
      const vs = i + 1;
      let j = vs;
      // '<' cannot occur in a value: treat it as the end of a value whose quote was forgotten.
      while (j < len) {
        const c = text.charCodeAt(j);
        if (c === q || c === LT) break;
        j++;
      }
      attr.valueStart = vs;
      if (j < len && text.charCodeAt(j) === q) {
        attr.valueEnd = j;
        attr.valueClosed = true;
        attr.value = text.slice(vs, j);
        this.checkReferences(vs, j, true);
        return j + 1;
      }
      // Unclosed: the value runs to the end of its line, or to a '>' / '/>' on
      // that line, which then ends the tag (`<cpu mode='host-model>` keeps its children).
      let e = vs;
      while (e < j && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13 && text.charCodeAt(e) !== GT) e++;
      const tagEnd = e < j && text.charCodeAt(e) === GT;
      if (tagEnd && e > vs && text.charCodeAt(e - 1) === SLASH) e--;
      attr.valueEnd = e;
      attr.value = text.slice(vs, e);
      this.report('xml-unclosed-quote', i, e, `The value of attribute '${attr.name}' has no closing ${attr.quote === '"' ? 'double' : 'single'} quote.`);
      return tagEnd ? e : j;
    }
    // Unquoted value: read up to whitespace or the end of the tag.
    let j = i;
    while (j < len) {
      const c = text.charCodeAt(j);
      if (isSpace(c) || c === GT || c === LT || (c === SLASH && text.charCodeAt(j + 1) === GT)) break;
      j++;
    }
    attr.valueStart = i;
    attr.valueEnd = j;
    attr.value = text.slice(i, j);
    attr.valueClosed = true;
    this.report('xml-attribute-unquoted', attr.nameStart, j > i ? j : attr.nameEnd, `The value of attribute '${attr.name}' must be in quotes.`);
    return j;
  }

  /** Reports characters XML forbids anywhere (control characters, lone surrogates, U+FFFE/U+FFFF). */
  private checkChars(): void {
    invalidChars.lastIndex = 0;
    let count = 0;
    let m: RegExpExecArray | null;
    while ((m = invalidChars.exec(this.text)) !== null) {
      if (++count > maxCharProblems) break;
      const code = m[0].charCodeAt(0);
      this.report('xml-invalid-char', m.index, m.index + 1, `Character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML.`);
    }
  }
}
