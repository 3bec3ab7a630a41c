// Completion of values computed from the document: topology factors of the
// vCPU count, cpusets for pins and NUMA cells, ids, vendor strings, and the
// whole-<cpu> snippets sized to the domain (checked against our own rules).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { docAt, service } from '../helpers/engine';
import { completeWith, completionsAt, labelsAt } from '../helpers/features';
import { doComplete } from '../../server/src/features/completion';

/** Accepts `label` at `$0` and compares the whole document with `expected`. */
function check(marked: string, label: string, expected: string): void {
  assert.equal(completeWith(marked, label), expected);
}

const vm = (body: string, vcpus: number | string = 8, memory = '') =>
  `<domain type='kvm'>\n  <name>vm</name>\n${memory}  <vcpu>${vcpus}</vcpu>\n  <os><type arch='x86_64' machine='q35'>hvm</type></os>\n${body}\n</domain>\n`;

test('topology: the one value that completes the vCPU count', () => {
  assert.deepEqual(labelsAt(vm(`  <cpu><topology sockets='1' cores='$0' threads='2'/></cpu>`)), ['4']);
  const item = completionsAt(vm(`  <cpu><topology sockets='1' cores='$0' threads='2'/></cpu>`)).items[0];
  assert.equal(item.detail, '1 × 1 × 1 × 4 × 2 = 8 vCPUs, as <vcpu> says');
  check(vm(`  <cpu><topology sockets='2' cores='2' threads='$0'/></cpu>`), '2', vm(`  <cpu><topology sockets='2' cores='2' threads='2'/></cpu>`));
});

test('topology: divisors while other attributes are still missing', () => {
  assert.deepEqual(labelsAt(vm(`  <cpu><topology sockets='$0'/></cpu>`, 12)), ['1', '2', '3', '4', '6', '12']);
  assert.deepEqual(labelsAt(vm(`  <cpu><topology sockets='1' cores='$0'/></cpu>`, 12)), ['12', '6', '4', '3', '2', '1']);
  assert.deepEqual(labelsAt(vm(`  <cpu><topology sockets='2' dies='$0' cores='2' threads='1'/></cpu>`, 8)), ['2']);
});

test('topology: nothing fits, or no usable vCPU count', () => {
  const none = completionsAt(vm(`  <cpu><topology sockets='3' cores='$0' threads='1'/></cpu>`, 8)).items;
  assert.deepEqual(none.map((i) => i.label), ['1', '2', '4']);
  assert.match(none[0].detail!, /No value fits 8 vCPUs/);
  assert.match(completionsAt(vm(`  <cpu><topology threads='$0'/></cpu>`, 'many')).items[0].detail!, /Give <vcpu> a count/);
});

test('<vcpu> text: what the topology multiplies to', () => {
  check(
    `<domain><vcpu>$0</vcpu><cpu><topology sockets='2' cores='4' threads='2'/></cpu></domain>`,
    '16',
    `<domain><vcpu>16</vcpu><cpu><topology sockets='2' cores='4' threads='2'/></cpu></domain>`,
  );
  assert.deepEqual(labelsAt(vm(`  <vcpu current='$0'>4</vcpu>`).replace('  <vcpu>8</vcpu>\n', '')), ['4', '3', '2', '1']);
});

const pins = (cursorPin: string) =>
  `<domain type='kvm'>\n  <vcpu cpuset='8-15'>4</vcpu>\n  <cputune>\n    <vcpupin vcpu='0' cpuset='4'/>\n    <vcpupin vcpu='1' cpuset='5'/>\n    ${cursorPin}\n  </cputune>\n</domain>`;

test('vcpupin: the vCPUs not pinned yet, then a cpuset continuing the pattern', () => {
  assert.deepEqual(labelsAt(pins(`<vcpupin vcpu='$0'/>`)), ['2', '3']);
  assert.deepEqual(labelsAt(pins(`<vcpupin vcpu='2' cpuset='$0'/>`)), ['6', '2', '4,5', '8-15', '0-3']);
  const first = completionsAt(pins(`<vcpupin vcpu='2' cpuset='$0'/>`)).items[0];
  assert.match(first.detail!, /vCPU n on host CPU n \+ 4/);
  check(pins(`$0`), 'vcpupin', pins(`<vcpupin vcpu='2' cpuset='6'/>`));
});

test('emulatorpin: host CPUs next to the vCPU pins', () => {
  assert.deepEqual(labelsAt(pins(`<emulatorpin cpuset='$0'/>`)), ['0-3', '6', '0']);
  assert.deepEqual(labelsAt(`<domain><vcpu>2</vcpu><cputune><emulatorpin cpuset='$0'/></cputune></domain>`), ['0', '0-1']);
});

test('cachetune and vcpusched: the vCPUs no sibling covers', () => {
  assert.deepEqual(labelsAt(`<domain><vcpu>4</vcpu><cputune><cachetune vcpus='$0'/></cputune></domain>`), ['0-3', '0']);
  assert.deepEqual(labelsAt(`<domain><vcpu>4</vcpu><cputune><vcpusched vcpus='0-1' scheduler='fifo' priority='1'/><vcpusched vcpus='$0'/></cputune></domain>`), [
    '2-3',
    '2',
  ]);
});

test('NUMA cells: an even split of the vCPUs, and the memory', () => {
  const cells = (a: string, b: string) => vm(`  <cpu>\n    <numa>\n      <cell id='0' cpus='${a}' memory='1' unit='GiB'/>\n      <cell id='1' cpus='${b}' memory='1' unit='GiB'/>\n    </numa>\n  </cpu>`, 6);
  check(cells('$0', ''), '0-2', cells('0-2', ''));
  check(cells('0-3', '$0'), '3-5', cells('0-3', '3-5'));
  assert.deepEqual(labelsAt(cells('0-3', '$0')), ['3-5', '4-5']);
  const mem = `  <memory unit='GiB'>8</memory>\n`;
  assert.deepEqual(labelsAt(vm(`  <cpu><numa><cell id='0' memory='$0' unit='MiB'/><cell id='1'/></numa></cpu>`, 2, mem)), ['4096']);
  assert.deepEqual(labelsAt(vm(`  <cpu><numa><cell id='$0'/><cell/></numa></cpu>`)), ['0']);
  assert.deepEqual(labelsAt(vm(`  <cpu><numa><cell unit='$0'/></numa></cpu>`)).slice(0, 3), ['KiB', 'MiB', 'GiB']);
});

test('cell ids for distances, memnodes and interconnects', () => {
  const numa = `  <cpu><numa><cell id='0' cpus='0-3' memory='1'/><cell id='1' cpus='4-7' memory='1'><distances><sibling id='$0'/></distances></cell></numa></cpu>`;
  assert.deepEqual(labelsAt(vm(numa)), ['0', '1']);
  assert.match(completionsAt(vm(numa)).items[1].detail!, /this cell/);
  assert.deepEqual(labelsAt(vm(numa.replace("id='$0'", "id='1' value='$0'"))), ['10']);
  assert.deepEqual(labelsAt(vm(numa.replace("id='$0'", "id='0' value='$0'"))), ['20', '21', '30']);
  const memnode = vm(`  <cpu><numa><cell id='0' memory='1'/><cell id='1' memory='1'/></numa></cpu>\n  <numatune><memnode cellid='0' mode='strict' nodeset='0'/><memnode cellid='$0'/></numatune>`);
  assert.deepEqual(labelsAt(memnode), ['1']);
});

test('vendor_id: real 12-character CPUID vendor strings', () => {
  const labels = labelsAt(vm(`  <cpu><model vendor_id='$0'>EPYC</model></cpu>`));
  assert.deepEqual(labels.slice(0, 3), ['GenuineIntel', 'AuthenticAMD', 'HygonGenuine']);
  for (const l of labels) assert.equal(l.length, 12, l);
});

test('Hyper-V vendor_id: up to 12 characters, the GPU passthrough favourites', () => {
  const labels = labelsAt(vm(`  <features><hyperv><vendor_id state='on' value='$0'/></hyperv></features>`));
  assert.ok(labels.includes('1234567890ab') && labels.includes('randomid'));
  for (const l of labels) assert.ok(l.length <= 12, l);
});

test('maxphysaddr bits and cputune numbers', () => {
  assert.ok(labelsAt(vm(`  <cpu><maxphysaddr mode='emulate' bits='$0'/></cpu>`)).includes('48'));
  check(vm(`  <cputune><period>$0</period></cputune>`), '100000', vm(`  <cputune><period>100000</period></cputune>`));
  assert.deepEqual(labelsAt(vm(`  <cputune><quota>$0</quota></cputune>`)), ['-1', '50000']);
});

const emptyDomain = (memory: string, vcpus: number) =>
  `<domain type='kvm'>\n  <name>vm</name>\n  <memory unit='GiB'>${memory}</memory>\n  <vcpu>${vcpus}</vcpu>\n  <os><type arch='x86_64' machine='q35'>hvm</type></os>\n  $0\n</domain>\n`;

test('whole <cpu> blocks where a <cpu> may go, sized to the domain', () => {
  const labels = labelsAt(emptyDomain('8', 8));
  assert.deepEqual(labels.slice(0, 4), ['cpu host-passthrough', 'cpu host-model', 'cpu custom model with features', 'cpu with two NUMA cells']);
  check(
    emptyDomain('8', 8),
    'cpu with two NUMA cells',
    emptyDomain('8', 8).replace(
      '$0',
      `<cpu mode='host-passthrough' check='none' migratable='on'>\n    <topology sockets='2' dies='1' clusters='1' cores='4' threads='1'/>\n    <numa>\n      <cell id='0' cpus='0-3' memory='4' unit='GiB'/>\n      <cell id='1' cpus='4-7' memory='4' unit='GiB'/>\n    </numa>\n  </cpu>`,
    ),
  );
  check(
    emptyDomain('8', 8),
    'cpu host-passthrough',
    emptyDomain('8', 8).replace(
      '$0',
      `<cpu mode='host-passthrough' check='none' migratable='on'>\n    <topology sockets='1' dies='1' clusters='1' cores='4' threads='2'/>\n    <cache mode='passthrough'/>\n  </cpu>`,
    ),
  );
  // Typing <cpu offers them too, replacing the partial tag.
  check(
    emptyDomain('8', 8).replace('$0', '<cpu$0'),
    'cpu host-model',
    emptyDomain('8', 8).replace('$0', `<cpu mode='host-model' check='partial'>\n    <topology sockets='1' dies='1' clusters='1' cores='8' threads='1'/>\n  </cpu>`),
  );
  // Once a <cpu> exists the blocks are gone.
  assert.ok(!labelsAt(emptyDomain('8', 8).replace('$0', "<cpu mode='host-model'/>\n  $0")).includes('cpu host-model'));
});

test('every block is valid for our rules at several sizes (no error or warning)', () => {
  for (const [memory, vcpus] of [
    ['8', 8],
    ['3', 6],
    ['1', 1],
    ['5', 3],
  ] as const) {
    const marked = emptyDomain(memory, vcpus);
    const blocks = labelsAt(marked).filter((l) => l.startsWith('cpu '));
    assert.equal(blocks.length, vcpus >= 2 ? 4 : 3);
    for (const label of blocks) {
      const text = completeWith(marked, label)!;
      const { doc } = docAt(text);
      const bad = service()
        .doValidation(doc)
        .filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
      assert.deepEqual(bad.map((d) => `${d.code}: ${d.message}`), [], `${label} with ${vcpus} vCPUs:\n${text}`);
    }
  }
});

test('host hook: models the host cannot run are marked and sorted last', () => {
  const { doc, offset } = docAt(vm(`  <cpu><model>$0</model></cpu>`));
  const list = doComplete(doc, offset, service().catalog, { hostCheck: (m) => (m.startsWith('Sapphire') ? 'lacks amx-tile' : undefined) });
  const item = list.items.find((i) => i.label === 'SapphireRapids')!;
  assert.match(item.detail!, /⚠ lacks amx-tile/);
  const last = [...list.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).at(-1)!;
  assert.match(String(last.label), /^SapphireRapids/);
});
