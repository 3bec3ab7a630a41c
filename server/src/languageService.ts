// The engine's one facade: a catalog plus settings, handing out the pure
// feature functions. No connection, no file system: the server and the CLI
// both drive it.

import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Position,
  Range,
  SelectionRange,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from './catalog/catalog';
import { bundledGrammar } from './schema/bundled';
import type { Grammar } from './schema/grammar';
import { defaultSettings, type Settings } from './protocol';
import { parseDocument, type ParsedDocument } from './features/parsedDocument';
import { doValidation, toDiagnostics } from './features/validation';
import { doComplete } from './features/completion';
import { doHover } from './features/hover';
import { doGrammarComplete, mergeCompletions } from './features/grammarCompletion';
import { doGrammarHover } from './features/grammarHover';
import { doCodeActions } from './features/codeActions';
import { findDocumentSymbols } from './features/symbols';
import { getFoldingRanges, type FoldingOptions } from './features/folding';
import { getSelectionRanges } from './features/selectionRanges';
import { hostModelActions } from './features/hosts/actions';
import { pinningActions } from './features/hosts/pinning';
import type { HostTopology } from './hosts/topology';
import type { HostCpu } from './hosts/hostCpu';
import type { Finding } from './rules/types';
import { hostLines, hostModelSummary } from './features/hosts/hover';

export type { ParsedDocument };

export class LanguageService {
  /** Host CPU descriptions the domain's CPU is checked against (replaced, never mutated, on reload). */
  hosts: readonly HostCpu[] = [];
  /** Host topologies the pins and NUMA tuning are checked against (replaced on reload). */
  topologies: readonly HostTopology[] = [];
  /** libvirt's RelaxNG grammar: the bundled one, or the host's schemas compiled at run time (io/grammarLoader.ts). */
  grammar: Grammar = bundledGrammar();

  constructor(
    public catalog: Catalog,
    public settings: Settings = defaultSettings,
  ) {}

  parse(textDocument: TextDocument): ParsedDocument {
    return parseDocument(textDocument);
  }

  doValidation(doc: ParsedDocument): Diagnostic[] {
    return doValidation(doc, this.catalog, this.settings, this.hosts, this.topologies, this.grammar);
  }

  /** Findings made outside the rule families (e.g. while decoding a file) as diagnostics, the same way. */
  toDiagnostics(doc: ParsedDocument, findings: readonly Finding[]): Diagnostic[] {
    return toDiagnostics(doc, findings, this.settings);
  }

  /** `context` is the request's completion context (LSP CompletionContext): a trigger character narrows what is offered. */
  doComplete(doc: ParsedDocument, position: Position, context?: { triggerKind: number; triggerCharacter?: string }): CompletionList {
    const triggerCharacter = context?.triggerKind === 2 ? context.triggerCharacter : undefined;
    const offset = doc.textDocument.offsetAt(position);
    const list = doComplete(doc, offset, this.catalog, { triggerCharacter, hostCheck: this.hostCheck() });
    return mergeCompletions(list, doGrammarComplete(doc, offset, triggerCharacter, this.grammar));
  }

  doHover(doc: ParsedDocument, position: Position): Hover | null {
    const hosts = this.hosts;
    const offset = doc.textDocument.offsetAt(position);
    const cpuArea = doHover(doc, offset, this.catalog, {
      hostCheck: this.hostCheck(),
      hostLines: hosts.length ? (subject) => hostLines(subject, hosts, this.catalog) : undefined,
    });
    // The CPU-area hover explains more where it has something; the grammar's covers the rest.
    return cpuArea ?? doGrammarHover(doc, offset, this.grammar);
  }

  /** With hosts loaded: which of them cannot run a model (for completion marks and model hovers). */
  private hostCheck(): ((model: string) => string | undefined) | undefined {
    const hosts = this.hosts;
    if (hosts.length === 0) return undefined;
    return (model) => {
      const summary = hostModelSummary(model, hosts, this.catalog);
      if (!summary || summary.cannot.length === 0) return undefined;
      return `cannot run on ${summary.cannot.length} of ${summary.total} loaded hosts: ${summary.cannot.slice(0, 5).join(', ')}${summary.cannot.length > 5 ? ', …' : ''}`;
    };
  }

  findDocumentSymbols(doc: ParsedDocument): DocumentSymbol[] {
    return findDocumentSymbols(doc);
  }

  getFoldingRanges(doc: ParsedDocument, context?: FoldingOptions): FoldingRange[] {
    return getFoldingRanges(doc, context);
  }

  getSelectionRanges(doc: ParsedDocument, positions: Position[]): SelectionRange[] {
    return getSelectionRanges(doc, positions);
  }

  /** `only`: the request's CodeActionContext.only kinds (an action matches a kind or a sub-kind of it). */
  doCodeActions(doc: ParsedDocument, range: Range, diagnostics: Diagnostic[], only?: string[]): CodeAction[] {
    const actions = [...doCodeActions(doc, range, diagnostics, this.catalog, this.settings, this.hosts, this.topologies, this.grammar), ...hostModelActions(doc, range, this.hosts, this.catalog), ...pinningActions(doc, this.topologies)];
    if (!only?.length) return actions;
    return actions.filter((a) => only.some((k) => a.kind === k || (a.kind ?? '').startsWith(`${k}.`)));
  }
}
