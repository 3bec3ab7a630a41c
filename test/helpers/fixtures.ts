// Helpers shared by the tests: `$0` cursor fixtures, problems as
// [code, covered text] pairs, and range sanity checks. No test logic here.

import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type XmlDocument, type XmlElement, walkElements } from '../../server/src/xml/nodes';

/** Strips the single `$0` marker from `marked`; returns the text and the marker's offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('$0');
  if (offset < 0 || marked.indexOf('$0', offset + 2) >= 0) throw new Error(`fixture needs exactly one $0 marker: ${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 2), offset };
}

/** Anything with a code and a [start, end) range over some text. */
export interface Ranged {
  code: string;
  start: number;
  end: number;
}

/** The problems of `doc` as `[code, covered text]` pairs, in the order the parser returns them. */
export function problems(doc: XmlDocument): [string, string][] {
  return covered(doc.text, doc.problems);
}

/** `[code, covered text]` pairs for ranged items over `text`. */
export function covered(text: string, items: readonly Ranged[]): [string, string][] {
  return items.map((p) => [p.code, text.slice(p.start, p.end)]);
}

/** The problem codes of `doc`, with how often each occurs. */
export function problemCounts(doc: XmlDocument): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of doc.problems) counts[p.code] = (counts[p.code] ?? 0) + 1;
  return counts;
}

/**
 * Asserts the invariants every parse must keep, whatever the input: each problem
 * range lies within [0, text.length] with start <= end and a message, problems
 * are sorted by offset, and every element's offsets are ordered and in bounds.
 * Iterative, so it is safe on very deep trees.
 */
export function assertWellFormedResult(doc: XmlDocument): void {
  const len = doc.text.length;
  let previous = 0;
  for (const p of doc.problems) {
    if (!(p.start >= 0 && p.start <= p.end && p.end <= len)) assert.fail(`problem ${p.code} has range [${p.start}, ${p.end}) outside [0, ${len}]`);
    if (p.start < previous) assert.fail(`problem ${p.code} at ${p.start} comes after one at ${previous}`);
    if (!p.message) assert.fail(`problem ${p.code} has no message`);
    previous = p.start;
  }
  walkElements(doc, (el) => {
    const ok =
      el.start >= 0 &&
      el.start < el.nameStart &&
      el.nameStart < el.nameEnd &&
      el.nameEnd <= el.startTagEnd &&
      el.startTagEnd <= el.end &&
      el.end <= len &&
      (el.endTagStart === undefined || (el.startTagEnd <= el.endTagStart && el.endTagStart < el.end));
    if (!ok) assert.fail(`element '${el.name}' at ${el.start} has inconsistent offsets`);
    for (const a of el.attributes) {
      const attrOk =
        a.nameStart < a.nameEnd &&
        a.nameEnd <= el.startTagEnd &&
        (a.valueStart < 0 ? a.value === undefined : a.valueStart <= a.valueEnd && a.valueEnd <= len);
      if (!attrOk) assert.fail(`attribute '${a.name}' of '${el.name}' has inconsistent offsets`);
    }
    for (const t of el.texts) if (!(t.start <= t.end && t.end <= len)) assert.fail(`text of '${el.name}' at ${t.start} is out of range`);
  });
}

/** The first element whose path from the root is `path` (e.g. "domain/cpu/model"). */
export function elementAt(doc: XmlDocument, path: string): XmlElement | undefined {
  const names = path.split('/');
  let list = doc.roots;
  let found: XmlElement | undefined;
  for (const name of names) {
    found = list.find((e) => e.name === name);
    if (!found) return undefined;
    list = found.children;
  }
  return found;
}

/** Like `elementAt`, but fails the test when there is no such element. */
export function mustFind(doc: XmlDocument, path: string): XmlElement {
  const el = elementAt(doc, path);
  if (!el) assert.fail(`no element at ${path}; tree is ${outline(doc)}`);
  return el;
}

/** The tree's shape as `a(b,c(d))` for small fixtures (recursive: not for deep trees). */
export function outline(doc: XmlDocument): string {
  const one = (e: XmlElement): string => (e.children.length ? `${e.name}(${e.children.map(one).join(',')})` : e.name);
  return doc.roots.map(one).join(',');
}

/** Offset of the `nth` (0-based) occurrence of `needle` in `text`; fails when there is none. */
export function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' occurs fewer than ${nth + 1} times`);
  }
  return at;
}

/** Runs `fn` and returns its result with the wall time it took, in milliseconds. */
export function timed<T>(fn: () => T): { result: T; ms: number } {
  const t0 = performance.now();
  const result = fn();
  return { result, ms: performance.now() - t0 };
}

/** Absolute path of a file in the repository, found by walking up from this bundle and from the working directory. */
export function repoFile(relative: string): string {
  for (const from of [__dirname, process.cwd()]) {
    for (let dir = resolve(from); ; dir = dirname(dir)) {
      const candidate = join(dir, relative);
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`cannot find ${relative} above ${__dirname} or ${process.cwd()}`);
}

/** A small seeded PRNG (mulberry32) so random inputs are reproducible. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
