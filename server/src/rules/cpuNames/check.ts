// Rule family: CPU model and feature names checked against the catalog
// (libvirt's cpu_map). libvirt only rejects unknown names when the domain
// starts, with "Unknown CPU model …" / "unknown CPU feature: …".

import { attributeValue, getAttribute, textContent, textRange, type XmlElement } from '../../xml/nodes';
import type { CpuDefinition } from '../../domain/libvirtDocument';
import type { Finding, Fix } from '../types';
import type { RuleContext } from '../context';
import { modelLookedUp } from '../cpuStart/check';
import { qemuArch } from '../../catalog/qemuCpus';

/** Modes under which libvirt drops `<model>` (checked by another rule). */
const modesWithoutModel = new Set(['host-passthrough', 'maximum']);

export function checkCpuNames(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  if (!ctx.arch) return out;
  // Non-x86 guests are judged against QEMU's own model list (cpuArch).
  const guestsElsewhere = ctx.doc.kind === 'domain' && qemuArch(ctx.doc.arch) !== undefined;
  for (const cpu of ctx.doc.cpus) {
    if (guestsElsewhere && cpu.context === 'guest') continue;
    checkModel(ctx, cpu, out);
    checkFeatures(ctx, cpu, out);
  }
  for (const model of ctx.doc.customModels) {
    const name = textContent(model).trim();
    if (name && !ctx.catalog.getModel(ctx.arch, name)) out.push(notInCatalog(ctx, model, name));
  }
  return out;
}

/** Whether libvirt itself would refuse an unknown name in this definition (guest CPUs on x86). */
function strict(ctx: RuleContext, cpu: CpuDefinition): boolean {
  return ctx.arch === 'x86' && (cpu.context === 'guest' || cpu.context === 'bare');
}

function checkModel(ctx: RuleContext, cpu: CpuDefinition, out: Finding[]): void {
  const arch = ctx.arch!;
  const model = cpu.model;
  if (!model || modesWithoutModel.has(cpu.mode ?? '')) return;
  const name = textContent(model);
  if (name === '' || ctx.catalog.getModel(arch, name)) return;
  // Replaced by the host CPU's model at start and never looked up (cpuStart reports it).
  if (strict(ctx, cpu) && cpu.context === 'guest' && !modelLookedUp(ctx, cpu)) return;
  const trimmed = name.trim();
  if (trimmed === '') {
    // Only blanks: libvirt reads them as the model's name and fails at start.
    if (strict(ctx, cpu) && model.texts.length > 0) {
      const full = { start: model.texts[0].start, end: model.texts[model.texts.length - 1].end };
      out.push({ code: 'cpu-model-unknown', ...full, message: `Unknown CPU model ${name}: the model name is only blanks` });
    }
    return;
  }
  const range = textRange(model);
  if (ctx.catalog.getModel(arch, trimmed)) {
    if (!strict(ctx, cpu)) return;
    const full = { start: model.texts[0].start, end: model.texts[model.texts.length - 1].end };
    out.push({
      code: 'cpu-model-whitespace',
      ...full,
      message: `Unknown CPU model ${name}: libvirt does not trim blanks around the model name`,
      fixes: [{ title: `Remove the blanks around '${trimmed}'`, edits: [{ ...full, newText: trimmed }], preferred: true }],
    });
    return;
  }
  if (!strict(ctx, cpu)) {
    out.push(notInCatalog(ctx, model, trimmed));
    return;
  }
  const suggestions = ctx.catalog.suggestModels(arch, trimmed);
  out.push({
    code: 'cpu-model-unknown',
    ...range,
    message: `Unknown CPU model ${trimmed}${didYouMean(suggestions)}`,
    fixes: replacements(suggestions, range, 'model'),
  });
}

function notInCatalog(ctx: RuleContext, model: XmlElement, name: string): Finding {
  const suggestions = ctx.catalog.suggestModels(ctx.arch!, name);
  const range = textRange(model);
  return {
    code: 'cpu-model-not-in-catalog',
    ...range,
    message: `CPU model ${name} is not in the CPU catalog in use (libvirt ${ctx.catalog.libvirtVersion})${didYouMean(suggestions)}`,
    fixes: replacements(suggestions, range, 'model'),
  };
}

function checkFeatures(ctx: RuleContext, cpu: CpuDefinition, out: Finding[]): void {
  const arch = ctx.arch!;
  // Feature names are only validated by libvirt's x86 driver; other arches keep their own lists.
  if (arch !== 'x86') return;
  for (const feature of cpu.features) {
    const attr = getAttribute(feature, 'name');
    const name = attributeValue(feature, 'name');
    if (!attr || name === undefined || name === '' || ctx.catalog.getFeature(arch, name)) continue;
    const range = { start: attr.valueStart, end: attr.valueEnd };
    if (!strict(ctx, cpu)) {
      const suggestions = ctx.catalog.suggestFeatures(arch, name);
      out.push({
        code: 'cpu-feature-not-in-catalog',
        ...range,
        message: `CPU feature ${name} is not in the CPU catalog in use (libvirt ${ctx.catalog.libvirtVersion})${didYouMean(suggestions)}`,
        fixes: replacements(suggestions, range, 'feature'),
      });
      continue;
    }
    const canonical = ctx.catalog.featureByAlias(arch, name);
    if (canonical) {
      out.push({
        code: 'cpu-feature-alias',
        ...range,
        message: `unknown CPU feature: ${name} (libvirt spells it '${canonical.name}')`,
        fixes: [{ title: `Use libvirt's name '${canonical.name}'`, edits: [{ ...range, newText: canonical.name }], preferred: true }],
      });
      continue;
    }
    const suggestions = ctx.catalog.suggestFeatures(arch, name);
    out.push({
      code: 'cpu-feature-unknown',
      ...range,
      message: `unknown CPU feature: ${name}${didYouMean(suggestions)}`,
      fixes: replacements(suggestions, range, 'feature'),
    });
  }
}

function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  return ` (did you mean ${suggestions.map((s) => `'${s}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')}?)`;
}

function replacements(suggestions: string[], range: { start: number; end: number }, what: string): Fix[] {
  return suggestions.map((s, i) => ({
    title: `Change ${what} to '${s}'`,
    edits: [{ ...range, newText: s }],
    preferred: i === 0 && suggestions.length === 1,
  }));
}
