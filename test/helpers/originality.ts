// Checks that our prose is our own: no run of `length` consecutive words
// (case and punctuation ignored) shared with a reference text such as
// libvirt's documentation.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The words of `text`, lower case, with punctuation and markup treated as spaces. */
export function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** Every run of `length` consecutive words of `texts`, as one space-joined string. */
export function shingles(texts: Iterable<string>, length: number): Set<string> {
  const out = new Set<string>();
  for (const t of texts) {
    const w = words(t);
    for (let i = 0; i + length <= w.length; i++) out.add(w.slice(i, i + length).join(' '));
  }
  return out;
}

/** The first run of `length` words of `text` found in `reference`, or undefined. */
export function sharedRun(text: string, reference: ReadonlySet<string>, length: number): string | undefined {
  const w = words(text);
  for (let i = 0; i + length <= w.length; i++) {
    const run = w.slice(i, i + length).join(' ');
    if (reference.has(run)) return run;
  }
  return undefined;
}

/** The text of every .rst file under `dir` (recursively), in a stable order; [] when absent. */
export function rstTexts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...rstTexts(path));
    else if (name.endsWith('.rst')) out.push(readFileSync(path, 'utf8'));
  }
  return out;
}
