// The typed view of a domain's devices that the device rule families share:
// every child of every <devices> with its kind, type, <address> read the way
// libvirt's parser reads it, <boot order>, and per-kind lists (disks,
// controllers, interfaces, hostdevs, videos…). Computed once per parsed
// document (memoised on the LibvirtDocument); rules never walk <devices> again.

import { attributeValue, childrenNamed, firstChild, textContent, type XmlElement } from '../xml/nodes';
import type { LibvirtDocument } from './libvirtDocument';
import { domainFacts } from './facts';
import { ownMemo } from '../util/memo';

/** libvirt's unsigned parser with base 0 (virStrToLong_uip(…, 0, …)): decimal, 0x hex, leading-0 octal. */
export function parseUIntBase0(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  let s = text.length > 0 && text.charCodeAt(0) > 32 ? text : text.replace(/^[ \t\n\v\f\r]+/, '');
  if (s.startsWith('+')) s = s.slice(1);
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = s.length > 1 ? parseInt(s.slice(1), 8) : 0;
  else if (/^[1-9][0-9]*$/.test(s)) n = Number(s);
  else return undefined;
  return n <= 4294967295 ? n : undefined;
}

/** libvirt's unsigned parser with a fixed base (10 or 16, 0x allowed for 16). */
export function parseUIntBase(text: string | undefined, base: 10 | 16): number | undefined {
  if (text === undefined) return undefined;
  let s = text.length > 0 && text.charCodeAt(0) > 32 ? text : text.replace(/^[ \t\n\v\f\r]+/, '');
  if (s.startsWith('+')) s = s.slice(1);
  if (base === 16) {
    s = s.replace(/^0[xX]/, '');
    if (!/^[0-9a-fA-F]+$/.test(s)) return undefined;
    const n = parseInt(s, 16);
    return n <= 4294967295 ? n : undefined;
  }
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 4294967295 ? n : undefined;
}

export interface PciAddress {
  domain: number;
  bus: number;
  slot: number;
  function: number;
  multifunction: boolean;
}

export interface DriveAddress {
  controller: number;
  bus: number;
  target: number;
  unit: number;
}

export interface Device {
  el: XmlElement;
  /** The element name: disk, interface, controller, hostdev, video… */
  kind: string;
  /** `type` as written. */
  type: string | undefined;
  /** The device's own `<address>` (a direct child). */
  address: XmlElement | undefined;
  addressType: string | undefined;
  /** The PCI address when `type='pci'` and every field reads; undefined otherwise. */
  pci: PciAddress | undefined;
  /** The drive address when `type='drive'` and every field reads. */
  drive: DriveAddress | undefined;
  /** `<boot order>` (a direct child). */
  boot: XmlElement | undefined;
}

export interface Disk extends Device {
  /** `device`, disk when absent (libvirt's default). */
  device: string;
  target: XmlElement | undefined;
  /** `<target dev>`. */
  dst: string | undefined;
  /** `<target bus>` as written; undefined when libvirt derives it from the name. */
  bus: string | undefined;
  /** The bus libvirt settles on: as written, else derived from the target name (hd→ide, sd→scsi, vd→virtio, fd→fdc, xvd→xen, ubd→uml). */
  effectiveBus: string | undefined;
  driver: XmlElement | undefined;
  /** `<driver type>` (the image format). */
  format: string | undefined;
  source: XmlElement | undefined;
}

export interface Controller extends Device {
  /** `index` as libvirt reads it; undefined when missing (libvirt assigns one) or unreadable. */
  index: number | undefined;
  indexWritten: boolean;
  model: string | undefined;
}

export interface DomainDevices {
  all: Device[];
  disks: Disk[];
  controllers: Controller[];
  /** Devices of one element name (interfaces, hostdevs, videos, graphics, tpms, serials…). */
  ofKind(kind: string): Device[];
  /** The machine is an i440fx one ('pc', 'pc-i440fx-*', 'pc-0.*', 'pc-1.*'), for an x86 guest. */
  i440fx: boolean;
  /** The machine as written is pSeries (ppc64). */
  pseries: boolean;
  /** The guest arch as libvirt reads it (x86_64 when unwritten on the usual hosts). */
  arch: string;
}

const cache = ownMemo<LibvirtDocument, DomainDevices>('domainDevices');

/** The devices of a `<domain>` (empty lists for other documents), computed once per parsed document. */
export function domainDevices(doc: LibvirtDocument): DomainDevices {
  let d = cache.get(doc);
  if (!d) cache.set(doc, (d = compute(doc)));
  return d;
}

const busByPrefix: Array<[string, string]> = [
  ['hd', 'ide'],
  ['sd', 'scsi'],
  ['vd', 'virtio'],
  ['fd', 'fdc'],
  ['xvd', 'xen'],
  ['ubd', 'uml'],
];

function compute(doc: LibvirtDocument): DomainDevices {
  const facts = domainFacts(doc);
  const all: Device[] = [];
  const disks: Disk[] = [];
  const controllers: Controller[] = [];
  const byKind = new Map<string, Device[]>();
  if (facts.isDomain) {
    for (const devices of childrenNamed(facts.root, 'devices')) {
      for (const el of devices.children) {
        const base = device(el);
        // A disk or controller is listed once, as its richer view, everywhere.
        const dev = base.kind === 'disk' ? disk(base) : base.kind === 'controller' ? controller(base) : base;
        all.push(dev);
        let list = byKind.get(dev.kind);
        if (!list) byKind.set(dev.kind, (list = []));
        list.push(dev);
        if (dev.kind === 'disk') disks.push(dev as Disk);
        else if (dev.kind === 'controller') controllers.push(dev as Controller);
      }
    }
  }
  const machine = facts.machine;
  const arch = doc.arch ?? 'x86_64';
  return {
    all,
    disks,
    controllers,
    ofKind: (kind) => byKind.get(kind) ?? [],
    i440fx: facts.x86 && machine !== undefined && (machine === 'pc' || /^pc-(i440fx-|0\.|1\.)/.test(machine)),
    pseries: (arch === 'ppc64' || arch === 'ppc64le') && machine !== undefined && machine.startsWith('pseries'),
    arch,
  };
}

function device(el: XmlElement): Device {
  const address = firstChild(el, 'address');
  const addressType = address && attributeValue(address, 'type');
  return {
    el,
    kind: el.name,
    type: attributeValue(el, 'type'),
    address,
    addressType,
    pci: address && addressType === 'pci' ? pciAddress(address) : undefined,
    drive: address && addressType === 'drive' ? driveAddress(address) : undefined,
    boot: firstChild(el, 'boot'),
  };
}

/** A `<address type='pci'>`'s fields (absent ones are 0, as libvirt reads them); undefined when one does not parse. */
export function pciAddress(el: XmlElement): PciAddress | undefined {
  const read = (name: string) => {
    const v = attributeValue(el, name);
    return v === undefined ? 0 : parseUIntBase0(v);
  };
  const domain = read('domain');
  const bus = read('bus');
  const slot = read('slot');
  const fn = read('function');
  if (domain === undefined || bus === undefined || slot === undefined || fn === undefined) return undefined;
  return { domain, bus, slot, function: fn, multifunction: attributeValue(el, 'multifunction') === 'on' };
}

/** A `<address type='drive'>`'s fields (base 10, absent ones 0). */
export function driveAddress(el: XmlElement): DriveAddress | undefined {
  const read = (name: string) => {
    const v = attributeValue(el, name);
    return v === undefined ? 0 : parseUIntBase(v, 10);
  };
  const controller = read('controller');
  const bus = read('bus');
  const target = read('target');
  const unit = read('unit');
  if (controller === undefined || bus === undefined || target === undefined || unit === undefined) return undefined;
  return { controller, bus, target, unit };
}

function disk(dev: Device): Disk {
  const target = firstChild(dev.el, 'target');
  const dst = target && attributeValue(target, 'dev');
  const bus = target && attributeValue(target, 'bus');
  const driver = firstChild(dev.el, 'driver');
  const kind = attributeValue(dev.el, 'device') ?? 'disk';
  let effectiveBus = bus;
  if (effectiveBus === undefined && dst !== undefined) {
    // libvirt's parser: a floppy goes on fdc; otherwise the name's prefix decides, IDE when none matches.
    effectiveBus = kind === 'floppy' ? 'fdc' : (busByPrefix.find(([p]) => p !== 'fd' && dst.startsWith(p))?.[1] ?? 'ide');
  }
  // One object literal with every field (no spread): thousands of disks stay cheap.
  return {
    el: dev.el,
    kind: dev.kind,
    type: dev.type,
    address: dev.address,
    addressType: dev.addressType,
    pci: dev.pci,
    drive: dev.drive,
    boot: dev.boot,
    device: kind,
    target,
    dst,
    bus,
    effectiveBus,
    driver,
    format: driver && attributeValue(driver, 'type'),
    source: firstChild(dev.el, 'source'),
  };
}

function controller(dev: Device): Controller {
  const text = attributeValue(dev.el, 'index');
  return {
    el: dev.el,
    kind: dev.kind,
    type: dev.type,
    address: dev.address,
    addressType: dev.addressType,
    pci: dev.pci,
    drive: dev.drive,
    boot: dev.boot,
    index: text === undefined ? undefined : parseIntIndex(text),
    indexWritten: text !== undefined,
    model: attributeValue(dev.el, 'model'),
  };
}

/** Controller index: virXMLPropInt base 10, -1 allowed by the parser as "unset" (then libvirt assigns one). */
function parseIntIndex(text: string): number | undefined {
  const s = text.trim();
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 0 && n <= 2147483647 ? n : undefined;
}

/**
 * libvirt's disk name → index (virDiskNameToIndex): a known prefix, lower-case
 * letters counted base 26 ('a' = 0, 'z' = 25, 'aa' = 26), optional trailing
 * digits (a partition). -1 when libvirt cannot read it.
 */
export function diskNameIndex(name: string): { index: number; partition: boolean } | undefined {
  const prefix = ['fd', 'hd', 'vd', 'sd', 'xvd', 'ubd'].find((p) => name.startsWith(p));
  if (!prefix) return undefined;
  let i = prefix.length;
  if (i >= name.length || name[i] < 'a' || name[i] > 'z') return undefined;
  let idx = 0;
  for (let k = 0; i < name.length && name[i] >= 'a' && name[i] <= 'z'; i++, k++) {
    idx += k < 1 ? 0 : 1;
    const c = name.charCodeAt(i) - 97;
    if (idx > (2147483647 - c) / 26) return undefined;
    idx = idx * 26 + c;
  }
  const rest = name.slice(i);
  if (!/^[0-9]*$/.test(rest)) return undefined;
  return { index: idx, partition: rest.length > 0 };
}

/** The text of `<el><name>` (trimmed), for the small text children devices have. */
export function childText(el: XmlElement, name: string): string | undefined {
  const c = firstChild(el, name);
  return c ? textContent(c) : undefined;
}
