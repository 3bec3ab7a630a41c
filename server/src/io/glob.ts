// The globs of `libvirtXml.hosts.files`, matched against paths relative to a
// workspace folder: `*`, `**`, `?`, `[abc]` and `{a,b}`. Pure: no file system.
// Patterns that could leave the folder (absolute, `..`, `~`) are refused.

/** One path segment of a pattern: `**` (any number of segments) or a test for one segment. */
type Token = { globstar: true } | { globstar: false; literal: string | undefined; re: RegExp };

export interface Glob {
  /** The pattern as the user wrote it. */
  source: string;
  /** Brace-expanded alternatives, each a list of segment tokens. */
  alternatives: Token[][];
}

export type CompiledGlob = { ok: true; glob: Glob } | { ok: false; error: string };

/** Most alternatives one pattern may expand to (`{a,b}{c,d}` is 4). */
const maxAlternatives = 64;
const maxPatternLength = 1000;

/**
 * Compiles a glob relative to a workspace folder. Backslashes count as
 * separators; empty and `.` segments are dropped. Refuses absolute paths,
 * `~`, any `..` segment, unbalanced braces and patterns too long to be sane.
 */
export function compileGlob(pattern: string): CompiledGlob {
  const fail = (why: string): CompiledGlob => ({ ok: false, error: `glob '${pattern}': ${why}` });
  if (typeof pattern !== 'string' || pattern.trim() === '') return fail('empty pattern');
  if (pattern.length > maxPatternLength) return fail(`longer than ${maxPatternLength} characters`);
  if (/[\0-\x1f]/.test(pattern)) return fail('contains control characters');
  const normalised = pattern.trim().replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised)) return fail('must be relative to the workspace folder, not absolute');
  if (normalised.startsWith('~')) return fail('must be relative to the workspace folder (~ is not expanded)');
  const expanded = expandBraces(normalised);
  if (typeof expanded === 'string') return fail(expanded);
  const alternatives: Token[][] = [];
  for (const alt of expanded) {
    const segments = alt.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.some((s) => s === '..')) return fail("'..' would leave the workspace folder");
    if (segments.length === 0) return fail('matches the folder itself, not files');
    try {
      alternatives.push(segments.map(tokenOf));
    } catch {
      return fail('invalid character class');
    }
  }
  return { ok: true, glob: { source: pattern, alternatives } };
}

/** `{a,b}` alternatives expanded innermost first (so nesting works); an error text when unbalanced or too many. */
function expandBraces(pattern: string): string[] | string {
  let work = [pattern];
  for (;;) {
    const next: string[] = [];
    let changed = false;
    for (const p of work) {
      const close = p.indexOf('}');
      const open = close < 0 ? -1 : p.lastIndexOf('{', close);
      if (close < 0 && p.includes('{')) return "unbalanced '{'";
      if (close >= 0 && open < 0) return "unbalanced '}'";
      if (close < 0) {
        next.push(p);
        continue;
      }
      changed = true;
      for (const choice of p.slice(open + 1, close).split(',')) next.push(p.slice(0, open) + choice + p.slice(close + 1));
      if (next.length > maxAlternatives) return `more than ${maxAlternatives} alternatives`;
    }
    work = [...new Set(next)];
    if (!changed) return work;
  }
}

function tokenOf(segment: string): Token {
  if (segment === '**') return { globstar: true };
  let re = '';
  let magic = false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') {
      magic = true;
      while (segment[i + 1] === '*') i++;
      re += '[^/]*';
    } else if (c === '?') {
      magic = true;
      re += '[^/]';
    } else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      magic = true;
      let body = segment.slice(i + 1, end);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return { globstar: false, literal: magic ? undefined : segment, re: new RegExp(`^${re}$`, 'u') };
}

/** Splits a relative path ('/' or '\\' separated) into segments. */
function segmentsOf(relPath: string): string[] {
  return relPath.split(/[\\/]/).filter((s) => s !== '' && s !== '.');
}

/** Whether the relative file path matches the glob. */
export function globMatches(glob: Glob, relPath: string): boolean {
  const segments = segmentsOf(relPath);
  if (segments.some((s) => s === '..')) return false;
  return glob.alternatives.some((tokens) => matchTokens(tokens, segments));
}

/**
 * Wildcard matching over segments: `**` matches any run of segments, every
 * other token exactly one. Greedy with one backtrack point, linear-ish and
 * never recursive.
 */
function matchTokens(tokens: Token[], segments: string[]): boolean {
  let t = 0;
  let s = 0;
  let starT = -1;
  let starS = 0;
  while (s < segments.length) {
    const tok = tokens[t];
    if (tok && tok.globstar) {
      starT = t++;
      starS = s;
    } else if (tok && tok.re.test(segments[s])) {
      t++;
      s++;
    } else if (starT >= 0) {
      t = starT + 1;
      s = ++starS;
    } else return false;
  }
  while (t < tokens.length && tokens[t].globstar) t++;
  return t === tokens.length;
}

/**
 * Where a walk for `glob` starts: for each alternative, the leading literal
 * segments (the directory to list first), deduplicated.
 */
export function globRoots(glob: Glob): string[][] {
  const out = new Map<string, string[]>();
  for (const tokens of glob.alternatives) {
    const literal: string[] = [];
    // The last segment names files; only directories before it form the root.
    for (let i = 0; i < tokens.length - 1; i++) {
      const tok = tokens[i];
      if (tok.globstar || tok.literal === undefined) break;
      literal.push(tok.literal);
    }
    out.set(literal.join('/'), literal);
  }
  // A root under another root is walked anyway.
  const roots = [...out.values()];
  return roots.filter((r) => !roots.some((o) => o !== r && o.length < r.length && o.every((seg, i) => r[i] === seg)));
}

/** Whether some file under the relative directory could match (prunes the walk). */
export function globMayMatchUnder(glob: Glob, relDir: string): boolean {
  const segments = segmentsOf(relDir);
  return glob.alternatives.some((tokens) => {
    for (let i = 0; i < segments.length; i++) {
      const tok = tokens[i];
      if (!tok) return false;
      if (tok.globstar) return true;
      // The last token names files, so a directory at its depth cannot hold a match.
      if (i === tokens.length - 1 || !tok.re.test(segments[i])) return false;
    }
    return true;
  });
}
