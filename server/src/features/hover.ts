// Hover for the CPU area: element and attribute docs with their since-versions,
// what each enumerated value means (the CPU mode trade-off among them), CPU
// features (CPUID/MSR bit, models, policy) and models (signatures, versions,
// what changed from the model before), topology totals, cpusets and vCPU pins.

import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { FeatureData, ModelData } from '../catalog/types';
import { attributeValue, firstChild, textContent, type XmlAttribute, type XmlElement } from '../xml/nodes';
import type { LibvirtDocument } from '../domain/libvirtDocument';
import { attributeSpec, elementSpec, type AttributeSpec } from '../domain/schema';
import { parseCpuset } from '../domain/cpuset';
import { parseUIntStrict } from '../domain/numbers';
import { cpuNameContext, cursorAt, schemaPath, type Cursor } from './cursor';
import { archCpuOf, archFeatureHover, archModelHover } from './archCpu';
import { toRange, type ParsedDocument } from './parsedDocument';
import { cpusOf, domainFacts, topologyAttributes, topologyOf, vcpuPins, type DomainFacts } from '../domain/facts';
import { comparisonBase, familyMembers, modelDifference, modelFeatureSet, oldestModelsWith, type HostCheck } from './cpuModels';
import { modeTable, modeTradeoffs, policyMeanings } from './explanations';
import { literalAngles } from './markdown';

export interface HoverOptions {
  /** Host hook (see HostCheck): a model hover says when a loaded host cannot run it. */
  hostCheck?: HostCheck;
  /** One markdown line per loaded host for a model or feature name (features/hostHover.ts). */
  hostLines?: (subject: { kind: 'model' | 'feature'; name: string }) => string[];
}

/** The loaded hosts' lines, as a section appended to a name's hover. */
function withHostLines(text: string, options: HoverOptions, kind: 'model' | 'feature', name: string): string {
  const lines = options.hostLines?.({ kind, name }) ?? [];
  return lines.length ? `${text}\n\n**Hosts**\n\n${lines.map((l) => `- ${l}`).join('\n')}` : text;
}

/** The hover at `offset`, or null where there is nothing to say. Never throws on malformed markup. */
export function doHover(doc: ParsedDocument, offset: number, catalog: Catalog, options: HoverOptions = {}): Hover | null {
  const lv = doc.libvirt;
  if (!lv) return null;
  const c = cursorAt(lv.xml, offset);
  if (!c) return null;
  const found = hoverText(lv, c, catalog, options);
  // The hovered token must be under the cursor (a text hovered from the blanks around it is not).
  if (!found || !found.text || offset < found.start || offset > found.end) return null;
  return { range: toRange(doc.textDocument, found.start, found.end), contents: { kind: MarkupKind.Markdown, value: literalAngles(found.text) } };
}

interface Found {
  text: string;
  start: number;
  end: number;
}

function hoverText(lv: LibvirtDocument, c: Cursor, catalog: Catalog, options: HoverOptions): Found | undefined {
  const arch = catalog.archOf(lv.arch);
  const names = cpuNameContext(lv, c);
  const guestArch = names ? archCpuOf(lv, names.cpu) : undefined;
  if (names && guestArch) {
    // Non-x86 guests: what that guest's QEMU takes (features/archCpu.ts).
    if (names.start === names.end) return undefined;
    const text =
      names.kind === 'featureName'
        ? archFeatureHover(guestArch, names.cpu, catalog, attributeValue(names.element, 'name') ?? '')
        : archModelHover(lv, guestArch, catalog, textContent(names.element));
    return text ? { text, start: names.start, end: names.end } : undefined;
  }
  if (names) {
    if (names.start === names.end || !arch) return undefined;
    if (names.kind === 'featureName') {
      const feature = catalog.getFeature(arch, attributeValue(names.element, 'name') ?? '');
      if (!feature) return undefined;
      const model = names.cpu?.model ? catalog.getModel(arch, textContent(names.cpu.model).trim()) : undefined;
      const hostCpu = names.cpu?.mode === 'host-passthrough' || names.cpu?.mode === 'maximum';
      // Policies only mean something in a guest CPU (or a bare one read as a guest's).
      const guest = names.cpu?.context === 'guest' || names.cpu?.context === 'bare';
      const text = featureHover(feature, arch, catalog, guest ? { policy: attributeValue(names.element, 'policy'), model: hostCpu ? undefined : model } : {});
      return { text: withHostLines(text, options, 'feature', feature.name), start: names.start, end: names.end };
    }
    const model = catalog.getModel(arch, textContent(names.element).trim());
    if (!model) return undefined;
    let text = modelHover(model, arch, catalog, options.hostCheck);
    if (names.cpu?.mode === 'host-passthrough' || names.cpu?.mode === 'maximum') {
      text += `\n\n_Ignored here: libvirt drops the model of a ${names.cpu.mode} CPU._`;
    }
    return { text: withHostLines(text, options, 'model', model.name), start: names.start, end: names.end };
  }
  const path = schemaPath(lv, c.element);
  if (!path) return undefined;
  switch (c.kind) {
    case 'startTagName':
    case 'endTagName':
      return { text: elementHover(lv, path, c.element), start: c.start, end: c.end };
    case 'attributeName': {
      if (!c.attribute) return undefined;
      const spec = attributeSpec(path, c.attribute.name);
      if (!spec) return undefined;
      return { text: attributeHover(lv, path, c.element, spec), start: c.start, end: c.end };
    }
    case 'attributeValue':
      if (c.start === c.end) return undefined;
      return valueHover(lv, path, c.element, c.attribute, catalog, arch, c.start, c.end);
    case 'content': {
      if (!c.text || c.text.start === c.text.end) return undefined;
      const text = contentHover(lv, path, c.element, catalog, arch);
      return text ? { text, start: c.text.start, end: c.text.end } : undefined;
    }
  }
}

function since(version: string | undefined): string {
  return version ? ` · since libvirt ${version}` : '';
}

// ---------------------------------------------------------------------------
// Elements and attributes

function elementHover(lv: LibvirtDocument, path: string, el: XmlElement): string {
  const spec = elementSpec(path);
  if (!spec) return '';
  const lines = [`**<${spec.name}>**${since(spec.since)}`, '', spec.doc];
  const facts = domainFacts(lv);
  if (path === 'domain/cpu/topology') lines.push('', topologySummary(el, facts));
  if (path === 'domain/vcpu') lines.push('', vcpuSummary(facts));
  if (path === 'domain/cpu') lines.push('', modeTable(attributeValue(el, 'mode') ?? 'custom'));
  if (spec.parserDiffers) lines.push('', `_libvirt vs. schema:_ ${spec.parserDiffers}`);
  return lines.join('\n');
}

function attributeHover(lv: LibvirtDocument, path: string, el: XmlElement, spec: AttributeSpec): string {
  const head = [`**${spec.name}**`];
  if (spec.required) head.push('required');
  if (spec.default !== undefined) head.push(`default \`${spec.default}\``);
  const lines = [`${head.join(' · ')}${since(spec.since)}`, '', spec.doc];
  if (path === 'domain/cpu' && spec.name === 'mode') {
    lines.push('', modeTable(attributeValue(el, 'mode') ?? 'custom'));
  } else if (spec.values?.length) {
    lines.push('', spec.values.map((v) => `- \`${v.value}\`: ${v.doc}${v.since ? ` (since ${v.since})` : ''}`).join('\n'));
  }
  if (path === 'domain/cpu/topology' && (topologyAttributes as readonly string[]).includes(spec.name)) {
    lines.push('', topologySummary(el, domainFacts(lv)));
  }
  if (spec.optionalSince) lines.push('', `Optional since libvirt ${spec.optionalSince}.`);
  if (spec.parserDiffers) lines.push('', `_libvirt vs. schema:_ ${spec.parserDiffers}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Attribute values

function valueHover(
  lv: LibvirtDocument,
  path: string,
  el: XmlElement,
  attr: XmlAttribute,
  catalog: Catalog,
  arch: string | undefined,
  start: number,
  end: number,
): Found | undefined {
  const value = attributeValue(el, attr.name) ?? '';
  const spec = attributeSpec(path, attr.name);
  const facts = domainFacts(lv);
  const lines: string[] = [];
  if (path === 'domain/cpu/feature' && attr.name === 'policy') {
    const feature = attributeValue(el, 'name');
    const meaning = Object.hasOwn(policyMeanings, value) ? policyMeanings[value] : undefined;
    if (!meaning) return undefined;
    lines.push(`**policy='${value}'**`, '', feature ? `\`${feature}\` is ${meaning}.` : `The feature is ${meaning}.`);
    if (feature && arch && (value === 'require' || value === 'force')) {
      const model = facts.cpu && firstChild(facts.cpu, 'model');
      const m = model ? catalog.getModel(arch, textContent(model).trim()) : undefined;
      if (m && modelFeatureSet(catalog, arch, m).has(feature)) lines.push('', `${m.name} already includes it: this line only makes the requirement explicit.`);
    }
    return { text: lines.join('\n'), start, end };
  }
  const known = spec?.values?.find((v) => v.value === value);
  if (spec && known) {
    lines.push(`**${spec.name}='${value}'**${since(known.since)}`, '', known.doc);
    if (path === 'domain/cpu' && spec.name === 'mode' && Object.hasOwn(modeTradeoffs, value)) {
      const t = modeTradeoffs[value];
      lines.push(
        '',
        `- Performance: ${t.performance}`,
        `- Migration: ${t.migration}`,
        `- QEMU: \`${t.qemu}\``,
        '',
        'host-passthrough gives the best performance and the worst migratability, custom the reverse, host-model sits in between.',
      );
    } else if (spec.values!.length > 1) {
      lines.push('', `Other values: ${spec.values!.filter((v) => v !== known).map((v) => `\`${v.value}\``).join(', ')}`);
    }
    return { text: lines.join('\n'), start, end };
  }
  if (path === 'domain/cpu/topology' && (topologyAttributes as readonly string[]).includes(attr.name)) {
    return { text: topologySummary(el, facts), start, end };
  }
  if (spec?.kind === 'cpuset') return { text: cpusetHover(path, attr.name, value, el, facts), start, end };
  if (path === 'domain/cputune/vcpupin' && attr.name === 'vcpu') {
    const k = parseUIntStrict(value);
    if (k === undefined) return undefined;
    const max = facts.workableVcpus;
    const note = max !== undefined && k >= max ? `\n\nThere is no vCPU ${k}: the guest has ${max}, so libvirt silently drops this pin.` : '';
    return { text: `**vCPU ${k}**${max !== undefined ? ` of ${max}` : ''}${note}`, start, end };
  }
  if (path === 'domain/cpu/model' && attr.name === 'vendor_id') {
    const bytes = new TextEncoder().encode(value).length;
    const ok = bytes === 12 && !value.includes(',');
    return {
      text: `**vendor_id='${value}'**\n\nThe CPUID vendor string the guest sees. libvirt needs exactly 12 bytes and no comma: ${ok ? 'this one fits' : `this one has ${bytes} byte${bytes === 1 ? '' : 's'}${value.includes(',') ? ' and a comma' : ''}`}.`,
      start,
      end,
    };
  }
  if (spec) return { text: attributeHover(lv, path, el, spec), start, end };
  return undefined;
}

const cpusetNouns: Record<string, string> = {
  'domain/cpu/numa/cell@cpus': 'vCPUs',
  'domain/cputune/vcpusched@vcpus': 'vCPUs',
  'domain/cputune/cachetune@vcpus': 'vCPUs',
  'domain/cputune/memorytune@vcpus': 'vCPUs',
  'domain/cputune/cachetune/monitor@vcpus': 'vCPUs',
  'domain/cputune/memorytune/monitor@vcpus': 'vCPUs',
  'domain/cputune/iothreadsched@iothreads': 'IOThreads',
  'domain/numatune/memory@nodeset': 'Host NUMA nodes',
  'domain/numatune/memnode@nodeset': 'Host NUMA nodes',
};

/** The expanded list of a cpuset, or libvirt's complaint about it. */
function cpusetHover(path: string, attr: string, value: string, el: XmlElement, facts: DomainFacts): string {
  const key = `${path}@${attr}`;
  const noun = Object.hasOwn(cpusetNouns, key) ? cpusetNouns[key] : 'Host CPUs';
  const r = parseCpuset(value, { attribute: attr });
  if (!r.ok) return `**${attr}='${value}'**\n\n${r.message}`;
  const lines = [`**${noun}** ${listNumbers(r.cpus)} (${r.cpus.length})`];
  if (noun === 'vCPUs' && facts.workableVcpus !== undefined) {
    const outside = r.cpus.filter((c) => c >= facts.workableVcpus!);
    if (outside.length > 0) lines.push('', `Beyond the guest's ${facts.workableVcpus} vCPUs: ${listNumbers(outside)}.`);
  }
  if (path === 'domain/cputune/vcpupin') {
    const v = attributeValue(el, 'vcpu');
    if (v !== undefined) lines.push('', `vCPU ${v} runs only on ${r.cpus.length === 1 ? `host CPU ${r.cpus[0]}` : 'these host CPUs'}.`);
  }
  return lines.join('\n');
}

/** "0, 1, 2, 3, 8", shortened past 32 numbers. */
function listNumbers(list: number[]): string {
  const shown = list.slice(0, 32).join(', ');
  return list.length > 32 ? `${shown}, … (${list.length - 32} more)` : shown;
}

// ---------------------------------------------------------------------------
// Text content

function contentHover(lv: LibvirtDocument, path: string, el: XmlElement, catalog: Catalog, arch: string | undefined): string | undefined {
  const facts = domainFacts(lv);
  if (path === 'domain/vcpu') return vcpuSummary(facts);
  if (path === 'domain/cpu/vendor' && arch) {
    const name = textContent(el).trim();
    const v = catalog.getVendor(arch, name);
    if (!v) return `**${name}** is not a vendor libvirt knows for ${arch}: ${catalog.vendors(arch).map((x) => `\`${x.name}\``).join(', ')}.`;
    const count = catalog.models(arch).filter((m) => m.vendor === v.name).length;
    return `**${v.name}** · ${arch} CPU vendor${v.string ? ` · CPUID \`${v.string}\`` : ''}${v.value ? ` · implementer ${v.value}` : ''}\n\nThe host CPU must be from ${v.name}; ${count} models.`;
  }
  const spec = elementSpec(path);
  return spec ? `**<${spec.name}>**${since(spec.since)}\n\n${spec.text?.doc ?? spec.doc}` : undefined;
}

/** sockets × dies × clusters × cores × threads, the total and whether `<vcpu>` agrees. */
function topologySummary(el: XmlElement, facts: DomainFacts): string {
  const t = topologyOf(el);
  const parts = topologyAttributes.map((name) => `${name} ${t.values[name] ?? '?'}`);
  if (t.total === undefined) return `${parts.join(' × ')}: the total is unknown until every required attribute is a positive number.`;
  const head = `${parts.join(' × ')} = **${t.total} vCPU${t.total === 1 ? '' : 's'}**`;
  const max = facts.workableVcpus;
  if (max === undefined) return head;
  if (max === t.total) return `${head}, matching \`<vcpu>\` (${max}).`;
  return `${head}, but \`<vcpu>\` says ${max}: libvirt refuses the domain ("CPU topology doesn't match maximum vcpu count").`;
}

/** Maximum and current vCPUs, and where each is pinned. */
function vcpuSummary(facts: DomainFacts): string {
  const max = facts.workableVcpus;
  if (max === undefined) return 'The vCPU count is not a number libvirt would accept (1 to 65535 is safe).';
  const cur = facts.currentVcpus ?? max;
  const lines = [`**${max} vCPU${max === 1 ? '' : 's'}** maximum, ${cur === max ? 'all' : cur} online at boot${cur === max ? '' : ` (the other ${max - cur} can be hot-plugged)`}.`];
  const pins = vcpuPins(facts);
  const floating = facts.vcpu && attributeValue(facts.vcpu, 'cpuset');
  const rows: string[] = [];
  let unpinned = 0;
  for (let k = 0; k < max; k++) {
    const pin = pins.get(k);
    if (!pin) {
      unpinned++;
      continue;
    }
    if (rows.length < 16) rows.push(`- vCPU ${k} → host CPU${(cpusOf(attributeValue(pin, 'cpuset')) ?? []).length === 1 ? '' : 's'} ${attributeValue(pin, 'cpuset') || '(empty)'}`);
  }
  if (rows.length > 0) {
    const pinnedCount = max - unpinned;
    lines.push('', 'Pinned:', ...rows);
    if (pinnedCount > rows.length) lines.push(`- … ${pinnedCount - rows.length} more`);
  }
  if (unpinned > 0) {
    const where = floating ? `host CPUs ${floating} (\`<vcpu cpuset>\`)` : 'any host CPU';
    lines.push('', `${rows.length > 0 ? `${unpinned} unpinned` : 'Not pinned'}: ${rows.length > 0 ? 'they float' : 'the vCPUs float'} over ${where}.`);
  }
  const stray = [...pins.keys()].filter((k) => k >= max);
  if (stray.length > 0) lines.push('', `Pins for vCPUs ${stray.join(', ')} are dropped: the guest has no such vCPU.`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// CPU features and models

export interface FeatureHoverContext {
  /** The policy written next to the feature. */
  policy?: string;
  /** The CPU's model, to say whether it already has the feature. */
  model?: ModelData;
}

export function featureHover(f: FeatureData, arch: string, catalog: Catalog, here: FeatureHoverContext = {}): string {
  const lines = [`**${f.name}** · ${arch} CPU feature`];
  const location = catalog.formatFeatureLocation(f);
  if (location) lines.push('', location);
  const description = catalog.describeFeature(f.name);
  if (description) lines.push('', description);
  const withIt = catalog.modelsWithFeature(arch, f.name).length;
  const total = catalog.models(arch).length;
  lines.push('', `Included in ${withIt} of ${total} ${arch} models (libvirt ${catalog.libvirtVersion}).`);
  const oldest = oldestModelsWith(catalog, arch, f.name);
  if (oldest.length > 0) lines.push(`First in: ${oldest.map((o) => `${o.vendor} \`${o.model.name}\``).join(', ')}.`);
  if (here.policy !== undefined || here.model) {
    const policy = here.policy ?? 'require';
    const meaning = Object.hasOwn(policyMeanings, policy) ? policyMeanings[policy] : undefined;
    if (meaning) lines.push('', `Here (\`policy='${policy}'\`${here.policy === undefined ? ', the default' : ''}): ${meaning}.`);
    if (here.model) {
      const has = modelFeatureSet(catalog, arch, here.model).has(f.name);
      lines.push('', has ? `\`${here.model.name}\` already includes it.` : `\`${here.model.name}\` does not include it.`);
    }
  }
  if (f.migratable === false) lines.push('', 'Not migratable: libvirt drops it from migratable CPU definitions, and a domain using it cannot be live-migrated.');
  if (f.aliases?.length) {
    lines.push('', `Other spellings: ${f.aliases.map((a) => `\`${a.name}\` (${a.source})`).join(', ')}, which libvirt rejects in a domain.`);
  }
  return lines.join('\n');
}

/** Longest list of feature names shown per direction; the rest is counted. */
const maxListed = 24;

export function modelHover(m: ModelData, arch: string, catalog: Catalog, hostCheck?: HostCheck): string {
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
  const base = comparisonBase(catalog, arch, m);
  if (base) {
    const d = modelDifference(catalog, arch, m, base.base);
    const parts: string[] = [];
    if (d.added.length) parts.push(`adds ${nameList(d.added)}`);
    if (d.removed.length) parts.push(`removes ${nameList(d.removed)}`);
    lines.push('', `Compared with \`${base.base.name}\` (${base.relation}): ${parts.length ? parts.join('; ') : 'the same features'}.`);
  }
  if (m.removed?.length) lines.push('', `libvirt turns off for new guests: ${m.removed.map((f) => `\`${f}\``).join(', ')}.`);
  const members = familyMembers(catalog, arch, m).filter((o) => o.name !== m.name);
  const versions = members.filter((o) => o.version !== undefined);
  const variants = members.filter((o) => o.version === undefined);
  if (versions.length) lines.push('', `Versions: ${versions.map((o) => `\`${o.name}\`${o.aliasOf ? ` (= ${o.aliasOf})` : ''}`).join(', ')}`);
  if (variants.length) lines.push('', `Variants: ${variants.map((o) => `\`${o.name}\``).join(', ')}`);
  const problem = hostCheck?.(m.name);
  if (problem) lines.push('', `**Not on this host:** ${problem}`);
  return lines.join('\n');
}

/** `a`, `b` and 3 more; VMX capability bits (vmx-*) counted as one group. */
function nameList(names: string[]): string {
  const vmx = names.filter((n) => n.startsWith('vmx-'));
  const plain = names.filter((n) => !n.startsWith('vmx-'));
  const shown = plain.slice(0, maxListed).map((n) => `\`${n}\``);
  if (plain.length > maxListed) shown.push(`${plain.length - maxListed} more`);
  if (vmx.length) shown.push(`${vmx.length} VMX capability bit${vmx.length === 1 ? '' : 's'} (\`vmx-*\`)`);
  return shown.join(', ');
}

