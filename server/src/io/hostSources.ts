// Where the editor's host descriptions come from: files matching the
// `libvirtXml.hosts.files` globs inside the workspace folders (never outside,
// capped in count and size) and `virsh -c URI domcapabilities` run without a
// shell, under a timeout. Only reads and runs; parsing is the hosts engine's.

import { lstat, open, readdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { decodeFile } from './fileText';
import { domCapabilities } from './virsh';
import { compileGlob, globMatches, globMayMatchUnder, globRoots, type Glob } from './glob';

export interface SourceLimits {
  /** Most files read over all globs and folders. */
  maxFiles: number;
  /** Largest file read, in bytes. */
  maxBytes: number;
  /** Most directory entries looked at per folder (bounds `**` walks of huge trees). */
  maxEntries: number;
}

export const defaultLimits: SourceLimits = { maxFiles: 500, maxBytes: 5 * 1024 * 1024, maxEntries: 20_000 };

export interface Folder {
  /** Shown in host names when there are several folders. */
  name: string;
  /** Absolute file-system path. */
  path: string;
}

export interface FoundFile {
  /** Absolute path. */
  path: string;
  /** Path relative to its folder ('/' separated), prefixed with the folder name when there are several. */
  name: string;
}

export interface FoundFiles {
  files: FoundFile[];
  problems: string[];
}

/** Directories a `**` walk does not enter. */
const skippedDirs = new Set(['.git', '.hg', '.svn', 'node_modules']);

/**
 * The files matching any glob inside any folder, in a stable order. Symbolic
 * links to directories are not followed; a linked file is read only when
 * its target is inside the same folder. Never throws.
 */
export async function findHostFiles(folders: readonly Folder[], patterns: readonly string[], limits: SourceLimits = defaultLimits): Promise<FoundFiles> {
  const problems: string[] = [];
  const globs: Glob[] = [];
  for (const p of patterns) {
    const c = compileGlob(p);
    if (c.ok) globs.push(c.glob);
    else problems.push(c.error);
  }
  const files: FoundFile[] = [];
  if (globs.length === 0) return { files, problems };
  if (folders.length === 0) {
    problems.push('libvirtXml.hosts.files is set but no workspace folder is open: the globs are relative to workspace folders');
    return { files, problems };
  }
  const seen = new Set<string>();
  let capped = false;
  for (const folder of folders) {
    let folderReal: string;
    try {
      folderReal = await realpath(folder.path);
    } catch {
      problems.push(`workspace folder ${folder.path} cannot be read`);
      continue;
    }
    const prefix = folders.length > 1 ? `${folder.name}/` : '';
    const matches = await walkFolder(folderReal, globs, limits, problems);
    for (const rel of matches) {
      const path = join(folderReal, ...rel.split('/'));
      if (seen.has(path)) continue;
      if (files.length >= limits.maxFiles) {
        capped = true;
        break;
      }
      seen.add(path);
      files.push({ path, name: prefix + rel });
    }
  }
  if (capped) problems.push(`more than ${limits.maxFiles} host files match libvirtXml.hosts.files; only the first ${limits.maxFiles} are read`);
  return { files, problems };
}

/** Relative paths ('/' separated, sorted) of the files under `root` that match a glob. Iterative. */
async function walkFolder(root: string, globs: readonly Glob[], limits: SourceLimits, problems: string[]): Promise<string[]> {
  const out = new Set<string>();
  let entries = 0;
  const stack: string[] = [];
  for (const g of globs) for (const r of globRoots(g)) stack.push(r.join('/'));
  const visited = new Set<string>();
  while (stack.length > 0) {
    const relDir = stack.pop()!;
    if (visited.has(relDir)) continue;
    visited.add(relDir);
    const dir = relDir === '' ? root : join(root, ...relDir.split('/'));
    let list;
    try {
      // A literal root may pass through a linked directory: it must stay inside the folder.
      if (relDir !== '' && !inside(root, await realpath(dir))) {
        problems.push(`${relDir}: leads outside the workspace folder; not searched`);
        continue;
      }
      list = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // a root that does not exist simply matches nothing
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of list) {
      if (++entries > limits.maxEntries) {
        problems.push(`stopped searching for host files after ${limits.maxEntries} directory entries; narrow libvirtXml.hosts.files`);
        return [...out].sort();
      }
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skippedDirs.has(entry.name) && globs.some((g) => globMayMatchUnder(g, rel))) stack.push(rel);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && globs.some((g) => globMatches(g, rel))) {
        if (entry.isSymbolicLink() && !(await linkedFileInside(root, join(dir, entry.name)))) {
          problems.push(`${rel}: a link to a file outside the workspace folder (or not a file); not read`);
          continue;
        }
        out.add(rel);
      }
    }
  }
  return [...out].sort();
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function linkedFileInside(root: string, path: string): Promise<boolean> {
  try {
    const target = await realpath(path);
    return inside(root, target) && (await lstat(target)).isFile();
  } catch {
    return false;
  }
}

export type SourceText = { ok: true; text: string } | { ok: false; error: string };

/** A host file's text: refused when larger than `maxBytes`, unreadable or binary. Never throws. */
export async function readHostFile(path: string, name: string, maxBytes = defaultLimits.maxBytes): Promise<SourceText> {
  let handle;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) return { ok: false, error: `${name}: not a regular file` };
    if (stat.size > maxBytes) return { ok: false, error: `${name}: ${formatBytes(stat.size)}, larger than the ${formatBytes(maxBytes)} a host file may have; not read` };
    const bytes = await handle.readFile();
    if (bytes.length > maxBytes) return { ok: false, error: `${name}: grew past ${formatBytes(maxBytes)} while being read; not read` };
    const decoded = decodeFile(bytes);
    if (decoded.kind === 'binary') return { ok: false, error: `${name}: not a text file (${decoded.reason})` };
    return { ok: true, text: decoded.text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: `${name}: ${code === 'ENOENT' ? 'no longer exists' : `cannot be read (${code ?? String(e)})`}` };
  } finally {
    await handle?.close().catch(() => {});
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** Deepest nesting a host file may have before it is parsed (libvirt's own output is about 6 levels deep). */
export const maxHostNesting = 256;

/**
 * A cheap look at a host file before the XML parser sees it: refuses entity
 * declarations (billion laughs; virsh output never has any) and absurd
 * nesting, which would only cost parse time. The depth count is approximate
 * (it does not skip comments) and only guards. Returns the reason, or
 * undefined when the text may be parsed.
 */
export function screenHostText(text: string, name: string): string | undefined {
  if (/<!ENTITY/i.test(text)) return `${name}: declares XML entities (<!ENTITY>); not read (virsh output has none)`;
  let depth = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 47 /* / */) depth--;
    else if (next !== 33 /* ! */ && next !== 63 /* ? */) {
      const end = text.indexOf('>', i);
      if (end < 0) break;
      if (text.charCodeAt(end - 1) !== 47 /* / */ && ++depth > maxHostNesting) {
        return `${name}: elements nested more than ${maxHostNesting} levels deep; not a host description, not read`;
      }
      i = end;
    }
  }
  return undefined;
}

/**
 * Runs `virsh -c URI domcapabilities` (argument array, no shell; see `io/virsh.ts`)
 * and returns its output, or an error naming the URI: virsh missing, timed out
 * (the process is killed), failed (its stderr), or refused input.
 */
export async function runDomcapabilities(virshPath: string, uri: string, timeoutMs: number): Promise<SourceText> {
  const r = await domCapabilities({ virshPath, timeoutMs }, uri);
  return r.ok ? { ok: true, text: r.stdout } : { ok: false, error: r.error };
}
