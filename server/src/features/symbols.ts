// Document symbols (the outline): every element, named the way a libvirt user
// reads them (domain name, vCPU count, CPU mode and model, feature names and
// policies, NUMA cells, pins here; devices and the other documents in
// symbolNames.ts). Built without recursion, depth- and size-capped.

import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { attributeValue, firstChild, textContent, type XmlElement } from '../xml/nodes';
import { toRange, type ParsedDocument } from './parsedDocument';
import { topologyOf } from '../domain/facts';
import { labelOf, short, type SymbolLabel } from './symbolNames';

/** Deeper elements are left out of the outline (libvirt documents are a dozen levels deep). */
export const maxSymbolDepth = 32;
/** At most this many symbols per document; the rest is left out. */
export const maxSymbols = 20000;

/** The outline of a libvirt document; [] for other documents. */
export function findDocumentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  if (!doc.libvirt) return [];
  const td = doc.textDocument;
  const out: DocumentSymbol[] = [];
  let count = 0;
  const stack: Array<{ el: XmlElement; into: DocumentSymbol[]; depth: number }> = [];
  for (let i = doc.xml.roots.length - 1; i >= 0; i--) stack.push({ el: doc.xml.roots[i], into: out, depth: 0 });
  while (stack.length > 0 && count < maxSymbols) {
    const { el, into, depth } = stack.pop()!;
    const { name, detail, kind } = describe(el);
    const symbol: DocumentSymbol = {
      name,
      detail,
      kind,
      range: toRange(td, el.start, Math.max(el.end, el.nameEnd)),
      selectionRange: toRange(td, el.nameStart, el.nameEnd),
      children: [],
    };
    into.push(symbol);
    count++;
    if (depth + 1 >= maxSymbolDepth) continue;
    for (let i = el.children.length - 1; i >= 0; i--) stack.push({ el: el.children[i], into: symbol.children!, depth: depth + 1 });
  }
  return out;
}

/** Attributes that identify an element in the outline, in order of preference. */
const identifying = ['name', 'id', 'dev', 'type', 'model', 'mode', 'bus'];

/** The outline words for `el`: the CPU area's, else symbolNames', else its identifying attribute or text. */
export function describe(el: XmlElement): SymbolLabel {
  const label = cpuAreaLabel(el) ?? labelOf(el);
  if (label) return label;
  for (const n of identifying) {
    const v = attributeValue(el, n);
    if (v) return { name: `${el.name} ${short(v)}`, detail: undefined, kind: SymbolKind.Field };
  }
  const text = el.children.length === 0 ? short(textContent(el)) : '';
  return { name: el.name, detail: text || undefined, kind: SymbolKind.Field };
}

function cpuAreaLabel(el: XmlElement): SymbolLabel | undefined {
  const a = (n: string) => attributeValue(el, n);
  switch (el.name) {
    case 'domain': {
      if (el.parent) return undefined;
      const name = firstChild(el, 'name');
      return { name: name ? `domain ${short(textContent(name))}` : 'domain', detail: a('type'), kind: SymbolKind.Module };
    }
    case 'vcpu':
      if (el.parent && el.parent.name !== 'domain' && el.parent.name !== 'vcpus') return undefined;
      if (el.parent?.name === 'vcpus') return { name: `vcpu ${a('id') ?? '?'}`, detail: a('enabled') === 'yes' ? 'enabled' : 'disabled', kind: SymbolKind.Number };
      return {
        name: `vcpu ${short(textContent(el))}`,
        detail: [a('current') && `current ${a('current')}`, a('placement'), a('cpuset') && `cpuset ${a('cpuset')}`].filter(Boolean).join(' · ') || undefined,
        kind: SymbolKind.Number,
      };
    case 'cpu': {
      const model = firstChild(el, 'model');
      const modelName = model ? short(textContent(model)) : '';
      const features = el.children.filter((c) => c.name === 'feature').length;
      return {
        name: ['cpu', a('mode') ?? (el.parent?.name === 'domain' ? 'custom' : ''), modelName].filter(Boolean).join(' '),
        detail: features ? `${features} feature${features === 1 ? '' : 's'}` : undefined,
        kind: SymbolKind.Class,
      };
    }
    case 'model': {
      // A CPU model names itself; a device's <model type=…> falls through.
      const name = short(textContent(el)) || a('name');
      return name ? { name: `model ${name}`, detail: a('fallback'), kind: SymbolKind.Class } : undefined;
    }
    case 'feature':
      return { name: `feature ${a('name') ?? '?'}`, detail: a('policy'), kind: SymbolKind.Property };
    case 'topology': {
      if (el.parent?.name !== 'cpu') return undefined;
      const t = topologyOf(el);
      return {
        name: 'topology',
        detail: `${t.values.sockets ?? '?'}s × ${t.values.cores ?? '?'}c × ${t.values.threads ?? '?'}t${t.total !== undefined ? ` = ${t.total} vCPUs` : ''}`,
        kind: SymbolKind.Struct,
      };
    }
    case 'cell':
      return {
        name: `cell ${a('id') ?? ''}`.trim(),
        detail: [a('cpus') && `vCPUs ${a('cpus')}`, a('memory') && `${a('memory')} ${a('unit') ?? 'KiB'}`].filter(Boolean).join(' · ') || undefined,
        kind: SymbolKind.Object,
      };
    case 'vcpupin':
      return { name: `vcpupin ${a('vcpu') ?? '?'}`, detail: a('cpuset') && `→ ${a('cpuset')}`, kind: SymbolKind.Field };
    case 'emulatorpin':
    case 'iothreadpin':
      return { name: el.name + (a('iothread') ? ` ${a('iothread')}` : ''), detail: a('cpuset') && `→ ${a('cpuset')}`, kind: SymbolKind.Field };
    case 'cputune':
    case 'numa':
    case 'numatune':
    case 'features':
      return { name: el.name, detail: undefined, kind: SymbolKind.Namespace };
  }
  return undefined;
}
