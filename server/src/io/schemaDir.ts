// Reads a directory of libvirt RelaxNG schemas from disk (an installed libvirt's
// /usr/share/libvirt/schemas, or one a machine-scoped setting names) into memory,
// bounded, and says which libvirt it belongs to. Wiring layer: the compiler
// (schema/compile.ts) only ever sees the snapshot made here, so no include can
// reach a file outside the directory.

import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { GrammarError, libvirtRootFiles } from '../schema/compile';
import { installedLibvirtVersion, sourceTreeVersion } from './cpuMapDir';
import { readBounded } from './fileText';

/** Where distributions install libvirt's schemas. */
export const HOST_SCHEMA_DIR = '/usr/share/libvirt/schemas';

/**
 * What a schema directory may hold before it is refused (libvirt 11.3 installs 26
 * files, 496 KB in all, the largest, domaincommon.rng, about 230 KB).
 */
export const schemaDirLimits = {
  /** Directory entries looked at. */
  maxEntries: 5000,
  /** `.rng` files read. */
  maxFiles: 400,
  maxFileBytes: 4 * 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024,
};

export class SchemaDirError extends Error {}

/** A schema directory in memory: every `.rng` file directly in it, by bare name. */
export interface SchemaSnapshot {
  /** The directory as given, resolved. */
  dir: string;
  files: ReadonlyMap<string, string>;
  /** `.rng` names that were not read, with why (a link out of the directory, not a regular file…). */
  refused: ReadonlyMap<string, string>;
  /** Digest of every file read (name and text), in name order. */
  digest: string;
}

/** The installed schema directory, when libvirt's is there. */
export function findHostSchemaDir(): string | undefined {
  return isFile(join(HOST_SCHEMA_DIR, 'domain.rng')) ? HOST_SCHEMA_DIR : undefined;
}

/**
 * Reads every `.rng` file of `path` (a directory, or its `domain.rng`). Symbolic
 * links are followed only while they stay inside the directory (resolved from
 * their text, so nothing outside is even looked at); files must be regular,
 * valid UTF-8 and within `schemaDirLimits`. Throws SchemaDirError with the reason.
 */
export function readSchemaDir(path: string, limits = schemaDirLimits): SchemaSnapshot {
  let dir = resolve(path);
  if (isFile(dir)) dir = dirname(dir);
  let real: string;
  try {
    real = realpathSync(dir);
    if (!statSync(real).isDirectory()) throw new SchemaDirError(`${dir} is not a directory`);
  } catch (e) {
    if (e instanceof SchemaDirError) throw e;
    throw new SchemaDirError(`cannot read ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const names = readdirSync(real);
  if (names.length > limits.maxEntries) throw new SchemaDirError(`${dir} has ${names.length} entries (more than ${limits.maxEntries}); not a schema directory`);
  const rng = names.filter((n) => n.endsWith('.rng')).sort();
  if (rng.length > limits.maxFiles) throw new SchemaDirError(`${dir} has ${rng.length} .rng files (more than ${limits.maxFiles})`);
  const files = new Map<string, string>();
  const refused = new Map<string, string>();
  let total = 0;
  for (const name of rng) {
    const target = insideTarget(real, name);
    if (typeof target !== 'string') {
      refused.set(name, target.reason);
      continue;
    }
    const bytes = readBounded(target, limits.maxFileBytes);
    if (typeof bytes === 'string') {
      refused.set(name, bytes);
      continue;
    }
    total += bytes.length;
    if (total > limits.maxTotalBytes) throw new SchemaDirError(`the .rng files of ${dir} hold more than ${limits.maxTotalBytes / 1024 / 1024} MB`);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      refused.set(name, `${name} is not valid UTF-8`);
      continue;
    }
    files.set(name, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  }
  if (!files.has('domain.rng')) throw new SchemaDirError(refused.get('domain.rng') ?? `no domain.rng in ${dir}`);
  return { dir, files, refused, digest: schemaDigest([...files].map(([n, text]) => ({ name: n, text }))) };
}

/** The digest the generator records (data/grammar.json `digest`): sha256 over name and text of each file, in the order given. */
export function schemaDigest(files: ReadonlyArray<{ name: string; text: string }>): string {
  const h = createHash('sha256');
  for (const f of files) h.update(`${f.name}\0${f.text}\0`);
  return 'sha256:' + h.digest('hex');
}

/**
 * The compiler's reader over a snapshot: bare names of files in it only. Anything
 * else (a path, `..`, an absolute name, a file refused while reading) is a
 * GrammarError saying why.
 */
export function snapshotReader(snapshot: SchemaSnapshot): (file: string) => string {
  return (file) => {
    if (file === '' || file.startsWith('.') || /[/\\\0]/.test(file) || isAbsolute(file)) throw new GrammarError(`include '${file}' leaves the schema directory (only file names in ${snapshot.dir} are read)`);
    const text = snapshot.files.get(file);
    if (text !== undefined) return text;
    throw new GrammarError(snapshot.refused.get(file) ?? `include '${file}': no such .rng file in ${snapshot.dir}`);
  };
}

/**
 * The files the roots reach through `<include href>`, found by a plain text scan
 * (no compile). Only used to recognise the bundled grammar's exact files: a scan
 * that finds too much or too little gives another digest, never a false match.
 */
export function includeClosure(files: ReadonlyMap<string, string>, roots: readonly string[] = libvirtRootFiles): Array<{ name: string; text: string }> | undefined {
  const seen = new Set<string>();
  const stack = roots.filter((r) => files.has(r));
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    const text = files.get(name);
    if (text === undefined) return undefined;
    seen.add(name);
    for (const m of text.matchAll(/<include\s+href\s*=\s*["']([^"']+)["']/g)) stack.push(m[1]);
  }
  return [...seen].sort().map((name) => ({ name, text: files.get(name)! }));
}

/** A libvirt version and how it was found. */
export interface DetectedVersion {
  version: string;
  from: string;
}

/**
 * Which libvirt a schema directory belongs to (its files do not say): its source
 * tree (meson.build above it), else the package metadata of the installation
 * prefix it sits in (`PREFIX/share/libvirt/schemas`: dpkg or pacman for /usr, then
 * the versioned libvirt.so name, libvirt.pc, a versioned doc directory under
 * PREFIX). `root` lets tests point it at a fake file system.
 */
export function detectSchemaVersion(dir: string, root = '/'): DetectedVersion | undefined {
  const full = resolve(dir);
  const tree = sourceTreeVersion(join(root, full));
  if (tree) return { version: tree, from: 'its libvirt source tree' };
  const m = /^\/(.*)\/share\/libvirt\/schemas\/?$/.exec(full);
  if (!m) return undefined;
  const version = installedLibvirtVersion(root, m[1]);
  return version ? { version, from: `the libvirt installed under /${m[1]}` } : undefined;
}

/** Where `name` in `dir` really is, following symbolic links only while they stay in `dir`. */
function insideTarget(dir: string, name: string): string | { reason: string } {
  let current = name;
  for (let hops = 0; hops < 8; hops++) {
    const path = join(dir, current);
    let st;
    try {
      st = lstatSync(path);
    } catch (e) {
      return { reason: `${name}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
    }
    if (st.isFile()) return path;
    if (!st.isSymbolicLink()) return { reason: `${name} is not a regular file` };
    const link = readlinkSync(path);
    const to = resolve(dir, link);
    if (dirname(to) !== dir) return { reason: `${name} is a symbolic link out of the schema directory (to ${link})` };
    current = basename(to);
  }
  return { reason: `${name}: too many symbolic links` };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
