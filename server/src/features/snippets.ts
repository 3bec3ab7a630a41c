// Insertable markup: one well-formed snippet per CPU-area element (required
// attributes with sensible first values, required children), and whole
// `<cpu>` blocks sized to the document's vCPU count and memory.

import type { Catalog } from '../catalog/catalog';
import type { LibvirtDocument } from '../domain/libvirtDocument';
import { elementSpec, type AttributeSpec, type ElementSpec } from '../domain/schema';
import { childrenNamed, type XmlElement } from '../xml/nodes';
import { domainFacts, evenSplit, formatKiB, type DomainFacts } from '../domain/facts';
import { modelSortKey } from './cpuModels';
import { suggestAttributeValues, suggestTextValues } from './suggestions';

export interface Snippet {
  /** LSP snippet text (tab stops, placeholders, choices). */
  text: string;
  /** Open completion at the first tab stop (a model or feature name to pick). */
  suggestAfter: boolean;
}

/** Escapes text for use inside a snippet placeholder. */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** The text a snippet inserts when every placeholder keeps its default (a choice its first value), tabs as two spaces. */
export function snippetPreview(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length) {
      out += snippet[++i];
    } else if (c === '$' && /[0-9]/.test(snippet[i + 1] ?? '')) {
      while (/[0-9]/.test(snippet[i + 1] ?? '')) i++;
    } else if (c === '$' && snippet[i + 1] === '{') {
      const m = /^\$\{[0-9]+([:|])/.exec(snippet.slice(i, i + 12));
      if (!m) {
        out += c;
        continue;
      }
      i += m[0].length;
      // Copy the default (or the first choice), skip the rest up to the closing brace.
      let depth = 0;
      let copying = true;
      for (; i < snippet.length; i++) {
        const d = snippet[i];
        if (d === '\\') {
          if (copying) out += snippet[i + 1] ?? '';
          i++;
        } else if (d === '{') depth++;
        else if (d === '}' && depth === 0) break;
        else if (d === '}') depth--;
        else if (m[1] === '|' && (d === ',' || d === '|')) copying = false;
        else if (copying) out += d;
      }
    } else out += c;
  }
  return out.replace(/\t/g, '  ');
}

function escapeChoice(text: string): string {
  return text.replace(/[$}\\,|]/g, (c) => `\\${c}`);
}

/** Numbers tab stops in order of use. */
class Stops {
  private n = 0;
  /** `$n` or `${n:default}`. */
  tab(placeholder?: string): string {
    this.n++;
    return placeholder === undefined || placeholder === '' ? `$${this.n}` : `\${${this.n}:${escapeSnippet(placeholder)}}`;
  }
  /** `${n|a,b|}`: the first value is what is inserted. */
  choice(values: readonly string[]): string {
    this.n++;
    return `\${${this.n}|${values.map(escapeChoice).join(',')}|}`;
  }
}

export interface SnippetContext {
  doc: LibvirtDocument;
  /** The element the new one goes into. */
  parent: XmlElement;
  /** `'` or `"`, following the document. */
  quote: string;
  catalog?: Catalog;
  arch?: string;
}

/** The snippet inserting a new `<name …>` element under the element at `parentPath`; undefined outside the schema. */
export function elementSnippet(parentPath: string, name: string, ctx: SnippetContext): Snippet | undefined {
  const path = `${parentPath}/${name}`;
  const spec = elementSpec(path);
  if (!spec) return undefined;
  const facts = domainFacts(ctx.doc);
  const stops = new Stops();
  const q = ctx.quote;
  const attr = (n: string, v: string) => ` ${n}=${q}${v}${q}`;
  switch (path) {
    case 'domain/vcpu':
      // Without a <vcpu> libvirt counts 1; offer what the topology or NUMA cells imply, else 2.
      return { text: `<vcpu placement=${q}static${q}>${stops.tab(suggestTextValues(ctx.doc, path)[0]?.value ?? '2')}</vcpu>`, suggestAfter: false };
    case 'domain/cpu/model':
      return { text: `<model${attr('fallback', 'allow')}>${stops.tab()}</model>`, suggestAfter: true };
    case 'domain/cpu/vendor':
      return { text: `<vendor>${stops.tab()}</vendor>`, suggestAfter: true };
    case 'domain/cpu/feature': {
      // The name is the first stop (the feature list opens there), the policy the second.
      const name = stops.tab();
      return { text: `<feature${attr('policy', stops.choice(policyOrder(facts)))}${attr('name', name)}/>`, suggestAfter: true };
    }
    case 'domain/cpu/topology': {
      const t = defaultTopology(facts.workableVcpus ?? 1, facts.mode);
      return {
        text: `<topology${attr('sockets', stops.tab(String(t.sockets)))}${attr('cores', stops.tab(String(t.cores)))}${attr('threads', stops.tab(String(t.threads)))}/>`,
        suggestAfter: false,
      };
    }
    case 'domain/cpu/cache': {
      // QEMU takes emulate only with level 3, passthrough and disable only without a level,
      // and passthrough only on host-passthrough and maximum CPUs.
      const emulate = `level=${q}3${q} mode=${q}emulate${q}`;
      const forms = [`mode=${q}disable${q}`];
      if (facts.mode === 'host-passthrough' || facts.mode === 'maximum') forms.unshift(`mode=${q}passthrough${q}`, emulate);
      else forms.unshift(emulate);
      return { text: `<cache ${stops.choice(forms)}/>`, suggestAfter: false };
    }
    case 'domain/cpu/numa': {
      const n = facts.workableVcpus ?? 1;
      const count = n >= 2 ? 2 : 1;
      const cells: string[] = [];
      for (let i = 0; i < count; i++) cells.push(`\t${cellMarkup(facts, i, count, q, stops)}`);
      return { text: `<numa>\n${cells.join('\n')}\n</numa>`, suggestAfter: false };
    }
    case 'domain/cpu/numa/cell': {
      const existing = childrenNamed(ctx.parent, 'cell').length;
      return { text: cellMarkup(facts, existing, existing + 1, q, stops), suggestAfter: false };
    }
  }
  return { text: genericSnippet(path, spec, ctx, stops, '', ctx.parent), suggestAfter: false };
}

/** Optional attributes a new element is rarely written without. */
const usualAttributes: Readonly<Record<string, readonly string[]>> = {
  'domain/numatune/memory': ['mode', 'nodeset'],
  // The parser needs the list even though the schema does not.
  'domain/cputune/vcpusched': ['vcpus'],
  'domain/cputune/iothreadsched': ['iothreads'],
};

/** The child a new container is rarely written without, when the schema requires none. */
const usualChild: Readonly<Record<string, string>> = {
  'domain/numatune': 'memory',
  'domain/vcpus': 'vcpu',
  'domain/iothreadids': 'iothread',
  'domain/cputune/cachetune': 'cache',
  'domain/cputune/memorytune': 'node',
};

/** Required (and usual) attributes with a first value, required (or usual) children, and a tab stop for the content. */
function genericSnippet(path: string, spec: ElementSpec, ctx: SnippetContext, stops: Stops, indent: string, parent: XmlElement): string {
  const q = ctx.quote;
  let out = `<${spec.name}`;
  // A stand-in for the new element, so later attributes see the values chosen for earlier ones.
  const probe: XmlElement = { ...placeholderElement, name: spec.name, parent, attributes: [] };
  const usual = Object.hasOwn(usualAttributes, path) ? usualAttributes[path] : [];
  for (const a of spec.attributes) {
    if (!a.required && !usual.includes(a.name)) continue;
    const { text, value } = attributePlaceholder(path, a, probe, ctx, stops);
    out += ` ${a.name}=${q}${text}${q}`;
    if (value !== undefined) probe.attributes.push(syntheticAttribute(a.name, value));
  }
  const required = spec.children.filter((c) => elementSpec(`${path}/${c}`)?.required);
  if (required.length === 0 && Object.hasOwn(usualChild, path)) required.push(usualChild[path]);
  if (spec.text) return `${out}>${stops.tab(suggestTextValues(ctx.doc, path)[0]?.value)}</${spec.name}>`;
  // Attributes and no child it needs: a self-closing element (children can be added later).
  if (spec.children.length === 0 || (required.length === 0 && out !== `<${spec.name}`)) return `${out}/>`;
  const inner = `${indent}\t`;
  const lines = required.map((c) => `\n${inner}${genericSnippet(`${path}/${c}`, elementSpec(`${path}/${c}`)!, ctx, stops, inner, probe)}`);
  if (lines.length === 0) lines.push(`\n${inner}${stops.tab()}`);
  return `${out}>${lines.join('')}\n${indent}</${spec.name}>`;
}

function attributePlaceholder(path: string, a: AttributeSpec, probe: XmlElement, ctx: SnippetContext, stops: Stops): { text: string; value: string | undefined } {
  if (a.values?.length) {
    const values = a.values.map((v) => v.value);
    const first = a.default && values.includes(a.default) ? a.default : values[0];
    return { text: stops.choice([first, ...values.filter((v) => v !== first)]), value: first };
  }
  const first = suggestAttributeValues(ctx.doc, path, probe, a.name, ctx.catalog, ctx.arch)[0]?.value ?? a.default;
  return { text: stops.tab(first), value: first };
}

function syntheticAttribute(name: string, value: string): XmlElement['attributes'][number] {
  return { name, nameStart: -1, nameEnd: -1, value, valueStart: -1, valueEnd: -1, quote: "'", valueClosed: true };
}

const placeholderElement: XmlElement = {
  name: '',
  start: -1,
  nameStart: -1,
  nameEnd: -1,
  startTagEnd: -1,
  startTagClosed: true,
  selfClosing: true,
  endTagStart: undefined,
  end: -1,
  closed: true,
  attributes: [],
  children: [],
  texts: [],
  parent: undefined,
  depth: 0,
};

/** Feature policies, the likeliest first for the CPU mode. */
function policyOrder(facts: DomainFacts): string[] {
  return facts.mode === 'host-passthrough' || facts.mode === 'maximum'
    ? ['disable', 'require', 'optional', 'forbid', 'force']
    : ['require', 'disable', 'optional', 'forbid', 'force'];
}

/** A topology multiplying to `n`: one socket; two threads per core for host CPUs when `n` is even, else one. */
export function defaultTopology(n: number, mode: string): { sockets: number; cores: number; threads: number } {
  const threads = (mode === 'host-passthrough' || mode === 'maximum') && n % 2 === 0 && n >= 4 ? 2 : 1;
  return { sockets: 1, cores: n / threads, threads };
}

function cellMarkup(facts: DomainFacts, index: number, count: number, q: string, stops: Stops): string {
  const n = facts.workableVcpus ?? 1;
  const cpus = evenSplit(n, count, index);
  const memory = cellMemory(facts, count);
  const attrs = [`id=${q}${index}${q}`];
  if (cpus) attrs.push(`cpus=${q}${stops.tab(cpus)}${q}`);
  attrs.push(`memory=${q}${stops.tab(memory.value)}${q}`, `unit=${q}${memory.unit}${q}`);
  return `<cell ${attrs.join(' ')}/>`;
}

/** Each cell's share of `<memory>`, or 1 GiB when the domain does not say. */
function cellMemory(facts: DomainFacts, count: number): { value: string; unit: string } {
  const total = facts.memoryKiB;
  if (!total) return { value: '1', unit: 'GiB' };
  return formatKiB(Math.floor(total / count));
}

// ---------------------------------------------------------------------------
// Whole <cpu> blocks

export interface BlockSnippet {
  label: string;
  detail: string;
  documentation: string;
  text: string;
}

/** The `<cpu>` blocks offered where a `<cpu>` may go, sized to the document. */
export function cpuBlockSnippets(doc: LibvirtDocument, quote: string, catalog: Catalog | undefined, arch: string | undefined): BlockSnippet[] {
  const facts = domainFacts(doc);
  const n = facts.workableVcpus ?? 1;
  const q = quote;
  const out: BlockSnippet[] = [];
  const topo = (mode: string) => {
    const t = defaultTopology(n, mode);
    return `<topology sockets=${q}${t.sockets}${q} dies=${q}1${q} clusters=${q}1${q} cores=${q}${t.cores}${q} threads=${q}${t.threads}${q}/>`;
  };
  {
    const s = new Stops();
    out.push({
      label: 'cpu host-passthrough',
      detail: `Host CPU as is, ${n} vCPU${n === 1 ? '' : 's'}, cache passthrough`,
      documentation:
        'Best performance: the guest sees the host CPU, its topology and its real cache sizes. Live migration only to hosts with an identical CPU, microcode and kernel.',
      text: `<cpu mode=${q}host-passthrough${q} check=${q}none${q} migratable=${q}${s.choice(['on', 'off'])}${q}>\n\t${topo('host-passthrough')}\n\t<cache mode=${q}passthrough${q}/>\n</cpu>`,
    });
  }
  {
    const s = new Stops();
    out.push({
      label: 'cpu host-model',
      detail: `Closest named model to the host, ${n} vCPU${n === 1 ? '' : 's'}`,
      documentation:
        'libvirt picks the named model closest to the host and adds the host’s extra features when the guest starts: near-native performance, and migration to hosts with the same or a newer CPU.',
      text: `<cpu mode=${q}host-model${q} check=${q}partial${q}>\n\t${s.tab(topo('host-model'))}\n</cpu>`,
    });
  }
  {
    const s = new Stops();
    const models = customModelChoices(catalog, arch);
    const modelPart = models.length > 0 ? s.choice(models) : s.tab('qemu64');
    out.push({
      label: 'cpu custom model with features',
      detail: `Named model plus features, ${n} vCPU${n === 1 ? '' : 's'}`,
      documentation:
        'The most portable choice: the guest sees exactly this model on every host that can run it. Pick the oldest model all hosts in the migration pool support, then require or disable single features.',
      text:
        `<cpu mode=${q}custom${q} match=${q}exact${q} check=${q}partial${q}>\n` +
        `\t<model fallback=${q}forbid${q}>${modelPart}</model>\n` +
        `\t${topo('custom')}\n` +
        `\t<feature policy=${q}require${q} name=${q}${s.tab('hypervisor')}${q}/>\n` +
        `\t<feature policy=${q}disable${q} name=${q}${s.tab(arch === 'x86' || arch === undefined ? 'vmx' : '')}${q}/>\n` +
        `</cpu>`,
    });
  }
  if (n >= 2) {
    const s = new Stops();
    const t = n % 2 === 0 ? { sockets: 2, cores: n / 2, threads: 1 } : { sockets: 1, cores: n, threads: 1 };
    const mem = cellMemory(facts, 2);
    out.push({
      label: 'cpu with two NUMA cells',
      detail: `host-passthrough, ${n} vCPUs split over 2 guest NUMA nodes`,
      documentation:
        'Two guest NUMA nodes, each with half the vCPUs and half the memory (libvirt replaces <memory> with the sum of the cells). Match the host: pin each cell’s vCPUs and memory to one host node with <cputune> and <numatune>.',
      text:
        `<cpu mode=${q}host-passthrough${q} check=${q}none${q} migratable=${q}on${q}>\n` +
        `\t<topology sockets=${q}${t.sockets}${q} dies=${q}1${q} clusters=${q}1${q} cores=${q}${t.cores}${q} threads=${q}${t.threads}${q}/>\n` +
        `\t<numa>\n` +
        `\t\t<cell id=${q}0${q} cpus=${q}${evenSplit(n, 2, 0)}${q} memory=${q}${s.tab(mem.value)}${q} unit=${q}${mem.unit}${q}/>\n` +
        `\t\t<cell id=${q}1${q} cpus=${q}${evenSplit(n, 2, 1)}${q} memory=${q}${s.tab(mem.value)}${q} unit=${q}${mem.unit}${q}/>\n` +
        `\t</numa>\n` +
        `</cpu>`,
    });
  }
  return out;
}

/**
 * Well-supported baselines for the custom block's model choice, oldest-safe
 * first; only those the catalog has are offered. Other arches: the catalog's
 * models, newest first.
 */
const customBaselines = [
  'Skylake-Client-v4',
  'Cascadelake-Server-v5',
  'Icelake-Server-v7',
  'SapphireRapids-v3',
  'Haswell-noTSX-IBRS',
  'EPYC-Rome-v4',
  'EPYC-Milan-v2',
  'EPYC-Genoa',
  'EPYC-v4',
];

function customModelChoices(catalog: Catalog | undefined, arch: string | undefined): string[] {
  if (!catalog || !arch) return [];
  const known = customBaselines.filter((name) => catalog.getModel(arch, name));
  if (known.length > 0) return known;
  return catalog
    .models(arch)
    .filter((m) => !m.aliasOf)
    .map((m) => m.name)
    .sort((a, b) => (modelSortKey(catalog, arch, a) < modelSortKey(catalog, arch, b) ? -1 : 1))
    .slice(0, 8);
}

/**
 * Lays a snippet out for the line it lands on: each newline gets the line's own
 * indentation plus one `unit` per leading tab the snippet wrote. The result is
 * right as is, so the item can ask the client not to re-indent it.
 */
export function layout(snippet: string, lineIndent: string, unit: string): string {
  if (snippet.indexOf('\n') < 0) return snippet;
  return snippet.replace(/\n(\t*)/g, (_m, tabs: string) => `\n${lineIndent}${unit.repeat(tabs.length)}`);
}

/** The leading blanks of the line holding `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
  let end = start;
  while (end < text.length && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
  return text.slice(start, end);
}

/** The document's indentation step, read from `el` and its parent or first child; two spaces (libvirt's own) when unclear. */
export function indentUnit(text: string, el: XmlElement): string {
  const pairs: Array<[XmlElement, XmlElement]> = [];
  if (el.children.length > 0) pairs.push([el, el.children[0]]);
  if (el.parent) pairs.push([el.parent, el]);
  for (const [outer, inner] of pairs) {
    const a = lineIndentAt(text, outer.start);
    const b = lineIndentAt(text, inner.start);
    if (b.length > a.length && b.startsWith(a) && onOwnLine(text, inner.start)) return b.slice(a.length);
  }
  return '  ';
}

function onOwnLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The quote character the document uses: from the element's own attributes, its parent's, else `'`. */
export function preferredQuote(el: XmlElement | undefined): string {
  for (let e = el, i = 0; e && i < 3; e = e.parent, i++) {
    for (const a of e.attributes) if (a.quote) return a.quote;
  }
  return "'";
}

/** True when `parent` may take another `<name>` (repeatable, or none yet besides `except`). */
export function mayAddChild(parent: XmlElement, name: string, spec: ElementSpec, except?: XmlElement): boolean {
  return spec.repeatable === true || childrenNamed(parent, name).every((c) => c === except);
}
