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
  textLenientMemo: Map<string, Pattern> | undefined;
  /** Blank content (an empty element, or whitespace only): the state after it, text → pattern (see derive.ts blankDeriv). */
  blankMemo: Map<string, Pattern> | undefined;
  closeMemo: Pattern | undefined;
  closeLenientMemo: Pattern | undefined;
  endMemo: Pattern | undefined;
  endLenientMemo: Pattern | undefined;
  /** Recovery: the state after "some element" (key '*') or after one named element, content forgiven. */
  skipMemo: Map<string, Pattern> | undefined;
  /** Element: the grammar index of its content, resolved on first use into `content`. */
  contentIndex = -1;
  content: Pattern | undefined;
  /** Element, attribute, data or value: the grammar entry it was made from (for snapshots). */
  source = -1;

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

/** Version of the snapshot data (bump when patterns or memo tables change meaning). */
export const snapshotFormat = 3;
/** The keyed memo tables of a pattern, by their number in a snapshot (section 3). */
const memoTables = ['openMemo', 'attMemo', 'textMemo', 'skipMemo', 'textLenientMemo', 'blankMemo'] as const;
/** The single-pattern memo slots of a pattern, by their number in a snapshot (section 5). */
const memoSlots = ['closeMemo', 'closeLenientMemo', 'endMemo', 'endLenientMemo'] as const;
/** Memo keys (mostly texts) longer than this are not kept in a snapshot. */
export const maxSnapshotKey = 64;

/** A pattern store as plain data (see `PatternStore.snapshot`). */
export interface StoreSnapshot {
  format: number;
  /** The grammar's digest: a snapshot only fits the grammar it was made with. */
  digest: string;
  /** Number of patterns (ids 0 … size-1). */
  size: number;
  /**
   * Where each section of `ints` ends, in order:
   * 1. patterns from id 3 on: kind, then its parts (pattern ids, or a grammar entry);
   * 2. pairs: grammar entry, pattern id;
   * 3. quadruples: memo table (0 open, 1 attribute, 2 text, 3 skip, 4 lenient text, 5 blank), owner id, key (index into `strings`), target id;
   * 4. attribute-leaf memo: owner id, key, count, leaf ids…;
   * 5. triples: owner id, slot (0 close, 1 lenient close, 2 end, 3 lenient end), target id;
   * 6. pairs: element id, content id.
   */
  sections: number[];
  /** The memo keys. */
  strings: string[];
  ints: Int32Array;
}

/** Interned patterns grow with use; past this many a fresh store is made before the next document. */
export const softPatternLimit = 400_000;
/** A document driving the store past this many stops being validated (nothing more is reported). */
export const hardPatternLimit = 1_500_000;

/** The interning key of a binary pattern (exact while ids stay below 2^22). */
function binaryKey(kind: Kind, a: Pattern, b: Pattern | undefined): number {
  return (kind * 4194304 + a.id) * 4194304 + (b ? b.id + 1 : 0);
}

function choiceKey(members: readonly Pattern[]): string {
  let key = '';
  for (const m of members) key += m.id + ',';
  return key;
}

/** Sets what a pattern made of others inherits from them: can it be empty, does it hold attributes. */
function derived(p: Pattern): Pattern {
  const a = p.a;
  const b = p.b;
  switch (p.kind) {
    case Kind.Group:
    case Kind.Interleave:
      p.nullable = a!.nullable && b!.nullable;
      p.hasAttributes = a!.hasAttributes || b!.hasAttributes;
      break;
    case Kind.OneOrMore:
      p.nullable = a!.nullable;
      p.hasAttributes = a!.hasAttributes;
      break;
    case Kind.After:
      p.hasAttributes = a!.hasAttributes;
      break;
    case Kind.Choice:
      for (const m of p.members!) {
        if (m.nullable) p.nullable = true;
        if (m.hasAttributes) p.hasAttributes = true;
      }
      break;
  }
  return p;
}

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
  /** Patterns made and memo entries added since the store was made or restored (see `changes`). */
  private changeCount = 0;
  /** A restored store's patterns, until the interning tables are filled (see `index`). */
  private unindexed: Pattern[] | undefined;

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

  /** How much the store learnt since it was made or restored: 0 means a snapshot would add nothing. */
  get changes(): number {
    return this.changeCount;
  }

  /** A restored store's interning tables have been filled (a lookup missed); always true for a store not restored. */
  get interningFilled(): boolean {
    return this.unindexed === undefined;
  }

  /** Called by the derivative code when it adds a memo entry. */
  noteChange(): void {
    this.changeCount++;
  }

  private make(kind: Kind, a?: Pattern, b?: Pattern, members?: Pattern[], nc?: NameClass, dt?: Datatype, value?: string, except?: Pattern): Pattern {
    this.changeCount++;
    return new Pattern(this.nextId++, kind, a, b, members, nc, dt, value, except);
  }

  private interned(kind: Kind, a: Pattern, b: Pattern | undefined): Pattern {
    const key = binaryKey(kind, a, b);
    let p = this.binary.get(key);
    if (!p && this.unindexed) p = this.index().binary.get(key);
    if (!p) {
      p = this.make(kind, a, b);
      derived(p);
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
    const key = choiceKey(members);
    let c = this.choices.get(key);
    if (!c && this.unindexed) c = this.index().choices.get(key);
    if (!c) {
      c = this.make(Kind.Choice, undefined, undefined, members);
      derived(c);
      this.choices.set(key, c);
    }
    return c;
  }

  /**
   * A restored store fills its interning tables only when a pattern is first
   * looked up there: re-validating documents the snapshot has seen never does.
   */
  private index(): this {
    const restored = this.unindexed!;
    this.unindexed = undefined;
    for (const p of restored) {
      if (p.kind === Kind.Choice) this.choices.set(choiceKey(p.members!), p);
      else if (p.kind === Kind.Group || p.kind === Kind.Interleave || p.kind === Kind.After || p.kind === Kind.OneOrMore) this.binary.set(binaryKey(p.kind, p.a!, p.b), p);
    }
    return this;
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
        p = this.makeElement(i, d);
        break;
      case 'at': {
        p = this.makeAttribute(i, d, this.pattern(d[2]));
        break;
      }
      case 'd': {
        const except = d[3] >= 0 ? this.pattern(d[3]) : undefined;
        p = this.makeData(i, d, except);
        break;
      }
      case 'v':
        p = this.makeValue(i, d);
        break;
      default:
        throw new Error(`bad grammar entry ${i}`);
    }
    this.fromGrammar[i] = p;
    return p;
  }

  /** Grammar entry `i`, an element (its content is resolved on first use, `contentOf`). */
  private makeElement(i: number, d: Extract<PatternData, ['el', ...unknown[]]>): Pattern {
    const p = this.make(Kind.Element, undefined, undefined, undefined, this.nameClass(d[1]));
    p.contentIndex = d[2];
    p.source = i;
    return p;
  }

  /** Grammar entry `i`, an attribute whose value pattern is `value`. */
  private makeAttribute(i: number, d: Extract<PatternData, ['at', ...unknown[]]>, value: Pattern): Pattern {
    const p = this.make(Kind.Attribute, value, undefined, undefined, this.nameClass(d[1]));
    p.hasAttributes = true;
    p.source = i;
    return p;
  }

  private makeData(i: number, d: Extract<PatternData, ['d', ...unknown[]]>, except: Pattern | undefined): Pattern {
    const params = d[2];
    const regexps = (params.pattern ?? []).map((s) => this.regexp(s));
    const p = this.make(Kind.Data, undefined, undefined, undefined, undefined, { type: d[1], params, regexps, define: d[4] }, undefined, except);
    p.source = i;
    return p;
  }

  private makeValue(i: number, d: Extract<PatternData, ['v', ...unknown[]]>): Pattern {
    const p = this.make(Kind.Value, undefined, undefined, undefined, undefined, { type: d[1], params: {}, regexps: [], define: d[3] }, d[2]);
    p.source = i;
    return p;
  }

  /** An element's content pattern. */
  contentOf(el: Pattern): Pattern {
    if (!el.content) el.content = this.pattern(el.contentIndex);
    return el.content;
  }

  /**
   * Everything the store has learnt (its patterns, in id order, and their memo
   * tables) as plain data, so a later process can start warm with
   * `PatternStore.restore` instead of deriving it all again: a cold derivation
   * of a 100-line domain runs the whole derivative code in V8's interpreter,
   * a restore is one tight loop over integers. Memo keys longer than
   * `maxSnapshotKey` (names, UUIDs, paths) are left out: they rarely recur.
   */
  snapshot(): StoreSnapshot {
    if (this.unindexed) this.index();
    const all = this.byId();
    const strings: string[] = [];
    const stringIndex = new Map<string, number>();
    const str = (k: string): number => {
      let i = stringIndex.get(k);
      if (i === undefined) stringIndex.set(k, (i = strings.push(k) - 1));
      return i;
    };
    const out: number[] = [];
    for (let id = 3; id < all.length; id++) {
      const q = all[id];
      out.push(q.kind);
      switch (q.kind) {
        case Kind.Group:
        case Kind.Interleave:
        case Kind.After:
          out.push(q.a!.id, q.b!.id);
          break;
        case Kind.OneOrMore:
          out.push(q.a!.id);
          break;
        case Kind.Choice:
          out.push(q.members!.length);
          for (const m of q.members!) out.push(m.id);
          break;
        case Kind.Element:
        case Kind.Value:
          out.push(q.source);
          break;
        case Kind.Attribute:
          out.push(q.source, q.a!.id);
          break;
        case Kind.Data:
          out.push(q.source, q.except ? q.except.id : -1);
          break;
        default:
          throw new Error(`pattern ${id} of kind ${q.kind} cannot be in a snapshot`);
      }
    }
    const sections = [out.length];
    this.fromGrammar.forEach((q, i) => q && out.push(i, q.id));
    sections.push(out.length);
    for (const q of all) {
      memoTables.forEach((table, t) => {
        const memo = q[table];
        if (memo) for (const [key, r] of memo) if (key.length <= maxSnapshotKey) out.push(t, q.id, str(key), r.id);
      });
    }
    sections.push(out.length);
    for (const q of all) if (q.attLeafMemo) for (const [key, list] of q.attLeafMemo) if (key.length <= maxSnapshotKey) out.push(q.id, str(key), list.length, ...list.map((l) => l.id));
    sections.push(out.length);
    for (const q of all) memoSlots.forEach((slot, k) => q[slot] && out.push(q.id, k, q[slot]!.id));
    sections.push(out.length);
    for (const q of all) if (q.content) out.push(q.id, q.content.id);
    sections.push(out.length);
    return { format: snapshotFormat, digest: this.grammar.digest, size: all.length, sections, strings, ints: Int32Array.from(out) };
  }

  /**
   * A store rebuilt from `snap` (made by `snapshot` on a store of the same
   * grammar). Throws on any inconsistency (another grammar, a damaged file)
   * before the store is used, so the caller can start from a fresh store.
   */
  static restore(grammar: GrammarData, snap: StoreSnapshot): PatternStore {
    const bad = (why: string): never => {
      throw new Error(`pattern snapshot rejected: ${why}`);
    };
    if (typeof snap !== 'object' || snap === null || snap.format !== snapshotFormat) bad('unknown format');
    if (snap.digest !== grammar.digest) bad('made for another grammar');
    const { size, sections, strings, ints } = snap;
    if (!(ints instanceof Int32Array) || !Array.isArray(strings) || !Array.isArray(sections) || sections.length !== 6) bad('malformed');
    if (!Number.isInteger(size) || size < 3 || size > hardPatternLimit) bad('bad size');
    for (let k = 0; k < 6; k++) if (!Number.isInteger(sections[k]) || sections[k] < (k ? sections[k - 1] : 0) || sections[k] > ints.length) bad('bad sections');
    for (const k of strings) if (typeof k !== 'string') bad('bad key');
    const s = new PatternStore(grammar);
    const all: Pattern[] = new Array(size);
    all[0] = s.empty;
    all[1] = s.notAllowed;
    all[2] = s.text;
    const entries = grammar.patterns;
    const nEntries = entries.length;
    // Every reference is checked against the patterns made so far (`n`): a snapshot can only refer backwards.
    let i = 0;
    let n = 3;
    const end = sections[0];
    while (n < size) {
      if (i >= end) bad('truncated');
      const kind = ints[i++] as Kind;
      let q: Pattern;
      if (kind === Kind.Group || kind === Kind.Interleave || kind === Kind.After) {
        const x = ints[i++];
        const y = ints[i++];
        if (x >>> 0 >= n || y >>> 0 >= n) bad('reference out of order');
        q = derived(s.make(kind, all[x], all[y]));
      } else if (kind === Kind.OneOrMore) {
        const x = ints[i++];
        if (x >>> 0 >= n) bad('reference out of order');
        q = derived(s.make(kind, all[x]));
      } else if (kind === Kind.Choice) {
        const count = ints[i++];
        if (count < 2 || count > n || i + count > end) bad('bad choice');
        const members: Pattern[] = new Array(count);
        let last = -1;
        for (let k = 0; k < count; k++) {
          const x = ints[i++];
          if (x >>> 0 >= n || x <= last) bad('bad choice member');
          members[k] = all[x];
          last = x;
        }
        q = derived(s.make(Kind.Choice, undefined, undefined, members));
      } else {
        const gi = ints[i++];
        const d = gi >>> 0 < nEntries ? entries[gi] : undefined;
        if (kind === Kind.Element && d?.[0] === 'el') {
          q = s.makeElement(gi, d);
        } else if (kind === Kind.Attribute && d?.[0] === 'at') {
          const x = ints[i++];
          if (x >>> 0 >= n) bad('reference out of order');
          q = s.makeAttribute(gi, d, all[x]);
        } else if (kind === Kind.Data && d?.[0] === 'd') {
          const x = ints[i++];
          if (x !== -1 && x >>> 0 >= n) bad('reference out of order');
          q = s.makeData(gi, d, x === -1 ? undefined : all[x]);
        } else if (kind === Kind.Value && d?.[0] === 'v') {
          q = s.makeValue(gi, d);
        } else return bad(`pattern ${n}: kind ${kind} with grammar entry ${gi}`);
      }
      all[n++] = q;
    }
    if (i !== end) bad('trailing data');
    for (; i < sections[1]; i += 2) {
      const gi = ints[i];
      const x = ints[i + 1];
      if (gi >>> 0 >= nEntries || x >>> 0 >= n) bad('bad grammar pair');
      s.fromGrammar[gi] = all[x];
    }
    const nStrings = strings.length;
    for (i = sections[1]; i < sections[2]; i += 4) {
      const table = ints[i];
      const owner = ints[i + 1];
      const key = ints[i + 2];
      const x = ints[i + 3];
      if (owner >>> 0 >= n || key >>> 0 >= nStrings || x >>> 0 >= n || table >>> 0 >= memoTables.length) bad('bad memo entry');
      (all[owner][memoTables[table]] ??= new Map()).set(strings[key], all[x]);
    }
    for (i = sections[2]; i < sections[3]; ) {
      const owner = ints[i];
      const key = ints[i + 1];
      const count = ints[i + 2];
      if (owner >>> 0 >= n || key >>> 0 >= nStrings || count >>> 0 > n || i + 3 + count > sections[3]) bad('bad leaf entry');
      const list: Pattern[] = new Array(count);
      for (let k = 0; k < count; k++) {
        const x = ints[i + 3 + k];
        if (x >>> 0 >= n) bad('bad leaf');
        list[k] = all[x];
      }
      (all[owner].attLeafMemo ??= new Map()).set(strings[key], list);
      i += 3 + count;
    }
    for (i = sections[3]; i < sections[4]; i += 3) {
      const owner = ints[i];
      const slot = ints[i + 1];
      const x = ints[i + 2];
      if (owner >>> 0 >= n || x >>> 0 >= n || slot >>> 0 >= memoSlots.length) bad('bad memo slot');
      all[owner][memoSlots[slot]] = all[x];
    }
    for (i = sections[4]; i < sections[5]; i += 2) {
      const el = ints[i];
      const x = ints[i + 1];
      if (el >>> 0 >= n || x >>> 0 >= n || all[el].kind !== Kind.Element) bad('bad content');
      all[el].content = all[x];
    }
    s.changeCount = 0;
    s.unindexed = all;
    return s;
  }

  /** Every pattern of the store, indexed by id. */
  private byId(): Pattern[] {
    const all: Pattern[] = new Array(this.nextId);
    all[0] = this.empty;
    all[1] = this.notAllowed;
    all[2] = this.text;
    // Every pattern is a constant, interned, a choice or made from a grammar entry.
    for (const map of [this.binary.values(), this.choices.values(), this.fromGrammar.values()]) for (const q of map) if (q) all[q.id] = q;
    for (let id = 0; id < all.length; id++) if (all[id] === undefined) throw new Error(`pattern ${id} is unreachable`);
    return all;
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
