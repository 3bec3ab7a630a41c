// Baselines: a file recording the problems a repository already has, so a
// team can adopt the linter on a big tree and fail only on new problems.
// A problem is matched by file (relative to the current directory), code and
// fingerprint (cli/lintFile.ts: code, message and the offending line's text,
// not its number), so lines added or removed elsewhere keep it matched.

import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { messageText, type FileResult } from './lintFile';

export const baselineFormat = 1;

export interface BaselineEntry {
  file: string;
  code: string;
  fingerprint: string;
  /** For people reading the file; not used for matching. */
  message: string;
}

export interface Baseline {
  libvirtXmlLintBaseline: number;
  problems: BaselineEntry[];
}

/** The key a file has in a baseline: '/'-separated, relative to `cwd` when inside it. */
export function baselinePath(file: string, cwd: string): string {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  return (rel.startsWith('..') || rel === '' ? abs : rel).split(sep).join('/');
}

const key = (file: string, code: string, fingerprint: string) => `${file}\0${code}\0${fingerprint}`;

/** Every problem of the run, sorted, as a baseline. */
export function makeBaseline(results: readonly FileResult[], cwd: string): Baseline {
  const problems: BaselineEntry[] = [];
  for (const r of results) {
    const file = baselinePath(r.file, cwd);
    r.diagnostics.forEach((d, i) => problems.push({ file, code: String(d.code), fingerprint: r.fingerprints[i], message: messageText(d) }));
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  return { libvirtXmlLintBaseline: baselineFormat, problems };
}

export function writeBaseline(path: string, baseline: Baseline): void {
  writeFileSync(path, JSON.stringify(baseline, null, 2) + '\n');
}

/** Reads a baseline file; an error text when it is missing or not one. */
export function readBaseline(path: string): Baseline | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return `cannot read the baseline ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  try {
    const b = JSON.parse(text) as Baseline;
    if (b.libvirtXmlLintBaseline !== baselineFormat || !Array.isArray(b.problems)) throw new Error('not a libvirt-xml-lint baseline');
    for (const p of b.problems) if (typeof p.file !== 'string' || typeof p.code !== 'string' || typeof p.fingerprint !== 'string') throw new Error('an entry lacks file, code or fingerprint');
    return b;
  } catch (e) {
    return `${path}: ${e instanceof Error ? e.message : String(e)} (write one with --write-baseline)`;
  }
}

/** The results without the problems the baseline records; returns how many were left out. */
export function applyBaseline(results: FileResult[], baseline: Baseline, cwd: string): number {
  const known = new Set(baseline.problems.map((p) => key(p.file, p.code, p.fingerprint)));
  let dropped = 0;
  for (const r of results) {
    const file = baselinePath(r.file, cwd);
    const keep = r.diagnostics.map((d, i) => !known.has(key(file, String(d.code), r.fingerprints[i])));
    dropped += keep.filter((k) => !k).length;
    r.diagnostics = r.diagnostics.filter((_, i) => keep[i]);
    r.fingerprints = r.fingerprints.filter((_, i) => keep[i]);
  }
  return dropped;
}
