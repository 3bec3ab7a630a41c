// Did-you-mean: the allowed names or values closest to what was written (same
// letters up to case, or one or two edits apart). Used for messages and for recovery.

import { editDistance } from '../util/strings';

/** The candidates close to `written`, best first (at most three). */
export function closeMatches(written: string, candidates: readonly string[]): string[] {
  const w = written.toLowerCase();
  const scored: Array<{ c: string; d: number }> = [];
  for (const c of candidates) {
    if (c === written) continue;
    const k = c.toLowerCase();
    const limit = Math.max(c.length, written.length) <= 4 ? 1 : 2;
    if (Math.abs(k.length - w.length) > limit) continue;
    const d = k === w ? 0 : editDistance(w, k, limit);
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1));
  return scored.slice(0, 3).map((s) => s.c);
}
