// The address and controller family: PCI ranges, slots, the machine's
// built-in devices, root controllers per machine, controller indexes, and the
// USB port tree. Settled on libvirt 11.3 (the differential corpus) and on
// libvirt's own qemuxmlconfdata cases.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codesOf, findingOf, findings, guest } from '../helpers/rules';
import { addressCodes } from '../../server/src/rules/addresses/codes';

const ours = codesOf(addressCodes);
const nic = (addr: string, mac = '57') => `<interface type='user'><mac address='52:54:00:12:34:${mac}'/><model type='virtio'/>${addr}</interface>`;
const pci = (bus: string, slot: string, fn = '0x0') => `<address type='pci' domain='0x0000' bus='${bus}' slot='${slot}' function='${fn}'/>`;

test('PCI fields out of range, in libvirt words', () => {
  assert.deepEqual(findings(guest(nic(pci('0x100', '0x05'))), ours), [['pci-address-range', '0x100']]);
  assert.equal(findingOf(guest(nic(pci('0x100', '0x05'))), 'pci-address-range').message, "Invalid PCI address bus='0x100', must be <= 0xFF");
  assert.deepEqual(findings(guest(nic(pci('0x00', '0x20'))), ours), [['pci-address-range', '0x20']]);
  assert.deepEqual(findings(guest(nic(pci('0x00', '0x05', '0x8'))), ours), [['pci-address-range', '0x8']]);
  // 00:00.x is "no address": libvirt assigns one.
  assert.deepEqual(findings(guest(nic(pci('0x00', '0x00', '0x2'))), ours), []);
});

test('double use, built-in devices, and a free slot as the fix', () => {
  const two = guest(`${nic(pci('0x00', '0x05'))}\n    ${nic(pci('0x00', '0x05'), '58')}`);
  assert.deepEqual(findings(two, ours), [['pci-address-duplicate', 'address']]);
  assert.equal(findingOf(two, 'pci-address-duplicate').message, 'Attempted double use of PCI Address 0000:00:05.0');
  const fixed = applyFix(two, 'pci-address-duplicate');
  assert.equal(fixed.preferred, "Change slot to '0x02'");
  assert.deepEqual(fixed.remaining.filter((c) => ours.has(c)), []);
  // q35's LPC, SATA and SMBus functions; i440fx's PIIX3 functions.
  for (const fn of ['0x0', '0x2', '0x3']) assert.deepEqual(findings(guest(nic(pci('0x00', '0x1f', fn))), ours), [['pci-address-duplicate', 'address']], fn);
  assert.deepEqual(findings(guest(nic(pci('0x00', '0x1f', '0x4'))), ours), []);
  assert.deepEqual(findings(guest(nic(pci('0x00', '0x01', '0x1')), { machine: 'pc' }).replace('<devices>', "<devices>\n    <controller type='ide' index='0'/>"), ours), [['pci-address-duplicate', 'address']]);
  assert.deepEqual(findings(guest(nic(pci('0x00', '0x01', '0x4')), { machine: 'pc' }), ours), []);
  // A root port has one slot; libvirt adds root ports for virtio devices on q35.
  assert.deepEqual(findings(guest(nic(pci('0x01', '0x01'))), ours), [['pci-address-slot', '0x01']]);
  assert.deepEqual(findings(guest(nic(pci('0x01', '0x00'))), ours), []);
});

test('root controller per machine, its index and address', () => {
  assert.deepEqual(findings(guest("<controller type='pci' index='0' model='pci-root'/>"), ours), [['pci-root-model', 'pci-root']]);
  assert.equal(applyFix(guest("<controller type='pci' index='0' model='pci-root'/>"), 'pci-root-model').preferred, "Change model to 'pcie-root'");
  assert.deepEqual(findings(guest("<controller type='pci' index='0' model='pcie-root'/>", { machine: 'pc' }), ours), [['pci-root-model', 'pcie-root']]);
  assert.deepEqual(findings(guest("<controller type='pci' index='7' model='pci-root'/>", { machine: 'pc' }), ours), [['pci-root-index', '7']]);
  assert.deepEqual(findings(guest(`<controller type='pci' index='0' model='pci-root'>${pci('0x00', '0x00')}</controller>`, { machine: 'pc' }), ours), [['pci-root-address', 'address']]);
  assert.deepEqual(findings(guest("<controller type='pci' index='1' model='pcie-expander-bus'/>", { machine: 'pc' }), ours), [['pci-expander-machine', 'pcie-expander-bus']]);
  assert.deepEqual(findings(guest("<controller type='pci' index='1' model='pci-expander-bus'/>"), ours), [['pci-expander-machine', 'pci-expander-bus']]);
  const dmi = guest(`<controller type='pci' index='1' model='pcie-root-port'/>\n    <controller type='pci' index='2' model='dmi-to-pci-bridge'>${pci('0x01', '0x00')}</controller>`);
  assert.deepEqual(findings(dmi, ours), [['pci-controller-placement', 'address']]);
  assert.match(findingOf(dmi, 'pci-controller-placement').message, /It requires a controller that accepts a dmi-to-pci-bridge\.$/);
});

test('controller indexes', () => {
  const two = guest("<controller type='scsi' index='0' model='virtio-scsi'/>\n    <controller type='scsi' index='0' model='virtio-scsi'/>");
  assert.deepEqual(findings(two, ours), [['controller-index-duplicate', '0']]);
  assert.equal(findingOf(two, 'controller-index-duplicate').message, "Multiple 'scsi' controllers with index '0'");
  assert.deepEqual(applyFix(two, 'controller-index-duplicate', "Change index to '1'").remaining.filter((c) => ours.has(c)), []);
  // USB companions share their master's index.
  assert.deepEqual(findings(guest("<controller type='usb' index='0' model='ich9-ehci1'/>\n    <controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>"), ours), []);
  assert.deepEqual(findings(guest("<controller type='usb' index='0' model='qemu-xhci'/>\n    <controller type='usb' index='0' model='ich9-ehci1'/>"), ours), [['usb-controller-duplicate', '0']]);
});

test('USB: model none, companions, xHCI ports, the port tree', () => {
  const none = "<controller type='usb' index='0' model='none'/>";
  assert.deepEqual(findings(guest(`${none}\n    <input type='tablet' bus='usb'/>`), ours), [['usb-disabled', 'usb']]);
  assert.deepEqual(findings(guest(`${none}\n    <hub type='usb'/>`), ours), [['usb-disabled', 'hub']]);
  assert.deepEqual(findings(guest(`${none}\n    <input type='mouse' bus='ps2'/>`), ours), []);
  assert.deepEqual(findings(guest("<controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>"), ours), [['usb-no-master', 'controller']]);
  assert.deepEqual(findings(guest("<controller type='usb' index='0' model='qemu-xhci' ports='16'/>"), ours), [['usb-xhci-ports', '16']]);
  assert.equal(applyFix(guest("<controller type='usb' index='0' model='qemu-xhci' ports='16'/>"), 'usb-xhci-ports').preferred, "Change ports to '15'");
  const xhci = "<controller type='usb' index='0' model='qemu-xhci'/>";
  const tablet = (port: string, bus = '0') => `<input type='tablet' bus='usb'><address type='usb' bus='${bus}' port='${port}'/></input>`;
  const hub = "<hub type='usb'><address type='usb' bus='0' port='1'/></hub>";
  assert.deepEqual(findings(guest(`${xhci}\n    ${tablet('5')}`), ours), [['usb-port-missing', '5']]);
  assert.equal(findingOf(guest(`${xhci}\n    ${tablet('5')}`), 'usb-port-missing').message, 'requested USB port 5 not present on USB bus 0');
  assert.deepEqual(findings(guest(`${xhci}\n    ${tablet('1.2')}`), ours), [['usb-port-missing', '1.2']]);
  assert.deepEqual(findings(guest(`${xhci}\n    ${hub}\n    ${tablet('1.2')}`), ours), []);
  assert.deepEqual(findings(guest(`${xhci}\n    ${hub}\n    ${tablet('1.9')}`), ours), [['usb-port-missing', '1.9']]);
  assert.deepEqual(findings(guest(`${xhci}\n    ${hub}\n    ${tablet('1')}`), ours), [['usb-address-duplicate', '1']]);
  assert.deepEqual(findings(guest(`${xhci}\n    ${tablet('1.1.1.1.1')}`), ours), [['usb-port-syntax', '1.1.1.1.1']]);
  assert.deepEqual(findings(guest(`${xhci}\n    <input type='tablet' bus='usb'><address type='usb' bus='1'/></input>`), ours), [['usb-bus-missing', '1']]);
  // i440fx's implicit piix3-uhci has two ports.
  assert.deepEqual(findings(guest(tablet('3'), { machine: 'pc' }), ours), [['usb-port-missing', '3']]);
  assert.deepEqual(findings(guest(tablet('2'), { machine: 'pc' }), ours), []);
});
