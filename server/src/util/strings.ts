// String measures every layer may need: the one edit distance behind every
// "did you mean", and lengths counted the way libvirt (bytes) and the schema
// (characters) count them. No imports: the bottom of the layer order.

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition).
 * With `limit`, gives up and returns `limit + 1` as soon as every alignment
 * costs more, so comparing against a long list stays cheap.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  // Three rows reused across calls: suggestions call this hundreds of times per name.
  if (rows[0].length < m + 1) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let [prev2, prev, cur] = rows;
  prev2.fill(0, 0, m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** UTF-8 length in bytes (what libvirt's strlen counts). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Length in characters, surrogate pairs counted once (what the schema's patterns count). */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
