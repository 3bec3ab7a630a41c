// The grammar validator on its own (server/src/schema): datatypes as libxml2
// checks them, recovery (one problem per mistake), messages, and the cases the
// differential fuzzer found, each under its own name.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { datatypeProblem } from '../../server/src/schema/datatypes';
import { parseXml } from '../../server/src/xml/parser';

const grammar = bundledGrammar();

/** [code, covered text] of every problem, validated as `root` (by default the document's own root). */
function check(xml: string, root?: string): Array<[string, string]> {
  return grammar.validate(parseXml(xml), root ? { root } : {}).problems.map((p) => [p.code, xml.slice(p.start, p.end)]);
}

function messages(xml: string): string[] {
  return grammar.validate(parseXml(xml)).problems.map((p) => p.message);
}

const head = `<domain type='kvm'>\n  <name>t</name>\n  <memory unit='KiB'>1048576</memory>\n  <os><type arch='x86_64'>hvm</type></os>\n`;

test('fuzz seed 354: a pattern facet sees the value as written (libxml2), so a leading blank is refused', () => {
  assert.deepEqual(check(`${head.replace('>1048576<', '> 1<')}</domain>`), [['schema-invalid-text', '1']]);
  assert.deepEqual(check(`${head.replace('>1048576<', '>1<')}</domain>`), []);
});

test('XSD datatypes: whitespace collapsed for non-strings, BigInt ranges', () => {
  const dt = (type: string, params = {}) => ({ type, params, regexps: [], define: '' });
  assert.equal(datatypeProblem(dt('unsignedInt'), ' 7 '), '');
  assert.equal(datatypeProblem(dt('unsignedInt'), '4294967296'), 'above 4294967295');
  assert.equal(datatypeProblem(dt('unsignedLong'), '18446744073709551615'), '');
  assert.equal(datatypeProblem(dt('unsignedLong'), '-1'), 'below 0');
  assert.equal(datatypeProblem(dt('int'), '2147483648'), 'above 2147483647');
  assert.equal(datatypeProblem(dt('positiveInteger'), '0'), 'below 1');
  assert.equal(datatypeProblem(dt('int', { minInclusive: '-1' }), '-2'), 'below -1');
  assert.equal(datatypeProblem(dt('dateTime'), '2024-01-31T12:00:00Z'), '');
  assert.equal(datatypeProblem(dt('dateTime'), '2024-13-31T12:00:00'), 'not a date and time (YYYY-MM-DDThh:mm:ss)');
  assert.equal(datatypeProblem(dt('NCName'), 'a:b'), 'not a name without colons');
  assert.equal(datatypeProblem(dt('double'), '1e3'), '');
});

test('fuzz seed 21: a required child moved away is reported once, on its parent, and later siblings are fine', () => {
  const caps = `<capabilities>\n  <host>\n    <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>\n    <cpu><arch>x86_64</arch></cpu>\n  </host>\n  <guest>\n    <os_type>hvm</os_type>\n    <arch name='x86_64'>\n      <wordsize>64</wordsize>\n      <emulator>/usr/bin/qemu</emulator>\n      <domain type='qemu'/>\n    </arch>\n  </guest>\n</capabilities>\n`;
  assert.deepEqual(check(caps), []);
  const moved = caps.replace('      <wordsize>64</wordsize>\n', '');
  assert.deepEqual(check(moved), [['schema-missing-element', 'arch']]);
  assert.deepEqual(messages(moved), ['element arch is missing required child wordsize before emulator']);
});

test('a misspelt element is consumed as the name it resembles: no cascade after it', () => {
  const text = `${head}  <devices><emulator>/usr/bin/qemu</emulator><consol type='pty'/><memballoon model='none'/></devices>\n</domain>`;
  assert.deepEqual(check(text), [['schema-unknown-element', 'consol']]);
});

test('an unknown element standing where a required one belongs gives one problem', () => {
  const text = `<volume><foo>v.img</foo><capacity>1</capacity><target><path>/p</path></target></volume>`;
  assert.deepEqual(check(text), [['schema-unknown-element', 'foo']]);
});

test('a bad value of a variant-selecting attribute keeps every variant open', () => {
  const text = `${head}  <devices><disk type='fiel'><source file='/x'/><target dev='vda'/></disk></devices>\n</domain>`;
  assert.deepEqual(check(text), [['schema-invalid-value', 'fiel']]);
  assert.match(messages(text)[0], /expected one of block, dir, file, network, nvme, vhostuser, vhostvdpa, volume$/);
});

test('missing attribute after a misspelt one: only the misspelling is reported', () => {
  const text = `${head}  <devices><disk type='file'><source file='/x'/><target de='vda'/></disk></devices>\n</domain>`;
  assert.deepEqual(check(text), [['schema-unknown-attribute', 'de']]);
});

test('pattern values, datatypes and enumerations are described in words', () => {
  const text = `${head}  <devices><interface type='user'><mac address='52:54:00:12:34'/></interface></devices>\n</domain>`;
  assert.deepEqual(check(text), [['schema-invalid-value', '52:54:00:12:34']]);
  assert.match(messages(text)[0], /expected a unicast MAC address such as 52:54:00:12:34:56/);
});

test('a document validated against another root is refused at its root', () => {
  assert.deepEqual(check(`<network><name>n</name></network>`, 'domain'), [['schema-unknown-element', 'network']]);
});

test('empty and whitespace-only content: as RelaxNG says (empty string matches text, not a number)', () => {
  assert.deepEqual(check(`<network><name></name></network>`).map(([c]) => c), []);
  assert.deepEqual(check(`${head.replace('>1048576<', '><')}</domain>`), [['schema-missing-element', 'memory']]);
});

test('entity references and CDATA are decoded before checking', () => {
  assert.deepEqual(check(`${head}  <description>a &amp; b <![CDATA[<x>]]></description>\n</domain>`), []);
  assert.deepEqual(check(`${head.replace("type='kvm'", "type='&#107;vm'")}</domain>`), []);
});
