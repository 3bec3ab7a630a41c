// What the grammar allows at an element path such as 'domain/cpu/topology',
// read off the grammar table without a document: the element's attributes
// (their values and datatypes, required or not), its child elements (required,
// repeatable) and its text. Same-named variants at one path read as one: a
// name is required when every variant requires it. The CPU-area table
// (domain/schema.ts) takes its structure from here; completion and hover of a
// real document use the states of assist.ts, which also know the siblings.

import { integerTypes } from './datatypes';
import type { DataParams, GrammarData, NameClassData, PatternData } from './format';

/** A datatype a value may have: its XSD type, the grammar define around it ('' when none), its facets. */
export interface DatatypeRef {
  type: string;
  define: string;
  params: DataParams;
}

/** What a value (an attribute's, or an element's text) may be. */
export interface ValueOutline {
  /** Enumerated values, in grammar order. */
  values: string[];
  data: DatatypeRef[];
  /** Free text. */
  text: boolean;
}

export interface AttributeOutline extends ValueOutline {
  name: string;
  /** Every variant of the element requires it. */
  required: boolean;
}

export interface ChildOutline {
  name: string;
  /** Every variant of the parent requires it. */
  required: boolean;
  /** It may occur more than once (it is inside a oneOrMore). */
  repeatable: boolean;
}

export interface ElementOutline {
  name: string;
  /** In grammar order. */
  attributes: AttributeOutline[];
  /** In grammar order. */
  children: ChildOutline[];
  /** The element's text content, when it has any. */
  text: ValueOutline | undefined;
}

/** One path's outline and, for the step below it, its child element patterns by name. */
interface AtPath {
  outline: ElementOutline | undefined;
  childElements: Map<string, number[]>;
}

interface Tables {
  paths: Map<string, AtPath>;
  /** Names a pattern requires ('@name' for attributes), by pattern index. */
  required: Map<number, ReadonlySet<string>>;
}

const tables = new WeakMap<GrammarData, Tables>();

function tablesOf(data: GrammarData): Tables {
  let t = tables.get(data);
  if (!t) tables.set(data, (t = { paths: new Map(), required: new Map() }));
  return t;
}

/**
 * The outline of the element at `path` (element names from the root joined by
 * '/', in the empty namespace); undefined when the grammar has no element
 * there or only ones whose content is notAllowed. Memoised per grammar; each
 * step reads the content of its parent's variants once.
 */
export function outlineAt(data: GrammarData, path: string): ElementOutline | undefined {
  return atPath(data, tablesOf(data), path).outline;
}

function atPath(data: GrammarData, t: Tables, path: string): AtPath {
  const hit = t.paths.get(path);
  if (hit) return hit;
  const cut = path.lastIndexOf('/');
  const name = path.slice(cut + 1);
  let elements: number[];
  if (cut < 0) {
    const root = Object.prototype.hasOwnProperty.call(data.roots, name) ? data.roots[name] : undefined;
    elements = [];
    if (root) walk(data, root.start, (i, d) => d[0] === 'el' && localNames(d[1]).includes(name) && elements.push(i));
  } else {
    elements = atPath(data, t, path.slice(0, cut)).childElements.get(name) ?? [];
  }
  const childElements = new Map<string, number[]>();
  const variants: ElementOutline[] = [];
  for (const el of elements) {
    const content = (data.patterns[el] as ['el', NameClassData, number])[2];
    if ((data.patterns[content] as PatternData)[0] !== 'N') variants.push(readContent(data, t, content, childElements));
  }
  const out: AtPath = { outline: variants.length > 0 ? merge(name, variants) : undefined, childElements };
  t.paths.set(path, out);
  return out;
}

/**
 * Visits every pattern reachable from `start` through choices, groups,
 * interleaves and repetitions, each once per `repeated` state, without entering
 * elements or attributes; `repeated`: inside a oneOrMore on the way.
 */
function walk(data: GrammarData, start: number, visit: (i: number, d: PatternData, repeated: boolean) => unknown): void {
  // Entries are pattern indices, or -1 - index inside a oneOrMore.
  const seen = new Set<number>();
  const stack = [start];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const repeated = key < 0;
    const i = repeated ? -1 - key : key;
    const d = data.patterns[i] as PatternData;
    switch (d[0]) {
      case 'c':
      case 'g':
      case 'i':
        for (let k = d.length - 1; k >= 1; k--) stack.push(repeated ? -1 - (d[k] as number) : (d[k] as number));
        break;
      case 'o':
        stack.push(-1 - d[1]);
        break;
      default:
        visit(i, d, repeated);
    }
  }
}

/** The plain names of a name class in the empty namespace (wildcards name none). */
function localNames(nc: NameClassData): string[] {
  if (nc[0] === 0) return [nc[1] as string];
  if (nc[0] === '|') return [...localNames(nc[1]), ...localNames(nc[2])];
  return [];
}

/** One variant's content: attributes and children with their required flags, and text; adds its child element patterns. */
function readContent(data: GrammarData, t: Tables, content: number, childElements: Map<string, number[]>): ElementOutline {
  const out: ElementOutline = { name: '', attributes: [], children: [], text: undefined };
  const required = requiredIn(data, t, content, 0);
  const attributes = new Map<string, AttributeOutline>();
  const children = new Map<string, ChildOutline>();
  walk(data, content, (i, d, repeated) => {
    switch (d[0]) {
      case 'at':
        for (const name of localNames(d[1])) {
          let a = attributes.get(name);
          if (!a) attributes.set(name, (a = { name, required: required.has(`@${name}`), values: [], data: [], text: false }));
          const into = a;
          walk(data, d[2], (_j, v) => addLeaf(v, into));
        }
        break;
      case 'el':
        for (const name of localNames(d[1])) {
          const c = children.get(name);
          if (c) c.repeatable ||= repeated;
          else children.set(name, { name, required: required.has(name), repeatable: repeated });
          const list = childElements.get(name);
          if (!list) childElements.set(name, [i]);
          else if (!list.includes(i)) list.push(i);
        }
        break;
      case 'T':
      case 'd':
      case 'v':
        addLeaf(d, (out.text ??= { values: [], data: [], text: false }));
        break;
    }
  });
  out.attributes = [...attributes.values()];
  out.children = [...children.values()];
  return out;
}

function addLeaf(d: PatternData, into: ValueOutline): void {
  if (d[0] === 'T') into.text = true;
  else if (d[0] === 'v') {
    if (!into.values.includes(d[2])) into.values.push(d[2]);
  } else if (d[0] === 'd') addData(into.data, { type: d[1], define: d[4], params: d[2] });
}

function addData(list: DatatypeRef[], ref: DatatypeRef): void {
  if (!list.some((x) => x.type === ref.type && x.define === ref.define && (x.params === ref.params || JSON.stringify(x.params) === JSON.stringify(ref.params)))) list.push(ref);
}

const none: ReadonlySet<string> = new Set();

/**
 * Names every match of pattern `i` contains ('@name' for attributes): a
 * choice needs what all its (allowed) branches need, a group or interleave
 * what any part needs. Elements are not entered; memoised per grammar.
 */
function requiredIn(data: GrammarData, t: Tables, i: number, depth: number): ReadonlySet<string> {
  const hit = t.required.get(i);
  if (hit) return hit;
  const d = data.patterns[i] as PatternData;
  // Outside elements the grammar is acyclic and shallow; the bound only guards a malformed table.
  if (depth > 500) return none;
  let r: ReadonlySet<string> = none;
  switch (d[0]) {
    case 'c': {
      let common: Set<string> | undefined;
      for (let k = 1; k < d.length; k++) {
        const m = d[k] as number;
        if ((data.patterns[m] as PatternData)[0] === 'N') continue;
        const x = requiredIn(data, t, m, depth + 1);
        if (!common) common = new Set(x);
        else for (const n of common) if (!x.has(n)) common.delete(n);
      }
      if (common && common.size > 0) r = common;
      break;
    }
    case 'g':
    case 'i': {
      const all = new Set<string>();
      for (let k = 1; k < d.length; k++) for (const n of requiredIn(data, t, d[k] as number, depth + 1)) all.add(n);
      if (all.size > 0) r = all;
      break;
    }
    case 'o':
      r = requiredIn(data, t, d[1], depth + 1);
      break;
    case 'at':
    case 'el':
      r = new Set(localNames(d[1]).map((n) => (d[0] === 'at' ? `@${n}` : n)));
      break;
  }
  t.required.set(i, r);
  return r;
}

/** Variants of one element at one path as one outline. */
function merge(name: string, variants: ElementOutline[]): ElementOutline {
  if (variants.length === 1) return { ...variants[0], name };
  const attributes = new Map<string, AttributeOutline>();
  const children = new Map<string, ChildOutline>();
  let text: ValueOutline | undefined;
  for (const v of variants) {
    for (const a of v.attributes) {
      const m = attributes.get(a.name);
      if (!m) attributes.set(a.name, { ...a, values: [...a.values], data: [...a.data] });
      else {
        for (const x of a.values) if (!m.values.includes(x)) m.values.push(x);
        for (const x of a.data) addData(m.data, x);
        m.text ||= a.text;
      }
    }
    for (const c of v.children) {
      const m = children.get(c.name);
      if (!m) children.set(c.name, { ...c });
      else m.repeatable ||= c.repeatable;
    }
    if (v.text) {
      text ??= { values: [], data: [], text: false };
      for (const x of v.text.values) if (!text.values.includes(x)) text.values.push(x);
      for (const x of v.text.data) addData(text.data, x);
      text.text ||= v.text.text;
    }
  }
  // Required at the path: in every variant.
  for (const a of attributes.values()) a.required = variants.every((v) => v.attributes.some((x) => x.name === a.name && x.required));
  for (const c of children.values()) c.required = variants.every((v) => v.children.some((x) => x.name === c.name && x.required));
  return { name, attributes: [...attributes.values()], children: [...children.values()], text };
}

/**
 * The inclusive bounds of an integer datatype, from its XSD type and its
 * facets; a side is undefined when unbounded or beyond a safe JS integer.
 */
export function integerRange(d: DatatypeRef): { min?: number; max?: number } {
  const implied = Object.prototype.hasOwnProperty.call(integerTypes, d.type) ? integerTypes[d.type] : [undefined, undefined];
  const exact = (s: string | undefined): bigint | undefined => (s !== undefined && /^[+-]?[0-9]+$/.test(s) ? BigInt(s) : undefined);
  let min = implied[0];
  let max = implied[1];
  const p = d.params;
  const minIn = exact(p.minInclusive) ?? (exact(p.minExclusive) !== undefined ? exact(p.minExclusive)! + 1n : undefined);
  const maxIn = exact(p.maxInclusive) ?? (exact(p.maxExclusive) !== undefined ? exact(p.maxExclusive)! - 1n : undefined);
  if (minIn !== undefined && (min === undefined || minIn > min)) min = minIn;
  if (maxIn !== undefined && (max === undefined || maxIn < max)) max = maxIn;
  const safe = (n: bigint | undefined) => (n !== undefined && n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined);
  return { min: safe(min), max: safe(max) };
}
