// Reads a cpu_map from disk (an installed libvirt's, or a libvirt source tree's) and
// works out which libvirt version it belongs to. Wiring layer: uses fs, never runs programs.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CpuMapError, INDEX_FILE, LIBCPUINFO_FILE, parseCpuMap, SINGLE_FILE, type CpuMapReader } from '../catalog/cpuMap';
import type { CatalogData } from '../catalog/types';

/** Where distributions install libvirt's cpu_map (4.7 and later), and the single file of older releases. */
export const HOST_CPU_MAP_DIR = '/usr/share/libvirt/cpu_map';
export const HOST_CPU_MAP_FILE = '/usr/share/libvirt/cpu_map.xml';

/** The installed cpu_map directory or old single file, when one exists. */
export function findHostCpuMap(): string | undefined {
  if (isFile(join(HOST_CPU_MAP_DIR, INDEX_FILE))) return HOST_CPU_MAP_DIR;
  if (isFile(HOST_CPU_MAP_FILE)) return HOST_CPU_MAP_FILE;
  return undefined;
}

export interface LoadOptions {
  /** Use this version instead of detecting it. */
  libvirtVersion?: string;
  /** Check well-formedness of every file (default false here: installed files are trusted and it halves the time). */
  validate?: boolean;
}

/**
 * Loads a cpu_map directory, a directory's `index.xml`, or an old single `cpu_map.xml`
 * file. Throws `CpuMapError` (or an fs error for an unreadable path) when libvirt would
 * fail to load it too. `ms` is the wall time spent, detection included.
 */
export function loadCpuMapDir(path: string, options: LoadOptions = {}): { data: CatalogData; ms: number } {
  const start = performance.now();
  const full = resolve(path);
  const read = cpuMapReader(full);
  const libvirtVersion = options.libvirtVersion ?? detectLibvirtVersion(full);
  const data = parseCpuMap(read, { libvirtVersion, origin: full, validate: options.validate ?? false });
  return { data, ms: performance.now() - start };
}

/**
 * A reader over a cpu_map directory (or single file). Only bare file names are
 * served, so an include can never reach outside the directory.
 */
export function cpuMapReader(path: string): CpuMapReader {
  const st = statSync(path);
  if (st.isFile() && basename(path) !== INDEX_FILE) {
    return (name) => (name === SINGLE_FILE ? readText(path) : undefined);
  }
  const dir = st.isFile() ? dirname(path) : path;
  return (name) => {
    if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) return undefined;
    return readText(join(dir, name));
  };
}

/**
 * The libvirt version a cpu_map belongs to: from the source tree it sits in
 * (`meson.build`, or a `libvirt-X.Y.Z` directory), or, for the system cpu_map,
 * from the installed package. "unknown" when nothing says.
 */
export function detectLibvirtVersion(cpuMapPath: string): string {
  const full = resolve(cpuMapPath);
  const fromTree = sourceTreeVersion(full);
  if (fromTree) return fromTree;
  if (full === HOST_CPU_MAP_DIR || full.startsWith(HOST_CPU_MAP_DIR + '/') || full === HOST_CPU_MAP_FILE) {
    return installedLibvirtVersion() ?? 'unknown';
  }
  return 'unknown';
}

/** Looks at most three directories up from a cpu_map for libvirt's top-level meson.build or a versioned directory name. */
export function sourceTreeVersion(cpuMapPath: string): string | undefined {
  let dir = isFile(cpuMapPath) ? dirname(cpuMapPath) : cpuMapPath;
  for (let i = 0; i < 4; i++) {
    const meson = readText(join(dir, 'meson.build'));
    const m = meson && /project\s*\(\s*'libvirt'[\s\S]*?version\s*:\s*'([^']+)'/.exec(meson);
    if (m) return m[1];
    const named = /^libvirt-(\d+\.\d+\.\d+)$/.exec(basename(dir));
    if (named) return named[1];
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * The installed libvirt's upstream version, from package metadata files only:
 * dpkg's status file, pacman's database directory names, the versioned
 * `libvirt.so.0.MMMmmm.u` library name, pkg-config's `libvirt.pc`, or a
 * versioned /usr/share/doc directory. `prefix` is the installation prefix
 * ('usr', or 'usr/local', 'opt/libvirt' for a build installed from source: the
 * package databases then say nothing about it). `root` lets tests point it at a
 * fake file system.
 */
export function installedLibvirtVersion(root = '/', prefix = 'usr'): string | undefined {
  const packaged = prefix === 'usr' ? (dpkgVersion(root) ?? pacmanVersion(root)) : undefined;
  return packaged ?? sonameVersion(root, prefix) ?? pkgConfigVersion(root, prefix) ?? docDirVersion(root, prefix);
}

const DPKG_PACKAGES = ['libvirt-daemon', 'libvirt0', 'libvirt-daemon-system', 'libvirt-clients'];

function dpkgVersion(root: string): string | undefined {
  const status = readText(join(root, 'var/lib/dpkg/status'));
  if (!status) return undefined;
  const found = new Map<string, string>();
  // Jump to the few paragraphs that matter instead of splitting the whole (often multi-megabyte) file.
  for (const m of status.matchAll(/^Package:[ \t]*(libvirt[\w.+-]*)[ \t]*$/gm)) {
    const pkg = m[1];
    if (!DPKG_PACKAGES.includes(pkg)) continue;
    const end = status.indexOf('\n\n', m.index);
    const para = status.slice(m.index, end < 0 ? status.length : end);
    if (!/^Status:.*\binstalled\s*$/m.test(para) || /^Status:.*not-installed/m.test(para)) continue;
    const version = /^Version:\s*(\S+)/m.exec(para)?.[1];
    const upstream = version && upstreamVersion(version);
    if (upstream) found.set(pkg, upstream);
  }
  for (const pkg of DPKG_PACKAGES) if (found.has(pkg)) return found.get(pkg);
  return undefined;
}

function pacmanVersion(root: string): string | undefined {
  for (const name of listDir(join(root, 'var/lib/pacman/local'))) {
    const m = /^libvirt-(?:\d+:)?(\d+\.\d+\.\d+)-[^-]+$/.exec(name);
    if (m) return m[1];
  }
  return undefined;
}

const LIB_DIRS = ['lib64', 'lib/x86_64-linux-gnu', 'lib/aarch64-linux-gnu', 'lib/powerpc64le-linux-gnu', 'lib/s390x-linux-gnu', 'lib'];

/** libvirt names its library libvirt.so.0.<major*1000+minor>.<micro> (0.10.2 → .so.0.10.2, 11.3.0 → .so.0.11003.0). */
function sonameVersion(root: string, prefix: string): string | undefined {
  for (const dir of LIB_DIRS) {
    for (const name of listDir(join(root, prefix, dir))) {
      const m = /^libvirt\.so\.0\.(\d+)\.(\d+)$/.exec(name);
      if (m) {
        const n = Number(m[1]);
        return `${Math.floor(n / 1000)}.${n % 1000}.${m[2]}`;
      }
    }
  }
  return undefined;
}

/** The `Version:` line of libvirt.pc, which development packages and `meson install` put in a pkgconfig directory. */
function pkgConfigVersion(root: string, prefix: string): string | undefined {
  for (const dir of [...LIB_DIRS, 'share']) {
    const pc = readText(join(root, prefix, dir, 'pkgconfig/libvirt.pc'));
    const m = pc && /^Version:[ \t]*(\d+\.\d+\.\d+)[ \t]*$/m.exec(pc);
    if (m) return m[1];
  }
  return undefined;
}

/** Older RPM distributions (CentOS 6/7) install docs as /usr/share/doc/libvirt-0.10.2 or libvirt-daemon-1.2.17. */
function docDirVersion(root: string, prefix: string): string | undefined {
  for (const name of listDir(join(root, prefix, 'share/doc'))) {
    const m = /^libvirt(?:-[a-z][a-z0-9-]*)?-(\d+\.\d+\.\d+)$/.exec(name);
    if (m) return m[1];
  }
  return undefined;
}

/** "1:11.3.0-2~bpo12+1" → "11.3.0". */
export function upstreamVersion(packageVersion: string): string | undefined {
  return /^(?:\d+:)?(\d+(?:\.\d+)+)/.exec(packageVersion)?.[1];
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path).sort();
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export { CpuMapError };

/**
 * A digest of a cpu_map: every `*.xml` file of the directory in name order
 * (libcpuinfo's optional alias file left out: distributions do not install it),
 * or the single old-style file. Reading and hashing take a few milliseconds,
 * against ~100 ms for parsing, so an installed cpu_map identical to the bundled
 * one is recognised without parsing it.
 */
export function cpuMapFingerprint(path: string): string {
  const full = resolve(path);
  const hash = createHash('sha256');
  const st = statSync(full);
  const dir = st.isFile() && basename(full) === INDEX_FILE ? dirname(full) : full;
  const files = st.isFile() && basename(full) !== INDEX_FILE ? [full] : readdirSync(dir).filter((f) => f.endsWith('.xml') && f !== LIBCPUINFO_FILE).sort().map((f) => join(dir, f));
  for (const file of files) {
    hash.update(basename(file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}
