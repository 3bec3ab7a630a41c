// One file through the engine, the same on the main thread and on a worker:
// read (only the start first, for files found by a walk), decide by content
// whether it is libvirt XML, validate, and give each diagnostic a fingerprint
// that survives line shifts (for baselines and SARIF).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { Grammar } from '../schema/grammar';
import type { HostCpu } from '../hosts/hostCpu';
import type { HostTopology } from '../hosts/topology';
import type { Settings } from '../protocol';
import { decodeFile } from '../io/fileText';
import { examineDocument, kindNames, sniffLength } from '../domain/documentKind';
import { parseDocument } from '../features/parsedDocument';
import { doValidation, toDiagnostics } from '../features/validation';
import { encodingFinding } from '../rules/xmlSyntax/check';

export interface Engine {
  catalog: Catalog;
  /** The grammar of --schemas; absent = the bundled one. */
  grammar?: Grammar;
  settings: Settings;
  hosts: readonly HostCpu[];
  /** Host topologies (from the same --host files) for the pinning checks. */
  topologies: readonly HostTopology[];
}

export interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
  /** One per diagnostic, same order: stable across edits elsewhere in the file. */
  fingerprints: string[];
  /** Set when the file could not be checked (reported; exit status 2). */
  failure?: string;
  /** Set when the file is not libvirt XML (skipped, counted in the summary): why, "not libvirt XML (root <project>)". */
  skipped?: string;
  /** The kind of libvirt document checked, by its stable id (`kindNames`): domain, network, storagepool… */
  kind?: string;
}

/** Why a text is not checked, from its start. */
function notLibvirt(text: string, strict: boolean): string {
  return whyNot(examineDocument(text, strict));
}

function whyNot(seen: ReturnType<typeof examineDocument>): string {
  return `not libvirt XML (${seen.reason ?? 'no libvirt root element'})`;
}

/**
 * Checks one file. `explicit` files (named on the command line) report a
 * binary file as a failure; files found by a walk or glob that are binary or
 * not libvirt XML are skipped. Never throws.
 */
export function lintFile(engine: Engine, file: string, explicit: boolean, cwd = process.cwd()): FileResult {
  const result: FileResult = { file, diagnostics: [], fingerprints: [] };
  const bytes = readCandidate(file, explicit);
  if (typeof bytes === 'string') return { ...result, failure: bytes };
  if (!Buffer.isBuffer(bytes)) return { ...result, skipped: bytes.skipped };
  const decoded = decodeFile(bytes);
  if (decoded.kind === 'binary') return explicit ? { ...result, failure: `not a text file (${decoded.reason}); skipped` } : { ...result, skipped: 'binary file' };
  const doc = parseDocument(TextDocument.create(fileUri(file, cwd), 'xml', 1, decoded.text));
  if (!doc.libvirt || doc.tentative) return { ...result, skipped: notLibvirt(decoded.text, false) };
  result.kind = kindNames[doc.libvirt.kind].id;
  const diagnostics = doValidation(doc, engine.catalog, engine.settings, engine.hosts, engine.topologies, engine.grammar);
  if (decoded.invalidAt !== undefined) diagnostics.unshift(...toDiagnostics(doc, [encodingFinding(decoded.invalidAt)], engine.settings));
  result.diagnostics = diagnostics;
  result.fingerprints = fingerprints(decoded.text, doc.textDocument, diagnostics);
  return result;
}

/** Checks a document that is not a file (a live host's domain): `name` is what the output shows. */
export function lintText(engine: Engine, name: string, uri: string, text: string): FileResult {
  const result: FileResult = { file: name, diagnostics: [], fingerprints: [] };
  const decoded = decodeFile(Buffer.from(text, 'utf8'));
  if (decoded.kind === 'binary') return { ...result, failure: `not a text file (${decoded.reason}); skipped` };
  const doc = parseDocument(TextDocument.create(uri, 'xml', 1, decoded.text));
  if (!doc.libvirt || doc.tentative) return { ...result, skipped: notLibvirt(decoded.text, false) };
  result.kind = kindNames[doc.libvirt.kind].id;
  result.diagnostics = doValidation(doc, engine.catalog, engine.settings, engine.hosts, engine.topologies, engine.grammar);
  result.fingerprints = fingerprints(decoded.text, doc.textDocument, result.diagnostics);
  return result;
}

/**
 * The file's bytes; why not, when a walked file's start shows it is not
 * libvirt XML (the rest is never read); an error text when it cannot be read.
 * Walked files are examined strictly: only blanks, the XML declaration,
 * comments and a DOCTYPE may come before a libvirt root element (so prose
 * mentioning `<domain>` and other XML are not taken for libvirt's).
 */
function readCandidate(file: string, explicit: boolean): Buffer | { skipped: string } | string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    return readError(e);
  }
  try {
    const size = fstatSync(fd).size;
    if (!explicit && size > sniffLength) {
      const head = Buffer.alloc(sniffLength);
      const n = readSync(fd, head, 0, sniffLength, 0);
      const decoded = decodeFile(head.subarray(0, n));
      if (decoded.kind === 'binary') return { skipped: 'binary file' };
      const seen = examineDocument(decoded.text, true);
      if (seen.verdict !== 'libvirt') return { skipped: whyNot(seen) };
      return readAll(fd, size);
    }
    const bytes = readAll(fd, size);
    if (explicit) return bytes;
    const decoded = decodeFile(bytes);
    if (decoded.kind !== 'text') return bytes;
    const seen = examineDocument(decoded.text, true);
    return seen.verdict === 'libvirt' ? bytes : { skipped: whyNot(seen) };
  } catch (e) {
    return readError(e);
  } finally {
    closeSync(fd);
  }
}

/** Reads the whole file (which may grow or shrink while read). */
function readAll(fd: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let buf = Buffer.allocUnsafe(Math.max(size + 1, 4096));
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, total);
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
    if (n < buf.length) break;
    buf = Buffer.allocUnsafe(buf.length);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})`;
}

function fileUri(file: string, cwd: string): string {
  return 'file://' + encodeURI(file.startsWith('/') ? file : `${cwd}/${file}`);
}

/**
 * A fingerprint per diagnostic from what it is about, not where: its code,
 * message and the trimmed text of its first line, plus a counter among equal
 * ones in the file. Moving the element (lines added above) keeps it; editing
 * the offending line changes it.
 */
export function fingerprints(text: string, doc: TextDocument, diagnostics: readonly Diagnostic[]): string[] {
  const counts = new Map<string, number>();
  return diagnostics.map((d) => {
    const lineStart = doc.offsetAt({ line: d.range.start.line, character: 0 });
    const nextLine = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, nextLine < 0 ? text.length : nextLine).trim().replace(/\s+/g, ' ');
    const base = hash53(`${String(d.code)}\0${messageText(d)}\0${line}`);
    const k = counts.get(base) ?? 0;
    counts.set(base, k + 1);
    return `${base}:${k}`;
  });
}

/** A 53-bit string hash (cyrb53) as 14 hex digits: stable, fast, no crypto module to load. */
export function hash53(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** A diagnostic's message as plain text (LSP allows markup; the engine writes plain text). */
export function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
