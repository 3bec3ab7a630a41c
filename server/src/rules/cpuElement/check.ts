// Rule family: the guest <cpu> element itself (attributes, <model>, <vendor>, <topology>, <feature>,
// <cache>, <maxphysaddr>, schema shape) and <hyperv><vendor_id>; model/feature names are cpuNames.ts.

import type { Finding, Fix } from '../types';
import type { RuleContext } from '../context';
import { attributeValue, childrenNamed, firstChild, getAttribute, textContent, type XmlAttribute } from '../../xml/nodes';
import { cpuCheck, dropsModel, modeSwitch, readsModelAttributes, type CpuCheck, type CpuMode } from './cpuCheck';
import { charLength, utf8Length } from '../../util/strings';
import { bySchema, elementRange, enumFixes, enumValues, escapeAttribute, insertBefore, invalidEnum, likelyValue, nameRange, removeAttributeFix, removeElement, report, setAttribute, setElementText, valued, valueRange, wholeAttribute } from '../kit';
import { checkTopology } from './topology';
import { checkCache, checkMaxPhysAddr } from './hardware';
import { checkShape, checkSecondCpus } from './shape';
import { checkHypervVendorId } from './hyperv';

/** Checks the guest `<cpu>` of a domain (the first; later ones are duplicates) and the Hyper-V vendor_id. */
export function checkCpuElement(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  if (ctx.doc.kind !== 'domain') return out;
  const guests = ctx.doc.cpus.filter((c) => c.context === 'guest');
  if (guests.length > 0) {
    const c = cpuCheck(ctx, guests[0], out);
    checkCpuAttributes(c);
    checkModel(c);
    checkVendor(c);
    checkTopology(c);
    checkFeatures(c);
    checkCache(c);
    checkMaxPhysAddr(c);
    checkShape(c);
    checkSecondCpus(c, guests.slice(1).map((g) => g.element));
  }
  checkHypervVendorId(ctx, out);
  return out;
}

// --- <cpu> attributes --------------------------------------------------------

function checkCpuAttributes(c: CpuCheck): void {
  checkMode(c);
  checkMigratable(c);
  checkMatch(c);
  checkCheck(c);
  checkDeprecatedFeatures(c);
}

function checkMode(c: CpuCheck): void {
  const mode = valued(c.el, 'mode');
  if (!mode) return;
  if (c.mode === undefined) {
    const likely = likelyValue(mode.value, enumValues('domain/cpu', 'mode'));
    const fixes: Fix[] = [];
    for (const v of enumValues('domain/cpu', 'mode') as CpuMode[]) {
      const edits = modeSwitch(c, v);
      if (edits) fixes.push({ title: `Change mode to '${v}'`, edits, ...(v === likely ? { preferred: true } : {}) });
    }
    report(c, 'cpu-mode-invalid', valueRange(mode.attr), `Invalid mode attribute '${mode.value}'`, fixes);
    return;
  }
  if (dropsModel(c.mode)) {
    const edits = modeSwitch(c, 'host-model');
    const message =
      c.mode === 'host-passthrough'
        ? 'host-passthrough shows the guest the host CPU as it is: the domain can only migrate to hosts with the same CPU, microcode and kernel. host-model or a named model suits a mixed pool.'
        : 'maximum turns on everything the hypervisor can offer: like host-passthrough, the domain can only migrate between identical hosts.';
    report(c, 'cpu-mode-not-portable', valueRange(mode.attr), message, edits ? [{ title: "Change mode to 'host-model'", edits }] : undefined);
  }
}

function checkMigratable(c: CpuCheck): void {
  const m = valued(c.el, 'migratable');
  if (!m) return;
  const allowed = dropsModel(c.mode);
  const values = enumValues('domain/cpu', 'migratable');
  if (!values.includes(m.value)) {
    const fixes = allowed ? enumFixes(m.attr, values, m.value) : [];
    fixes.push(removeAttributeFix(c.text, m.attr, undefined, !allowed));
    report(c, 'cpu-migratable-invalid', valueRange(m.attr), invalidEnum('migratable', 'cpu', m.value), fixes);
    return;
  }
  if (c.mode !== undefined && !allowed) {
    report(c, 'cpu-migratable-not-allowed', wholeAttribute(m.attr), "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode", [
      removeAttributeFix(c.text, m.attr, undefined, true),
    ]);
  }
}

function checkMatch(c: CpuCheck): void {
  const m = valued(c.el, 'match');
  if (!m) return;
  const values = enumValues('domain/cpu', 'match');
  if (!values.includes(m.value)) {
    const fixes = c.mode === 'custom' ? enumFixes(m.attr, values, m.value) : [];
    fixes.push(removeAttributeFix(c.text, m.attr, undefined, c.mode !== 'custom'));
    report(c, 'cpu-match-invalid', valueRange(m.attr), invalidEnum('match', 'cpu', m.value), fixes);
    return;
  }
  if (c.mode === undefined) return;
  if (c.mode !== 'custom') {
    const fixes: Fix[] = [removeAttributeFix(c.text, m.attr, 'Remove the ignored match', true)];
    const toCustom = c.modelText !== '' ? modeSwitch(c, 'custom') : undefined;
    if (toCustom) fixes.push({ title: "Change mode to 'custom' to keep match", edits: toCustom });
    report(c, 'cpu-match-ignored', wholeAttribute(m.attr), `match is ignored with mode='${c.mode}': libvirt only keeps it for custom CPUs and drops it from the definition`, fixes);
  } else if (c.modelText === '' && c.x86 && c.qemu && m.value !== 'exact') {
    report(
      c,
      'cpu-match-ignored',
      wholeAttribute(m.attr),
      `match='${m.value}' is ignored on a CPU without <model>: libvirt fills in its default model and sets match='exact'`,
      [removeAttributeFix(c.text, m.attr, 'Remove the ignored match', true)],
    );
  }
}

function checkCheck(c: CpuCheck): void {
  const m = valued(c.el, 'check');
  if (!m) return;
  const values = enumValues('domain/cpu', 'check');
  if (!values.includes(m.value)) {
    if (m.value === 'default') {
      report(
        c,
        'cpu-check-invalid',
        valueRange(m.attr),
        `check='default' is not allowed; leave check out to get libvirt's default (${bySchema}; plain virsh define accepts it)`,
        [removeAttributeFix(c.text, m.attr, 'Remove check (libvirt picks the default)', true), ...enumFixes(m.attr, values, m.value)],
      );
    } else {
      report(c, 'cpu-check-invalid', valueRange(m.attr), invalidEnum('check', 'cpu', m.value), [
        ...enumFixes(m.attr, values, m.value),
        removeAttributeFix(c.text, m.attr),
      ]);
    }
    return;
  }
  if (c.mode === 'custom' && c.modelText === '' && c.x86 && c.qemu && m.value !== 'none') {
    report(
      c,
      'cpu-check-ignored',
      wholeAttribute(m.attr),
      `check='${m.value}' is ignored on a CPU without <model>: libvirt fills in its default model and sets check='none'`,
      [removeAttributeFix(c.text, m.attr, 'Remove the ignored check', true)],
    );
  } else if (m.value === 'none' && (c.mode === 'host-model' || (c.mode === 'custom' && c.modelText !== ''))) {
    report(
      c,
      'cpu-check-none',
      valueRange(m.attr),
      "check='none': libvirt does not compare this CPU with the host, so features the host lacks are silently left out by QEMU instead of stopping the start",
      [{ title: "Change check to 'partial'", edits: [{ ...valueRange(m.attr), newText: 'partial' }] }],
    );
  }
}

function checkDeprecatedFeatures(c: CpuCheck): void {
  const m = valued(c.el, 'deprecated_features');
  if (!m) return;
  const values = enumValues('domain/cpu', 'deprecated_features');
  const arch = c.ctx.doc.arch;
  // Only QEMU for s390x reports deprecated CPU properties; elsewhere any value fails at start.
  const unsupported = c.qemu && !(arch !== undefined && arch.startsWith('s390'));
  if (!values.includes(m.value)) {
    report(c, 'cpu-deprecated-features-invalid', valueRange(m.attr), invalidEnum('deprecated_features', 'cpu', m.value), [
      ...(unsupported ? [] : enumFixes(m.attr, values, m.value)),
      removeAttributeFix(c.text, m.attr, undefined, unsupported),
    ]);
    return;
  }
  if (unsupported) {
    report(
      c,
      'cpu-deprecated-features-unsupported',
      wholeAttribute(m.attr),
      `toggling deprecated features for CPU model is unsupported (when the domain starts: only QEMU for s390x reports deprecated CPU properties)`,
      [removeAttributeFix(c.text, m.attr, undefined, true)],
    );
  }
}

// --- <model> and <vendor> ------------------------------------------------------

function checkModel(c: CpuCheck): void {
  const model = c.cpu.model;
  if (!model) return;
  checkFallback(c);
  checkVendorId(c);
  if (!dropsModel(c.mode)) return;
  const vendor = c.cpu.vendor;
  const withVendor = vendor !== undefined && textContent(vendor) !== '';
  const remove: Fix = withVendor
    ? { title: 'Remove the ignored <model> and <vendor>', edits: [removeElement(c.text, model), removeElement(c.text, vendor)], preferred: true }
    : { title: 'Remove the ignored <model>', edits: [removeElement(c.text, model)], preferred: true };
  const fixes = [remove];
  const toCustom = c.modelText !== '' ? modeSwitch(c, 'custom') : undefined;
  if (toCustom) fixes.push({ title: "Change mode to 'custom' to keep the model", edits: toCustom });
  report(c, 'cpu-model-ignored', elementRange(model), `<model> is ignored with mode='${c.mode}': libvirt drops it, with its fallback and vendor_id`, fixes);
}

function checkFallback(c: CpuCheck): void {
  const m = valued(c.cpu.model!, 'fallback');
  if (!m) return;
  const values = enumValues('domain/cpu/model', 'fallback');
  if (values.includes(m.value)) return;
  const message = readsModelAttributes(c.mode) ? 'Invalid fallback attribute' : `fallback must be 'allow' or 'forbid' (${bySchema})`;
  report(c, 'cpu-fallback-invalid', valueRange(m.attr), message, [...enumFixes(m.attr, values, m.value), removeAttributeFix(c.text, m.attr)]);
}

function checkVendorId(c: CpuCheck): void {
  const m = valued(c.cpu.model!, 'vendor_id');
  if (!m) return;
  const bytes = utf8Length(m.value);
  const chars = charLength(m.value);
  const comma = m.value.includes(',');
  let message: string | undefined;
  if (readsModelAttributes(c.mode) && bytes !== 12) message = 'vendor_id must be exactly 12 characters long';
  else if (readsModelAttributes(c.mode) && comma) message = 'vendor id is invalid';
  else if (chars !== 12 || comma) message = `vendor_id must be exactly 12 characters, none of them a comma (${bySchema})`;
  if (message === undefined) return;
  if (readsModelAttributes(c.mode) && bytes !== 12 && chars === 12) message += ' (libvirt counts bytes, not characters: use plain ASCII)';
  report(c, 'cpu-vendor-id-invalid', valueRange(m.attr), message, vendorIdFixes(c, m.attr, m.value));
}

/** The CPUID vendor strings from cpu_map, then the typed text cut or padded to 12 ASCII characters. */
function vendorIdFixes(c: CpuCheck, attr: XmlAttribute, typed: string): Fix[] {
  const vendors = c.ctx.catalog.vendors('x86').filter((v) => v.string !== undefined);
  const t = typed.trim().toLowerCase();
  const likely = vendors.find((v) => v.name.toLowerCase() === t || v.string!.toLowerCase() === t)?.string;
  const fixes: Fix[] = vendors.map((v) => ({
    title: `Set vendor_id to '${v.string}' (${v.name})`,
    edits: [{ ...valueRange(attr), newText: v.string! }],
    ...(v.string === likely ? { preferred: true } : {}),
  }));
  let ascii = typed.replace(/[^\x20-\x7e]|,/g, '');
  if (ascii.trim() !== '') {
    ascii = ascii.length > 12 ? ascii.slice(0, 12) : ascii.padEnd(12, ' ');
    if (!vendors.some((v) => v.string === ascii)) {
      const how = typed.length > 12 ? 'Cut' : 'Pad';
      fixes.push({ title: `${how} vendor_id to 12 characters: '${ascii}'`, edits: [{ ...valueRange(attr), newText: escapeAttribute(ascii, attr.quote ?? "'") }] });
    }
  }
  return fixes;
}

function checkVendor(c: CpuCheck): void {
  const vendor = c.cpu.vendor;
  if (!vendor || textContent(vendor) === '') return;
  if (c.modelText === '') {
    report(c, 'cpu-vendor-without-model', elementRange(vendor), 'CPU vendor specified without CPU model', [
      { title: 'Remove <vendor>', edits: [removeElement(c.text, vendor)], preferred: true },
    ]);
    return;
  }
  if (!dropsModel(c.mode)) return;
  const fixes: Fix[] = [{ title: 'Remove the ignored <vendor>', edits: [removeElement(c.text, vendor)], preferred: true }];
  const toCustom = modeSwitch(c, 'custom');
  if (toCustom) fixes.push({ title: "Change mode to 'custom' to keep the vendor", edits: toCustom });
  report(c, 'cpu-vendor-ignored', elementRange(vendor), `<vendor> is ignored with mode='${c.mode}': libvirt drops it`, fixes);
}

// --- <feature> -------------------------------------------------------------------

const enabling = new Set(['force', 'require', 'optional']);

function checkFeatures(c: CpuCheck): void {
  const features = c.cpu.features;
  if (features.length === 0) return;
  if (c.mode === 'custom' && c.modelText === '') featureWithoutModel(c);
  const policies = enumValues('domain/cpu/feature', 'policy');
  const seen = new Map<string, { policy: string; el: (typeof features)[number] }>();
  for (const feature of features) {
    const policyAttr = getAttribute(feature, 'policy');
    const policy = attributeValue(feature, 'policy');
    let effective = policy ?? 'require';
    if (!policyAttr) {
      report(c, 'cpu-feature-policy-missing', nameRange(feature), `<feature> needs a policy; libvirt assumes 'require' (${bySchema})`, [
        { title: "Add policy='require'", edits: [setAttribute(feature, 'policy', 'require', true)], preferred: true },
      ]);
    } else if (policy !== undefined && !policies.includes(policy)) {
      report(c, 'cpu-feature-policy-invalid', valueRange(policyAttr), 'Invalid CPU feature policy', enumFixes(policyAttr, policies, policy));
      effective = '';
    }
    const nameAttr = getAttribute(feature, 'name');
    const name = attributeValue(feature, 'name');
    if (!nameAttr || name === undefined || name === '') {
      report(c, 'cpu-feature-name-invalid', nameAttr ? wholeAttribute(nameAttr) : nameRange(feature), 'Invalid CPU feature name', [
        { title: 'Remove this <feature>', edits: [removeElement(c.text, feature)], preferred: true },
      ]);
      continue;
    }
    const earlier = seen.get(name);
    if (earlier) {
      const same = earlier.policy === effective;
      const fixes: Fix[] = [{ title: 'Remove this duplicate <feature>', edits: [removeElement(c.text, feature)], ...(same ? { preferred: true } : {}) }];
      if (!same) fixes.push({ title: `Keep this one, remove the earlier <feature> (policy '${earlier.policy}')`, edits: [removeElement(c.text, earlier.el)] });
      report(c, 'cpu-feature-duplicate', valueRange(nameAttr), `CPU feature '${name}' specified more than once`, fixes);
      continue;
    }
    seen.set(name, { policy: effective, el: feature });
    if (enabling.has(effective)) checkMigratableFeature(c, name, valueRange(nameAttr));
  }
}

function featureWithoutModel(c: CpuCheck): void {
  const first = c.cpu.features[0];
  const fixes: Fix[] = [];
  if (c.x86) {
    const edit = c.cpu.model ? setElementText(c.text, c.cpu.model, 'qemu64') : insertBefore(c.text, first, '<model>qemu64</model>');
    fixes.push({ title: "Add <model>qemu64</model> (libvirt's default model)", edits: [edit] });
  }
  const toHostModel = modeSwitch(c, 'host-model');
  if (toHostModel) fixes.push({ title: "Change mode to 'host-model'", edits: toHostModel });
  report(c, 'cpu-feature-without-model', elementRange(first), 'Non-empty feature list specified without CPU model', fixes);
}

function checkMigratableFeature(c: CpuCheck, name: string, range: { start: number; end: number }): void {
  if (!c.x86 || c.ctx.arch !== 'x86') return;
  const data = c.ctx.catalog.getFeature('x86', name);
  if (data?.migratable !== false) return;
  if (name === 'invtsc' && hasTscFrequency(c)) return;
  const blocks =
    name === 'invtsc'
      ? "libvirt refuses to migrate or save the domain (\"domain has 'invtsc' CPU feature but TSC frequency is not specified\") unless <clock><timer name='tsc' frequency='…'/> is set"
      : 'libvirt leaves it out of the CPU definitions it builds for migration, and turning it on can block migrating the domain';
  if (attributeValue(c.el, 'migratable') === 'on' && dropsModel(c.mode)) {
    report(c, 'cpu-feature-contradicts-migratable', range, `${name} is not migratable, yet the CPU is declared migratable='on': ${blocks}`);
    return;
  }
  report(c, 'cpu-feature-not-migratable', range, `${name} is marked non-migratable in libvirt's CPU map: ${blocks}`);
}

function hasTscFrequency(c: CpuCheck): boolean {
  const clock = firstChild(c.ctx.doc.root, 'clock');
  if (!clock) return false;
  return childrenNamed(clock, 'timer').some((t) => attributeValue(t, 'name') === 'tsc' && /^[1-9][0-9]*$/.test(attributeValue(t, 'frequency') ?? ''));
}
