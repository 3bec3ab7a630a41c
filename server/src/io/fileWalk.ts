// The CLI's inputs turned into a list of files: plain files as given,
// directories walked, quoted globs (`'hosts/**/*.xml'`) expanded, each minus
// what the ignore patterns exclude. The order is the inputs' order, then byte
// order of names inside each directory, so output never depends on the file
// system or on the number of jobs. Which of the walked files are libvirt XML
// is decided later, by content (cli/lintFile.ts).

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { compileGlob, globMatches, globMayMatchUnder, type Glob } from './glob';
import type { IgnoreMatcher } from './ignore';

export interface Candidate {
  /** The path as it will be printed: as given, or joined onto the given directory or glob base. */
  path: string;
  /** Named on the command line: always checked, and its problems (unreadable, binary, other XML) are said. */
  explicit: boolean;
}

export interface Expansion {
  files: Candidate[];
  /** Inputs that name nothing usable ("x: no such file or directory"); the others are still checked. */
  problems: string[];
}

/** Directories never walked into (they are never VM definitions and can be huge). */
const skippedDirectories = new Set(['.git', '.hg', '.svn', 'node_modules']);

const globMagic = /[*?[{]/;

/**
 * Expands the inputs relative to `cwd`. `ignore` (relative to `cwd`) applies
 * to every file, named or found; paths outside `cwd` are never excluded by it.
 */
export function expandInputs(inputs: readonly string[], cwd: string, ignore: IgnoreMatcher): Expansion {
  const out: Expansion = { files: [], problems: [] };
  const seen = new Set<string>();
  const excluded = (path: string, isDir: boolean) => {
    if (ignore.size === 0) return false;
    const rel = relative(cwd, resolve(cwd, path));
    return rel !== '' && !rel.startsWith('..') && ignore.ignores(rel.split(sep).join('/'), isDir);
  };
  const add = (path: string, explicit: boolean) => {
    const key = resolve(cwd, path);
    if (seen.has(key) || excluded(path, false)) return;
    seen.add(key);
    out.files.push({ path, explicit });
  };
  for (const input of inputs) {
    let isDir: boolean | undefined;
    try {
      isDir = statSync(resolve(cwd, input)).isDirectory();
    } catch (e) {
      if (!globMagic.test(input)) {
        // A missing file is reported by the check itself, like any unreadable file.
        add(input, true);
        continue;
      }
    }
    if (isDir === true) walk(cwd, input, () => true, excluded, add);
    else if (isDir === false) add(input, true);
    else {
      const glob = splitGlob(input);
      if (typeof glob === 'string') out.problems.push(`${input}: ${glob}`);
      else {
        const before = out.files.length;
        const base = glob.base === '' ? '.' : glob.base;
        const matches = (rel: string) => globMatches(glob.glob, rel);
        const under = (rel: string) => globMayMatchUnder(glob.glob, rel);
        const addFound = (p: string, explicit: boolean) => add(glob.base === '' ? p.replace(/^\.\//, '') : p, explicit);
        // A directory the glob names (`vms/*`) is walked whole, as the shell's expansion would be.
        const dirs: string[] = [];
        walk(cwd, base, matches, excluded, addFound, (rel, path) => {
          if (!matches(rel)) return under(rel);
          dirs.push(path);
          return false;
        });
        for (const d of dirs) walk(cwd, d, () => true, excluded, addFound);
        if (out.files.length === before && dirs.length === 0 && !anyMatchExcluded(cwd, base, matches, under)) out.problems.push(`${input}: no files match`);
      }
    }
  }
  return out;
}

/** A glob split into its literal directory part and the pattern below it. */
function splitGlob(input: string): { base: string; glob: Glob } | string {
  const segments = input.split(/[\\/]/);
  let i = 0;
  while (i < segments.length - 1 && !globMagic.test(segments[i])) i++;
  const base = segments.slice(0, i).join('/') || (input.startsWith('/') ? '/' : '');
  const compiled = compileGlob(segments.slice(i).join('/'));
  if (!compiled.ok) return compiled.error.replace(/^glob '[^']*': /, '');
  return { base, glob: compiled.glob };
}

/**
 * Depth-first walk of `dir` in byte order of names; `accept` and `mayDescend`
 * see paths relative to `dir`. Symbolic links to files are followed, to
 * directories not (no loops). Unreadable directories are skipped.
 */
function walk(
  cwd: string,
  dir: string,
  accept: (rel: string) => boolean,
  excluded: (path: string, isDir: boolean) => boolean,
  add: (path: string, explicit: boolean) => void,
  mayDescend: (rel: string, path: string) => boolean = () => true,
): void {
  const stack: Array<{ path: string; rel: string }> = [{ path: dir, rel: '' }];
  while (stack.length > 0) {
    const { path, rel } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(resolve(cwd, path), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: Array<{ path: string; rel: string }> = [];
    for (const e of entries) {
      const childPath = path === '.' ? e.name : join(path, e.name);
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          isFile = statSync(resolve(cwd, childPath)).isFile();
        } catch {
          isFile = false;
        }
      }
      if (e.isDirectory()) {
        if (!skippedDirectories.has(e.name) && !excluded(childPath, true) && mayDescend(childRel, childPath)) subdirs.push({ path: childPath, rel: childRel });
      } else if (isFile && accept(childRel)) add(childPath, false);
    }
    // Reversed onto the stack so the first subdirectory is walked first.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}

/** Whether the glob matched something that the ignore patterns then removed (so "no files match" would mislead). */
function anyMatchExcluded(cwd: string, base: string, accept: (rel: string) => boolean, mayDescend: (rel: string) => boolean): boolean {
  let found = false;
  walk(cwd, base, accept, () => false, () => void (found = true), (rel) => accept(rel) || mayDescend(rel));
  return found;
}
