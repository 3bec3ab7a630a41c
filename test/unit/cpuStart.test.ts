// What libvirt looks up when an x86 domain starts, by mode, match and check: match='minimum'
// and host-model replace the model by the host CPU's, and only check='partial' looks the name
// up. Every case below was settled with virsh domxml-to-native on libvirt 11.3.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { applyEdits, docAt, service } from '../helpers/engine';

function domain(cpu: string, type = 'kvm'): string {
  return `<domain type='${type}'>\n  <name>t</name>\n  <memory unit='MiB'>256</memory>\n  <vcpu>2</vcpu>\n  <os><type arch='x86_64'>hvm</type></os>\n  ${cpu}\n</domain>\n`;
}

const names = /^cpu-(model-(unknown|replaced|not-in-catalog|whitespace|translated)|match-minimum|feature-unknown)$/;

/** [code, severity, covered text] for the model/feature-name codes. */
function check(text: string): Array<[string, string, string]> {
  const { doc } = docAt(text);
  const sev = ['', 'error', 'warning', 'information', 'hint'];
  return service()
    .doValidation(doc)
    .filter((d) => names.test(String(d.code)))
    .map((d) => [String(d.code), sev[d.severity ?? 0], doc.textDocument.getText(d.range)]);
}

test("match='minimum' with an unknown model: accepted unless check is partial (TCG default none)", () => {
  // Oracle: type='qemu' minimum → -cpu EPYC,… (host model); check='none'/'full' the same.
  assert.deepEqual(check(domain(`<cpu mode='custom' match='minimum'><model>NotAModel</model></cpu>`, 'qemu')), [['cpu-model-replaced', 'warning', 'NotAModel']]);
  for (const c of ['none', 'full']) {
    for (const type of ['qemu', 'kvm']) {
      assert.deepEqual(check(domain(`<cpu mode='custom' match='minimum' check='${c}'><model>NotAModel</model></cpu>`, type)), [['cpu-model-replaced', 'warning', 'NotAModel']], `${type} ${c}`);
    }
  }
});

test("match='minimum' with an unknown model and check='partial' (explicit, or the KVM default) is refused", () => {
  // Oracle: internal error: Unknown CPU model NotAModel
  assert.deepEqual(check(domain(`<cpu mode='custom' match='minimum'><model>NotAModel</model></cpu>`, 'kvm')), [['cpu-model-unknown', 'error', 'NotAModel']]);
  assert.deepEqual(check(domain(`<cpu mode='custom' match='minimum' check='partial'><model>NotAModel</model></cpu>`, 'qemu')), [['cpu-model-unknown', 'error', 'NotAModel']]);
});

test('exact and strict always look the model up, whatever the check', () => {
  for (const m of ['exact', 'strict']) {
    for (const c of ['none', 'partial', 'full']) {
      assert.deepEqual(check(domain(`<cpu mode='custom' match='${m}' check='${c}'><model>NotAModel</model></cpu>`, 'qemu')), [['cpu-model-unknown', 'error', 'NotAModel']], `${m} ${c}`);
    }
  }
});

test("match='minimum' with a misspelt model offers the close names", () => {
  const text = domain(`<cpu mode='custom' match='minimum' check='none'><model>Skylake-Clinet</model></cpu>`);
  const { doc } = docAt(text);
  const d = service().doValidation(doc).find((x) => x.code === 'cpu-model-replaced')!;
  assert.match(String(d.message), /never looks up the model 'Skylake-Clinet'.*did you mean 'Skylake-Client'/);
  const actions = service().doCodeActions(doc, d.range, [d]);
  const fix = actions.find((a) => a.title === "Change model to 'Skylake-Client'");
  assert.ok(fix, actions.map((a) => a.title).join(', '));
  assert.equal(applyEdits(doc, fix.edit!.changes!['file:///test.xml']), text.replace('Skylake-Clinet', 'Skylake-Client'));
});

test("match='minimum' with blanks around a model is not refused (the name is never read)", () => {
  assert.deepEqual(check(domain(`<cpu mode='custom' match='minimum'><model> qemu64</model></cpu>`, 'qemu')), [['cpu-model-replaced', 'warning', ' qemu64']]);
});

test("match='minimum' with a known model: warned when not enforced, informed when check='partial'", () => {
  const text = domain(`<cpu mode='custom' match='minimum' check='none'><model>Skylake-Client</model></cpu>`);
  assert.deepEqual(check(text), [['cpu-model-replaced', 'warning', 'Skylake-Client']]);
  const { doc } = docAt(text);
  const d = service().doValidation(doc).find((x) => x.code === 'cpu-model-replaced')!;
  const fix = service().doCodeActions(doc, d.range, [d]).find((a) => a.title.startsWith("Set check='partial'"))!;
  assert.equal(applyEdits(doc, fix.edit!.changes!['file:///test.xml']), text.replace("check='none'", "check='partial'"));
  assert.deepEqual(check(domain(`<cpu mode='custom' match='minimum'><model>Skylake-Client</model></cpu>`)), [['cpu-match-minimum', 'information', 'Skylake-Client']]);
  // Without check the fix adds the attribute.
  const noCheck = domain(`<cpu mode='custom' match='minimum'><model>Skylake-Client</model></cpu>`, 'qemu');
  const parsed = docAt(noCheck).doc;
  const d2 = service().doValidation(parsed).find((x) => x.code === 'cpu-model-replaced')!;
  assert.match(String(d2.message), /libvirt's default for type='qemu'/);
  const fix2 = service().doCodeActions(parsed, d2.range, [d2]).find((a) => a.title.startsWith("Set check='partial'"))!;
  assert.equal(applyEdits(parsed, fix2.edit!.changes!['file:///test.xml']), noCheck.replace("match='minimum'>", "match='minimum' check='partial'>"));
});

test("match='minimum' still looks every feature name up (unknown CPU feature)", () => {
  // Oracle: unsupported configuration: unknown CPU feature: vmxx
  assert.deepEqual(check(domain(`<cpu mode='custom' match='minimum' check='none'><model>qemu64</model><feature policy='require' name='vmxx'/></cpu>`, 'qemu')).sort(), [
    ['cpu-feature-unknown', 'error', 'vmxx'],
    ['cpu-model-replaced', 'warning', 'qemu64'],
  ]);
});

test('host-model with a model: refused when unknown under check=partial (its default), replaced otherwise', () => {
  // Oracle: host-model + partial/absent → Unknown CPU model; none/full → -cpu EPYC,… (host model);
  // a known model under partial is compared with the host ("Host CPU does not provide required features").
  assert.deepEqual(check(domain(`<cpu mode='host-model'><model>NotAModel</model></cpu>`, 'qemu')), [['cpu-model-unknown', 'error', 'NotAModel']]);
  for (const c of ['none', 'full']) {
    assert.deepEqual(check(domain(`<cpu mode='host-model' check='${c}'><model>NotAModel</model></cpu>`)), [['cpu-model-replaced', 'warning', 'NotAModel']], c);
  }
  assert.deepEqual(check(domain(`<cpu mode='host-model' check='full'><model> Haswell </model></cpu>`)), [['cpu-model-replaced', 'warning', ' Haswell ']]);
  assert.deepEqual(check(domain(`<cpu mode='host-model'><model>Skylake-Client</model></cpu>`)), [['cpu-match-minimum', 'information', 'Skylake-Client']]);
});

test('non-x86 and non-QEMU domains are left alone by the minimum rule', () => {
  const arm = domain(`<cpu mode='custom' match='minimum' check='none'><model>cortex-a57</model></cpu>`).replace('x86_64', 'aarch64');
  assert.ok(!check(arm).some(([c]) => c === 'cpu-model-replaced' || c === 'cpu-match-minimum'));
  assert.deepEqual(check(domain(`<cpu mode='custom' match='minimum' check='none'><model>qemu64</model></cpu>`, 'xen')), []);
});

test('severities of the new codes', () => {
  const { doc } = docAt(domain(`<cpu mode='custom' match='minimum' check='none'><model>NotAModel</model></cpu>`));
  assert.equal(service().doValidation(doc).find((x) => x.code === 'cpu-model-replaced')?.severity, DiagnosticSeverity.Warning);
});

test('cpu_map models QEMU does not offer: translated with fallback allow, refused with forbid (warnings: QEMU-version dependent)', () => {
  // Oracle: Icelake-Client (allow) → -cpu Skylake-Client,…; pentiumpro (forbid) → CPU model pentiumpro is not supported by hypervisor
  assert.deepEqual(check(domain(`<cpu mode='custom'><model>Icelake-Client</model></cpu>`, 'qemu')), [['cpu-model-translated', 'warning', 'Icelake-Client']]);
  const text = domain(`<cpu mode='custom'><model fallback='forbid'>pentiumpro</model></cpu>`, 'qemu');
  assert.deepEqual(check(text), [['cpu-model-translated', 'warning', 'pentiumpro']]);
  const { doc } = docAt(text);
  const d = service().doValidation(doc).find((x) => x.code === 'cpu-model-translated')!;
  assert.match(String(d.message), /^CPU model pentiumpro is not supported by hypervisor/);
  const f = service().doCodeActions(doc, d.range, [d]).find((a) => a.title.startsWith("Change fallback to 'allow'"))!;
  assert.equal(applyEdits(doc, f.edit!.changes!['file:///test.xml']), text.replace("fallback='forbid'", "fallback='allow'"));
  assert.deepEqual(check(domain(`<cpu mode='custom'><model>Skylake-Client</model></cpu>`, 'qemu')), []);
  // replaced by the host model anyway
  assert.deepEqual(check(domain(`<cpu mode='custom' match='minimum' check='none'><model>pentiumpro</model></cpu>`, 'qemu')), [['cpu-model-replaced', 'warning', 'pentiumpro']]);
});
