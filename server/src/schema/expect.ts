// What a state allows next, read off its patterns without deriving: the
// elements that may start, the attributes still possible (and which of them
// every branch requires), the values an attribute or a text may take. Used for
// messages ("expected …"), did-you-mean, completion and hover.

import { Kind, nameClassNames, walkLeaves, type Pattern, type PatternStore } from './patterns';

/** Visits the patterns at the front of `p` for element starts (not inside elements). */
function forElementFront(p: Pattern, visit: (el: Pattern) => void): void {
  walkLeaves(
    p,
    (q) => {
      if (q.kind === Kind.Element) visit(q);
    },
    { front: true },
  );
}

/** Visits the attribute patterns still open in `p` (not inside elements). */
export function forAttributes(p: Pattern, visit: (att: Pattern) => void): void {
  walkLeaves(
    p,
    (q) => {
      if (q.kind === Kind.Attribute) visit(q);
    },
    { attributesOnly: true },
  );
}

function displayName(ns: string, local: string, prefixes?: ReadonlyMap<string, string>): string {
  if (ns === '') return local;
  const prefix = prefixes?.get(ns);
  return prefix ? `${prefix}:${local}` : local;
}

/** Is `el`'s content notAllowed (a placeholder such as privateData)? Such elements are never offered. */
function unusable(s: PatternStore, el: Pattern): boolean {
  return s.contentOf(el).kind === Kind.NotAllowed;
}

/** Names of the elements that may come next, sorted; `prefixes` maps namespace URIs to the document's prefixes. */
export function expectedElements(s: PatternStore, p: Pattern, prefixes?: ReadonlyMap<string, string>): string[] {
  // The answer depends on the state and the prefixes only: remembered (recovery asks again for every stray sibling).
  let key = '';
  if (prefixes) for (const [uri, prefix] of prefixes) key += `${prefix}=${uri} `;
  let byPrefixes = expectedNamesCache.get(p);
  if (!byPrefixes) expectedNamesCache.set(p, (byPrefixes = new Map()));
  let out = byPrefixes.get(key);
  if (!out) {
    const names = new Set<string>();
    for (const el of expectedElementPatterns(s, p)) for (const n of nameClassNames(el.nc!)) names.add(displayName(n.ns, n.local, prefixes));
    out = [...names].sort();
    if (byPrefixes.size < 8) byPrefixes.set(key, out);
  }
  return [...out];
}

const expectedNamesCache = new WeakMap<Pattern, Map<string, readonly string[]>>();

/** The element patterns that may come next (for completion: their content tells the required attributes). */
export function expectedElementPatterns(s: PatternStore, p: Pattern): Pattern[] {
  const hit = frontCache.get(p);
  if (hit) return hit;
  const out: Pattern[] = [];
  forElementFront(p, (el) => {
    if (!unusable(s, el)) out.push(el);
  });
  frontCache.set(p, out);
  return out;
}

const frontCache = new WeakMap<Pattern, Pattern[]>();
const childNamesCache = new WeakMap<Pattern, Set<string>>();

/** Every element name `p` allows anywhere among its children (not only next), with namespace. */
export function childElementNames(p: Pattern): Set<string> {
  const hit = childNamesCache.get(p);
  if (hit) return hit;
  const out = new Set<string>();
  childNamesCache.set(p, out);
  walkLeaves(p, (q) => {
    if (q.kind === Kind.Element) for (const n of nameClassNames(q.nc!)) out.add(n.ns === '' ? n.local : `{${n.ns}}${n.local}`);
  });
  return out;
}

/** Names of the attributes `p` still allows, sorted. */
export function expectedAttributes(p: Pattern): string[] {
  const names = new Set<string>();
  forAttributes(p, (a) => {
    for (const n of nameClassNames(a.nc!)) names.add(n.local);
  });
  return [...names].sort();
}

/**
 * Names every way of completing `p` still needs: intersected over the branches
 * of a choice, joined over groups and interleaves. `attributes` picks attribute
 * names, else element names.
 */
export function requiredNames(s: PatternStore, p: Pattern, attributes: boolean): readonly string[] {
  // Remembered per state: recovery asks again for every stray sibling in the same state.
  const cache = attributes ? requiredAttributesCache : requiredElementsCache;
  const hit = cache.get(p);
  if (hit) return hit;
  const names = computeRequiredNames(s, p, attributes);
  cache.set(p, names);
  return names;
}

const requiredAttributesCache = new WeakMap<Pattern, readonly string[]>();
const requiredElementsCache = new WeakMap<Pattern, readonly string[]>();

function computeRequiredNames(s: PatternStore, p: Pattern, attributes: boolean): readonly string[] {
  const memo = new Map<Pattern, Set<string>>();
  const walk = (q: Pattern, depth: number): Set<string> => {
    const hit = memo.get(q);
    if (hit) return hit;
    let r = new Set<string>();
    if (depth > 200) return r;
    switch (q.kind) {
      case Kind.Choice: {
        let first = true;
        for (const m of q.members!) {
          const x = walk(m, depth + 1);
          if (first) r = new Set(x);
          else for (const n of r) if (!x.has(n)) r.delete(n);
          first = false;
        }
        break;
      }
      case Kind.Group:
      case Kind.Interleave:
        r = new Set([...walk(q.a!, depth + 1), ...walk(q.b!, depth + 1)]);
        break;
      case Kind.OneOrMore:
      case Kind.After:
        r = walk(q.a!, depth + 1);
        break;
      case Kind.Attribute:
        if (attributes) for (const n of nameClassNames(q.nc!)) r.add(n.local);
        break;
      case Kind.Element:
        if (!attributes && !unusable(s, q)) for (const n of nameClassNames(q.nc!)) r.add(n.local);
        break;
    }
    memo.set(q, r);
    return r;
  };
  return [...walk(p, 0)].sort();
}

export interface ValueChoices {
  /** Enumerated values allowed. */
  values: string[];
  /** Datatypes allowed (with their define names), for "or a …" wording. */
  data: Array<{ type: string; define: string }>;
  /** Free text allowed. */
  text: boolean;
}

/** What text a value pattern (attribute value or element content) allows. */
export function valueChoices(p: Pattern): ValueChoices {
  const out: ValueChoices = { values: [], data: [], text: false };
  const values = new Set<string>();
  const data = new Map<string, { type: string; define: string }>();
  walkLeaves(
    p,
    (q) => {
      if (q.kind === Kind.Value) values.add(q.value!);
      else if (q.kind === Kind.Data) data.set(q.dt!.type + '/' + q.dt!.define, { type: q.dt!.type, define: q.dt!.define });
      else if (q.kind === Kind.Text) out.text = true;
    },
    { front: true },
  );
  out.values = [...values].sort();
  out.data = [...data.values()];
  return out;
}

/** The values the attributes named `local` open in `p` allow (union over every such attribute). */
export function attributeValueChoices(p: Pattern, ns: string, local: string): ValueChoices {
  const parts: ValueChoices[] = [];
  forAttributes(p, (a) => {
    if (nameClassNames(a.nc!).some((n) => n.local === local && n.ns === ns)) parts.push(valueChoices(a.a!));
  });
  return {
    values: [...new Set(parts.flatMap((x) => x.values))].sort(),
    data: parts.flatMap((x) => x.data).filter((d, i, all) => all.findIndex((e) => e.type === d.type && e.define === d.define) === i),
    text: parts.some((x) => x.text),
  };
}
