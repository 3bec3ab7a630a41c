// Hostile schema directories (libvirtXml.schema.schemasPath, --schemas): huge
// files, include loops and chains, deep nesting, thousands of files, constructs
// the compiler does not take, includes and links leading out of the directory,
// DOCTYPE and entity tricks, bytes that are not UTF-8. Each one falls back to the
// bundled grammar with a reason that names the problem, within a time and memory
// bound, and without reading a file outside the directory.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseGrammar } from '../../server/src/io/grammarLoader';
import { schemaDirLimits } from '../../server/src/io/schemaDir';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { maxCompileDepth } from '../../server/src/schema/compile';

const RNG = 'xmlns="http://relaxng.org/ns/structure/1.0"';
const grammar = (body: string) => `<grammar ${RNG}>${body}</grammar>`;
const start = (pattern: string) => grammar(`<start><element name="domain">${pattern}</element></start>`);

/** A fresh directory `schemas/` inside a fresh parent (the parent holds files the schemas must never reach). */
function hostileDir(files: Record<string, string | Buffer>): string {
  const parent = mkdtempSync(join(tmpdir(), 'libvirt-xml-hostile-schemas-'));
  writeFileSync(join(parent, 'outside.rng'), grammar('<define name="secret"><value>outside</value></define>'));
  const dir = join(parent, 'schemas');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Bounds for one hostile load: generous for a shared 2-core machine; a hang or a blow-up exceeds them by far. */
const maxMs = 5000;
const maxHeapGrowthMb = 256;

function assertFallsBack(dir: string, reason: RegExp, t: { diagnostic(m: string): void }): void {
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const r = chooseGrammar({ useHost: true, schemasPath: dir });
  const ms = performance.now() - t0;
  const grownMb = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
  t.diagnostic(`${ms.toFixed(0)} ms, heap +${grownMb.toFixed(0)} MB: ${r.info.fallbackReason}`);
  assert.equal(r.grammar, bundledGrammar());
  assert.equal(r.info.kind, 'bundled');
  assert.match(r.info.fallbackReason ?? '(none)', reason);
  assert.ok(r.info.fallbackReason?.includes(dir), 'the reason names the directory');
  assert.ok(ms < maxMs, `took ${ms.toFixed(0)} ms`);
  assert.ok(grownMb < maxHeapGrowthMb, `heap grew ${grownMb.toFixed(0)} MB`);
}

test('a huge file is refused by its size, before it is read', (t) => {
  const big = Buffer.alloc(schemaDirLimits.maxFileBytes + 1, 0x20);
  assertFallsBack(hostileDir({ 'domain.rng': big }), /domain.rng is \d+ bytes \(more than \d+\)/, t);
});

test('many large files are refused by their total size', (t) => {
  const files: Record<string, Buffer> = { 'domain.rng': Buffer.from(start('<empty/>')) };
  const each = schemaDirLimits.maxFileBytes - 1;
  for (let i = 0; i * each <= schemaDirLimits.maxTotalBytes; i++) files[`pad${i}.rng`] = Buffer.alloc(each, 0x20);
  assertFallsBack(hostileDir(files), /hold more than 16 MB/, t);
});

test('an include loop is an error (RelaxNG §4.7), named with its chain', (t) => {
  assertFallsBack(
    hostileDir({
      'domain.rng': grammar(`<include href="a.rng"/><start><element name="domain"><ref name="x"/></element></start>`),
      'a.rng': grammar(`<include href="b.rng"/><define name="x"><empty/></define>`),
      'b.rng': grammar(`<include href="a.rng"/>`),
    }),
    /include loop: domain.rng → a.rng → b.rng → a.rng/,
    t,
  );
});

test('a chain of 300 includes stops at the file limit', (t) => {
  const files: Record<string, string> = { 'domain.rng': grammar(`<include href="f0.rng"/><start><element name="domain"><empty/></element></start>`) };
  for (let i = 0; i < 300; i++) files[`f${i}.rng`] = grammar(i < 299 ? `<include href="f${i + 1}.rng"/>` : '');
  assertFallsBack(hostileDir(files), /more than 200 schema files/, t);
});

test('refs chained 10,000 deep without an element stop at the depth bound, not the stack', (t) => {
  const defines = Array.from({ length: 10_000 }, (_, i) => `<define name="d${i}">${i < 9_999 ? `<ref name="d${i + 1}"/>` : '<empty/>'}</define>`).join('');
  assertFallsBack(hostileDir({ 'domain.rng': grammar(`<start><element name="domain"><ref name="d0"/></element></start>${defines}`) }), new RegExp(`nested more than ${maxCompileDepth} deep`), t);
});

test('patterns nested 100,000 deep stop at the depth bound', (t) => {
  const deep = '<group>'.repeat(100_000) + '<empty/>' + '</group>'.repeat(100_000);
  // The XML parser's own bound (libxml2's 256 levels) comes first.
  assertFallsBack(hostileDir({ 'domain.rng': start(deep) }), /nested more than 256 levels deep/, t);
});

test('name classes and divs nested deeply stop at the depth bound', (t) => {
  const names = '<choice>'.repeat(5000) + '<name>a</name><name>b</name>' + '</choice>'.repeat(5000);
  assertFallsBack(hostileDir({ 'domain.rng': grammar(`<start><element>${names}<empty/></element></start>`) }), /nested more than 256 levels deep/, t);
  const divs = '<div>'.repeat(5000) + '<start><element name="domain"><empty/></element></start>' + '</div>'.repeat(5000);
  assertFallsBack(hostileDir({ 'domain.rng': grammar(divs) }), /nested more than 256 levels deep/, t);
  // Under the parser's bound, the compiler's: divs 250 deep around refs chained 500 deep.
  const chain = Array.from({ length: 500 }, (_, i) => `<define name="d${i}">${i < 499 ? `<ref name="d${i + 1}"/>` : '<empty/>'}</define>`).join('');
  const wrapped = '<div>'.repeat(250) + `<start><element name="domain"><ref name="d0"/></element></start>${chain}` + '</div>'.repeat(250);
  assertFallsBack(hostileDir({ 'domain.rng': grammar(wrapped) }), new RegExp(`nested more than ${maxCompileDepth} deep`), t);
});

test('thousands of files: refused by the entry count', (t) => {
  const files: Record<string, string> = { 'domain.rng': start('<empty/>') };
  for (let i = 0; i < schemaDirLimits.maxEntries + 1; i++) files[`junk${i}.txt`] = '';
  assertFallsBack(hostileDir(files), /entries \(more than 5000\); not a schema directory/, t);
  const rng: Record<string, string> = { 'domain.rng': start('<empty/>') };
  for (let i = 0; i < schemaDirLimits.maxFiles; i++) rng[`extra${i}.rng`] = '';
  assertFallsBack(hostileDir(rng), /\.rng files \(more than 400\)/, t);
});

test('externalRef, parentRef, nested grammars and list are refused by name', (t) => {
  for (const [pattern, name] of [
    ['<externalRef href="outside.rng"/>', 'externalRef'],
    ['<externalRef href="../outside.rng"/>', 'externalRef'],
    ['<parentRef name="x"/>', 'parentRef'],
    ['<grammar><start><empty/></start></grammar>', 'grammar'],
    ['<list><data type="int"/></list>', 'list'],
  ]) {
    assertFallsBack(hostileDir({ 'domain.rng': start(pattern) }), new RegExp(`<${name}> is not supported`), t);
  }
});

test('includes leading out of the directory are refused without reading there', (t) => {
  for (const href of ['../outside.rng', '/etc/passwd', 'sub/../../outside.rng', 'file:///etc/passwd', '.hidden.rng']) {
    assertFallsBack(hostileDir({ 'domain.rng': grammar(`<include href="${href}"/><start><element name="domain"><empty/></element></start>`) }), /leaves the schema directory/, t);
  }
});

test('a symbolic link out of the directory is not followed; one inside it is', (t) => {
  const dir = hostileDir({ 'domain.rng': grammar(`<include href="common.rng"/><start><element name="domain"><ref name="secret"/></element></start>`) });
  symlinkSync('../outside.rng', join(dir, 'common.rng'));
  assertFallsBack(dir, /common.rng is a symbolic link out of the schema directory \(to \.\.\/outside.rng\)/, t);
  const dir2 = hostileDir({ 'domain.rng': grammar(`<include href="common.rng"/><start><element name="domain"><ref name="secret"/></element></start>`), 'real.rng': grammar('<define name="secret"><empty/></define>') });
  symlinkSync('real.rng', join(dir2, 'common.rng'));
  assert.equal(chooseGrammar({ useHost: true, schemasPath: dir2 }).info.fallbackReason, undefined, 'a link to a file beside it is fine');
  const dir3 = hostileDir({});
  symlinkSync('/etc/passwd', join(dir3, 'domain.rng'));
  assertFallsBack(dir3, /domain.rng is a symbolic link out of the schema directory/, t);
});

test('DOCTYPE and entity tricks: nothing is expanded or fetched; an entity reference is an error', (t) => {
  const laughs = `<!DOCTYPE grammar [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>`;
  assertFallsBack(hostileDir({ 'domain.rng': `${laughs}${start('<attribute name="x"><value>&d;</value></attribute>')}` }), /domain.rng: its DOCTYPE declares entities, which are never expanded/, t);
  const external = `<!DOCTYPE grammar [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>`;
  assertFallsBack(hostileDir({ 'domain.rng': `${external}${start('<attribute name="x"><value>&passwd;</value></attribute>')}` }), /domain.rng: its DOCTYPE declares entities/, t);
  // Without a DOCTYPE, an entity other than XML's five is a syntax error.
  assertFallsBack(hostileDir({ 'domain.rng': start('<attribute name="x"><value>&passwd;</value></attribute>') }), /Entity 'passwd' is not defined/, t);
  // A DOCTYPE that declares nothing is skipped, unread.
  const plain = chooseGrammar({ useHost: true, schemasPath: hostileDir({ 'domain.rng': `<!DOCTYPE grammar SYSTEM "http://127.0.0.1:9/x.dtd">${start('<empty/>')}` }) });
  assert.equal(plain.info.fallbackReason, undefined);
});

test('bytes that are not UTF-8, and files that are not XML, are refused by name', (t) => {
  assertFallsBack(hostileDir({ 'domain.rng': Buffer.from([0x3c, 0x67, 0xff, 0xfe, 0x00, 0x3e]) }), /domain.rng is not valid UTF-8/, t);
  const latin1 = Buffer.concat([Buffer.from(grammar('<define name="x"><value>')), Buffer.from([0xe9]), Buffer.from('</value></define>')]);
  assertFallsBack(hostileDir({ 'domain.rng': grammar(`<include href="types.rng"/><start><element name="domain"><ref name="x"/></element></start>`), 'types.rng': latin1 }), /types.rng is not valid UTF-8/, t);
  assertFallsBack(hostileDir({ 'domain.rng': '\x00\x01binary' }), /domain.rng: /, t);
  assertFallsBack(hostileDir({ 'domain.rng': '<html><body>not a grammar</body></html>' }), /the root element is not <grammar>/, t);
});
