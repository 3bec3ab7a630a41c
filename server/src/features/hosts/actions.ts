// Edits built from the loaded hosts: the code action "Expand host-model to the
// custom CPU of host X" (that host's domcapabilities host-model definition
// written out as a migration-safe custom CPU) and the baseline CPU of all
// hosts, replacing the domain's <cpu> or inserted where one belongs. Pure.

import { domainFacts } from '../../domain/facts';
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { Catalog } from '../../catalog/catalog';
import type { CpuDefinition } from '../../domain/libvirtDocument';
import { parseCpuDef, type CpuDef, type CpuFeature } from '../../hosts/cpuDef';
import { comparableHost } from '../../hosts/hostCompare';
import type { HostCpu } from '../../hosts/hostCpu';
import { baselineX86, type BaselineOptions } from '../../hosts/x86Cpu';
import { x86Map } from '../../hosts/x86Data';
import { firstChild, type XmlElement } from '../../xml/nodes';
import { toRange, type ParsedDocument } from '../parsedDocument';

/** Most "Expand host-model" actions offered at once (one per domcapabilities host). */
const maxExpandActions = 10;

/** Children of `<cpu>` a rewrite replaces; every other child (topology, cache, numa, maxphysaddr…) is kept. */
const rewritten = new Set(['model', 'vendor', 'feature']);

/** The domain's guest CPU definition (first `<cpu>` of `<domain>`), if any. */
function guestCpu(doc: ParsedDocument): CpuDefinition | undefined {
  return doc.libvirt?.kind === 'domain' ? doc.libvirt.cpus.find((c) => c.context === 'guest') : undefined;
}

function isX86Domain(doc: ParsedDocument, catalog: Catalog): boolean {
  const arch = doc.libvirt?.arch;
  return arch === undefined || catalog.archOf(arch) === 'x86';
}

/**
 * "Expand host-model to the custom CPU of host X" for each loaded
 * domcapabilities host with a host-model CPU, offered when `range` touches a
 * `<cpu mode='host-model'>` of a domain (kind refactor.rewrite).
 */
export function hostModelActions(doc: ParsedDocument, range: Range, hosts: readonly HostCpu[], catalog: Catalog): CodeAction[] {
  const def = guestCpu(doc);
  if (!def || def.mode !== 'host-model' || !isX86Domain(doc, catalog)) return [];
  const td = doc.textDocument;
  const from = td.offsetAt(range.start);
  const to = td.offsetAt(range.end);
  if (to < def.element.start || from > def.element.end) return [];
  const out: CodeAction[] = [];
  for (const host of hosts) {
    if (out.length >= maxExpandActions) break;
    const edit = expandHostModelEdit(doc, def, host);
    if (!edit) continue;
    out.push({
      title: `Expand host-model to the custom CPU of host '${host.name}' (${host.cpu!.model})`,
      kind: CodeActionKind.RefactorRewrite,
      edit: { changes: { [td.uri]: [edit] } },
    });
  }
  return out;
}

/**
 * The edit replacing `<cpu mode='host-model'>` with the host's host-model
 * definition as `mode='custom' match='exact' check='partial'`, the model
 * with fallback='forbid', the vendor and every feature with its policy.
 * Features written in the domain override the host's policies; other
 * children are kept. Undefined when the host has no host-model CPU.
 */
export function expandHostModelEdit(doc: ParsedDocument, def: CpuDefinition, host: HostCpu): TextEdit | undefined {
  const hm = host.kind === 'domainCapabilities' && comparableHost(host) ? host.cpu : undefined;
  if (!hm || hm.model === undefined) return undefined;
  const features: CpuFeature[] = hm.features.map((f) => ({ name: f.name, policy: f.policy ?? 'require' }));
  // The domain's own feature tweaks on top of host-model keep their meaning.
  const own = parseCpuDef(def.element, 'guest');
  if (own.ok) {
    for (const f of own.cpu.features) {
      const at = features.findIndex((g) => g.name === f.name);
      if (at >= 0) features[at] = f;
      else features.push(f);
    }
  }
  const cpu: CpuDef = { ...hm, type: 'guest', mode: 'custom', match: 'exact', check: 'partial', fallback: 'forbid', arch: undefined, signature: undefined, features };
  return replaceCpuEdit(doc, def.element, cpu);
}

export type HostBaseline = { ok: true; cpu: CpuDef; used: string[]; skipped: string[] } | { ok: false; error: string };

/**
 * The CPU every loaded x86 host can run (`virsh cpu-baseline` over each
 * host's CPU; for domain capabilities, its host-model CPU), with
 * --features / --migratable. Hosts without a CPU are skipped and named.
 */
export function baselineOfHosts(hosts: readonly HostCpu[], catalog: Catalog, opts: Pick<BaselineOptions, 'expandFeatures' | 'migratable'> = {}): HostBaseline {
  const used: HostCpu[] = [];
  const skipped: string[] = [];
  for (const h of hosts) {
    if (comparableHost(h) && h.cpu?.model !== undefined) used.push(h);
    else skipped.push(h.name);
  }
  if (used.length === 0) {
    return { ok: false, error: hosts.length === 0 ? 'No host CPUs are loaded: list host files in libvirtXml.hosts.files.' : 'None of the loaded hosts has an x86 CPU description to compute a baseline from.' };
  }
  const r = baselineX86(x86Map(catalog), used.map((h) => h.cpu!), { expandFeatures: opts.expandFeatures, migratable: opts.migratable, virsh: true });
  if (!r.ok) {
    const vendors = [...new Set(used.map((h) => h.cpu!.vendor ?? 'unknown vendor'))];
    const hint = vendors.length > 1 ? ` (the hosts' CPUs come from ${vendors.join(' and ')}: no custom CPU runs on all of them)` : '';
    return { ok: false, error: `No baseline CPU for ${used.length} hosts: ${r.error}${hint}` };
  }
  return { ok: true, cpu: { ...r.cpu, mode: 'custom', match: 'exact' }, used: used.map((h) => h.name), skipped };
}

export type CpuBlockEdit = { ok: true; edit: TextEdit; xml: string } | { ok: false; error: string };

/**
 * Puts `cpu` into the domain: replaces its `<cpu>` (keeping topology, numa,
 * cache and the like), or inserts one after `<vcpu>`, else before
 * `<devices>`, else at the end, indented like its siblings.
 */
export function cpuBlockEdit(doc: ParsedDocument, cpu: CpuDef): CpuBlockEdit {
  const lib = doc.libvirt;
  if (!lib || lib.kind !== 'domain') return { ok: false, error: 'Not a libvirt domain document: the baseline CPU goes into a <domain>.' };
  const def = guestCpu(doc);
  if (def) {
    const edit = replaceCpuEdit(doc, def.element, cpu);
    return { ok: true, edit, xml: edit.newText };
  }
  const text = doc.xml.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const root = lib.root;
  const vcpu = domainFacts(lib).vcpu;
  const devices = firstChild(root, 'devices');
  const unit = indentUnit(text, root);
  let offset: number;
  let indent: string;
  let before: string;
  let after: string;
  if (vcpu) {
    offset = vcpu.end;
    indent = lineIndent(text, vcpu.start) ?? unit;
    before = eol + indent;
    after = '';
  } else if (devices && lineIndent(text, devices.start) !== undefined) {
    indent = lineIndent(text, devices.start)!;
    offset = devices.start - indent.length;
    before = indent;
    after = eol;
  } else if (root.endTagStart !== undefined) {
    const last = root.children[root.children.length - 1];
    indent = (last && lineIndent(text, last.start)) ?? unit;
    offset = last ? last.end : root.startTagEnd;
    before = eol + indent;
    after = last ? '' : eol;
  } else return { ok: false, error: 'The <domain> element is not closed: fix the XML first.' };
  const block = formatCpu(cpu, [], text, indent, unit, eol);
  const edit: TextEdit = { range: toRange(doc.textDocument, offset, offset), newText: before + block + after };
  return { ok: true, edit, xml: block };
}

/** Replaces the whole element with `cpu`, keeping the children a rewrite does not produce. */
function replaceCpuEdit(doc: ParsedDocument, el: XmlElement, cpu: CpuDef): TextEdit {
  const text = doc.xml.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = lineIndent(text, el.start) ?? '';
  const first = el.children[0];
  const childIndent = first ? lineIndent(text, first.start) : undefined;
  const unit = childIndent !== undefined && childIndent.length > indent.length && childIndent.startsWith(indent) ? childIndent.slice(indent.length) : indentUnit(text, el);
  const kept = el.children.filter((c) => !rewritten.has(c.name));
  return { range: toRange(doc.textDocument, el.start, el.end), newText: formatCpu(cpu, kept, text, indent, unit, eol) };
}

/** The whitespace before `offset` on its line, when only whitespace precedes it there. */
function lineIndent(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lead = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(lead) ? lead : undefined;
}

/** One indentation step as the document uses it: the first indented child of `el` or of the root, else two spaces. */
function indentUnit(text: string, el: XmlElement): string {
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    const base = lineIndent(text, e.start) ?? '';
    for (const c of e.children) {
      const ind = lineIndent(text, c.start);
      if (ind !== undefined && ind.length > base.length && ind.startsWith(base)) return ind.slice(base.length);
    }
  }
  return '  ';
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/'/g, '&apos;');
}

/**
 * `<cpu mode=… match=… check=…>` with model, vendor, the kept children that
 * libvirt writes before features, the features, then the rest (numa…).
 * The first line carries no indentation (the edit starts at `<cpu`).
 */
function formatCpu(cpu: CpuDef, kept: XmlElement[], text: string, indent: string, unit: string, eol: string): string {
  const inner = indent + unit;
  const attrs = [`mode='${cpu.mode ?? 'custom'}'`, `match='${cpu.match}'`];
  if (cpu.check !== undefined) attrs.push(`check='${cpu.check}'`);
  const lines: string[] = [];
  if (cpu.model !== undefined) lines.push(`<model fallback='${cpu.fallback}'>${escapeText(cpu.model)}</model>`);
  if (cpu.vendor !== undefined) lines.push(`<vendor>${escapeText(cpu.vendor)}</vendor>`);
  const keptText = (c: XmlElement) => text.slice(c.start, c.end);
  const late = new Set(['numa']);
  for (const c of kept) if (!late.has(c.name)) lines.push(keptText(c));
  for (const f of cpu.features) lines.push(`<feature policy='${f.policy ?? 'require'}' name='${escapeAttr(f.name)}'/>`);
  for (const c of kept) if (late.has(c.name)) lines.push(keptText(c));
  if (lines.length === 0) return `<cpu ${attrs.join(' ')}/>`;
  return `<cpu ${attrs.join(' ')}>${lines.map((l) => eol + inner + l).join('')}${eol}${indent}</cpu>`;
}
