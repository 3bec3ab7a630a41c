// A document as the features see it: its text, the XML tree and the libvirt
// view, built once per version. The one place offsets become LSP positions.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { parseXml } from '../xml/parser';
import type { XmlDocument } from '../xml/nodes';
import { libvirtDocument, looksLikeLibvirt, type LibvirtDocument } from '../domain/libvirtDocument';

export interface ParsedDocument {
  textDocument: TextDocument;
  xml: XmlDocument;
  /** Undefined when the document is not a libvirt one: then every feature stays silent. */
  libvirt: LibvirtDocument | undefined;
}

/** Parses a document; a non-libvirt XML file is recognised from its start (`examineDocument`) and not parsed further. */
export function parseDocument(textDocument: TextDocument): ParsedDocument {
  const text = textDocument.getText();
  if (!looksLikeLibvirt(text, textDocument.languageId)) {
    return { textDocument, xml: { text, roots: [], problems: [], hasDoctype: false }, libvirt: undefined };
  }
  const xml = parseXml(text);
  return { textDocument, xml, libvirt: libvirtDocument(xml) };
}

/** Offsets to an LSP range. */
export function toRange(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}
