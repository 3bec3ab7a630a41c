// The target-version rule: CPU-area XML newer than libvirtXml.targetVersion is
// flagged with the release that introduced it, and nothing is flagged without a target.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { docAt, domainWith, service } from '../helpers/engine';
import { defaultSettings } from '../../server/src/protocol';

const CODE = 'target-version-unsupported';

/** [covered text, message] of every target-version diagnostic for `text` with `target`. */
function check(text: string, target: string): Array<[string, string]> {
  const svc = service({ ...defaultSettings, targetVersion: target });
  const { doc } = docAt(text);
  return svc
    .doValidation(doc)
    .filter((d) => d.code === CODE)
    .map((d) => [doc.textDocument.getText(d.range), String(d.message)]);
}

const covered = (text: string, target: string) => check(text, target).map(([c]) => c);

const topology = `<cpu><topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/></cpu>`;

test('no target set: nothing is flagged', () => {
  assert.deepEqual(check(domainWith(topology), ''), []);
  assert.deepEqual(check(domainWith(`<cpu mode='maximum' migratable='on'/>`), ''), []);
});

test('a target at or after the catalog version flags nothing', () => {
  assert.deepEqual(check(domainWith(topology), '11.3.0'), []);
  assert.deepEqual(check(domainWith(topology), '12.0'), []);
});

test('a malformed target is ignored', () => {
  assert.deepEqual(check(domainWith(topology), 'latest'), []);
  assert.deepEqual(check(domainWith(topology), 'v6.0.0'), []);
});

test('dies and clusters against older targets, with the release that added them', () => {
  assert.deepEqual(check(domainWith(topology), '5.10.0'), [
    ['dies', '`dies` on `<topology>` needs libvirt 6.1.0 or later; the target is 5.10.0'],
    ['clusters', '`clusters` on `<topology>` needs libvirt 10.1.0 or later; the target is 5.10.0'],
  ]);
  assert.deepEqual(covered(domainWith(topology), '6.1.0'), ['clusters']);
  assert.deepEqual(covered(domainWith(topology), '10.0.0'), ['clusters']);
  assert.deepEqual(covered(domainWith(topology), '10.1.0'), []);
});

test('an enum value newer than the target is flagged on the value', () => {
  assert.deepEqual(check(domainWith(`<cpu mode='maximum'/>`), '7.0.0'), [
    ['maximum', "`mode='maximum'` needs libvirt 7.1.0 or later; the target is 7.0.0"],
  ]);
  assert.deepEqual(check(domainWith(`<cpu mode='maximum'/>`), '7.1.0'), []);
  assert.deepEqual(check(domainWith(`<cpu mode='host-passthrough'/>`), '1.0.0'), []);
});

test('attributes on <cpu>: migratable, check, deprecated_features', () => {
  const cpu = `<cpu mode='host-passthrough' check='none' migratable='on' deprecated_features='off'/>`;
  assert.deepEqual(covered(domainWith(cpu), '10.0.0'), ['deprecated_features']);
  assert.deepEqual(covered(domainWith(cpu), '6.4.0'), ['migratable', 'deprecated_features']);
  assert.deepEqual(covered(domainWith(cpu), '3.1.0'), ['check', 'migratable', 'deprecated_features']);
});

test('a newer element is flagged once, not again for its attributes', () => {
  const cpu = `<cpu mode='host-passthrough'><maxphysaddr mode='passthrough' limit='39'/></cpu>`;
  assert.deepEqual(check(domainWith(cpu), '8.6.0'), [
    ['maxphysaddr', '`<maxphysaddr>` needs libvirt 8.7.0 or later; the target is 8.6.0'],
  ]);
  assert.deepEqual(covered(domainWith(cpu), '9.2.0'), ['limit']);
  assert.deepEqual(covered(domainWith(cpu), '9.3.0'), []);
});

test('elements outside <cpu>: vcpus, cputune children, iothreads', () => {
  const text = `<domain type='kvm'>
  <name>t</name>
  <vcpu placement='static' current='1'>2</vcpu>
  <vcpus><vcpu id='0' enabled='yes'/><vcpu id='1' enabled='no' hotpluggable='yes'/></vcpus>
  <iothreads>1</iothreads>
  <iothreadids><iothread id='1' thread_pool_max='4'><poll max='100'/></iothread></iothreadids>
  <defaultiothread thread_pool_min='1'/>
  <cputune>
    <vcpupin vcpu='0' cpuset='1'/>
    <emulatorsched scheduler='fifo' priority='1'/>
    <memorytune vcpus='0'><node id='0' bandwidth='50'/></memorytune>
  </cputune>
  <os><type arch='x86_64'>hvm</type></os>
</domain>
`;
  assert.deepEqual(covered(text, '9.3.0'), ['poll']);
  assert.deepEqual(covered(text, '8.4.0'), ['thread_pool_max', 'poll', 'defaultiothread']);
  assert.deepEqual(covered(text, '5.2.0'), ['thread_pool_max', 'poll', 'defaultiothread', 'emulatorsched']);
  assert.deepEqual(covered(text, '2.1.0'), ['vcpus', 'thread_pool_max', 'poll', 'defaultiothread', 'emulatorsched', 'memorytune']);
  assert.deepEqual(covered(text, '2.2.0'), ['thread_pool_max', 'poll', 'defaultiothread', 'emulatorsched', 'memorytune']);
});

test('a NUMA cell without cpus needs 6.6.0', () => {
  const cpu = `<cpu><numa><cell id='0' cpus='0-1' memory='1024'/><cell id='1' memory='1024'/></numa></cpu>`;
  assert.deepEqual(check(domainWith(cpu), '6.5.0'), [
    ['cell', '`<cell>` without `cpus` needs libvirt 6.6.0 or later; the target is 6.5.0'],
  ]);
  assert.deepEqual(check(domainWith(cpu), '6.6.0'), []);
});

test('NUMA HMAT and distances', () => {
  const cpu = `<cpu><numa>
    <cell id='0' cpus='0-1' memory='1024' discard='yes'>
      <distances><sibling id='0' value='10'/></distances>
      <cache level='1' associativity='direct' policy='writeback'><size value='10' unit='KiB'/><line value='8' unit='B'/></cache>
    </cell>
    <interconnects><latency initiator='0' target='0' type='access' value='5'/></interconnects>
  </numa></cpu>`;
  assert.deepEqual(covered(domainWith(cpu), '6.5.0'), ['cache', 'interconnects']);
  assert.deepEqual(covered(domainWith(cpu), '3.9.0'), ['discard', 'distances', 'cache', 'interconnects']);
});

test('CPU models with a known first release', () => {
  assert.deepEqual(check(domainWith(`<cpu mode='custom'><model>EPYC-Rome</model></cpu>`), '6.8.0'), [
    ['EPYC-Rome', 'CPU model `EPYC-Rome` needs libvirt 6.9.0 or later; the target is 6.8.0'],
  ]);
  assert.deepEqual(check(domainWith(`<cpu mode='custom'><model>EPYC-Rome</model></cpu>`), '6.9.0'), []);
  assert.deepEqual(covered(domainWith(`<cpu><model>Skylake-Server-v4</model></cpu>`), '10.9.0'), ['Skylake-Server-v4']);
  assert.deepEqual(covered(domainWith(`<cpu><model>Skylake-Server-v4</model></cpu>`), '10.10.0'), []);
  // No known date for Haswell: never flagged.
  assert.deepEqual(covered(domainWith(`<cpu><model>Haswell</model></cpu>`), '1.0.0'), []);
  // libvirt ignores <model> under host-passthrough.
  assert.deepEqual(covered(domainWith(`<cpu mode='host-passthrough'><model>EPYC-Rome</model></cpu>`), '5.0.0'), []);
});

test('the finding is a warning', () => {
  const svc = service({ ...defaultSettings, targetVersion: '6.0.0' });
  const { doc } = docAt(domainWith(topology));
  const found = svc.doValidation(doc).filter((d) => d.code === CODE);
  assert.equal(found.length, 2);
  for (const d of found) assert.equal(d.severity, DiagnosticSeverity.Warning);
});

test('documents other than domains are not checked', () => {
  const caps = `<capabilities><host><cpu><arch>x86_64</arch><model>EPYC-Rome</model>
    <topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/></cpu></host></capabilities>`;
  assert.deepEqual(check(caps, '5.0.0'), []);
  assert.deepEqual(check(`<cpu><topology sockets='1' dies='2' cores='1' threads='1'/></cpu>`, '5.0.0'), []);
});

test('unknown elements and attributes are left to other rules', () => {
  const cpu = `<cpu><topology sockets='1' cores='1' threads='1' bogus='1'/><frobnicate since='99'/></cpu>`;
  assert.deepEqual(check(domainWith(cpu), '1.0.0'), []);
});

test('the same document checked with two targets gives each its own answer', () => {
  const { doc } = docAt(domainWith(topology));
  const a = service({ ...defaultSettings, targetVersion: '5.10.0' }).doValidation(doc).filter((d) => d.code === CODE);
  const b = service({ ...defaultSettings, targetVersion: '6.1.0' }).doValidation(doc).filter((d) => d.code === CODE);
  const c = service().doValidation(doc).filter((d) => d.code === CODE);
  assert.deepEqual([a.length, b.length, c.length], [2, 1, 0]);
});

test('device and firmware features of the whole-domain families', async () => {
  const { guest } = await import('../helpers/rules');
  const text = guest(
    "<disk type='file' device='disk'><source file='/a'/><target dev='vdb' bus='virtio'/><throttlefilters><throttlefilter group='g'/></throttlefilters></disk>\n    <iommu model='virtio'/>\n    <panic model='pvpanic'/>",
    { os: "<loader readonly='yes' type='pflash' stateless='yes'>/c.fd</loader>" },
  );
  assert.deepEqual(covered(text, '8.0.0').sort(), ['pvpanic', 'stateless', 'throttlefilters', 'virtio']);
  assert.match(check(text, '11.0.0').map(([, m]) => m).join('\n'), /`<throttlefilters>` needs libvirt 11\.2\.0 or later; the target is 11\.0\.0/);
  assert.deepEqual(covered(text, '11.2.0'), []);
  assert.deepEqual(covered(text, ''), []);
});
