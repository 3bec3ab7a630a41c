// data/usage.json ranks elements, attributes and values by how many of libvirt
// 11.3's test documents use them (data/usage/generate.ts): the committed file
// must equal a fresh count over the local tree.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { usageJson } from '../../data/usage/generate';
import { libvirtSrc } from '../helpers/schemaCorpus';

const testsDir = join(libvirtSrc, 'tests');

test('data/usage.json equals a fresh count over libvirt 11.3\'s test documents', (t) => {
  if (!existsSync(join(testsDir, 'qemuxmlconfdata'))) return t.skip(`libvirt tests not found at ${testsDir} (set LIBVIRT_SRC to a libvirt 11.3.0 tree)`);
  const committed = readFileSync(join(__dirname, '../../../data/usage.json'), 'utf8');
  assert.equal(committed, usageJson(testsDir), 'run npm run generate-usage');
});

test('the ranking counts documents of each kind', () => {
  const data = JSON.parse(readFileSync(join(__dirname, '../../../data/usage.json'), 'utf8')) as { kinds: Array<{ kind: string; documents: number; top: number; entries: Array<{ key: string; documents: number }> }> };
  assert.deepEqual(data.kinds.map((k) => k.kind), ['domain', 'network', 'pool', 'volume']);
  for (const k of data.kinds) {
    assert.equal(k.entries.find((e) => e.key === k.kind)?.documents, k.documents, 'the root is in every document');
    for (let i = 1; i < k.entries.length; i++) assert.ok(k.entries[i - 1].documents >= k.entries[i].documents, `${k.kind} sorted`);
  }
});
