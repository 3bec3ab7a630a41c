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

test('nothing outside the CPU contexts or in other XML', () => {
  assert.deepEqual(labels(domainWith(`<cpu><topology sockets='$0'/></cpu>`)), []);
  assert.deepEqual(labels(`<project><model>$0</model></project>`), []);
  assert.deepEqual(labels(domainWith(`<devices><model>$0</model></devices>`)), []);
});
