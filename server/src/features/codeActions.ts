// Code actions: the quick-fixes rules attached to their findings, offered for
// the diagnostics in the requested range.

import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { Settings } from '../protocol';
import type { HostCpu } from '../hosts/hostCpu';
import type { HostTopology } from '../hosts/topology';
import { bundledGrammar } from '../schema/bundled';
import type { Grammar } from '../schema/grammar';
import { findProblems, severityOf } from './validation';
import { toRange, type ParsedDocument } from './parsedDocument';

export function doCodeActions(doc: ParsedDocument, range: Range, diagnostics: Diagnostic[], catalog: Catalog, settings: Settings, hosts: readonly HostCpu[] = [], topologies: readonly HostTopology[] = [], grammar: Grammar = bundledGrammar()): CodeAction[] {
  const td = doc.textDocument;
  const from = td.offsetAt(range.start);
  const to = td.offsetAt(range.end);
  const out: CodeAction[] = [];
  for (const f of findProblems(doc, catalog, settings.targetVersion, hosts, topologies, grammar)) {
    if (!f.fixes?.length || f.end < from || f.start > to || severityOf(f, settings) === undefined) continue;
    const fRange = toRange(td, f.start, f.end);
    const diagnostic = diagnostics.find((d) => d.code === f.code && sameRange(d.range, fRange));
    for (const fix of f.fixes) {
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: diagnostic ? [diagnostic] : undefined,
        isPreferred: fix.preferred || undefined,
        edit: { changes: { [td.uri]: fix.edits.map((e) => ({ range: toRange(td, e.start, e.end), newText: e.newText })) } },
      });
    }
  }
  return out;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
