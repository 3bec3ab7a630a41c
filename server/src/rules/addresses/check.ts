// Rule family: device addresses and controllers. PCI: field ranges
// (virpci.c), slots per bus and the controller topology (domain_addr.c),
// addresses taken twice or by the machine's built-in devices
// (qemu_domain_address.c), root controller per machine and index rules
// (qemu_postparse.c, domain_postparse.c, domain_validate.c). USB: model
// 'none', companions, xHCI port counts, and the port tree of controllers and
// hubs as libvirt's USB address set builds it (domain_addr.c).

import { attributeValue, firstChild, getAttribute, type XmlElement } from '../../xml/nodes';
import { domainFacts } from '../../domain/facts';
import { domainDevices, parseUIntBase, type Controller, type Device, type DomainDevices, type PciAddress } from '../../domain/devices';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { changeValueFix, fix, nameRange, removeElementFix, report, reporter, setAttribute, valueRange, type Reporter } from '../kit';
import type { AddressCode } from './codes';

type R = Reporter<AddressCode>;

export function checkAddresses(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: R = reporter(ctx.doc.xml.text);
  if (!facts.isDomain) return r.out;
  const devs = domainDevices(ctx.doc);
  const machine = machineKind(ctx, devs);
  checkControllers(r, devs, machine);
  if (facts.qemuDriver) {
    checkPci(r, devs, machine);
    checkUsb(r, devs, machine);
  }
  return r.out;
}

type MachineKind = 'i440fx' | 'q35' | 'armvirt' | 'riscvvirt' | 'pseries' | 'other' | 'unknown';

function machineKind(ctx: RuleContext, devs: DomainDevices): MachineKind {
  const facts = domainFacts(ctx.doc);
  const m = facts.machine;
  if (m === undefined) return 'unknown';
  if (devs.i440fx) return 'i440fx';
  if (facts.q35) return 'q35';
  if ((devs.arch === 'aarch64' || devs.arch.startsWith('arm')) && (m === 'virt' || m.startsWith('virt-'))) return 'armvirt';
  if (devs.arch.startsWith('riscv') && (m === 'virt' || m.startsWith('virt-'))) return 'riscvvirt';
  if (devs.pseries) return 'pseries';
  return 'other';
}

/** libvirt's address string: dddd:bb:ss.f. */
function pciString(a: PciAddress): string {
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${h(a.domain, 4)}:${h(a.bus, 2)}:${h(a.slot, 2)}.${a.function}`;
}

/** libvirt's virPCIDeviceAddressIsEmpty: domain, bus and slot all 0 (the function does not count) means "assign one". */
const isEmpty = (a: PciAddress) => a.domain === 0 && a.bus === 0 && a.slot === 0;

function checkControllers(r: R, devs: DomainDevices, machine: MachineKind): void {
  const byType = new Map<string, Map<number, Controller>>();
  let indexesOf: Map<string, Set<number | undefined>> | undefined;
  for (const c of devs.controllers) {
    if (c.type === undefined || c.type === 'usb' || c.index === undefined) continue;
    let seen = byType.get(c.type);
    if (!seen) byType.set(c.type, (seen = new Map()));
    if (seen.has(c.index)) {
      const attr = getAttribute(c.el, 'index')!;
      let free = 0;
      const taken = (indexesOf ??= new Map()).get(c.type) ?? new Set(devs.controllers.filter((o) => o.type === c.type).map((o) => o.index));
      indexesOf.set(c.type, taken);
      while (taken.has(free)) free++;
      report(r, 'controller-index-duplicate', valueRange(attr), `Multiple '${c.type}' controllers with index '${c.index}'`, [changeValueFix(attr, String(free))]);
    } else seen.set(c.index, c);
  }
  for (const c of devs.controllers) {
    if (c.type !== 'pci') continue;
    const modelAttr = getAttribute(c.el, 'model');
    if ((c.model === 'pci-root' || c.model === 'pcie-root') && c.index !== undefined && c.index !== 0 && machine !== 'pseries' && !(devs.arch.startsWith('ppc64'))) {
      report(r, 'pci-root-index', valueRange(getAttribute(c.el, 'index')!), 'pci-root and pcie-root controllers should have index 0', [changeValueFix(getAttribute(c.el, 'index')!, '0')]);
    }
    if ((c.model === 'pci-root' || c.model === 'pcie-root') && c.address) {
      report(r, 'pci-root-address', nameRange(c.address), 'pci-root and pcie-root controllers should not have an address', [removeElementFix(r.text, c.address, undefined, true)]);
    }
    if (c.index === 0 && modelAttr && c.model !== undefined) {
      const want = machine === 'i440fx' || machine === 'pseries' ? 'pci-root' : machine === 'q35' || machine === 'armvirt' || machine === 'riscvvirt' ? 'pcie-root' : undefined;
      if (want && c.model !== want) {
        report(r, 'pci-root-model', valueRange(modelAttr), `The PCI controller with index='0' must be model='${want}' for this machine type, but model='${c.model}' was found instead`, [changeValueFix(modelAttr, want, true)]);
      }
    }
    if (modelAttr && c.model === 'pci-expander-bus' && machine !== 'unknown' && machine !== 'i440fx') {
      report(r, 'pci-expander-machine', valueRange(modelAttr), 'pci-expander-bus controllers are only supported on 440fx-based machinetypes');
    }
    if (modelAttr && c.model === 'pcie-expander-bus' && machine !== 'unknown' && machine !== 'q35' && machine !== 'armvirt') {
      report(r, 'pci-expander-machine', valueRange(modelAttr), 'pcie-expander-bus controllers are not supported with this machine type');
    }
  }
}

/** What a PCI controller of each model is, when plugged in (libvirt's connect type names). */
const connectOf: Readonly<Record<string, string>> = {
  'pci-bridge': 'pci-bridge',
  'pci-expander-bus': 'pci-expander-bus',
  'pcie-expander-bus': 'pcie-expander-bus',
  'pcie-root-port': 'pcie-root-port',
  'pcie-switch-upstream-port': 'pcie-switch-upstream-port',
  'pcie-switch-downstream-port': 'pcie-switch-downstream-port',
  'dmi-to-pci-bridge': 'dmi-to-pci-bridge',
  'pcie-to-pci-bridge': 'pcie-to-pci-bridge',
};

const placementChecked = new Set(['pci-expander-bus', 'pcie-expander-bus', 'dmi-to-pci-bridge']);

/** The controllers each bus model accepts, and its slot range (domain_addr.c virDomainPCIAddressBusSetModel). */
const busModels: Readonly<Record<string, { accepts: readonly string[]; minSlot: number; maxSlot: number }>> = {
  'pci-root': { accepts: ['pci-bridge', 'pci-expander-bus'], minSlot: 1, maxSlot: 31 },
  'pci-bridge': { accepts: ['pci-bridge'], minSlot: 1, maxSlot: 31 },
  'pci-expander-bus': { accepts: ['pci-bridge'], minSlot: 0, maxSlot: 31 },
  'pcie-root': { accepts: ['pcie-root-port', 'dmi-to-pci-bridge', 'pcie-expander-bus'], minSlot: 1, maxSlot: 31 },
  'dmi-to-pci-bridge': { accepts: ['pci-bridge'], minSlot: 0, maxSlot: 31 },
  'pcie-to-pci-bridge': { accepts: ['pci-bridge'], minSlot: 1, maxSlot: 31 },
  'pcie-root-port': { accepts: ['pcie-switch-upstream-port', 'pcie-to-pci-bridge'], minSlot: 0, maxSlot: 0 },
  'pcie-switch-downstream-port': { accepts: ['pcie-switch-upstream-port', 'pcie-to-pci-bridge'], minSlot: 0, maxSlot: 0 },
  'pcie-switch-upstream-port': { accepts: ['pcie-switch-downstream-port'], minSlot: 0, maxSlot: 31 },
};

function checkPci(r: R, devs: DomainDevices, machine: MachineKind): void {
  const pciControllers = devs.controllers.filter((c) => c.type === 'pci' && c.index !== undefined);
  const busModel = (bus: number): string | undefined => {
    const c = pciControllers.find((x) => x.index === bus);
    if (c) return c.model;
    if (bus === 0) return machine === 'i440fx' ? 'pci-root' : machine === 'q35' ? 'pcie-root' : undefined;
    return undefined;
  };
  /** A virtio PCIe endpoint: on q35, libvirt plugs a bus it has to add for one into a new pcie-root-port. */
  const virtioEndpoint = (d: Device) =>
    (d.kind === 'interface' && /^virtio/.test(attributeValue(firstChild(d.el, 'model') ?? d.el, 'type') ?? '')) ||
    (d.kind === 'disk' && attributeValue(firstChild(d.el, 'target') ?? d.el, 'bus') === 'virtio');
  const used = new Map<string, Device>();
  for (const d of devs.all) {
    // A <console> for serial 0 is the same device as that <serial> (libvirt shares one definition).
    if (d.addressType !== 'pci' || !d.address || d.kind === 'console') continue;
    const a = d.pci;
    if (!a) continue;
    const addr = d.address;
    const attr = (name: string) => getAttribute(addr, name);
    if (a.bus > 0xff) {
      report(r, 'pci-address-range', valueRange(attr('bus')!), `Invalid PCI address bus='0x${a.bus.toString(16)}', must be <= 0xFF`);
      continue;
    }
    if (a.slot > 0x1f) {
      report(r, 'pci-address-range', valueRange(attr('slot')!), `Invalid PCI address slot='0x${a.slot.toString(16)}', must be <= 0x1F`);
      continue;
    }
    if (a.function > 7) {
      report(r, 'pci-address-range', valueRange(attr('function')!), `Invalid PCI address function=0x${a.function.toString(16)}, must be <= 7`);
      continue;
    }
    if (isEmpty(a)) continue; // an all-zero address means "assign one"
    if (d.kind === 'controller' && (attributeValue(d.el, 'model') === 'pci-root' || attributeValue(d.el, 'model') === 'pcie-root')) continue;
    if (a.domain !== 0 && (machine === 'i440fx' || machine === 'q35')) {
      report(r, 'pci-address-domain', valueRange(attr('domain')!), `Invalid PCI address ${pciString(a)}. Only PCI domain 0 is available`);
      continue;
    }
    const model = busModel(a.bus) ?? (machine === 'q35' && a.bus > 0 && virtioEndpoint(d) ? 'pcie-root-port' : undefined);
    const bus = model ? busModels[model] : undefined;
    if (bus && (machine === 'i440fx' || machine === 'q35')) {
      if (a.slot < bus.minSlot || a.slot > bus.maxSlot) {
        const slotAttr = attr('slot');
        report(r, 'pci-address-slot', slotAttr ? valueRange(slotAttr) : nameRange(addr), `Invalid PCI address ${pciString(a)}. slot must be ${a.slot < bus.minSlot ? '>=' : '<='} ${a.slot < bus.minSlot ? bus.minSlot : bus.maxSlot}`);
        continue;
      }
      // Only the controller kinds whose placement libvirt's own cases settle (expander buses, the DMI bridge).
      const connect = d.kind === 'controller' && d.type === 'pci' ? connectOf[attributeValue(d.el, 'model') ?? ''] : undefined;
      if (connect && placementChecked.has(connect) && !bus.accepts.includes(connect)) {
        report(
          r,
          'pci-controller-placement',
          nameRange(addr),
          `The device at PCI address ${pciString(a)} cannot be plugged into the PCI controller with index='${a.bus}'. It requires a controller that accepts a ${connect}.`,
        );
        continue;
      }
    }
    const key = pciString(a);
    if (used.has(key)) {
      // A fix per finding costs a scan of the addresses: offer it on the first few only.
      const fixes = r.out.length < 64 ? freeSlotFix(addr, a, used, devs, machine) : [];
      report(r, 'pci-address-duplicate', nameRange(addr), `Attempted double use of PCI Address ${key}`, fixes);
    } else used.set(key, d);
  }
  // The machine's built-in devices, reserved after the written addresses.
  for (const a of builtIn(devs, machine)) {
    const key = pciString(a);
    const d = used.get(key);
    if (d?.address) report(r, 'pci-address-duplicate', nameRange(d.address), `Attempted double use of PCI Address ${key}`, freeSlotFix(d.address, a, used, devs, machine));
  }
}

/** The addresses the machine's integrated devices take (qemuDomainValidateDevicePCISlotsPIIX3/Q35). */
function builtIn(devs: DomainDevices, machine: MachineKind): PciAddress[] {
  const at = (slot: number, fn: number): PciAddress => ({ domain: 0, bus: 0, slot, function: fn, multifunction: false });
  const controller = (type: string, index: number) => devs.controllers.find((c) => c.type === type && c.index === index);
  if (machine === 'i440fx') {
    const out = [at(1, 0), at(1, 3)];
    const ide = controller('ide', 0);
    const ideImplicit = !ide && devs.disks.some((d) => d.effectiveBus === 'ide');
    if ((ide && !ide.address) || ideImplicit) out.push(at(1, 1));
    const usb = controller('usb', 0);
    if (!usb || (!usb.address && (usb.model === undefined || usb.model === 'piix3-uhci'))) out.push(at(1, 2));
    return out;
  }
  if (machine === 'q35') {
    const out = [at(0x1f, 0), at(0x1f, 3)];
    const sata = controller('sata', 0);
    if (!sata || !sata.address) out.push(at(0x1f, 2));
    return out;
  }
  return [];
}

/** "Move it to a free slot": the first slot of the same bus no device and no built-in device uses. */
function freeSlotFix(addr: XmlElement, a: PciAddress, used: Map<string, Device>, devs: DomainDevices, machine: MachineKind) {
  if (machine !== 'i440fx' && machine !== 'q35') return [];
  const taken = new Set([...used.keys(), ...builtIn(devs, machine).map(pciString)]);
  const slotsInUse = new Set([...taken].filter((k) => k.startsWith(pciString(a).slice(0, 8))).map((k) => parseInt(k.slice(8, 10), 16)));
  const busModel = a.bus === 0 ? (machine === 'i440fx' ? 'pci-root' : 'pcie-root') : devs.controllers.find((c) => c.type === 'pci' && c.index === a.bus)?.model;
  const range = busModel ? busModels[busModel] : undefined;
  if (!range) return [];
  // Slots 1 and 2 of i440fx and 1 of q35 are where libvirt puts the primary video; leave them.
  const start = Math.max(range.minSlot, a.bus === 0 ? (machine === 'i440fx' ? 3 : 2) : range.minSlot);
  for (let s = start; s <= range.maxSlot; s++) {
    if (slotsInUse.has(s)) continue;
    const hex = `0x${s.toString(16).padStart(2, '0')}`;
    const edits = [setAttribute(addr, 'slot', hex)];
    if (a.function !== 0) edits.push(setAttribute(addr, 'function', '0x0'));
    return [fix(`Change slot to '${hex}'${a.function !== 0 ? " and function to '0x0'" : ''}`, edits, true)];
  }
  return [];
}

/** A USB hub or controller port tree node: its port count (undefined = unknown) and the hubs plugged into it. */
interface Hub {
  ports: number | undefined;
  hubs: Map<number, Hub>;
  taken: Set<number>;
}

/** libvirt's port count per USB controller model (virDomainUSBAddressControllerModelToPorts). */
function usbPorts(c: Controller, machine: MachineKind): number | undefined {
  const model = c.model;
  const ports = parseUIntBase(attributeValue(c.el, 'ports'), 10);
  switch (model) {
    case undefined:
      return machine === 'i440fx' ? 2 : undefined;
    case 'piix3-uhci':
    case 'piix4-uhci':
    case 'vt82c686b-uhci':
      return 2;
    case 'ehci':
    case 'ich9-ehci1':
      return 6;
    case 'ich9-uhci1':
    case 'ich9-uhci2':
    case 'ich9-uhci3':
      return 0;
    case 'pci-ohci':
      return 3;
    case 'nec-xhci':
    case 'qemu-xhci':
      return ports ?? 4;
    case 'qusb1':
    case 'qusb2':
      return ports ?? 8;
    default:
      return undefined;
  }
}

/** A USB port path as libvirt reads it (up to 4 levels of unsigned numbers); undefined when it does not parse. */
function parsePort(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length > 4 && !(parts.length === 5 && parts[4] === '')) return undefined;
  const out: number[] = [];
  for (const [i, p] of parts.entries()) {
    if (p === '' && i === parts.length - 1 && i > 0) break; // a trailing '.' is read as the end
    const n = parseUIntBase(p, 10);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out.length <= 4 ? out : undefined;
}

function checkUsb(r: R, devs: DomainDevices, machine: MachineKind): void {
  const usbControllers = devs.controllers.filter((c) => c.type === 'usb');
  const none = usbControllers.find((c) => c.model === 'none');
  if (none) {
    for (const c of usbControllers) {
      if (c !== none) report(r, 'usb-disabled', nameRange(c.el), "Can't add another USB controller: USB is disabled for this domain");
    }
    for (const h of devs.ofKind('hub')) if (h.type === 'usb') report(r, 'usb-disabled', nameRange(h.el), "Can't add USB hub: USB is disabled for this domain");
    for (const i of devs.ofKind('input')) if (attributeValue(i.el, 'bus') === 'usb') report(r, 'usb-disabled', valueRange(getAttribute(i.el, 'bus')!), "Can't add USB input device. USB bus is disabled");
    return;
  }
  if (usbControllers.length > 0 && usbControllers.every((c) => firstChild(c.el, 'master'))) {
    report(r, 'usb-no-master', nameRange(usbControllers[0].el), 'No master USB controller specified');
  }
  for (const c of usbControllers) {
    const ports = getAttribute(c.el, 'ports');
    const n = parseUIntBase(attributeValue(c.el, 'ports'), 10);
    if (ports && n !== undefined && n > 15 && (c.model === 'nec-xhci' || c.model === 'qemu-xhci')) {
      report(r, 'usb-xhci-ports', valueRange(ports), `'${c.model}' controller only supports up to '15' ports`, [changeValueFix(ports, '15', true)]);
    }
  }
  // The buses: each USB controller index (companions share their master's); the implicit one when none has index 0.
  // Controllers without an index get one from libvirt (the lowest free per model group): too much to mirror here.
  if (usbControllers.length > 1 && usbControllers.some((c) => !c.indexWritten)) return;
  const buses = new Map<number, Hub>();
  const masters = new Set<number>();
  for (const c of usbControllers) {
    const idx = c.indexWritten ? c.index : 0;
    if (idx === undefined) return; // an index libvirt refuses: the parser speaks
    const ports = usbPorts(c, machine);
    if (ports === 0) {
      if (!buses.has(idx)) buses.set(idx, { ports: undefined, hubs: new Map(), taken: new Set() });
      continue;
    }
    // Companions (0 ports) share their master's index; two controllers with ports may not.
    if (masters.has(idx) && c.model !== undefined) {
      report(r, 'usb-controller-duplicate', c.indexWritten ? valueRange(getAttribute(c.el, 'index')!) : nameRange(c.el), `Duplicate USB controllers with index ${idx}`);
    }
    masters.add(idx);
    buses.set(idx, { ports, hubs: new Map(), taken: new Set() });
  }
  if (!buses.has(0) && (machine === 'i440fx' || machine === 'q35')) buses.set(0, { ports: machine === 'i440fx' ? 2 : undefined, hubs: new Map(), taken: new Set() });
  const withUsb = devs.all.filter((d) => d.addressType === 'usb' && d.address && d.kind !== 'console');
  // Hubs first, in document order (libvirt adds hubs before reserving other devices' ports).
  const ordered = [...withUsb.filter((d) => d.kind === 'hub'), ...withUsb.filter((d) => d.kind !== 'hub')];
  for (const d of ordered) {
    const addr = d.address!;
    const busText = attributeValue(addr, 'bus');
    const bus = busText === undefined ? 0 : parseUIntBase(busText, 10);
    const portAttr = getAttribute(addr, 'port');
    const portText = attributeValue(addr, 'port');
    if (bus === undefined) continue;
    let path: number[] | undefined;
    if (portText !== undefined) {
      path = parsePort(portText);
      if (!path) {
        report(r, 'usb-port-syntax', valueRange(portAttr!), "Cannot parse <address> 'port' attribute");
        continue;
      }
    }
    const root = buses.get(bus);
    const busRange = getAttribute(addr, 'bus') ? valueRange(getAttribute(addr, 'bus')!) : nameRange(addr);
    if (!path || path.length === 0 || path[0] === 0) {
      if (!root && (buses.size > 0 || machine === 'i440fx' || machine === 'q35')) {
        report(r, 'usb-bus-missing', busRange, `USB bus ${bus} requested but no controller with that index is present`);
      }
      continue;
    }
    if (!root) {
      if (buses.size > 0 || machine === 'i440fx' || machine === 'q35') report(r, 'usb-bus-missing', busRange, `Missing USB bus ${bus}`);
      continue;
    }
    const portStr = path.join('.');
    let hub: Hub | undefined = root;
    let failed = false;
    for (let i = 0; i < path.length - 1; i++) {
      const p = path[i];
      if (hub.ports !== undefined && p - 1 >= hub.ports) {
        report(r, 'usb-port-missing', valueRange(portAttr!), `port ${p} out of range in USB address bus: ${bus} port: ${portStr}`);
        failed = true;
        break;
      }
      const next: Hub | undefined = hub.hubs.get(p);
      if (!next) {
        report(r, 'usb-port-missing', valueRange(portAttr!), `there is no hub at port ${p} in USB address bus: ${bus} port: ${portStr}`);
        failed = true;
        break;
      }
      hub = next;
    }
    if (failed) continue;
    const last = path[path.length - 1];
    if (hub.ports !== undefined && last - 1 >= hub.ports) {
      report(r, 'usb-port-missing', valueRange(portAttr!), `requested USB port ${portStr} not present on USB bus ${bus}`);
      continue;
    }
    if (hub.taken.has(last)) {
      report(r, 'usb-address-duplicate', valueRange(portAttr!), `Duplicate USB address bus ${bus} port ${portStr}`);
      continue;
    }
    hub.taken.add(last);
    if (d.kind === 'hub' && d.type === 'usb') hub.hubs.set(last, { ports: 8, hubs: new Map(), taken: new Set() });
  }
}

