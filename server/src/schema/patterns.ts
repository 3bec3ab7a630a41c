// Runtime patterns: hash-consed (one object per distinct pattern, so
// derivatives can be memoised on the object and choices de-duplicated by id),
// built lazily from the grammar table — an element's content is only turned
// into patterns when a document first enters that element.

import { type Datatype } from './datatypes';
import type { GrammarData, NameClassData, PatternData } from './format';

export const enum Kind {
  Empty,
  NotAllowed,
  Text,
  Choice,
  Group,
  Interleave,
  OneOrMore,
  Element,
  Attribute,
  Data,
  Value,
  After,
}

export type NameClass =
  | { kind: 'name'; ns: string; local: string }
  | { kind: 'any'; except: NameClass | undefined }
  | { kind: 'nsName'; ns: string; except: NameClass | undefined }
  | { kind: 'or'; a: NameClass; b: NameClass };

export function nameClassContains(nc: NameClass, ns: string, local: string): boolean {
  switch (nc.kind) {
    case 'name':
      return nc.local === local && nc.ns === ns;
    case 'any':
      return !nc.except || !nameClassContains(nc.except, ns, local);
    case 'nsName':
      return nc.ns === ns && (!nc.except || !nameClassContains(nc.except, ns, local));
    case 'or':
      return nameClassContains(nc.a, ns, local) || nameClassContains(nc.b, ns, local);
  }
}

/** The plain names a name class lists (for messages and completion); wildcards contribute none. */
export function nameClassNames(nc: NameClass, out: Array<{ ns: string; local: string }> = []): Array<{ ns: string; local: string }> {
  if (nc.kind === 'name') out.push({ ns: nc.ns, local: nc.local });
  else if (nc.kind === 'or') {
    nameClassNames(nc.a, out);
    nameClassNames(nc.b, out);
  }
  return out;
}

export class Pattern {
  /** Lazily computed: can it match nothing at all? */
  nullable = false;
  /** Does it have attribute patterns outside elements (if not, attribute and start-tag-close derivatives are trivial)? */
  hasAttributes = false;
  // Memo tables for the derivatives (see derive.ts).
  openMemo: Map<string, Pattern> | undefined;
  attMemo: Map<string, Pattern> | undefined;
  attLeafMemo: Map<string, Pattern[]> | undefined;
  /** A value pattern made of token values only: those values, collapsed (null: not such a pattern; undefined: not computed). */
  tokens: Set<string> | null | undefined;
  textMemo: Map<string, Pattern> | undefined;
  closeMemo: Pattern | undefined;
  closeLenientMemo: Pattern | undefined;
  endMemo: Pattern | undefined;
  endLenientMemo: Pattern | undefined;
  /** Recovery: the state after "some element" (key '*') or after one named element, content forgiven. */
  skipMemo: Map<string, Pattern> | undefined;
  /** Element: the grammar index of its content, resolved on first use into `content`. */
  contentIndex = -1;
  content: Pattern | undefined;

  constructor(
    readonly id: number,
    readonly kind: Kind,
    readonly a: Pattern | undefined,
    readonly b: Pattern | undefined,
    /** Choice: its members, sorted by id, at least two, none a choice or notAllowed. */
    readonly members: readonly Pattern[] | undefined,
    readonly nc: NameClass | undefined,
    readonly dt: Datatype | undefined,
    /** Value: the string. */
    readonly value: string | undefined,
    /** Data: the except pattern. */
    readonly except: Pattern | undefined,
  ) {}
}

/** Interned patterns grow with use; past this many a fresh store is made before the next document. */
export const softPatternLimit = 400_000;
/** A document driving the store past this many stops being validated (nothing more is reported). */
export const hardPatternLimit = 1_500_000;

export class PatternStore {
  readonly empty: Pattern;
  readonly notAllowed: Pattern;
  readonly text: Pattern;
  private nextId = 0;
  private readonly binary = new Map<number, Pattern>();
  private readonly choices = new Map<string, Pattern>();
  private readonly fromGrammar: Array<Pattern | undefined>;
  private readonly nameClasses = new Map<NameClassData, NameClass>();
  private readonly regexps = new Map<string, RegExp>();

  constructor(readonly grammar: GrammarData) {
    this.empty = this.make(Kind.Empty);
    this.empty.nullable = true;
    this.notAllowed = this.make(Kind.NotAllowed);
    this.text = this.make(Kind.Text);
    this.text.nullable = true;
    this.fromGrammar = new Array(grammar.patterns.length);
  }

  get size(): number {
    return this.nextId;
  }

  private make(kind: Kind, a?: Pattern, b?: Pattern, members?: Pattern[], nc?: NameClass, dt?: Datatype, value?: string, except?: Pattern): Pattern {
    return new Pattern(this.nextId++, kind, a, b, members, nc, dt, value, except);
  }

  private interned(kind: Kind, a: Pattern, b: Pattern | undefined): Pattern {
    // ids stay below 2^22 between store rebuilds (hardPatternLimit), so the key is exact.
    const key = (kind * 4194304 + a.id) * 4194304 + (b ? b.id + 1 : 0);
    let p = this.binary.get(key);
    if (!p) {
      p = this.make(kind, a, b);
      switch (kind) {
        case Kind.Group:
        case Kind.Interleave:
          p.nullable = a.nullable && b!.nullable;
          p.hasAttributes = a.hasAttributes || b!.hasAttributes;
          break;
        case Kind.OneOrMore:
          p.nullable = a.nullable;
          p.hasAttributes = a.hasAttributes;
          break;
        case Kind.After:
          p.hasAttributes = a.hasAttributes;
          break;
      }
      this.binary.set(key, p);
    }
    return p;
  }

  choice(p: Pattern, q: Pattern): Pattern {
    if (p === q || q.kind === Kind.NotAllowed) return p;
    if (p.kind === Kind.NotAllowed) return q;
    const a = p.kind === Kind.Choice ? p.members! : [p];
    const b = q.kind === Kind.Choice ? q.members! : [q];
    // Merge two id-sorted lists without duplicates.
    const merged: Pattern[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      const x = a[i];
      const y = b[j];
      if (y === undefined || (x !== undefined && x.id < y.id)) {
        merged.push(x);
        i++;
      } else if (x === undefined || y.id < x.id) {
        merged.push(y);
        j++;
      } else {
        merged.push(x);
        i++;
        j++;
      }
    }
    if (merged.length === a.length && p.kind === Kind.Choice) return p;
    if (merged.length === b.length && q.kind === Kind.Choice) return q;
    return this.choiceOf(merged);
  }

  private choiceOf(members: Pattern[]): Pattern {
    let key = '';
    for (const m of members) key += m.id + ',';
    let c = this.choices.get(key);
    if (!c) {
      c = this.make(Kind.Choice, undefined, undefined, members);
      c.nullable = members.some((m) => m.nullable);
      c.hasAttributes = members.some((m) => m.hasAttributes);
      this.choices.set(key, c);
    }
    return c;
  }

  group(p: Pattern, q: Pattern): Pattern {
    if (p.kind === Kind.NotAllowed || q.kind === Kind.NotAllowed) return this.notAllowed;
    if (p.kind === Kind.Empty) return q;
    if (q.kind === Kind.Empty) return p;
    return this.interned(Kind.Group, p, q);
  }

  interleave(p: Pattern, q: Pattern): Pattern {
    if (p.kind === Kind.NotAllowed || q.kind === Kind.NotAllowed) return this.notAllowed;
    if (p.kind === Kind.Empty) return q;
    if (q.kind === Kind.Empty) return p;
    return this.interned(Kind.Interleave, p, q);
  }

  after(p: Pattern, q: Pattern): Pattern {
    if (p.kind === Kind.NotAllowed || q.kind === Kind.NotAllowed) return this.notAllowed;
    return this.interned(Kind.After, p, q);
  }

  oneOrMore(p: Pattern): Pattern {
    if (p.kind === Kind.NotAllowed || p.kind === Kind.Empty || p.kind === Kind.OneOrMore) return p;
    return this.interned(Kind.OneOrMore, p, undefined);
  }

  /** The start pattern of a root ('domain', 'network', …), or undefined when the grammar has none. */
  root(name: string): Pattern | undefined {
    const r = this.grammar.roots[name];
    return r ? this.pattern(r.start) : undefined;
  }

  /** The runtime pattern for grammar entry `i` (elements keep their content unresolved until `contentOf`). */
  pattern(i: number): Pattern {
    const hit = this.fromGrammar[i];
    if (hit) return hit;
    const d = this.grammar.patterns[i] as PatternData;
    let p: Pattern;
    switch (d[0]) {
      case 'E':
        p = this.empty;
        break;
      case 'N':
        p = this.notAllowed;
        break;
      case 'T':
        p = this.text;
        break;
      case 'c': {
        p = this.notAllowed;
        for (let k = 1; k < d.length; k++) p = this.choice(p, this.pattern(d[k] as number));
        break;
      }
      case 'g':
      case 'i': {
        // Right-nested binary nodes: a1 (a2 (… an)).
        p = this.pattern(d[d.length - 1] as number);
        for (let k = d.length - 2; k >= 1; k--) {
          const left = this.pattern(d[k] as number);
          p = d[0] === 'g' ? this.group(left, p) : this.interleave(left, p);
        }
        break;
      }
      case 'o':
        p = this.oneOrMore(this.pattern(d[1]));
        break;
      case 'el':
        p = this.make(Kind.Element, undefined, undefined, undefined, this.nameClass(d[1]));
        p.contentIndex = d[2];
        break;
      case 'at': {
        p = this.make(Kind.Attribute, this.pattern(d[2]), undefined, undefined, this.nameClass(d[1]));
        p.hasAttributes = true;
        break;
      }
      case 'd': {
        const params = d[2];
        const regexps = (params.pattern ?? []).map((s) => this.regexp(s));
        const except = d[3] >= 0 ? this.pattern(d[3]) : undefined;
        p = this.make(Kind.Data, undefined, undefined, undefined, undefined, { type: d[1], params, regexps, define: d[4] }, undefined, except);
        break;
      }
      case 'v':
        p = this.make(Kind.Value, undefined, undefined, undefined, undefined, { type: d[1], params: {}, regexps: [], define: d[3] }, d[2]);
        break;
      default:
        throw new Error(`bad grammar entry ${i}`);
    }
    this.fromGrammar[i] = p;
    return p;
  }

  /** An element's content pattern. */
  contentOf(el: Pattern): Pattern {
    if (!el.content) el.content = this.pattern(el.contentIndex);
    return el.content;
  }

  private regexp(source: string): RegExp {
    let re = this.regexps.get(source);
    if (!re) this.regexps.set(source, (re = new RegExp(source)));
    return re;
  }

  private nameClass(d: NameClassData): NameClass {
    const hit = this.nameClasses.get(d);
    if (hit) return hit;
    let nc: NameClass;
    const ns = this.grammar.namespaces;
    if (typeof d[0] === 'number') nc = { kind: 'name', ns: ns[d[0]], local: d[1] as string };
    else if (d[0] === '*') nc = { kind: 'any', except: d[1] ? this.nameClass(d[1]) : undefined };
    else if (d[0] === 'ns') nc = { kind: 'nsName', ns: ns[d[1]], except: d[2] ? this.nameClass(d[2]) : undefined };
    else nc = { kind: 'or', a: this.nameClass(d[1]), b: this.nameClass(d[2]) };
    this.nameClasses.set(d, nc);
    return nc;
  }
}

/**
 * Visits the leaf patterns reachable from `p` without entering elements,
 * each once, in a fixed order: choices, groups, interleaves, repetitions and
 * pending ends are walked through; every other pattern is passed to `leaf`.
 * `front`: of a group, only what may come first (the second half only when
 * the first may be empty). `attributesOnly`: skip patterns that hold no
 * attribute. The one walk behind expected names, values and attribute leaves.
 */
export function walkLeaves(p: Pattern, leaf: (q: Pattern) => void, options: { front?: boolean; attributesOnly?: boolean } = {}): void {
  const seen = new Set<Pattern>();
  const stack = [p];
  while (stack.length > 0) {
    const q = stack.pop()!;
    if (seen.has(q) || (options.attributesOnly && !q.hasAttributes)) continue;
    seen.add(q);
    switch (q.kind) {
      case Kind.Choice:
        stack.push(...q.members!);
        break;
      case Kind.Group:
        if (options.front) {
          stack.push(q.a!);
          if (q.a!.nullable) stack.push(q.b!);
        } else stack.push(q.a!, q.b!);
        break;
      case Kind.Interleave:
        stack.push(q.a!, q.b!);
        break;
      case Kind.OneOrMore:
      case Kind.After:
        stack.push(q.a!);
        break;
      default:
        leaf(q);
    }
  }
}
