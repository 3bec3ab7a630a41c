// Rule family: the other devices. Video (domain_validate.c), graphics pairing
// (qemu_validate.c), TPM backends and counts (domain_conf.c, qemu_validate.c),
// character device sources (domain_validate.c) and the QEMU driver's chardev,
// serial-target and parallel rules, shared memory (domain_conf.c,
// qemu_validate.c, qemu_command.c), IOMMU models per machine, panic models,
// virtio input models, controller iothreads (domain_postparse.c) and virtiofs
// boot order.

import { attributeValue, childrenNamed, firstChild, getAttribute, textContent, type XmlElement } from '../../xml/nodes';
import { domainFacts } from '../../domain/facts';
import { domainDevices, type DomainDevices } from '../../domain/devices';
import { readScaled } from '../../domain/numbers';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { changeValueFix, nameRange, removeAttributeFix, removeElementFix, report, reporter, valueRange, wholeAttribute, type Reporter } from '../kit';
import type { DeviceCode } from './codes';

type R = Reporter<DeviceCode>;

interface Machine {
  q35: boolean;
  armVirt: boolean;
  riscvVirt: boolean;
  loongVirt: boolean;
  pseries: boolean;
  s390: boolean;
  x86: boolean;
  /** The machine is written (so "not q35" is a fact, not a guess about the default). */
  known: boolean;
  arch: string;
}

export function checkDevices(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: R = reporter(ctx.doc.xml.text);
  if (!facts.isDomain) return r.out;
  const devs = domainDevices(ctx.doc);
  const m = facts.machine ?? '';
  const arch = devs.arch;
  const virt = m === 'virt' || m.startsWith('virt-');
  const machine: Machine = {
    q35: facts.q35,
    armVirt: (arch === 'aarch64' || arch.startsWith('arm')) && virt,
    riscvVirt: arch.startsWith('riscv') && virt,
    loongVirt: arch.startsWith('loongarch') && virt,
    pseries: devs.pseries,
    s390: arch.startsWith('s390'),
    x86: arch === 'x86_64' || arch === 'i686',
    known: facts.machine !== undefined,
    arch,
  };
  checkVideos(r, devs, facts.qemuDriver);
  checkTpms(r, devs, facts.qemuDriver, machine);
  checkChardevs(r, devs, facts.qemuDriver, machine);
  checkShmems(r, devs, facts.qemuDriver);
  checkControllers(r, devs);
  if (!facts.qemuDriver) return r.out;
  checkGraphics(r, devs);
  const acpi = facts.features && firstChild(facts.features, 'acpi');
  const acpiOn = acpi !== undefined && (attributeValue(acpi, 'state') ?? 'on') === 'on';
  checkIommus(r, devs, machine, acpiOn);
  checkPanics(r, devs, machine);
  for (const i of devs.ofKind('input')) {
    const model = getAttribute(i.el, 'model');
    const v = attributeValue(i.el, 'model');
    if (model && attributeValue(i.el, 'bus') === 'virtio' && (v === 'virtio-transitional' || v === 'virtio-non-transitional')) {
      report(r, 'input-virtio-transitional', valueRange(model), `virtio (non-)transitional models are not supported for input type=${i.type ?? ''}`, [changeValueFix(model, 'virtio', true)]);
    }
  }
  for (const f of devs.ofKind('filesystem')) {
    const driver = firstChild(f.el, 'driver');
    if (!f.boot || !driver || attributeValue(driver, 'type') !== 'virtiofs') continue;
    const onPci = f.address ? f.addressType === 'pci' : !machine.s390;
    if (!onPci) report(r, 'filesystem-boot-bus', nameRange(f.boot), 'setting virtiofs boot order is supported only with PCI bus', [removeElementFix(r.text, f.boot, undefined, true)]);
  }
  return r.out;
}

function checkVideos(r: R, devs: DomainDevices, qemu: boolean): void {
  const videos = devs.ofKind('video');
  // The primary video: the first marked primary='yes', else the first one.
  const primaryVideo = videos.find((v) => attributeValue(firstChild(v.el, 'model') ?? v.el, 'primary') === 'yes') ?? videos[0];
  if (qemu && !videos.some((v) => attributeValue(firstChild(v.el, 'model') ?? v.el, 'type') === 'none')) {
    for (const v of videos) {
      const model = firstChild(v.el, 'model');
      const typeAttr = model && getAttribute(model, 'type');
      const type = model && attributeValue(model, 'type');
      if (v !== primaryVideo && typeAttr && type !== undefined && type !== 'qxl' && type !== 'virtio' && attributeValue(model!, 'primary') !== 'yes') {
        report(r, 'video-secondary-type', valueRange(typeAttr), `video type '${type}' is only valid as primary video device`);
      }
    }
  }
  let primary = false;
  for (const v of videos) {
    const model = firstChild(v.el, 'model');
    const type = model && attributeValue(model, 'type');
    const prim = model && getAttribute(model, 'primary');
    if (prim && attributeValue(model!, 'primary') === 'yes') {
      if (primary) report(r, 'video-primary-twice', wholeAttribute(prim), 'Only one primary video device is supported', [removeAttributeFix(r.text, prim)]);
      primary = true;
    }
    if (type === 'none' && videos.length > 1) {
      report(r, 'video-none-alone', valueRange(getAttribute(model!, 'type')!), "a 'none' video type must be the only video device defined for the domain");
    }
    if (type === 'ramfb' && v.address) {
      report(r, 'video-ramfb-address', nameRange(v.address), 'address not supported for video type ramfb', [removeElementFix(r.text, v.address, undefined, true)]);
    }
    if (model && type !== undefined && type !== 'qxl') {
      for (const name of ['ram', 'vram64', 'vgamem'] as const) {
        const attr = getAttribute(model, name);
        const n = Number(attributeValue(model, name));
        if (attr && attr.value !== undefined && n !== 0) report(r, 'video-qxl-only', wholeAttribute(attr), `${name} attribute only supported for video type qxl`, [removeAttributeFix(r.text, attr, undefined, true)]);
      }
    }
  }
}

function checkGraphics(r: R, devs: DomainDevices): void {
  const graphics = devs.ofKind('graphics');
  if (!graphics.some((g) => g.type === 'egl-headless')) return;
  for (const g of graphics) {
    if (g.type !== 'egl-headless' && g.type !== 'vnc' && g.type !== 'spice' && g.type !== undefined) {
      report(r, 'graphics-egl-headless', valueRange(getAttribute(g.el, 'type')!), "graphics type 'egl-headless' is only supported with one of: 'vnc', 'spice' graphics types");
    }
    const gl = g.type === 'spice' ? firstChild(g.el, 'gl') : undefined;
    if (gl && attributeValue(gl, 'enable') === 'yes') report(r, 'graphics-egl-headless', nameRange(gl), 'multiple OpenGL displays are not supported by QEMU');
  }
}

function checkTpms(r: R, devs: DomainDevices, qemu: boolean, machine: Machine): void {
  let proxy = false;
  let regular = false;
  for (const t of devs.ofKind('tpm')) {
    const backend = firstChild(t.el, 'backend');
    if (!backend) {
      report(r, 'tpm-backend-missing', nameRange(t.el), 'missing TPM device backend');
      continue;
    }
    if (!qemu) continue;
    const model = attributeValue(t.el, 'model');
    if (model === 'spapr-tpm-proxy') {
      if (proxy) report(r, 'tpm-twice', nameRange(t.el), 'only a single TPM Proxy device is supported');
      proxy = true;
    } else {
      if (regular) report(r, 'tpm-twice', nameRange(t.el), 'only a single TPM non-proxy device is supported');
      regular = true;
    }
    const version = getAttribute(backend, 'version');
    if (attributeValue(backend, 'type') === 'emulator' && version && attributeValue(backend, 'version') === '1.2') {
      if (model !== undefined && model !== 'tpm-tis') {
        report(r, 'tpm-version-model', valueRange(version), `TPM 1.2 is not supported for model '${model}'`, [changeValueFix(version, '2.0', true)]);
      } else if (model === 'tpm-tis' && !machine.x86) {
        report(r, 'tpm-version-model', valueRange(version), `TPM 1.2 is not supported on architecture '${machine.arch}'`, [changeValueFix(version, '2.0', true)]);
      }
    }
  }
}

/** A chardev source check (virDomainChrSourceDefValidate) on the element holding `type` and `<source>`s. */
function checkChrSource(r: R, el: XmlElement, type: string | undefined, qemu: boolean, pathOptional: boolean, hasSpice: boolean): void {
  const sources = childrenNamed(el, 'source');
  const attr = (name: string) => sources.map((s) => attributeValue(s, name)).find((v) => v !== undefined);
  const where = sources[0] ? nameRange(sources[0]) : nameRange(el);
  const bind = sources.some((s) => attributeValue(s, 'mode') === 'bind');
  const reconnect = sources.map((s) => firstChild(s, 'reconnect')).find((x) => x !== undefined);
  const reconnectOn = reconnect !== undefined && attributeValue(reconnect, 'enabled') === 'yes';
  switch (type) {
    case 'file':
    case 'dev':
    case 'pipe':
      if (attr('path') === undefined) report(r, 'chardev-source-path', where, 'Missing source path attribute for char device');
      break;
    case 'unix':
      if (attr('path') === undefined && !pathOptional) report(r, 'chardev-source-path', where, 'Missing source path attribute for char device');
      else if (bind && reconnectOn) report(r, 'chardev-reconnect', nameRange(reconnect!), 'chardev reconnect is possible only for connect mode');
      break;
    case 'tcp':
      if (attr('host') === undefined) report(r, 'chardev-source-tcp', where, 'Missing source host attribute for char device');
      else if (attr('service') === undefined) report(r, 'chardev-source-tcp', where, 'Missing source service attribute for char device');
      else if (bind && reconnectOn) report(r, 'chardev-reconnect', nameRange(reconnect!), 'chardev reconnect is possible only for connect mode');
      break;
    case 'spicevmc':
    case 'spiceport':
      if (qemu && !hasSpice) report(r, 'chardev-spice', valueRange(getAttribute(el, 'type')!), `chardev '${type}' not supported without spice graphics`);
      break;
  }
  if (!qemu) return;
  if ((type === 'unix' || type === 'tcp') && reconnectOn && attributeValue(reconnect!, 'timeout') !== undefined && Number(attributeValue(reconnect!, 'timeout')) === 0) {
    report(r, 'chardev-reconnect', valueRange(getAttribute(reconnect!, 'timeout')!), "chardev reconnect source timeout cannot be '0'");
  }
  if (type === 'tcp') {
    const protocol = firstChild(el, 'protocol');
    const p = protocol && attributeValue(protocol, 'type');
    if (p === 'tls' || p === 'telnets') report(r, 'chardev-tcp-protocol', valueRange(getAttribute(protocol!, 'type')!), `tcp chardev protocol '${p}' not supported`, [changeValueFix(getAttribute(protocol!, 'type')!, 'raw')]);
  }
}

function checkChardevs(r: R, devs: DomainDevices, qemu: boolean, machine: Machine): void {
  const hasSpice = devs.ofKind('graphics').some((g) => g.type === 'spice');
  for (const kind of ['serial', 'parallel', 'console', 'channel'] as const) {
    for (const d of devs.ofKind(kind)) {
      const target = firstChild(d.el, 'target');
      const targetType = target && attributeValue(target, 'type');
      const pathOptional = kind === 'channel' && (targetType === 'virtio' || targetType === 'xen');
      // A console that mirrors serial 0 is checked as that serial.
      if (kind === 'console' && (targetType === undefined || targetType === 'serial') && devs.ofKind('serial').length > 0) continue;
      checkChrSource(r, d.el, d.type, qemu, pathOptional, hasSpice);
      if (!qemu) continue;
      if (kind === 'parallel' && (machine.s390 || machine.pseries)) {
        report(r, 'chardev-parallel', nameRange(d.el), 'parallel ports are not supported', [removeElementFix(r.text, d.el, undefined, true)]);
      }
      if (kind === 'serial' && target) checkSerialTarget(r, target, machine);
    }
  }
  for (const rng of devs.ofKind('rng')) {
    const backend = firstChild(rng.el, 'backend');
    if (backend && attributeValue(backend, 'model') === 'egd') checkChrSource(r, backend, attributeValue(backend, 'type'), qemu, false, hasSpice);
  }
}

const defaultSerialModel: Readonly<Record<string, string>> = {
  'isa-serial': 'isa-serial',
  'usb-serial': 'usb-serial',
  'pci-serial': 'pci-serial',
  'spapr-vio-serial': 'spapr-vty',
  'sclp-serial': 'sclpconsole',
  'isa-debug': 'isa-debugcon',
};

function checkSerialTarget(r: R, target: XmlElement, machine: Machine): void {
  const type = attributeValue(target, 'type');
  const modelEl = firstChild(target, 'model');
  const model = (modelEl && attributeValue(modelEl, 'name')) ?? (type ? defaultSerialModel[type] : undefined);
  if (type === undefined && !modelEl) return;
  let ok = true;
  if (type === 'system-serial' && modelEl) {
    if (model === 'pl011' && !machine.armVirt) ok = false;
    if (model === '16550a' && !machine.riscvVirt && !machine.loongVirt) ok = false;
  }
  if (machine.known && !machine.pseries && (type === 'spapr-vio-serial' || model === 'spapr-vty')) ok = false;
  if (!machine.s390 && (type === 'sclp-serial' || model === 'sclpconsole' || model === 'sclplmconsole')) ok = false;
  if (!ok) {
    report(r, 'chardev-serial-target', nameRange(target), `Serial device with target type '${type ?? 'none'}' and target model '${model ?? 'none'}' not compatible with guest architecture or machine type`);
  }
}

function checkShmems(r: R, devs: DomainDevices, qemu: boolean): void {
  for (const s of devs.ofKind('shmem')) {
    if (firstChild(s.el, 'msi') && !firstChild(s.el, 'server')) report(r, 'shmem-msi', nameRange(firstChild(s.el, 'msi')!), 'msi option is only supported with a server');
    if (!qemu) continue;
    const size = firstChild(s.el, 'size');
    if (size) {
      const read = readScaled(textContent(size), attributeValue(size, 'unit'), 1n);
      if (read.kind === 'ok' && read.bytes > 0n && (read.bytes < 1048576n || (read.bytes & (read.bytes - 1n)) !== 0n)) {
        report(r, 'shmem-size', nameRange(size), 'shmem size must be a power of 2 and at least 1 MiB (1024 KiB)');
      }
    }
    if (s.address && s.addressType !== undefined && s.addressType !== 'pci') {
      report(r, 'shmem-address', valueRange(getAttribute(s.address, 'type')!), "only 'pci' addresses are supported for the shared memory device");
    }
  }
}

function checkControllers(r: R, devs: DomainDevices): void {
  for (const c of devs.controllers) {
    const driver = firstChild(c.el, 'driver');
    const iothread = driver && getAttribute(driver, 'iothread');
    if (!iothread || iothread.value === undefined || Number(attributeValue(driver!, 'iothread')) === 0) continue;
    const scsiVirtio = c.type === 'scsi' && (c.model === 'virtio-scsi' || c.model === 'virtio-transitional' || c.model === 'virtio-non-transitional');
    if (!scsiVirtio && !(c.type === 'scsi' && c.model === undefined)) {
      report(r, 'controller-iothread', wholeAttribute(iothread), "'iothread' attribute only supported for virtio scsi controllers", [removeAttributeFix(r.text, iothread, undefined, true)]);
    }
  }
}

function checkIommus(r: R, devs: DomainDevices, machine: Machine, acpiOn: boolean): void {
  for (const i of devs.ofKind('iommu')) {
    const modelAttr = getAttribute(i.el, 'model');
    const model = attributeValue(i.el, 'model');
    if (!modelAttr || model === undefined) continue;
    if (model === 'virtio' || model === 'smmuv3') {
      const driver = firstChild(i.el, 'driver');
      const extra = driver && ['intremap', 'caching_mode', 'eim', 'iotlb', 'aw_bits', 'dma_translation'].find((a) => attributeValue(driver, a) !== undefined);
      if (extra) {
        report(r, 'iommu-virtio', wholeAttribute(getAttribute(driver!, extra)!), `iommu model '${model}' doesn't support additional attributes`);
        continue;
      }
    }
    if (!machine.known) continue;
    if (model === 'intel' && !machine.q35) {
      report(r, 'iommu-machine', valueRange(modelAttr), "IOMMU device: 'intel' is only supported with Q35 machines");
    } else if (model === 'smmuv3' && !machine.armVirt) {
      report(r, 'iommu-machine', valueRange(modelAttr), "IOMMU device: 'smmuv3' is only supported with ARM Virt machines");
    } else if (model === 'virtio') {
      if (!machine.q35 && !machine.armVirt) report(r, 'iommu-machine', valueRange(modelAttr), "IOMMU device: 'virtio' is only supported with Q35 and ARM Virt machines");
      else if (!acpiOn) report(r, 'iommu-virtio', valueRange(modelAttr), "IOMMU device: 'virtio' requires ACPI");
      else if (i.address && i.addressType !== 'pci') report(r, 'iommu-virtio', nameRange(i.address), "IOMMU device: 'virtio' needs a PCI address");
      else if (i.pci && i.pci.bus !== 0) {
        const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
        report(r, 'iommu-virtio', nameRange(i.address!), `The device at PCI address ${h(i.pci.domain, 4)}:${h(i.pci.bus, 2)}:${h(i.pci.slot, 2)}.${i.pci.function} needs to be an integrated device (bus=0)`);
      }
    }
  }
}

function checkPanics(r: R, devs: DomainDevices, machine: Machine): void {
  for (const p of devs.ofKind('panic')) {
    // Without a model, libvirt picks the machine's: pseries on pSeries, s390 on s390.
    const model = attributeValue(p.el, 'model') ?? (machine.pseries ? 'pseries' : machine.s390 ? 's390' : undefined);
    const fixes = p.address ? [removeElementFix(r.text, p.address, undefined, true)] : [];
    if ((model === 's390' || model === 'hyperv' || model === 'pseries') && p.address) {
      report(r, 'panic-model', nameRange(p.address), `setting the panic device address is not supported for model '${model}'`, fixes);
    } else if (model === 'isa' && p.address && p.addressType !== 'isa') {
      report(r, 'panic-model', nameRange(p.address), 'panic is supported only with ISA address type', fixes);
    } else if (model === 'pvpanic' && p.address && p.addressType !== 'pci') {
      report(r, 'panic-model', nameRange(p.address), 'pvpanic is supported only with PCI address type', fixes);
    } else if (model === undefined && machine.arch.startsWith('riscv')) {
      report(r, 'panic-model', nameRange(p.el), 'no panic model provided, and no default for the architecture and machine type');
    }
  }
}


