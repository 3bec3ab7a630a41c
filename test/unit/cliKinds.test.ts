// The CLI lints every kind of libvirt document and says which kind each file
// is: in the text summary, per file with --verbose, as `kind` in JSON and in
// the SARIF artifacts' property bag; a file that is not libvirt's says why
// (with --verbose), and the output is the same whatever --jobs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domain, runCli, tree, writeTree } from '../helpers/cli';

/** One small document of each kind libvirt's grammar covers (and a bare CPU), each valid. */
const kinds: Record<string, { file: string; text: string }> = {
  domain: { file: 'a/domain.xml', text: domain('web') },
  network: { file: 'b/network.xml', text: "<network>\n  <name>default</name>\n  <forward mode='nat'/>\n  <bridge name='virbr0'/>\n  <ip address='192.168.122.1' netmask='255.255.255.0'/>\n</network>\n" },
  networkport: {
    file: 'c/port.xml',
    text: "<networkport>\n  <uuid>5d744f21-ba4a-4d6e-bdb2-30a35ff3207d</uuid>\n  <owner>\n    <name>guest</name>\n    <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>\n  </owner>\n  <mac address='52:54:00:7b:35:93'/>\n  <plug type='network' bridge='virbr0'/>\n</networkport>\n",
  },
  storagepool: { file: 'd/pool.xml', text: "<pool type='dir'>\n  <name>default</name>\n  <target>\n    <path>/var/lib/libvirt/images</path>\n  </target>\n</pool>\n" },
  storagevol: { file: 'e/vol.xml', text: "<volume>\n  <name>x.qcow2</name>\n  <capacity unit='G'>10</capacity>\n  <target>\n    <format type='qcow2'/>\n  </target>\n</volume>\n" },
  nwfilter: { file: 'f/filter.xml', text: "<filter name='no-ip-spoofing' chain='ipv4'>\n  <rule action='drop' direction='out' priority='500'>\n    <ip match='no' srcipaddr='$IP'/>\n  </rule>\n</filter>\n" },
  secret: { file: 'g/secret.xml', text: "<secret ephemeral='no' private='yes'>\n  <usage type='ceph'>\n    <name>client.admin</name>\n  </usage>\n</secret>\n" },
  interface: { file: 'h/iface.xml', text: "<interface type='ethernet' name='eth0'>\n  <start mode='onboot'/>\n  <protocol family='ipv4'>\n    <dhcp/>\n  </protocol>\n</interface>\n" },
  nodedev: {
    file: 'i/dev.xml',
    text: "<device>\n  <name>net_00_13_02_b9_f9_d3</name>\n  <parent>pci_8086_4227</parent>\n  <capability type='net'>\n    <interface>eth0</interface>\n    <address>00:13:02:b9:f9:d3</address>\n  </capability>\n</device>\n",
  },
  cpu: { file: 'j/cpu.xml', text: "<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>Skylake-Client</model>\n</cpu>\n" },
};

const foreign = {
  'k/pom.xml': '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion></project>\n',
  'k/web-filter.xml': '<filter>\n  <filter-name>gzip</filter-name>\n  <filter-class>org.example.GzipFilter</filter-class>\n</filter>\n',
};

const files = { ...Object.fromEntries(Object.values(kinds).map((k) => [k.file, k.text])), ...foreign };

test('every kind is checked and counted in the summary; other XML is skipped', () => {
  const dir = tree(files);
  const r = runCli(['.'], dir);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(
    r.stdout,
    '0 errors, 0 warnings, 0 notes in 10 files: 1 domain, 1 CPU, 1 network, 1 network port, 1 storage pool, 1 storage volume, 1 network filter, 1 secret, 1 host interface, 1 node device (2 other files skipped)\n',
  );
  writeTree(dir, { 'a/other.xml': domain('other') });
  const two = runCli(['a', 'b/network.xml'], dir);
  assert.match(two.stdout, /in 3 files: 2 domains, 1 network\n$/);
});

test('each kind is linted by its own grammar: one mistake, one error, in every kind', () => {
  const broken: Record<string, string> = {};
  for (const { file, text } of Object.values(kinds)) {
    // Misspell the root's first child (for a bare <cpu>, which has no grammar of its own, the model).
    broken[file] = file === kinds.cpu.file ? text.replace('Skylake-Client', 'Skylake-Clinet') : text.replace(/\n {2}<([a-z]+)/, '\n  <$1x');
  }
  const dir = tree(broken);
  const r = runCli(['--format', 'json', '.'], dir);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout) as Array<{ file: string; kind: string; diagnostics: Array<{ code: string; severity: number }> }>;
  for (const [kind, { file }] of Object.entries(kinds)) {
    const entry = out.find((e) => e.file === file);
    assert.ok(entry, `${file} checked`);
    assert.equal(entry.kind, kind);
    assert.ok(entry.diagnostics.some((d) => d.severity === 1), `${kind}: an error (${JSON.stringify(entry.diagnostics.map((d) => d.code))})`);
  }
});

test('--verbose names each file\'s kind and why a file was skipped', () => {
  const dir = tree({ 'vms/web.xml': domain('web', 'Skylake-Clinet'), 'vms/net.xml': kinds.network.text, ...foreign });
  const r = runCli(['--verbose', 'vms', 'k'], dir);
  assert.equal(r.status, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 2), ['vms/net.xml: network', 'vms/web.xml: domain']);
  assert.match(lines[2], /^vms\/web\.xml:9:12: error cpu-model-unknown: /);
  assert.deepEqual(lines.slice(3, 5), [
    'k/pom.xml: skipped: not libvirt XML (root <project> declares a default namespace)',
    "k/web-filter.xml: skipped: not libvirt XML (root <filter> with <filter-name>, <filter-class>, which libvirt's network filter has not)",
  ]);
  assert.equal(lines[5], '1 error, 0 warnings, 0 notes in 2 files: 1 domain, 1 network (2 other files skipped)');
  // Without --verbose the problem lines and the summary only, as compilers print them.
  assert.deepEqual(runCli(['vms', 'k'], dir).stdout.split('\n').length, 3);
});

test('SARIF lists each file checked as an artifact with its kind in the property bag', () => {
  const dir = tree(files);
  const log = JSON.parse(runCli(['--format', 'sarif', '.'], dir).stdout) as {
    runs: Array<{ artifacts: Array<{ location: { uri: string; uriBaseId: string }; roles: string[]; properties: { documentKind: string } }> }>;
  };
  const artifacts = log.runs[0].artifacts;
  assert.equal(artifacts.length, 10, 'the skipped files are not artifacts');
  for (const [kind, { file }] of Object.entries(kinds)) {
    const a = artifacts.find((x) => x.location.uri === file);
    assert.deepEqual(a, { location: { uri: file, uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'], properties: { documentKind: kind } });
  }
});

test('the same output whatever --jobs, kinds included', () => {
  const many: Record<string, string> = {};
  const list = Object.values(kinds);
  for (let i = 0; i < 60; i++) many[`m/${String(i).padStart(2, '0')}.xml`] = i % 7 === 3 ? foreign['k/web-filter.xml'] : list[i % list.length].text;
  const dir = tree(many);
  for (const format of ['text', 'json', 'sarif']) {
    const args = ['--format', format, ...(format === 'text' ? ['--verbose'] : []), 'm'];
    const one = runCli(['--jobs', '1', ...args], dir);
    const two = runCli(['--jobs', '2', ...args], dir);
    assert.equal(one.stderr, '');
    assert.equal(two.stdout, one.stdout, format);
  }
});
