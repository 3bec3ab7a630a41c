// Turns a file's bytes into text the way an editor would: UTF-8 (with or
// without BOM), UTF-16 with a BOM, or a clear "binary" verdict. Used by the CLI.
// Also the one bounded file read (schema directories, the grammar cache).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';

export type DecodedFile =
  | { kind: 'text'; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; invalidAt: number | undefined }
  | { kind: 'binary'; reason: string };

export function decodeFile(bytes: Uint8Array): DecodedFile {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'utf-16be');
  // UTF-16 without a BOM starts with '<' next to a NUL byte.
  if (bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] !== 0) return utf16(bytes, 'utf-16le');
  if (bytes[0] === 0 && bytes[1] === 0x3c) return utf16(bytes, 'utf-16be');
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { kind: 'binary', reason: 'it contains NUL bytes' };
  return utf8(bytes);
}

function utf8(bytes: Uint8Array): DecodedFile {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  let invalidAt: number | undefined;
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    // U+FFFD may also be written literally; only report it when strict decoding fails.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      invalidAt = bad;
    }
  }
  return { kind: 'text', text, encoding: 'utf-8', invalidAt };
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedFile {
  const text = new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(bytes);
  return { kind: 'text', text, encoding, invalidAt: undefined };
}

/**
 * A regular file's bytes, or why not (not a regular file, over the size limit,
 * grew while read, unreadable). Never reads past `max`. The buffer is the
 * file's own (offset 0), so typed-array views of it are aligned.
 */
export function readBounded(path: string, max: number): Buffer | string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) return `${basename(path)} is not a regular file`;
    const size = st.size;
    if (size > max) return `${basename(path)} is ${size} bytes (more than ${max})`;
    const buf = Buffer.alloc(size + 1);
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > size) return `${basename(path)} grew while it was read`;
    return buf.subarray(0, n);
  } catch (e) {
    return `${basename(path)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
