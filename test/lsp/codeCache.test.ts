// The language server starts through V8's code cache (server/src/serverBoot.ts):
// the first start writes it, later starts read it and leave it as it is, the
// diagnostics are the same either way, also with LIBVIRT_XML_LINT_CACHE=off.
// Its grammar automaton is kept the same way (cli/grammarCache.ts): written at
// exit, restored by the next start's first validation.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../robustness/fuzzCorpus/lspSession';
import { cacheFileStamps } from '../helpers/cli';

const doc = `<domain type='kvm'>
  <name>cached</name>
  <memory unit='GiB'>2</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <cpu mode='custom'><model>Skylake-Clinet</model></cpu>
  <devices><disk type='fiel' device='disk'/></devices>
</domain>
`;

/** Diagnostics (code and line) of one start with the cache in `cache`, and how its grammar started ('' warm, else why not). */
async function firstStart(cache: string): Promise<{ diagnostics: string[]; grammarWarmStart: string | null }> {
  const s = await startServer({ env: { LIBVIRT_XML_LINT_CACHE: cache, LIBVIRT_XML_TEST_HOOKS: '1' } });
  try {
    s.open('file:///cached.xml', doc);
    const p = await s.diagnosticsFor('file:///cached.xml', 1);
    const stats = (await s.rpc.sendRequest('libvirtXml/test/stats')) as { grammarWarmStart: string | null };
    return { diagnostics: p.diagnostics.map((d) => `${d.range.start.line}:${String(d.code)}`), grammarWarmStart: stats.grammarWarmStart };
  } finally {
    await s.stop();
  }
}

async function firstDiagnostics(cache: string): Promise<string[]> {
  return (await firstStart(cache)).diagnostics;
}

test('the server writes its code cache once, then starts from it with the same diagnostics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-server-cache-'));
  const cache = join(dir, 'cache');
  const files = () => cacheFileStamps(cache);
  const first = await firstDiagnostics(cache);
  assert.ok(first.some((d) => d.endsWith('cpu-model-unknown')) && first.some((d) => d.includes('schema-')), first.join(', '));
  const written = files();
  assert.equal(written.length, 1);
  assert.match(written[0], /^server-[0-9a-f]{8}-[0-9a-f]{8}\.v8 /);
  assert.deepEqual(await firstDiagnostics(cache), first);
  assert.deepEqual(files(), written, 'the second start used the cache and did not rewrite it');
  // Without a cache the server compiles its body as it is read: the same diagnostics.
  assert.deepEqual(await firstDiagnostics('off'), first);
  rmSync(dir, { recursive: true, force: true });
});

test('the server keeps its grammar automaton: written at exit, the next start validates from it with the same diagnostics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-server-grammar-'));
  const cache = join(dir, 'cache');
  const grammarFiles = () => cacheFileStamps(cache, undefined, '.bin');
  const cold = await firstStart(cache);
  assert.equal(cold.grammarWarmStart, 'no cache file');
  const written = grammarFiles();
  assert.equal(written.length, 1, 'one automaton file after the first exit');
  assert.match(written[0], /^grammar-[0-9a-f]{8}-[0-9a-f]{8}\.bin /);
  const warm = await firstStart(cache);
  assert.equal(warm.grammarWarmStart, '', 'the second start restored the automaton');
  assert.deepEqual(warm.diagnostics, cold.diagnostics);
  assert.deepEqual(grammarFiles(), written, 'a start that learnt nothing new leaves the file as it is');
  // Turned off with the code cache: nothing is read or written.
  assert.equal((await firstStart('off')).grammarWarmStart, null);
  rmSync(dir, { recursive: true, force: true });
});
