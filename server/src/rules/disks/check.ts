// Rule family: what libvirt refuses in <disk> beyond its grammar: target
// names (domain_conf.c virDiskNameToIndex, domain_validate.c), duplicate
// targets and drive addresses (post-parse and validation), the bus/address
// pairing, and the QEMU driver's checks on formats, USB disks, vendor and
// product, shared access and partitions (qemu_validate.c, qemu_domain.c).

import { attributeValue, childrenNamed, firstChild, getAttribute, textContent, type XmlElement } from '../../xml/nodes';
import { domainFacts } from '../../domain/facts';
import { diskNameIndex, domainDevices, type Device, type Disk, type DriveAddress } from '../../domain/devices';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { changeValueFix, nameRange, removeAttributeFix, removeElementFix, report, reporter, valueRange, wholeAttribute, type Reporter } from '../kit';
import type { DiskCode } from './codes';

export function checkDisks(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: Reporter<DiskCode> = reporter(ctx.doc.xml.text);
  if (!facts.isDomain) return r.out;
  const devs = domainDevices(ctx.doc);
  const qemu = facts.qemuDriver;
  const seen = new Map<string, Disk>();
  const used = new Set(devs.disks.map((d) => d.dst));
  for (const d of devs.disks) {
    checkTarget(r, d, qemu, seen, used);
    checkAddress(r, d);
    checkSource(r, d, qemu);
    if (qemu) checkQemu(r, d, devs.pseries);
    if (qemu && (devs.i440fx || facts.q35)) checkVirtioAddress(r, d);
  }
  checkDriveAddresses(r, devs.disks, devs.ofKind('hostdev'));
  return r.out;
}

/** The disk's source path or name, as libvirt names it in messages. */
function sourceName(d: Disk): string | undefined {
  const s = d.source;
  if (!s) return undefined;
  return attributeValue(s, 'file') ?? attributeValue(s, 'dev') ?? attributeValue(s, 'dir') ?? attributeValue(s, 'name') ?? attributeValue(s, 'volume');
}

/** libvirt's "empty source": no <source>, or one naming nothing (network disks name a protocol). */
function sourceEmpty(d: Disk): boolean {
  if (d.type === 'network') return !d.source || attributeValue(d.source, 'protocol') === undefined;
  if (d.type === 'volume') return !d.source || attributeValue(d.source, 'pool') === undefined;
  if (d.type === 'nvme' || d.type === 'vhostuser') return !d.source;
  return sourceName(d) === undefined || sourceName(d) === '';
}

/** A free target name with the same prefix (`vdb` → the next unused of vda, vdb, …). */
function freeName(dst: string, used: ReadonlySet<string | undefined>): string | undefined {
  const prefix = ['xvd', 'ubd', 'hd', 'sd', 'vd', 'fd'].find((p) => dst.startsWith(p));
  if (!prefix) return undefined;
  for (let i = 0; i < 26 * 27; i++) {
    const name = prefix + (i < 26 ? String.fromCharCode(97 + i) : String.fromCharCode(96 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26)));
    if (!used.has(name)) return name;
  }
  return undefined;
}

function checkTarget(r: Reporter<DiskCode>, d: Disk, qemu: boolean, seen: Map<string, Disk>, used: ReadonlySet<string | undefined>): void {
  const devAttr = d.target && getAttribute(d.target, 'dev');
  if (!d.target || d.dst === undefined || !devAttr) {
    // The schema reports a missing <target> too; libvirt's parser names the source.
    report(r, 'disk-target-missing', nameRange(d.el), `missing target information for device ${sourceName(d) ?? ''}`.trimEnd());
    return;
  }
  const dst = d.dst;
  const parsed = diskNameIndex(dst);
  if (!d.address && !parsed) {
    report(r, 'disk-target-unknown', valueRange(devAttr), `Unknown disk name '${dst}' and no address specified`);
    return;
  }
  if ((d.device === 'disk' || d.device === 'lun') && !/^(hd|sd|vd|xvd|ubd)/.test(dst)) {
    report(r, 'disk-target-prefix', valueRange(devAttr), `Invalid harddisk device name: ${dst}`);
  } else if (d.device === 'floppy' && !dst.startsWith('fd')) {
    report(r, 'disk-target-prefix', valueRange(devAttr), `Invalid floppy device name: ${dst}`);
  } else if (qemu && parsed?.partition) {
    const whole = dst.replace(/[0-9]+$/, '');
    report(r, 'disk-target-partition', valueRange(devAttr), `invalid disk target '${dst}', partitions can't appear in disk targets`, [changeValueFix(devAttr, whole, !used.has(whole))]);
  }
  const first = seen.get(dst);
  if (first) {
    const free = freeName(dst, used);
    report(
      r,
      'disk-target-duplicate',
      valueRange(devAttr),
      `target '${dst}' duplicated for disk sources '${sourceName(first) ?? '(null)'}' and '${sourceName(d) ?? '(null)'}'`,
      free ? [changeValueFix(devAttr, free, true)] : [],
    );
  } else seen.set(dst, d);
}

function checkAddress(r: Reporter<DiskCode>, d: Disk): void {
  if (!d.address || d.addressType === undefined) return;
  const bus = d.effectiveBus;
  if ((bus === 'ide' || bus === 'fdc' || bus === 'scsi' || bus === 'sata') && d.addressType !== 'drive') {
    const type = getAttribute(d.address, 'type')!;
    report(r, 'disk-address-bus', valueRange(type), `Invalid address type '${d.addressType}' for the disk '${d.dst ?? ''}' with the bus type '${bus}'`);
  }
}

function checkSource(r: Reporter<DiskCode>, d: Disk, qemu: boolean): void {
  const src = d.source;
  const protocol = src && d.type === 'network' ? attributeValue(src, 'protocol') : undefined;
  if (protocol === 'sheepdog') {
    report(r, 'disk-sheepdog', valueRange(getAttribute(src!, 'protocol')!), "'sheepdog' protocol is no longer supported by any hypervisor driver");
  }
  // <auth> and <encryption> may sit under <disk> (old form) or under <source>, not both.
  for (const name of ['auth', 'encryption'] as const) {
    const outer = firstChild(d.el, name);
    const inner = src && firstChild(src, name);
    if (outer && inner) {
      report(r, 'disk-definition-twice', nameRange(outer), `an <${name}> definition already found for disk source`, [removeElementFix(r.text, outer, `Remove the outer <${name}>`)]);
    }
  }
  const auth = (src && firstChild(src, 'auth')) ?? firstChild(d.el, 'auth');
  const secret = auth && firstChild(auth, 'secret');
  if (secret && d.type === 'network' && (protocol === 'iscsi' || protocol === 'rbd')) {
    const type = attributeValue(secret, 'type');
    const known = ['none', 'volume', 'ceph', 'iscsi', 'tls', 'vtpm'];
    if (type === undefined || !known.includes(type)) {
      report(r, 'disk-secret-type', nameRange(secret), `unknown secret type '${type ?? '<null>'}'`);
    } else if ((protocol === 'iscsi' && type !== 'iscsi') || (protocol === 'rbd' && type !== 'ceph')) {
      report(r, 'disk-secret-type', valueRange(getAttribute(secret, 'type')!), `invalid secret type '${type}'`, [changeValueFix(getAttribute(secret, 'type')!, protocol === 'iscsi' ? 'iscsi' : 'ceph', true)]);
    }
  }
  if (qemu && protocol === 'iscsi' && childrenNamed(src!, 'host').length !== 1) {
    report(r, 'disk-iscsi-hosts', nameRange(src!), 'iSCSI protocol accepts only one host');
  }
  const encryption = (src && firstChild(src, 'encryption')) ?? firstChild(d.el, 'encryption');
  if (encryption && attributeValue(encryption, 'format') === 'luks') {
    const cipher = firstChild(encryption, 'cipher');
    if (cipher) report(r, 'disk-luks-cipher', nameRange(cipher), 'supplying <cipher> for domain disk definition is unnecessary', [removeElementFix(r.text, cipher, undefined, true)]);
    if (qemu && d.format !== undefined && d.format !== 'raw' && d.format !== 'qcow2' && (attributeValue(encryption, 'engine') ?? 'qemu') === 'qemu') {
      report(r, 'disk-encryption-format', valueRange(getAttribute(d.driver!, 'type')!), "encryption is supported only with 'raw' and 'qcow2' image format");
    }
  }
  if (d.device === 'lun') {
    const blockLike = d.type === 'block' || d.type === 'volume' || (d.type === 'network' && protocol === 'iscsi');
    if (d.type !== 'network' && !blockLike) {
      report(r, 'disk-lun-source', valueRange(getAttribute(d.el, 'device')!), "disk device='lun' is only valid for block type disk source");
    }
  } else {
    for (const name of ['rawio', 'sgio'] as const) {
      const attr = getAttribute(d.el, name);
      if (attr && attr.value !== undefined) report(r, 'disk-lun-only', wholeAttribute(attr), `${name} can be used only with device='lun'`, [removeAttributeFix(r.text, attr)]);
    }
  }
  const iotune = firstChild(d.el, 'iotune');
  const throttle = firstChild(d.el, 'throttlefilters');
  if (iotune && iotune.children.length > 0 && throttle && childrenNamed(throttle, 'throttlefilter').length > 0) {
    report(r, 'disk-throttle-iotune', nameRange(throttle), `block 'throttlefilters' can't be used together with 'iotune' for disk '${d.dst ?? ''}'`);
  }
  const vendor = firstChild(d.el, 'vendor');
  const product = firstChild(d.el, 'product');
  if (vendor && textContent(vendor).length > 8) report(r, 'disk-vpd-length', nameRange(vendor), 'disk vendor is more than 8 characters');
  if (product) {
    const max = d.effectiveBus === 'scsi' ? 16 : 40;
    if (textContent(product).length > max) report(r, 'disk-vpd-length', nameRange(product), `disk product is more than ${max} characters`);
  }
}

function checkQemu(r: Reporter<DiskCode>, d: Disk, pseries: boolean): void {
  const fmt = d.format;
  const fmtAttr = d.driver && getAttribute(d.driver, 'type');
  if (fmtAttr && fmt === 'cow') report(r, 'disk-format-unsupported', valueRange(fmtAttr), "'cow' storage format is not supported", [changeValueFix(fmtAttr, 'raw')]);
  else if (fmtAttr && (fmt === 'dir' || fmt === 'directory'))
    report(r, 'disk-format-unsupported', valueRange(fmtAttr), "'directory' storage format is not directly supported by QEMU, use 'dir' disk type instead");
  else if (fmtAttr && fmt === 'iso') report(r, 'disk-format-unsupported', valueRange(fmtAttr), "storage format 'iso' is not directly supported by QEMU, use 'raw' instead", [changeValueFix(fmtAttr, 'raw', true)]);
  if (d.effectiveBus === 'usb') {
    if (sourceEmpty(d)) report(r, 'disk-usb-empty', nameRange(d.el), "'usb' disk must not be empty");
    else if (d.address && d.addressType !== undefined && d.addressType !== 'usb') {
      report(r, 'disk-usb-address', valueRange(getAttribute(d.address, 'type')!), 'unexpected address type for usb disk');
    }
  }
  const vendor = firstChild(d.el, 'vendor');
  const product = firstChild(d.el, 'product');
  if (vendor && d.effectiveBus !== 'scsi') report(r, 'disk-vendor-bus', nameRange(vendor), "Only scsi disk supports 'vendor'");
  else if (product && d.effectiveBus !== 'scsi' && d.effectiveBus !== 'ide' && d.effectiveBus !== 'sata') {
    report(r, 'disk-vendor-bus', nameRange(product), "Only ide, sata and scsi disk supports 'product'");
  }
  if (firstChild(d.el, 'shareable') && !firstChild(d.el, 'readonly') && fmtAttr && fmt !== 'raw') {
    report(r, 'disk-shared-format', valueRange(fmtAttr), `shared access for disk '${d.dst ?? ''}' requires use of supported storage format`, [changeValueFix(fmtAttr, 'raw')]);
  }
  if (pseries && d.device === 'floppy') report(r, 'disk-floppy-pseries', nameRange(d.el), 'PowerPC pseries machines do not support floppy device');
  const bus = d.effectiveBus;
  const busAttr = d.target && getAttribute(d.target, 'bus');
  const where = busAttr ? valueRange(busAttr) : d.target ? nameRange(d.target) : nameRange(d.el);
  if (bus === 'fdc' && d.device !== 'floppy') report(r, 'disk-bus-device', where, "Invalid bus type 'fdc' for disk");
  else if (d.device === 'floppy' && bus !== undefined && bus !== 'fdc') report(r, 'disk-bus-device', where, `Invalid bus type '${bus}' for floppy disk`);
  else if (d.device === 'cdrom' && (bus === 'virtio' || bus === 'sd')) report(r, 'disk-bus-device', where, `disk type of '${d.dst ?? ''}' does not support ejectable media`);
  else if (d.device === 'lun' && bus !== undefined && bus !== 'scsi' && bus !== 'virtio') report(r, 'disk-bus-device', where, `disk device='lun' is not supported for bus='${bus}'`);
  else if ((bus === 'xen' || bus === 'uml') && d.device !== 'lun') report(r, 'disk-bus-device', where, `unsupported disk bus '${bus}' with device setup`);
}

/** A virtio disk on an x86 PCI machine takes a PCI address (or none); CCW and virtio-mmio are left alone. */
function checkVirtioAddress(r: Reporter<DiskCode>, d: Disk): void {
  if (d.effectiveBus !== 'virtio' || !d.address || d.addressType === undefined) return;
  if (d.addressType === 'pci' || d.addressType === 'ccw' || d.addressType === 'virtio-mmio') return;
  report(r, 'disk-virtio-address', nameRange(d.address), `virtio disk cannot have an address of type '${d.addressType}'`, [removeElementFix(r.text, d.address, undefined, true)]);
}

/** The drive address libvirt gives a disk without one (virDomainDiskDefAssignAddress, narrow SCSI bus). */
function derivedDrive(d: Disk): DriveAddress | undefined {
  const idx = d.dst === undefined ? undefined : diskNameIndex(d.dst)?.index;
  if (idx === undefined) return undefined;
  switch (d.effectiveBus) {
    case 'scsi':
      return { controller: Math.floor(idx / 7), bus: 0, target: 0, unit: idx % 7 };
    case 'ide':
      return { controller: Math.floor(idx / 4), bus: Math.floor((idx % 4) / 2), target: 0, unit: idx % 2 };
    case 'sata':
      return { controller: Math.floor(idx / 6), bus: 0, target: 0, unit: idx % 6 };
    case 'fdc':
      return { controller: Math.floor(idx / 2), bus: 0, target: 0, unit: idx % 2 };
    default:
      return undefined;
  }
}


function checkDriveAddresses(r: Reporter<DiskCode>, disks: Disk[], hostdevs: Device[]): void {
  const placed: Array<{ d: Disk; a: DriveAddress }> = [];
  for (const d of disks) {
    const a = d.address ? (d.addressType === 'drive' ? d.drive : undefined) : derivedDrive(d);
    if (a) placed.push({ d, a });
  }
  // The first disk at each bus and address; a later one there is the duplicate.
  const first = new Map<string, { d: Disk; a: DriveAddress }>();
  for (const y of placed) {
    const key = `${y.d.effectiveBus} ${y.a.controller}:${y.a.bus}:${y.a.target}:${y.a.unit}`;
    const x = first.get(key);
    if (!x) {
      first.set(key, y);
      continue;
    }
    const where: XmlElement = y.d.address ?? y.d.target ?? y.d.el;
    report(
      r,
      'disk-drive-address-duplicate',
      nameRange(where),
      `Found duplicate drive address for disk with target name '${x.d.dst ?? ''}' controller='${x.a.controller}' bus='${x.a.bus}' target='${x.a.target}' unit='${x.a.unit}'`,
    );
  }
  // A SCSI disk without an address must not land on a SCSI hostdev's drive address.
  const scsiHostdevs = new Set(hostdevs.filter((h) => h.type === 'scsi' && h.drive).map((h) => `${h.drive!.controller}:${h.drive!.bus}:${h.drive!.target}:${h.drive!.unit}`));
  for (const d of disks) {
    if (d.address || d.effectiveBus !== 'scsi' || scsiHostdevs.size === 0) continue;
    const a = derivedDrive(d);
    if (a && scsiHostdevs.has(`${a.controller}:${a.bus}:${a.target}:${a.unit}`)) {
      report(
        r,
        'disk-scsi-hostdev-conflict',
        d.target ? nameRange(d.target) : nameRange(d.el),
        `using disk target name '${d.dst}' conflicts with SCSI host device address controller='${a.controller}' bus='0' target='0' unit='${a.unit}`,
      );
    }
  }
}

