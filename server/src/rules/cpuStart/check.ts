// Rule family: what libvirt does with a guest CPU's model when the domain starts, by
// mode, match and check. With match='minimum' and under host-model, x86 libvirt replaces
// the written model by the host CPU's model; it looks the name up only when check='partial'.

import { attributeValue, getAttribute, textContent } from '../../xml/nodes';
import type { CpuDefinition } from '../../domain/libvirtDocument';
import { domainFacts } from '../../domain/facts';
import type { RuleContext } from '../context';
import type { Finding } from '../types';
import { fix, reporter, report, setAttribute, type Reporter } from '../kit';
import { qemuVersion, qemuX86Models } from '../../catalog/qemuCpus';
import type { CpuStartCode } from './codes';


export type CpuCheckValue = 'none' | 'partial' | 'full';

/**
 * The check libvirt's QEMU driver applies to a guest CPU: the written value, else its
 * default (host-passthrough/maximum none, host-model partial, custom none for
 * type='qemu' and partial for other types). 'default' reads as absent.
 */
export function effectiveCheck(ctx: RuleContext, cpu: CpuDefinition): CpuCheckValue {
  const written = attributeValue(cpu.element, 'check');
  if (written === 'none' || written === 'partial' || written === 'full') return written;
  const mode = cpu.mode ?? 'custom';
  if (mode === 'host-passthrough' || mode === 'maximum') return 'none';
  if (mode === 'host-model') return 'partial';
  return attributeValue(ctx.doc.root, 'type') === 'qemu' ? 'none' : 'partial';
}

/**
 * Whether libvirt replaces the written model by the host CPU's model at start on an
 * x86 guest: host-model, or custom with match='minimum' (virCPUUpdate "relative").
 */
export function hostReplacesModel(cpu: CpuDefinition): boolean {
  if (cpu.context !== 'guest') return false;
  const mode = cpu.mode ?? 'custom';
  return mode === 'host-model' || (mode === 'custom' && attributeValue(cpu.element, 'match') === 'minimum');
}

/**
 * Whether libvirt looks the model name up when the domain starts (an unknown name is
 * then refused with "Unknown CPU model …"). A replaced model is looked up only by the
 * check='partial' comparison; a bare <cpu> (cpu-compare input) always is.
 */
export function modelLookedUp(ctx: RuleContext, cpu: CpuDefinition): boolean {
  if (cpu.context === 'bare') return true;
  if (cpu.context !== 'guest') return false;
  const mode = cpu.mode ?? 'custom';
  if (mode === 'host-passthrough' || mode === 'maximum') return false;
  return !hostReplacesModel(cpu) || effectiveCheck(ctx, cpu) === 'partial';
}

/**
 * A custom model cpu_map knows but this QEMU does not offer: libvirt translates it to the
 * closest offered model (fallback='allow') or refuses the start (fallback='forbid'). Which
 * models QEMU offers depends on its version, hence a warning.
 */
function checkTranslated(ctx: RuleContext, cpu: CpuDefinition, r: Reporter<CpuStartCode>): void {
  if ((cpu.mode ?? 'custom') !== 'custom' || !cpu.model || cpu.model.texts.length === 0) return;
  const name = textContent(cpu.model);
  const offered = qemuX86Models();
  if (offered.size === 0 || offered.has(name) || !ctx.catalog.getModel('x86', name)) return;
  const range = { start: cpu.model.texts[0].start, end: cpu.model.texts[cpu.model.texts.length - 1].end };
  const fallback = getAttribute(cpu.model, 'fallback');
  const family = ctx.catalog.getModel('x86', name)!.family;
  const alternatives = ctx.catalog
    .models('x86')
    .filter((m) => m.family === family && m.name !== name && offered.has(m.name))
    .map((m) => m.name)
    .slice(0, 3);
  const fixes = alternatives.map((a) => fix(`Change model to '${a}'`, [{ ...range, newText: a }]));
  if (attributeValue(cpu.model, 'fallback') === 'forbid') {
    report(r, 'cpu-model-translated', range, `CPU model ${name} is not supported by hypervisor (QEMU ${qemuVersion()} does not offer it; older QEMU releases may): with fallback='forbid' the domain does not start`, [
      ...(fallback ? [fix("Change fallback to 'allow' (libvirt then picks the closest model)", [{ start: fallback.valueStart, end: fallback.valueEnd, newText: 'allow' }])] : []),
      ...fixes,
    ]);
  } else {
    report(r, 'cpu-model-translated', range, `QEMU ${qemuVersion()} does not offer ${name}: libvirt starts the guest with the closest model QEMU offers plus explicit features instead (fallback='allow')`, fixes);
  }
}

/** Checks the model of the first guest `<cpu>` of an x86 QEMU domain under match='minimum' or host-model. */
export function checkCpuStart(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: Reporter<CpuStartCode> = reporter(ctx.doc.xml.text);
  if (!facts.isDomain || !facts.x86 || !facts.qemuDriver) return r.out;
  const cpu = ctx.doc.cpus.find((c) => c.context === 'guest');
  if (cpu && !hostReplacesModel(cpu)) checkTranslated(ctx, cpu, r);
  if (!cpu || !hostReplacesModel(cpu) || !cpu.model) return r.out;
  const what = cpu.mode === 'host-model' ? "mode='host-model'" : "match='minimum'";
  const name = textContent(cpu.model);
  if (name === '' || cpu.model.texts.length === 0) return r.out;
  const range = { start: cpu.model.texts[0].start, end: cpu.model.texts[cpu.model.texts.length - 1].end };
  const check = effectiveCheck(ctx, cpu);
  const known = ctx.catalog.getModel('x86', name) !== undefined;
  if (check === 'partial') {
    // An unknown name is refused here; cpuNames reports it.
    if (known) {
      const how = cpu.mode === 'host-model' ? '' : ' (as host-model does)';
      report(r, 'cpu-match-minimum', range, `${what}: libvirt checks that the host offers at least ${name}, then starts the guest with the host CPU's model and features instead${how}; the listed features are applied on top`);
    }
    return r.out;
  }
  const how = getAttribute(cpu.element, 'check') ? `check='${check}'` : `check='${check}' (libvirt's default for type='${facts.type ?? 'kvm'}')`;
  if (known) {
    report(
      r,
      'cpu-model-replaced',
      range,
      `${name} is not used: with ${what} and ${how} libvirt starts the guest with the host CPU's model instead and does not check that the host offers ${name}; check='partial' enforces it as a minimum`,
      [fix("Set check='partial' to enforce the minimum", [setAttribute(cpu.element, 'check', 'partial')])],
    );
    return r.out;
  }
  const trimmed = name.trim();
  const suggestions = trimmed === '' ? [] : ctx.catalog.getModel('x86', trimmed) ? [trimmed] : ctx.catalog.suggestModels('x86', trimmed);
  report(
    r,
    'cpu-model-replaced',
    range,
    `libvirt never looks up the model '${name}': with ${what} and ${how} it starts the guest with the host CPU's model instead ` +
      `(with check='partial' it would refuse: Unknown CPU model ${name})` +
      (suggestions.length ? ` — did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : ''),
    suggestions.map((s, i) => fix(`Change model to '${s}'`, [{ ...range, newText: s }], i === 0 && suggestions.length === 1)),
  );
  return r.out;
}
