// Completion for the CPU area: child elements as well-formed snippets, the
// attributes an element still lacks, every enumerated value with its meaning,
// CPU model, feature and vendor names from the catalog, values computed from
// the document (topology factors, cpusets, ids) and whole <cpu> blocks.

import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type Command,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { FeatureData, ModelData } from '../catalog/types';
import { attributeValue, textContent, type XmlElement } from '../xml/nodes';
import type { LibvirtDocument } from '../domain/libvirtDocument';
import { attributeSpec, childSpecs, elementSpec, type AttributeSpec, type ElementSpec } from '../domain/schema';
import { cpuNameContext, cursorAt, rangeOnCursorLine, schemaPath, type Cursor, type CursorContext } from './cursor';
import { toRange, type ParsedDocument } from './parsedDocument';
import { domainFacts, topologyAttributes } from '../domain/facts';
import { modelFeatureSet, modelSortKey, type HostCheck } from './cpuModels';
import { commonlyToggled, modeTable, modeTradeoffs, policyMeanings } from './explanations';
import { cpuBlockSnippets, elementSnippet, escapeSnippet, indentUnit, layout, lineIndentAt, mayAddChild, preferredQuote, snippetPreview, type Snippet } from './snippets';
import { suggestAttributeValues, suggestTextValues } from './suggestions';
import { archCpuOf, archFeatureItems, archModelItems } from './archCpu';
import { ownMemo } from '../util/memo';

export interface CompletionOptions {
  /** The character that triggered the request, when the editor says so: answers are then limited to what that character starts. */
  triggerCharacter?: string;
  /** Host hook (see HostCheck): models the configured host cannot run are marked and sorted last. Not wired yet. */
  hostCheck?: HostCheck;
}

const empty: CompletionList = { isIncomplete: false, items: [] };

const triggerSuggest: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Completions at `offset`; empty outside libvirt documents and outside the CPU area. Never throws on malformed markup. */
export function doComplete(doc: ParsedDocument, offset: number, catalog: Catalog, options: CompletionOptions = {}): CompletionList {
  const lv = doc.libvirt;
  if (!lv) return empty;
  const c = cursorAt(lv.xml, offset);
  if (!c || !allowedByTrigger(c, options.triggerCharacter)) return empty;
  const ctx: Ctx = { doc, lv, catalog, arch: catalog.archOf(lv.arch), options, cursor: c, offset, range: lineRange(doc, c.start, c.end, offset) };
  let items: CompletionItem[];
  switch (c.kind) {
    case 'startTagName':
      items = elementNameItems(ctx, c.element);
      break;
    case 'attributeName':
      items = attributeNameItems(ctx, c.element, c.attribute);
      break;
    case 'attributeValue':
      items = attributeValueItems(ctx, c);
      break;
    case 'content':
      items = contentItems(ctx, c);
      break;
    default:
      items = [];
  }
  return items.length ? { isIncomplete: false, items } : empty;
}

interface Ctx {
  doc: ParsedDocument;
  lv: LibvirtDocument;
  catalog: Catalog;
  arch: string | undefined;
  options: CompletionOptions;
  cursor: Cursor;
  offset: number;
  /** The edit range for the cursor's token: one line, containing the cursor. */
  range: Range;
}

function lineRange(doc: ParsedDocument, start: number, end: number, offset: number): Range {
  const r = rangeOnCursorLine(doc.xml.text, start, end, offset);
  return toRange(doc.textDocument, r.start, r.end);
}

/** A trigger character only opens the list where it starts something: '<' a tag, ' ' an attribute, '=' and quotes a value, '>' a text. */
function allowedByTrigger(c: Cursor, trigger: string | undefined): boolean {
  switch (trigger) {
    case undefined:
      return true;
    case '<':
      return c.kind === 'startTagName' || (c.kind === 'content' && c.afterLt);
    case ' ':
      return c.kind === 'attributeName' && c.attribute === undefined;
    case '=':
    case "'":
    case '"':
      return c.kind === 'attributeValue';
    case '>':
      // Only texts (a model or vendor name); contentItems refuses elements with children.
      return c.kind === 'content' && c.text !== undefined;
    default:
      return true;
  }
}

function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

function edit(range: Range, newText: string): TextEdit {
  return { range, newText };
}

// ---------------------------------------------------------------------------
// Element names

/** Child elements of `el.parent` for a start tag being typed; the whole element when nothing follows the name yet. */
function elementNameItems(ctx: Ctx, el: XmlElement): CompletionItem[] {
  const parent = el.parent;
  if (!parent) return [];
  const full = !el.startTagClosed && el.attributes.length === 0;
  const items = childElementItems(ctx, parent, el, full ? 'afterLt' : 'nameOnly');
  if (!full && el.endTagStart !== undefined) {
    // Renaming an element renames its end tag too.
    const at = el.endTagStart + 2;
    if (ctx.lv.xml.text.startsWith(el.name, at)) {
      const endRange = toRange(ctx.doc.textDocument, at, at + el.name.length);
      for (const item of items) item.additionalTextEdits = [edit(endRange, item.label)];
    }
  }
  return items;
}

type InsertStyle = 'full' | 'afterLt' | 'nameOnly';

function childElementItems(ctx: Ctx, parent: XmlElement, typing: XmlElement | undefined, style: InsertStyle): CompletionItem[] {
  const parentPath = schemaPath(ctx.lv, parent);
  if (!parentPath) return [];
  const quote = preferredQuote(parent);
  const items: CompletionItem[] = [];
  const facts = domainFacts(ctx.lv);
  const text = ctx.lv.xml.text;
  const at = ctx.doc.textDocument.offsetAt(ctx.range.start);
  const place = (snippet: string) => layout(style === 'afterLt' ? snippet.slice(1) : snippet, lineIndentAt(text, at), indentUnit(text, parent));
  const hostCpu = facts.mode === 'host-passthrough' || facts.mode === 'maximum';
  childSpecs(parentPath).forEach((spec, i) => {
    if (!mayAddChild(parent, spec.name, spec, typing)) return;
    // libvirt drops <model> and <vendor> from host-passthrough and maximum CPUs.
    if (parentPath === 'domain/cpu' && hostCpu && (spec.name === 'model' || spec.name === 'vendor')) return;
    const item: CompletionItem = {
      label: spec.name,
      kind: CompletionItemKind.Module,
      detail: elementDetail(spec),
      documentation: markdown(elementDoc(spec)),
      sortText: `1${String(i).padStart(3, '0')}`,
      filterText: spec.name,
    };
    if (style === 'nameOnly') {
      item.textEdit = edit(ctx.range, spec.name);
    } else {
      const snippet = cachedSnippet(ctx, parentPath, spec.name, parent, quote);
      if (!snippet) return;
      item.textEdit = edit(ctx.range, place(snippet.text));
      item.insertTextFormat = InsertTextFormat.Snippet;
      item.insertTextMode = InsertTextMode.asIs;
      if (snippet.suggestAfter) item.command = triggerSuggest;
    }
    items.push(item);
  });
  // Whole <cpu> blocks where none exists yet (or the one there is the tag being typed).
  if (parentPath === 'domain' && style !== 'nameOnly' && ctx.lv.kind === 'domain' && (!facts.cpu || facts.cpu === typing)) {
    for (const [i, block] of cpuBlockSnippets(ctx.lv, quote, ctx.catalog, ctx.arch).entries()) {
      items.push({
        label: block.label,
        kind: CompletionItemKind.Snippet,
        detail: block.detail,
        documentation: markdown(`${block.documentation}\n\n\`\`\`xml\n${snippetPreview(block.text)}\n\`\`\``),
        sortText: `0${i}`,
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
        textEdit: edit(ctx.range, place(block.text)),
      });
    }
  }
  return items;
}

/** Element snippets per document version and parent: they depend on the document, not on the cursor. */
const snippetCache = ownMemo<LibvirtDocument, Map<XmlElement, Map<string, Snippet | undefined>>>('snippets');

function cachedSnippet(ctx: Ctx, parentPath: string, name: string, parent: XmlElement, quote: string): Snippet | undefined {
  let perParent = snippetCache.get(ctx.lv);
  if (!perParent) snippetCache.set(ctx.lv, (perParent = new Map()));
  let perName = perParent.get(parent);
  if (!perName) perParent.set(parent, (perName = new Map()));
  if (perName.has(name)) return perName.get(name);
  const snippet = elementSnippet(parentPath, name, { doc: ctx.lv, parent, quote, catalog: ctx.catalog, arch: ctx.arch });
  perName.set(name, snippet);
  return snippet;
}

function elementDetail(spec: ElementSpec): string {
  return spec.since ? `since libvirt ${spec.since}` : 'libvirt element';
}

function elementDoc(spec: ElementSpec): string {
  const lines = [spec.doc];
  if (spec.parserDiffers) lines.push('', `_libvirt vs. schema:_ ${spec.parserDiffers}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Content: child elements, or a text value

function contentItems(ctx: Ctx, c: Extract<Cursor, { kind: 'content' }>): CompletionItem[] {
  const el = c.element;
  const names = cpuNameContext(ctx.lv, c);
  if (names) return cpuNameItems(ctx, names);
  const path = schemaPath(ctx.lv, el);
  const spec = path ? elementSpec(path) : undefined;
  if (!path || !spec) return [];
  if (spec.text && c.text && !c.afterLt) {
    const range = lineRange(ctx.doc, c.text.start, c.text.end, ctx.offset);
    if (spec.text.kind === 'vendorName') return vendorItems(ctx, range);
    return suggestTextValues(ctx.lv, path).map((s, i) => ({
      label: s.value,
      kind: CompletionItemKind.Value,
      detail: s.detail,
      sortText: String(i).padStart(3, '0'),
      textEdit: edit(range, s.value),
    }));
  }
  if (spec.children.length === 0 || ctx.options.triggerCharacter === '>') return [];
  return childElementItems(ctx, el, undefined, c.afterLt ? 'afterLt' : 'full');
}

// ---------------------------------------------------------------------------
// Attribute names

function attributeNameItems(ctx: Ctx, el: XmlElement, typing: XmlElement['attributes'][number] | undefined): CompletionItem[] {
  const path = schemaPath(ctx.lv, el);
  const spec = path ? elementSpec(path) : undefined;
  if (!path || !spec) return [];
  const present = new Set(el.attributes.filter((a) => a !== typing).map((a) => a.name));
  const hasValue = typing !== undefined && typing.valueStart >= 0;
  const text = ctx.lv.xml.text;
  const start = ctx.cursor.start;
  const needsSpace = typing === undefined && start > 0 && !/\s/.test(text[start - 1]);
  const quote = preferredQuote(el);
  const items: CompletionItem[] = [];
  spec.attributes.forEach((a, i) => {
    if (present.has(a.name) || !attributeApplies(ctx.lv, path, el, a.name)) return;
    const item: CompletionItem = {
      label: a.name,
      kind: CompletionItemKind.Property,
      detail: attributeDetail(a),
      documentation: markdown(attributeDoc(a)),
      sortText: `${a.required ? 0 : 1}${String(i).padStart(3, '0')}`,
      filterText: a.name,
    };
    if (hasValue) {
      item.textEdit = edit(ctx.range, a.name);
    } else {
      const first = exactValue(ctx, path, el, a);
      item.textEdit = edit(ctx.range, `${needsSpace ? ' ' : ''}${a.name}=${quote}${first === undefined ? '$1' : `\${1:${escapeSnippet(first)}}`}${quote}`);
      item.insertTextFormat = InsertTextFormat.Snippet;
      if (first === undefined && (a.values?.length || a.kind === 'cpuset' || suggestAttributeValues(ctx.lv, path, el, a.name, ctx.catalog, ctx.arch).length > 0)) {
        item.command = triggerSuggest;
      }
    }
    items.push(item);
  });
  return items;
}

/**
 * False for attributes that libvirt or QEMU refuse, or drop, in the element's
 * current state: migratable outside host-passthrough/maximum, match outside
 * custom, bits with passthrough and limit with emulate on maxphysaddr, a level
 * on a passthrough or disabled cache, a priority for batch or idle threads.
 */
function attributeApplies(lv: LibvirtDocument, path: string, el: XmlElement, name: string): boolean {
  const mode = () => domainFacts(lv).mode;
  switch (`${path}@${name}`) {
    case 'domain/cpu@migratable':
      return mode() === 'host-passthrough' || mode() === 'maximum';
    case 'domain/cpu@match':
      return mode() === 'custom';
    case 'domain/cpu/maxphysaddr@bits':
      return attributeValue(el, 'mode') !== 'passthrough';
    case 'domain/cpu/maxphysaddr@limit':
      return attributeValue(el, 'mode') !== 'emulate';
    case 'domain/cpu/cache@level':
      return attributeValue(el, 'mode') !== 'passthrough' && attributeValue(el, 'mode') !== 'disable';
    case 'domain/cputune/vcpusched@priority':
    case 'domain/cputune/iothreadsched@priority':
    case 'domain/cputune/emulatorsched@priority': {
      const scheduler = attributeValue(el, 'scheduler');
      return scheduler !== 'batch' && scheduler !== 'idle';
    }
  }
  return true;
}

/**
 * A caveat for an enumerated value in the element's state, shown next to it and
 * sorting it last: QEMU's rules on CPU cache modes and levels.
 */
function valueCaveat(lv: LibvirtDocument, path: string, el: XmlElement, name: string, value: string): string | undefined {
  if (path === 'domain/cpu/cache' && name === 'mode') {
    const mode = domainFacts(lv).mode;
    if (value === 'passthrough' && mode !== 'host-passthrough' && mode !== 'maximum') return 'host-passthrough / maximum CPUs only';
    const level = attributeValue(el, 'level');
    if (value === 'emulate' && level !== undefined && level !== '3') return "QEMU needs level='3'";
    if (value !== 'emulate' && level !== undefined) return 'QEMU refuses a level with it';
  }
  if (path === 'domain/cpu/cache' && name === 'level' && value !== '3') return "QEMU emulates level 3 only";
  return undefined;
}

/** A value worth pre-filling: the one topology value that makes the product match `<vcpu>`. */
function exactValue(ctx: Ctx, path: string, el: XmlElement, a: AttributeSpec): string | undefined {
  if (path !== 'domain/cpu/topology' || !(topologyAttributes as readonly string[]).includes(a.name)) return undefined;
  const list = suggestAttributeValues(ctx.lv, path, el, a.name);
  return list.length === 1 && list[0].exact ? list[0].value : undefined;
}

function attributeDetail(a: AttributeSpec): string {
  const parts: string[] = [];
  if (a.required) parts.push('required');
  if (a.default !== undefined) parts.push(`default ${a.default}`);
  if (a.since) parts.push(`since ${a.since}`);
  return parts.join(' · ') || 'optional';
}

export function attributeDoc(a: AttributeSpec): string {
  const lines = [a.doc];
  if (a.values?.length) lines.push('', a.values.map((v) => `- \`${v.value}\`: ${v.doc}${v.since ? ` (since ${v.since})` : ''}`).join('\n'));
  if (a.min !== undefined && a.max !== undefined && a.kind !== 'enum' && a.max < 4294967295) lines.push('', `Range: ${a.min}–${a.max}.`);
  if (a.optionalSince) lines.push('', `Optional since libvirt ${a.optionalSince}.`);
  if (a.parserDiffers) lines.push('', `_libvirt vs. schema:_ ${a.parserDiffers}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Attribute values

function attributeValueItems(ctx: Ctx, c: Extract<Cursor, { kind: 'attributeValue' }>): CompletionItem[] {
  const names = cpuNameContext(ctx.lv, c);
  if (names) return cpuNameItems(ctx, names);
  const el = c.element;
  const name = c.attribute.name;
  const wrap = c.attribute.quote === undefined ? preferredQuote(el) : '';
  const path = schemaPath(ctx.lv, el);
  if (!path) return [];
  const spec = attributeSpec(path, name);
  const items: CompletionItem[] = [];
  if (spec?.values?.length) {
    const feature = path === 'domain/cpu/feature' && name === 'policy' ? attributeValue(el, 'name') : undefined;
    spec.values.forEach((v, i) => {
      const isDefault = spec.default === v.value;
      const caveat = valueCaveat(ctx.lv, path, el, name, v.value);
      let doc = v.doc;
      if (path === 'domain/cpu' && name === 'mode' && Object.hasOwn(modeTradeoffs, v.value)) doc += `\n\n${modeTable(v.value)}`;
      if (path === 'domain/cpu/feature' && name === 'policy' && Object.hasOwn(policyMeanings, v.value)) {
        doc += `\n\n${feature ? `\`${feature}\`` : 'The feature'} is ${policyMeanings[v.value]}.`;
      }
      items.push({
        label: v.value,
        kind: CompletionItemKind.EnumMember,
        detail: v.doc,
        labelDetails: { description: [caveat ?? '', isDefault ? 'default' : '', v.since ? `since ${v.since}` : ''].filter(Boolean).join(' · ') || undefined },
        documentation: markdown(doc),
        sortText: `${caveat ? 1 : 0}${String(i).padStart(3, '0')}`,
        textEdit: edit(ctx.range, `${wrap}${v.value}${wrap}`),
        filterText: wrap ? `${wrap}${v.value}` : v.value,
      });
    });
    return items;
  }
  suggestAttributeValues(ctx.lv, path, el, name, ctx.catalog, ctx.arch).forEach((s, i) => {
    items.push({
      label: s.value,
      kind: CompletionItemKind.Value,
      detail: s.detail,
      sortText: String(i).padStart(3, '0'),
      textEdit: edit(ctx.range, `${wrap}${s.value}${wrap}`),
      filterText: wrap ? `${wrap}${s.value}` : s.value,
    });
  });
  return items;
}

// ---------------------------------------------------------------------------
// CPU model, feature and vendor names

function cpuNameItems(ctx: Ctx, names: CursorContext): CompletionItem[] {
  const guestArch = names.kind === 'modelName' || names.kind === 'featureName' ? archCpuOf(ctx.lv, names.cpu) : undefined;
  if (guestArch && (names.kind === 'modelName' || names.kind === 'featureName')) {
    // Non-x86 guests: the names that guest's QEMU takes (features/archCpu.ts).
    const range = lineRange(ctx.doc, names.start, names.end, ctx.offset);
    return names.kind === 'modelName' ? archModelItems(ctx.lv, guestArch, ctx.catalog, range) : archFeatureItems(guestArch, names.cpu, names.element, ctx.catalog, range);
  }
  const arch = ctx.arch;
  if (!arch) return [];
  const range = lineRange(ctx.doc, names.start, names.end, ctx.offset);
  return names.kind === 'modelName' ? modelItems(ctx, names, arch, range) : featureItems(ctx, names, arch, range);
}

function modelItems(ctx: Ctx, names: Extract<CursorContext, { kind: 'modelName' }>, arch: string, range: Range): CompletionItem[] {
  const { catalog } = ctx;
  const vendor = names.cpu?.vendor ? textContent(names.cpu.vendor).trim() : undefined;
  const check = ctx.options.hostCheck;
  const items: CompletionItem[] = [];
  for (const m of catalog.models(arch)) {
    if (vendor && m.vendor && m.vendor !== vendor) continue;
    const problem = check?.(m.name);
    const detail = modelDetail(m) + (problem ? ` · ⚠ ${problem}` : "");
    const family = catalog.describeFamily(m.family);
    items.push({
      label: m.name,
      kind: CompletionItemKind.Class,
      detail,
      labelDetails: { description: `${m.vendor ?? 'generic'} · ${m.features.length} features` },
      documentation: family ? markdown(family) : undefined,
      sortText: `${problem ? 'z' : 'a'}${modelSortKey(catalog, arch, m.name)}`,
      filterText: m.name,
      textEdit: edit(range, m.name),
    });
  }
  return items;
}

function modelDetail(m: ModelData): string {
  const parts = [m.vendor ?? 'any vendor', `${m.features.length} features`];
  if (m.aliasOf) parts.push(`alias of ${m.aliasOf}`);
  return parts.join(' · ');
}

const baseFeatureItems = new WeakMap<Catalog, Map<string, CompletionItem[]>>();

/** Label, detail and documentation per feature, built once per catalog and arch. */
function featureBase(catalog: Catalog, arch: string): CompletionItem[] {
  let perArch = baseFeatureItems.get(catalog);
  if (!perArch) baseFeatureItems.set(catalog, (perArch = new Map()));
  let list = perArch.get(arch);
  if (!list) {
    list = catalog.features(arch).map((f: FeatureData) => {
      const description = catalog.describeFeature(f.name);
      return {
        label: f.name,
        kind: CompletionItemKind.Property,
        detail: catalog.formatFeatureLocation(f) || undefined,
        documentation: description ? markdown(description + (f.migratable === false ? '\n\nNot migratable.' : '')) : undefined,
        filterText: f.name,
      };
    });
    perArch.set(arch, list);
  }
  return list;
}

const toggledRank = new Map(commonlyToggled.map(([name], i) => [name, i]));
const toggledReason = new Map(commonlyToggled);

/**
 * Feature names not yet listed in the CPU. On host CPUs the commonly toggled
 * ones come first; on a named model, a disable/forbid policy favours the
 * model's own features and any other policy the ones it lacks.
 */
function featureItems(ctx: Ctx, names: Extract<CursorContext, { kind: 'featureName' }>, arch: string, range: Range): CompletionItem[] {
  const { catalog } = ctx;
  const listed = new Set<string>();
  for (const f of names.cpu?.features ?? []) {
    if (f === names.element) continue;
    const n = attributeValue(f, 'name');
    if (n) listed.add(n);
  }
  const mode = names.cpu?.mode ?? 'custom';
  const hostCpu = mode === 'host-passthrough' || mode === 'maximum';
  const modelName = names.cpu?.model ? textContent(names.cpu.model).trim() : '';
  const model = !hostCpu && modelName ? catalog.getModel(arch, modelName) : undefined;
  const inModel = model ? modelFeatureSet(catalog, arch, model) : undefined;
  const policy = attributeValue(names.element, 'policy') ?? 'require';
  const removing = policy === 'disable' || policy === 'forbid';
  const items: CompletionItem[] = [];
  for (const base of featureBase(catalog, arch)) {
    const name = base.label;
    if (listed.has(name)) continue;
    const rank = toggledRank.get(name);
    let sortText: string | undefined;
    let description: string | undefined;
    if (hostCpu) {
      sortText = rank === undefined ? `1${name}` : `0${String(rank).padStart(3, '0')}`;
      description = rank === undefined ? undefined : toggledReason.get(name);
    } else if (inModel) {
      const has = inModel.has(name);
      sortText = `${has === removing ? 0 : 1}${rank === undefined ? `1${name}` : `0${String(rank).padStart(3, '0')}`}`;
      description = has ? `in ${model!.name}` : `not in ${model!.name}`;
    }
    // One literal of a fixed shape per item: cheaper than spreading the cached base.
    items.push({
      label: name,
      kind: base.kind,
      detail: base.detail,
      labelDetails: description === undefined ? undefined : { description },
      documentation: base.documentation,
      sortText,
      filterText: name,
      textEdit: edit(range, name),
    });
  }
  return items;
}

function vendorItems(ctx: Ctx, range: Range): CompletionItem[] {
  if (!ctx.arch) return [];
  return ctx.catalog.vendors(ctx.arch).map((v, i) => ({
    label: v.name,
    kind: CompletionItemKind.EnumMember,
    detail: v.string ? `CPUID vendor string ${v.string}` : v.value ? `implementer ${v.value}` : undefined,
    documentation: markdown('The host CPU must come from this vendor; needs a `<model>` too.'),
    sortText: String(i).padStart(3, '0'),
    textEdit: edit(range, v.name),
  }));
}
