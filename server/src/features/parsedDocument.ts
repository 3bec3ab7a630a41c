// A document as the features see it: its text, the XML tree and the libvirt
// view, built once per version. The one place offsets become LSP positions.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { parseXml } from '../xml/parser';
import type { XmlDocument } from '../xml/nodes';
import { libvirtDocument, type LibvirtDocument } from '../domain/libvirtDocument';
import { examineDocument } from '../domain/documentKind';

export interface ParsedDocument {
  textDocument: TextDocument;
  xml: XmlDocument;
  /** Undefined when the document is not a libvirt one: then every feature stays silent. */
  libvirt: LibvirtDocument | undefined;
  /**
   * An ambiguous root (`<volume>`, `<network>`…) with nothing in it yet to tell
   * whose it is, in plain XML: completion, hover and the outline help the
   * user start it; diagnostics wait for content that is libvirt's.
   */
  tentative?: boolean;
}

/** Parses a document; a non-libvirt XML file is recognised from its start (`examineDocument`) and not parsed further. */
export function parseDocument(textDocument: TextDocument): ParsedDocument {
  const text = textDocument.getText();
  const { verdict } = examineDocument(text, false);
  if (verdict === 'foreign') {
    return { textDocument, xml: { text, roots: [], problems: [], hasDoctype: false }, libvirt: undefined };
  }
  const xml = parseXml(text);
  const doc: ParsedDocument = { textDocument, xml, libvirt: libvirtDocument(xml) };
  if (verdict === 'unsure' && textDocument.languageId !== 'libvirt-xml') doc.tentative = true;
  return doc;
}

/** Offsets to an LSP range. */
export function toRange(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}
