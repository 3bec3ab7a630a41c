// data/grammar.json is libvirt's RelaxNG grammar compiled by data/grammar/:
// the committed file must equal a fresh run on libvirt 11.3's schemas, and
// every part of it must be usable by the validator (roots, patterns, regexps).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateGrammarJson } from '../../data/grammar/generate';
import type { GrammarData } from '../../server/src/schema/format';
import { haveLibvirtSchemas, libvirtSrc, schemaDir } from '../helpers/schemaCorpus';

const root = join(__dirname, '../../..');
const committedText = readFileSync(join(root, 'data/grammar.json'), 'utf8');
const committed = JSON.parse(committedText) as GrammarData;

test('data/grammar.json equals a fresh generator run on libvirt 11.3', (t) => {
  if (!haveLibvirtSchemas()) return t.skip(`libvirt source not found at ${libvirtSrc} (set LIBVIRT_SRC to a libvirt 11.3.0 tree)`);
  const fresh = generateGrammarJson(schemaDir);
  assert.equal(committedText, fresh, 'run npm run generate-grammar');
});

test('the grammar records its provenance', () => {
  assert.equal(committed.format, 1);
  assert.equal(committed.libvirtVersion, '11.3.0');
  assert.match(committed.digest, /^sha256:[0-9a-f]{64}$/);
  assert.equal(committed.origin, 'libvirt 11.3.0 source, src/conf/schemas');
});

test('every document kind has a root', () => {
  assert.deepEqual(Object.keys(committed.roots).sort(), [
    'capabilities', 'device', 'domain', 'domainCapabilities', 'filter', 'interface', 'network', 'networkport', 'pool', 'secret', 'volume',
  ]);
});

test('every pattern refers to existing entries and every regexp compiles', () => {
  const n = committed.patterns.length;
  const isIndex = (i: unknown) => typeof i === 'number' && i >= 0 && i < n;
  let regexps = 0;
  for (const p of committed.patterns) {
    switch (p[0]) {
      case 'c':
      case 'g':
      case 'i':
        assert.ok(p.length >= 3 && p.slice(1).every(isIndex), JSON.stringify(p));
        break;
      case 'o':
        assert.ok(isIndex(p[1]));
        break;
      case 'el':
      case 'at':
        assert.ok(isIndex(p[2]), JSON.stringify(p));
        break;
      case 'd':
        assert.ok(p[3] === -1 || isIndex(p[3]));
        for (const re of p[2].pattern ?? []) {
          assert.doesNotThrow(() => new RegExp(re), re);
          assert.ok(re.startsWith('^(?:') && re.endsWith(')$'), re);
          regexps++;
        }
        break;
    }
  }
  assert.ok(regexps >= 79, `${regexps} regexps`);
});
