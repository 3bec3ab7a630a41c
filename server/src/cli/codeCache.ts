// Starts the CLI's body, the language server's and the VS Code client's
// through V8's code cache, so a one-file run costs little more than node's own
// start and the editor side is ready sooner: V8 cached data (vm.Script) kept in a
// file next to nothing else of ours, on every node version (node 22's own
// compile cache is the same V8 data, but only for files loaded with
// require()). The cache lives in $LIBVIRT_XML_LINT_CACHE, else
// $XDG_CACHE_HOME/libvirt-xml-lint, else ~/.cache/libvirt-xml-lint;
// LIBVIRT_XML_LINT_CACHE=off turns it off. A cache that cannot be read or
// written (read-only, missing, foreign) is ignored: it only ever costs speed.
// Only node built-ins here: this runs before anything else is loaded (and the
// VS Code client's launcher takes it too).

import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import Module = require('node:module');
import { Script } from 'node:vm';

/** The cache directory, or undefined when caching is off or there is nowhere to put it. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.LIBVIRT_XML_LINT_CACHE;
  if (set !== undefined && set !== '') return /^(off|0|false|no)$/i.test(set) ? undefined : set;
  try {
    const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
    return base.startsWith('/') || /^[A-Za-z]:/.test(base) ? join(base, 'libvirt-xml-lint') : undefined;
  } catch {
    return undefined;
  }
}

/** A short, stable name part for a file's identity (path, size, mtime, node version). */
export function tag(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

const jitFlagsKey = Symbol.for('libvirt-xml-lint.jit-flags');

/**
 * Sets V8 flags for the rest of the process (cli/workers.ts, for a parallel
 * run) and records it in this thread, so the code cache this thread was
 * loaded with is not written under flags V8 would refuse it for.
 */
export function setJitFlags(flags: string): void {
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString(flags);
  (globalThis as Record<symbol, unknown>)[jitFlagsKey] = flags;
}

/** The flags this thread set with `setJitFlags`, or undefined when it set none. */
function changedJitFlags(): string | undefined {
  const v = (globalThis as Record<symbol, unknown>)[jitFlagsKey];
  return typeof v === 'string' ? v : undefined;
}

export interface CodeCacheOptions {
  /** The cache directory (cacheDirectory()); undefined: compile without a cache. */
  dir: string | undefined;
  /** First part of the cache file's name: 'cli', 'server' or 'client', for the bundle it holds. */
  kind: string;
  /**
   * The V8 flags the caller runs under when they are not node's defaults (a
   * lint worker's); V8 refuses a cache made under other flags, so such a run
   * keeps a cache file of its own (`<kind>w-…`).
   */
  jitFlags?: string;
  /**
   * Also write a missing cache this many milliseconds after the start: a
   * long-lived process (the language server, VS Code's extension host) may
   * be killed rather than exit, and by then it has compiled what a first
   * document needs.
   */
  writeAfter?: number;
}

/**
 * Runs the bundle `file` as node runs a CommonJS module, through V8's code
 * cache when there is a cache directory. The bundle is written as one
 * function expression taking a module's parameters (scripts/bundles.mjs), so
 * V8 is given the file's text as it is: wrapping it at run time would copy
 * the whole bundle once more. Returns what the bundle exports.
 */
export function runWithCodeCache(file: string, options: CodeCacheOptions): unknown {
  const source = readFileSync(file, 'utf8');
  let script: Script | undefined;
  if (options.dir !== undefined) {
    try {
      // One cache file per installed bundle: `<kind>-<path tag>-<content tag>.v8` (under other
      // flags: `<kind>w-<path tag>-<flags tag>-<content tag>.v8`); a rebuild replaces it.
      script = cached(file, source, options.dir, options);
    } catch {
      script = undefined;
    }
  }
  script ??= new Script(source, { filename: file });
  const m = new Module(file, module);
  m.filename = file;
  const body = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  body.call(m.exports, m.exports, Module.createRequire(file), m, file, dirname(file));
  return m.exports;
}

/** `source` compiled with the cache file's data when it has any, and that file (re)written later when it had none V8 took. */
function cached(file: string, source: string, dir: string, options: CodeCacheOptions): Script {
  const jitFlags = options.jitFlags ?? '';
  const prefix = jitFlags ? `${options.kind}w-${tag(file)}-${tag(jitFlags)}-` : `${options.kind}-${tag(file)}-`;
  const st = statSync(file);
  const cacheFile = join(dir, `${prefix}${tag(`${process.version}\0${process.arch}\0${st.size}\0${st.mtimeMs}\0${source.length}`)}.v8`);
  let data: Buffer | undefined;
  try {
    data = readFileSync(cacheFile);
  } catch {
    data = undefined;
  }
  const script = new Script(source, { filename: file, cachedData: data });
  if (data === undefined || script.cachedDataRejected) {
    let written = false;
    // At exit, so the functions the run compiled are in the cache too; not when the
    // run changed V8's flags (a parallel run's main thread): V8 would refuse a cache
    // made under them when this file is next loaded.
    const write = () => {
      if (written || (changedJitFlags() ?? jitFlags) !== jitFlags) return;
      written = true;
      try {
        ensureDirectory(dir, 4);
        const tmp = `${cacheFile}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, cacheFile);
        for (const old of readdirSync(dir)) if (old.startsWith(prefix) && join(dir, old) !== cacheFile && old.endsWith('.v8')) unlinkSync(join(dir, old));
      } catch {
        // Read-only or foreign cache directory: run uncached next time too.
      }
    };
    process.once('exit', write);
    if (options.writeAfter !== undefined) setTimeout(write, options.writeAfter).unref();
  }
  return script;
}

/**
 * mkdir -p for at most `depth` missing levels, without mkdirSync's recursive
 * mode (which never returns on some paths, e.g. under /proc). Throws when it
 * cannot.
 */
export function ensureDirectory(dir: string, depth: number): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || depth <= 1 || dirname(dir) === dir) throw e;
    ensureDirectory(dirname(dir), depth - 1);
    mkdirSync(dir, { mode: 0o700 });
  }
}
