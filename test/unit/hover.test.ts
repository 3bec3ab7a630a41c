// Hover: features show their CPUID/MSR bit, description and model count;
// models show vendor, signatures and family text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docAt, domainWith, service } from '../helpers/engine';

function hover(text: string): string | undefined {
  const { doc, offset } = docAt(text);
  const h = service().doHover(doc, doc.textDocument.positionAt(offset));
  return h ? (h.contents as { value: string }).value : undefined;
}

test('feature hover: CPUID leaf, sub-leaf, register and bit', () => {
  const v = hover(domainWith(`<cpu><feature policy='require' name='avx5$012f'/></cpu>`))!;
  assert.match(v, /CPUID leaf 7, sub-leaf 0, EBX bit 16/);
  assert.match(v, /Included in \d+ of \d+ x86 models/);
  assert.match(v, /AVX-512/);
});

test('feature hover: MSR features', () => {
  const v = hover(domainWith(`<cpu><feature name='rdctl-n$0o'/></cpu>`))!;
  assert.match(v, /MSR 0x10a, EAX bit 0/);
});

test('feature hover: not migratable', () => {
  assert.match(hover(domainWith(`<cpu><feature name='inv$0tsc'/></cpu>`))!, /Not migratable/);
});

test('model hover: vendor, features, signatures', () => {
  const v = hover(domainWith(`<cpu><model>Skylake-$0Client</model></cpu>`))!;
  assert.match(v, /\*\*Skylake-Client\*\* · Intel x86 CPU model/);
  assert.match(v, /family 6 model 94/);
  assert.match(v, /Skylake-Client-v4/);
});

test('no hover for unknown names or outside CPU contexts', () => {
  assert.equal(hover(domainWith(`<cpu><feature name='nope$0'/></cpu>`)), undefined);
  assert.equal(hover(domainWith(`<cpu><topology sockets='1$0'/></cpu>`)), undefined);
});
