// The grammar compiled at run time from installed schemas equals the bundled one:
// /usr/share/libvirt/schemas of the oracle's libvirt 11.3 (when installed) and
// the 11.3 source tree's src/conf/schemas give the same patterns, roots,
// namespaces and digest as data/grammar.json; only the recorded provenance
// (origin, and the version where nothing says it) may differ.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chooseGrammar, clearGrammarMemory, compileSnapshot } from '../../server/src/io/grammarLoader';
import { detectSchemaVersion, HOST_SCHEMA_DIR, includeClosure, readSchemaDir, schemaDigest } from '../../server/src/io/schemaDir';
import { bundledGrammar } from '../../server/src/schema/bundled';
import type { GrammarData } from '../../server/src/schema/format';
import { haveLibvirtSchemas, libvirtSrc, schemaDir as sourceSchemaDir } from '../helpers/schemaCorpus';

/** The grammar without its provenance. */
function body(g: GrammarData): Omit<GrammarData, 'libvirtVersion' | 'origin'> {
  const { libvirtVersion: _v, origin: _o, ...rest } = g;
  return rest;
}

function assertSameAsBundled(dir: string): void {
  const bundled = bundledGrammar().data;
  const snapshot = readSchemaDir(dir);
  const t0 = performance.now();
  const { data } = compileSnapshot(snapshot);
  const ms = performance.now() - t0;
  assert.deepEqual(body(data), body(bundled), `the grammar compiled from ${dir} (${ms.toFixed(0)} ms) is the bundled one`);
  assert.equal(data.origin, dir);
  assert.equal(schemaDigest(includeClosure(snapshot.files) ?? []), bundled.digest, 'the include scan finds exactly the files the compiler reads');
}

test('the installed /usr/share/libvirt/schemas compile to the bundled grammar', (t) => {
  if (!existsSync(join(HOST_SCHEMA_DIR, 'domain.rng'))) return t.skip(`no ${HOST_SCHEMA_DIR} (the oracle installs libvirt 11.3's)`);
  const bundled = bundledGrammar();
  const detected = detectSchemaVersion(HOST_SCHEMA_DIR);
  t.diagnostic(`installed schemas: libvirt ${detected?.version ?? 'unknown'} (from ${detected?.from ?? 'nothing'})`);
  if (detected && detected.version !== bundled.libvirtVersion) return t.skip(`the installed libvirt is ${detected.version}, not ${bundled.libvirtVersion}`);
  assertSameAsBundled(HOST_SCHEMA_DIR);
  // The loader recognises the files without compiling them, and labels them with the host's path.
  clearGrammarMemory();
  const loaded = chooseGrammar({ useHost: true, schemasPath: '' });
  assert.equal(loaded.info.fallbackReason, undefined);
  assert.equal(loaded.grammar, bundled);
  assert.deepEqual([loaded.info.kind, loaded.info.source, loaded.info.origin, loaded.info.libvirtVersion], ['host', 'same as bundled', HOST_SCHEMA_DIR, bundled.libvirtVersion]);
  t.diagnostic(`recognised in ${loaded.info.loadMs} ms`);
});

test("libvirt 11.3's source tree compiles at run time to the bundled grammar, its version read from the tree", (t) => {
  if (!haveLibvirtSchemas()) return t.skip(`libvirt source not found at ${libvirtSrc}`);
  assertSameAsBundled(sourceSchemaDir);
  assert.deepEqual(detectSchemaVersion(sourceSchemaDir), { version: '11.3.0', from: 'its libvirt source tree' });
});
