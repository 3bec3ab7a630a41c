// The server with libvirtXml.schema.* settings: it announces which grammar it uses
// (libvirtXml/catalogInfo, for the status bar) and logs it, checks documents with
// it, falls back with a logged reason, and switches when the settings change.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../robustness/fuzzCorpus/lspSession';
import { writeTree } from '../helpers/cli';

const RNG = 'xmlns="http://relaxng.org/ns/structure/1.0"';

interface GrammarInfo {
  kind: string;
  origin: string;
  libvirtVersion: string;
  source: string;
  roots: string[];
  fallbackReason?: string;
}

test('the server checks with the configured schema directory, says so, and falls back when it goes bad', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-lsp-schemas-'));
  writeTree(dir, {
    'domain.rng': `<grammar ${RNG}><start><element name="domain"><attribute name="type"><choice><value>kvm</value><value>fiel</value></choice></attribute><element name="name"><text/></element><element name="memory"><text/></element></element></start></grammar>`,
  });
  const configuration: { catalog: unknown; schema: { useHostSchemas: boolean; schemasPath: string } } = { catalog: { useHostCpuMap: false }, schema: { useHostSchemas: true, schemasPath: dir } };
  const session = await startServer({ configuration });
  try {
    const grammarOf = (i: number) => session.waitFor(() => session.catalogInfo[i]?.grammar as GrammarInfo | undefined, `catalogInfo #${i + 1}`);
    const first = await grammarOf(0);
    assert.deepEqual([first.kind, first.origin, first.source, first.roots], ['host', dir, 'compiled', ['domain']]);
    await session.waitFor(() => session.logs.find((l) => l.message.startsWith(`Grammar: libvirt unknown (host, ${dir};`)), 'the grammar logged');
    const text = `<domain type='fiel'><name>a</name><memory>1</memory></domain>`;
    session.open('file:///a.xml', text);
    assert.deepEqual((await session.diagnosticsFor('file:///a.xml', 1)).diagnostics.map((d) => d.code), [], 'the configured grammar accepts it');

    // A directory that cannot be used: the bundled grammar, and why.
    configuration.schema.schemasPath = join(dir, 'missing');
    void session.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const second = await grammarOf(1);
    assert.equal(second.kind, 'bundled');
    assert.match(String(second.fallbackReason), /could not use .*missing: cannot read/);
    await session.waitFor(() => session.logs.find((l) => /Using the bundled grammar: could not use .*missing/.test(l.message)), 'the fallback logged');
    const after = await session.waitFor(() => session.published.filter((p) => p.uri === 'file:///a.xml').at(-1)?.diagnostics.find((d) => d.code === 'schema-invalid-value'), 'revalidated with the bundled grammar');
    assert.match(String(after.message), /invalid value 'fiel'/);
  } finally {
    await session.stop();
  }
});
