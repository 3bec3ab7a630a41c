// Rule family: host devices. Duplicates and ramfb (domain_validate.c),
// mediated device addresses (domain_postparse.c) and uuid, rawio/sgio
// (domain_conf.c), boot and display (qemu_validate.c), SCSI host addresses
// (domain_validate.c), CCW devnos (domain_addr.c) and zPCI uids
// (qemu_validate.c, domain_addr.c).

import { attributeValue, firstChild, getAttribute, type XmlElement } from '../../xml/nodes';
import { domainFacts } from '../../domain/facts';
import { domainDevices, parseUIntBase, parseUIntBase0, type Device } from '../../domain/devices';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { nameRange, removeAttributeFix, removeElementFix, report, reporter, valueRange, wholeAttribute, type Reporter } from '../kit';
import type { HostdevCode } from './codes';

type R = Reporter<HostdevCode>;

/** The host source a hostdev names, as a comparable key (virDomainHostdevMatch); undefined when it names none. */
function sourceKey(h: Device): string | undefined {
  const mode = attributeValue(h.el, 'mode') ?? 'subsystem';
  const src = firstChild(h.el, 'source');
  if (!src) return undefined;
  const addr = firstChild(src, 'address');
  const num = (el: XmlElement | undefined, name: string) => (el ? parseUIntBase0(attributeValue(el, name) ?? '0') : undefined);
  if (mode !== 'subsystem') return undefined;
  switch (h.type) {
    case 'pci':
      return addr ? `pci ${num(addr, 'domain')}:${num(addr, 'bus')}:${num(addr, 'slot')}.${num(addr, 'function')}` : undefined;
    case 'usb': {
      const vendor = firstChild(src, 'vendor');
      const product = firstChild(src, 'product');
      const v = vendor && parseUIntBase0(attributeValue(vendor, 'id'));
      const p = product && parseUIntBase0(attributeValue(product, 'id'));
      const bus = addr && parseUIntBase(attributeValue(addr, 'bus'), 10);
      const dev = addr && parseUIntBase(attributeValue(addr, 'device'), 10);
      if (v !== undefined && p !== undefined) return `usb id ${v}:${p}${bus !== undefined ? ` ${bus}.${dev}` : ''}`;
      return bus !== undefined && dev !== undefined ? `usb addr ${bus}.${dev}` : undefined;
    }
    case 'scsi': {
      const protocol = attributeValue(src, 'protocol');
      if (protocol === 'iscsi') return `iscsi ${attributeValue(src, 'name')}`;
      const adapter = firstChild(src, 'adapter');
      const name = adapter && attributeValue(adapter, 'name');
      return name && addr ? `scsi ${name} ${num(addr, 'bus')}:${num(addr, 'target')}:${num(addr, 'unit')}` : undefined;
    }
    case 'scsi_host':
      return `scsi_host ${attributeValue(src, 'protocol')} ${attributeValue(src, 'wwpn')}`;
    case 'mdev': {
      const uuid = addr && attributeValue(addr, 'uuid');
      return uuid ? `mdev ${uuid.toLowerCase()}` : undefined;
    }
    default:
      return undefined;
  }
}

export function checkHostdevs(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: R = reporter(ctx.doc.xml.text);
  if (!facts.isDomain) return r.out;
  const devs = domainDevices(ctx.doc);
  const hostdevs = devs.ofKind('hostdev');
  const keys = new Set<string>();
  let ramfb = false;
  for (const h of hostdevs) {
    const key = sourceKey(h);
    if (key !== undefined) {
      if (keys.has(key)) report(r, 'hostdev-duplicate', nameRange(h.el), 'Hostdev already exists in the domain configuration', [removeElementFix(r.text, h.el)]);
      keys.add(key);
    }
    const ramfbAttr = attributeValue(h.el, 'ramfb');
    if ((h.type === 'mdev' || h.type === 'pci') && ramfbAttr === 'on') {
      if (ramfb) report(r, 'hostdev-ramfb-twice', valueRange(getAttribute(h.el, 'ramfb')!), "Only one vgpu device can have 'ramfb' enabled");
      ramfb = true;
    }
    for (const name of ['rawio', 'sgio'] as const) {
      const attr = getAttribute(h.el, name);
      if (attr && attr.value !== undefined && h.type !== 'scsi') {
        report(r, 'hostdev-scsi-only', wholeAttribute(attr), `${name} is only supported for scsi host device`, [removeAttributeFix(r.text, attr, undefined, true)]);
      }
    }
    if (h.type === 'mdev') checkMdev(r, h, facts.qemuDriver, devs.ofKind('graphics').length > 0);
    if (facts.qemuDriver && h.boot && h.type === 'scsi_host' && attributeValue(firstChild(h.el, 'source') ?? h.el, 'protocol') === 'vhost') {
      report(r, 'hostdev-boot', nameRange(h.boot), 'booting from assigned devices is not supported by vhost SCSI devices', [removeElementFix(r.text, h.boot, undefined, true)]);
    }
  }
  // SCSI host devices at one guest drive address.
  const drives = new Set<string>();
  for (const h of hostdevs) {
    if (h.type !== 'scsi' || !h.drive) continue;
    const a = h.drive;
    const key = `${a.controller}:${a.bus}:${a.target}:${a.unit}`;
    if (drives.has(key)) {
      report(r, 'hostdev-scsi-address-duplicate', nameRange(h.address!), `SCSI host address controller='${a.controller}' bus='${a.bus}' target='${a.target}' unit='${a.unit}' in use by another SCSI host device`);
    }
    drives.add(key);
  }
  checkCcw(r, devs.all);
  if (facts.qemuDriver) checkZpci(r, devs.all);
  return r.out;
}

function checkMdev(r: R, h: Device, qemu: boolean, hasGraphics: boolean): void {
  const model = attributeValue(h.el, 'model');
  const src = firstChild(h.el, 'source');
  const addr = src && firstChild(src, 'address');
  if (addr && attributeValue(addr, 'uuid') === undefined) report(r, 'hostdev-mdev-uuid', nameRange(addr), "Missing 'uuid' attribute for element <address>");
  if (h.address && h.addressType !== undefined) {
    const want = model === 'vfio-pci' ? 'pci' : model === 'vfio-ccw' ? 'ccw' : undefined;
    if (want && h.addressType !== want) {
      report(r, 'hostdev-mdev-address', valueRange(getAttribute(h.address, 'type')!), `Unsupported address type '${h.addressType}' with mediated device model '${model}'`);
    }
  }
  if (!qemu) return;
  if (h.boot && (model === 'vfio-pci' || model === 'vfio-ap')) {
    report(r, 'hostdev-boot', nameRange(h.boot), `booting from assigned devices is not supported by mediated devices of model ${model}`, [removeElementFix(r.text, h.boot, undefined, true)]);
  }
  if (model === 'vfio-pci' && attributeValue(h.el, 'display') === 'on' && !hasGraphics) {
    report(r, 'hostdev-display-graphics', valueRange(getAttribute(h.el, 'display')!), "graphics device is needed for attribute value 'display=on' in <hostdev>");
  }
}

function checkCcw(r: R, all: Device[]): void {
  const seen = new Set<string>();
  for (const d of all) {
    if (d.addressType !== 'ccw' || !d.address) continue;
    const cssid = parseUIntBase(attributeValue(d.address, 'cssid'), 16);
    const ssid = parseUIntBase(attributeValue(d.address, 'ssid'), 16);
    const devno = parseUIntBase(attributeValue(d.address, 'devno'), 16);
    if (cssid === undefined || ssid === undefined || devno === undefined) continue;
    const key = `${cssid.toString(16)}.${ssid.toString(16)}.${devno.toString(16).padStart(4, '0')}`;
    if (seen.has(key)) report(r, 'ccw-address-duplicate', nameRange(d.address), `The CCW devno '${key}' is in use already`);
    seen.add(key);
  }
}

function checkZpci(r: R, all: Device[]): void {
  const uids = new Set<number>();
  for (const d of all) {
    if (d.addressType !== 'pci' || !d.address) continue;
    const zpci = firstChild(d.address, 'zpci');
    const uidAttr = zpci && getAttribute(zpci, 'uid');
    if (!uidAttr) continue;
    const uid = parseUIntBase(attributeValue(zpci!, 'uid'), 16);
    if (uid === undefined) continue;
    if (uid === 0 || uid > 0xffff) {
      report(r, 'zpci-uid', valueRange(uidAttr), `Invalid PCI address uid='0x${uid.toString(16).padStart(4, '0')}', must be > 0x0000 and <= 0xffff`);
      continue;
    }
    if (uids.has(uid)) report(r, 'zpci-uid', valueRange(uidAttr), `zPCI uid ${uid.toString(8)} is already reserved`);
    uids.add(uid);
  }
}
