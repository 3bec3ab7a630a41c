// Completion: model names in <model>, feature names in <feature name='…'>,
// asserted by the document text after applying the chosen item.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver-types';
import { applyEdits, docAt, domainWith, service } from '../helpers/engine';

/** Completes at `$0`, applies the item labelled `label`, returns the new text (or undefined if not offered). */
function complete(text: string, label: string): string | undefined {
  const { doc, offset } = docAt(text);
  const list = service().doComplete(doc, doc.textDocument.positionAt(offset));
  const item = list.items.find((i) => i.label === label);
  return item ? applyEdits(doc, [item.textEdit as TextEdit]) : undefined;
}

function labels(text: string): string[] {
  const { doc, offset } = docAt(text);
  return service()
    .doComplete(doc, doc.textDocument.positionAt(offset))
    .items.map((i) => i.label);
}

test('model name replaces the partial text', () => {
  assert.equal(complete(domainWith(`<cpu><model>Sky$0</model></cpu>`), 'Skylake-Server'), domainWith(`<cpu><model>Skylake-Server</model></cpu>`));
});

test('model name in an empty <model>', () => {
  assert.equal(complete(domainWith(`<cpu><model>$0</model></cpu>`), 'EPYC-Rome'), domainWith(`<cpu><model>EPYC-Rome</model></cpu>`));
});

test('model name while the end tag is not typed yet', () => {
  assert.equal(complete(`<domain><cpu><model>Has$0`, 'Haswell-noTSX'), `<domain><cpu><model>Haswell-noTSX`);
});

test('models are filtered by <vendor> and ordered newest first', () => {
  const names = labels(domainWith(`<cpu><model>$0</model><vendor>AMD</vendor></cpu>`));
  assert.ok(names.includes('EPYC'));
  assert.ok(!names.includes('Skylake-Client'));
  const { doc, offset } = docAt(domainWith(`<cpu><model>$0</model></cpu>`));
  const items = service().doComplete(doc, doc.textDocument.positionAt(offset)).items;
  const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => i.label);
  assert.ok(sorted.indexOf('Skylake-Client') < sorted.indexOf('Nehalem'), 'Skylake before Nehalem');
});

test('model items show vendor and feature count', () => {
  const { doc, offset } = docAt(domainWith(`<cpu><model>$0</model></cpu>`));
  const item = service().doComplete(doc, doc.textDocument.positionAt(offset)).items.find((i) => i.label === 'Haswell')!;
  assert.match(item.detail!, /^Intel · \d+ features/);
});

test('feature name replaces the whole value', () => {
  assert.equal(
    complete(domainWith(`<cpu><feature policy='require' name='avx5$0xx'/></cpu>`), 'avx512f'),
    domainWith(`<cpu><feature policy='require' name='avx512f'/></cpu>`),
  );
});

test('feature name in a half-typed tag', () => {
  assert.equal(complete(`<domain><cpu><feature name='inv$0`, 'invtsc'), `<domain><cpu><feature name='invtsc`);
});

test('feature items show the CPUID location', () => {
  const { doc, offset } = docAt(domainWith(`<cpu><feature name='$0'/></cpu>`));
  const item = service().doComplete(doc, doc.textDocument.positionAt(offset)).items.find((i) => i.label === 'avx512f')!;
  assert.match(item.detail!, /leaf 7, sub-leaf 0, EBX bit 16/);
});

test('features already listed are left out', () => {
  const names = labels(domainWith(`<cpu><feature name='vmx'/><feature name='$0'/></cpu>`));
  assert.ok(!names.includes('vmx'));
  assert.ok(names.includes('svm'));
});

test('nothing outside the CPU area, in comments or in other XML', () => {
  assert.deepEqual(labels(`<project><model>$0</model></project>`), []);
  assert.deepEqual(labels(domainWith(`<devices><model>$0</model></devices>`)), []);
  // Outside the CPU area the grammar completes (test/unit/grammarAssist.test.ts): no CPU-area item appears there.
  assert.ok(!labels(domainWith(`<devices><disk $0/></devices>`)).includes('mode'));
  assert.deepEqual(labels(domainWith(`<cpu><!-- <model>$0 --></cpu>`)), []);
  assert.deepEqual(labels(domainWith(`<cpu><![CDATA[ $0 ]]></cpu>`)), []);
  assert.deepEqual(labels(domainWith(`<cpu></c$0pu>`)), []);
});

test('model names newest generation first, versions right after their family', () => {
  const { doc, offset } = docAt(domainWith(`<cpu><model>$0</model></cpu>`));
  const items = service().doComplete(doc, doc.textDocument.positionAt(offset)).items;
  const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => i.label);
  const at = (n: string) => sorted.indexOf(n);
  // cpu_map lists Denverton after SierraForest; a 2017 Atom is still older than Sapphire Rapids.
  assert.ok(at('SapphireRapids') < at('Denverton'));
  assert.ok(at('EPYC-Genoa') < at('EPYC-Rome'));
  const skylake = sorted.slice(at('Skylake-Client'), at('Skylake-Client') + 8);
  assert.deepEqual(skylake, [
    'Skylake-Client',
    'Skylake-Client-IBRS',
    'Skylake-Client-noTSX-IBRS',
    'Skylake-Client-v1',
    'Skylake-Client-v2',
    'Skylake-Client-v3',
    'Skylake-Client-v4',
    sorted[at('Skylake-Client') + 7],
  ]);
  assert.ok(!sorted[at('Skylake-Client') + 7].startsWith('Skylake-Client'), 'the family ends after -v4');
  const item = items.find((i) => i.label === 'EPYC-Rome')!;
  assert.match(item.labelDetails!.description!, /^AMD · \d+ features$/);
});

test('model names for the document architecture', () => {
  const arm = labels(domainWith(`<cpu><model>$0</model></cpu>`, 'aarch64'));
  // QEMU's spelling: cpu_map's Neoverse-N1 is a host CPU name libvirt refuses in a guest.
  assert.ok(arm.includes('neoverse-n1') && !arm.includes('Neoverse-N1') && !arm.includes('Skylake-Client'));
  const ppc = labels(domainWith(`<cpu><model>$0</model></cpu>`, 'ppc64le'));
  assert.ok(ppc.includes('POWER10') && !ppc.includes('EPYC'));
});

test('host-passthrough favours the features people toggle there', () => {
  const { doc, offset } = docAt(domainWith(`<cpu mode='host-passthrough'><feature policy='disable' name='$0'/></cpu>`));
  const items = service().doComplete(doc, doc.textDocument.positionAt(offset)).items;
  const first = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).slice(0, 6).map((i) => i.label);
  assert.deepEqual(first, ['vmx', 'svm', 'topoext', 'invtsc', 'hypervisor', 'x2apic']);
  assert.match(items.find((i) => i.label === 'svm')!.labelDetails!.description!, /nested/);
});

test('on a named model, disable favours its own features and require the missing ones', () => {
  const order = (policy: string) => {
    const { doc, offset } = docAt(domainWith(`<cpu><model>Skylake-Client</model><feature policy='${policy}' name='$0'/></cpu>`));
    const items = service().doComplete(doc, doc.textDocument.positionAt(offset)).items;
    return [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
  };
  const disable = order('disable');
  assert.equal(disable[0].labelDetails!.description, 'in Skylake-Client');
  assert.ok(disable.findIndex((i) => i.label === 'avx2') < disable.findIndex((i) => i.label === 'avx512f'));
  const require = order('require');
  assert.equal(require[0].labelDetails!.description, 'not in Skylake-Client');
  assert.ok(require.findIndex((i) => i.label === 'avx512f') < require.findIndex((i) => i.label === 'avx2'));
});

test('vendor names for the architecture', () => {
  assert.equal(complete(domainWith(`<cpu><model>EPYC</model><vendor>A$0</vendor></cpu>`), 'AMD'), domainWith(`<cpu><model>EPYC</model><vendor>AMD</vendor></cpu>`));
  assert.deepEqual(labels(domainWith(`<cpu><vendor>$0</vendor></cpu>`)), ['Intel', 'AMD', 'Hygon']);
});
