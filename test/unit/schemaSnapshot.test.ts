// The grammar's warm start (PatternStore.snapshot / restore, and the CLI's
// cache file in cli/grammarCache.ts): a restored store gives the very same
// verdicts, knows everything the snapshot held (validating the same
// documents again adds nothing), and a snapshot that does not fit or is
// damaged is refused before use, never turned into a wrong automaton.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { Grammar } from '../../server/src/schema/grammar';
import { PatternStore, type StoreSnapshot } from '../../server/src/schema/patterns';
import { validateTree } from '../../server/src/schema/validate';
import { decodeSnapshot, encodeSnapshot, useGrammarCache } from '../../server/src/cli/grammarCache';
import { parseXml } from '../../server/src/xml/parser';
import { realisticDomain } from '../robustness/fuzzCorpus/domains';

const data = bundledGrammar().data;

const documents = [
  realisticDomain({ lines: 120, seed: 3, findings: false, check: 'none' }),
  realisticDomain({ lines: 200, seed: 11, findings: true, check: 'none' }),
  // Mistakes, so the recovery memos (lenient, skip) are in the snapshot too.
  `<domain type='kvm'><name>x</name><memory>1</memory><os><type>hvm</type></os>
  <devices><disk type='fiel' device='disk'><source file='/a'/><target dev='vda'/></disk><interfacee/></devices></domain>`,
  `<network><name>n</name><bridge name='virbr0'/><ip address='192.168.1.1' netmask='255.255.255.0'><dhcp><range start='192.168.1.2' end='192.168.1.9'/></dhcp></ip></network>`,
  `<pool type='dir'><name>p</name><target><path>/var/lib/libvirt/images</path></target></pool>`,
];

function verdicts(store: PatternStore, texts: readonly string[]): string[][] {
  return texts.map((t) => {
    const xml = parseXml(t);
    return validateTree(store, xml, xml.roots[0].name).problems.map((p) => `${p.code} ${p.start}-${p.end} ${p.message}`);
  });
}

function learnt(): { store: PatternStore; snap: StoreSnapshot } {
  const store = new PatternStore(data);
  verdicts(store, documents.slice(0, 4));
  return { store, snap: store.snapshot() };
}

test('a restored store gives the same verdicts and already knows what the snapshot held', () => {
  const { store, snap } = learnt();
  assert.ok(snap.size > 500, `the documents built ${snap.size} patterns`);
  const restored = PatternStore.restore(data, snap);
  assert.equal(restored.size, store.size);
  assert.equal(restored.changes, 0);
  const expected = verdicts(new PatternStore(data), documents);
  assert.deepEqual(verdicts(restored, documents.slice(0, 4)), expected.slice(0, 4));
  // Only what the snapshot left out (texts longer than maxSnapshotKey, recomputed) may be learnt again; no new patterns.
  assert.equal(restored.size, store.size, 'validating the same documents made no new pattern');
  assert.equal(restored.interningFilled, false, 'nor looked one up: the interning tables were never needed');
  // A document the snapshot never saw goes on from the restored state.
  assert.deepEqual(verdicts(restored, documents.slice(4)), expected.slice(4));
  assert.ok(restored.changes > 0);
  // What it derives anew is interned against the restored patterns: no pattern is made twice.
  verdicts(store, documents.slice(4));
  assert.equal(restored.size, store.size);
  assert.ok(expected.some((v) => v.length > 0) && expected[0].length === 0, 'the documents include valid and invalid ones');
});

test('a snapshot of a restored store is the original snapshot', () => {
  const { snap } = learnt();
  const again = PatternStore.restore(data, snap).snapshot();
  assert.deepEqual({ ...again, ints: [...again.ints] }, { ...snap, ints: [...snap.ints] });
});

test('snapshots that do not fit are refused before use', () => {
  const { snap } = learnt();
  const refused = (s: StoreSnapshot, why: RegExp) => assert.throws(() => PatternStore.restore(data, s), why);
  refused({ ...snap, digest: 'sha256:0' }, /another grammar/);
  refused({ ...snap, format: 99 }, /unknown format/);
  refused({ ...snap, size: snap.size + 1 }, /truncated|bad sections/);
  refused({ ...snap, ints: snap.ints.slice(0, snap.sections[0] - 1), sections: snap.sections.map((n) => Math.min(n, snap.sections[0] - 1)) }, /truncated|trailing/);
  const forward = Int32Array.from(snap.ints);
  // The first pattern made (id 3) referring to itself: references may only point backwards.
  forward[1] = 3;
  forward[2] = 3;
  refused({ ...snap, ints: forward }, /out of order|kind|duplicate|choice/);
  const wrongEntry = Int32Array.from(snap.ints);
  const elementAt = findKind(snap, 7);
  wrongEntry[elementAt + 1] = data.roots.domain.start === 0 ? 1 : 0;
  refused({ ...snap, ints: wrongEntry }, /grammar entry/);
  const badMemo = Int32Array.from(snap.ints);
  badMemo[snap.sections[1] + 3] = snap.size + 5;
  refused({ ...snap, ints: badMemo }, /bad memo entry/);
  // The grammar facade says why and keeps a working store.
  const g = new Grammar(data);
  assert.match(g.warmStart({ ...snap, digest: 'x' }), /another grammar/);
  assert.match(g.warmStart(null), /unknown format/);
  assert.deepEqual(g.validate(parseXml(documents[2])).problems.length, 2);
});

/** Index in `snap.ints` of the first pattern record of `kind`. */
function findKind(snap: StoreSnapshot, kind: number): number {
  const ints = snap.ints;
  for (let i = 0; i < snap.sections[0]; ) {
    const k = ints[i];
    if (k === kind) return i;
    i += k === 3 ? 2 + ints[i + 1] : k === 4 || k === 5 || k === 11 || k === 8 || k === 9 ? 3 : 2;
  }
  throw new Error(`no pattern of kind ${kind}`);
}

test('the cache file: round trip, and any damaged byte is refused', () => {
  const { snap } = learnt();
  const bytes = encodeSnapshot(snap);
  const own = (b: Buffer) => {
    const c = Buffer.allocUnsafeSlow(b.length);
    b.copy(c);
    return c;
  };
  const back = decodeSnapshot(own(bytes));
  assert.ok(typeof back !== 'string');
  assert.deepEqual([...back.ints], [...snap.ints]);
  assert.equal(PatternStore.restore(data, back).size, snap.size);
  assert.match(String(decodeSnapshot(own(bytes.subarray(0, bytes.length - 4)))), /truncated|damaged/);
  assert.equal(decodeSnapshot(own(Buffer.from('not a cache'))), 'not a grammar cache file');
  let refusedAll = true;
  for (let k = 0; k < 200; k++) {
    const damaged = own(bytes);
    const at = 4 + ((k * 7919) % (bytes.length - 4));
    damaged[at] ^= 1 << (k % 8);
    const r = decodeSnapshot(damaged);
    if (typeof r !== 'string') {
      // A flipped bit the checks let through must still be refused by restore, or leave the header's meaning intact.
      try {
        PatternStore.restore(data, r);
        refusedAll = false;
      } catch {
        // refused
      }
    }
  }
  assert.ok(refusedAll, 'every damaged file was refused');
});

test('useGrammarCache: the first run writes the file at exit, the next starts warm when the store is first needed, a damaged file starts cold', () => {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-grammar-cache-'));
  const code = join(dir, 'cliMain.js');
  writeFileSync(code, '// stand-in bundle\n');
  /** useGrammarCache with `save`, and the exit hook it registered (taken off process, to be called by hand). */
  const withHook = (g: Grammar): (() => void) => {
    const before = process.listenerCount('exit');
    assert.equal(useGrammarCache(g, true, dir, code), 'on');
    assert.equal(process.listenerCount('exit'), before + 1);
    const hook = process.listeners('exit').at(-1) as (status: number) => void;
    process.removeListener('exit', hook);
    return () => hook(0);
  };
  const first = new Grammar(data);
  assert.equal(useGrammarCache(first, false, dir, code), 'on');
  assert.equal(first.warmStatus, undefined, 'nothing is read before the store is needed');
  first.validate(parseXml(documents[0]));
  assert.equal(first.warmStatus, 'no cache file');
  // A store that learnt nothing writes nothing.
  withHook(new Grammar(data))();
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.bin')), []);
  const taught = new Grammar(data);
  const save = withHook(taught);
  taught.validate(parseXml(documents[0]));
  save();
  const files = readdirSync(dir).filter((f) => f.endsWith('.bin'));
  assert.equal(files.length, 1);
  const warm = new Grammar(data);
  useGrammarCache(warm, false, dir, code);
  const verdict = warm.validate(parseXml(documents[0]));
  assert.equal(warm.warmStatus, '');
  assert.equal(warm.store().changes, 0, 'the same document again: nothing new to learn');
  assert.deepEqual(verdict.problems, first.validate(parseXml(documents[0])).problems);
  writeFileSync(join(dir, files[0]), readFileSync(join(dir, files[0])).subarray(0, 100));
  const damaged = new Grammar(data);
  useGrammarCache(damaged, false, dir, code);
  damaged.store();
  assert.match(damaged.warmStatus!, /damaged|truncated/);
  const env = process.env.LIBVIRT_XML_LINT_CACHE;
  process.env.LIBVIRT_XML_LINT_CACHE = 'off';
  try {
    assert.equal(useGrammarCache(new Grammar(data), false, undefined, code), 'off');
  } finally {
    if (env === undefined) delete process.env.LIBVIRT_XML_LINT_CACHE;
    else process.env.LIBVIRT_XML_LINT_CACHE = env;
  }
});
