// Chooses the RelaxNG grammar for the server and the CLI: the bundled one
// (data/grammar.json, libvirt 11.3) by default, or the schemas of the libvirt
// installed on this machine (or a directory a machine-scoped setting names),
// compiled at run time by the generator's own compiler, cached by content
// digest; falls back to the bundled grammar with a reason on any problem.
// Wiring layer, like catalogLoader.ts for the CPU catalog.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledGrammar } from '../schema/bundled';
import { compileGrammar, compilerRevision, libvirtRootFiles } from '../schema/compile';
import type { GrammarData } from '../schema/format';
import { Grammar } from '../schema/grammar';
import type { GrammarInfo } from '../protocol';
import { detectSchemaVersion, findHostSchemaDir, includeClosure, readSchemaDir, schemaDigest, snapshotReader, type SchemaSnapshot } from './schemaDir';

export interface LoadedGrammar {
  grammar: Grammar;
  info: GrammarInfo;
}

export interface GrammarChoice {
  /** Try the host's schemas (auto-detected, or `schemasPath`); when false the bundled grammar is used and `schemasPath` ignored. */
  useHost: boolean;
  /** A schema directory; empty = /usr/share/libvirt/schemas when present. */
  schemasPath?: string;
  /** A directory to keep compiled grammars in across runs (the extension's global storage, the CLI's cache); none = memory only. */
  cacheDir?: string;
}

/** Grammars compiled in this process, by cache key (a few: settings rarely name more). */
const memory = new Map<string, { grammar: Grammar; versionFrom?: string }>();
const memorySize = 4;

export function loadBundledGrammar(): LoadedGrammar {
  const t0 = performance.now();
  const grammar = bundledGrammar();
  return { grammar, info: infoOf(grammar, 'bundled', 'bundled', 'bundled', performance.now() - t0) };
}

/** The grammar the settings ask for. Never throws: any problem gives the bundled grammar and a `fallbackReason`. */
export function chooseGrammar(choice: GrammarChoice): LoadedGrammar {
  const path = choice.useHost ? choice.schemasPath || findHostSchemaDir() : undefined;
  if (!path) return loadBundledGrammar();
  const t0 = performance.now();
  try {
    const loaded = loadSchemaDir(path, choice.cacheDir);
    loaded.info.loadMs = round(performance.now() - t0);
    return loaded;
  } catch (e) {
    const out = loadBundledGrammar();
    out.info.fallbackReason = `could not use ${path}: ${e instanceof Error ? e.message : String(e)}`;
    out.info.loadMs = round(performance.now() - t0);
    return out;
  }
}

/** Compiles (or finds in a cache) the grammar of one schema directory; throws with the reason it cannot. */
export function loadSchemaDir(path: string, cacheDir?: string): LoadedGrammar {
  const snapshot = readSchemaDir(path);
  // The files and where they are (the version is read from around them), for this compiler.
  const key = `${compilerRevision}-${schemaDigest([{ name: snapshot.dir, text: snapshot.digest }]).slice('sha256:'.length, 'sha256:'.length + 40)}`;
  const bundled = bundledGrammar();
  const hit = memory.get(key);
  if (hit) return { grammar: hit.grammar, info: infoOf(hit.grammar, 'host', snapshot.dir, hit.grammar === bundled ? 'same as bundled' : 'memory', 0, hit.versionFrom) };
  const sameAsBundled = (): LoadedGrammar => {
    const versionFrom = `the same files as the bundled libvirt ${bundled.libvirtVersion} grammar`;
    remember(key, bundled, versionFrom);
    return { grammar: bundled, info: infoOf(bundled, 'host', snapshot.dir, 'same as bundled', 0, versionFrom) };
  };
  // The very files the bundled grammar was made from: no compile needed.
  const closure = includeClosure(snapshot.files);
  if (closure && schemaDigest(closure) === bundled.data.digest) return sameAsBundled();
  const cached = cacheDir ? readCache(cacheDir, key) : undefined;
  if (cached) {
    // Read again: an upgrade may keep the schemas and change the version.
    const detected = detectSchemaVersion(snapshot.dir);
    const grammar = new Grammar({ ...cached, libvirtVersion: detected?.version ?? 'unknown' });
    remember(key, grammar, detected?.from);
    return { grammar, info: infoOf(grammar, 'host', snapshot.dir, 'disk cache', 0, detected?.from) };
  }
  const { data, versionFrom } = compileSnapshot(snapshot);
  if (data.digest === bundled.data.digest) return sameAsBundled();
  const grammar = new Grammar(data);
  remember(key, grammar, versionFrom);
  if (cacheDir) writeCache(cacheDir, key, data);
  return { grammar, info: infoOf(grammar, 'host', snapshot.dir, 'compiled', 0, versionFrom) };
}

/**
 * Compiles a snapshot with the generator's compiler: the root files it has (an
 * older libvirt lacks some: networkport.rng came in 5.5), the documentation
 * anchors of the bundled grammar (installed schemas come without libvirt's docs).
 */
export function compileSnapshot(snapshot: SchemaSnapshot): { data: GrammarData; versionFrom?: string } {
  const bundled = bundledGrammar();
  const data = compileGrammar({
    files: libvirtRootFiles.filter((f) => snapshot.files.has(f)),
    read: snapshotReader(snapshot),
    libvirtVersion: 'unknown',
    origin: snapshot.dir,
    digest: schemaDigest,
    docs: () => bundled.data.docs,
  });
  // Only for schemas that compile: a refused directory never makes us look around it.
  const detected = detectSchemaVersion(snapshot.dir);
  if (detected) data.libvirtVersion = detected.version;
  return { data, versionFrom: detected?.from };
}

function remember(key: string, grammar: Grammar, versionFrom: string | undefined): void {
  if (memory.size >= memorySize) memory.delete(memory.keys().next().value!);
  memory.set(key, { grammar, versionFrom });
}

/** Forgets the grammars compiled in this process (tests measure cold loads with it). */
export function clearGrammarMemory(): void {
  memory.clear();
}

function cacheFile(cacheDir: string, key: string): string {
  return join(cacheDir, `grammar-${key}.json`);
}

/** A cached grammar, when the file is there and has the grammar's shape (anything else is ignored and recompiled). */
function readCache(cacheDir: string, key: string): GrammarData | undefined {
  try {
    const g = JSON.parse(readFileSync(cacheFile(cacheDir, key), 'utf8')) as GrammarData;
    const ok = g && g.format === 1 && typeof g.libvirtVersion === 'string' && Array.isArray(g.patterns) && g.roots && typeof g.roots === 'object' && Array.isArray(g.namespaces) && g.docs && typeof g.docs === 'object';
    return ok ? g : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written only costs the next start a compile. */
function writeCache(cacheDir: string, key: string, data: GrammarData): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const file = cacheFile(cacheDir, key);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, file);
  } catch {
    // ignored: see above
  }
}

/** One line for logs and the CLI: which libvirt, from where, how it was obtained and how long it took. */
export function grammarSummary(info: GrammarInfo): string {
  const where = info.kind === 'bundled' ? 'bundled' : `host, ${info.origin}`;
  const from = info.versionFrom ? `; version from ${info.versionFrom}` : info.kind === 'host' && info.libvirtVersion === 'unknown' ? '; nothing on this machine says which libvirt it is' : '';
  return `libvirt ${info.libvirtVersion} (${where}${from}), ${info.roots.length} document kinds, ${info.patterns} patterns, ${info.source} in ${info.loadMs} ms`;
}

function infoOf(grammar: Grammar, kind: GrammarInfo['kind'], origin: string, source: GrammarInfo['source'], ms: number, versionFrom?: string): GrammarInfo {
  const info: GrammarInfo = {
    kind,
    libvirtVersion: grammar.libvirtVersion,
    origin,
    roots: Object.keys(grammar.data.roots),
    patterns: grammar.data.patterns.length,
    source,
    loadMs: round(ms),
  };
  if (versionFrom) info.versionFrom = versionFrom;
  return info;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
