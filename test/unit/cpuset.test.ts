// CPU/node list parsing, formatting and typo repair, against what libvirt 11.3
// did with each text (`virsh define` + `dumpxml --inactive` on <vcpu cpuset>).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CPUMASK_LEN, formatCpuset, formatRanges, isSchemaCpuset, parseBitmap, parseBitmapRanges, parseCpuset, suggestCpusetFix } from '../../server/src/domain/cpuset';

/** Text → the set libvirt kept (as dumpxml printed it), or the error it gave; and whether the schema accepts the text. */
const oracle: Array<[text: string, libvirt: string, schema: boolean]> = [
  ['0', '0', true],
  ['0-3', '0-3', true],
  ['0,', '0', false],
  ['0-+1', '0-1', false],
  ['0--0', '0', false],
  [' 0 - 1 , 3 ', '0-1,3', false],
  ['0-1 ,', '0-1', false],
  ['\t0', '0', false],
  ['0,^0,1', '1', true],
  ['0-2,^1', '0,2', true],
  ['2,^3', '2', true],
  ['007', '7', true],
  ['16383', '16383', true],
  ['^ 1,0', "Failed to parse bitmap '^ 1,0'", false],
  ['0-16384', "Failed to parse bitmap '0-16384'", true],
  ['^16384,0', "Failed to parse bitmap '^16384,0'", true],
  ['1-0', "Failed to parse bitmap '1-0'", true],
  ['0,,1', "Failed to parse bitmap '0,,1'", false],
  ['0 1', "Failed to parse bitmap '0 1'", false],
  ['^1-2', "Failed to parse bitmap '^1-2'", false],
  ['', "Failed to parse bitmap ''", false],
  ['0-1-2', "Failed to parse bitmap '0-1-2'", false],
  ['0- -1', "Failed to parse bitmap '0- -1'", false],
  ['a-b', "Failed to parse bitmap 'a-b'", false],
  ['16384', "Failed to parse bitmap '16384'", true],
  ['^3', "Invalid value of 'cpuset': ^3", true],
  ['0,^0', "Invalid value of 'cpuset': 0,^0", true],
];

test('parseCpuset agrees with libvirt on every observed text', () => {
  for (const [text, expected] of oracle) {
    const r = parseCpuset(text);
    assert.equal(r.ok ? formatCpuset(r.cpus) : r.message, expected, JSON.stringify(text));
  }
});

test('isSchemaCpuset agrees with virt-xml-validate on every observed text', () => {
  for (const [text, , schema] of oracle) assert.equal(isSchemaCpuset(text), schema, JSON.stringify(text));
});

test('parse results are sorted and unique, as numbers and as ranges', () => {
  assert.deepEqual(parseCpuset('8,3,0-2,3,1'), { ok: true, cpus: [0, 1, 2, 3, 8], ranges: [[0, 3], [8, 8]] });
  assert.deepEqual(parseBitmapRanges('30-33,^31,64,63'), [[30, 30], [32, 33], [63, 64]]);
});

test('parseBitmapRanges matches a plain set replay on random lists (word edges, order of ^)', () => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = () => [0, 1, 31, 32, 33, 63, 64, 95, 96, 16351, 16352, 16383][rand(12)] + (rand(3) === 0 ? rand(70) : 0);
  for (let round = 0; round < 3000; round++) {
    const items: string[] = [];
    const set = new Set<number>();
    for (let k = 1 + rand(8); k > 0; k--) {
      const a = Math.min(pick(), 16383);
      const kind = rand(3);
      if (kind === 0) {
        items.push(`^${a}`);
        set.delete(a);
      } else if (kind === 1) {
        items.push(String(a));
        set.add(a);
      } else {
        const b = Math.min(a + rand(100), 16383);
        items.push(`${a}-${b}`);
        for (let x = a; x <= b; x++) set.add(x);
      }
    }
    const text = items.join(',');
    const expected = [...set].sort((x, y) => x - y);
    assert.deepEqual(parseBitmap(text), expected, text);
    assert.equal(formatRanges(parseBitmapRanges(text)!), formatCpuset(expected), text);
  }
});

test('empty result names the attribute and keeps the text as written', () => {
  const r = parseCpuset(' 1,^1', { attribute: 'nodeset' });
  assert.deepEqual(r, { ok: false, reason: 'empty', message: "Invalid value of 'nodeset':  1,^1" });
});

test('a syntax error is told apart from an empty result', () => {
  assert.equal((parseCpuset('x') as { reason: string }).reason, 'syntax');
  assert.equal((parseCpuset('^0') as { reason: string }).reason, 'empty');
});

test('numbers past a C int are refused, not wrapped', () => {
  assert.equal(parseBitmap('2147483648'), undefined);
  assert.equal(parseBitmap('0-99999999999999999999'), undefined);
  assert.equal(parseBitmap('0-2147483647'), undefined);
});

test('the limit is configurable and defaults to 16384', () => {
  assert.equal(CPUMASK_LEN, 16384);
  assert.deepEqual(parseBitmap('0-16383')?.length, 16384);
  assert.equal(parseBitmap('4', 4), undefined);
  assert.deepEqual(parseBitmap('3', 4), [3]);
});

test('removing a bit that was never set is allowed; "^N" alone parses to nothing', () => {
  assert.deepEqual(parseBitmap('^5'), []);
  assert.deepEqual(parseBitmap('1,^5'), [1]);
});

test('a later item can add back what "^" removed', () => {
  assert.deepEqual(parseBitmap('0-3,^2,2'), [0, 1, 2, 3]);
});

test('formatCpuset writes runs of two or more as ranges, like virBitmapFormat', () => {
  assert.equal(formatCpuset([]), '');
  assert.equal(formatCpuset([5]), '5');
  assert.equal(formatCpuset([2, 3]), '2-3');
  assert.equal(formatCpuset([8, 0, 1, 2, 3, 3]), '0-3,8');
  assert.equal(formatCpuset([0, 2, 4, 5, 6, 9]), '0,2,4-6,9');
});

test('format then parse is the identity on sets', () => {
  const sets = [[0], [1, 2, 3], [0, 2, 4, 6], [16383], [0, 1, 5, 6, 7, 100]];
  for (const cpus of sets) assert.deepEqual(parseBitmap(formatCpuset(cpus)), cpus);
});

test('suggestCpusetFix: valid text needs nothing; an empty set or an out-of-limit number has no obvious fix', () => {
  for (const text of ['0', '0-3,^2', '16384', '0,^0']) assert.equal(suggestCpusetFix(text), undefined, text);
});

test('suggestCpusetFix: text libvirt accepts is rewritten to the same set in schema form', () => {
  const cases: Array<[string, string]> = [
    [' 0 - 1 , 3 ', '0-1,3'],
    ['0-3,', '0-3'],
    ['0-+1', '0-1'],
    ['\t0', '0'],
    ['0--0', '0'],
  ];
  for (const [text, fixed] of cases) {
    assert.equal(suggestCpusetFix(text), fixed, text);
    assert.deepEqual(parseBitmap(fixed), parseBitmap(text), text);
  }
});

test('suggestCpusetFix: obvious typos libvirt refuses', () => {
  const cases: Array<[string, string]> = [
    ['0,,2', '0,2'],
    [',0-3', '0-3'],
    ['3-0', '0-3'],
    ['1-0', '0-1'],
    ['0..3', '0-3'],
    ['^ 1,0', '^1,0'],
    ['0-3, 8-4', '0-3,4-8'],
  ];
  for (const [text, fixed] of cases) assert.equal(suggestCpusetFix(text), fixed, text);
});

test('suggestCpusetFix: no guess where the intent is unclear', () => {
  for (const text of ['0 1', 'a-b', '0;1', '0-1-2', '16384-0', '^1-2', '', ' ', ',', '0,^0,', '^3,']) {
    assert.equal(suggestCpusetFix(text), undefined, JSON.stringify(text));
  }
});

test('every suggestion parses to a non-empty set and matches the schema', () => {
  const inputs = ['0,,2', ' 1', '1 ,2', '5-2', '0..1', '0-+3', '1,', ',1,,2,'];
  for (const text of inputs) {
    const s = suggestCpusetFix(text);
    assert.ok(s !== undefined, text);
    assert.ok(isSchemaCpuset(s), s);
    assert.ok((parseBitmap(s) ?? []).length > 0, s);
  }
});

test('hostile input: long lists and junk are handled in linear time without throwing', () => {
  const long = Array.from({ length: 20000 }, (_, i) => String(i % CPUMASK_LEN)).join(',');
  const t0 = performance.now();
  assert.equal(parseCpuset(long).ok, true);
  assert.equal(parseBitmap('9'.repeat(100000)), undefined);
  assert.equal(parseBitmap(','.repeat(100000)), undefined);
  assert.equal(suggestCpusetFix(' '.repeat(100000) + '1'), '1');
  for (let k = 0; k < 20000; k++) parseBitmapRanges('0-16383,^5');
  assert.ok(performance.now() - t0 < 5000, 'linear, not quadratic (generous bound for loaded machines)');
});
