// Hover on CPU-area markup: element and attribute names (doc line and
// since-version), enumerated values with their meaning, the CPU mode
// trade-off, topology totals, vCPU counts and pins, expanded cpusets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt, hoverRangeText, rawHtmlIn } from '../helpers/features';
import { doHover } from '../../server/src/features/hover';
import { docAt, service } from '../helpers/engine';

/** The hover at `$0` must exist and match every pattern. */
function check(marked: string, ...patterns: RegExp[]): void {
  const text = hoverAt(marked);
  assert.ok(text, `a hover at ${marked}`);
  for (const p of patterns) assert.match(text, p);
}

const vm = (body: string, vcpu = `<vcpu>8</vcpu>`) => `<domain type='kvm'>\n  <name>vm</name>\n  ${vcpu}\n${body}\n</domain>\n`;

test('element names: doc line and since-version, on start and end tags', () => {
  check(vm(`  <cpu><max$0physaddr mode='passthrough'/></cpu>`), /^\*\*\\<maxphysaddr>\*\* · since libvirt 8\.7\.0/, /address width/);
  check(vm(`  <cputune><vcpupin vcpu='0' cpuset='1'/></cpu$0tune>`), /^\*\*\\<cputune>\*\* · since libvirt 0\.9\.0/);
  assert.equal(hoverRangeText(vm(`  <cpu><num$0a><cell memory='1'/></numa></cpu>`)), 'numa');
  // VS Code drops raw HTML: the header must not start one.
  const cpu = hoverAt(vm(`  <cp$0u mode='custom'><model>Haswell</model></cpu>`));
  assert.ok(cpu?.startsWith('**\\<cpu>**'), cpu);
  assert.equal(rawHtmlIn(cpu!), undefined, cpu);
});

test('attribute names: doc, required, default, since and the values', () => {
  check(vm(`  <cpu><topology sockets='1' di$0es='1' cores='8' threads='1'/></cpu>`), /^\*\*dies\*\* · default `1` · since libvirt 6\.1\.0/, /Dies per socket/);
  check(vm(`  <cpu><cache le$0vel='3' mode='emulate'/></cpu>`), /- `1`: Level 1 cache\./);
  check(vm(`  <cpu><feature pol$0icy='require' name='vmx'/></cpu>`), /required/, /- `forbid`:/, /Optional since libvirt 0\.8\.5/);
});

test('the cpu mode attribute shows the trade-off table', () => {
  check(vm(`  <cpu mo$0de='host-model'/>`), /\| mode \| performance \| migration \|/, /\| \*\*host-model\*\* \|/);
});

test('mode values: meaning, trade-off and the QEMU option', () => {
  check(
    vm(`  <cpu mode='host-pass$0through'/>`),
    /^\*\*mode='host-passthrough'\*\*/,
    /Performance: best/,
    /Migration: worst/,
    /QEMU: `-cpu host`/,
    /host-passthrough gives the best performance and the worst migratability, custom the reverse, host-model sits in between\./,
  );
  check(vm(`  <cpu mode='cust$0om'/>`), /Migration: best: to any host that can run the model/);
  check(vm(`  <cpu mode='maxi$0mum'/>`), /since libvirt 7\.1\.0/, /`-cpu max`/);
});

test('other enumerated values: their meaning and the alternatives', () => {
  check(vm(`  <cpu match='mini$0mum'/>`), /^\*\*match='minimum'\*\*/, /floor/, /Other values: `exact`, `strict`/);
  check(vm(`  <cpu check='fu$0ll'/>`), /refuse to start on a mismatch/);
  check(vm(`  <cpu><model fallback='forb$0id'>EPYC</model></cpu>`), /Refuse to start/);
  check(vm(`  <cpu><numa><cell memory='1' memAccess='sha$0red'/></numa></cpu>`), /vhost-user/);
  check(vm(`  <vcpu placement='au$0to'>2</vcpu>`, ''), /numad/);
  assert.equal(hoverRangeText(vm(`  <cpu check='fu$0ll'/>`)), 'full');
});

test('feature policy values say what happens to that feature', () => {
  check(vm(`  <cpu><feature policy='for$0bid' name='vmx'/></cpu>`), /`vmx` is turned off, and the guest refuses to start on a host CPU that has it\./);
  check(vm(`  <cpu><model>Skylake-Client</model><feature policy='requ$0ire' name='avx2'/></cpu>`), /Skylake-Client already includes it/);
});

test('topology: the total and whether <vcpu> agrees', () => {
  check(vm(`  <cpu><topo$0logy sockets='2' cores='2' threads='2'/></cpu>`), /sockets 2 × dies 1 × clusters 1 × cores 2 × threads 2 = \*\*8 vCPUs\*\*, matching `<vcpu>` \(8\)\./);
  check(vm(`  <cpu><topology sockets='1' cores='$04' threads='1'/></cpu>`), /= \*\*4 vCPUs\*\*, but `<vcpu>` says 8: libvirt refuses the domain \("CPU topology doesn't match maximum vcpu count"\)/);
  check(vm(`  <cpu><topology sockets='1' cores='4$0'/></cpu>`), /threads \?: the total is unknown/);
});

test('<vcpu>: maximum, current, and where the vCPUs run', () => {
  const doc = vm(
    `  <cputune>\n    <vcpupin vcpu='0' cpuset='2'/>\n    <vcpupin vcpu='1' cpuset='3-4'/>\n    <vcpupin vcpu='9' cpuset='5'/>\n  </cputune>`,
    `<v$0cpu current='2' cpuset='8-15'>4</vcpu>`,
  );
  check(
    doc,
    /\*\*4 vCPUs\*\* maximum, 2 online at boot \(the other 2 can be hot-plugged\)\./,
    /- vCPU 0 → host CPU 2\n- vCPU 1 → host CPUs 3-4/,
    /2 unpinned: they float over host CPUs 8-15 \(`<vcpu cpuset>`\)\./,
    /Pins for vCPUs 9 are dropped/,
  );
  check(vm('', `<vcpu>1$06</vcpu>`), /^\*\*16 vCPUs\*\* maximum, all online at boot\.\n\nNot pinned: the vCPUs float over any host CPU\.$/);
  assert.equal(hoverRangeText(vm('', `<vcpu> 1$06 </vcpu>`)), '16');
});

test('cpusets: the expanded list, or libvirt’s complaint', () => {
  check(vm(`  <cputune><vcpupin vcpu='1' cpuset='0-3,^2,$08'/></cputune>`), /^\*\*Host CPUs\*\* 0, 1, 3, 8 \(4\)/, /vCPU 1 runs only on these host CPUs\./);
  check(vm(`  <cpu><numa><cell cpus='0-$09' memory='1'/></numa></cpu>`), /^\*\*vCPUs\*\* 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 \(10\)/, /Beyond the guest's 8 vCPUs: 8, 9\./);
  check(vm(`  <numatune><memory nodeset='0$0,2'/></numatune>`), /^\*\*Host NUMA nodes\*\* 0, 2 \(2\)/);
  check(vm(`  <cputune><emulatorpin cpuset='3-$01'/></cputune>`), /Failed to parse bitmap '3-1'/);
});

test('a vcpupin for a vCPU the guest lacks', () => {
  check(vm(`  <cputune><vcpupin vcpu='1$02' cpuset='1'/></cputune>`), /There is no vCPU 12: the guest has 8, so libvirt silently drops this pin\./);
});

test('vendor_id and vendor text', () => {
  check(vm(`  <cpu><model vendor_id='Genuine$0Intel'>EPYC</model></cpu>`), /this one fits/);
  check(vm(`  <cpu><model vendor_id='Gen$0uine'>EPYC</model></cpu>`), /this one has 7 bytes/);
  check(vm(`  <cpu><model>EPYC</model><vendor>A$0MD</vendor></cpu>`), /CPUID `AuthenticAMD`/);
});

test('host hook: a model the host cannot run says so', () => {
  const { doc, offset } = docAt(vm(`  <cpu><model>EP$0YC</model></cpu>`));
  const h = doHover(doc, offset, service().catalog, { hostCheck: () => 'lacks clzero' })!;
  assert.match((h.contents as { value: string }).value, /\*\*Not on this host:\*\* lacks clzero/);
});

test('no hover from the blanks around a text', () => {
  assert.equal(hoverAt(vm('', `<vcpu>16 $0</vcpu>`)), undefined);
  assert.equal(hoverAt(`<domain>b $0`), undefined);
});
