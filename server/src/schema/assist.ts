// What the grammar allows at a place in a document, read from the states one
// validation walk recorded: the elements that may come next in a parent, the
// attributes an element may still take (given the ones it has, so <source>
// under <disk type='file'> differs from type='network'), the values of an
// attribute or a text. Completion and hover are built on these.

import type { XmlAttribute, XmlDocument, XmlElement } from '../xml/nodes';
import { decodeEntities } from '../xml/nodes';
import { attDeriv, endTagDeriv, qname, startTagCloseDeriv, startTagOpenDeriv, textDeriv } from './derive';
import { attributeValueChoices, expectedAttributes, expectedElementPatterns, requiredNames, valueChoices, type ValueChoices } from './expect';
import type { Grammar } from './grammar';
import { Kind, nameClassNames, type Pattern, type PatternStore } from './patterns';
import { contentFront, type StateRecord } from './validate';

export interface SchemaView {
  store: PatternStore;
  states: StateRecord;
  /** The schema file of the document's root ('domain.rng'). */
  file: string;
}

/** The grammar's view of `xml` (validated once, shared with diagnostics); undefined when the grammar has no such root. */
export function schemaView(grammar: Grammar, xml: XmlDocument): SchemaView | undefined {
  const root = xml.roots[0];
  const file = root && grammar.rootFile(root.name);
  const analysis = file ? grammar.analyse(xml) : undefined;
  if (!file || !analysis) return undefined;
  return { store: analysis.store, states: analysis.states, file };
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
  const state = view.states.before.get(el);
  return state ? elementChoicesIn(view.store, state) : [];
}

function elementChoicesIn(s: PatternStore, state: Pattern): ElementChoice[] {
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
      } else byName.set(n.local, { name: n.local, requiredAttributes: attrs, canBeEmpty, required: required.has(n.local) });
    }
  }
  return [...byName.values()].sort((a, b) => Number(b.required) - Number(a.required) || (a.name < b.name ? -1 : 1));
}

/** The state of `parent`'s content at `offset`: before the first child starting at or after it, else at the end. */
function stateAt(view: SchemaView, parent: XmlElement, offset: number): Pattern | undefined {
  for (const child of parent.children) {
    if (child.start >= offset || (offset > child.start && offset <= child.nameEnd)) return view.states.before.get(child);
  }
  return view.states.end.get(parent) ?? view.states.inside.get(parent);
}

/** The state after `el`'s start-tag name and its attributes other than `except` (bad values forgiven). */
function attributesState(view: SchemaView, el: XmlElement, except: XmlAttribute | undefined): Pattern | undefined {
  const s = view.store;
  const opened = view.states.opened.get(el);
  if (!opened) return undefined;
  let q: Pattern = opened;
  for (const a of el.attributes) {
    if (a === except || a.name.startsWith('xmlns') || a.name.includes(':') || (except && a.nameStart === except.nameStart)) continue;
    const qn = qname('', a.name);
    const value = decodeEntities(a.value ?? '');
    const r = attDeriv(s, q, qn, value);
    const next: Pattern = r.kind !== Kind.NotAllowed ? r : attDeriv(s, q, qn, value, true);
    if (next.kind !== Kind.NotAllowed) q = next;
  }
  return q;
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
  const inside = view.states.inside.get(el);
  if (!inside) return undefined;
  const c = valueChoices(contentFront(view.store, inside));
  return c.values.length || c.data.length ? c : undefined;
}

/** The children `el` may have at all, and which of them it needs (for hover). */
export function childSummary(view: SchemaView, el: XmlElement): { children: string[]; required: string[] } {
  const inside = view.states.inside.get(el);
  if (!inside) return { children: [], required: [] };
  const s = view.store;
  const front = contentFront(s, inside);
  const names = new Set<string>();
  collectChildNames(front, names);
  return { children: [...names].sort(), required: requiredNames(s, front, false) };
}

function collectChildNames(p: Pattern, out: Set<string>): void {
  const seen = new Set<Pattern>();
  const stack = [p];
  while (stack.length > 0) {
    const q = stack.pop()!;
    if (seen.has(q)) continue;
    seen.add(q);
    if (q.kind === Kind.Element) {
      for (const n of nameClassNames(q.nc!)) if (n.ns === '') out.add(n.local);
    } else if (q.kind === Kind.Choice) stack.push(...q.members!);
    else if (q.kind === Kind.Group || q.kind === Kind.Interleave) stack.push(q.a!, q.b!);
    else if (q.kind === Kind.OneOrMore || q.kind === Kind.After) stack.push(q.a!);
  }
}

/** Whether the parent of `el` needs it. */
export function elementRequired(view: SchemaView, el: XmlElement): boolean {
  const before = view.states.before.get(el);
  return before !== undefined && requiredNames(view.store, contentFront(view.store, before), false).includes(el.name);
}
