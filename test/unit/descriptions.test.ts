// Our own descriptions (features/descriptions.ts): they cover the most used
// entries of data/usage.json (with the CPU-area table's prose for its part),
// they are our own words (no 8-word run shared with libvirt's documentation),
// and the lookup finds them in context.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attributeSpec, elementSpec, valueSpec } from '../../server/src/domain/schema';
import { describeKey, descriptions, type DescribedKind } from '../../server/src/features/descriptions';
import { libvirtSrc } from '../helpers/schemaCorpus';
import { rstTexts, sharedRun, shingles, words } from '../helpers/originality';

interface Usage {
  kinds: Array<{ kind: DescribedKind; documents: number; top: number; entries: Array<{ key: string; documents: number; path: string }> }>;
}
const usage = JSON.parse(readFileSync(join(__dirname, '../../../data/usage.json'), 'utf8')) as Usage;

/** The CPU-area table's prose for an entry (domain/schema.ts documents those itself). */
function cpuAreaDoc(kind: string, key: string, path: string): string | undefined {
  if (kind !== 'domain') return undefined;
  const m = /^[^@]+(?:@([^=]+)(?:=(.*))?)?$/.exec(key);
  if (!m) return undefined;
  const [, attr, value] = m;
  if (value !== undefined) return valueSpec(path, attr, value)?.doc;
  if (attr !== undefined) return attributeSpec(path, attr)?.doc;
  return path === 'domain' ? undefined : elementSpec(path)?.doc;
}

test('the most used entries of each kind have a description', () => {
  const missing: string[] = [];
  let total = 0;
  let cpuArea = 0;
  for (const k of usage.kinds) {
    for (const e of k.entries.slice(0, k.top)) {
      total++;
      if (describeKey(k.kind, e.key)) continue;
      if (cpuAreaDoc(k.kind, e.key, e.path)) cpuArea++;
      else missing.push(`${k.kind} ${e.key} (${e.documents} documents)`);
    }
  }
  console.log(`# descriptions: ${total - missing.length} of the top ${total} entries covered (${cpuArea} by the CPU-area table)`);
  assert.equal(total, 250);
  assert.deepEqual(missing, []);
});

test('every description key is well-formed and every text is a few plain sentences', () => {
  for (const [kind, table] of Object.entries(descriptions)) {
    for (const [key, text] of Object.entries(table)) {
      assert.match(key, /^([\w.-]+\/)?[\w.-]+(@[\w.:-]+(=[^=\s]+)?)?$/, `${kind} ${key}`);
      assert.ok(text.length >= 15 && text.length <= 400, `${kind} ${key}: ${text.length} characters`);
      assert.match(text, /[.)…]$/, `${kind} ${key} ends a sentence`);
    }
  }
});

test('lookup: the parent-qualified entry first, then the name anywhere', () => {
  assert.match(describeKey('domain', 'disk/source@file')!, /image file/);
  assert.match(describeKey('domain', 'devices/disk@type=file')!, /image file/);
  assert.equal(describeKey('domain', '*/address@slot'), describeKey('domain', 'controller/address@slot'));
  assert.notEqual(describeKey('domain', 'source/address'), describeKey('domain', 'disk/address'));
  assert.notEqual(describeKey('pool', 'target/path'), describeKey('volume', 'target/path'));
  assert.equal(describeKey('domain', 'interface/source@nosuch'), undefined);
  assert.equal(describeKey('network', 'constructor'), undefined);
});

// ---------------------------------------------------------------------------
// Originality

const docsDir = join(libvirtSrc, 'docs');

test('the originality check finds a planted copy (inline reference)', () => {
  const reference = shingles(['The **name** element provides a short name for the virtual machine; it must be unique.'], 8);
  assert.equal(sharedRun('Our own words about the guest name.', reference, 8), undefined);
  // Case, punctuation and markup do not hide a copy.
  assert.equal(sharedRun('Here: the NAME element, provides a short name for the Virtual machine', reference, 8), 'the name element provides a short name for');
  // Seven shared words are allowed, eight are not.
  assert.equal(sharedRun('element provides a short name for the guest', reference, 8), undefined);
  assert.ok(sharedRun('element provides a short name for the virtual', reference, 8));
});

test('no description shares 8 consecutive words with libvirt\'s documentation', (t) => {
  const texts = rstTexts(docsDir);
  if (texts.length === 0) return t.skip(`libvirt documentation not found at ${docsDir} (set LIBVIRT_SRC to a libvirt 11.3.0 tree)`);
  const reference = shingles(texts, 8);
  // The check fails on a planted copy of a real sentence of formatdomain.rst.
  const domainRst = readFileSync(join(docsDir, 'formatdomain.rst'), 'utf8');
  const sentence = domainRst.split('\n\n').map((p) => p.replace(/\s+/g, ' ')).find((p) => words(p).length > 20 && !p.includes('<'))!;
  assert.ok(sharedRun(`We wrote this. ${sentence}`, reference, 8), 'a planted copy is found');
  const copied: string[] = [];
  for (const [kind, table] of Object.entries(descriptions)) {
    for (const [key, text] of Object.entries(table)) {
      const run = sharedRun(text, reference, 8);
      if (run) copied.push(`${kind} ${key}: "${run}"`);
    }
  }
  assert.deepEqual(copied, []);
});
