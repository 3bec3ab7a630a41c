// The grammar from a schema directory on disk (io/schemaDir.ts, io/grammarLoader.ts):
// which libvirt the files belong to (fake installations), the compile and its
// caches, the fallback to the bundled grammar, the grammar reaching the engine,
// and the CLI's --schemas.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { chooseGrammar, clearGrammarMemory, grammarSummary } from '../../server/src/io/grammarLoader';
import { detectSchemaVersion, includeClosure, readSchemaDir, snapshotReader } from '../../server/src/io/schemaDir';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { LanguageService } from '../../server/src/languageService';
import { writeTree, tree, runCli } from '../helpers/cli';
import { service } from '../helpers/engine';

const RNG = 'xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"';

/** A tiny libvirt-like grammar: <domain type='kvm|fiel'> with a <name> and <memory>, its types in an included file. */
const tinySchemas = {
  'domain.rng': `<?xml version="1.0"?>\n<grammar ${RNG}><include href="basictypes.rng"/><start><element name="domain"><attribute name="type"><ref name="kinds"/></attribute><element name="name"><text/></element><element name="memory"><text/></element></element></start></grammar>`,
  'basictypes.rng': `<grammar ${RNG}><define name="kinds"><choice><value>kvm</value><value>fiel</value></choice></define></grammar>`,
};

function schemaDir(files: Record<string, string | Buffer> = tinySchemas): string {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-schemas-'));
  writeTree(dir, files);
  return dir;
}

/** A fake file system root holding `files` (paths relative to it). */
function fakeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'libvirt-xml-root-'));
  writeTree(root, files);
  return root;
}

test('version: the source tree a schema directory sits in', () => {
  const root = fakeRoot({ 'src/libvirt/meson.build': "project('libvirt', 'c', version: '10.1.0')\n", 'src/libvirt/src/conf/schemas/domain.rng': '<grammar/>' });
  assert.deepEqual(detectSchemaVersion('/src/libvirt/src/conf/schemas', root), { version: '10.1.0', from: 'its libvirt source tree' });
});

test('version: under /usr, the package database first (dpkg), then the library name', () => {
  const status = 'Package: libvirt-daemon\nStatus: install ok installed\nVersion: 9.0.0-4+deb12u1\n\n';
  const root = fakeRoot({ 'var/lib/dpkg/status': status, 'usr/lib/x86_64-linux-gnu/libvirt.so.0.11003.0': '', 'usr/share/libvirt/schemas/domain.rng': '' });
  assert.deepEqual(detectSchemaVersion('/usr/share/libvirt/schemas', root), { version: '9.0.0', from: 'the libvirt installed under /usr' });
  const noDpkg = fakeRoot({ 'usr/lib64/libvirt.so.0.11003.0': '' });
  assert.equal(detectSchemaVersion('/usr/share/libvirt/schemas', noDpkg)?.version, '11.3.0', 'libvirt.so.0.11003.0 is 11.3.0');
});

test('version: a prefix of a build from source: its own libvirt.so or libvirt.pc, never the system packages', () => {
  const status = 'Package: libvirt0\nStatus: install ok installed\nVersion: 9.0.0-4\n\n';
  const local = fakeRoot({ 'var/lib/dpkg/status': status, 'usr/local/lib/x86_64-linux-gnu/libvirt.so.0.10010.0': '' });
  assert.deepEqual(detectSchemaVersion('/usr/local/share/libvirt/schemas', local), { version: '10.10.0', from: 'the libvirt installed under /usr/local' });
  const pc = fakeRoot({ 'var/lib/dpkg/status': status, 'opt/lv/lib64/pkgconfig/libvirt.pc': 'prefix=/opt/lv\nName: libvirt\nVersion: 8.0.0\n' });
  assert.equal(detectSchemaVersion('/opt/lv/share/libvirt/schemas', pc)?.version, '8.0.0');
  assert.equal(detectSchemaVersion('/opt/lv/share/libvirt/schemas', fakeRoot({ 'var/lib/dpkg/status': status })), undefined, 'the system libvirt says nothing about /opt/lv');
  assert.equal(detectSchemaVersion('/home/me/schemas', local), undefined, 'a directory that is no installation: unknown');
});

test('a snapshot serves bare names only, and says why a name is refused', () => {
  const dir = schemaDir({ ...tinySchemas, 'bad.rng': Buffer.from([0x3c, 0xff, 0xfe, 0x3e]) });
  const snapshot = readSchemaDir(dir);
  const read = snapshotReader(snapshot);
  assert.match(read('basictypes.rng'), /kinds/);
  assert.throws(() => read('../domain.rng'), /leaves the schema directory/);
  assert.throws(() => read('/etc/passwd'), /leaves the schema directory/);
  assert.throws(() => read('bad.rng'), /bad.rng is not valid UTF-8/);
  assert.throws(() => read('missing.rng'), /no such .rng file/);
  assert.deepEqual(includeClosure(snapshot.files, ['domain.rng'])?.map((f) => f.name), ['basictypes.rng', 'domain.rng']);
});

test('a schema directory is compiled once, then served from memory and from the disk cache', () => {
  const dir = schemaDir();
  const cacheDir = join(mkdtempSync(join(tmpdir(), 'libvirt-xml-gcache-')), 'grammars');
  clearGrammarMemory();
  const first = chooseGrammar({ useHost: true, schemasPath: dir, cacheDir });
  assert.equal(first.info.fallbackReason, undefined);
  assert.equal(first.info.source, 'compiled');
  assert.deepEqual(first.info.roots, ['domain']);
  assert.equal(first.info.libvirtVersion, 'unknown');
  assert.match(grammarSummary(first.info), /nothing on this machine says which libvirt/);
  const again = chooseGrammar({ useHost: true, schemasPath: dir, cacheDir });
  assert.equal(again.info.source, 'memory');
  assert.equal(again.grammar, first.grammar, 'the same grammar object: reopening costs nothing');
  clearGrammarMemory();
  const fromDisk = chooseGrammar({ useHost: true, schemasPath: dir, cacheDir });
  assert.equal(fromDisk.info.source, 'disk cache');
  assert.deepEqual(fromDisk.grammar.data.patterns, first.grammar.data.patterns);
  // A changed file is another digest: compiled again.
  writeFileSync(join(dir, 'basictypes.rng'), tinySchemas['basictypes.rng'].replace('fiel', 'qemu'));
  assert.equal(chooseGrammar({ useHost: true, schemasPath: dir, cacheDir }).info.source, 'compiled');
  // A damaged cache file is ignored.
  clearGrammarMemory();
  for (const f of readdirSync(cacheDir)) writeFileSync(join(cacheDir, f), '{"format":1,"patterns":"x"}');
  assert.equal(chooseGrammar({ useHost: true, schemasPath: dir, cacheDir }).info.source, 'compiled');
});

test('the version is read afresh for the disk cache and for each directory holding the same files', () => {
  const tree = mkdtempSync(join(tmpdir(), 'libvirt-xml-tree-'));
  writeTree(tree, { 'meson.build': "project('libvirt', 'c', version: '9.9.0')\n", ...Object.fromEntries(Object.entries(tinySchemas).map(([n, t]) => [`src/conf/schemas/${n}`, t])) });
  const dir = join(tree, 'src/conf/schemas');
  const cacheDir = join(tree, 'cache');
  clearGrammarMemory();
  const first = chooseGrammar({ useHost: true, schemasPath: dir, cacheDir });
  assert.deepEqual([first.info.libvirtVersion, first.info.versionFrom, first.info.source], ['9.9.0', 'its libvirt source tree', 'compiled']);
  // An upgrade that keeps the schemas: the cached grammar, the new version.
  writeFileSync(join(tree, 'meson.build'), "project('libvirt', 'c', version: '9.9.1')\n");
  clearGrammarMemory();
  const later = chooseGrammar({ useHost: true, schemasPath: dir, cacheDir });
  assert.deepEqual([later.info.libvirtVersion, later.info.source], ['9.9.1', 'disk cache']);
  const copy = chooseGrammar({ useHost: true, schemasPath: schemaDir(), cacheDir });
  assert.deepEqual([copy.info.libvirtVersion, copy.info.source], ['unknown', 'compiled'], 'the same files elsewhere are not that libvirt');
});

test('the engine checks, completes and explains with the grammar it is given', () => {
  const loaded = chooseGrammar({ useHost: true, schemasPath: schemaDir() });
  const svc = new LanguageService(service().catalog);
  const text = `<domain type='fiel'><name>a</name><memory>1024</memory></domain>`;
  const codes = () => svc.doValidation(svc.parse(TextDocument.create(`file:///d${Math.random()}.xml`, 'xml', 1, text))).map((d) => d.code);
  assert.ok(codes().includes('schema-invalid-value'), 'the bundled grammar refuses type=fiel');
  svc.grammar = loaded.grammar;
  assert.deepEqual(codes(), [], 'the tiny grammar accepts it');
  const marked = `<domain type=''><name>a</name><memory>1024</memory></domain>`;
  const doc = svc.parse(TextDocument.create('file:///c.xml', 'xml', 1, marked));
  const labels = svc.doComplete(doc, doc.textDocument.positionAt(marked.indexOf("''") + 1)).items.map((i) => i.label);
  assert.deepEqual([...labels].sort(), ['fiel', 'kvm']);
  const hover = svc.doHover(doc, doc.textDocument.positionAt(marked.indexOf('memory') + 1));
  const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  assert.match(value, /\*\*\\<memory>\*\* in \\<domain>: required/);
  assert.match(value, /libvirt documentation/, 'links taken from the bundled grammar\'s documentation table');
});

test('what goes wrong falls back to the bundled grammar with the reason', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['missing directory', '/nonexistent/schemas', /cannot read \/nonexistent\/schemas: ENOENT/],
    ['no domain.rng', schemaDir({ 'network.rng': tinySchemas['basictypes.rng'] }), /no domain.rng in /],
    ['an include that is not there', schemaDir({ 'domain.rng': tinySchemas['domain.rng'] }), /include 'basictypes.rng': no such .rng file/],
    ['an unsupported construct', schemaDir({ 'domain.rng': `<grammar ${RNG}><start><element name="domain"><list><text/></list></element></start></grammar>` }), /<list> is not supported/],
  ];
  for (const [what, path, reason] of cases) {
    const r = chooseGrammar({ useHost: true, schemasPath: path });
    assert.equal(r.grammar, bundledGrammar(), what);
    assert.equal(r.info.kind, 'bundled', what);
    assert.match(r.info.fallbackReason ?? '', reason, what);
  }
  assert.equal(chooseGrammar({ useHost: false, schemasPath: '/nonexistent' }).info.fallbackReason, undefined, 'off: the path is not even looked at');
});

test('CLI --schemas DIR checks with that grammar and says which it is; a bad DIR is a usage error', () => {
  const dir = schemaDir();
  const cwd = tree({ 'd.xml': `<domain type='fiel'><name>a</name><memory>1024</memory></domain>\n` });
  const ok = runCli(['--schemas', dir, 'd.xml'], cwd);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stderr, new RegExp(`schemas: libvirt unknown \\(host, ${dir}; .*\\), 1 document kinds, \\d+ patterns, compiled in`));
  assert.equal(runCli(['d.xml'], cwd).status, 1, 'the bundled grammar refuses it');
  const bad = runCli(['--schemas', join(dir, 'nothing'), 'd.xml'], cwd);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /using the bundled grammar: could not use .*nothing: cannot read/);
  mkdirSync(join(cwd, 'empty'));
  assert.match(runCli(['--schemas', join(cwd, 'empty'), 'd.xml'], cwd).stderr, /no domain.rng in/);
});
