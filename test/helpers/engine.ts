// Test helpers for the engine: a LanguageService on the bundled catalog, a
// document from inline text with a `$0` cursor marker, and edit application.

import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { LanguageService, type ParsedDocument } from '../../server/src/languageService';
import { loadBundledCatalog } from '../../server/src/io/catalogLoader';
import { defaultSettings, type Settings } from '../../server/src/protocol';

let shared: LanguageService | undefined;

/** One service on the committed data/ for the whole test file. */
export function service(settings: Settings = defaultSettings): LanguageService {
  if (settings !== defaultSettings) return new LanguageService(service().catalog, settings);
  shared ??= new LanguageService(loadBundledCatalog(join(process.cwd(), 'data')).catalog, defaultSettings);
  return shared;
}

/** Parses `text`, taking the offset of a `$0` marker (removed) as the cursor. */
export function docAt(text: string): { doc: ParsedDocument; offset: number; text: string } {
  const offset = text.indexOf('$0');
  const clean = offset >= 0 ? text.slice(0, offset) + text.slice(offset + 2) : text;
  const doc = service().parse(TextDocument.create('file:///test.xml', 'xml', 1, clean));
  return { doc, offset: Math.max(offset, 0), text: clean };
}

/** The text after applying `edits` (LSP ranges) to `doc`. */
export function applyEdits(doc: ParsedDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(doc.textDocument, edits);
}

/** A minimal domain around `cpu` (and optional extra children). */
export function domainWith(cpu: string, arch = 'x86_64'): string {
  return `<domain type='kvm'>\n  <name>t</name>\n  <memory unit='MiB'>512</memory>\n  <vcpu>2</vcpu>\n  <os><type arch='${arch}'>hvm</type></os>\n  ${cpu}\n</domain>\n`;
}
