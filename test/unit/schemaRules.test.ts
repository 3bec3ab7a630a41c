// The grammar rule family through the facade: libvirt's RelaxNG schema over the
// whole document, one diagnostic per mistake at the name or value concerned,
// did-you-mean quick-fixes, foreign namespaces, other document kinds, and no
// second diagnostic where a CPU-area rule already reports the spot.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { applyEdits, docAt, service } from '../helpers/engine';

function domain(devices: string, extra = ''): string {
  return `<domain type='kvm'>
  <name>t</name>
  <memory unit='MiB'>512</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>${extra}
  <devices>
    ${devices}
  </devices>
</domain>
`;
}

const fileDisk = `<disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/t.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>`;

function diagnostics(text: string): Diagnostic[] {
  const { doc } = docAt(text);
  return service().doValidation(doc);
}

/** [code, covered text] of every error. */
function errors(text: string): Array<[string, string]> {
  const { doc } = docAt(text);
  return service()
    .doValidation(doc)
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => [String(d.code), doc.textDocument.getText(d.range)]);
}

/** The text after applying the preferred quick-fix for the only diagnostic with `code`. */
function fixed(text: string, code: string): string {
  const { doc } = docAt(text);
  const diags = service().doValidation(doc).filter((d) => d.code === code);
  assert.equal(diags.length, 1, `one ${code}`);
  const actions = service().doCodeActions(doc, diags[0].range, diags);
  const action = actions.find((a) => a.isPreferred) ?? actions[0];
  assert.ok(action?.edit?.changes, 'a quick-fix');
  return applyEdits(doc, Object.values(action.edit.changes)[0]);
}

test('a valid domain with a disk and an interface has no errors', () => {
  assert.deepEqual(errors(domain(`${fileDisk}\n    <interface type='network'><source network='default'/><model type='virtio'/></interface>`)), []);
});

test("disk type='fiel': one error on the value, with the allowed values and a fix", () => {
  const text = domain(fileDisk.replace("type='file'", "type='fiel'"));
  assert.deepEqual(errors(text), [['schema-invalid-value', 'fiel']]);
  const [d] = diagnostics(text).filter((x) => x.code === 'schema-invalid-value');
  assert.match(String(d.message), /^invalid value 'fiel' for attribute type of disk; expected one of block, dir, file, network, nvme, vhostuser, vhostvdpa, volume; did you mean 'file'\?/);
  assert.match(String(d.message), /virt-xml-validate/);
  assert.equal(fixed(text, 'schema-invalid-value'), domain(fileDisk));
});

test('a misspelt element: one error on its name, renamed in both tags by the fix', () => {
  const text = domain(`<interfacee type='network'><source network='default'/></interfacee>`);
  assert.deepEqual(errors(text), [['schema-unknown-element', 'interfacee']]);
  assert.match(String(diagnostics(text)[0].message), /^element interfacee is not allowed here in devices; expected .*did you mean 'interface'\?/);
  assert.equal(fixed(text, 'schema-unknown-element'), domain(`<interface type='network'><source network='default'/></interface>`));
});

test('a misspelt attribute: one error on its name, with a rename fix', () => {
  const text = domain(fileDisk.replace("type='qcow2'", "typ='qcow2'"));
  assert.deepEqual(errors(text), [['schema-unknown-attribute', 'typ']]);
  assert.equal(fixed(text, 'schema-unknown-attribute'), domain(fileDisk));
});

test('the three mistakes of issue 11 give three errors, no more', () => {
  const text = domain(
    `${fileDisk.replace("type='file'", "type='fiel'").replace("type='qcow2'", "typ='qcow2'")}\n    <interfacee type='network'><source network='default'/></interfacee>`,
  );
  assert.deepEqual(errors(text), [
    ['schema-invalid-value', 'fiel'],
    ['schema-unknown-attribute', 'typ'],
    ['schema-unknown-element', 'interfacee'],
  ]);
});

test('a missing required attribute is reported on the element name, naming only the required one', () => {
  const text = domain(`<interface type='network'><mac/><source network='default'/></interface>`);
  assert.deepEqual(errors(text), [['schema-missing-attribute', 'mac']]);
  assert.match(String(diagnostics(text)[0].message), /^element mac is missing required attribute address \(/);
});

test("what a whole-domain rule already reports with libvirt's message is not reported again", () => {
  // <target> without dev: libvirt's "missing target information" on the disk; the grammar stays quiet.
  const text = domain(fileDisk.replace("<target dev='vda' bus='virtio'/>", "<target bus='virtio'/>"));
  const found = errors(text);
  assert.ok(!found.some(([c]) => c.startsWith('schema-')), JSON.stringify(found));
  assert.equal(found.length, 1, JSON.stringify(found));
});

test('a missing required child is reported once, on the parent name', () => {
  const text = `<domain type='kvm'>\n  <memory unit='MiB'>512</memory>\n  <os><type>hvm</type></os>\n</domain>\n`;
  assert.deepEqual(errors(text), [['schema-missing-element', 'domain']]);
  assert.match(String(diagnostics(text)[0].message), /missing required child name/);
});

test('bad text content is reported on the text', () => {
  const text = domain(fileDisk).replace("<memory unit='MiB'>512</memory>", "<memory unit='KiB'>2G</memory>");
  assert.deepEqual(errors(text), [['schema-invalid-text', '2G']]);
});

test('attribute context: source file= is wrong under a network disk', () => {
  const text = domain(`<disk type='network' device='disk'><source file='/x.img'/><target dev='vda'/></disk>`);
  assert.deepEqual(errors(text), [['schema-unknown-attribute', 'file']]);
  assert.match(String(diagnostics(text)[0].message), /expected .*protocol/);
});

test('metadata takes any namespaced content; qemu:commandline needs its namespace', () => {
  const meta = `\n  <metadata><app:info xmlns:app='http://example.com/app'><app:x a='1'>text</app:x></app:info></metadata>`;
  assert.deepEqual(errors(domain(fileDisk, meta)), []);
  const qemu = `<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n  <name>t</name>\n  <memory>1</memory>\n  <os><type>hvm</type></os>\n  <qemu:commandline><qemu:arg value='-s'/></qemu:commandline>\n</domain>\n`;
  assert.deepEqual(errors(qemu), []);
  assert.deepEqual(errors(qemu.replace('<qemu:arg ', '<qemu:argg ')), [['schema-unknown-element', 'qemu:argg']]);
  assert.deepEqual(errors(qemu.replace(" xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'", '')).length > 0, true);
});

test('a CPU-area problem gets the CPU rule diagnostic only', () => {
  const text = domain(fileDisk, `\n  <cpu mode='host-passthru'/>`);
  const found = errors(text);
  assert.deepEqual(found, [['cpu-mode-invalid', 'host-passthru']]);
});

test('network, storage pool and volume documents are checked too', () => {
  assert.deepEqual(errors(`<network><name>default</name><forward mode='nat'/><bridge name='virbr0'/></network>`), []);
  assert.deepEqual(errors(`<network><name>default</name><forward mode='nta'/></network>`), [['schema-invalid-value', 'nta']]);
  assert.deepEqual(errors(`<pool type='dir'><name>p</name><target><path>/var/lib/libvirt/images</path></target></pool>`), []);
  assert.deepEqual(errors(`<pool type='dri'><name>p</name><target><path>/x</path></target></pool>`), [['schema-invalid-value', 'dri']]);
  assert.deepEqual(errors(`<volume><name>v.img</name><capacity unit='G'>10</capacity><target><path>/x/v.img</path></target></volume>`), []);
  assert.deepEqual(errors(`<volume><name>v.img</name><capacity unit='G'>ten</capacity><target><path>/x/v.img</path></target></volume>`), [['schema-invalid-text', 'ten']]);
  assert.deepEqual(errors(`<secret ephemeral='no' private='yes'><usage type='volume'><volume>/x</volume></usage></secret>`), []);
});

test('after an XML syntax error, only grammar findings before it are kept', () => {
  const text = domain(`<disc type='file'/>\n    <disk type='file' <target dev='vda'/></disk>`);
  const found = errors(text).filter(([c]) => c.startsWith('schema-'));
  assert.deepEqual(found, [['schema-unknown-element', 'disc']]);
});

test('non-libvirt XML gets nothing', () => {
  assert.deepEqual(diagnostics(`<project><disc/></project>`), []);
});
