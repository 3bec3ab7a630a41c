// The host device family: duplicates, mediated devices, SCSI-only attributes,
// boot, SCSI guest addresses, CCW and zPCI. libvirt's own qemuxmlconfdata cases
// and the differential corpus settle each one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codesOf, findingOf, findings, guest } from '../helpers/rules';
import { hostdevCodes } from '../../server/src/rules/hostdevs/codes';

const ours = codesOf(hostdevCodes);
const pciHost = (bus: string, extra = '') => `<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='${bus}' slot='0x00' function='0x0'/></source>${extra}</hostdev>`;
const mdev = (attrs = '', extra = '', uuid = '53764d0e-85a0-42b4-af5c-2046b460b1dc', model = 'vfio-pci') =>
  `<hostdev mode='subsystem' type='mdev' model='${model}'${attrs}><source><address uuid='${uuid}'/></source>${extra}</hostdev>`;

test('duplicates by host source', () => {
  const two = guest(`${pciHost('0x06')}\n    ${pciHost('0x06')}`);
  assert.deepEqual(findings(two, ours), [['hostdev-duplicate', 'hostdev']]);
  assert.equal(findingOf(two, 'hostdev-duplicate').message, 'Hostdev already exists in the domain configuration');
  assert.deepEqual(applyFix(two, 'hostdev-duplicate', 'Remove this <hostdev>').remaining.filter((c) => ours.has(c)), []);
  assert.deepEqual(findings(guest(`${pciHost('0x06')}\n    ${pciHost('0x07')}`), ours), []);
  const usb = (d: string) => `<hostdev mode='subsystem' type='usb'><source><address bus='1' device='${d}'/></source></hostdev>`;
  assert.deepEqual(findings(guest(`${usb('2')}\n    ${usb('2')}`), ours), [['hostdev-duplicate', 'hostdev']]);
  assert.deepEqual(findings(guest(`${mdev()}\n    ${mdev()}`), ours), [['hostdev-duplicate', 'hostdev']]);
});

test('mediated devices: display, ramfb, address, uuid, boot', () => {
  assert.deepEqual(findings(guest(mdev(" display='on'")), ours), [['hostdev-display-graphics', 'on']]);
  assert.deepEqual(findings(guest(`${mdev(" display='on'")}\n    <graphics type='vnc'/>`), ours), []);
  assert.deepEqual(findings(guest(`${mdev(" display='on' ramfb='on'")}\n    ${mdev(" display='on' ramfb='on'", '', '53764d0e-85a0-42b4-af5c-2046b460b1dd')}\n    <graphics type='vnc'/>`), ours), [['hostdev-ramfb-twice', 'on']]);
  assert.deepEqual(findings(guest(mdev('', "<address type='drive' controller='0' bus='0' target='0' unit='1'/>")), ours), [['hostdev-mdev-address', 'drive']]);
  assert.deepEqual(findings(guest("<hostdev mode='subsystem' type='mdev' model='vfio-pci'><source><address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source></hostdev>"), ours), [['hostdev-mdev-uuid', 'address']]);
  const boot = guest(mdev('', "<boot order='1'/>", undefined, 'vfio-ap'));
  assert.deepEqual(findings(boot, ours), [['hostdev-boot', 'boot']]);
  assert.equal(findingOf(boot, 'hostdev-boot').message, 'booting from assigned devices is not supported by mediated devices of model vfio-ap');
});

test('SCSI host devices, rawio/sgio, CCW and zPCI', () => {
  const vhost = (attrs: string, extra = '') => `<hostdev mode='subsystem' type='scsi_host'${attrs}><source protocol='vhost' wwpn='naa.5123456789abcde0'/>${extra}</hostdev>`;
  assert.deepEqual(findings(guest(vhost(" rawio='yes'")), ours), [['hostdev-scsi-only', "rawio='yes'"]]);
  assert.deepEqual(findings(guest(vhost('', "<boot order='1'/>")), ours), [['hostdev-boot', 'boot']]);
  const scsi = (unit: string, drive: string) => `<hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host0'/><address bus='0' target='0' unit='${unit}'/></source><address type='drive' controller='0' bus='0' target='0' unit='${drive}'/></hostdev>`;
  assert.deepEqual(findings(guest(`${scsi('1', '0')}\n    ${scsi('2', '0')}`), ours), [['hostdev-scsi-address-duplicate', 'address']]);
  assert.deepEqual(findings(guest(`${scsi('1', '0')}\n    ${scsi('2', '1')}`), ours), []);
  const ccw = (uuid: string) => mdev('', "<address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0001'/>", uuid, 'vfio-ccw');
  const s390 = { arch: 's390x', machine: 's390-ccw-virtio', type: 'qemu', features: '' };
  assert.deepEqual(findings(guest(`${ccw('90c6c135-ad44-41d0-b1b7-bae47de48627')}\n    ${ccw('71b411af-5491-4100-b03e-0705e0b2eb27')}`, s390), ours), [['ccw-address-duplicate', 'address']]);
  assert.equal(findingOf(guest(`${ccw('90c6c135-ad44-41d0-b1b7-bae47de48627')}\n    ${ccw('71b411af-5491-4100-b03e-0705e0b2eb27')}`, s390), 'ccw-address-duplicate').message, "The CCW devno 'fe.0.0001' is in use already");
  const zpci = (uid: string) => `<interface type='user'><model type='virtio'/><address type='pci'><zpci uid='${uid}' fid='0x1'/></address></interface>`;
  assert.deepEqual(findings(guest(zpci('0x0000'), s390), ours), [['zpci-uid', '0x0000']]);
  assert.deepEqual(findings(guest(`${zpci('0x1234')}\n    ${zpci('0x1234')}`, s390), ours), [['zpci-uid', '0x1234']]);
  assert.equal(findingOf(guest(`${zpci('0x1234')}\n    ${zpci('0x1234')}`, s390), 'zpci-uid').message, 'zPCI uid 11064 is already reserved');
});
