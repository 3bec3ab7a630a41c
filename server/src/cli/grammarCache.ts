// A warm start for the grammar across runs: the derivative automaton a run
// built (server/src/schema/patterns.ts, `PatternStore.snapshot`) is kept in
// the CLI's cache directory (the code cache's, cli/codeCache.ts) and
// restored by the next run, so a one-file run does not derive the whole
// domain grammar again (about two thirds of its work without it). One file
// per installed bundle and grammar; any file that cannot be read, parsed or
// fitted to the grammar is ignored, and any that cannot be written is skipped:
// the cache only ever costs or saves speed, never changes a verdict.

import { readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Grammar } from '../schema/grammar';
import type { StoreSnapshot } from '../schema/patterns';
import { readBounded } from '../io/fileText';
import { cacheDirectory, ensureDirectory, tag } from './codeCache';

/** Snapshots larger than this are neither written nor read. */
export const maxCacheBytes = 16 * 1024 * 1024;
/** A store past this many patterns (a big, varied batch) is not written: it would cost more to load than it saves. */
export const maxCachedPatterns = 60_000;

/** The cache file for `grammar` and the bundle `code` (the running cliMain.js), and the prefix its older versions share. */
export function grammarCacheFile(dir: string, grammar: Grammar, code: string): { file: string; prefix: string } {
  let identity = code;
  try {
    const st = statSync(code);
    identity += `\0${st.size}\0${st.mtimeMs}`;
  } catch {
    // Tests run unbundled: the path alone.
  }
  const prefix = `grammar-${tag(code)}-`;
  return { file: join(dir, `${prefix}${tag(`${identity}\0${grammar.data.digest}`)}.bin`), prefix };
}

/**
 * Has `grammar`'s pattern store restored from the cache when it is first
 * needed, and (when `save`) written back at exit if the run taught it
 * anything. 'off' when there is no cache directory; else `grammar.warmStatus`
 * tells, once the store was used, whether the file was ('' ) or why not.
 */
export function useGrammarCache(grammar: Grammar, save: boolean, dir = cacheDirectory(), code = __filename): 'off' | 'on' {
  const cache = grammarCache(grammar, dir, code, maxCachedPatterns);
  if (!cache) return 'off';
  if (save) process.once('exit', cache.save);
  return 'on';
}

/**
 * The cache for a long-lived process (the language server): the store is
 * restored from it when first needed, and `save()` writes it whenever the
 * store learnt something since the last save and holds at most `maxPatterns`.
 * Undefined when there is no cache directory.
 */
export function grammarCache(grammar: Grammar, dir: string | undefined, code: string, maxPatterns: number): { save: () => void } | undefined {
  if (dir === undefined) return undefined;
  const { file, prefix } = grammarCacheFile(dir, grammar, code);
  grammar.warmStartFrom(() => {
    const bytes = readBounded(file, maxCacheBytes);
    return typeof bytes === 'string' ? 'no cache file' : decodeSnapshot(bytes);
  });
  const save = (): void => {
    try {
      const snap = grammar.snapshot(maxPatterns);
      if (!snap) return;
      const bytes = encodeSnapshot(snap);
      if (bytes.length > maxCacheBytes) return;
      ensureDirectory(dir, 4);
      const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(tmp, bytes, { mode: 0o600 });
      renameSync(tmp, file);
      for (const old of readdirSync(dir)) if (old.startsWith(prefix) && old.endsWith('.bin') && join(dir, old) !== file) unlinkSync(join(dir, old));
    } catch {
      // Read-only or foreign cache directory: the next start is cold too.
    }
  };
  return { save };
}

const magic = 'LXG1';
/** 1 on a little-endian machine: the integers are stored in the machine's order, and a file of the other order is refused. */
const endian = new Uint8Array(new Uint16Array([1]).buffer)[0];

/**
 * The file layout: 'LXG1', the header's length and a checksum of everything
 * after them (4 bytes each), the header (JSON), padding to 4 bytes, then the
 * integers.
 */
export function encodeSnapshot(snap: StoreSnapshot): Buffer {
  const { ints, ...rest } = snap;
  const header = Buffer.from(JSON.stringify({ ...rest, endian, count: ints.length }), 'utf8');
  const start = (12 + header.length + 3) & ~3;
  const out = Buffer.alloc(start + ints.byteLength);
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 12);
  Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength).copy(out, start);
  out.writeUInt32LE(checksum(out.subarray(12, 12 + header.length), ints), 8);
  return out;
}

/** The snapshot in `bytes` (whose buffer starts at offset 0), or why it cannot be one. */
export function decodeSnapshot(bytes: Buffer): StoreSnapshot | string {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== magic) return 'not a grammar cache file';
  const length = bytes.readUInt32LE(4);
  const start = (12 + length + 3) & ~3;
  if (start > bytes.length || (bytes.length - start) % 4 !== 0 || (bytes.byteOffset + start) % 4 !== 0) return 'truncated cache file';
  const ints = new Int32Array(bytes.buffer, bytes.byteOffset + start, (bytes.length - start) / 4);
  if (bytes.readUInt32LE(8) !== checksum(bytes.subarray(12, 12 + length), ints)) return 'damaged cache file';
  let header: Omit<StoreSnapshot, 'ints'> & { endian?: number; count?: number };
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + length));
  } catch {
    return 'unreadable cache file';
  }
  if (typeof header !== 'object' || header === null || header.endian !== endian) return 'cache file of another machine';
  if (header.count !== ints.length) return 'truncated cache file';
  return { format: header.format, digest: header.digest, size: header.size, sections: header.sections, strings: header.strings, ints };
}

/** FNV-1a over the header's bytes and the integers: a damaged file must be refused, not turned into a wrong automaton. */
function checksum(header: Buffer, ints: Int32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < header.length; i++) h = Math.imul(h ^ header[i], 0x01000193);
  for (let i = 0; i < ints.length; i++) h = Math.imul(h ^ ints[i], 0x01000193);
  return h >>> 0;
}
