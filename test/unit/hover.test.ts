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

test('no hover for unknown names or outside the CPU area', () => {
  assert.equal(hover(domainWith(`<cpu><feature name='nope$0'/></cpu>`)), undefined);
  assert.equal(hover(domainWith(`<cpu><model>Nope$0</model></cpu>`)), undefined);
  // Outside the CPU area the grammar's hover answers (test/unit/grammarAssist.test.ts).
  assert.doesNotMatch(hover(domainWith(`<devices><disk ty$0pe='file'/></devices>`)) ?? '', /CPU/);
  assert.equal(hover(`<project><model>Sky$0lake-Client</model></project>`), undefined);
  assert.equal(hover(domainWith(`<cpu><!-- <model>Sky$0lake-Client</model> --></cpu>`)), undefined);
});

test('feature hover: the oldest model per vendor and the policy written next to it', () => {
  const v = hover(domainWith(`<cpu><model>Skylake-Client</model><feature policy='disable' name='av$0x2'/></cpu>`))!;
  assert.match(v, /First in: Intel `Haswell-noTSX`, AMD `EPYC`, Hygon `Dhyana`\./);
  assert.match(v, /Here \(`policy='disable'`\): turned off in the guest/);
  assert.match(v, /`Skylake-Client` already includes it\./);
  const missing = hover(domainWith(`<cpu><model>Skylake-Client</model><feature name='avx5$012f'/></cpu>`))!;
  assert.match(missing, /Here \(`policy='require'`, the default\)/);
  assert.match(missing, /`Skylake-Client` does not include it\./);
});

test('feature hover: aliases', () => {
  assert.match(hover(domainWith(`<cpu><feature name='p$0ni'/></cpu>`))!, /Other spellings: `sse3` \(qemu\)/);
});

test('model hover: what changed from the previous generation', () => {
  const v = hover(domainWith(`<cpu><model>Skylake-$0Client</model></cpu>`))!;
  assert.match(v, /Compared with `Broadwell` \(previous generation\): adds `abm`, `arat`, `f16c`, `rdrand`, `vme`, `xgetbv1`, `xsavec`, `xsaveopt`; removes 4 VMX capability bits/);
  assert.match(v, /Versions: `Skylake-Client-v1` \(= Skylake-Client\), `Skylake-Client-v2` \(= Skylake-Client-IBRS\)/);
  assert.match(v, /Variants: `Skylake-Client-IBRS`, `Skylake-Client-noTSX-IBRS`/);
});

test('model hover: versions against the previous version, variants against their base', () => {
  assert.match(hover(domainWith(`<cpu><model>Skylake-Client-v$04</model></cpu>`))!, /Compared with `Skylake-Client-v3` \(previous version\): adds `xsaves`/);
  assert.match(hover(domainWith(`<cpu><model>Skylake-Client-IB$0RS</model></cpu>`))!, /Compared with `Skylake-Client` \(base variant\): adds `spec-ctrl`\./);
  assert.match(hover(domainWith(`<cpu><model>Haswell-noTSX-IB$0RS</model></cpu>`))!, /Compared with `Haswell-noTSX` \(base variant\): adds `spec-ctrl`\./);
  assert.match(hover(domainWith(`<cpu><model>EPYC-R$0ome</model></cpu>`))!, /Compared with `EPYC` \(previous generation\): adds .*`clzero`/);
  assert.match(hover(domainWith(`<cpu><model>Skylake-Client-v$01</model></cpu>`))!, /same definition as `Skylake-Client`/);
});

test('model hover on a host CPU says the model is ignored', () => {
  assert.match(hover(domainWith(`<cpu mode='host-passthrough'><model>EP$0YC</model></cpu>`))!, /libvirt drops the model of a host-passthrough CPU/);
});

test('a host CPU feature (capabilities) has no policy line', () => {
  const v = hover(`<capabilities><host><cpu><arch>x86_64</arch><model>EPYC</model><feature name='inv$0tsc'/></cpu></host></capabilities>`)!;
  assert.match(v, /\*\*invtsc\*\*/);
  assert.doesNotMatch(v, /Here \(/);
});
