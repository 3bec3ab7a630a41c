// The machine family: features per machine, SMM TSEG, hugepages against guest
// NUMA cells, memory hotplug, sysinfo, security labels, loadparm, timers,
// pSeries PHBs and spapr-vio, SVE. libvirt's own cases and the differential
// corpus settle each one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codesOf, findingOf, findings, guest } from '../helpers/rules';
import { machineCodes } from '../../server/src/rules/machine/codes';

const ours = codesOf(machineCodes);
const cell = "<cpu><numa><cell id='0' cpus='0-1' memory='512' unit='MiB'/></numa></cpu>";

test('features per machine, ps2, TSEG', () => {
  const gic = guest('', { machine: 'pc', features: "<acpi/>\n    <gic version='3'/>" });
  assert.deepEqual(findings(gic, ours), [['feature-machine', 'gic']]);
  assert.equal(findingOf(gic, 'feature-machine').message, "The 'gic' feature is not supported for architecture 'x86_64' or machine type 'pc'");
  assert.deepEqual(findings(guest('', { features: "<acpi/>\n    <hpt resizing='enabled'/>" }), ours), [['feature-machine', 'hpt']]);
  assert.deepEqual(findings(guest('', { features: "<ps2 state='off'/>\n    <vmport state='on'/>" }), ours), [['feature-ps2-off', 'vmport']]);
  assert.deepEqual(findings(guest("<input type='mouse' bus='ps2'/>", { features: "<ps2 state='off'/>" }), ours), [['feature-ps2-off', 'ps2']]);
  assert.deepEqual(findings(guest('', { machine: 'pc', features: "<smm state='on'><tseg unit='MiB'>48</tseg></smm>" }), ours), [['feature-tseg', 'tseg']]);
  assert.deepEqual(findings(guest('', { features: "<smm state='on'><tseg unit='KiB'>12345</tseg></smm>" }), ours), [['feature-tseg', 'tseg']]);
  assert.deepEqual(findings(guest('', { features: "<smm state='on'><tseg unit='MiB'>48</tseg></smm>" }), ours), []);
});

test('hugepages and memory hotplug against guest NUMA cells', () => {
  const hp = (pages: string, extra = '') => guest('', { top: `<memoryBacking><hugepages>${pages}</hugepages></memoryBacking>${extra}` });
  assert.deepEqual(findings(hp("<page size='1' unit='GiB'/><page size='2' unit='MiB'/>"), ours), [['hugepages-master-twice', 'page']]);
  assert.equal(findingOf(hp("<page size='1' unit='GiB'/><page size='2' unit='MiB'/>"), 'hugepages-master-twice').message, 'two master hugepages detected: 2048 and 1048576');
  assert.deepEqual(findings(hp("<page size='2048' unit='KiB' nodeset='1'/>", `\n  ${cell}`), ours), [['hugepages-node-missing', '1']]);
  assert.deepEqual(findings(hp("<page size='2048' unit='KiB' nodeset='0'/>", `\n  ${cell}`), ours), []);
  assert.deepEqual(findings(hp("<page size='2' unit='MiB' nodeset='0'/><page size='1' unit='GiB' nodeset='0'/>", `\n  ${cell}`), ours), [['hugepages-nodeset-overlap', '0']]);
  const hot = guest('', { top: "<maxMemory slots='4' unit='GiB'>4</maxMemory>" });
  assert.deepEqual(findings(hot, ours), [['memory-hotplug-numa', 'maxMemory']]);
  assert.equal(findingOf(hot, 'memory-hotplug-numa').severity, 2);
  const dimm = (node: string) => guest(`<memory model='dimm'><target><size unit='MiB'>256</size><node>${node}</node></target></memory>`, { top: `<maxMemory slots='4' unit='GiB'>4</maxMemory>\n  ${cell}` });
  assert.deepEqual(findings(dimm('1'), ours), [['memory-device-node', 'node']]);
  assert.deepEqual(findings(dimm('0'), ours), []);
});

test('sysinfo, seclabels, loadparm, timers', () => {
  const sys = (inner: string) => guest('', { top: `<sysinfo type='smbios'>${inner}</sysinfo>` });
  assert.deepEqual(findings(sys("<bios><entry name='date'>2020-01-01</entry></bios>"), ours), [['sysinfo-date', 'entry']]);
  assert.deepEqual(findings(sys("<bios><entry name='date'>01/01/2020</entry></bios>"), ours), []);
  const uuid = sys("<system><entry name='uuid'>a94b4335-6a14-8bc4-d6da-f7ea590b6816</entry></system>");
  assert.deepEqual(findings(uuid, ours), [['sysinfo-uuid', 'entry']]);
  const fixed = applyFix(uuid, 'sysinfo-uuid');
  assert.ok(fixed.after.includes("<entry name='uuid'>c7a5fdbd-edaf-9455-926a-d65c16db1809</entry>"));
  assert.deepEqual(fixed.remaining.filter((c) => ours.has(c)), []);
  assert.deepEqual(findings(guest('', { top: "<seclabel type='none'/>\n  <seclabel type='dynamic' model='dac'/>" }), ours), [['seclabel-model', 'seclabel']]);
  assert.deepEqual(findings(guest('', { top: "<seclabel type='dynamic' model='dac'/>\n  <seclabel type='dynamic' model='dac'/>" }), ours), [['seclabel-model', 'seclabel']]);
  assert.deepEqual(findings(guest("<disk type='file' device='disk'><source file='/a'><seclabel model='dac' relabel='yes'/></source><target dev='vdb'/></disk>"), ours), [['seclabel-relabel', 'yes']]);
  const s390 = { arch: 's390x', machine: 's390-ccw-virtio', type: 'qemu', features: '' };
  assert.deepEqual(findings(guest("<disk type='file' device='disk'><source file='/a'/><target dev='vda' bus='virtio'/><boot order='1' loadparm='loadparm1'/></disk>", s390), ours), [['boot-loadparm', 'loadparm1']]);
  assert.equal(findingOf(guest("<disk type='file' device='disk'><source file='/a'/><target dev='vda' bus='virtio'/><boot order='1' loadparm='sys1?'/></disk>", s390), 'boot-loadparm').message, "invalid loadparm value 'SYS1?', expecting chars in set of [a-zA-Z0-9.] and blank spaces");
  assert.deepEqual(findings(guest('', { ...s390, top: "<clock offset='utc'><timer name='tsc' present='yes'/></clock>" }), ours), [['timer-arch', 'timer']]);
  assert.deepEqual(findings(guest('', { top: "<clock offset='utc'><timer name='tsc' present='yes'/></clock>" }), ours), []);
});

test('pSeries PHBs, spapr-vio, hotplug granularity; isapc; SVE', () => {
  const ppc = { arch: 'ppc64', machine: 'pseries', type: 'qemu', features: '' };
  const phb = (idx: string, ti: string) => `<controller type='pci' index='${idx}' model='pci-root'><model name='spapr-pci-host-bridge'/><target index='${ti}'/></controller>`;
  assert.deepEqual(findings(guest(phb('1', '31'), ppc), ours), [['pci-target-index', '31']]);
  assert.deepEqual(findings(guest(phb('1', '0'), ppc), ours), [['pci-target-index', '0']]);
  assert.deepEqual(findings(guest(phb('1', '1'), ppc), ours), []);
  const vio = (reg: string, port: string) => `<serial type='pty'><target type='spapr-vio-serial' port='${port}'/><address type='spapr-vio' reg='${reg}'/></serial>`;
  assert.deepEqual(findings(guest(vio('0x100000000', '0'), ppc), ours), [['spapr-vio-address', '0x100000000']]);
  assert.deepEqual(findings(guest(`${vio('0x4000', '0')}\n    ${vio('0x4000', '1')}`, ppc), ours), [['spapr-vio-address', '0x4000']]);
  assert.deepEqual(findings(guest('', { ...ppc, top: "<cpu><topology sockets='1' cores='1' threads='4'/></cpu>" }).replace('<vcpu>2</vcpu>', "<vcpu current='2'>4</vcpu>"), ours), [['vcpu-hotplug-granularity', 'vcpu']]);
  assert.deepEqual(findings(guest("<controller type='usb' index='0'/>", { machine: 'isapc', features: '' }), ours), [['machine-no-pci', 'controller']]);
  const arm = { arch: 'aarch64', machine: 'virt', type: 'qemu', osAttrs: " firmware='efi'" };
  assert.deepEqual(findings(guest('', { ...arm, top: "<cpu mode='custom'><model>cortex-a57</model><feature policy='disable' name='sve'/><feature policy='require' name='sve128'/></cpu>" }), ours), [['cpu-sve-lengths', 'feature']]);
});
