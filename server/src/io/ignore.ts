// `.gitignore`-style exclusion patterns for the CLI (`--exclude`, and the
// `.libvirt-xml-lintignore` file), matched against paths relative to the
// directory the patterns belong to. Pure: no file system.
// Syntax as git's: `#` comments, `!` re-includes, a trailing `/` matches
// directories only, a pattern with a `/` before its end is anchored to the
// base directory (otherwise it matches a name at any depth), `*`, `?`, `[…]`
// and `**` (`**/x`, `x/**`, `a/**/b`). As in git, nothing inside an excluded
// directory can be re-included.

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  re: RegExp;
}

export interface IgnoreMatcher {
  /** Whether `relPath` ('/'-separated, relative to the base) is excluded; `isDir` for a directory. */
  ignores(relPath: string, isDir: boolean): boolean;
  /** How many patterns were read (comments and blanks not counted). */
  size: number;
}

/** Compiles patterns (lines of an ignore file, or single `--exclude` values); bad lines are skipped, never thrown. */
export function compileIgnore(lines: readonly string[]): IgnoreMatcher {
  const rules: Rule[] = [];
  for (const raw of lines) {
    const rule = compileLine(raw);
    if (rule) rules.push(rule);
  }
  const test = (path: string, isDir: boolean): boolean | undefined => {
    let verdict: boolean | undefined;
    for (const r of rules) if ((!r.dirOnly || isDir) && r.re.test(path)) verdict = !r.negate;
    return verdict;
  };
  return {
    size: rules.length,
    ignores(relPath, isDir) {
      const segments = relPath.split(/[\\/]/).filter((s) => s !== '' && s !== '.');
      if (segments.length === 0 || segments[0] === '..') return false;
      // An excluded ancestor excludes everything below it.
      for (let i = 1; i < segments.length; i++) if (test(segments.slice(0, i).join('/'), true)) return true;
      return test(segments.join('/'), isDir) === true;
    },
  };
}

function compileLine(raw: string): Rule | undefined {
  let line = raw.replace(/\r$/, '');
  if (line.trim() === '' || line.startsWith('#')) return undefined;
  // Trailing blanks go unless escaped.
  line = line.replace(/(?<!\\)\s+$/, '');
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
  let dirOnly = false;
  if (line.endsWith('/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '' || line.length > 1000) return undefined;
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const body = patternToRegex(line);
  if (body === undefined) return undefined;
  try {
    return { negate, dirOnly, re: new RegExp(`${anchored ? '^' : '^(?:.*/)?'}${body}$`, 'u') };
  } catch {
    return undefined;
  }
}

function patternToRegex(p: string): string | undefined {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*' && (i === 0 || p[i - 1] === '/') && (i + 2 === p.length || p[i + 2] === '/')) {
      // `**/` = any number of directories (none included); a final `**` = anything below.
      if (i + 2 === p.length) re += '.*';
      else re += '(?:[^/]+/)*';
      i += 2;
    } else if (c === '*') {
      while (p[i + 1] === '*') i++;
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let cls = p.slice(i + 1, end);
      const neg = cls[0] === '!' || cls[0] === '^';
      if (neg) cls = cls.slice(1);
      re += `[${neg ? '^' : ''}${cls.replace(/[\\\]^[]/g, '\\$&')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < p.length) {
      re += p[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return re;
}
