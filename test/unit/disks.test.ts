// The disk family: target names, buses and drive addresses, formats, sources,
// authentication and encryption. Each refusal was run through libvirt 11.3
// (domxml-to-native; the differential corpus holds them), and the nearest
// documents libvirt accepts stay quiet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codesOf, findingOf, findings, guest } from '../helpers/rules';
import { diskCodes } from '../../server/src/rules/disks/codes';

const ours = codesOf(diskCodes);
const disk = (target: string, extra = '', attrs = "type='file' device='disk'", driver = "<driver name='qemu' type='qcow2'/>", source = "<source file='/var/lib/libvirt/images/a.img'/>") =>
  `<disk ${attrs}>\n      ${driver}\n      ${source}\n      ${target}${extra ? `\n      ${extra}` : ''}\n    </disk>`;

test('target names libvirt cannot read, partitions, wrong prefixes', () => {
  assert.deepEqual(findings(guest(disk("<target dev='hdaxxxxxxxxxx' bus='virtio'/>")), ours), [['disk-target-unknown', 'hdaxxxxxxxxxx']]);
  assert.deepEqual(findings(guest(disk("<target dev='foo' bus='virtio'/>")), ours), [['disk-target-unknown', 'foo']]);
  assert.deepEqual(findings(guest(disk("<target dev='vdb1' bus='virtio'/>")), ours), [['disk-target-partition', 'vdb1']]);
  assert.equal(findingOf(guest(disk("<target dev='vdb1' bus='virtio'/>")), 'disk-target-partition').message, "invalid disk target 'vdb1', partitions can't appear in disk targets");
  const fixed = applyFix(guest(disk("<target dev='vdb1' bus='virtio'/>")), 'disk-target-partition');
  assert.ok(fixed.after.includes("dev='vdb'"));
  assert.deepEqual(fixed.remaining.filter((c) => ours.has(c)), []);
  assert.deepEqual(findings(guest(disk("<target dev='fda' bus='virtio'/>")), ours), [['disk-target-prefix', 'fda']]);
  // With an address libvirt does not derive a drive index from the name.
  assert.deepEqual(findings(guest(disk("<target dev='foo' bus='virtio'/>", "<address type='pci' bus='0x00' slot='0x05'/>")), ours), [['disk-target-prefix', 'foo']]);
});

test('duplicate targets and drive addresses, with a free name as the fix', () => {
  const two = guest(`${disk("<target dev='vdb' bus='virtio'/>")}\n    ${disk("<target dev='vdb' bus='virtio'/>")}`);
  assert.deepEqual(findings(two, ours), [['disk-target-duplicate', 'vdb']]);
  assert.match(findingOf(two, 'disk-target-duplicate').message, /^target 'vdb' duplicated for disk sources '\/var\/lib\/libvirt\/images\/a.img' and /);
  const fixed = applyFix(two, 'disk-target-duplicate');
  assert.equal(fixed.preferred, "Change dev to 'vda'");
  assert.deepEqual(fixed.remaining.filter((c) => ours.has(c)), []);
  const conflict = guest(`${disk("<target dev='sda' bus='sata'/>")}\n    ${disk("<target dev='sdb' bus='sata'/>", "<address type='drive' controller='0' bus='0' target='0' unit='0'/>")}`);
  assert.deepEqual(findings(conflict, ours), [['disk-drive-address-duplicate', 'address']]);
  assert.equal(findingOf(conflict, 'disk-drive-address-duplicate').message, "Found duplicate drive address for disk with target name 'sda' controller='0' bus='0' target='0' unit='0'");
  // Different buses do not collide; sdb derives unit 1.
  assert.deepEqual(findings(guest(`${disk("<target dev='sda' bus='sata'/>")}\n    ${disk("<target dev='sdb' bus='sata'/>")}`), ours), []);
});

test('bus against address and device', () => {
  assert.deepEqual(findings(guest(disk("<target dev='sdb' bus='sata'/>", "<address type='pci' bus='0x00' slot='0x07'/>")), ours), [['disk-address-bus', 'pci']]);
  assert.deepEqual(findings(guest(disk("<target dev='vdb' bus='virtio'/>", "<address type='drive' controller='0' bus='0' target='0' unit='1'/>")), ours), [['disk-virtio-address', 'address']]);
  assert.deepEqual(findings(guest(disk("<target dev='vdb' bus='virtio'/>", '<readonly/>', "type='file' device='cdrom'")), ours), [['disk-bus-device', 'virtio']]);
  assert.deepEqual(findings(guest(disk("<target dev='fda' bus='fdc'/>", '', "type='file' device='cdrom'")), ours), [['disk-bus-device', 'fdc']]);
  assert.deepEqual(findings(guest(disk("<target dev='sdb' bus='sata'/>", '', "type='block' device='lun'", "<driver name='qemu' type='raw'/>", "<source dev='/dev/sdz'/>")), ours), [['disk-bus-device', 'sata']]);
  assert.deepEqual(findings(guest(disk("<target dev='sdb' bus='usb'/>", '<readonly/>', "type='file' device='cdrom'", "<driver name='qemu' type='raw'/>", '')), ours), [['disk-usb-empty', 'disk']]);
  assert.deepEqual(findings(guest(disk("<target dev='sdb' bus='usb'/>", "<address type='pci' bus='0x00' slot='0x06'/>")), ours), [['disk-usb-address', 'pci']]);
  assert.deepEqual(findings(guest(disk("<target dev='sdb' bus='usb'/>", "<address type='usb' bus='0' port='2'/>")), ours), []);
});

test('formats, shared access, lun sources, vendor and product', () => {
  const fmt = (f: string, extra = '') => guest(disk("<target dev='vdb' bus='virtio'/>", extra, "type='file' device='disk'", `<driver name='qemu' type='${f}'/>`));
  assert.deepEqual(findings(fmt('iso'), ours), [['disk-format-unsupported', 'iso']]);
  assert.equal(applyFix(fmt('iso'), 'disk-format-unsupported').preferred, "Change type to 'raw'");
  assert.deepEqual(findings(fmt('cow'), ours), [['disk-format-unsupported', 'cow']]);
  assert.deepEqual(findings(fmt('qcow2', '<shareable/>'), ours), [['disk-shared-format', 'qcow2']]);
  assert.deepEqual(findings(fmt('raw', '<shareable/>'), ours), []);
  assert.deepEqual(findings(fmt('qcow2', '<shareable/>\n      <readonly/>'), ours), []);
  assert.deepEqual(findings(guest(disk("<target dev='vdb' bus='virtio'/>", '', "type='file' device='lun'")), ours), [['disk-lun-source', 'lun']]);
  assert.deepEqual(findings(guest(disk("<target dev='vdb' bus='virtio'/>", '<vendor>SEAGATE</vendor>')), ours), [['disk-vendor-bus', 'vendor']]);
  assert.deepEqual(findings(guest(disk("<target dev='sdb' bus='scsi'/>", '<product>12345678901234567</product>')), ours), [['disk-vpd-length', 'product']]);
  assert.deepEqual(findings(guest(disk("<target dev='sdb' bus='sata'/>", '<product>12345678901234567</product>')), ours), []);
});

test('network sources, secrets, encryption', () => {
  const net = (proto: string, hosts: number, auth = '') =>
    guest(`<disk type='network' device='disk'>\n      <driver name='qemu' type='raw'/>\n      <source protocol='${proto}' name='iqn.2000-01.x:1'>${"<host name='h'/>".repeat(hosts)}${auth}</source>\n      <target dev='vdb' bus='virtio'/>\n    </disk>`);
  assert.deepEqual(findings(net('iscsi', 0), ours), [['disk-iscsi-hosts', 'source']]);
  assert.deepEqual(findings(net('iscsi', 2), ours), [['disk-iscsi-hosts', 'source']]);
  assert.deepEqual(findings(net('iscsi', 1), ours), []);
  assert.deepEqual(findings(net('sheepdog', 1), ours), [['disk-sheepdog', 'sheepdog']]);
  assert.deepEqual(findings(net('iscsi', 1, "<auth username='u'><secret type='ceph' usage='x'/></auth>"), ours), [['disk-secret-type', 'ceph']]);
  assert.equal(applyFix(net('iscsi', 1, "<auth username='u'><secret type='ceph' usage='x'/></auth>"), 'disk-secret-type').preferred, "Change type to 'iscsi'");
  assert.deepEqual(findings(net('iscsi', 1, "<auth username='u'><secret usage='x'/></auth>"), ours), [['disk-secret-type', 'secret']]);
  const luks = (fmt: string, cipher: string) =>
    guest(disk("<target dev='vdb' bus='virtio'/>", '', "type='file' device='disk'", `<driver name='qemu' type='${fmt}'/>`, `<source file='/e.img'><encryption format='luks'><secret type='passphrase' uuid='0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f'/>${cipher}</encryption></source>`));
  assert.deepEqual(findings(luks('vmdk', ''), ours), [['disk-encryption-format', 'vmdk']]);
  assert.deepEqual(findings(luks('raw', "<cipher name='aes' size='256'/>"), ours), [['disk-luks-cipher', 'cipher']]);
  assert.deepEqual(applyFix(luks('raw', "<cipher name='aes' size='256'/>"), 'disk-luks-cipher').remaining.filter((c) => ours.has(c)), []);
  assert.deepEqual(findings(luks('qcow2', ''), ours), []);
});

test('quiet on ordinary disks, and outside the QEMU driver for its own rules', () => {
  for (const text of [
    guest(`${disk("<target dev='vdb' bus='virtio'/>")}\n    ${disk("<target dev='sdb' bus='sata'/>", '<readonly/>', "type='file' device='cdrom'")}`),
    guest(disk("<target dev='vdaa' bus='virtio'/>")),
    guest(disk("<target dev='hda' bus='ide'/>"), { machine: 'pc' }),
    guest(disk("<target dev='fda'/>", '', "type='file' device='floppy'", "<driver name='qemu' type='raw'/>"), { machine: 'pc' }),
  ]) {
    assert.deepEqual(findings(text, ours), [], text);
  }
  // The format rules are the QEMU driver's: a Xen domain is left alone.
  assert.deepEqual(findings(guest(disk("<target dev='vdb' bus='virtio'/>", '', "type='file' device='disk'", "<driver name='qemu' type='iso'/>"), { type: 'xen' }), ours), []);
});
