// util/memo.ts: per-object memos that live and die with their key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownMemo } from '../../server/src/util/memo';
import { exposedGc } from '../helpers/gc';

test('a memo returns what was set for the same key object, and nothing for another', () => {
  const memo = ownMemo<object, number>('t');
  const a = {};
  const b = {};
  assert.equal(memo.get(a), undefined);
  assert.equal(memo.set(a, 1), 1);
  assert.equal(memo.get(a), 1);
  assert.equal(memo.get(b), undefined);
  memo.set(a, 2);
  assert.equal(memo.get(a), 2);
});

test('two memos on one key are independent, and null is a value', () => {
  const m1 = ownMemo<object, string | null>('one');
  const m2 = ownMemo<object, string | null>('one');
  const key = {};
  m1.set(key, null);
  m2.set(key, 'x');
  assert.equal(m1.get(key), null);
  assert.equal(m2.get(key), 'x');
});

test('the stored value is invisible to key lists, JSON and deep comparison', () => {
  const memo = ownMemo<{ n: number }, number[]>('hidden');
  const key = { n: 1 };
  memo.set(key, [1, 2, 3]);
  assert.deepEqual(Object.keys(key), ['n']);
  assert.equal(JSON.stringify(key), '{"n":1}');
  assert.deepStrictEqual(key, { n: 1 });
  assert.deepEqual(structuredClone(key), { n: 1 });
});

test('a key frozen after its first entry takes a new one', () => {
  const memo = ownMemo<object, string>('late');
  const key = {};
  memo.set(key, 'first');
  Object.freeze(key);
  memo.set(key, 'second');
  assert.equal(memo.get(key), 'second');
});

test('a frozen key still gets its entry', () => {
  const memo = ownMemo<object, string>('frozen');
  const key = Object.freeze({});
  memo.set(key, 'v');
  assert.equal(memo.get(key), 'v');
  assert.equal(memo.get(Object.freeze({})), undefined);
});

test('values of unreachable keys are gone after young-generation GCs (what a long-lived WeakMap does not do on Node 20)', () => {
  const gc = exposedGc();
  // Values refer back to their keys, as a document's facts refer to its elements.
  const memo = ownMemo<object, { key: object; data: number[] }>('gc');
  const retainedAfterMinorGcs = (fill: (key: object, value: { key: object; data: number[] }) => void): number => {
    // One entry first, then full GCs: whatever the memo keeps internally is old by now, as in a long run.
    const first = {};
    fill(first, { key: first, data: [] });
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    // 200 keys × ~8 kB values: 1.6 MB that nothing reaches once the loop is done.
    for (let i = 0; i < 200; i++) {
      const key = { i };
      fill(key, { key, data: new Array<number>(1000).fill(i + 0.5) });
    }
    gc({ type: 'minor' });
    gc({ type: 'minor' });
    return process.memoryUsage().heapUsed - before;
  };
  const own = retainedAfterMinorGcs((k, v) => memo.set(k, v));
  assert.ok(own < 600_000, `ownMemo kept ${own} bytes through two minor GCs`);
});
