// The engine's one facade: a catalog plus settings, handing out the pure
// feature functions. No connection, no file system: the server and the CLI
// both drive it.

import type { CodeAction, CompletionList, Diagnostic, Hover, Position, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from './catalog/catalog';
import { defaultSettings, type Settings } from './protocol';
import { parseDocument, type ParsedDocument } from './features/parsedDocument';
import { doValidation } from './features/validation';
import { doComplete } from './features/completion';
import { doHover } from './features/hover';
import { doCodeActions } from './features/codeActions';

export type { ParsedDocument };

export class LanguageService {
  constructor(
    public catalog: Catalog,
    public settings: Settings = defaultSettings,
  ) {}

  parse(textDocument: TextDocument): ParsedDocument {
    return parseDocument(textDocument);
  }

  doValidation(doc: ParsedDocument): Diagnostic[] {
    return doValidation(doc, this.catalog, this.settings);
  }

  doComplete(doc: ParsedDocument, position: Position): CompletionList {
    return doComplete(doc, doc.textDocument.offsetAt(position), this.catalog);
  }

  doHover(doc: ParsedDocument, position: Position): Hover | null {
    return doHover(doc, doc.textDocument.offsetAt(position), this.catalog);
  }

  doCodeActions(doc: ParsedDocument, range: Range, diagnostics: Diagnostic[]): CodeAction[] {
    return doCodeActions(doc, range, diagnostics, this.catalog, this.settings);
  }
}
