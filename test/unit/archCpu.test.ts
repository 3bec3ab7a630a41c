// Completion and hover for non-x86 guest CPUs: only the guest arch's own names, with
// cpu_map's facts (PVR, vendor) where it has them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeWith, hoverAt, itemAt, labelsAt, sortedItems, completionsAt } from '../helpers/features';

function domain(arch: string, cpu: string, machine = ''): string {
  const m = machine ? ` machine='${machine}'` : '';
  return `<domain type='qemu'>\n  <name>t</name>\n  <memory unit='MiB'>512</memory>\n  <vcpu>2</vcpu>\n  <os><type arch='${arch}'${m}>hvm</type></os>\n  ${cpu}\n</domain>\n`;
}

test('model completion offers the arch’s QEMU models only', () => {
  const arm = labelsAt(domain('aarch64', `<cpu mode='custom'><model>$0</model></cpu>`));
  assert.ok(arm.includes('cortex-a57') && arm.includes('neoverse-n1') && arm.includes('max'));
  assert.ok(!arm.includes('Skylake-Client') && !arm.includes('Neoverse-N1') && !arm.includes('POWER9'));
  const ppc = labelsAt(domain('ppc64le', `<cpu><model>$0</model></cpu>`));
  assert.deepEqual([...ppc].sort(), ['POWER10', 'POWER7', 'POWER8', 'POWER9']);
  const s390 = labelsAt(domain('s390x', `<cpu><model>$0</model></cpu>`));
  assert.ok(s390.includes('z14') && s390.includes('gen16a-base') && !s390.includes('cortex-a57'));
  const riscv = labelsAt(domain('riscv64', `<cpu><model>$0</model></cpu>`));
  assert.ok(riscv.includes('rv64') && riscv.includes('sifive-u54'));
  assert.equal(completeWith(domain('riscv64', `<cpu><model>rv$0</model></cpu>`), 'rv64'), domain('riscv64', `<cpu><model>rv64</model></cpu>`));
});

test('arm models the virt machine does not run are marked and sorted last', () => {
  const marked = domain('aarch64', `<cpu><model>$0</model></cpu>`);
  const items = sortedItems(completionsAt(marked).items);
  assert.equal(items[0].label, 'max');
  assert.match(String(itemAt(marked, 'pxa250')?.labelDetails?.description), /not on virt-10\.0/);
  assert.ok(items.findIndex((i) => i.label === 'pxa250') > items.findIndex((i) => i.label === 'neoverse-v1'));
  assert.match(String(itemAt(domain('ppc64', `<cpu><model>$0</model></cpu>`), 'POWER9')?.labelDetails?.description), /IBM · PVR 0x004e0000/);
});

test('feature completion per arch', () => {
  const arm = labelsAt(domain('aarch64', `<cpu><model>max</model><feature policy='require' name='$0'/></cpu>`));
  assert.ok(arm.includes('sve') && arm.includes('pauth') && !arm.includes('vmx') && !arm.includes('pmu'));
  // cortex-a57 takes none of them: all marked
  assert.match(String(itemAt(domain('aarch64', `<cpu><model>cortex-a57</model><feature policy='require' name='$0'/></cpu>`), 'sve')?.labelDetails?.description), /not on cortex-a57/);
  assert.deepEqual(labelsAt(domain('ppc64le', `<cpu><model>POWER9</model><feature policy='require' name='$0'/></cpu>`)), []);
  const s390 = labelsAt(domain('s390x', `<cpu><model>qemu</model><feature policy='require' name='$0'/></cpu>`));
  assert.ok(s390.includes('vx') && s390.includes('msa8') && !s390.includes('avx2'));
  const riscv = labelsAt(domain('riscv64', `<cpu><model>rv64</model><feature policy='require' name='$0'/></cpu>`));
  assert.ok(riscv.includes('v') && riscv.includes('zba') && !riscv.includes('sse2'));
  // x86 stays as it was
  assert.ok(labelsAt(domain('x86_64', `<cpu><model>qemu64</model><feature policy='require' name='$0'/></cpu>`)).includes('avx2'));
});

test('hover on a ppc64 model shows its PVR, on an arm model its vendor and features', () => {
  const ppc = hoverAt(domain('ppc64le', `<cpu><model>POW$0ER9</model></cpu>`))!;
  assert.match(ppc, /\*\*POWER9\*\* · IBM ppc64le CPU model/);
  assert.match(ppc, /PVR: 0x004e0000 \(mask 0xffff0000\)/);
  const arm = hoverAt(domain('aarch64', `<cpu><model>neoverse$0-v1</model></cpu>`))!;
  assert.match(arm, /Vendor ARM \(implementer 0x41\), part number 0xd40 \(cpu_map `Neoverse-V1`\)/);
  assert.match(arm, /Features libvirt and QEMU take on it: .*`sve`/);
  const a64fx = hoverAt(domain('aarch64', `<cpu><model>a64$0fx</model></cpu>`))!;
  assert.match(a64fx, /Vendor Fujitsu/);
  const cpumapOnly = hoverAt(domain('aarch64', `<cpu><model>Kunpeng$0-920</model></cpu>`))!;
  assert.match(cpumapOnly, /Not one of QEMU's aarch64 models/);
});

test('hover on features per arch', () => {
  const sve = hoverAt(domain('aarch64', `<cpu><model>cortex-a57</model><feature policy='require' name='s$0ve'/></cpu>`))!;
  assert.match(sve, /`cortex-a57` does not: QEMU refuses it/);
  const vx = hoverAt(domain('s390x', `<cpu><model>qemu</model><feature policy='require' name='v$0x'/></cpu>`))!;
  assert.match(vx, /s390x CPU feature .*'optional' is refused/s);
  assert.equal(hoverAt(domain('ppc64le', `<cpu><model>POWER9</model><feature policy='require' name='h$0tm'/></cpu>`)), undefined);
});
