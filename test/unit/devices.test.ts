// The device family: video, graphics, TPM, character devices, shared memory,
// IOMMU, panic, input, controller iothreads, virtiofs boot. Each refusal is one
// of libvirt's own cases or was run through libvirt 11.3.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codesOf, findingOf, findings, guest } from '../helpers/rules';
import { deviceCodes } from '../../server/src/rules/devices/codes';

const ours = codesOf(deviceCodes);

test('video', () => {
  assert.deepEqual(findings(guest("<video><model type='virtio' primary='yes'/></video>\n    <video><model type='qxl' primary='yes'/></video>"), ours), [['video-primary-twice', "primary='yes'"]]);
  assert.deepEqual(findings(guest("<video><model type='none'/></video>\n    <video><model type='vga'/></video>"), ours), [['video-none-alone', 'none']]);
  assert.deepEqual(findings(guest("<video><model type='ramfb'/><address type='pci' bus='0x00' slot='0x05'/></video>"), ours), [['video-ramfb-address', 'address']]);
  assert.deepEqual(findings(guest("<video><model type='virtio' primary='yes'/></video>\n    <video><model type='vga'/></video>"), ours), [['video-secondary-type', 'vga']]);
  assert.deepEqual(findings(guest("<video><model type='vga' ram='65536'/></video>"), ours), [['video-qxl-only', "ram='65536'"]]);
  assert.deepEqual(findings(guest("<video><model type='virtio' primary='yes'/></video>\n    <video><model type='qxl'/></video>"), ours), []);
});

test('graphics pairing and TPM', () => {
  assert.deepEqual(findings(guest("<graphics type='sdl' display=':0'/>\n    <graphics type='egl-headless'/>"), ours), [['graphics-egl-headless', 'sdl']]);
  assert.deepEqual(findings(guest("<graphics type='spice'><gl enable='yes'/></graphics>\n    <graphics type='egl-headless'/>"), ours), [['graphics-egl-headless', 'gl']]);
  assert.deepEqual(findings(guest("<graphics type='vnc'/>\n    <graphics type='egl-headless'/>"), ours), []);
  assert.deepEqual(findings(guest("<tpm model='tpm-tis'></tpm>"), ours), [['tpm-backend-missing', 'tpm']]);
  assert.deepEqual(findings(guest("<tpm model='tpm-tis'><backend type='emulator'/></tpm>\n    <tpm model='tpm-crb'><backend type='emulator'/></tpm>"), ours), [['tpm-twice', 'tpm']]);
  const old = guest("<tpm model='tpm-crb'><backend type='emulator' version='1.2'/></tpm>");
  assert.deepEqual(findings(old, ours), [['tpm-version-model', '1.2']]);
  assert.equal(applyFix(old, 'tpm-version-model').preferred, "Change version to '2.0'");
  assert.deepEqual(findings(guest("<tpm model='tpm-tis'><backend type='emulator' version='1.2'/></tpm>", { arch: 'aarch64', machine: 'virt', type: 'qemu', osAttrs: " firmware='efi'" }), ours), [['tpm-version-model', '1.2']]);
  assert.deepEqual(findings(guest("<tpm model='tpm-tis'><backend type='emulator' version='1.2'/></tpm>"), ours), []);
});

test('character devices', () => {
  assert.deepEqual(findings(guest("<serial type='unix'><target type='pci-serial'/></serial>"), ours), [['chardev-source-path', 'serial']]);
  assert.equal(findingOf(guest("<serial type='file'><target port='0'/></serial>"), 'chardev-source-path').message, 'Missing source path attribute for char device');
  assert.deepEqual(findings(guest("<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"), ours), []);
  assert.deepEqual(findings(guest("<serial type='unix'><source mode='bind' path='/tmp/s'><reconnect enabled='yes' timeout='10'/></source></serial>"), ours), [['chardev-reconnect', 'reconnect']]);
  assert.deepEqual(findings(guest("<serial type='unix'><source mode='connect' path='/tmp/s'><reconnect enabled='yes' timeout='0'/></source></serial>"), ours), [['chardev-reconnect', '0']]);
  assert.deepEqual(findings(guest("<serial type='tcp'><source mode='bind' host='127.0.0.1' service='9999'/><protocol type='tls'/></serial>"), ours), [['chardev-tcp-protocol', 'tls']]);
  assert.deepEqual(findings(guest("<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>"), ours), [['chardev-spice', 'spicevmc']]);
  assert.deepEqual(findings(guest("<serial type='pty'><target type='spapr-vio-serial' port='0'/></serial>"), ours), [['chardev-serial-target', 'target']]);
  assert.deepEqual(findings(guest("<parallel type='pty'><target port='0'/></parallel>", { arch: 'ppc64', machine: 'pseries', type: 'qemu', features: '' }), ours), [['chardev-parallel', 'parallel']]);
  assert.deepEqual(findings(guest("<rng model='virtio'><backend model='egd' type='unix'><source mode='connect' host='1.2.3.4' service='1234'/></backend></rng>"), ours), [['chardev-source-path', 'source']]);
});

test('shared memory, IOMMU, panic, input, controllers, virtiofs', () => {
  const shmem = (inner: string) => `<shmem name='s'><model type='ivshmem-plain'/>${inner}</shmem>`;
  assert.deepEqual(findings(guest(shmem("<size unit='K'>16</size>")), ours), [['shmem-size', 'size']]);
  assert.deepEqual(findings(guest(shmem("<size unit='K'>12345</size>")), ours), [['shmem-size', 'size']]);
  assert.deepEqual(findings(guest(shmem("<size unit='M'>4</size>")), ours), []);
  assert.deepEqual(findings(guest(shmem('<msi/>')), ours), [['shmem-msi', 'msi']]);
  assert.deepEqual(findings(guest(shmem("<address type='isa'/>")), ours), [['shmem-address', 'isa']]);
  assert.deepEqual(findings(guest("<iommu model='intel'/>", { machine: 'pc' }), ours), [['iommu-machine', 'intel']]);
  assert.deepEqual(findings(guest("<iommu model='virtio'/>", { features: '' }), ours), [['iommu-virtio', 'virtio']]);
  assert.deepEqual(findings(guest("<iommu model='virtio'><driver dma_translation='on'/></iommu>"), ours), [['iommu-virtio', "dma_translation='on'"]]);
  assert.deepEqual(findings(guest("<iommu model='virtio'><address type='pci' bus='0x01' slot='0x00'/></iommu>"), ours), [['iommu-virtio', 'address']]);
  assert.deepEqual(findings(guest("<iommu model='virtio'/>"), ours), []);
  assert.deepEqual(findings(guest("<panic model='hyperv'><address type='isa' iobase='0x505'/></panic>"), ours), [['panic-model', 'address']]);
  assert.deepEqual(findings(guest("<panic model='pvpanic'><address type='isa' iobase='0x505'/></panic>"), ours), [['panic-model', 'address']]);
  assert.deepEqual(findings(guest("<panic model='isa'><address type='isa' iobase='0x505'/></panic>"), ours), []);
  assert.deepEqual(findings(guest("<input type='keyboard' bus='virtio' model='virtio-non-transitional'/>"), ours), [['input-virtio-transitional', 'virtio-non-transitional']]);
  assert.deepEqual(findings(guest("<controller type='virtio-serial' index='0'><driver iothread='1'/></controller>", { top: '<iothreads>1</iothreads>' }), ours), [['controller-iothread', "iothread='1'"]]);
  assert.deepEqual(findings(guest("<controller type='scsi' index='0' model='virtio-scsi'><driver iothread='1'/></controller>", { top: '<iothreads>1</iothreads>' }), ours), []);
  const fs = "<filesystem type='mount'><driver type='virtiofs'/><source dir='/tmp'/><target dir='t'/><boot order='1'/></filesystem>";
  assert.deepEqual(findings(guest(fs, { arch: 's390x', machine: 's390-ccw-virtio', type: 'qemu', features: '' }), ours), [['filesystem-boot-bus', 'boot']]);
  assert.deepEqual(findings(guest(fs), ours), []);
});

test('broken markup the fuzzer found does not throw', () => {
  assert.doesNotThrow(() => findings('<domain><devices><video type=<video><model primary=yes'));
  assert.doesNotThrow(() => findings("<domain><devices><video><model type='vga'/></video><video type='x'/></devices></domain>"));
});
