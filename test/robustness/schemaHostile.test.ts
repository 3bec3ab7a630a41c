// Hostile documents and grammars for the grammar validator: 100k siblings, deep
// nesting, a pathological interleave, endless distinct values. Each must finish
// (generous bounds: the point is no hang and no unbounded growth) and keep the
// pattern store within its limits.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGrammar } from '../../server/src/schema/compile';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { Grammar } from '../../server/src/schema/grammar';
import { hardPatternLimit, softPatternLimit } from '../../server/src/schema/patterns';
import { maxProblems } from '../../server/src/schema/validate';
import { parseXml } from '../../server/src/xml/parser';
import { corpus, makeInput } from './fuzzCorpus/fuzzer';

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

const head = `<domain type='kvm'><name>t</name><memory>1</memory><os><type>hvm</type></os>`;

test('100,000 sibling devices validate in linear time', (t) => {
  const g = bundledGrammar();
  const disks = Array.from({ length: 100_000 }, (_, i) => `<disk type='file'><source file='/i/${i}.img'/><target dev='vd${i}'/></disk>`).join('');
  const xml = parseXml(`${head}<devices>${disks}</devices></domain>`);
  const { value, ms } = timed(() => g.validate(xml));
  t.diagnostic(`100k disks: ${ms.toFixed(0)} ms, ${value.problems.length} problems, store ${g.store().size} patterns`);
  assert.equal(value.complete, true);
  assert.deepEqual(value.problems, []);
  assert.ok(ms < 20_000, `${ms} ms`);
});

test('100,000 unknown siblings: problems capped, no growth', (t) => {
  const g = bundledGrammar();
  const xml = parseXml(`${head}<devices>${'<bogus/>'.repeat(100_000)}</devices></domain>`);
  const { value, ms } = timed(() => g.validate(xml));
  t.diagnostic(`100k unknown: ${ms.toFixed(0)} ms`);
  assert.equal(value.problems.length, maxProblems);
  assert.equal(value.truncated, true);
  assert.ok(ms < 20_000);
});

test('fuzz seed 20250636: a run of stray siblings in the big <domain> interleave stays cheap', (t) => {
  // An unclosed <clock start tag leaves its <timer> children at domain level; each stray one
  // used to let recovery suppose any missing element, multiplying the state.
  const g = bundledGrammar();
  const strays = Array.from({ length: 2000 }, (_, i) => `<timer${i % 2 ? '' : 'x'} name='t${i}'/>\n<q${i}/>`).join('\n');
  const xml = parseXml(`<domain type='kvm'>\n<name>t</name>\n<memory>1</memory>\n<os><type>hvm</type></os>\n<clock\n${strays}\n</domain>`);
  const { value, ms } = timed(() => g.validate(xml));
  t.diagnostic(`4,000 stray siblings: ${ms.toFixed(0)} ms, ${value.problems.length} problems`);
  assert.ok(value.problems.length > 0);
  assert.ok(ms < 10_000, `${ms} ms`);
});

test('fuzz seed 20250611+45966: a long run of unclosed <dev tags costs each state once, not once per tag', (t) => {
  // The fuzz input: examples/broken-syntax.xml (an unclosed quote in <cpu>, a missing end tag)
  // with 259 '<dev ' in a row; every stray sibling asked again for the same state's required
  // and expected names and did-you-mean candidates (120-750 ms). Here with 5,000 of them.
  const { text } = makeInput(corpus(), 20250611 + 45966);
  const run = /(<dev\s+)+/.exec(text)!;
  const g = new Grammar(bundledGrammar().data);
  const xml = parseXml(text.slice(0, run.index) + '<dev '.repeat(5000) + text.slice(run.index + run[0].length));
  const { value, ms } = timed(() => g.validate(xml));
  t.diagnostic(`5,000 unclosed <dev: ${ms.toFixed(0)} ms, ${value.problems.length} problems`);
  assert.ok(ms < 10_000, `${ms} ms`);
});

test('deep nesting (20,000 levels) never recurses', () => {
  const g = bundledGrammar();
  const depth = 20_000;
  const xml = parseXml(`${head}<metadata>${'<x:a xmlns:x="urn:x">'.repeat(depth)}${'</x:a>'.repeat(depth)}</metadata></domain>`, { maxDepth: 1 << 30 });
  const r = g.validate(xml);
  assert.deepEqual(r.problems, [], 'metadata takes any depth of foreign content');
  const bad = parseXml(`${head}<devices>${'<disk>'.repeat(depth)}${'</disk>'.repeat(depth)}</devices></domain>`, { maxDepth: 1 << 30 });
  assert.ok(g.validate(bad).problems.length >= 1);
});

test('endless distinct attribute values and texts keep memo tables bounded', () => {
  const g = bundledGrammar();
  for (let round = 0; round < 3; round++) {
    const nets = Array.from({ length: 20_000 }, (_, i) => `<interface type='network'><mac address='52:54:00:${hex(i >> 16)}:${hex((i >> 8) & 255)}:${hex(i & 255)}'/><source network='n${round}-${i}'/></interface>`).join('');
    const r = g.validate(parseXml(`${head}<devices>${nets}</devices></domain>`));
    assert.deepEqual(r.problems, []);
    assert.ok(g.store().size < softPatternLimit * 2, `store ${g.store().size}`);
  }
});

test('a pathological interleave (30 optional repeatable members, shuffled) stays bounded', (t) => {
  const n = 30;
  const members = Array.from({ length: n }, (_, i) => `<zeroOrMore><element name="e${i}"><optional><attribute name="v"/></optional><empty/></element></zeroOrMore>`).join('');
  const rng = `<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="root"><interleave>${members}</interleave></element></start></grammar>`;
  const g = new Grammar(compileGrammar({ files: ['x.rng'], read: () => rng, libvirtVersion: 'x', origin: 'x', digest: () => 'x' }));
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const children = Array.from({ length: 50_000 }, () => `<e${next() % n} v='${next()}'/>`).join('');
  const { value, ms } = timed(() => g.validate(parseXml(`<root>${children}</root>`)));
  t.diagnostic(`interleave of ${n}, 50k children: ${ms.toFixed(0)} ms, store ${g.store().size}`);
  assert.deepEqual(value.problems, []);
  assert.ok(g.store().size < hardPatternLimit);
  assert.ok(ms < 20_000);
});

test('a grammar whose state explodes stops validating instead of exhausting memory', () => {
  // Nested interleaves of groups: each child multiplies the live alternatives.
  const n = 24;
  const members = Array.from({ length: n }, (_, i) => `<group><element name="a${i}"><empty/></element><element name="b${i}"><empty/></element></group>`).join('');
  const rng = `<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="root"><oneOrMore><interleave>${members}</interleave></oneOrMore></element></start></grammar>`;
  const g = new Grammar(compileGrammar({ files: ['x.rng'], read: () => rng, libvirtVersion: 'x', origin: 'x', digest: () => 'x' }));
  const children = Array.from({ length: n }, (_, i) => `<a${i}/>`).join('') + Array.from({ length: n }, (_, i) => `<b${i}/>`).join('');
  const r = g.validate(parseXml(`<root>${children.repeat(20)}</root>`));
  assert.ok(r.complete === false || r.problems.length === 0);
  assert.ok(g.store().size < hardPatternLimit * 1.2);
});

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}
