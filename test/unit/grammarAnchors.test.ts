// The grammar generator's documentation anchors (data/grammar/docs.ts) on an
// inline page: sections of the file's part of a shared page only, worked
// examples never, a child looked for within its parent's section first, and
// children of a many-parent element keyed by their grandparent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorsFor, sections } from '../../data/grammar/docs';

const page = [
  '=====', 'Title', '=====', '',
  'Storage pool XML', '----------------', '',
  'Pool metadata', '~~~~~~~~~~~~~', '', '::', '', '  <pool>', '    <name>p</name>', '    <target/>', '  </pool>', '',
  'Storage volume XML', '------------------', '',
  'Volume metadata', '~~~~~~~~~~~~~~~', '', '::', '', '  <volume>', '    <name>v</name>', '    <target/>', '  </volume>', '',
  'Devices', '-------', '', '::', '', '  <devices><disk/><serial/></devices>', '',
  'Disks', '~~~~~', '', '::', '', '  <disk><target dev="vda"/><source file="x"/></disk>', '',
  'Consoles, serial and other devices', '~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~', '',
  'Serial port', '^^^^^^^^^^^', '', '::', '', '  <serial><target port="0"/><source path="x"><seclabel/></source></serial>', '',
  'Overriding the target element', '~~~~~~~~~~~~~~~~~~~~~~~~~~~~~', '', '::', '', '  <target dev="x"/>', '',
  'Example configuration', '---------------------', '', '::', '', '  <volume><name>x</name><key/></volume>', '',
].join('\n');

test('section ids and levels follow the adornments, repeated titles get a suffix', () => {
  const s = sections('A\n=\n\nB\n---\n\nB\n---\n\nC\n~~~\n'.replace(/\n=\n/, '\n===\n'));
  assert.deepEqual(s.map((x) => [x.anchor, x.level]), [['a', 1], ['b', 2], ['b-1', 2], ['c', 3]]);
});

test('anchors: the file\'s part of the page, examples left out, children within their parent', () => {
  const places = [
    { name: 'volume', parents: [] },
    { name: 'name', parents: ['volume'] },
    { name: 'key', parents: ['volume'] },
  ];
  assert.deepEqual(anchorsFor(page, places, 'storagevol.rng'), { name: 'volume-metadata', volume: 'storage-volume-xml' });
  const pool = anchorsFor(page, [{ name: 'pool', parents: [] }, { name: 'name', parents: ['pool'] }], 'storagepool.rng');
  assert.deepEqual(pool, { name: 'pool-metadata', pool: 'storage-pool-xml' });
  const domain = anchorsFor(page, [
    { name: 'devices', parents: [] },
    { name: 'disk', parents: ['devices'] },
    { name: 'serial', parents: ['devices'] },
    { name: 'target', parents: ['disk', 'serial'] },
    { name: 'source', parents: ['disk', 'serial'] },
    { name: 'seclabel', parents: ['source'] },
  ]);
  // disk/target stays in the disk's section although a later title names "target";
  // serial narrows from "Consoles, serial and other devices" to "Serial port".
  assert.equal(domain['disk/target'], 'disks');
  assert.equal(domain.serial, 'serial-port');
  assert.equal(domain['serial/target'], 'serial-port');
  // <seclabel> under the many-parent <source>: only where it differs from the parent's section.
  assert.equal(domain['serial/source/seclabel'], undefined);
  assert.equal(domain.seclabel, undefined);
});
