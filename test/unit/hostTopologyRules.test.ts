// Pins and NUMA tuning checked against loaded host topologies: each code fires
// on the mistake, stays quiet on the expert layout, names the host, and its
// fix (applied) clears it. No host loaded: nothing from this family.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/languageService';
import { readTopologies, type HostTopology } from '../../server/src/hosts/topology';
import { hostTopologyCodes } from '../../server/src/rules/hostTopology/codes';
import { service } from '../helpers/engine';
import { amdCcx, armClusters, intelTwoSocket } from '../helpers/topologyHosts';

const intel = readTopologies(intelTwoSocket(), 'intel.xml');
const amd = readTopologies(amdCcx(), 'amd.xml');
const arm = readTopologies(armClusters(), 'arm.xml');
const ours = new Set(Object.keys(hostTopologyCodes));

function engine(topologies: readonly HostTopology[]): LanguageService {
  const s = new LanguageService(service().catalog);
  s.topologies = topologies;
  return s;
}

/** A KVM x86_64 domain with `vcpus` vCPUs and `body` after <os>. */
function dom(body: string, vcpu = "<vcpu placement='static'>4</vcpu>", arch = 'x86_64'): string {
  return `<domain type='kvm'>\n  <name>t</name>\n  <memory unit='MiB'>1024</memory>\n  ${vcpu}\n  <os><type arch='${arch}'>hvm</type></os>\n  ${body}\n</domain>\n`;
}

function diagnostics(text: string, hosts = intel) {
  const s = engine(hosts);
  const doc = s.parse(TextDocument.create('file:///t.xml', 'xml', 1, text));
  return { s, doc, all: s.doValidation(doc).filter((d) => ours.has(String(d.code))).map((d) => ({ ...d, message: String(d.message) })) };
}

function check(text: string, hosts = intel): Array<[string, string]> {
  const { doc, all } = diagnostics(text, hosts);
  return all.map((d) => [String(d.code), doc.textDocument.getText(d.range)]);
}

/** Applies the first fix for `code`; returns the new text and this family's codes still reported. */
function fix(text: string, code: string, hosts = intel): { text: string; title: string; left: string[] } {
  const { s, doc, all } = diagnostics(text, hosts);
  const d = all.find((x) => x.code === code);
  assert.ok(d, `${code} reported`);
  const action = s.doCodeActions(doc, d.range, [d]).find((a) => a.diagnostics?.[0]?.code === code);
  assert.ok(action?.edit?.changes, `a fix for ${code}`);
  const after = TextDocument.applyEdits(doc.textDocument, action.edit.changes['file:///t.xml']);
  return { text: after, title: action.title, left: check(after, hosts).map(([c]) => c) };
}

const pins = (...cpus: string[]) => cpus.map((c, v) => `<vcpupin vcpu='${v}' cpuset='${c}'/>`).join('');
const goodTopology = "<cpu><topology sockets='1' cores='2' threads='2'/></cpu>";

test('the expert layout (whole cores, siblings together, emulator on a free core) is quiet', () => {
  assert.deepEqual(check(dom(`<cputune>${pins('0', '8', '1', '9')}<emulatorpin cpuset='2,10'/></cputune>${goodTopology}`)), []);
});

test('no host loaded: the family says nothing, even about obvious mistakes', () => {
  assert.deepEqual(check(dom(`<cputune>${pins('40', '40', '1', '9')}</cputune>`), []), []);
});

test('host-cpu-missing: every kind of pin, naming the host and the CPUs it has; fix keeps the CPUs that exist', () => {
  const text = dom(`<cputune>${pins('0', '8', '1', '14-17')}<emulatorpin cpuset='32'/><iothreadpin iothread='1' cpuset='2,99'/></cputune>`, "<vcpu cpuset='0-20'>4</vcpu><iothreads>1</iothreads>");
  assert.deepEqual(
    check(text).filter(([c]) => c === 'host-cpu-missing'),
    [
      ['host-cpu-missing', '0-20'],
      ['host-cpu-missing', '14-17'],
      ['host-cpu-missing', '32'],
      ['host-cpu-missing', '2,99'],
    ],
  );
  const { all } = diagnostics(text);
  const d = all.find((x) => x.code === 'host-cpu-missing')!;
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.match(d.message, /^<vcpu cpuset> names CPUs 16-20 that host 'intel\.xml' does not have \(it has CPUs 0-15\): the pin cannot be honoured there$/);
  const r = fix(dom(`<cputune>${pins('0', '8', '1', '9-17')}</cputune>`), 'host-cpu-missing');
  assert.equal(r.title, "Change cpuset to '9-15'");
  assert.ok(r.text.includes("<vcpupin vcpu='3' cpuset='9-15'/>"));
  assert.ok(!r.left.includes('host-cpu-missing'));
});

test('host-cpu-missing on two hosts with the same verdict is one finding naming both', () => {
  const two = [...intel, ...readTopologies(intelTwoSocket(), 'other.xml')];
  const { all } = diagnostics(dom(`<cputune>${pins('0', '8', '1', '40')}</cputune>`), two);
  const missing = all.filter((d) => d.code === 'host-cpu-missing');
  assert.equal(missing.length, 1);
  assert.match(missing[0].message, /hosts 'intel\.xml', 'other\.xml'/);
});

test('host-node-missing: numatune nodesets naming cells the host lacks; fix keeps those it has', () => {
  const cells = "<cpu><numa><cell id='0' cpus='0-3' memory='1024' unit='MiB'/></numa></cpu>";
  const text = dom(`<numatune><memory mode='strict' nodeset='0-2'/><memnode cellid='0' mode='strict' nodeset='3'/></numatune>${cells}`);
  assert.deepEqual(check(text), [
    ['host-node-missing', '0-2'],
    ['host-node-missing', '3'],
  ]);
  assert.match(diagnostics(text).all[0].message, /NUMA cell 2 that host 'intel\.xml' does not have \(it has 0-1\).*"NUMA node 2 is unavailable"/);
  const r = fix(text, 'host-node-missing');
  assert.ok(r.text.includes("nodeset='0-1'"));
});

test('host-threads-split: guest thread siblings on different host cores; fix pins to the sibling thread', () => {
  const text = dom(`<cputune>${pins('0', '1', '2', '10')}</cputune>${goodTopology}`);
  assert.deepEqual(check(text), [['host-threads-split', '1']]);
  assert.match(diagnostics(text).all[0].message, /^vCPUs 0-1 are threads of one guest core \(threads='2'\) but are pinned to 2 different cores of host 'intel\.xml'$/);
  const r = fix(text, 'host-threads-split');
  assert.equal(r.title, "Change vCPU 1's cpuset to '8', the sibling thread of CPU 0");
  assert.deepEqual(r.left, []);
  // threads='1': nothing to keep together; floating pins over a core's two threads are fine.
  assert.deepEqual(check(dom(`<cputune>${pins('0', '1', '2', '3')}</cputune><cpu><topology sockets='1' cores='4' threads='1'/></cpu>`)), []);
  assert.deepEqual(check(dom(`<cputune>${pins('0,8', '0,8', '1,9', '1,9')}</cputune>${goodTopology}`)), []);
});

test('host-threads-split on AMD: siblings k and k+16', () => {
  assert.deepEqual(check(dom(`<cputune>${pins('0', '16', '1', '17')}</cputune>${goodTopology}`), amd), []);
  assert.deepEqual(check(dom(`<cputune>${pins('0', '1', '2', '3')}</cputune>${goodTopology}`), amd).map(([c]) => c), ['host-threads-split', 'host-threads-split']);
});

test('host-cell-spans-nodes and host-cell-memory-remote: guest cells against host cells', () => {
  const numa = "<cpu><numa><cell id='0' cpus='0-1' memory='512' unit='MiB'/><cell id='1' cpus='2-3' memory='512' unit='MiB'/></numa></cpu>";
  // Cell 0 on host cells 0 and 1; cell 1 memory spread; then remote memory.
  const spans = dom(`<cputune>${pins('0', '4', '5', '13')}</cputune><numatune><memnode cellid='0' mode='strict' nodeset='0'/><memnode cellid='1' mode='strict' nodeset='0-1'/></numatune>${numa}`);
  assert.deepEqual(check(spans), [
    ['host-cell-spans-nodes', '0-1'],
    ['host-cell-spans-nodes', '0-1'],
  ]);
  const r = fix(spans.replace("cpuset='5'", "cpuset='4'").replace("cpuset='13'", "cpuset='12'").replace("<vcpupin vcpu='1' cpuset='4'", "<vcpupin vcpu='1' cpuset='8'"), 'host-cell-spans-nodes');
  assert.deepEqual(r.left, []);
  assert.ok(r.text.includes("<memnode cellid='1' mode='strict' nodeset='1'/>"), r.text);
  const remote = dom(`<cputune>${pins('0', '8', '4', '12')}</cputune><numatune><memnode cellid='0' mode='strict' nodeset='0'/><memnode cellid='1' mode='strict' nodeset='0'/></numatune>${numa}`);
  assert.deepEqual(check(remote), [['host-cell-memory-remote', '0']]);
  assert.match(diagnostics(remote).all[0].message, /guest NUMA cell 1's vCPUs run on host cell 1 of host 'intel\.xml' but its memory is bound to host cell 0/);
  assert.deepEqual(fix(remote, 'host-cell-memory-remote').left, []);
});

test('host-vcpus-share-cpu: two vCPUs pinned to the same single CPU', () => {
  assert.deepEqual(check(dom(`<cputune>${pins('3', '3', '0-1', '0-1')}</cputune>`)), [['host-vcpus-share-cpu', '3']]);
  assert.match(diagnostics(dom(`<cputune>${pins('3', '3', '0', '1')}</cputune>`)).all[0].message, /^vCPU 1 and vCPU 0 are both pinned to CPU 3 alone on host 'intel\.xml'/);
});

test('host-emulator-on-vcpus: emulatorpin and iothreadpin on vCPU CPUs; fix moves them to free CPUs of the same cells', () => {
  const text = dom(`<cputune>${pins('0', '8', '1', '9')}<emulatorpin cpuset='0-1'/><iothreadpin iothread='1' cpuset='9'/></cputune>${goodTopology}`, "<vcpu>4</vcpu><iothreads>1</iothreads>");
  assert.deepEqual(check(text), [
    ['host-emulator-on-vcpus', '0-1'],
    ['host-emulator-on-vcpus', '9'],
  ]);
  const r = fix(text, 'host-emulator-on-vcpus');
  assert.equal(r.title, "Change cpuset to '2-3,10-11'");
  assert.deepEqual(r.left, ['host-emulator-on-vcpus']);
});

test('host-placement-auto: information on <vcpu> and <numatune><memory>', () => {
  const text = dom("<numatune><memory mode='strict' placement='auto'/></numatune>", "<vcpu placement='auto'>4</vcpu>");
  assert.deepEqual(check(text), [
    ['host-placement-auto', 'auto'],
    ['host-placement-auto', 'auto'],
  ]);
  assert.equal(diagnostics(text).all[0].severity, DiagnosticSeverity.Information);
});

test('aarch64 host without SMT: threads=1 pins on distinct cores are quiet; a missing CPU is still named', () => {
  const arm4 = dom(`<cputune>${pins('0', '1', '2', '3')}</cputune><cpu><topology sockets='1' cores='4' threads='1'/></cpu>`, "<vcpu>4</vcpu>", 'aarch64');
  assert.deepEqual(check(arm4, arm), []);
  assert.deepEqual(check(arm4.replace("cpuset='3'", "cpuset='16'"), arm), [['host-cpu-missing', '16']]);
});

test('broken values are left to the other families: no throw, no finding from this one', () => {
  for (const t of [
    dom(`<cputune><vcpupin vcpu='x' cpuset='99'/><vcpupin vcpu='0' cpuset='1-'/><emulatorpin/></cputune>`),
    dom('<cputune><vcpupin', "<vcpu>-1</vcpu>"),
    dom("<numatune><memnode cellid='0' nodeset='zz'/></numatune><cpu><topology threads='0'/><numa><cell/></numa></cpu>"),
  ]) {
    assert.deepEqual(check(t), []);
  }
});
