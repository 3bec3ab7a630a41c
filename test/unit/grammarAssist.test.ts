// Completion and hover from libvirt's grammar (features/grammarCompletion.ts,
// grammarHover.ts): context-dependent attributes, children, values, half-typed
// markup, other document kinds, and the CPU area keeping its own items.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeWith, hoverAt, itemAt, labelsAt, rawHtmlIn } from '../helpers/features';
import { docAt, service } from '../helpers/engine';
import { literalAngles } from '../../server/src/features/markdown';

const head = `<domain type='kvm'>\n  <name>t</name>\n  <memory unit='MiB'>512</memory>\n  <os><type arch='x86_64'>hvm</type></os>\n`;
const inDevices = (devices: string) => `${head}  <devices>\n    ${devices}\n  </devices>\n</domain>\n`;

test("<source> attributes depend on <disk type>", () => {
  const file = labelsAt(inDevices(`<disk type='file' device='disk'><source $0/><target dev='vda'/></disk>`));
  assert.ok(file.includes('file'), file.join(' '));
  assert.ok(!file.includes('protocol'));
  const network = labelsAt(inDevices(`<disk type='network' device='disk'><source $0/><target dev='vda'/></disk>`));
  assert.ok(network.includes('protocol') && network.includes('name'), network.join(' '));
  assert.ok(!network.includes('file'));
  const block = labelsAt(inDevices(`<disk type='block' device='disk'><source $0/><target dev='vda'/></disk>`));
  assert.ok(block.includes('dev') && !block.includes('file'), block.join(' '));
});

test('attribute values: enumerations, in context', () => {
  assert.deepEqual(labelsAt(inDevices(`<disk type='$0'/>`)).slice().sort(), ['block', 'dir', 'file', 'network', 'nvme', 'vhostuser', 'vhostvdpa', 'volume']);
  assert.ok(labelsAt(inDevices(`<disk type='network'><source protocol='$0'/></disk>`)).includes('rbd'));
  assert.equal(completeWith(inDevices(`<graphics type='v$0'/>`), 'vnc'), inDevices(`<graphics type='vnc'/>`));
});

test('child elements at the cursor: allowed ones, none already used up, required ones first', () => {
  const labels = labelsAt(inDevices(`<disk type='file'>$0</disk>`));
  for (const n of ['source', 'target', 'driver', 'address', 'boot']) assert.ok(labels.includes(n), `${n} in ${labels.join(' ')}`);
  assert.ok(!labels.includes('privateData'), 'notAllowed content is never offered');
  const atDomain = labelsAt(`<domain type='kvm'>\n  $0\n</domain>`);
  assert.ok(atDomain.indexOf('name') < atDomain.indexOf('devices'), 'a required child comes before the optional ones');
  for (const n of ['devices', 'os', 'memory', 'cpu', 'vcpu']) assert.ok(atDomain.includes(n), n);
});

test('an element snippet carries its required attributes and is well-formed', () => {
  const after = completeWith(inDevices(`<$0`), 'graphics');
  assert.ok(after, 'graphics offered after <');
  assert.match(after!, /<graphics type=''\/>/);
  const full = completeWith(inDevices(`<disk type='file'>$0</disk>`), 'target');
  assert.match(full!, /<disk type='file'><target dev=''\/><\/disk>/);
});

test('renaming a tag being typed renames its end tag too', () => {
  assert.equal(completeWith(inDevices(`<dis$0k type='file'></disk>`), 'disk'), inDevices(`<disk type='file'></disk>`));
  assert.equal(completeWith(inDevices(`<contr$0 type='usb'></contr>`), 'controller'), inDevices(`<controller type='usb'></controller>`));
});

test('text values: enumerated element content', () => {
  const labels = labelsAt(`${head}  <on_crash>$0</on_crash>\n</domain>`);
  assert.ok(labels.includes('destroy') && labels.includes('coredump-restart'), labels.join(' '));
});

test('other document kinds complete from their own grammar', () => {
  assert.ok(labelsAt(`<network>\n  <name>n</name>\n  <forward mode='$0'/>\n</network>`).includes('nat'));
  assert.ok(labelsAt(`<pool type='$0'><name>p</name></pool>`).includes('logical'));
  const volume = labelsAt(`<volume>\n  $0\n</volume>`);
  assert.ok(volume.includes('name') && volume.includes('capacity'), volume.join(' '));
});

test('the CPU area keeps its own items and omissions', () => {
  // host-passthrough: libvirt drops <model>, the CPU-area completion leaves it out; the grammar must not add it back.
  assert.ok(!labelsAt(`${head}  <cpu mode='host-passthrough'>$0</cpu>\n</domain>`).includes('model'));
  // Attribute values of <cpu mode> come once, with the CPU area's documentation.
  const modes = labelsAt(`${head}  <cpu mode='$0'/>\n</domain>`);
  assert.equal(modes.filter((m) => m === 'host-model').length, 1);
});

test('nothing in comments, CDATA or other XML', () => {
  assert.deepEqual(labelsAt(inDevices(`<!-- <disk $0/> -->`)), []);
  assert.deepEqual(labelsAt(`<project><disk $0/></project>`), []);
});

test('hover on an element: where it is required, its attributes and children, a documentation link', () => {
  const h = hoverAt(inDevices(`<di$0sk type='file'><source file='/x'/><target dev='vda'/></disk>`))!;
  assert.match(h, /\*\*\\<disk>\*\* in \\<devices>: optional/);
  assert.match(h, /Children: .*`<source>`/);
  assert.match(h, /\(https:\/\/libvirt\.org\/formatdomain\.html#hard-drives-floppy-disks-cdroms\)/);
  const name = hoverAt(`${head.replace('<name>', '<na$0me>')}</domain>`)!;
  assert.match(name, /in \\<domain>: required/);
  assert.match(name, /formatdomain\.html#general-metadata/);
});

test('hover on an attribute: required or optional, and its values', () => {
  const h = hoverAt(inDevices(`<disk ty$0pe='file'/>`))!;
  assert.match(h, /\*\*type\*\* on \\<disk>: (required|optional)/);
  assert.match(h, /one of block, dir, file, network/);
  const mac = hoverAt(inDevices(`<interface type='network'><mac add$0ress='52:54:00:12:34:56'/><source network='default'/></interface>`))!;
  assert.match(mac, /required/);
  assert.match(mac, /MAC address/);
});

test('hover markdown: element names outside code spans are escaped (a bare < is raw HTML, which VS Code drops)', () => {
  for (const marked of [
    inDevices(`<inter$0face type='network'><source network='default'/></interface>`),
    inDevices(`<disk ty$0pe='file'/>`),
    `<network>\n  <na$0me>n</name>\n</network>`,
  ]) {
    const h = hoverAt(marked)!;
    assert.equal(rawHtmlIn(h), undefined, h);
  }
  assert.equal(literalAngles('**<disk>** in <devices>: `<source>`, `a<b`'), '**\\<disk>** in \\<devices>: `<source>`, `a<b`');
});

test('hover on a network document links formatnetwork', () => {
  assert.match(hoverAt(`<network>\n  <na$0me>n</name>\n</network>`)!, /libvirt\.org\/formatnetwork\.html/);
});

test('the same answers before and after the diagnostics ran', () => {
  const cases = [
    inDevices(`<disk type='network' device='disk'><source $0/><target dev='vda'/></disk>`),
    inDevices(`<disk type='file'>$0</disk>`),
    `<domain type='kvm'>\n  $0\n</domain>`,
    inDevices(`<interface type='$0'/>`),
  ];
  for (const marked of cases) {
    const lazy = labelsAt(marked);
    const { doc, offset } = docAt(marked);
    service().doValidation(doc);
    const recorded = service().doComplete(doc, doc.textDocument.positionAt(offset)).items.map((i) => i.label);
    assert.deepEqual([...recorded].sort(), [...lazy].sort(), marked);
  }
});

// ---------------------------------------------------------------------------
// Our own descriptions (features/descriptions.ts) in hover and completion

test('hover on an element: our description between its heading and the grammar facts', () => {
  const h = hoverAt(inDevices(`<di$0sk type='file'><source file='/x'/><target dev='vda'/></disk>`))!;
  const heading = h.indexOf('**\\<disk>**');
  const prose = h.indexOf('A storage device the guest sees');
  const facts = h.indexOf('Children:');
  assert.ok(heading >= 0 && heading < prose && prose < facts, h);
  // The parent decides: <source> of a disk and of an interface are told apart.
  assert.match(hoverAt(inDevices(`<disk type='file'><sou$0rce file='/x'/><target dev='vda'/></disk>`))!, /Where the disk's data comes from/);
  assert.match(hoverAt(inDevices(`<hostdev mode='subsystem' type='pci'><source><addr$0ess domain='0' bus='1' slot='0' function='0'/></source></hostdev>`))!, /host's address of the passed-through device/);
  assert.match(hoverAt(inDevices(`<disk type='file'><source file='/x'/><target dev='vda'/><addr$0ess type='drive'/></disk>`))!, /Where the device sits on its bus/);
});

test('hover on an attribute: its description and the meaning of the value written', () => {
  const h = hoverAt(inDevices(`<disk ty$0pe='file'/>`))!;
  assert.match(h, /Where the data lives/);
  assert.match(h, /`file`: The disk is an image file on the host/);
  assert.ok(h.indexOf('Where the data lives') < h.indexOf('Value: one of'), h);
});

test('hover on an attribute value: what the value means, then the attribute and its values', () => {
  const h = hoverAt(inDevices(`<disk type='fi$0le'/>`))!;
  assert.match(h, /\*\*type\*\* = `file` on \\<disk>/);
  assert.ok(h.indexOf('The disk is an image file') < h.indexOf('Where the data lives'), h);
  assert.match(h, /Value: one of block, dir, file/);
  assert.match(h, /formatdomain\.html#hard-drives-floppy-disks-cdroms/);
  const typo = hoverAt(inDevices(`<disk type='fi$0el'/>`))!;
  assert.match(typo, /not one of the allowed values/);
  assert.doesNotMatch(typo, /The disk is an image file/);
  // A value the grammar allows besides its listed ones is never called wrong.
  const port = hoverAt(inDevices(`<graphics type='vnc' port='59$001'/>`))!;
  assert.match(port, /\*\*port\*\* = `5901`/);
  assert.doesNotMatch(port, /not one of the allowed values/);
});

test('hover descriptions follow the document kind', () => {
  assert.match(hoverAt(`<network>\n  <name>n</name>\n  <ip address='192.168.1.1' prefix='24'><dh$0cp/></ip>\n</network>`)!, /DHCP server/);
  const pool = hoverAt(`<pool type='dir'>\n  <name>p</name>\n  <target><pa$0th>/var/lib/libvirt/images</path></target>\n</pool>`)!;
  const volume = hoverAt(`<volume>\n  <name>v</name>\n  <capacity>1</capacity>\n  <target><pa$0th>/x</path></target>\n</volume>`)!;
  assert.match(pool, /host directory of the pool/);
  assert.match(volume, /volume's path on the host/);
});

test('completion items carry the descriptions', () => {
  const element = itemAt(inDevices(`$0`), 'memballoon')!;
  assert.match(docOf(element), /memory balloon device/);
  const attribute = itemAt(inDevices(`<disk $0/>`), 'device')!;
  assert.match(docOf(attribute), /How the guest sees it/);
  assert.match(docOf(attribute), /Value: one of cdrom, disk, floppy, lun/);
  const value = itemAt(inDevices(`<disk type='$0'/>`), 'block')!;
  assert.match(docOf(value), /host block device/);
  // Values without an entry have no documentation rather than an empty one.
  assert.equal(itemAt(inDevices(`<disk type='$0'/>`), 'vhostvdpa')!.documentation, undefined);
  // A network document's items come from the network table.
  assert.match(docOf(itemAt(`<network>\n  <name>n</name>\n  <forward mode='$0'/>\n</network>`, 'nat')!), /private addresses/);
});

function docOf(item: { documentation?: string | { value: string } }): string {
  return typeof item.documentation === 'string' ? item.documentation : (item.documentation?.value ?? '');
}
