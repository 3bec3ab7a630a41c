// Rule family: the guest <cpu> of non-x86 QEMU domains (aarch64, armv7l, ppc64, ppc64le,
// s390x, riscv64) as libvirt 11.3 + QEMU 10.0 judge it: model names from QEMU's list, the
// arch's feature names and policies, modes, match, vendor_id, topology per machine and the
// pseries compatibility modes. Also host-passthrough with type='qemu' on every arch.

import { attributeValue, firstChild, getAttribute, textContent, type XmlElement } from '../../xml/nodes';
import type { CpuDefinition } from '../../domain/libvirtDocument';
import { parseUIntStrict } from '../../domain/numbers';
import { qemuArch, qemuDataVersion, suggestFrom, type QemuArch } from '../../catalog/qemuCpus';
import type { RuleContext } from '../context';
import type { Finding, Fix } from '../types';
import { changeValueFix, elementRange, fix, removeAttributeFix, removeElement, removeElementFix, report, reporter, setAttribute, valueRange, wholeAttribute, type Reporter } from '../kit';
import { domainFacts, type DomainFacts } from '../../domain/facts';
import type { CpuArchCode } from './codes';

/** The pieces every check of one guest CPU reads. */
interface ArchCheck {
  ctx: RuleContext;
  cpu: CpuDefinition;
  el: XmlElement;
  text: string;
  arch: string;
  qa: QemuArch;
  mode: string;
  type: string;
  facts: DomainFacts;
  modelText: string;
  r: Reporter<CpuArchCode>;
}

const ARM = new Set(['aarch64', 'armv7l']);
const PPC = new Set(['ppc64', 'ppc64le']);
const COMPAT = /^power(6|7|8|9|10)$/;

function push(c: ArchCheck, code: CpuArchCode, range: { start: number; end: number }, message: string, fixes?: Fix[]): void {
  report(c.r, code, range, message, fixes);
}

/** Checks the first guest `<cpu>` of a non-x86 QEMU domain; host-passthrough with type='qemu' on any arch. */
export function checkCpuArch(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: Reporter<CpuArchCode> = reporter(ctx.doc.xml.text);
  if (!facts.isDomain || !facts.qemuDriver) return r.out;
  const type = facts.type;
  const cpu = ctx.doc.cpus.find((c) => c.context === 'guest');
  if (cpu && cpu.mode === 'host-passthrough' && type === 'qemu') {
    const attr = getAttribute(cpu.element, 'mode')!;
    report(
      r,
      'cpu-arch-mode-unsupported',
      valueRange(attr),
      `CPU mode 'host-passthrough' for ${ctx.doc.arch ?? 'x86_64'} qemu domain is not supported by hypervisor: it needs hardware virtualization (type='kvm'), which type='qemu' never uses`,
      [changeValueFix(attr, 'maximum', true), facts.x86 ? fix("Change type to 'kvm'", [setAttribute(ctx.doc.root, 'type', 'kvm')]) : undefined],
    );
  }
  const arch = ctx.doc.arch;
  const qa = qemuArch(arch);
  if (!qa || !arch) return r.out;
  checkVcpuLimit(facts, qa, r);
  if (!cpu) return r.out;
  const c: ArchCheck = {
    ctx,
    cpu,
    el: cpu.element,
    text: ctx.doc.xml.text,
    arch,
    qa,
    mode: cpu.mode ?? 'custom',
    type: type ?? 'kvm',
    facts,
    modelText: cpu.model ? textContent(cpu.model) : '',
    r,
  };
  checkMode(c);
  checkModel(c);
  checkMatchAndCheck(c);
  checkFeatures(c);
  checkTopology(c);
  return r.out;
}

// --- modes -----------------------------------------------------------------------

function checkMode(c: ArchCheck): void {
  const attr = getAttribute(c.el, 'mode');
  if (!attr) return;
  if (c.mode === 'maximum' && PPC.has(c.arch)) {
    push(c, 'cpu-arch-mode-unsupported', valueRange(attr), `maximum CPU is not supported by QEMU binary (qemu-system-ppc64 has no 'max' POWER model; define fails)`, [
      { title: "Change mode to 'custom' with POWER10", edits: [{ ...valueRange(attr), newText: 'custom' }, ...(c.cpu.model ? [] : [insertModel(c, 'POWER10')])] },
    ]);
  } else if (c.mode === 'host-model' && c.type === 'qemu') {
    const fixes: Fix[] = [];
    if (c.qa.data.modes.maximum) fixes.push({ title: "Change mode to 'maximum'", edits: [{ ...valueRange(attr), newText: 'maximum' }] });
    push(
      c,
      'cpu-arch-mode-host',
      valueRange(attr),
      `CPU mode 'host-model' for ${c.arch} qemu domain is not supported by hypervisor unless the host is ${c.arch} too: an emulated guest has no host CPU to copy`,
      fixes,
    );
  }
}

function insertModel(c: ArchCheck, name: string): { start: number; end: number; newText: string } {
  const el = c.el;
  if (el.selfClosing) {
    const at = el.startTagEnd - 2;
    return { start: at, end: el.startTagEnd, newText: `><model>${name}</model></cpu>` };
  }
  return { start: el.startTagEnd, end: el.startTagEnd, newText: `<model>${name}</model>` };
}

// --- <model> ------------------------------------------------------------------------

function checkModel(c: ArchCheck): void {
  const model = c.cpu.model;
  if (!model || c.modelText === '' || model.texts.length === 0) return;
  const range = { start: model.texts[0].start, end: model.texts[model.texts.length - 1].end };
  if (c.mode === 'host-model') {
    if (PPC.has(c.arch)) checkCompat(c, range);
    return;
  }
  if (c.mode !== 'custom') return; // host-passthrough / maximum drop <model> (cpuElement warns)
  checkVendorId(c, model);
  const name = c.modelText;
  if (c.qa.models.has(name)) {
    checkMachineModel(c, name, range);
    return;
  }
  if (name === 'host' && c.type !== 'qemu') return; // KVM hosts may offer 'host'
  const forbid = attributeValue(model, 'fallback') === 'forbid';
  const trimmed = name.trim();
  const suggestions = trimmed !== name && c.qa.models.has(trimmed) ? [trimmed] : suggestFrom(c.qa.modelNames, trimmed);
  const head = forbid ? `CPU model ${name} is not supported by hypervisor` : `cannot translate CPU model ${name} to a supported model`;
  const why =
    trimmed !== name
      ? 'libvirt does not trim the blanks around the name'
      : c.ctx.catalog.getModel(c.ctx.arch ?? '', name)
        ? `${name} is in libvirt's cpu_map (host CPU names), but QEMU has no such ${c.arch} CPU model`
        : `QEMU's ${c.arch} CPU models do not include it`;
  push(
    c,
    'cpu-arch-model-unknown',
    range,
    `${head} (when the domain starts: ${why}; ${qemuDataVersion()})${suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : ''}`,
    suggestions.map((s, i) => ({ title: `Change model to '${s}'`, edits: [{ ...range, newText: s }], ...(i === 0 && (suggestions.length === 1 || s.toLowerCase() === trimmed.toLowerCase()) ? { preferred: true } : {}) })),
  );
}

/** The arm 'virt' machine (the default) runs only some of QEMU's arm models. */
function checkMachineModel(c: ArchCheck, name: string, range: { start: number; end: number }): void {
  const allowed = c.qa.machineModels;
  if (!allowed || allowed.has(name) || !onDefaultMachine(c)) return;
  const list = c.qa.data.machineModels!;
  const suggestions = suggestFrom(list, name);
  push(c, 'cpu-arch-model-machine', range, `QEMU refuses CPU model ${name} on the 'virt' machine when the domain starts (Invalid CPU model); virt runs ${list.join(', ')}`, suggestions.map((s) => ({ title: `Change model to '${s}'`, edits: [{ ...range, newText: s }] })));
}

function machineOf(c: ArchCheck): string | undefined {
  return c.facts.machine;
}

/** The domain uses the arch's default machine family (virt, pseries, s390-ccw-virtio). */
function onDefaultMachine(c: ArchCheck): boolean {
  const m = machineOf(c);
  if (m === undefined) return true;
  const family = c.qa.data.machine.replace(/-[0-9.]+$/, '');
  return m === family || m.startsWith(`${family}-`);
}

function checkCompat(c: ArchCheck, range: { start: number; end: number }): void {
  const name = c.modelText;
  if (COMPAT.test(name)) return;
  const lower = name.trim().toLowerCase();
  const fix = COMPAT.test(lower) ? lower : undefined;
  push(
    c,
    'cpu-arch-compat-invalid',
    range,
    `Unknown compatibility mode ${name}: under host-model a ppc64 <model> names the compatibility mode the host CPU runs in, power6 to power10 in lower case (QEMU: Invalid compatibility mode "${name}")`,
    fix ? [{ title: `Change to '${fix}'`, edits: [{ ...range, newText: fix }], preferred: true }] : ['power10', 'power9', 'power8'].map((p) => ({ title: `Change to '${p}'`, edits: [{ ...range, newText: p }] })),
  );
}

function checkVendorId(c: ArchCheck, model: XmlElement): void {
  const attr = getAttribute(model, 'vendor_id');
  if (!attr) return;
  const value = attributeValue(model, 'vendor_id') ?? '';
  // A malformed vendor_id is refused at define already (cpuElement reports it).
  if (value.length !== 12 || value.includes(',')) return;
  push(c, 'cpu-arch-vendor-id', wholeAttribute(attr), `QEMU refuses vendor_id on ${c.arch} when the domain starts (Property '…-cpu.vendor' not found): only x86 CPUs take a vendor string`, [
    removeAttributeFix(c.text, attr, undefined, true),
  ]);
}

// --- match and check ---------------------------------------------------------------

function checkMatchAndCheck(c: ArchCheck): void {
  if (c.mode !== 'custom' || c.modelText === '') return;
  const match = getAttribute(c.el, 'match');
  const m = attributeValue(c.el, 'match');
  if (match && (m === 'minimum' || m === 'strict')) {
    const remove = removeAttributeFix(c.text, match, undefined, true);
    if (c.arch === 's390x' && m === 'minimum') push(c, 'cpu-arch-match-unsupported', wholeAttribute(match), 'match mode minimum not supported (s390x, when the domain starts)', [remove]);
    else if (c.arch !== 's390x' || m === 'strict')
      push(c, 'cpu-arch-match-ignored', wholeAttribute(match), `match='${m}' is ignored on ${c.arch}: libvirt neither compares nor replaces the model, the guest gets exactly ${c.modelText.trim()}`, [remove]);
  }
  const check = getAttribute(c.el, 'check');
  if (check && attributeValue(c.el, 'check') === 'partial' && c.type === 'qemu' && c.arch !== 's390x') {
    push(
      c,
      'cpu-arch-check-partial',
      wholeAttribute(check),
      `check='partial' compares the guest CPU with the host CPU's model, which libvirt only knows on a ${c.arch} host: elsewhere the start fails (the CPU is incompatible with host CPU: unknown host CPU)`,
      [{ title: "Change check to 'none'", edits: [{ ...valueRange(check), newText: 'none' }], preferred: true }],
    );
  }
}

// --- <feature> ------------------------------------------------------------------------

function checkFeatures(c: ArchCheck): void {
  if (ARM.has(c.arch)) checkSveLengths(c);
  const seen = new Set<string>();
  for (const f of c.cpu.features) {
    const nameAttr = getAttribute(f, 'name');
    const name = attributeValue(f, 'name');
    const policy = attributeValue(f, 'policy') ?? 'require';
    if (!nameAttr || !name || seen.has(name)) continue;
    seen.add(name);
    if (!['force', 'require', 'optional', 'disable', 'forbid'].includes(policy)) continue;
    const range = valueRange(nameAttr);
    const remove: Fix = removeElementFix(c.text, f);
    if (ARM.has(c.arch)) armFeature(c, f, name, policy, range, remove);
    else if (PPC.has(c.arch)) {
      if (policy === 'optional') optionalDropped(c, f);
      else push(c, 'cpu-arch-feature-unknown', range, `QEMU refuses CPU feature '${name}' on ${c.arch} when the domain starts (Property '…-powerpc64-cpu.${name}' not found): libvirt passes ppc64 features on unchecked, and QEMU's POWER models take none`, [{ ...remove, preferred: true }]);
    } else if (c.arch === 's390x') {
      if (policy === 'optional') {
        const policyAttr = getAttribute(f, 'policy')!;
        push(c, 'cpu-arch-feature-policy', valueRange(policyAttr), `only cpu feature policies 'require' and 'disable' are supported for ${name}`, [
          { title: "Change policy to 'require'", edits: [{ ...valueRange(policyAttr), newText: 'require' }], preferred: true },
          { title: "Change policy to 'disable'", edits: [{ ...valueRange(policyAttr), newText: 'disable' }] },
        ]);
      } else if (!c.qa.features.has(name)) unknownQemuFeature(c, name, range, remove);
    } else if (c.arch === 'riscv64') {
      if (policy === 'optional') optionalDropped(c, f);
      else if (!c.qa.features.has(name)) unknownQemuFeature(c, name, range, remove);
      else if ((policy === 'require' || policy === 'force') && c.mode === 'custom' && c.qa.models.get(c.modelText)?.fixedExtensions) {
        push(c, 'cpu-arch-feature-model', range, `QEMU refuses to turn '${name}' on for ${c.modelText} when the domain starts ('${c.modelText}' CPU does not allow enabling extensions): use a generic model such as rv64, or policy='disable'`, [{ ...remove, preferred: true }]);
      }
    }
  }
}

/** libvirt's QEMU post-parse: SVE vector lengths need sve itself (it adds sve when absent). */
function checkSveLengths(c: ArchCheck): void {
  const sve = c.cpu.features.find((f) => attributeValue(f, 'name') === 'sve');
  if (!sve) return;
  const policy = attributeValue(sve, 'policy');
  if (policy !== 'disable' && policy !== 'forbid') return;
  const lengths = c.cpu.features.filter((f) => (attributeValue(f, 'name') ?? '').startsWith('sve') && attributeValue(f, 'name') !== 'sve');
  if (lengths.length === 0) return;
  const policyAttr = getAttribute(sve, 'policy')!;
  push(c, 'cpu-arch-sve-disabled', valueRange(policyAttr), 'SVE disabled, but SVE vector lengths provided', [
    { title: "Change policy to 'require'", edits: [{ ...valueRange(policyAttr), newText: 'require' }], preferred: true },
    { title: 'Remove the SVE vector lengths', edits: lengths.map((f) => removeElement(c.text, f)) },
  ]);
}

function armFeature(c: ArchCheck, f: XmlElement, name: string, policy: string, range: { start: number; end: number }, remove: Fix): void {
  const known = c.ctx.catalog.getFeature('arm', name);
  if (!known) {
    const suggestions = c.ctx.catalog.suggestFeatures('arm', name);
    push(c, 'cpu-arch-feature-unknown', range, `unknown CPU feature: ${name} (libvirt's arm CPU features are ${c.ctx.catalog.features('arm').length > 4 ? 'sve, sve128…sve2048 and pauth' : c.ctx.catalog.features('arm').map((x) => x.name).join(', ')})${suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : ''}`, [
      ...suggestions.map((s, i) => ({ title: `Change feature to '${s}'`, edits: [{ ...range, newText: s }], ...(i === 0 && suggestions.length === 1 ? { preferred: true } : {}) })),
      remove,
    ]);
    return;
  }
  if (policy === 'optional') {
    optionalDropped(c, f);
    return;
  }
  const modelName = c.mode === 'maximum' ? 'max' : c.mode === 'custom' ? c.modelText : undefined;
  const props = modelName ? c.qa.models.get(modelName)?.features : undefined;
  if (!modelName || !props || props.includes(name)) return;
  const having = c.qa.data.models.filter((m) => m.features?.includes(name) && (!c.qa.machineModels || c.qa.machineModels.has(m.name))).map((m) => m.name);
  push(c, 'cpu-arch-feature-model', range, `QEMU refuses '${name}' for ${modelName} when the domain starts (Property '${modelName}-arm-cpu.${name}' not found)${having.length ? `: ${having.join(', ')} have it` : ''}`, [{ ...remove, preferred: true }]);
}

function unknownQemuFeature(c: ArchCheck, name: string, range: { start: number; end: number }, remove: Fix): void {
  const suggestions = suggestFrom(c.qa.data.features ?? [], name);
  push(
    c,
    'cpu-arch-feature-unknown',
    range,
    `QEMU refuses CPU feature '${name}' on ${c.arch} when the domain starts (Property '…-cpu.${name}' not found; libvirt does not check ${c.arch} feature names)${suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : ''}`,
    [...suggestions.map((s, i) => ({ title: `Change feature to '${s}'`, edits: [{ ...range, newText: s }], ...(i === 0 && suggestions.length === 1 ? { preferred: true } : {}) })), remove],
  );
}

function optionalDropped(c: ArchCheck, f: XmlElement): void {
  const policyAttr = getAttribute(f, 'policy');
  if (!policyAttr) return;
  push(c, 'cpu-arch-feature-ignored', valueRange(policyAttr), `policy='optional' is dropped on ${c.arch}: libvirt resolves optional features only on x86, so QEMU never sees this one`, [
    { title: "Change policy to 'require'", edits: [{ ...valueRange(policyAttr), newText: 'require' }] },
    { title: "Change policy to 'disable'", edits: [{ ...valueRange(policyAttr), newText: 'disable' }] },
  ]);
}

// --- topology and vCPU count ---------------------------------------------------------

function checkTopology(c: ArchCheck): void {
  const topo = firstChild(c.el, 'topology');
  if (!topo || !onDefaultMachine(c)) return;
  const over = (attr: string) => {
    const v = attributeValue(topo, attr);
    const n = v === undefined ? undefined : parseUIntStrict(v);
    return n !== undefined && n > 1 ? getAttribute(topo, attr) : undefined;
  };
  const dies = over('dies');
  if (dies) push(c, 'cpu-arch-topology', wholeAttribute(dies), `dies > 1 not supported by this machine's CPU topology (QEMU, when the domain starts: only x86 machines have dies)`, [{ title: "Set dies='1'", edits: [{ ...valueRange(dies), newText: '1' }] }]);
  const clusters = over('clusters');
  if (clusters && !ARM.has(c.arch)) push(c, 'cpu-arch-topology', wholeAttribute(clusters), `clusters > 1 not supported by this machine's CPU topology (QEMU, when the domain starts: ${c.qa.data.machine} has no clusters)`, [{ title: "Set clusters='1'", edits: [{ ...valueRange(clusters), newText: '1' }] }]);
  const threads = over('threads');
  if (threads && PPC.has(c.arch)) checkGranularity(c, threads);
  if (threads && c.arch === 's390x') push(c, 'cpu-arch-topology', wholeAttribute(threads), 'S390 does not support more than 1 threads (QEMU, when the domain starts)', [{ title: "Set threads='1'", edits: [{ ...valueRange(threads), newText: '1' }] }]);
}

/** pseries hot-plugs a whole core: the online vCPU count must be a multiple of threads per core. */
function checkGranularity(c: ArchCheck, threadsAttr: { valueStart: number; valueEnd: number; name: string }): void {
  const m = machineOf(c);
  if (m !== undefined && !m.startsWith('pseries')) return;
  if (c.facts.hasVcpuList) return; // the <vcpus> list decides who is online
  const vcpu = c.facts.vcpu;
  if (!vcpu) return;
  const cur = attributeValue(vcpu, 'current');
  const online = c.facts.currentVcpus;
  const threads = parseUIntStrict(c.text.slice(threadsAttr.valueStart, threadsAttr.valueEnd));
  if (online === undefined || threads === undefined || threads === 0 || online % threads === 0) return;
  const at = cur === undefined ? elementRange(vcpu) : valueRange(getAttribute(vcpu, 'current')!);
  push(c, 'cpu-arch-vcpu-granularity', at, `vCPUs count must be a multiple of the vCPU hotplug granularity (${threads}): pseries adds vCPUs a core (${threads} threads) at a time`);
}

function checkVcpuLimit(facts: DomainFacts, qa: QemuArch, r: Reporter<CpuArchCode>): void {
  const vcpu = facts.vcpu;
  if (!vcpu) return;
  const n = facts.maxVcpus;
  const machine = facts.machine;
  const family = qa.data.machine.replace(/-[0-9.]+$/, '');
  if (machine !== undefined && machine !== family && machine !== qa.data.machine) return; // other machines have other limits
  if (n === undefined || n <= qa.data.maxCpus) return;
  report(r, 'cpu-arch-vcpu-limit', elementRange(vcpu), `Maximum CPUs greater than specified machine type limit ${qa.data.maxCpus} (${qa.data.machine}, ${qemuDataVersion()})`);
}

