// The grammar compiler (server/src/schema/compile.ts) on small inline schemas:
// includes, combine, namespaces, datatypes and XSD pattern translation.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGrammar, GrammarError, translateXsdPattern } from '../../server/src/schema/compile';
import { Grammar } from '../../server/src/schema/grammar';
import { parseXml } from '../../server/src/xml/parser';

const RNG = 'xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"';

function grammar(files: Record<string, string>, roots = ['main.rng']): Grammar {
  return new Grammar(compileGrammar({ files: roots, read: (f) => files[f] ?? assert.fail(`no ${f}`), libvirtVersion: 'test', origin: 'test', digest: () => 'd' }));
}

function codes(g: Grammar, xml: string): string[] {
  return g.validate(parseXml(xml)).problems.map((p) => `${p.code} ${xml.slice(p.start, p.end)}`);
}

test('XSD patterns become anchored JS sources with XSD meanings', () => {
  assert.equal(translateXsdPattern('[a-f]{2}'), '^(?:[a-f]{2})$');
  assert.equal(translateXsdPattern('a.b'), '^(?:a[^\\n\\r]b)$');
  assert.equal(translateXsdPattern('\\s*x'), '^(?:[ \\t\\n\\r]*x)$');
  assert.equal(translateXsdPattern('[^/\\s]+'), '^(?:[^/ \\t\\n\\r]+)$');
  assert.equal(translateXsdPattern('a^b$'), '^(?:a\\^b\\$)$');
  assert.throws(() => translateXsdPattern('\\p{L}'), GrammarError);
  assert.throws(() => translateXsdPattern('[a-z-[aeiou]]'), GrammarError);
});

test('include, combine=choice, and overriding defines inside include', () => {
  const g = grammar({
    'main.rng': `<grammar ${RNG}><start><ref name="root"/></start>
      <include href="common.rng"><define name="kind"><value>over</value></define></include>
      <define name="extra" combine="choice"><value>two</value></define>
      <define name="root"><element name="root"><attribute name="kind"><ref name="kind"/></attribute><attribute name="x"><ref name="extra"/></attribute></element></define>
    </grammar>`,
    'common.rng': `<grammar ${RNG}><define name="kind"><value>base</value></define><define name="extra"><value>one</value></define></grammar>`,
  });
  assert.deepEqual(codes(g, `<root kind="over" x="one"/>`), []);
  assert.deepEqual(codes(g, `<root kind="over" x="two"/>`), []);
  assert.deepEqual(codes(g, `<root kind="base" x="one"/>`), ['schema-invalid-value base']);
});

test('ns is inherited by elements, not by attributes; documents bind their own prefixes', () => {
  const g = grammar({
    'main.rng': `<grammar ${RNG}><start><element name="root"><optional><element name="cmd" ns="urn:q"><element name="arg"><attribute name="value"/></element></element></optional></element></start></grammar>`,
  });
  assert.deepEqual(codes(g, `<root xmlns:q="urn:q"><q:cmd><q:arg value="1"/></q:cmd></root>`), []);
  assert.deepEqual(codes(g, `<root xmlns:z="urn:q"><z:cmd><z:arg value="1"/></z:cmd></root>`), []);
  assert.deepEqual(codes(g, `<root><cmd/></root>`), ['schema-unknown-element cmd']);
  assert.deepEqual(codes(g, `<root xmlns:q="urn:q"><q:cmd><arg value="1"/></q:cmd></root>`), ['schema-unknown-element arg']);
});

test('datatypes: unsignedLong with BigInt, int range, patterns, except', () => {
  const g = grammar({
    'main.rng': `<grammar ${RNG}><start><element name="r">
      <optional><attribute name="big"><data type="unsignedLong"/></attribute></optional>
      <optional><attribute name="i"><data type="int"><param name="minInclusive">-5</param><param name="maxInclusive">5</param></data></attribute></optional>
      <optional><attribute name="p"><data type="string"><param name="pattern">0x[0-9a-f]{2}</param></data></attribute></optional>
      <optional><attribute name="n"><data type="string"><param name="pattern">[^/]+</param><except><choice><value>.</value><value>..</value></choice></except></data></attribute></optional>
    </element></start></grammar>`,
  });
  assert.deepEqual(codes(g, `<r big="18446744073709551615" i=" 5 " p="0x1f" n="a.b"/>`), []);
  assert.deepEqual(codes(g, `<r big="18446744073709551616"/>`), ['schema-invalid-value 18446744073709551616']);
  assert.deepEqual(codes(g, `<r i="6"/>`), ['schema-invalid-value 6']);
  assert.deepEqual(codes(g, `<r p="0x1F"/>`), ['schema-invalid-value 0x1F']);
  assert.deepEqual(codes(g, `<r p=" 0x1f"/>`), ['schema-invalid-value  0x1f'], 'string keeps its whitespace');
  assert.deepEqual(codes(g, `<r n=".."/>`), ['schema-invalid-value ..']);
});

test('unsupported constructs are refused by name, not mis-compiled', () => {
  const one = (body: string) => () => grammar({ 'main.rng': `<grammar ${RNG}><start>${body}</start></grammar>` });
  assert.throws(one('<element name="a"><list><data type="int"/></list></element>'), /list/);
  assert.throws(one('<externalRef href="x.rng"/>'), /externalRef/);
  assert.throws(one('<element name="a"><data type="float"/></element>'), /float/);
  assert.throws(one('<ref name="missing"/>'), /undefined 'missing'/);
  assert.throws(() => grammar({ 'main.rng': `<grammar ${RNG}><start><ref name="a"/></start><define name="a"><ref name="a"/></define></grammar>` }), /itself/);
});
