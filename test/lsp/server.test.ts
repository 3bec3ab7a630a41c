// Protocol test: starts the bundled server (dist/server.js) over stdio and
// talks JSON-RPC to it as an editor would: initialize, configuration,
// didOpen, publishDiagnostics, completion, hover, code actions, shutdown.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CompletionList, Diagnostic, Hover, CodeAction } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { createWaiters, shutdownServer } from '../helpers/lspWait';

let server: ChildProcess;
let rpc: MessageConnection;
const diagnostics = new Map<string, Diagnostic[]>();
let catalogInfo: { kind: string; libvirtVersion: string } | undefined;

const { waitFor, notify: notifyWaiters } = createWaiters(10_000);

before(async () => {
  server = spawn(process.execPath, [join(process.cwd(), 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  rpc = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p.diagnostics);
    notifyWaiters();
  });
  rpc.onNotification('libvirtXml/catalogInfo', (info) => {
    catalogInfo = info;
    notifyWaiters();
  });
  rpc.onNotification('window/logMessage', () => {});
  // The bundled catalog and grammar keep the test independent of any libvirt on this machine.
  rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ catalog: { useHostCpuMap: false }, schema: { useHostSchemas: false } })));
  rpc.onRequest('client/registerCapability', () => null);
  rpc.listen();
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
  });
  await rpc.sendNotification('initialized', {});
});

after(async () => {
  await shutdownServer(rpc, server);
});

const domain = `<domain type='kvm'>
  <name>t</name>
  <memory unit='MiB'>512</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <cpu mode='custom'>
    <model>Skylake-Clinet</model>
    <feature policy='require' name='avx512f'/>
    <feature policy='require' name='sse4_2'/>
  </cpu>
</domain>
`;

function open(uri: string, text: string): void {
  void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
}

function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('announces the bundled catalog', async () => {
  const info = await waitFor(() => catalogInfo, 'catalogInfo');
  assert.equal(info.kind, 'bundled');
  assert.match(info.libvirtVersion, /^\d+\.\d+\.\d+$/);
});

test('publishes diagnostics for unknown model and aliased feature', async () => {
  open('file:///vm.xml', domain);
  const d = await waitFor(() => diagnostics.get('file:///vm.xml'), 'diagnostics');
  assert.deepEqual(d.map((x) => x.code).sort(), ['cpu-feature-alias', 'cpu-model-unknown']);
  const model = d.find((x) => x.code === 'cpu-model-unknown')!;
  assert.match(String(model.message), /^Unknown CPU model Skylake-Clinet/);
  assert.deepEqual(model.range.start, positionOf(domain, 'Skylake-Clinet'));
  assert.equal(model.source, 'libvirt-xml');
});

test('completes model names inside <model>', async () => {
  const list = (await rpc.sendRequest('textDocument/completion', {
    textDocument: { uri: 'file:///vm.xml' },
    position: positionOf(domain, 'Skylake-Clinet', 3),
  })) as CompletionList;
  const item = list.items.find((i) => i.label === 'Skylake-Client');
  assert.ok(item, 'Skylake-Client offered');
  assert.match(item.detail ?? '', /Intel/);
});

test('hover on a feature shows its CPUID location', async () => {
  const hover = (await rpc.sendRequest('textDocument/hover', {
    textDocument: { uri: 'file:///vm.xml' },
    position: positionOf(domain, 'avx512f', 2),
  })) as Hover;
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /leaf 7, sub-leaf 0, EBX bit 16/);
});

test('offers the quick-fix for an aliased feature', async () => {
  const d = diagnostics.get('file:///vm.xml')!.find((x) => x.code === 'cpu-feature-alias')!;
  const actions = (await rpc.sendRequest('textDocument/codeAction', {
    textDocument: { uri: 'file:///vm.xml' },
    range: d.range,
    context: { diagnostics: [d] },
  })) as CodeAction[];
  const fix = actions.find((a) => a.isPreferred);
  assert.ok(fix);
  assert.equal(fix.edit!.changes!['file:///vm.xml'][0].newText, 'sse4.2');
});

test('leaves non-libvirt XML alone', async () => {
  open('file:///pom.xml', '<project><modelVersion>4.0.0</modelVersion><broken></project>');
  const d = await waitFor(() => diagnostics.get('file:///pom.xml'), 'pom diagnostics');
  assert.deepEqual(d, []);
  const list = (await rpc.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///pom.xml' }, position: { line: 0, character: 12 } })) as CompletionList;
  assert.equal(list.items.length, 0);
});
