// Validates an XML tree against one root of the grammar: a single iterative
// walk in document order applying the derivatives, reporting each mistake at
// the name, attribute or value it concerns, then recovering (skip an unknown
// element, accept a bad value or text, forgive missing content) so the rest of
// the document is still checked and one mistake gives one problem.

import { decodeEntities, isSpace, type XmlAttribute, type XmlDocument, type XmlElement } from '../xml/nodes';
import { describeChoices } from './describe';
import { attDeriv, blankDeriv, endTagDeriv, isWhitespace, qname, startTagCloseDeriv, startTagOpenDeriv, textDeriv, type QName } from './derive';
import { closeMatches } from './closeness';
import { attributeValueChoices, childElementNames, expectedAttributes, expectedElementPatterns, expectedElements, requiredNames, valueChoices } from './expect';
import { hardPatternLimit, Kind, nameClassNames, type Pattern, type PatternStore } from './patterns';

export type SchemaProblemCode =
  | 'schema-unknown-element'
  | 'schema-unknown-attribute'
  | 'schema-invalid-value'
  | 'schema-invalid-text'
  | 'schema-missing-attribute'
  | 'schema-missing-element';

export interface SchemaProblem {
  code: SchemaProblemCode;
  start: number;
  end: number;
  message: string;
  /** The element the problem is on. */
  element: XmlElement;
  /** For a misspelt name or value: what was written, and the names/values allowed there (did-you-mean candidates). */
  written?: string;
  candidates?: string[];
}

/** Past this many problems in one document validation stops (the first ones are what a person reads). */
export const maxProblems = 1000;

export interface SchemaResult {
  problems: SchemaProblem[];
  /** True when validation stopped at `maxProblems`. */
  truncated?: boolean;
  /** False when validation stopped early (the document drove the engine past its memory bound). */
  complete: boolean;
}


const XMLNS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

interface Frame {
  el: XmlElement;
  /** State inside the element (an After pattern holding the parent's continuation). */
  state: Pattern;
  /** State of the parent before this element, for recovery. */
  before: Pattern;
  /** State right after the start tag (what the element's content may hold). */
  initial: Pattern;
  nextChild: number;
  nextText: number;
  /** A child was reported and skipped: missing content is then its consequence, not reported again. */
  skippedChild: boolean;
  /** A missing child was already reported for this element. */
  reportedMissing: boolean;
  /** How often recovery supposed a missing child here (bounded). */
  recoveries: number;
  /** Namespace bindings in scope (prefix → URI; '' is the default namespace). */
  ns: ReadonlyMap<string, string>;
}

/** Validates `xml`'s root element against the grammar's `rootName` start pattern. */
export function validateTree(s: PatternStore, xml: XmlDocument, rootName: string): SchemaResult {
  const problems: SchemaProblem[] = [];
  const root = xml.roots[0];
  const start = s.root(rootName);
  if (!root || !start) return { problems, complete: true };
  return new Walker(s, problems).run(root, start);
}

class Walker {
  private readonly nearMemo = new Map<Pattern, Map<string, string[]>>();

  constructor(
    private readonly s: PatternStore,
    private readonly problems: SchemaProblem[],
  ) {}

  run(root: XmlElement, start: Pattern): SchemaResult {
    const stack: Frame[] = [];
    const rootScope = new Map<string, string>([['xml', XML_NS]]);
    let docState = start;
    const opened = this.open(undefined, docState, root, rootScope);
    if (!opened) return { problems: this.problems, complete: true };
    stack.push(opened);
    while (stack.length > 0) {
      if (this.s.size > hardPatternLimit) return { problems: this.problems, complete: false };
      if (this.problems.length >= maxProblems) return { problems: this.problems, complete: true, truncated: true };
      const f = stack[stack.length - 1];
      const el = f.el;
      if (el.children.length === 0) {
        // Text-only (or empty) content is one text node, even when it is empty.
        this.text(f, this.collectText(f, el.end), true);
      } else if (f.nextChild < el.children.length) {
        const child = el.children[f.nextChild++];
        const seg = this.collectText(f, child.start);
        if (!isWhitespace(seg.text)) this.text(f, seg, false);
        const next = this.open(f, f.state, child, f.ns);
        if (next) stack.push(next);
        continue;
      } else {
        const seg = this.collectText(f, el.end);
        if (!isWhitespace(seg.text)) this.text(f, seg, false);
      }
      // End tag.
      stack.pop();
      let after = endTagDeriv(this.s, f.state);
      if (after.kind === Kind.NotAllowed) {
        if (!f.skippedChild && !f.reportedMissing) this.missingContent(f);
        after = endTagDeriv(this.s, f.state, true);
        if (after.kind === Kind.NotAllowed) after = f.before;
      }
      if (stack.length > 0) stack[stack.length - 1].state = after;
      else docState = after;
    }
    void docState;
    return { problems: this.problems, complete: true };
  }

  /** Start tag of `el` in state `p`: returns its frame, or undefined when the element is skipped. */
  private open(parent: Frame | undefined, p: Pattern, el: XmlElement, scope: ReadonlyMap<string, string>): Frame | undefined {
    const s = this.s;
    const ns = this.scope(el, scope);
    const qn = this.resolve(el.name, ns, true);
    let q = startTagOpenDeriv(s, p, qn);
    if (q.kind === Kind.NotAllowed && parent) {
      // Recovery, so that one mistake gives one problem:
      // 1. a misspelling of an element allowed here: report it, go on as if that element were there;
      // 2. allowed once a required element before it is supplied: report that one missing (once);
      // 3. else report it, and go on as if it were extra or stood for a required element missing here.
      const front = expectedElementPatterns(s, p);
      const near = this.nearNames(p, front, el.name);
      if (near.length > 0) {
        this.unknownElement(el, p, ns);
        parent.skippedChild = true;
        parent.state = this.consumeAs(p, front.filter((e) => nameClassNames(e.nc!).some((n) => n.local === near[0])), near[0]);
        return undefined;
      }
      // Only required elements are supposed missing, and only twice per parent: each supposition
      // widens the state, and a run of broken siblings must not multiply it (hostile input).
      let missing: Pattern[] = [];
      if (parent.recoveries < 2) {
        const required = new Set(requiredNames(s, contentFront(s, p), false));
        missing = front.filter((e) => nameClassNames(e.nc!).some((n) => required.has(n.local)));
      }
      const skipped = missing.length > 0 ? this.consumeAs(p, missing, '!') : s.notAllowed;
      const retry = skipped.kind === Kind.NotAllowed ? skipped : startTagOpenDeriv(s, skipped, qn);
      if (retry.kind !== Kind.NotAllowed) {
        if (!parent.skippedChild && !parent.reportedMissing) this.missingBefore(parent, p, el);
        parent.reportedMissing = true;
        parent.recoveries++;
        q = retry;
      } else {
        this.unknownElement(el, p, ns);
        parent.skippedChild = true;
        // An element the parent takes elsewhere (repeated, misplaced) is extra; any other may stand for a missing one.
        if (skipped.kind !== Kind.NotAllowed && !childElementNames(contentFront(s, parent.initial)).has(qn.key)) {
          parent.state = s.choice(p, skipped);
          parent.recoveries++;
        }
        return undefined;
      }
    } else if (q.kind === Kind.NotAllowed) {
      this.unknownElement(el, p, ns);
      return undefined;
    }
    let unknownAttribute = false;
    for (const a of el.attributes) {
      if (a.name.charCodeAt(0) === 120 /* x */ && (a.name === 'xmlns' || a.name.startsWith('xmlns:'))) continue;
      const aqn = this.resolve(a.name, ns, false);
      const value = attributeText(a);
      const r = attDeriv(s, q, aqn, value);
      if (r.kind !== Kind.NotAllowed) {
        q = r;
        continue;
      }
      const lenient = attDeriv(s, q, aqn, value, true);
      if (lenient.kind !== Kind.NotAllowed) {
        this.invalidValue(el, a, aqn, value, q);
        q = lenient;
      } else {
        this.unknownAttribute(el, a, q);
        unknownAttribute = true;
      }
    }
    let closed = startTagCloseDeriv(s, q);
    if (closed.kind === Kind.NotAllowed) {
      // A misspelt or misplaced attribute usually is the missing one: report it once.
      if (!unknownAttribute) this.missingAttributes(el, q);
      closed = startTagCloseDeriv(s, q, true);
      if (closed.kind === Kind.NotAllowed) return undefined;
    }
    return { el, state: closed, before: p, initial: closed, nextChild: 0, nextText: 0, skippedChild: false, reportedMissing: false, recoveries: 0, ns };
  }

  /** Names allowed in state `p` (whose element front is `front`) close to `name`; remembered per state and name, as a run of stray siblings asks again and again. */
  private nearNames(p: Pattern, front: readonly Pattern[], name: string): string[] {
    let byName = this.nearMemo.get(p);
    if (!byName) this.nearMemo.set(p, (byName = new Map()));
    let near = byName.get(name);
    if (!near) {
      near = closeMatches(name, front.flatMap((e) => nameClassNames(e.nc!).map((n) => n.local)));
      if (byName.size < 64) byName.set(name, near);
    }
    return near;
  }

  /** The state after any one of `elements` (start tag, end tag, content forgiven); notAllowed when none. */
  private consumeAs(p: Pattern, elements: readonly Pattern[], key: string): Pattern {
    const s = this.s;
    const memo = (p.skipMemo ??= new Map());
    const hit = memo.get(key);
    if (hit) return hit;
    let out = s.notAllowed;
    for (const e of elements.slice(0, 64)) {
      const names = nameClassNames(e.nc!);
      if (names.length === 0) continue;
      const opened = startTagOpenDeriv(s, p, qname(names[0].ns, names[0].local));
      out = s.choice(out, endTagDeriv(s, startTagCloseDeriv(s, opened, true), true));
    }
    if (memo.size < 64) memo.set(key, out);
    return out;
  }

  /** Text of `f.el` from its next unread text node up to `limit`, merged (comments and CDATA split nothing). */
  private collectText(f: Frame, limit: number): { text: string; start: number; end: number } {
    const texts = f.el.texts;
    let text = '';
    let start = -1;
    let end = -1;
    while (f.nextText < texts.length && texts[f.nextText].start < limit) {
      const t = texts[f.nextText++];
      const raw = t.raw.indexOf('\r') >= 0 ? t.raw.replace(/\r\n?/g, '\n') : t.raw;
      text += t.cdata ? raw : decodeEntities(raw);
      // Keep the trimmed range of the non-blank part for messages.
      let i = 0;
      while (i < t.raw.length && isSpace(t.raw.charCodeAt(i))) i++;
      if (i < t.raw.length) {
        let j = t.raw.length;
        while (j > i && isSpace(t.raw.charCodeAt(j - 1))) j--;
        if (start < 0) start = t.start + i;
        end = t.start + j;
      }
    }
    if (start < 0) {
      const at = f.el.startTagClosed && !f.el.selfClosing ? f.el.startTagEnd : f.el.nameEnd;
      start = end = at;
    }
    return { text, start, end };
  }

  /** A text node in frame `f`; `only`: the element has no child elements (whitespace may then also be data). */
  private text(f: Frame, seg: { text: string; start: number; end: number }, only: boolean): void {
    const s = this.s;
    if (only && isWhitespace(seg.text)) {
      f.state = blankDeriv(s, f.state, seg.text);
      return;
    }
    const d = textDeriv(s, f.state, seg.text);
    if (d.kind !== Kind.NotAllowed) {
      f.state = d;
      return;
    }
    const lenient = textDeriv(s, f.state, seg.text, true);
    const shown = seg.text.trim();
    if (lenient.kind !== Kind.NotAllowed) {
      const choices = valueChoices(contentFront(s, f.state));
      this.report({
        code: 'schema-invalid-text',
        start: seg.start,
        end: seg.end,
        element: f.el,
        message: `invalid content '${clip(shown)}' for ${f.el.name}; expected ${describeChoices(choices)}`,
        written: shown,
        candidates: choices.values,
      });
      f.state = lenient;
    } else {
      this.report({ code: 'schema-invalid-text', start: seg.start, end: seg.end, element: f.el, message: `text is not allowed in ${f.el.name}` });
    }
  }

  private unknownElement(el: XmlElement, p: Pattern, ns: ReadonlyMap<string, string>): void {
    const parent = el.parent;
    const expected = expectedElements(this.s, p, prefixesOf(ns));
    const where = parent ? ` in ${parent.name}` : ' as the root';
    const known = expected.includes(el.name);
    let message: string;
    if (expected.length === 0) message = `element ${el.name} is not allowed here${where}: ${parent ? parent.name + ' takes no more child elements' : 'wrong document kind'}`;
    else if (known) message = `element ${el.name} is not allowed here${where}`;
    else message = `element ${el.name} is not allowed here${where}; expected ${list(expected)}`;
    this.report({ code: 'schema-unknown-element', start: el.nameStart, end: el.nameEnd, element: el, message, written: el.name, candidates: expected });
  }

  private unknownAttribute(el: XmlElement, a: XmlAttribute, q: Pattern): void {
    const expected = expectedAttributes(q);
    const message = expected.length === 0 ? `attribute ${a.name} is not allowed on ${el.name}` : `attribute ${a.name} is not allowed on ${el.name}; expected ${list(expected)}`;
    this.report({ code: 'schema-unknown-attribute', start: a.nameStart, end: a.nameEnd, element: el, message, written: a.name, candidates: expected });
  }

  private invalidValue(el: XmlElement, a: XmlAttribute, qn: QName, value: string, q: Pattern): void {
    const choices = attributeValueChoices(q, qn.ns, qn.local);
    const start = a.valueStart >= 0 ? a.valueStart : a.nameStart;
    const end = a.valueStart >= 0 ? a.valueEnd : a.nameEnd;
    this.report({
      code: 'schema-invalid-value',
      start,
      end,
      element: el,
      message: `invalid value '${clip(value)}' for attribute ${a.name} of ${el.name}; expected ${describeChoices(choices)}`,
      written: value,
      candidates: choices.values,
    });
  }

  private missingAttributes(el: XmlElement, q: Pattern): void {
    const required = requiredNames(this.s, q, true).filter((n) => !el.attributes.some((a) => a.name === n));
    const message =
      required.length === 1
        ? `element ${el.name} is missing required attribute ${required[0]}`
        : required.length > 1
          ? `element ${el.name} is missing required attributes ${required.join(', ')}`
          : `element ${el.name} is missing an attribute; one of ${list(expectedAttributes(q))} is required`;
    this.report({ code: 'schema-missing-attribute', start: el.nameStart, end: el.nameEnd, element: el, message });
  }

  private missingBefore(f: Frame, p: Pattern, next: XmlElement): void {
    const s = this.s;
    const front = contentFront(s, p);
    const next1 = new Set(expectedElementPatterns(s, front).flatMap((e) => nameClassNames(e.nc!).map((n) => n.local)));
    const required = requiredNames(s, front, false).filter((n) => next1.has(n));
    const el = f.el;
    const what = required.length > 0 ? `required ${required.length === 1 ? 'child' : 'children'} ${required.join(', ')}` : `one of ${list(expectedElements(s, front, prefixesOf(f.ns)))}`;
    this.report({ code: 'schema-missing-element', start: el.nameStart, end: el.nameEnd, element: el, message: `element ${el.name} is missing ${what} before ${next.name}` });
  }

  private missingContent(f: Frame): void {
    const s = this.s;
    const front = contentFront(s, f.state);
    const required = requiredNames(s, front, false);
    const el = f.el;
    let message: string;
    if (required.length > 0) message = `element ${el.name} is incomplete; missing required ${required.length === 1 ? 'child' : 'children'} ${required.join(', ')}`;
    else {
      const elements = expectedElements(s, front, prefixesOf(f.ns));
      const choices = valueChoices(front);
      if (elements.length > 0) message = `element ${el.name} is incomplete; expected one of ${list(elements)}`;
      else if (choices.values.length > 0 || choices.data.length > 0) message = `element ${el.name} needs a value: ${describeChoices(choices)}`;
      else message = `element ${el.name} is incomplete`;
    }
    this.report({ code: 'schema-missing-element', start: el.nameStart, end: el.nameEnd, element: el, message });
  }

  private report(p: SchemaProblem): void {
    this.problems.push(p);
  }

  private scope(el: XmlElement, parent: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
    let out: Map<string, string> | undefined;
    const attributes = el.attributes;
    for (let i = 0; i < attributes.length; i++) {
      const a = attributes[i];
      if (a.name.charCodeAt(0) === 120 /* x */ && (a.name === 'xmlns' || a.name.startsWith('xmlns:'))) {
        out ??= new Map(parent);
        out.set(a.name === 'xmlns' ? '' : a.name.slice(6), attributeText(a));
      }
    }
    return out ?? parent;
  }

  private resolve(name: string, ns: ReadonlyMap<string, string>, isElement: boolean): QName {
    const colon = name.indexOf(':');
    if (colon < 0) return qname(isElement ? (ns.get('') ?? '') : '', name);
    const prefix = name.slice(0, colon);
    if (prefix === 'xmlns') return qname(XMLNS, name.slice(colon + 1));
    // An undeclared prefix: a namespace error in libxml2 too; give it a namespace no grammar names.
    return qname(ns.get(prefix) ?? `undeclared:${prefix}`, name.slice(colon + 1));
  }
}

/** The content part of a frame state: the left sides of its After patterns. */
export function contentFront(s: PatternStore, p: Pattern): Pattern {
  if (p.kind === Kind.After) return p.a!;
  if (p.kind !== Kind.Choice) return p;
  let out = s.notAllowed;
  for (const m of p.members!) out = s.choice(out, contentFront(s, m));
  return out;
}

/** An attribute's value as XML gives it to validation: literal whitespace normalised to spaces, then references decoded. */
function attributeText(a: XmlAttribute): string {
  const raw = a.value ?? '';
  return decodeEntities(/[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw);
}

function prefixesOf(ns: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [prefix, uri] of ns) if (prefix !== '' && !out.has(uri)) out.set(uri, prefix);
  return out;
}

function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

/** "a, b or c", at most 12 names then "…". */
export function list(names: readonly string[]): string {
  const shown = names.length > 12 ? [...names.slice(0, 12), `… (${names.length} in all)`] : names;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
