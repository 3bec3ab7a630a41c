// James Clark's derivative algorithm for RelaxNG ("An algorithm for RELAX NG
// validation", 2002), over hash-consed patterns with memo tables on the
// patterns themselves. Each function returns the pattern that remains after
// one event; notAllowed means the event is not allowed there. The *Lenient
// variants are the recovery steps: they accept the event as if it were right,
// so one mistake gives one diagnostic.

import { collapse, datatypeProblem, valueEquals } from './datatypes';
import { Kind, nameClassContains, walkLeaves, type Pattern, type PatternStore } from './patterns';

/** A qualified name, resolved: namespace URI and local name, plus a memo key. */
export interface QName {
  ns: string;
  local: string;
  key: string;
}

export function qname(ns: string, local: string): QName {
  return { ns, local, key: ns === '' ? local : `{${ns}}${local}` };
}

/** Memo tables per pattern stay small: a pattern with this many entries stops memoising new ones. */
const maxMemoEntries = 256;

function remember(s: PatternStore, map: Map<string, Pattern>, key: string, p: Pattern): Pattern {
  if (map.size < maxMemoEntries) {
    map.set(key, p);
    s.noteChange();
  }
  return p;
}

const enum AfterOp {
  /** after(a, x) → after(a, interleave(x, arg)) */
  InterleaveRight,
  /** after(a, x) → after(a, interleave(arg, x)) */
  InterleaveLeft,
  /** after(a, x) → after(a, group(x, arg)) */
  Group,
  /** after(a, x) → after(a, after(x, arg)) */
  After,
}

function applyAfter(s: PatternStore, op: AfterOp, arg: Pattern, p: Pattern): Pattern {
  if (p.kind === Kind.After) {
    const b = p.b!;
    const nb = op === AfterOp.InterleaveRight ? s.interleave(b, arg) : op === AfterOp.InterleaveLeft ? s.interleave(arg, b) : op === AfterOp.Group ? s.group(b, arg) : s.after(b, arg);
    return s.after(p.a!, nb);
  }
  if (p.kind === Kind.Choice) {
    let out = s.notAllowed;
    for (const m of p.members!) out = s.choice(out, applyAfter(s, op, arg, m));
    return out;
  }
  return s.notAllowed;
}

export function startTagOpenDeriv(s: PatternStore, p: Pattern, qn: QName): Pattern {
  switch (p.kind) {
    case Kind.Choice:
    case Kind.Group:
    case Kind.Interleave:
    case Kind.OneOrMore:
    case Kind.After:
    case Kind.Element:
      break;
    default:
      return s.notAllowed;
  }
  const memo = (p.openMemo ??= new Map());
  const hit = memo.get(qn.key);
  if (hit) return hit;
  let r: Pattern;
  switch (p.kind) {
    case Kind.Choice:
      r = s.notAllowed;
      for (const m of p.members!) r = s.choice(r, startTagOpenDeriv(s, m, qn));
      break;
    case Kind.Element:
      r = nameClassContains(p.nc!, qn.ns, qn.local) ? s.after(s.contentOf(p), s.empty) : s.notAllowed;
      break;
    case Kind.Interleave:
      r = s.choice(
        applyAfter(s, AfterOp.InterleaveRight, p.b!, startTagOpenDeriv(s, p.a!, qn)),
        applyAfter(s, AfterOp.InterleaveLeft, p.a!, startTagOpenDeriv(s, p.b!, qn)),
      );
      break;
    case Kind.OneOrMore:
      r = applyAfter(s, AfterOp.Group, s.choice(p, s.empty), startTagOpenDeriv(s, p.a!, qn));
      break;
    case Kind.Group: {
      const x = applyAfter(s, AfterOp.Group, p.b!, startTagOpenDeriv(s, p.a!, qn));
      r = p.a!.nullable ? s.choice(x, startTagOpenDeriv(s, p.b!, qn)) : x;
      break;
    }
    default: // After
      r = applyAfter(s, AfterOp.After, p.b!, startTagOpenDeriv(s, p.a!, qn));
  }
  return remember(s, memo, qn.key, r);
}

/**
 * The derivative for one attribute. With `lenient`, any value is accepted
 * (recovery after an invalid value: the branches its name selects stay open).
 * The value only matters through which attribute patterns of that name accept
 * it, so the memo key is the name plus that yes/no vector: a thousand disks
 * with a thousand file names share one entry.
 */
export function attDeriv(s: PatternStore, p: Pattern, qn: QName, value: string, lenient = false): Pattern {
  if (!p.hasAttributes) return s.notAllowed;
  const leaves = attributeLeaves(p, qn);
  if (leaves.length === 0) return s.notAllowed;
  // Usually every leaf of that name takes the value: then the name alone is the key (no string built).
  let taken = 0;
  // Which leaves take it, one '1' or '0' each; built only from the first leaf that refuses it.
  let bits: string | undefined;
  for (let i = 0; i < leaves.length; i++) {
    const ok = lenient || valueMatch(s, leaves[i].a!, value);
    if (ok) taken++;
    if (bits !== undefined) bits += ok ? '1' : '0';
    else if (!ok) bits = '1'.repeat(i) + '0';
  }
  if (taken === 0) return s.notAllowed;
  const key = bits === undefined ? qn.key : qn.key + '\u0000' + bits;
  const memo = (p.attMemo ??= new Map());
  const hit = memo.get(key);
  if (hit) return hit;
  const accepted = new Set<Pattern>();
  for (let i = 0; i < leaves.length; i++) if (bits === undefined || bits.charCodeAt(i) === 49) accepted.add(leaves[i]);
  return remember(s, memo, key, attDerivWith(s, p, accepted, new Map()));
}

/** The attribute patterns open in `p` whose name class takes `qn`, in a fixed order (memoised). */
function attributeLeaves(p: Pattern, qn: QName): Pattern[] {
  const memo = (p.attLeafMemo ??= new Map());
  let leaves = memo.get(qn.key);
  if (leaves) return leaves;
  const found: Pattern[] = [];
  walkLeaves(
    p,
    (q) => {
      if (q.kind === Kind.Attribute && nameClassContains(q.nc!, qn.ns, qn.local)) found.push(q);
    },
    { attributesOnly: true },
  );
  leaves = found;
  if (memo.size < maxMemoEntries) memo.set(qn.key, leaves);
  return leaves;
}

/** Clark's attribute derivative, where an attribute pattern matches exactly when it is in `accepted`. */
function attDerivWith(s: PatternStore, p: Pattern, accepted: ReadonlySet<Pattern>, local: Map<Pattern, Pattern>): Pattern {
  if (!p.hasAttributes) return s.notAllowed;
  const hit = local.get(p);
  if (hit) return hit;
  let r: Pattern;
  switch (p.kind) {
    case Kind.After:
      r = s.after(attDerivWith(s, p.a!, accepted, local), p.b!);
      break;
    case Kind.Choice:
      r = s.notAllowed;
      for (const m of p.members!) r = s.choice(r, attDerivWith(s, m, accepted, local));
      break;
    case Kind.Group:
      r = s.choice(s.group(attDerivWith(s, p.a!, accepted, local), p.b!), s.group(p.a!, attDerivWith(s, p.b!, accepted, local)));
      break;
    case Kind.Interleave:
      r = s.choice(s.interleave(attDerivWith(s, p.a!, accepted, local), p.b!), s.interleave(p.a!, attDerivWith(s, p.b!, accepted, local)));
      break;
    case Kind.OneOrMore:
      r = s.group(attDerivWith(s, p.a!, accepted, local), s.choice(p, s.empty));
      break;
    case Kind.Attribute:
      r = accepted.has(p) ? s.empty : s.notAllowed;
      break;
    default:
      r = s.notAllowed;
  }
  local.set(p, r);
  return r;
}

/** Does the text `value` match `p` (an attribute's value pattern, or a whole text-only content)? */
export function valueMatch(s: PatternStore, p: Pattern, value: string): boolean {
  if (p.tokens === undefined) p.tokens = tokenSet(p);
  if (p.tokens !== null) return p.tokens.has(collapse(value));
  return (p.nullable && isWhitespace(value)) || textDeriv(s, p, value).nullable;
}

/** For a value pattern that is only token <value>s (most enumerations): the set of them, else null. */
function tokenSet(p: Pattern): Set<string> | null {
  const members = p.kind === Kind.Choice ? p.members! : [p];
  const out = new Set<string>();
  for (const m of members) {
    if (m.kind !== Kind.Value || m.dt!.type !== 'token') return null;
    out.add(collapse(m.value!));
  }
  return out;
}

/** After the start tag's '>': every attribute pattern left is missing (lenient: treated as given). */
export function startTagCloseDeriv(s: PatternStore, p: Pattern, lenient = false): Pattern {
  if (!p.hasAttributes) return p;
  if (lenient ? p.closeLenientMemo : p.closeMemo) return (lenient ? p.closeLenientMemo : p.closeMemo)!;
  let r: Pattern;
  switch (p.kind) {
    case Kind.After:
      r = s.after(startTagCloseDeriv(s, p.a!, lenient), p.b!);
      break;
    case Kind.Choice:
      r = s.notAllowed;
      for (const m of p.members!) r = s.choice(r, startTagCloseDeriv(s, m, lenient));
      break;
    case Kind.Group:
      r = s.group(startTagCloseDeriv(s, p.a!, lenient), startTagCloseDeriv(s, p.b!, lenient));
      break;
    case Kind.Interleave:
      r = s.interleave(startTagCloseDeriv(s, p.a!, lenient), startTagCloseDeriv(s, p.b!, lenient));
      break;
    case Kind.OneOrMore:
      r = s.oneOrMore(startTagCloseDeriv(s, p.a!, lenient));
      break;
    case Kind.Attribute:
      r = lenient ? s.empty : s.notAllowed;
      break;
    default:
      r = p;
  }
  if (lenient) p.closeLenientMemo = r;
  else p.closeMemo = r;
  return r;
}

/** The derivative for a text node (lenient: any data or value accepts it). */
export function textDeriv(s: PatternStore, p: Pattern, text: string, lenient = false): Pattern {
  switch (p.kind) {
    case Kind.Text:
      return p;
    case Kind.Empty:
    case Kind.NotAllowed:
    case Kind.Element:
    case Kind.Attribute:
      return s.notAllowed;
  }
  const key = text;
  const memo = lenient ? (p.textLenientMemo ??= new Map()) : (p.textMemo ??= new Map());
  const hit = memo.get(key);
  if (hit) return hit;
  let r: Pattern;
  switch (p.kind) {
    case Kind.Choice:
      r = s.notAllowed;
      for (const m of p.members!) r = s.choice(r, textDeriv(s, m, text, lenient));
      break;
    case Kind.Interleave:
      r = s.choice(s.interleave(textDeriv(s, p.a!, text, lenient), p.b!), s.interleave(p.a!, textDeriv(s, p.b!, text, lenient)));
      break;
    case Kind.Group: {
      const x = s.group(textDeriv(s, p.a!, text, lenient), p.b!);
      r = p.a!.nullable ? s.choice(x, textDeriv(s, p.b!, text, lenient)) : x;
      break;
    }
    case Kind.After:
      r = s.after(textDeriv(s, p.a!, text, lenient), p.b!);
      break;
    case Kind.OneOrMore:
      r = s.group(textDeriv(s, p.a!, text, lenient), s.choice(p, s.empty));
      break;
    case Kind.Value:
      r = lenient || valueEquals(p.dt!.type, p.value!, text) ? s.empty : s.notAllowed;
      break;
    case Kind.Data:
      r = lenient || (datatypeProblem(p.dt!, text) === '' && !(p.except && valueMatch(s, p.except, text))) ? s.empty : s.notAllowed;
      break;
    default:
      r = s.notAllowed;
  }
  return remember(s, memo, key, r);
}

/**
 * Blank content as the only content of an element (empty, or whitespace): it
 * may be taken as text or as nothing, so the state is the choice of both.
 * Memoised per text (almost always ''), so re-validating a document the
 * store has seen builds no pattern and never has to fill the interning tables.
 */
export function blankDeriv(s: PatternStore, p: Pattern, text: string): Pattern {
  const memo = (p.blankMemo ??= new Map());
  const hit = memo.get(text);
  if (hit) return hit;
  return remember(s, memo, text, s.choice(p, textDeriv(s, p, text)));
}

/** After an end tag (lenient: whatever content is still missing is forgiven). */
export function endTagDeriv(s: PatternStore, p: Pattern, lenient = false): Pattern {
  if (p.kind === Kind.After) return lenient || p.a!.nullable ? p.b! : s.notAllowed;
  if (p.kind !== Kind.Choice) return s.notAllowed;
  const hit = lenient ? p.endLenientMemo : p.endMemo;
  if (hit) return hit;
  let r = s.notAllowed;
  for (const m of p.members!) r = s.choice(r, endTagDeriv(s, m, lenient));
  if (lenient) p.endLenientMemo = r;
  else p.endMemo = r;
  return r;
}

export function isWhitespace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}
