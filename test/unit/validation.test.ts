// Diagnostics through the facade: which codes fire on which text, their
// severities, and that non-libvirt documents stay silent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { docAt, domainWith, service } from '../helpers/engine';

/** Codes of the families under test here: XML syntax and CPU names (other families have their own tests). */
const underTest = /^(xml-|cpu-model-(unknown|not-in-catalog|whitespace)$|cpu-feature-(unknown|alias|not-in-catalog)$)/;

/** [code, covered text] pairs for `text`, for the codes under test. */
function check(text: string): Array<[string, string]> {
  const { doc } = docAt(text);
  return service()
    .doValidation(doc)
    .filter((d) => underTest.test(String(d.code)))
    .map((d) => [String(d.code), doc.textDocument.getText(d.range)]);
}

test('a clean custom CPU has no diagnostics', () => {
  assert.deepEqual(check(domainWith(`<cpu mode='custom'><model>Skylake-Client</model><feature policy='disable' name='hle'/></cpu>`)), []);
});

test('unknown model under custom mode, with suggestions', () => {
  const { doc } = docAt(domainWith(`<cpu mode='custom'><model>Skylake-Clinet</model></cpu>`));
  const [d] = service().doValidation(doc).filter((x) => underTest.test(String(x.code)));
  assert.equal(d.code, 'cpu-model-unknown');
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.match(String(d.message), /^Unknown CPU model Skylake-Clinet \(did you mean 'Skylake-Client'/);
});

test('mode defaults to custom', () => {
  assert.deepEqual(check(domainWith(`<cpu><model>Nehalem-X</model></cpu>`)), [['cpu-model-unknown', 'Nehalem-X']]);
});

test('model names are case-sensitive', () => {
  assert.deepEqual(check(domainWith(`<cpu><model>skylake-client</model></cpu>`)), [['cpu-model-unknown', 'skylake-client']]);
});

test('blanks around a model name are an error with a trim fix', () => {
  assert.deepEqual(check(domainWith(`<cpu><model> Haswell </model></cpu>`)), [['cpu-model-whitespace', ' Haswell ']]);
});

test('a model that is only blanks is unknown to libvirt', () => {
  assert.deepEqual(check(domainWith(`<cpu><model> </model></cpu>`)), [['cpu-model-unknown', ' ']]);
  assert.deepEqual(check(domainWith(`<cpu><model></model></cpu>`)), []);
});

test('model under host-passthrough is not checked here (libvirt drops it)', () => {
  assert.deepEqual(check(domainWith(`<cpu mode='host-passthrough'><model>Bogus</model></cpu>`)), []);
});

test('unknown model under host-model with check=none is only a warning', () => {
  const { doc } = docAt(domainWith(`<cpu mode='host-model' check='none'><model>Bogus</model></cpu>`));
  const [d] = service().doValidation(doc).filter((x) => underTest.test(String(x.code)) || x.code === 'cpu-model-replaced');
  assert.equal(d.code, 'cpu-model-replaced');
  assert.equal(d.severity, DiagnosticSeverity.Warning);
});

test('unknown feature in every mode', () => {
  for (const mode of ['custom', 'host-model', 'host-passthrough', 'maximum']) {
    const model = mode === 'custom' ? '<model>qemu64</model>' : '';
    assert.deepEqual(check(domainWith(`<cpu mode='${mode}'>${model}<feature policy='require' name='avx9000'/></cpu>`)), [['cpu-feature-unknown', 'avx9000']], mode);
  }
});

test('feature alias is an error pointing at the canonical name', () => {
  assert.deepEqual(check(domainWith(`<cpu mode='host-passthrough'><feature policy='require' name='sse3'/></cpu>`)), [['cpu-feature-alias', 'sse3']]);
});

test('feature names are case-sensitive', () => {
  assert.deepEqual(check(domainWith(`<cpu><model>qemu64</model><feature policy='require' name='SSE2'/></cpu>`)), [['cpu-feature-unknown', 'SSE2']]);
});

test('non-x86 guests are judged by the cpuArch family, not against cpu_map', () => {
  const { doc } = docAt(domainWith(`<cpu mode='custom'><model>cortex-a99</model><feature policy='require' name='whatever'/></cpu>`, 'aarch64'));
  const d = service().doValidation(doc).filter((x) => underTest.test(String(x.code)) || String(x.code).startsWith('cpu-arch-'));
  assert.deepEqual(d.map((x) => [x.code, x.severity]), [
    ['cpu-arch-model-unknown', DiagnosticSeverity.Error],
    ['cpu-arch-feature-unknown', DiagnosticSeverity.Error],
  ]);
});

test('host capabilities: unknown names are warnings', () => {
  const caps = `<capabilities><host><cpu><arch>x86_64</arch><model>FutureLake</model><vendor>Intel</vendor><feature name='newthing'/></cpu></host></capabilities>`;
  assert.deepEqual(check(caps), [
    ['cpu-model-not-in-catalog', 'FutureLake'],
    ['cpu-feature-not-in-catalog', 'newthing'],
  ]);
});

test('domain capabilities: custom model list and host-model are checked leniently', () => {
  const caps = `<domainCapabilities><arch>x86_64</arch><cpu>
    <mode name='host-model' supported='yes'><model fallback='forbid'>Skylake-Client-IBRS</model><feature policy='require' name='madeup'/></mode>
    <mode name='custom' supported='yes'><model usable='yes'>Haswell</model><model usable='no'>Nope</model></mode>
  </cpu></domainCapabilities>`;
  assert.deepEqual(check(caps), [
    ['cpu-feature-not-in-catalog', 'madeup'],
    ['cpu-model-not-in-catalog', 'Nope'],
  ]);
});

test('a bare <cpu> for cpu-compare is read as a guest CPU', () => {
  assert.deepEqual(check(`<cpu match='exact'><model>Bogus</model></cpu>`), [['cpu-model-unknown', 'Bogus']]);
});

test('XML syntax problems come with libvirt documents only', () => {
  assert.deepEqual(check(`<domain><cpu mode='custom'></domain>`), [['xml-missing-end-tag', 'cpu']]);
  assert.deepEqual(check(`<project><a></project>`), []);
});

test('severity overrides and off', () => {
  const settings = { ...service().settings, diagnostics: { enable: true, severity: { 'cpu-model-unknown': 'warning' as const, 'cpu-feature-unknown': 'off' as const } } };
  const { doc } = docAt(domainWith(`<cpu><model>Bogus</model><feature policy='require' name='nope'/></cpu>`));
  const d = service(settings).doValidation(doc).filter((x) => underTest.test(String(x.code)));
  assert.deepEqual(d.map((x) => [x.code, x.severity]), [['cpu-model-unknown', DiagnosticSeverity.Warning]]);
});

test('diagnostics can be turned off', () => {
  const settings = { ...service().settings, diagnostics: { enable: false, severity: {} } };
  const { doc } = docAt(domainWith(`<cpu><model>Bogus</model></cpu>`));
  assert.deepEqual(service(settings).doValidation(doc), []);
});
