// James Clark's derivative algorithm for RelaxNG ("An algorithm for RELAX NG
// validation", 2002), over hash-consed patterns with memo tables on the
// patterns themselves. Each function returns the pattern that remains after
// one event; notAllowed means the event is not allowed there. The *Lenient
// variants are the recovery steps: they accept the event as if it were right,
// so one mistake gives one diagnostic.

import { datatypeProblem, valueEquals } from './datatypes';
import { Kind, nameClassContains, type Pattern, type PatternStore } from './patterns';

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

function remember(map: Map<string, Pattern>, key: string, p: Pattern): Pattern {
  if (map.size < maxMemoEntries) map.set(key, p);
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
  return remember(memo, qn.key, r);
}

/**
 * The derivative for one attribute. With `lenient`, any value is accepted
 * (recovery after an invalid value: the branches its name selects stay open).
 */
export function attDeriv(s: PatternStore, p: Pattern, qn: QName, value: string, lenient = false): Pattern {
  if (!p.hasAttributes) return s.notAllowed;
  const key = (lenient ? '\u0001' : '\u0000') + qn.key + '\u0000' + value;
  const memo = (p.attMemo ??= new Map());
  const hit = memo.get(key);
  if (hit) return hit;
  let r: Pattern;
  switch (p.kind) {
    case Kind.After:
      r = s.after(attDeriv(s, p.a!, qn, value, lenient), p.b!);
      break;
    case Kind.Choice:
      r = s.notAllowed;
      for (const m of p.members!) r = s.choice(r, attDeriv(s, m, qn, value, lenient));
      break;
    case Kind.Group:
      r = s.choice(s.group(attDeriv(s, p.a!, qn, value, lenient), p.b!), s.group(p.a!, attDeriv(s, p.b!, qn, value, lenient)));
      break;
    case Kind.Interleave:
      r = s.choice(s.interleave(attDeriv(s, p.a!, qn, value, lenient), p.b!), s.interleave(p.a!, attDeriv(s, p.b!, qn, value, lenient)));
      break;
    case Kind.OneOrMore:
      r = s.group(attDeriv(s, p.a!, qn, value, lenient), s.choice(p, s.empty));
      break;
    case Kind.Attribute:
      r = nameClassContains(p.nc!, qn.ns, qn.local) && (lenient || valueMatch(s, p.a!, value)) ? s.empty : s.notAllowed;
      break;
    default:
      r = s.notAllowed;
  }
  return remember(memo, key, r);
}

/** Does the text `value` match `p` (an attribute's value pattern, or a whole text-only content)? */
export function valueMatch(s: PatternStore, p: Pattern, value: string): boolean {
  return (p.nullable && isWhitespace(value)) || textDeriv(s, p, value).nullable;
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
  const key = (lenient ? '\u0001' : '\u0000') + text;
  const memo = (p.textMemo ??= new Map());
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
  return remember(memo, key, r);
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
