// Hover: what a CPU feature is (its CPUID or MSR bit, our description, how many
// models include it) and what a CPU model is (vendor, signatures, features).

import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { FeatureData, ModelData } from '../catalog/types';
import { attributeValue, textContent } from '../xml/nodes';
import { cursorContext } from './cursor';
import { toRange, type ParsedDocument } from './parsedDocument';

export function doHover(doc: ParsedDocument, offset: number, catalog: Catalog): Hover | null {
  const lv = doc.libvirt;
  if (!lv) return null;
  const ctx = cursorContext(lv, offset);
  const arch = catalog.archOf(lv.arch);
  if (!ctx || !arch || ctx.start === ctx.end) return null;
  const range = toRange(doc.textDocument, ctx.start, ctx.end);
  if (ctx.kind === 'featureName') {
    const name = attributeValue(ctx.element, 'name') ?? '';
    const feature = catalog.getFeature(arch, name);
    if (!feature) return null;
    return { range, contents: { kind: MarkupKind.Markdown, value: featureHover(feature, arch, catalog) } };
  }
  const model = catalog.getModel(arch, textContent(ctx.element).trim());
  if (!model) return null;
  return { range, contents: { kind: MarkupKind.Markdown, value: modelHover(model, arch, catalog) } };
}

export function featureHover(f: FeatureData, arch: string, catalog: Catalog): string {
  const lines = [`**${f.name}** · ${arch} CPU feature`, '', catalog.formatFeatureLocation(f)];
  const description = catalog.describeFeature(f.name);
  if (description) lines.push('', description);
  const withIt = catalog.modelsWithFeature(arch, f.name).length;
  const total = catalog.models(arch).length;
  lines.push('', `Included in ${withIt} of ${total} ${arch} models (libvirt ${catalog.libvirtVersion}).`);
  if (f.migratable === false) lines.push('', 'Not migratable: libvirt drops it from migratable CPU definitions, and a domain using it cannot be live-migrated.');
  if (f.aliases?.length) {
    lines.push('', `Other spellings: ${f.aliases.map((a) => `\`${a.name}\` (${a.source})`).join(', ')}, which libvirt rejects in a domain.`);
  }
  return lines.join('\n');
}

export function modelHover(m: ModelData, arch: string, catalog: Catalog): string {
  const lines = [`**${m.name}** · ${m.vendor ? `${m.vendor} ` : ''}${arch} CPU model`];
  const family = catalog.describeFamily(m.family);
  if (family) lines.push('', family);
  const facts: string[] = [`${m.features.length} features`];
  if (m.aliasOf) facts.push(`same definition as \`${m.aliasOf}\``);
  if (m.canonical) facts.push(`canonical name \`${m.canonical}\``);
  if (m.ancestor && !m.aliasOf) facts.push(`built on \`${m.ancestor}\``);
  lines.push('', facts.join(' · '));
  if (m.signatures?.length) {
    lines.push('', `Signatures: ${m.signatures.map((s) => `family ${s.family} model ${s.model}${s.stepping ? ` stepping ${s.stepping}` : ''}`).join('; ')}`);
  }
  if (m.pvr) lines.push('', `PVR: ${m.pvr}`);
  const versions = catalog.models(arch).filter((o) => o.family === m.family && o.name !== m.name).map((o) => `\`${o.name}\``);
  if (versions.length) lines.push('', `Other versions and variants: ${versions.join(', ')}`);
  return lines.join('\n');
}
