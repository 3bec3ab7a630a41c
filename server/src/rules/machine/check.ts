// Rule family: machine-level settings. <features> per machine and
// architecture (qemu_validate.c), SMM TSEG (qemu_postparse.c), hugepages
// (domain_validate.c virDomainDefMemtuneValidate), memory hotplug
// (qemu_domain.c) and memory device nodes (domain_validate.c), <sysinfo>
// (domain_conf.c), security labels (domain_conf.c), s390 loadparm, timers,
// pSeries PHBs, spapr-vio addresses, expander bus NUMA nodes, SVE lengths.

import { attributeValue, childrenNamed, firstChild, getAttribute, textContent, type XmlElement } from '../../xml/nodes';
import { domainFacts, scaledToKiB } from '../../domain/facts';
import { domainDevices, parseUIntBase, type Device } from '../../domain/devices';
import { parseCpuset } from '../../domain/cpuset';
import { readScaled } from '../../domain/numbers';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { fix, nameRange, removeElementFix, report, reporter, setElementText, valueRange, type Reporter } from '../kit';
import type { MachineCode } from './codes';

type R = Reporter<MachineCode>;

const pseriesFeatures = ['hpt', 'htm', 'nested-hv', 'ccf-assist', 'cfpc', 'sbbc', 'ibs'];

export function checkMachine(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: R = reporter(ctx.doc.xml.text);
  if (!facts.isDomain) return r.out;
  const devs = domainDevices(ctx.doc);
  const arch = devs.arch;
  const cellCount = facts.cells.length;
  checkHugepages(r, facts.memoryBacking, cellCount);
  checkSysinfo(r, facts.root);
  if (r.text.includes('seclabel')) checkSeclabels(r, facts.root, devs.all.map((d) => d.el));
  if (facts.qemuDriver) {
    const m = facts.machine;
    const virt = m !== undefined && (m === 'virt' || m.startsWith('virt-'));
    const armVirt = (arch === 'aarch64' || arch.startsWith('arm')) && virt;
    const x86 = arch === 'x86_64' || arch === 'i686';
    if (facts.features && m !== undefined) checkFeatures(r, facts.features, { arch, machine: m, armVirt, pseries: devs.pseries, x86, q35: facts.q35 }, devs.ofKind('input'));
    const maxMemory = firstChild(facts.root, 'maxMemory');
    if (maxMemory && cellCount === 0 && !arch.startsWith('ppc64') && !arch.startsWith('s390')) {
      report(r, 'memory-hotplug-numa', nameRange(maxMemory), 'At least one numa node has to be configured when enabling memory hotplug (libvirt may refuse this; otherwise QEMU adds a NUMA node of its own)');
    }
    const clock = firstChild(facts.root, 'clock');
    for (const t of clock && !x86 ? childrenNamed(clock, 'timer') : []) {
      const name = attributeValue(t, 'name');
      if ((name === 'tsc' || name === 'kvmclock' || name === 'hypervclock') && attributeValue(t, 'present') === 'yes') {
        report(r, 'timer-arch', nameRange(t), `Configuring the '${name}' timer is not supported for virtType=${facts.type ?? 'kvm'} arch=${arch} machine=${m ?? ''} guests`);
      }
    }
    for (const d of r.text.includes('loadparm') ? devs.all : []) {
      const loadparm = d.boot && getAttribute(d.boot, 'loadparm');
      const v = d.boot && attributeValue(d.boot, 'loadparm');
      if (!loadparm || v === undefined) continue;
      if (v.length < 1 || v.length > 8) report(r, 'boot-loadparm', valueRange(loadparm), `loadparm value '${v.toUpperCase()}' must be between 1 and 8 characters`);
      else if (!/^[a-zA-Z0-9. ]+$/.test(v)) report(r, 'boot-loadparm', valueRange(loadparm), `invalid loadparm value '${v.toUpperCase()}', expecting chars in set of [a-zA-Z0-9.] and blank spaces`);
    }
    // spapr-vio addresses: 32 bits, one device each.
    const regs = new Set<number>();
    for (const d of r.text.includes('spapr-vio') ? devs.all : []) {
      if (d.addressType !== 'spapr-vio' || !d.address || d.kind === 'console') continue;
      const attr = getAttribute(d.address, 'reg');
      const text = attributeValue(d.address, 'reg');
      if (!attr || text === undefined) continue;
      const big = /^0[xX][0-9a-fA-F]+$/.test(text.trim()) ? BigInt(text.trim()) : /^[0-9]+$/.test(text.trim()) ? BigInt(text.trim()) : undefined;
      if (big === undefined) continue;
      if (big > 0xffffffffn) {
        report(r, 'spapr-vio-address', valueRange(attr), `spapr-vio reg='0x${big.toString(16)}' exceeds maximum possible value (0xffffffff)`);
        continue;
      }
      const n = Number(big);
      if (regs.has(n)) report(r, 'spapr-vio-address', valueRange(attr), `spapr-vio address 0x${n.toString(16)} already in use`);
      regs.add(n);
    }
    checkSve(r, ctx);
    const topology = facts.cpu && firstChild(facts.cpu, 'topology');
    const threads = topology && parseUIntBase(attributeValue(topology, 'threads'), 10);
    const sockets = topology && parseUIntBase(attributeValue(topology, 'sockets'), 10);
    if (devs.pseries && threads && sockets && facts.currentVcpus !== undefined && facts.currentVcpus % threads !== 0) {
      report(r, 'vcpu-hotplug-granularity', nameRange(facts.vcpu ?? topology!), `vCPUs count must be a multiple of the vCPU hotplug granularity (${threads})`);
    }
    if (m === 'isapc') {
      for (const c of devs.controllers) {
        if (c.type === 'usb' && c.model !== 'none') report(r, 'machine-no-pci', nameRange(c.el), 'No PCI buses available');
      }
    }
  }
  // Memory devices on guest NUMA nodes.
  for (const d of devs.ofKind('memory')) {
    const target = firstChild(d.el, 'target');
    const node = target && firstChild(target, 'node');
    const n = node ? parseUIntBase(textContent(node).trim(), 10) : undefined;
    if (node && n !== undefined && n >= cellCount && (cellCount > 0 || facts.qemuDriver)) {
      report(r, 'memory-device-node', nameRange(node), `can't add memory backend for guest node '${n}' as the guest has only '${cellCount}' NUMA nodes configured`);
    }
  }
  // PCI controllers: target index and NUMA node.
  for (const c of devs.controllers) {
    if (c.type !== 'pci') continue;
    const target = firstChild(c.el, 'target');
    if (!target) continue;
    const ti = getAttribute(target, 'index');
    const tiValue = ti && attributeValue(target, 'index');
    const t = tiValue !== undefined ? parseUIntBase(tiValue, 10) : undefined;
    if (ti && t !== undefined) {
      if (t > 30) report(r, 'pci-target-index', valueRange(ti), `PCI controller target index '${t}' out of range - must be 0-30`);
      else if (c.index !== undefined && ((c.index === 0 && t !== 0) || (c.index !== 0 && t === 0))) {
        report(r, 'pci-target-index', valueRange(ti), 'Only the PCI controller with index 0 can have target index 0, and vice versa');
      }
    }
    const node = firstChild(target, 'node');
    const nn = node ? parseUIntBase(textContent(node).trim(), 10) : undefined;
    if (node && nn !== undefined) {
      if (c.index === 0) report(r, 'pci-numa-node', nameRange(node), "The PCI controller with index=0 can't be associated with a NUMA node");
      else if (facts.qemuDriver && nn >= cellCount && c.index !== undefined) {
        report(r, 'pci-numa-node', nameRange(node), `${c.model ?? 'pci'} with index ${c.index} is configured for a NUMA node (${nn}) not present in the domain's <cpu><numa> array (${cellCount})`);
      }
    }
  }
  return r.out;
}

interface MachineInfo {
  arch: string;
  machine: string;
  armVirt: boolean;
  pseries: boolean;
  x86: boolean;
  q35: boolean;
}

function checkFeatures(r: R, features: XmlElement, m: MachineInfo, inputs: Device[]): void {
  const message = (name: string) => `The '${name}' feature is not supported for architecture '${m.arch}' or machine type '${m.machine}'`;
  for (const f of features.children) {
    const on = (attributeValue(f, 'state') ?? 'on') === 'on';
    if (f.name === 'gic' && on && !m.armVirt) report(r, 'feature-machine', nameRange(f), message('gic'), [removeElementFix(r.text, f)]);
    else if (pseriesFeatures.includes(f.name) && !m.pseries) report(r, 'feature-machine', nameRange(f), message(f.name), [removeElementFix(r.text, f)]);
    else if (f.name === 'ioapic' && !m.x86) report(r, 'feature-machine', nameRange(f), message('ioapic'), [removeElementFix(r.text, f)]);
  }
  const ps2 = firstChild(features, 'ps2');
  if (ps2 && attributeValue(ps2, 'state') === 'off') {
    const vmport = firstChild(features, 'vmport');
    if (vmport && attributeValue(vmport, 'state') === 'on') report(r, 'feature-ps2-off', nameRange(vmport), 'vmport feature requires the ps2 feature not to be disabled');
    for (const i of inputs) {
      if (attributeValue(i.el, 'bus') === 'ps2') report(r, 'feature-ps2-off', valueRange(getAttribute(i.el, 'bus')!), 'ps2 bus inputs require the ps2 feature not to be disabled');
    }
  }
  const smm = firstChild(features, 'smm');
  const tseg = smm && firstChild(smm, 'tseg');
  if (smm && tseg && (attributeValue(smm, 'state') ?? 'on') === 'on') {
    if (!m.q35) report(r, 'feature-tseg', nameRange(tseg), 'SMM TSEG is only supported with q35 machine type');
    else {
      const size = readScaled(textContent(tseg).trim(), attributeValue(tseg, 'unit'), 1048576n);
      if (size.kind === 'ok' && size.bytes % 1048576n !== 0n) report(r, 'feature-tseg', nameRange(tseg), 'SMM TSEG size must be divisible by 1 MiB');
    }
  }
}

function checkHugepages(r: R, memoryBacking: XmlElement | undefined, cellCount: number): void {
  const hugepages = memoryBacking && firstChild(memoryBacking, 'hugepages');
  if (!hugepages) return;
  const pages = childrenNamed(hugepages, 'page').map((el) => {
    const size = scaledToKiB(attributeValue(el, 'size') ?? '', attributeValue(el, 'unit'));
    const nodeset = attributeValue(el, 'nodeset');
    const parsed = nodeset === undefined ? undefined : parseCpuset(nodeset);
    return { el, size, nodes: parsed?.ok ? parsed.cpus : nodeset === undefined ? undefined : null };
  });
  for (let i = 0; i < pages.length; i++) {
    const p = pages[i];
    if (p.size === undefined || p.nodes === null) return; // unreadable: other rules speak
    for (let j = 0; j < i; j++) {
      const q = pages[j];
      if (p.nodes && q.nodes && p.nodes.some((n) => q.nodes!.includes(n))) {
        report(r, 'hugepages-nodeset-overlap', valueRange(getAttribute(p.el, 'nodeset')!), `nodeset attribute of hugepages of sizes ${p.size} and ${q.size} intersect`);
        return;
      }
      if (!p.nodes && !q.nodes) {
        report(r, 'hugepages-master-twice', nameRange(p.el), `two master hugepages detected: ${p.size} and ${q.size}`);
        return;
      }
    }
    const missing = p.nodes?.find((n) => n >= cellCount);
    if (missing !== undefined) {
      report(r, 'hugepages-node-missing', valueRange(getAttribute(p.el, 'nodeset')!), `hugepages: node ${missing} not found`);
      return;
    }
  }
}

/** libvirt's month/day/year check of the BIOS date. */
function validBiosDate(text: string): boolean {
  const m = /^\s*([+-]?\d+)\/\s*([+-]?\d+)\/\s*([+-]?\d+)$/.exec(text);
  if (!m) return false;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 0 && !(year >= 100 && year < 1900);
}

const normUuid = (s: string) => s.trim().toLowerCase().replace(/-/g, '');

function checkSysinfo(r: R, root: XmlElement): void {
  const uuidEl = firstChild(root, 'uuid');
  const uuid = uuidEl && textContent(uuidEl).trim();
  for (const sysinfo of childrenNamed(root, 'sysinfo')) {
    if (attributeValue(sysinfo, 'type') !== 'smbios') continue;
    const bios = firstChild(sysinfo, 'bios');
    for (const e of bios ? childrenNamed(bios, 'entry') : []) {
      if (attributeValue(e, 'name') === 'date' && !validBiosDate(textContent(e))) report(r, 'sysinfo-date', nameRange(e), "Invalid BIOS 'date' format");
    }
    const system = firstChild(sysinfo, 'system');
    for (const e of system ? childrenNamed(system, 'entry') : []) {
      if (attributeValue(e, 'name') !== 'uuid' || !uuid) continue;
      const v = textContent(e);
      if (/^[0-9a-fA-F-]{32,36}$/.test(v.trim()) && /^[0-9a-fA-F-]{32,36}$/.test(uuid) && normUuid(v) !== normUuid(uuid)) {
        report(r, 'sysinfo-uuid', nameRange(e), 'UUID mismatch between <uuid> and <sysinfo>', [fix("Change it to the domain's uuid", [setElementText(r.text, e, uuid)], true)]);
      }
    }
  }
}

function checkSeclabels(r: R, root: XmlElement, devices: XmlElement[]): void {
  const labels = childrenNamed(root, 'seclabel');
  const models = new Set<string>();
  for (const l of labels) {
    const model = attributeValue(l, 'model');
    if (model !== undefined && models.has(model)) report(r, 'seclabel-model', nameRange(l), `seclabel for model ${model} is already provided`);
    if (model !== undefined) models.add(model);
  }
  if (labels.length > 1 && labels.some((l) => attributeValue(l, 'model') === undefined)) {
    report(r, 'seclabel-model', nameRange(labels.find((l) => attributeValue(l, 'model') === undefined)!), 'missing security model when using multiple labels');
  }
  // Per-device overrides: under the device, or under a disk's <source>.
  for (const d of devices) {
    const holders = [d, ...childrenNamed(d, 'source')];
    for (const h of holders) {
      const seen = new Set<string>();
      for (const l of childrenNamed(h, 'seclabel')) {
        const model = attributeValue(l, 'model');
        if (model !== undefined && seen.has(model)) report(r, 'seclabel-model', nameRange(l), `seclabel for model ${model} is already provided`);
        if (model !== undefined) seen.add(model);
        const relabel = attributeValue(l, 'relabel');
        const label = firstChild(l, 'label');
        const hasLabel = label !== undefined && textContent(label) !== '';
        if (hasLabel && relabel === 'no') report(r, 'seclabel-relabel', nameRange(l), `Cannot specify a label if relabelling is turned off. model=${model ?? '<null>'}`);
        else if (relabel === 'yes' && !hasLabel) report(r, 'seclabel-relabel', valueRange(getAttribute(l, 'relabel')!), `Cannot specify relabel if label is missing. model=${model ?? '<null>'}`);
      }
    }
  }
}

function checkSve(r: R, ctx: RuleContext): void {
  if (ctx.doc.arch !== 'aarch64') return;
  const cpu = domainFacts(ctx.doc).cpu;
  if (!cpu) return;
  const feats = childrenNamed(cpu, 'feature');
  const sve = feats.find((f) => attributeValue(f, 'name') === 'sve');
  const off = sve && (attributeValue(sve, 'policy') === 'disable' || attributeValue(sve, 'policy') === 'forbid');
  if (!off) return;
  const lengths = feats.find((f) => /^sve\d+$/.test(attributeValue(f, 'name') ?? '') && (attributeValue(f, 'policy') ?? 'require') !== 'disable' && attributeValue(f, 'policy') !== 'forbid');
  if (lengths) report(r, 'cpu-sve-lengths', nameRange(lengths), 'SVE disabled, but SVE vector lengths provided');
}

