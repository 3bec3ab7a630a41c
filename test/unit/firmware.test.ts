// The firmware and boot family: loader, nvram, stateless, firmware features,
// ACPI against UEFI, secure boot and the boot order. Each refusal was run
// through libvirt 11.3 (domxml-to-native) or is one of libvirt's own cases.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codesOf, findingOf, findings, guest } from '../helpers/rules';
import { firmwareCodes } from '../../server/src/rules/firmware/codes';

const ours = codesOf(firmwareCodes);
const code = "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>";
const disk = (boot = '') => `<disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/>${boot}</disk>`;

test('boot order: os/boot against per-device, duplicates, menu timeout', () => {
  const mixed = guest(disk("<boot order='1'/>"), { os: "<boot dev='hd'/>" });
  assert.deepEqual(findings(mixed, ours), [['boot-mixed', 'boot']]);
  assert.equal(findingOf(mixed, 'boot-mixed').message, 'per-device boot elements cannot be used together with os/boot elements');
  const fixed = applyFix(mixed, 'boot-mixed');
  assert.ok(!fixed.after.includes("<boot dev='hd'/>"));
  assert.deepEqual(fixed.remaining.filter((c) => ours.has(c)), []);
  const twice = guest(`${disk("<boot order='1'/>")}\n    <interface type='user'><model type='virtio'/><boot order='1'/></interface>`);
  assert.deepEqual(findings(twice, ours), [['boot-order-duplicate', '1']]);
  assert.equal(applyFix(twice, 'boot-order-duplicate').preferred, "Change order to '2'");
  assert.deepEqual(findings(guest(disk(), { os: "<bootmenu enable='yes' timeout='65536'/>" }), ours), [['boot-menu-timeout', '65536']]);
  assert.deepEqual(findings(guest(disk(), { os: "<bootmenu enable='yes' timeout='65535'/>" }), ours), []);
  assert.deepEqual(findings(guest(disk("<boot order='1'/>")), ours), []);
});

test('loader, nvram and stateless', () => {
  assert.deepEqual(findings(guest('', { os: "<loader readonly='yes' type='pflash'/>" }), ours), [['firmware-loader-path', 'loader']]);
  assert.deepEqual(findings(guest('', { os: '<nvram>/var/lib/libvirt/qemu/nvram/x.fd</nvram>' }), ours), [['firmware-loader-path', 'nvram']]);
  assert.deepEqual(findings(guest('', { os: `${code.replace("type='pflash'", "type='pflash' stateless='yes'")}\n    <nvram>/x.fd</nvram>` }), ours), [['firmware-stateless-nvram', 'nvram']]);
  assert.deepEqual(findings(guest('', { os: `${code.replace("type='pflash'", "type='pflash' stateless='yes'")}\n    <nvram template='/t.fd'/>` }), ours), [['firmware-stateless-nvram', '/t.fd']]);
  assert.deepEqual(findings(guest('', { machine: 'pc', os: "<loader stateless='no'>/usr/share/seabios/bios.bin</loader>" }), ours), [['firmware-nvram-type', 'no']]);
  assert.deepEqual(findings(guest('', { osAttrs: " firmware='bios'", os: '<nvram>/x.fd</nvram>' }), ours), [['firmware-nvram-type', 'nvram']]);
  assert.equal(findingOf(guest('', { osAttrs: " firmware='bios'", os: '<nvram>/x.fd</nvram>' }), 'firmware-nvram-type').message, "firmware type 'bios' does not support nvram");
  assert.deepEqual(findings(guest('', { os: `${code}\n    <nvram>/x.fd</nvram>` }), ours), []);
});

test('firmware features, ACPI and UEFI, secure boot', () => {
  assert.deepEqual(findings(guest('', { os: "<firmware><feature enabled='no' name='enrolled-keys'/></firmware>" }), ours), [['firmware-features-manual', 'firmware']]);
  assert.deepEqual(findings(guest('', { osAttrs: " firmware='efi'", os: "<firmware><feature enabled='yes' name='enrolled-keys'/><feature enabled='no' name='secure-boot'/></firmware>" }), ours), [['firmware-enrolled-keys', 'feature']]);
  const noAcpi = guest('', { os: code, features: '' });
  assert.deepEqual(findings(noAcpi, ours), [['firmware-acpi-uefi', 'loader']]);
  assert.equal(findingOf(noAcpi, 'firmware-acpi-uefi').message, 'UEFI requires ACPI on this architecture');
  const withApic = guest('', { os: code, features: '<apic/>' });
  const fixed = applyFix(withApic, 'firmware-acpi-uefi');
  assert.ok(fixed.after.includes('<apic/>\n    <acpi/>'), fixed.after);
  assert.deepEqual(fixed.remaining.filter((c) => ours.has(c)), []);
  assert.deepEqual(findings(guest('', { arch: 'aarch64', machine: 'virt', type: 'qemu' }), ours), [['firmware-acpi-uefi', 'acpi']]);
  assert.deepEqual(findings(guest('', { arch: 'aarch64', machine: 'virt', type: 'qemu', osAttrs: " firmware='efi'" }), ours), []);
  const secure = (machine: string, features = '<acpi/>') => guest('', { machine, os: code.replace("type='pflash'", "secure='yes' type='pflash'"), features });
  assert.deepEqual(findings(secure('pc'), ours), [['firmware-secure-boot', 'yes']]);
  assert.deepEqual(findings(secure('q35'), ours), [['firmware-secure-boot', 'yes']]);
  assert.equal(applyFix(secure('q35'), 'firmware-secure-boot').preferred, "Add <smm state='on'/> to <features>");
  assert.deepEqual(findings(secure('q35', "<acpi/>\n    <smm state='on'/>"), ours), []);
});
