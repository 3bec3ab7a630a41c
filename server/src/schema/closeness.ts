// Did-you-mean: the allowed names or values closest to what was written (same
// letters up to case, or one or two edits apart). Used for messages and for recovery.

/** The candidates close to `written`, best first (at most three). */
export function closeMatches(written: string, candidates: readonly string[]): string[] {
  const w = written.toLowerCase();
  const scored: Array<{ c: string; d: number }> = [];
  for (const c of candidates) {
    if (c === written) continue;
    const k = c.toLowerCase();
    const limit = Math.max(c.length, written.length) <= 4 ? 1 : 2;
    if (Math.abs(k.length - w.length) > limit) continue;
    const d = k === w ? 0 : editDistance(w, k);
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1));
  return scored.slice(0, 3).map((s) => s.c);
}

/** Levenshtein distance with adjacent transpositions, two rows, no recursion. */
export function editDistance(a: string, b: string): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}
