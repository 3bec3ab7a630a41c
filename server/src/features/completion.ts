// Completion: CPU model names inside <model> and feature names inside
// <feature name='…'>, each with a text edit that replaces what is typed.

import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { ModelData } from '../catalog/types';
import { attributeValue, textContent } from '../xml/nodes';
import { cursorContext } from './cursor';
import { toRange, type ParsedDocument } from './parsedDocument';

const empty: CompletionList = { isIncomplete: false, items: [] };

export function doComplete(doc: ParsedDocument, offset: number, catalog: Catalog): CompletionList {
  const lv = doc.libvirt;
  if (!lv) return empty;
  const ctx = cursorContext(lv, offset);
  const arch = catalog.archOf(lv.arch);
  if (!ctx || !arch) return empty;
  const range = toRange(doc.textDocument, ctx.start, ctx.end);
  if (ctx.kind === 'modelName') {
    const vendor = ctx.cpu?.vendor ? textContent(ctx.cpu.vendor).trim() : undefined;
    const models = catalog.models(arch).filter((m) => !vendor || !m.vendor || m.vendor === vendor);
    const items = models.map((m, i): CompletionItem => ({
      label: m.name,
      kind: CompletionItemKind.Class,
      detail: modelDetail(m),
      documentation: modelDocumentation(m, catalog),
      // Newest generations first: cpu_map lists oldest first.
      sortText: String(models.length - i).padStart(5, '0'),
      textEdit: { range, newText: m.name },
    }));
    return { isIncomplete: false, items };
  }
  const listed = new Set<string>();
  for (const f of ctx.cpu?.features ?? []) {
    if (f === ctx.element) continue;
    const n = attributeValue(f, 'name');
    if (n) listed.add(n);
  }
  const items: CompletionItem[] = [];
  for (const f of catalog.features(arch)) {
    if (listed.has(f.name)) continue;
    const description = catalog.describeFeature(f.name);
    items.push({
      label: f.name,
      kind: CompletionItemKind.Property,
      detail: catalog.formatFeatureLocation(f),
      documentation: description ? { kind: MarkupKind.Markdown, value: description } : undefined,
      filterText: f.name,
      textEdit: { range, newText: f.name },
    });
  }
  return { isIncomplete: false, items };
}

function modelDetail(m: ModelData): string {
  const parts = [m.vendor ?? 'any vendor', `${m.features.length} features`];
  if (m.aliasOf) parts.push(`alias of ${m.aliasOf}`);
  return parts.join(' · ');
}

function modelDocumentation(m: ModelData, catalog: Catalog): { kind: 'markdown'; value: string } | undefined {
  const text = catalog.describeFamily(m.family);
  return text ? { kind: MarkupKind.Markdown, value: text } : undefined;
}
