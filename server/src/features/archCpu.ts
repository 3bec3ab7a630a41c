// Completion and hover for the CPU of non-x86 guests (aarch64, armv7l, ppc64, ppc64le,
// s390x, riscv64): the models and features that guest's QEMU takes, enriched with what
// cpu_map says (a POWER model's PVR, an arm model's vendor and part number).

import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { ModelData } from '../catalog/types';
import { qemuArch, qemuDataVersion, type QemuArch } from '../catalog/qemuCpus';
import type { QemuModel } from '../catalog/qemuCpuTypes';
import type { CpuDefinition, LibvirtDocument } from '../domain/libvirtDocument';
import { domainFacts } from '../domain/facts';
import { attributeValue, textContent, type XmlElement } from '../xml/nodes';

const ARM = new Set(['aarch64', 'armv7l']);
const PPC = new Set(['ppc64', 'ppc64le']);

/** The QEMU data for this guest CPU when it is a non-x86 domain's guest CPU (the cases this module answers). */
export function archCpuOf(lv: LibvirtDocument, cpu: CpuDefinition | undefined): QemuArch | undefined {
  if (lv.kind !== 'domain' || (cpu && cpu.context !== 'guest')) return undefined;
  return qemuArch(lv.arch);
}

/** cpu_map's entry for a QEMU model name: same name, or same name ignoring case (QEMU's neoverse-n1, cpu_map's Neoverse-N1). */
function catalogModel(catalog: Catalog, qa: QemuArch, name: string): ModelData | undefined {
  const arch = ARM.has(qa.arch) ? 'arm' : PPC.has(qa.arch) ? 'ppc64' : undefined;
  if (!arch) return undefined;
  const exact = catalog.getModel(arch, name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return catalog.models(arch).find((m) => m.name.toLowerCase() === lower);
}

function machineTakes(lv: LibvirtDocument, qa: QemuArch, name: string): boolean {
  if (!qa.machineModels) return true;
  const machine = domainFacts(lv).machine;
  const family = qa.data.machine.replace(/-[0-9.]+$/, '');
  if (machine !== undefined && machine !== family && !machine.startsWith(`${family}-`)) return true;
  return qa.machineModels.has(name);
}

/** Model names for `<model>` of a non-x86 guest: QEMU's list, those the machine runs first. */
export function archModelItems(lv: LibvirtDocument, qa: QemuArch, catalog: Catalog, range: Range): CompletionItem[] {
  return qa.data.models.map((m) => {
    const runs = machineTakes(lv, qa, m.name);
    const known = catalogModel(catalog, qa, m.name);
    const vendor = m.vendor ?? known?.vendor;
    const facts: string[] = [];
    if (vendor) facts.push(vendor);
    if (PPC.has(qa.arch) && known?.pvr) facts.push(`PVR ${known.pvr}`);
    if (m.features?.length) facts.push(`${m.features.length} properties`);
    if (m.deprecated) facts.push('deprecated');
    if (!runs) facts.push(`⚠ not on ${qa.data.machine}`);
    return {
      label: m.name,
      kind: CompletionItemKind.Class,
      detail: `${qa.arch} CPU model (${qemuDataVersion()})`,
      labelDetails: facts.length ? { description: facts.join(' · ') } : undefined,
      sortText: `${runs ? (m.name === 'max' ? '0' : '1') : '9'}${m.name}`,
      filterText: m.name,
      textEdit: { range, newText: m.name },
    };
  });
}

/** The feature names a `<feature name>` of this guest may take: the arm list (with what the model takes first), s390x's and riscv64's QEMU properties; none on ppc64. */
export function archFeatureItems(qa: QemuArch, cpu: CpuDefinition | undefined, self: XmlElement, catalog: Catalog, range: Range): CompletionItem[] {
  const listed = new Set((cpu?.features ?? []).filter((f) => f !== self).map((f) => attributeValue(f, 'name') ?? ''));
  const model = modelOf(qa, cpu);
  let names: string[];
  if (ARM.has(qa.arch)) names = catalog.features('arm').map((f) => f.name);
  else if (PPC.has(qa.arch)) names = [];
  else names = qa.data.features ?? [];
  const takes = ARM.has(qa.arch) ? model?.features : undefined;
  return names
    .filter((n) => !listed.has(n))
    .map((n) => {
      const ok = !takes || takes.includes(n);
      return {
        label: n,
        kind: CompletionItemKind.Property,
        detail: `${qa.arch} CPU feature`,
        labelDetails: takes ? { description: ok ? `on ${model!.name}` : `⚠ not on ${model!.name}` } : undefined,
        sortText: `${ok ? 0 : 9}${n}`,
        filterText: n,
        textEdit: { range, newText: n },
      };
    });
}

function modelOf(qa: QemuArch, cpu: CpuDefinition | undefined): QemuModel | undefined {
  const mode = cpu?.mode ?? 'custom';
  if (mode === 'maximum') return qa.models.get('max');
  if (mode !== 'custom' || !cpu?.model) return undefined;
  return qa.models.get(textContent(cpu.model));
}

/** Hover for a model name of a non-x86 guest; undefined when QEMU has no such model. */
export function archModelHover(lv: LibvirtDocument, qa: QemuArch, catalog: Catalog, name: string): string | undefined {
  const m = qa.models.get(name);
  const known = catalogModel(catalog, qa, name);
  if (!m) {
    if (!known) return undefined;
    return `**${known.name}** · ${known.vendor ? `${known.vendor} ` : ''}host CPU name in libvirt's cpu_map\n\nNot one of QEMU's ${qa.arch} models: libvirt refuses it in a guest (${qemuDataVersion()}).`;
  }
  const vendor = m.vendor ?? known?.vendor;
  const lines = [`**${m.name}** · ${vendor ? `${vendor} ` : ''}${qa.arch} CPU model`];
  if (known?.pvr && PPC.has(qa.arch)) {
    const masks = known.pvrs?.map((p) => `${p.value}${p.mask ? ` (mask ${p.mask})` : ''}`).join(', ') ?? known.pvr;
    lines.push('', `PVR: ${masks} — the processor version register value libvirt matches host CPUs by.`);
  }
  if (known && ARM.has(qa.arch)) {
    const implementer = known.vendor ? catalog.getVendor('arm', known.vendor)?.value : undefined;
    lines.push('', `Vendor ${known.vendor ?? 'unknown'}${implementer ? ` (implementer ${implementer})` : ''}, part number ${known.pvr ?? 'unknown'} (cpu_map \`${known.name}\`).`);
  }
  if (ARM.has(qa.arch)) {
    const armNames = new Set(catalog.features('arm').map((f) => f.name));
    const usable = (m.features ?? []).filter((f) => armNames.has(f));
    lines.push('', usable.length ? `Features libvirt and QEMU take on it: ${summarise(usable)}.` : 'QEMU takes none of libvirt\'s arm features (sve…, pauth) on it.');
    if (!machineTakes(lv, qa, m.name)) lines.push('', `**Not on ${qa.data.machine}:** QEMU refuses it on that machine when the domain starts.`);
  }
  if (m.fixedExtensions) lines.push('', 'A vendor CPU: QEMU refuses to turn extensions on (`policy=\'require\'`); turning them off works.');
  if (qa.arch === 's390x' && m.name.endsWith('-base')) lines.push('', 'The base model: only the features of the first machine generation, without later additions.');
  if (m.deprecated) lines.push('', 'Deprecated by QEMU.');
  if (PPC.has(qa.arch)) lines.push('', 'QEMU takes no CPU feature properties on POWER models: any `<feature>` (except optional) stops the start.');
  lines.push('', `_${qemuDataVersion()}_`);
  return lines.join('\n');
}

/** Hover for a feature name of a non-x86 guest; undefined when the arch has no such feature. */
export function archFeatureHover(qa: QemuArch, cpu: CpuDefinition | undefined, catalog: Catalog, name: string): string | undefined {
  const model = modelOf(qa, cpu);
  if (ARM.has(qa.arch)) {
    if (!catalog.getFeature('arm', name)) return undefined;
    const having = qa.data.models.filter((m) => m.features?.includes(name)).map((m) => m.name);
    const lines = [`**${name}** · arm CPU feature`, '', `QEMU models that take it: ${summarise(having)}.`];
    if (model?.features) lines.push('', model.features.includes(name) ? `\`${model.name}\` takes it.` : `\`${model.name}\` does not: QEMU refuses it when the domain starts.`);
    if (name.startsWith('sve') && name !== 'sve') lines.push('', 'An SVE vector length: libvirt turns `sve` on with it, and refuses it when `sve` is disabled.');
    return lines.join('\n');
  }
  if (!qa.features.has(name)) return undefined;
  const lines = [`**${name}** · ${qa.arch} CPU feature (a QEMU property; libvirt passes it on unchecked)`];
  if (qa.arch === 's390x') lines.push('', "Policies: only 'require' and 'disable' (and force/forbid, which act the same); 'optional' is refused.");
  if (model?.fixedExtensions) lines.push('', `\`${model.name}\` is a vendor CPU: QEMU refuses to turn extensions on.`);
  lines.push('', `_${qemuDataVersion()}_`);
  return lines.join('\n');
}

function summarise(names: string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 12).map((n) => `\`${n}\``);
  if (names.length > 12) shown.push(`${names.length - 12} more`);
  return shown.join(', ');
}

