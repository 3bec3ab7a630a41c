// What the grammar allows at a place in a document, from states computed along
// the path to it: the elements that may come next in a parent, the
// attributes an element may still take (given the ones it has, so <source>
// under <disk type='file'> differs from type='network'), the values of an
// attribute or a text. Completion and hover are built on these.

import type { XmlAttribute, XmlDocument, XmlElement } from '../xml/nodes';
import { decodeEntities } from '../xml/nodes';
import { attDeriv, endTagDeriv, qname, startTagCloseDeriv, startTagOpenDeriv, textDeriv } from './derive';
import { attributeValueChoices, expectedAttributes, expectedElementPatterns, requiredNames, valueChoices, type ValueChoices } from './expect';
import type { Grammar } from './grammar';
import { Kind, nameClassNames, walkLeaves, type Pattern, type PatternStore } from './patterns';
import { contentFront } from './validate';

/** The grammar states at any element of one document. */
export interface SchemaView {
  store: PatternStore;
  /** The schema file of the document's root ('domain.rng'). */
  file: string;
  /** The parent's state just before `el`. */
  before(el: XmlElement): Pattern | undefined;
  /** After `el`'s start-tag name: what attributes it may take (undefined: not allowed there). */
  opened(el: XmlElement): Pattern | undefined;
  /** After `el`'s start tag: what its content may be. */
  inside(el: XmlElement): Pattern | undefined;
  /** After `el`'s last child. */
  end(el: XmlElement): Pattern | undefined;
}

/**
 * The grammar's view of `xml`: states computed on demand along the path to what
 * is asked, stepping over earlier siblings by name and attributes only (their
 * content forgiven), so a completion costs the siblings on the way, not the
 * whole document. Undefined when the grammar has no such root.
 */
export function schemaView(grammar: Grammar, xml: XmlDocument): SchemaView | undefined {
  const root = xml.roots[0];
  const file = root && grammar.rootFile(root.name);
  if (!root || !file) return undefined;
  return new LazyView(grammar.store(), file, root);
}

class LazyView implements SchemaView {
  private readonly childStates = new Map<XmlElement, Pattern[]>();
  private readonly insideMemo = new Map<XmlElement, Pattern | null>();

  constructor(
    readonly store: PatternStore,
    readonly file: string,
    private readonly root: XmlElement,
  ) {}

  before(el: XmlElement): Pattern | undefined {
    const parent = el.parent;
    if (!parent) return el === this.root ? this.store.root(this.root.name) : undefined;
    const states = this.statesOf(parent);
    const i = parent.children.indexOf(el);
    return states && i >= 0 ? states[i] : undefined;
  }

  opened(el: XmlElement): Pattern | undefined {
    const before = this.before(el);
    if (!before) return undefined;
    const q = startTagOpenDeriv(this.store, before, qualified(el, el.name, true));
    return q.kind === Kind.NotAllowed ? undefined : q;
  }

  inside(el: XmlElement): Pattern | undefined {
    const hit = this.insideMemo.get(el);
    if (hit !== undefined) return hit ?? undefined;
    const s = this.store;
    let q = this.opened(el);
    let out: Pattern | undefined;
    if (q) {
      q = withAttributes(s, q, el, undefined);
      const closed = startTagCloseDeriv(s, q);
      out = closed.kind !== Kind.NotAllowed ? closed : startTagCloseDeriv(s, q, true);
      if (out.kind === Kind.NotAllowed) out = undefined;
    }
    this.insideMemo.set(el, out ?? null);
    return out;
  }

  end(el: XmlElement): Pattern | undefined {
    const states = this.statesOf(el);
    return states?.[states.length - 1];
  }

  /** The states before each child of `el` and after the last (computed once per element). */
  private statesOf(el: XmlElement): Pattern[] | undefined {
    const hit = this.childStates.get(el);
    if (hit) return hit;
    const start = this.inside(el);
    if (!start) return undefined;
    const s = this.store;
    const out = [start];
    let p = start;
    for (const child of el.children) {
      let q = startTagOpenDeriv(s, p, qualified(child, child.name, true));
      if (q.kind !== Kind.NotAllowed) {
        q = withAttributes(s, q, child, undefined);
        // Content forgiven: only the name and attributes decide which branch the parent is in.
        p = endTagDeriv(s, startTagCloseDeriv(s, q, true), true);
      }
      out.push(p);
    }
    this.childStates.set(el, out);
    return out;
  }
}

/** `el`'s name resolved with the xmlns declarations on it and its ancestors. */
function qualified(el: XmlElement, name: string, isElement: boolean) {
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  if (colon < 0 && !isElement) return qname('', name);
  const local = colon < 0 ? name : name.slice(colon + 1);
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    for (const a of e.attributes) {
      if (prefix === '' ? a.name === 'xmlns' : a.name === `xmlns:${prefix}`) return qname(decodeEntities(a.value ?? ''), local);
    }
  }
  return qname(prefix === '' ? '' : `undeclared:${prefix}`, local);
}

/** `q` after `el`'s attributes other than `except` (a bad value forgiven, an unknown attribute skipped). */
function withAttributes(s: PatternStore, q: Pattern, el: XmlElement, except: XmlAttribute | undefined): Pattern {
  for (const a of el.attributes) {
    if (a === except || (except && a.nameStart === except.nameStart) || a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    const qn = qualified(el, a.name, false);
    const value = decodeEntities(a.value ?? '');
    const r = attDeriv(s, q, qn, value);
    const next: Pattern = r.kind !== Kind.NotAllowed ? r : attDeriv(s, q, qn, value, true);
    if (next.kind !== Kind.NotAllowed) q = next;
  }
  return q;
}

export interface ElementChoice {
  name: string;
  /** Attributes every variant of it requires. */
  requiredAttributes: string[];
  /** It can be empty (written self-closing). */
  canBeEmpty: boolean;
  /** The parent needs it (every way of completing the parent includes it). */
  required: boolean;
}

/** The elements that may come at `offset` in `parent`'s content (after the children before it). */
export function elementChoices(view: SchemaView, parent: XmlElement, offset: number): ElementChoice[] {
  const state = stateAt(view, parent, offset);
  if (!state) return [];
  return elementChoicesIn(view.store, state);
}

/** The elements that may come instead of `el` (its parent's state before it). */
export function elementChoicesFor(view: SchemaView, el: XmlElement): ElementChoice[] {
  const state = view.before(el);
  return state ? elementChoicesIn(view.store, state) : [];
}

const choicesMemo = new WeakMap<Pattern, ElementChoice[]>();

function elementChoicesIn(s: PatternStore, state: Pattern): ElementChoice[] {
  const hit = choicesMemo.get(state);
  if (hit) return hit;
  const out = computeElementChoices(s, state);
  choicesMemo.set(state, out);
  return out;
}

function computeElementChoices(s: PatternStore, state: Pattern): ElementChoice[] {
  const required = new Set(requiredNames(s, contentFront(s, state), false));
  const byName = new Map<string, ElementChoice>();
  for (const el of expectedElementPatterns(s, state)) {
    for (const n of nameClassNames(el.nc!)) {
      if (n.ns !== '') continue; // foreign-namespace elements need a prefix the document chooses
      const opened = startTagOpenDeriv(s, state, qname(n.ns, n.local));
      const attrs = requiredNames(s, opened, true);
      const closed = startTagCloseDeriv(s, opened, true);
      // Empty content is one empty text node (which whitespace rules also let be nothing).
      const canBeEmpty = endTagDeriv(s, s.choice(closed, textDeriv(s, closed, ''))).kind !== Kind.NotAllowed;
      const prev = byName.get(n.local);
      if (prev) {
        prev.requiredAttributes = prev.requiredAttributes.filter((a) => attrs.includes(a));
        prev.canBeEmpty ||= canBeEmpty;
      } else byName.set(n.local, { name: n.local, requiredAttributes: [...attrs], canBeEmpty, required: required.has(n.local) });
    }
  }
  return [...byName.values()].sort((a, b) => Number(b.required) - Number(a.required) || (a.name < b.name ? -1 : 1));
}

/** The state of `parent`'s content at `offset`: before the first child starting at or after it, else at the end. */
function stateAt(view: SchemaView, parent: XmlElement, offset: number): Pattern | undefined {
  for (const child of parent.children) {
    if (child.start >= offset || (offset > child.start && offset <= child.nameEnd)) return view.before(child);
  }
  return view.end(parent);
}

/** The state after `el`'s start-tag name and its attributes other than `except` (bad values forgiven). */
function attributesState(view: SchemaView, el: XmlElement, except: XmlAttribute | undefined): Pattern | undefined {
  const opened = view.opened(el);
  return opened ? withAttributes(view.store, opened, el, except) : undefined;
}

export interface AttributeChoices {
  /** Attributes it may still take, required first. */
  names: string[];
  required: Set<string>;
}

/** The attributes `el` may still take, given its others (`except`: the one being typed). */
export function attributeChoices(view: SchemaView, el: XmlElement, except?: XmlAttribute): AttributeChoices {
  const q = attributesState(view, el, except);
  if (!q) return { names: [], required: new Set() };
  const present = new Set(el.attributes.filter((a) => a !== except && (!except || a.nameStart !== except.nameStart)).map((a) => a.name));
  const required = new Set(requiredNames(view.store, q, true).filter((n) => !present.has(n)));
  const names = expectedAttributes(q).filter((n) => !present.has(n));
  names.sort((a, b) => Number(required.has(b)) - Number(required.has(a)) || (a < b ? -1 : 1));
  return { names, required };
}

/** What the value of attribute `name` on `el` may be, given its other attributes. */
export function attributeValues(view: SchemaView, el: XmlElement, name: string, self?: XmlAttribute): ValueChoices | undefined {
  const q = attributesState(view, el, self);
  if (!q) return undefined;
  const c = attributeValueChoices(q, '', name);
  return c.values.length || c.data.length || c.text ? c : undefined;
}

/** Whether `el` (as its start tag stands) must have attribute `name`. */
export function attributeRequired(view: SchemaView, el: XmlElement, self: XmlAttribute): boolean {
  const q = attributesState(view, el, self);
  return q !== undefined && requiredNames(view.store, q, true).includes(self.name);
}

/** What `el`'s text may be (when its content is a value). */
export function textValues(view: SchemaView, el: XmlElement): ValueChoices | undefined {
  const inside = view.inside(el);
  if (!inside) return undefined;
  const c = valueChoices(contentFront(view.store, inside));
  return c.values.length || c.data.length ? c : undefined;
}

/** The children `el` may have at all, and which of them it needs (for hover). */
export function childSummary(view: SchemaView, el: XmlElement): { children: string[]; required: string[] } {
  const inside = view.inside(el);
  if (!inside) return { children: [], required: [] };
  const s = view.store;
  const front = contentFront(s, inside);
  const names = new Set<string>();
  collectChildNames(front, names);
  return { children: [...names].sort(), required: [...requiredNames(s, front, false)] };
}

function collectChildNames(p: Pattern, out: Set<string>): void {
  walkLeaves(p, (q) => {
    if (q.kind === Kind.Element) for (const n of nameClassNames(q.nc!)) if (n.ns === '') out.add(n.local);
  });
}

/** Whether the parent of `el` needs it. */
export function elementRequired(view: SchemaView, el: XmlElement): boolean {
  const before = view.before(el);
  return before !== undefined && requiredNames(view.store, contentFront(view.store, before), false).includes(el.name);
}
