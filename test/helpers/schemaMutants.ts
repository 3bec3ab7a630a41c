// Seeded single mutations of libvirt XML documents for the differential test
// against xmllint: rename, delete, duplicate or move an element; delete, rename
// or move an attribute; change an attribute value or an element's text. Each
// mutant records the line where a validator should report it.

import { type XmlElement, walkElements } from '../../server/src/xml/nodes';
import { parseXml } from '../../server/src/xml/parser';

/** A small fast PRNG (mulberry32): the same seed gives the same mutants everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type MutationKind =
  | 'rename-element'
  | 'delete-element'
  | 'duplicate-element'
  | 'move-element'
  | 'delete-attribute'
  | 'rename-attribute'
  | 'move-attribute'
  | 'change-value'
  | 'change-text';

export const mutationKinds: readonly MutationKind[] = [
  'rename-element', 'delete-element', 'duplicate-element', 'move-element', 'delete-attribute', 'rename-attribute', 'move-attribute', 'change-value', 'change-text',
];

export interface Mutant {
  kind: MutationKind;
  text: string;
  /**
   * 1-based lines where the mistake belongs: the changed node's line; for a deleted
   * element or attribute, the start tag of the element that lost it; for a move,
   * both ends (the new place, and the start tag of the element that lost it).
   */
  lines: number[];
  description: string;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

/** A one- or two-character typo of `s` (never `s` itself unless it is empty). */
function typo(r: () => number, s: string): string {
  if (s.length === 0) return 'x';
  const i = Math.floor(r() * s.length);
  const op = Math.floor(r() * 4);
  let out: string;
  if (op === 0) out = s.slice(0, i) + s.slice(i + 1);
  else if (op === 1) out = s.slice(0, i) + s[i] + s.slice(i);
  else if (op === 2 && s.length > 1 && i + 1 < s.length) out = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  else out = s.slice(0, i) + String.fromCharCode(97 + Math.floor(r() * 26)) + s.slice(i + 1);
  return out === s || out === '' ? s + 'x' : out;
}

const oddValues = ['', 'yes', 'no', 'on', 'off', '0', '1', '-1', '0x10', '4294967296', '18446744073709551616', 'foo', 'none', 'default', '/abs/path', 'rel/path', '52:54:00:12:34:56', ' 1'];

function escapeForQuote(v: string, quote: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(quote === '"' ? /"/g : /'/g, quote === '"' ? '&quot;' : '&apos;');
}

/**
 * One seeded mutation of `text`, or undefined when the document offers nothing
 * for the chosen kind (the caller tries another seed).
 */
export function mutate(text: string, seed: number): Mutant | undefined {
  const r = prng(seed);
  const xml = parseXml(text);
  const root = xml.roots[0];
  if (!root) return undefined;
  const elements: XmlElement[] = [];
  walkElements(xml, (el) => {
    elements.push(el);
  });
  const inner = elements.filter((e) => e !== root);
  const withAttributes = elements.filter((e) => e.attributes.some((a) => !a.name.startsWith('xmlns')));
  const names = [...new Set(elements.map((e) => e.name))];
  const attrValues = [...new Set(elements.flatMap((e) => e.attributes.map((a) => a.value ?? '')))];
  const kind = pick(r, mutationKinds);
  const splice = (start: number, end: number, insert: string) => text.slice(0, start) + insert + text.slice(end);
  switch (kind) {
    case 'rename-element': {
      if (inner.length === 0) return undefined;
      const el = pick(r, inner);
      const to = r() < 0.6 ? typo(r, el.name) : pick(r, names);
      if (to === el.name || /[^\w.:-]/.test(to)) return undefined;
      let out = text;
      if (el.endTagStart !== undefined) out = out.slice(0, el.endTagStart + 2) + to + out.slice(el.endTagStart + 2 + el.name.length);
      out = out.slice(0, el.nameStart) + to + out.slice(el.nameEnd);
      return { kind, text: out, lines: [lineAt(text, el.nameStart)], description: `<${el.name}> renamed <${to}>` };
    }
    case 'delete-element': {
      if (inner.length === 0) return undefined;
      const el = pick(r, inner);
      return { kind, text: splice(el.start, el.end, ''), lines: [lineAt(text, el.parent!.nameStart)], description: `<${el.name}> deleted` };
    }
    case 'duplicate-element': {
      if (inner.length === 0) return undefined;
      const el = pick(r, inner);
      const copy = text.slice(el.start, el.end);
      return { kind, text: splice(el.end, el.end, copy), lines: [lineAt(text, el.end)], description: `<${el.name}> duplicated` };
    }
    case 'move-element': {
      // Into a different element: the parent's previous or next sibling, or the grandparent.
      if (inner.length === 0) return undefined;
      const el = pick(r, inner);
      const targets = elements.filter((t) => t !== el && !isInside(t, el) && t !== el.parent && !t.selfClosing && t.endTagStart !== undefined);
      if (targets.length === 0) return undefined;
      const to = pick(r, targets);
      const piece = text.slice(el.start, el.end);
      const at = to.endTagStart!;
      let out: string;
      let movedAt: number;
      if (at >= el.end) {
        out = text.slice(0, el.start) + text.slice(el.end, at) + piece + text.slice(at);
        movedAt = at - (el.end - el.start);
      } else {
        out = text.slice(0, at) + piece + text.slice(at, el.start) + text.slice(el.end);
        movedAt = at;
      }
      return { kind, text: out, lines: [lineAt(out, movedAt), lineAt(out, el.parent!.nameStart < movedAt ? el.parent!.nameStart : el.parent!.nameStart + (el.end - el.start))], description: `<${el.name}> moved into <${to.name}>` };
    }
    case 'delete-attribute': {
      if (withAttributes.length === 0) return undefined;
      const el = pick(r, withAttributes);
      const a = pick(r, el.attributes.filter((x) => !x.name.startsWith('xmlns')));
      let start = a.nameStart;
      while (start > 0 && /\s/.test(text[start - 1])) start--;
      const end = a.valueEnd >= 0 ? a.valueEnd + 1 : a.nameEnd;
      return { kind, text: splice(start, end, ''), lines: [lineAt(text, el.nameStart)], description: `${el.name}@${a.name} deleted` };
    }
    case 'rename-attribute': {
      if (withAttributes.length === 0) return undefined;
      const el = pick(r, withAttributes);
      const a = pick(r, el.attributes.filter((x) => !x.name.startsWith('xmlns')));
      const to = typo(r, a.name);
      if (/[^\w.-]/.test(to) || el.attributes.some((x) => x.name === to)) return undefined;
      return { kind, text: splice(a.nameStart, a.nameEnd, to), lines: [lineAt(text, a.nameStart)], description: `${el.name}@${a.name} renamed ${to}` };
    }
    case 'move-attribute': {
      const candidates = withAttributes.filter((e) => e.parent);
      if (candidates.length === 0) return undefined;
      const el = pick(r, candidates);
      const a = pick(r, el.attributes.filter((x) => !x.name.startsWith('xmlns')));
      const parent = el.parent!;
      if (parent.attributes.some((x) => x.name === a.name)) return undefined;
      let start = a.nameStart;
      while (start > 0 && /\s/.test(text[start - 1])) start--;
      const end = a.valueEnd >= 0 ? a.valueEnd + 1 : a.nameEnd;
      const piece = ' ' + text.slice(a.nameStart, end);
      // Remove first (it comes later in the text), then insert after the parent's name.
      const out = text.slice(0, parent.nameEnd) + piece + text.slice(parent.nameEnd, start) + text.slice(end);
      return { kind, text: out, lines: [lineAt(text, parent.nameStart), lineAt(text, el.nameStart)], description: `${el.name}@${a.name} moved to ${parent.name}` };
    }
    case 'change-value': {
      const valued = withAttributes.flatMap((e) => e.attributes.filter((a) => a.valueStart >= 0 && !a.name.startsWith('xmlns')));
      if (valued.length === 0) return undefined;
      const a = pick(r, valued);
      const roll = r();
      const to = roll < 0.45 ? typo(r, a.value ?? '') : roll < 0.7 ? pick(r, oddValues) : pick(r, attrValues);
      if (to === a.value) return undefined;
      return { kind, text: splice(a.valueStart, a.valueEnd, escapeForQuote(to, a.quote ?? "'")), lines: [lineAt(text, a.valueStart)], description: `@${a.name}='${a.value}' changed to '${to}'` };
    }
    case 'change-text': {
      const leaves = inner.filter((e) => e.children.length === 0 && !e.selfClosing && e.endTagStart !== undefined && e.texts.every((t) => !t.cdata));
      if (leaves.length === 0) return undefined;
      const el = pick(r, leaves);
      const old = text.slice(el.startTagEnd, el.endTagStart);
      const roll = r();
      const to = roll < 0.45 ? typo(r, old.trim()) : roll < 0.7 ? pick(r, oddValues) : pick(r, attrValues);
      if (to === old || /[<&]/.test(to)) return undefined;
      return { kind, text: splice(el.startTagEnd, el.endTagStart!, to), lines: [lineAt(text, el.startTagEnd)], description: `<${el.name}> text '${old.trim()}' changed to '${to}'` };
    }
  }
}

function isInside(el: XmlElement, ancestor: XmlElement): boolean {
  for (let e: XmlElement | undefined = el.parent; e; e = e.parent) if (e === ancestor) return true;
  return false;
}
