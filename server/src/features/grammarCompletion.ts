// Completion from libvirt's grammar, for every document kind and every part of
// it: the child elements allowed at the cursor (required first, with their
// required attributes as a snippet), the attributes an element may still take
// in its variant (<source> under <disk type='file'> offers file=, under
// type='network' protocol= and name=), and enumerated values. Added after the
// CPU-area completions, which keep their richer items (languageService merges).
// Items carry our own description of the entry when it has one (features/descriptions.ts).

import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Range } from 'vscode-languageserver-types';
import type { XmlElement } from '../xml/nodes';
import { bundledGrammar } from '../schema/bundled';
import type { Grammar } from '../schema/grammar';
import { attributeChoices, attributeValues, elementChoices, elementChoicesFor, schemaView, textValues, type ElementChoice, type SchemaView } from '../schema/assist';
import { describeChoices } from '../schema/describe';
import { elementSpec } from '../domain/schema';
import { cursorAt, rangeOnCursorLine, schemaPath } from './cursor';
import { attributeDescription, childDescription, describedKind, valueDescription, type DescribedKind } from './descriptions';
import { toRange, type ParsedDocument } from './parsedDocument';
import { ownMemo, type OwnMemo } from '../util/memo';

const views = new WeakMap<Grammar, OwnMemo<ParsedDocument, SchemaView | null>>();

/** The grammar's view of a parsed document (one validation walk per document version and grammar). */
export function grammarView(doc: ParsedDocument, grammar: Grammar = bundledGrammar()): SchemaView | undefined {
  if (!doc.libvirt) return undefined;
  let byDoc = views.get(grammar);
  if (!byDoc) views.set(grammar, (byDoc = ownMemo('grammarView')));
  let v = byDoc.get(doc);
  if (v === undefined) byDoc.set(doc, (v = schemaView(grammar, doc.libvirt.xml) ?? null));
  return v ?? undefined;
}

/**
 * Does the CPU-area table (domain/schema.ts) describe `el`? Then its completion owns
 * the context, and leaves things out on purpose (a <model> under host-passthrough).
 * The root <domain> is shared: the table lists only its CPU-area children.
 */
export function ownedByCpuArea(doc: ParsedDocument, el: XmlElement | undefined): boolean {
  if (!el || !doc.libvirt) return false;
  const path = schemaPath(doc.libvirt, el);
  return path !== undefined && path !== 'domain' && elementSpec(path) !== undefined;
}

/** Grammar completions at `offset`; empty outside libvirt documents. Never throws on half-typed markup. */
export function doGrammarComplete(doc: ParsedDocument, offset: number, triggerCharacter?: string, grammar: Grammar = bundledGrammar()): CompletionItem[] {
  if (!doc.libvirt || !grammar.hasRoot(doc.libvirt.root.name)) return [];
  const text = doc.xml.text;
  const c = cursorAt(doc.xml, offset);
  if (!c || c.kind === 'endTagName') return [];
  // Decided before the grammar walk, so the CPU area costs nothing extra.
  if (ownedByCpuArea(doc, c.kind === 'startTagName' ? c.element.parent : c.element)) return [];
  const view = grammarView(doc, grammar);
  if (!view) return [];
  const range = (start: number, end: number): Range => {
    const r = rangeOnCursorLine(text, start, end, offset);
    return toRange(doc.textDocument, r.start, r.end);
  };
  const quote = quoteOf(doc.xml.roots[0]);
  const kind = describedKind(doc.xml.roots[0]?.name);
  switch (c.kind) {
    case 'startTagName': {
      if (triggerCharacter && triggerCharacter !== '<') return [];
      const el = c.element;
      const fresh = !el.startTagClosed && el.attributes.length === 0;
      return elementItems(elementChoicesFor(view, el), range(c.start, c.end), fresh ? 'afterLt' : 'nameOnly', quote, el, doc, kind);
    }
    case 'content': {
      if (c.text && !c.afterLt && c.element.children.length === 0) {
        if (triggerCharacter && triggerCharacter !== '>') return [];
        const values = textValues(view, c.element);
        if (values && values.values.length > 0) return valueItems(values.values, range(c.text.start, c.text.end), `text of ${c.element.name}`);
      }
      if (triggerCharacter && triggerCharacter !== '<') return [];
      if (!c.afterLt && triggerCharacter) return [];
      return elementItems(elementChoices(view, c.element, offset), range(c.start, c.end), c.afterLt ? 'afterLt' : 'full', quote, undefined, doc, kind, c.element);
    }
    case 'attributeName': {
      if (triggerCharacter && triggerCharacter !== ' ') return [];
      const choices = attributeChoices(view, c.element, c.attribute);
      return choices.names.map((name, i) => ({
        label: name,
        kind: CompletionItemKind.Property,
        detail: choices.required.has(name) ? `required attribute of ${c.element.name}` : `attribute of ${c.element.name}`,
        documentation: valueDoc(view, c.element, name, kind),
        sortText: `5${choices.required.has(name) ? 0 : 1}${String(i).padStart(3, '0')}`,
        textEdit: { range: range(c.start, c.end), newText: c.attribute?.valueStart !== undefined && c.attribute.valueStart >= 0 ? name : `${name}=${quote}$1${quote}` },
        insertTextFormat: InsertTextFormat.Snippet,
        command: c.attribute?.valueStart !== undefined && c.attribute.valueStart >= 0 ? undefined : { title: 'Suggest', command: 'editor.action.triggerSuggest' },
      }));
    }
    case 'attributeValue': {
      if (triggerCharacter && triggerCharacter !== '=' && triggerCharacter !== "'" && triggerCharacter !== '"') return [];
      const values = attributeValues(view, c.element, c.attribute.name, c.attribute);
      if (!values || values.values.length === 0) return [];
      const q = c.attribute.quote;
      const el = c.element;
      const name = c.attribute.name;
      const meaning = kind ? (v: string) => valueDescription(kind, el, name, v) : undefined;
      return valueItems(values.values, range(c.start, c.end), `${el.name} ${name}`, q === undefined ? quote : undefined, meaning);
    }
    default:
      return [];
  }
}

type Style = 'full' | 'afterLt' | 'nameOnly';

function elementItems(
  choices: ElementChoice[],
  range: Range,
  style: Style,
  quote: string,
  typing: XmlElement | undefined,
  doc: ParsedDocument,
  kind: DescribedKind | undefined,
  parent: XmlElement | undefined = typing?.parent,
): CompletionItem[] {
  return choices.map((ch, i) => {
    const attrs = ch.requiredAttributes.map((a, k) => ` ${a}=${quote}$${k + 1}${quote}`).join('');
    const body = ch.canBeEmpty ? `${ch.name}${attrs}/>` : `${ch.name}${attrs}>$0</${ch.name}>`;
    const newText = style === 'nameOnly' ? ch.name : style === 'afterLt' ? body : `<${body}`;
    const item: CompletionItem = {
      label: ch.name,
      kind: CompletionItemKind.Module,
      detail: `${ch.required ? 'required' : 'allowed'} here (libvirt schema)`,
      sortText: `5${ch.required ? 0 : 1}${String(i).padStart(3, '0')}`,
      filterText: ch.name,
      textEdit: { range, newText },
      insertTextFormat: style === 'nameOnly' ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
    };
    const docs: string[] = [];
    const described = kind && childDescription(kind, parent, ch.name);
    if (described) docs.push(described);
    if (ch.requiredAttributes.length) docs.push(`Required attributes: ${ch.requiredAttributes.map((a) => `\`${a}\``).join(', ')}`);
    if (docs.length) item.documentation = { kind: MarkupKind.Markdown, value: docs.join('\n\n') };
    if (style === 'nameOnly' && typing?.endTagStart !== undefined && doc.xml.text.startsWith(typing.name, typing.endTagStart + 2)) {
      const at = typing.endTagStart + 2;
      item.additionalTextEdits = [{ range: toRange(doc.textDocument, at, at + typing.name.length), newText: ch.name }];
    }
    return item;
  });
}

function valueItems(values: string[], range: Range, what: string, wrapQuote?: string, meaning?: (value: string) => string | undefined): CompletionItem[] {
  return values.map((v, i) => {
    const item: CompletionItem = {
      label: v,
      kind: CompletionItemKind.EnumMember,
      detail: `allowed ${what} (libvirt schema)`,
      sortText: `5${String(i).padStart(3, '0')}`,
      textEdit: { range, newText: wrapQuote ? `${wrapQuote}${v}${wrapQuote}` : v },
    };
    const described = meaning?.(v);
    if (described) item.documentation = { kind: MarkupKind.Markdown, value: described };
    return item;
  });
}

function valueDoc(view: SchemaView, el: XmlElement, name: string, kind: DescribedKind | undefined): { kind: 'markdown'; value: string } | undefined {
  const values = attributeValues(view, el, name);
  const described = kind && attributeDescription(kind, el, name);
  const parts = [described, values && `Value: ${describeChoices(values)}`].filter((p): p is string => !!p);
  return parts.length ? { kind: MarkupKind.Markdown, value: parts.join('\n\n') } : undefined;
}

function quoteOf(root: XmlElement | undefined): string {
  const a = root?.attributes.find((x) => x.quote);
  return a?.quote ?? "'";
}

/**
 * The CPU-area list with the grammar's items added: an item whose label the
 * CPU area already offers is left out (its own is richer), so nothing is listed twice.
 */
export function mergeCompletions(list: CompletionList, grammar: CompletionItem[]): CompletionList {
  if (grammar.length === 0) return list;
  const labels = new Set(list.items.map((i) => i.label));
  const extra = grammar.filter((i) => !labels.has(i.label));
  return extra.length === 0 ? list : { isIncomplete: list.isIncomplete, items: [...list.items, ...extra] };
}
