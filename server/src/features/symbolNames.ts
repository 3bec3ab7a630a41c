// How the outline names the elements outside the CPU area, the way a libvirt
// user reads them: a domain's devices (disks by target and source, interfaces
// by MAC and source, host devices by source address, controllers by type,
// index and model…), and the parts of network, storage pool and volume,
// nwfilter, secret, host interface, node device and capabilities documents.
// Pure: reads the element and its children, never the rest of the document.

import { SymbolKind } from 'vscode-languageserver-types';
import { attributeValue, firstChild, textContent, type XmlElement } from '../xml/nodes';
import { parseUIntBase0, pciAddress } from '../domain/devices';
import { readScaled } from '../domain/numbers';

/** An outline entry's words: `name` identifies, `detail` adds a few facts. */
export interface SymbolLabel {
  name: string;
  detail: string | undefined;
  kind: SymbolKind;
}

type Namer = (el: XmlElement) => SymbolLabel | undefined;

/** The label of `el` when this module knows its kind of element in its place; undefined otherwise. */
export function labelOf(el: XmlElement): SymbolLabel | undefined {
  const parent = el.parent;
  if (parent?.name === 'devices' && parent.parent?.name === 'domain' && !parent.parent.parent) return deviceNamers[el.name]?.(el);
  const root = rootElement(el);
  const namers = byRoot[root.name];
  return namers?.[el === root ? '' : el.name]?.(el) ?? anywhere[el.name]?.(el);
}

// ---------------------------------------------------------------------------
// Words

/** Trimmed, one line, at most `max` characters. */
export function short(text: string, max = 60): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A long path with its middle left out: /var/lib/…/x.qcow2. */
export function shortPath(path: string): string {
  const p = path.trim();
  if (p.length <= 40) return p;
  const parts = p.split('/');
  const last = parts[parts.length - 1];
  if (p.startsWith('/') && parts.length > 4) return short(`/${parts[1]}/${parts[2]}/…/${last}`);
  return short(p);
}

/** "2 GiB" from a value and libvirt unit (`scale`: the bytes of one unit when no unit is written); as written when unreadable. */
export function sizeText(value: string | undefined, unit: string | undefined, scale: bigint): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const r = readScaled(value.trim(), unit, scale);
  if (r.kind !== 'ok') return short(`${value} ${unit ?? ''}`);
  const units: Array<[string, bigint]> = [
    ['TiB', 1n << 40n],
    ['GiB', 1n << 30n],
    ['MiB', 1n << 20n],
    ['KiB', 1n << 10n],
  ];
  for (const [name, size] of units) if (r.bytes >= size && r.bytes % size === 0n) return `${r.bytes / size} ${name}`;
  for (const [name, size] of units) if (r.bytes >= size) return `${(Number(r.bytes) / Number(size)).toFixed(1)} ${name}`;
  return `${r.bytes} bytes`;
}

/** The size an element holds as text with its `unit` (KiB unless `scale` says otherwise). */
function elementSize(el: XmlElement | undefined, scale = 1024n): string | undefined {
  return el ? sizeText(textContent(el), attributeValue(el, 'unit'), scale) : undefined;
}

const join = (...parts: Array<string | undefined | false>) => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ') || undefined;
const words = (...parts: Array<string | undefined | false>) => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
const at = (el: XmlElement | undefined, name: string) => (el ? attributeValue(el, name) : undefined);
const child = (el: XmlElement | undefined, ...path: string[]) => {
  let e = el;
  for (const n of path) e = e && firstChild(e, n);
  return e;
};
const text = (el: XmlElement | undefined) => (el ? short(textContent(el)) || undefined : undefined);
/** Attribute `name` of `el` as a path, its middle left out when long. */
const pathAt = (el: XmlElement | undefined, name: string) => {
  const v = at(el, name);
  return v === undefined ? undefined : shortPath(v);
};
/** The text of `el` as a path. */
const pathText = (el: XmlElement | undefined) => (text(el) === undefined ? undefined : shortPath(textContent(el!)));

function rootElement(el: XmlElement): XmlElement {
  let e = el;
  while (e.parent) e = e.parent;
  return e;
}

/** A PCI address element as 0000:01:00.0 (fields read as libvirt reads them); undefined when one does not read. */
export function pciText(address: XmlElement | undefined): string | undefined {
  const a = address && pciAddress(address);
  if (!a) return undefined;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${hex(a.domain, 4)}:${hex(a.bus, 2)}:${hex(a.slot, 2)}.${a.function.toString(16)}`;
}

/** A USB id (0x046d) as four hex digits (046d). */
function usbId(el: XmlElement | undefined): string | undefined {
  const id = at(el, 'id');
  const n = parseUIntBase0(id);
  return n === undefined ? id : n.toString(16).padStart(4, '0');
}

/** An `<address>` in a few words: pci 0000:00:03.0, drive 0:0:0:0, usb 0.1… */
function addressText(el: XmlElement): string | undefined {
  const type = at(el, 'type');
  switch (type) {
    case 'pci':
      return words('pci', pciText(el));
    case 'drive':
      return words('drive', [at(el, 'controller') ?? '0', at(el, 'bus') ?? '0', at(el, 'target') ?? '0', at(el, 'unit') ?? '0'].join(':'));
    case 'usb':
      return words('usb', at(el, 'bus'), at(el, 'port') && `port ${at(el, 'port')}`);
    case 'virtio-serial':
      return words('virtio-serial', [at(el, 'controller') ?? '0', at(el, 'bus') ?? '0', at(el, 'port') ?? '?'].join(':'));
    case 'ccw':
      return words('ccw', [at(el, 'cssid'), at(el, 'ssid'), at(el, 'devno')].filter(Boolean).join('.'));
    case undefined:
      // A host device's source address: PCI when it has a slot.
      return at(el, 'slot') !== undefined ? pciText(el) : (at(el, 'uuid') ?? at(el, 'address'));
    default:
      return type;
  }
}

// ---------------------------------------------------------------------------
// A domain's devices

/** Where a disk's data comes from, by its type: file /var/lib/…/x.qcow2, rbd pool/image, volume pool/vol… */
function diskSource(disk: XmlElement): string | undefined {
  const type = at(disk, 'type') ?? 'file';
  const source = child(disk, 'source');
  if (!source) return at(disk, 'device') === 'cdrom' || at(disk, 'device') === 'floppy' ? 'empty' : type;
  switch (type) {
    case 'file':
      return words('file', pathAt(source, 'file'));
    case 'block':
      return words('block', pathAt(source, 'dev'));
    case 'dir':
      return words('dir', pathAt(source, 'dir'));
    case 'network': {
      const host = child(source, 'host');
      const where = host && (at(host, 'socket') ?? [at(host, 'name'), at(host, 'port')].filter(Boolean).join(':'));
      return words(at(source, 'protocol') ?? 'network', at(source, 'name') && short(at(source, 'name')!, 40), !at(source, 'name') && where);
    }
    case 'volume':
      return words('volume', [at(source, 'pool'), at(source, 'volume')].filter(Boolean).join('/'));
    case 'nvme':
      return words('nvme', pciText(child(source, 'address')), at(source, 'namespace') && `namespace ${at(source, 'namespace')}`);
    case 'vhostuser':
      return words('vhostuser', pathAt(source, 'path'));
    case 'vhostvdpa':
      return words('vhostvdpa', at(source, 'dev'));
    default:
      return type;
  }
}

/** What an interface connects to: network default, bridge br0, direct eth0 (vepa), hostdev 0000:03:00.1… */
function interfaceSource(el: XmlElement): string | undefined {
  const type = at(el, 'type');
  const source = child(el, 'source');
  switch (type) {
    case 'network':
      return words('network', at(source, 'network'), at(source, 'portgroup') && `(${at(source, 'portgroup')})`);
    case 'bridge':
      return words('bridge', at(source, 'bridge'));
    case 'direct':
      return words('direct', at(source, 'dev'), at(source, 'mode') && `(${at(source, 'mode')})`);
    case 'hostdev':
      return words('hostdev', pciText(child(source, 'address')));
    case 'ethernet':
      return words('ethernet', at(child(el, 'target'), 'dev'));
    case 'vhostuser':
      return words('vhostuser', pathAt(source, 'path'));
    case 'vdpa':
      return words('vdpa', at(source, 'dev'));
    case 'server':
    case 'client':
    case 'mcast':
    case 'udp':
      return words(type, [at(source, 'address'), at(source, 'port')].filter(Boolean).join(':'));
    default:
      return type;
  }
}

/** A host device's source: PCI 0000:01:00.0, USB 046d:c52b, SCSI scsi_host0:0:0:0, mdev UUID… */
function hostdevSource(el: XmlElement): string | undefined {
  const source = child(el, 'source');
  const type = at(el, 'type');
  if (at(el, 'mode') === 'capabilities') {
    if (type === 'storage') return words('storage', text(child(source, 'block')));
    if (type === 'misc') return words('misc', text(child(source, 'char')));
    if (type === 'net') return words('net', text(child(source, 'interface')));
    return type;
  }
  const address = child(source, 'address');
  switch (type) {
    case 'pci':
      return words('PCI', pciText(address));
    case 'usb': {
      const vendor = usbId(child(source, 'vendor'));
      const product = usbId(child(source, 'product'));
      if (vendor || product) return `USB ${vendor ?? '?'}:${product ?? '?'}`;
      return words('USB', address && `bus ${at(address, 'bus') ?? '?'} device ${at(address, 'device') ?? '?'}`);
    }
    case 'scsi': {
      const adapter = at(child(source, 'adapter'), 'name');
      if (at(source, 'protocol') === 'iscsi') return words('iSCSI', at(source, 'name'));
      return words('SCSI', adapter && `${adapter}:${[at(address, 'bus') ?? '0', at(address, 'target') ?? '0', at(address, 'unit') ?? '0'].join(':')}`);
    }
    case 'scsi_host':
      return words('SCSI host', at(source, 'wwpn'));
    case 'mdev':
      return words('mdev', at(address, 'uuid'));
    default:
      return type;
  }
}

/** A character device's target: isa-serial port 0, virtio org.qemu.guest_agent.0… */
function chardevTarget(el: XmlElement): string | undefined {
  const target = child(el, 'target');
  if (!target) return undefined;
  const name = at(target, 'name');
  const port = at(target, 'port');
  return words(at(target, 'type'), name ?? (port !== undefined ? `port ${port}` : undefined), at(target, 'address') && `${at(target, 'address')}:${at(target, 'port') ?? ''}`.replace(/:$/, ''));
}

const device =
  (kind: SymbolKind, name: (el: XmlElement) => string | undefined, detail: (el: XmlElement) => string | undefined): Namer =>
  (el) => ({ name: words(el.name, name(el)), detail: detail(el), kind });

const model = (el: XmlElement) => at(child(el, 'model'), 'type') ?? at(el, 'model');

const deviceNamers: Record<string, Namer> = {
  disk: (el) => {
    const kind = at(el, 'device') ?? 'disk';
    const target = at(child(el, 'target'), 'dev');
    const format = at(child(el, 'driver'), 'type');
    return {
      name: words(kind, target),
      detail: join(diskSource(el), format, kind === 'disk' && child(el, 'readonly') && 'read-only'),
      kind: SymbolKind.File,
    };
  },
  interface: (el) => {
    const mac = at(child(el, 'mac'), 'address');
    const source = interfaceSource(el);
    return { name: words('interface', mac ?? source), detail: join(mac ? source : undefined, model(el)), kind: SymbolKind.Interface };
  },
  hostdev: device(SymbolKind.Object, hostdevSource, (el) => join(at(el, 'managed') === 'yes' && 'managed', at(child(el, 'driver'), 'name'))),
  controller: device(
    SymbolKind.Struct,
    (el) => words(at(el, 'type'), at(el, 'index')),
    (el) => join(at(el, 'model'), at(el, 'ports') && `${at(el, 'ports')} ports`, at(child(el, 'target'), 'chassis') && `chassis ${at(child(el, 'target'), 'chassis')}`),
  ),
  graphics: device(
    SymbolKind.Event,
    (el) => at(el, 'type'),
    (el) => {
      const port = at(el, 'port');
      const listen = at(el, 'listen') ?? at(child(el, 'listen'), 'address') ?? at(child(el, 'listen'), 'socket') ?? (at(child(el, 'listen'), 'type') === 'none' ? 'no listen' : undefined);
      return join(at(el, 'autoport') === 'yes' || port === '-1' ? 'autoport' : port && `port ${port}`, at(el, 'tlsPort') && `tls ${at(el, 'tlsPort')}`, listen && `listen ${listen}`, at(el, 'socket'));
    },
  ),
  video: device(
    SymbolKind.Event,
    model,
    (el) => {
      const m = child(el, 'model');
      const heads = at(m, 'heads');
      return join(at(m, 'vram') && `vram ${sizeText(at(m, 'vram'), undefined, 1024n)}`, heads && heads !== '1' && `${heads} heads`, at(m, 'primary') === 'yes' && 'primary');
    },
  ),
  filesystem: (el) => {
    const source = child(el, 'source');
    const from = at(source, 'dir') ?? at(source, 'file') ?? at(source, 'name') ?? at(source, 'socket') ?? at(source, 'usage');
    return {
      name: words('filesystem', at(child(el, 'target'), 'dir')),
      detail: join(from && `${at(el, 'type') ?? 'mount'} ${shortPath(from)}`, at(child(el, 'driver'), 'type'), child(el, 'readonly') && 'read-only'),
      kind: SymbolKind.File,
    };
  },
  memory: device(
    SymbolKind.Object,
    (el) => at(el, 'model'),
    (el) => {
      const target = child(el, 'target');
      const node = text(child(target, 'node'));
      return join(elementSize(child(target, 'size')), node !== undefined && `node ${node}`, at(el, 'access'));
    },
  ),
  rng: device(
    SymbolKind.Object,
    (el) => at(el, 'model'),
    (el) => {
      const backend = child(el, 'backend');
      return join(words(at(backend, 'model'), at(backend, 'model') === 'random' ? text(backend) : at(backend, 'type')));
    },
  ),
  tpm: device(
    SymbolKind.Object,
    (el) => at(el, 'model'),
    (el) => {
      const backend = child(el, 'backend');
      return join(words(at(backend, 'type'), at(backend, 'version') ?? at(child(backend, 'device'), 'path')));
    },
  ),
  watchdog: device(SymbolKind.Object, (el) => at(el, 'model'), (el) => join(at(el, 'action'))),
  sound: device(SymbolKind.Object, (el) => at(el, 'model'), (el) => join(...el.children.filter((c) => c.name === 'codec').map((c) => at(c, 'type')))),
  audio: device(SymbolKind.Object, (el) => at(el, 'type'), (el) => join(at(el, 'id') && `id ${at(el, 'id')}`)),
  input: device(SymbolKind.Object, (el) => at(el, 'type'), (el) => join(at(el, 'bus'), pathAt(child(el, 'source'), 'evdev'))),
  memballoon: device(SymbolKind.Object, (el) => at(el, 'model'), (el) => join(at(child(el, 'stats'), 'period') && `stats every ${at(child(el, 'stats'), 'period')} s`)),
  panic: device(SymbolKind.Object, (el) => at(el, 'model'), () => undefined),
  iommu: device(SymbolKind.Object, (el) => at(el, 'model'), () => undefined),
  vsock: device(SymbolKind.Object, (el) => at(el, 'model'), (el) => join(at(child(el, 'cid'), 'auto') === 'yes' ? 'cid auto' : at(child(el, 'cid'), 'address') && `cid ${at(child(el, 'cid'), 'address')}`)),
  redirdev: device(SymbolKind.Object, (el) => at(el, 'type'), (el) => join(at(el, 'bus'))),
  smartcard: device(SymbolKind.Object, (el) => at(el, 'mode'), (el) => join(at(el, 'type'))),
  hub: device(SymbolKind.Object, (el) => at(el, 'type'), () => undefined),
  shmem: device(SymbolKind.Object, (el) => at(el, 'name'), (el) => join(at(child(el, 'model'), 'type'), elementSize(child(el, 'size')))),
  crypto: device(SymbolKind.Object, (el) => at(el, 'model'), (el) => join(at(el, 'type'), at(child(el, 'backend'), 'model'))),
  pstore: device(SymbolKind.Object, (el) => at(el, 'backend'), (el) => join(at(child(el, 'path'), 'path') ?? text(child(el, 'path')), elementSize(child(el, 'size')))),
  lease: device(SymbolKind.Object, (el) => text(child(el, 'key')), (el) => join(text(child(el, 'lockspace')))),
  emulator: (el) => ({ name: 'emulator', detail: pathText(el), kind: SymbolKind.Object }),
};
for (const chardev of ['serial', 'console', 'parallel', 'channel']) {
  deviceNamers[chardev] = device(SymbolKind.Object, (el) => at(el, 'type'), chardevTarget);
}

// ---------------------------------------------------------------------------
// Anywhere: elements whose words do not depend on the document

const anywhere: Record<string, Namer> = {
  address: (el) => ({ name: 'address', detail: addressText(el), kind: SymbolKind.Field }),
  mac: (el) => ({ name: words('mac', at(el, 'address')), detail: undefined, kind: SymbolKind.Field }),
  mtu: (el) => ({ name: words('mtu', at(el, 'size')), detail: undefined, kind: SymbolKind.Field }),
  ip: (el) => ({ name: words('ip', ipText(el)), detail: join(at(el, 'family')), kind: SymbolKind.Namespace }),
  route: (el) => ({ name: words('route', ipText(el)), detail: at(el, 'gateway') && `via ${at(el, 'gateway')}`, kind: SymbolKind.Field }),
};

// A domain's sizes: the value with its unit, in the largest unit it is a whole number of.
for (const name of ['memory', 'currentMemory', 'maxMemory']) {
  anywhere[name] = (el) => (el.parent && !el.parent.parent ? { name, detail: elementSize(el), kind: SymbolKind.Number } : undefined);
}

// ---------------------------------------------------------------------------
// Other documents, by root ('' is the root itself)

const byteSize = (el: XmlElement | undefined) => (el ? sizeText(textContent(el), attributeValue(el, 'unit'), 1n) : undefined);
const byteSizeOf =
  (name: string): Namer =>
  (el) => ({ name, detail: byteSize(el), kind: SymbolKind.Number });

/** An IP network: 192.168.122.1/24 (prefix, or netmask turned into one). */
function ipText(el: XmlElement): string | undefined {
  const address = at(el, 'address');
  if (!address) return undefined;
  const prefix = at(el, 'prefix') ?? maskPrefix(at(el, 'netmask'));
  return prefix !== undefined ? `${address}/${prefix}` : address;
}

function maskPrefix(mask: string | undefined): string | undefined {
  if (!mask) return undefined;
  const parts = mask.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  const bits = parts.reduce((n, p) => n * 256 + p, 0).toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? String(bits.indexOf('0') < 0 ? 32 : bits.indexOf('0')) : undefined;
}

const named = (kind: SymbolKind, detail: (el: XmlElement) => string | undefined): Namer => (el) => ({ name: words(el.name, text(child(el, 'name'))), detail: detail(el), kind });

const byRoot: Record<string, Record<string, Namer>> = {
  domain: {
    os: (el) => {
      const type = child(el, 'type');
      return { name: 'os', detail: join(text(type), at(type, 'arch'), at(type, 'machine'), at(el, 'firmware')), kind: SymbolKind.Namespace };
    },
    devices: (el) => ({ name: 'devices', detail: countOf(el, '', 'device'), kind: SymbolKind.Namespace }),
  },
  network: {
    '': named(SymbolKind.Module, (el) => join(forwardMode(child(el, 'forward')), at(child(el, 'bridge'), 'name'))),
    forward: (el) => ({ name: words('forward', forwardMode(el)), detail: join(at(el, 'dev') && `dev ${at(el, 'dev')}`), kind: SymbolKind.Property }),
    dhcp: (el) => ({ name: 'dhcp', detail: join(countOf(el, 'range', 'range'), countOf(el, 'host', 'host')), kind: SymbolKind.Namespace }),
    range: (el) => ({ name: `range ${at(el, 'start') ?? '?'} – ${at(el, 'end') ?? '?'}`, detail: undefined, kind: SymbolKind.Field }),
    host: (el) => {
      if (el.parent?.name === 'dns') return { name: words('host', at(el, 'ip')), detail: join(...el.children.filter((c) => c.name === 'hostname').map(text)), kind: SymbolKind.Field };
      const who = at(el, 'name') ?? at(el, 'mac') ?? at(el, 'id');
      return { name: words('host', who), detail: join(at(el, 'name') ? at(el, 'mac') : undefined, at(el, 'ip') && `→ ${at(el, 'ip')}`), kind: SymbolKind.Field };
    },
    forwarder: (el) => ({ name: words('forwarder', at(el, 'addr') ?? at(el, 'domain')), detail: at(el, 'addr') ? at(el, 'domain') : undefined, kind: SymbolKind.Field }),
    portgroup: (el) => ({ name: words('portgroup', at(el, 'name')), detail: at(el, 'default') === 'yes' ? 'default' : undefined, kind: SymbolKind.Field }),
  },
  pool: {
    '': named(SymbolKind.Module, (el) => join(at(el, 'type'), pathText(child(el, 'target', 'path')))),
    target: (el) => ({ name: 'target', detail: pathText(child(el, 'path')), kind: SymbolKind.Namespace }),
    source: (el) => ({ name: 'source', detail: poolSource(el), kind: SymbolKind.Namespace }),
    host: (el) => ({ name: words('host', [at(el, 'name'), at(el, 'port')].filter(Boolean).join(':')), detail: undefined, kind: SymbolKind.Field }),
    capacity: byteSizeOf('capacity'),
    allocation: byteSizeOf('allocation'),
    available: byteSizeOf('available'),
  },
  volume: {
    '': named(SymbolKind.Module, (el) => join(byteSize(child(el, 'capacity')), at(child(el, 'target', 'format'), 'type'))),
    target: (el) => ({ name: 'target', detail: join(pathText(child(el, 'path')), at(child(el, 'format'), 'type')), kind: SymbolKind.Namespace }),
    backingStore: (el) => ({ name: 'backingStore', detail: join(pathText(child(el, 'path')), at(child(el, 'format'), 'type')), kind: SymbolKind.Namespace }),
    capacity: byteSizeOf('capacity'),
    allocation: byteSizeOf('allocation'),
    physical: byteSizeOf('physical'),
  },
  filter: {
    '': (el) => ({ name: words('filter', at(el, 'name')), detail: join(at(el, 'chain'), at(el, 'priority') && `priority ${at(el, 'priority')}`), kind: SymbolKind.Module }),
    rule: (el) => ({
      name: words('rule', at(el, 'action'), at(el, 'direction')),
      detail: join(el.children.map((c) => c.name).join(', '), at(el, 'priority') && `priority ${at(el, 'priority')}`),
      kind: SymbolKind.Field,
    }),
    // A rule's protocol element (tcp, mac, ip…): the matches it sets.
    ...Object.fromEntries(
      ['mac', 'vlan', 'stp', 'arp', 'rarp', 'ip', 'ipv6', 'tcp', 'udp', 'sctp', 'icmp', 'igmp', 'esp', 'ah', 'udplite', 'all'].flatMap((p) => [p, `${p}-ipv6`]).map((p): [string, Namer] => [
        p,
        (el) => (el.parent?.name === 'rule' ? { name: el.name, detail: short(el.attributes.map((x) => `${x.name}=${x.value ?? ''}`).join(' '), 50) || undefined, kind: SymbolKind.Field } : undefined),
      ]),
    ),
    filterref: (el) => ({ name: words('filterref', at(el, 'filter')), detail: join(...el.children.map((c) => at(c, 'name'))), kind: SymbolKind.Field }),
  },
  secret: {
    '': (el) => {
      const usage = child(el, 'usage');
      return {
        name: words('secret', at(usage, 'type'), text(child(usage, 'name')) ?? text(child(usage, 'volume')) ?? text(child(usage, 'target'))),
        detail: join(at(el, 'private') === 'yes' && 'private', at(el, 'ephemeral') === 'yes' && 'ephemeral'),
        kind: SymbolKind.Key,
      };
    },
  },
  interface: {
    '': (el) => ({ name: words('interface', at(el, 'name')), detail: join(at(el, 'type'), at(child(el, 'start'), 'mode')), kind: SymbolKind.Module }),
    protocol: (el) => ({ name: words('protocol', at(el, 'family')), detail: join(...el.children.map((c) => (c.name === 'ip' ? ipText(c) : c.name))), kind: SymbolKind.Namespace }),
  },
  device: {
    '': named(SymbolKind.Module, (el) => join(...el.children.filter((c) => c.name === 'capability').map((c) => at(c, 'type')))),
    capability: (el) => ({ name: words('capability', at(el, 'type')), detail: join(text(child(el, 'product')), text(child(el, 'interface')), text(child(el, 'block'))), kind: SymbolKind.Namespace }),
  },
  networkport: {
    '': (el) => ({ name: words('networkport', text(child(el, 'owner', 'name'))), detail: join(at(child(el, 'mac'), 'address'), words(at(child(el, 'plug'), 'type'), at(child(el, 'plug'), 'bridge') ?? at(child(el, 'plug'), 'dev'))), kind: SymbolKind.Module }),
  },
  capabilities: {
    '': (el) => ({ name: 'capabilities', detail: join(text(child(el, 'host', 'cpu', 'arch')), text(child(el, 'host', 'cpu', 'model'))), kind: SymbolKind.Module }),
    guest: (el) => ({ name: words('guest', text(child(el, 'os_type')), at(child(el, 'arch'), 'name')), detail: undefined, kind: SymbolKind.Namespace }),
  },
  domainCapabilities: {
    '': (el) => ({ name: 'domainCapabilities', detail: join(text(child(el, 'domain')), text(child(el, 'arch')), text(child(el, 'machine'))), kind: SymbolKind.Module }),
  },
};

function forwardMode(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  return at(el, 'mode') ?? 'nat';
}

/** "2 ranges": how many children called `name` (any, for '') `el` has; undefined for none. */
function countOf(el: XmlElement, name: string, word: string): string | undefined {
  const n = name ? el.children.filter((c) => c.name === name).length : el.children.length;
  return n ? `${n} ${word}${n === 1 ? '' : 's'}` : undefined;
}

/** A pool's source: the device, directory, host and name it reads, as written. */
function poolSource(el: XmlElement): string | undefined {
  const host = child(el, 'host');
  return join(
    pathAt(child(el, 'device'), 'path'),
    pathAt(child(el, 'dir'), 'path'),
    host && [at(host, 'name'), at(host, 'port')].filter(Boolean).join(':'),
    text(child(el, 'name')),
    at(child(el, 'format'), 'type'),
  );
}
