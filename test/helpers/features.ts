// Helpers for the completion, hover and navigation tests: apply a completion
// item (snippet placeholders expanded to their defaults) and read hovers, all
// from `$0` fixtures.

import { InsertTextFormat, type CompletionItem, type CompletionList, type TextEdit } from 'vscode-languageserver-types';
import { applyEdits, docAt, service } from './engine';

/**
 * The text an LSP snippet inserts when the user accepts every placeholder as
 * offered: `${1:x}` gives x, `${1|a,b|}` gives a, `$1` and `$0` give nothing;
 * backslash escapes are resolved. Written independently of the server's own
 * preview so the tests check the snippets' syntax, not one shared routine.
 */
export function expandSnippet(snippet: string): string {
  const re = /\\([\\$}|,])|\$\{(\d+):((?:\\.|[^\\}])*)\}|\$\{(\d+)\|((?:\\.|[^\\|])*)\|\}|\$(\d+)/g;
  return snippet.replace(re, (_m, escaped, _n1, def, _n2, choices, _n3) => {
    if (escaped !== undefined) return escaped;
    if (def !== undefined) return def.replace(/\\(.)/g, '$1');
    if (choices !== undefined) return choices.split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
    return '';
  });
}

/** The completion list at `$0`. */
export function completionsAt(marked: string, triggerCharacter?: string): CompletionList {
  const { doc, offset } = docAt(marked);
  const context = triggerCharacter ? { triggerKind: 2 as const, triggerCharacter } : undefined;
  return service().doComplete(doc, doc.textDocument.positionAt(offset), context);
}

/** The labels offered at `$0`, in the order the editor shows them (sortText, then label). */
export function labelsAt(marked: string, triggerCharacter?: string): string[] {
  return sortedItems(completionsAt(marked, triggerCharacter).items).map((i) => String(i.label));
}

export function sortedItems(items: CompletionItem[]): CompletionItem[] {
  return [...items].sort((a, b) => {
    const x = a.sortText ?? a.label;
    const y = b.sortText ?? b.label;
    return x < y ? -1 : x > y ? 1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
  });
}

/** The item labelled `label` at `$0`, or undefined. */
export function itemAt(marked: string, label: string): CompletionItem | undefined {
  return completionsAt(marked).items.find((i) => i.label === label);
}

/** The document after accepting `label` at `$0` (undefined when not offered). */
export function completeWith(marked: string, label: string, triggerCharacter?: string): string | undefined {
  const { doc, offset } = docAt(marked);
  const context = triggerCharacter ? { triggerKind: 2 as const, triggerCharacter } : undefined;
  const item = service()
    .doComplete(doc, doc.textDocument.positionAt(offset), context)
    .items.find((i) => i.label === label);
  if (!item) return undefined;
  const main = item.textEdit as TextEdit;
  const newText = item.insertTextFormat === InsertTextFormat.Snippet ? expandSnippet(main.newText) : main.newText;
  return applyEdits(doc, [{ range: main.range, newText }, ...(item.additionalTextEdits ?? [])]);
}

/** The hover text at `$0`, or undefined. */
export function hoverAt(marked: string): string | undefined {
  const { doc, offset } = docAt(marked);
  const h = service().doHover(doc, doc.textDocument.positionAt(offset));
  return h ? (h.contents as { value: string }).value : undefined;
}

/** The first raw HTML start (`<disk`, `</`) outside code spans in hover markdown, or undefined: the editor would drop it. */
export function rawHtmlIn(markdown: string): string | undefined {
  return markdown.split(/`[^`\n]*`/).join('').match(/(?<!\\)<[A-Za-z/!?][^\n]{0,40}/)?.[0];
}

/** The text a hover's range covers at `$0`. */
export function hoverRangeText(marked: string): string | undefined {
  const { doc, offset } = docAt(marked);
  const h = service().doHover(doc, doc.textDocument.positionAt(offset));
  return h?.range ? doc.textDocument.getText(h.range) : undefined;
}
