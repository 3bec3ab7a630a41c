// Protocol test for host CPUs in the editor: the bundled server over stdio with
// a workspace folder of host files, libvirtXml.hosts.files globs, hostsInfo,
// host warnings, the baseline and report commands, reloads and hostile files.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, Hover, TextDocumentEdit } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { BaselineCommandResult, HostsInfo } from '../../server/src/protocol';
import { createWaiters, shutdownServer } from '../helpers/lspWait';

let server: ChildProcess;
let rpc: MessageConnection;
let workspace: string;
const diagnostics = new Map<string, Diagnostic[]>();
const infos: HostsInfo[] = [];
const registrations: Array<{ method: string; registerOptions?: { watchers?: Array<{ globPattern: unknown }> } }> = [];
const appliedEdits: Array<{ label?: string; edit: { documentChanges?: TextDocumentEdit[] } }> = [];
let hostSettings: Record<string, unknown> = { files: ['hosts/*.xml'] };

const { waitFor, notify: notifyWaiters } = createWaiters(20_000);

const fixtures = join(process.cwd(), 'test/fixtures/hosts');
const uri = (name: string) => pathToFileURL(join(workspace, name)).href;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'lsp-hosts-'));
  mkdirSync(join(workspace, 'hosts'));
  mkdirSync(join(workspace, 'hostile'));
  mkdirSync(join(workspace, 'fleet'));
  copyFileSync(join(fixtures, 'sandybridge.capabilities.xml'), join(workspace, 'hosts/sandybridge.capabilities.xml'));
  copyFileSync(join(fixtures, 'haswell.cpu.xml'), join(workspace, 'hosts/haswell.cpu.xml'));
  copyFileSync(join(fixtures, 'epyc-rome.domcaps.xml'), join(workspace, 'fleet/epyc-rome.domcaps.xml'));
  writeFileSync(join(workspace, 'hostile/laughs.xml'), `<!DOCTYPE l [<!ENTITY a "aaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY b${i} "${'&a;'.repeat(10)}">`).join('')}]><cpu><arch>x86_64</arch><model>&b8;</model></cpu>`);
  writeFileSync(join(workspace, 'hostile/deep.xml'), '<capabilities>' + '<host>'.repeat(100_000));
  writeFileSync(join(workspace, 'hostile/binary.xml'), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 91) % 256)));

  server = spawn(process.execPath, [join(process.cwd(), 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  rpc = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p.diagnostics);
    notifyWaiters();
  });
  rpc.onNotification('libvirtXml/hostsInfo', (info: HostsInfo) => {
    infos.push(info);
    notifyWaiters();
  });
  rpc.onNotification('libvirtXml/catalogInfo', () => {});
  rpc.onNotification('window/logMessage', () => {});
  rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ catalog: { useHostCpuMap: false }, schema: { useHostSchemas: false }, hosts: hostSettings })));
  rpc.onRequest('client/registerCapability', (p: { registrations: typeof registrations }) => {
    registrations.push(...p.registrations);
    notifyWaiters();
    return null;
  });
  rpc.onRequest('client/unregisterCapability', () => null);
  rpc.onRequest('workspace/applyEdit', (p: (typeof appliedEdits)[number]) => {
    appliedEdits.push(p);
    notifyWaiters();
    return { applied: true };
  });
  rpc.listen();
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
    capabilities: {
      workspace: {
        configuration: true,
        applyEdit: true,
        workspaceEdit: { documentChanges: true },
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
      },
    },
  });
  await rpc.sendNotification('initialized', {});
});

after(async () => {
  await shutdownServer(rpc, server);
  rmSync(workspace, { recursive: true, force: true });
});

const domain = `<domain type='kvm'>
  <name>fleet-vm</name>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <cpu mode='custom' match='exact'>
    <model>Haswell-noTSX</model>
    <topology sockets='1' cores='2' threads='1'/>
  </cpu>
</domain>
`;

function open(name: string, text: string): void {
  void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'xml', version: 1, text } });
}

const hostWarnings = (name: string) => diagnostics.get(uri(name))?.filter((d) => d.code === 'cpu-host-incompatible');

test('announces the hosts loaded from the globs and asks the client to watch them', async () => {
  const info = await waitFor(() => infos.find((i) => i.loaded === 2), 'hostsInfo with 2 hosts');
  assert.deepEqual(info.hosts.map((h) => [h.name, h.kind, h.model, h.vendor, h.error]), [
    ['hosts/haswell.cpu.xml', 'cpu', 'Haswell-v2', 'Intel', undefined],
    ['hosts/sandybridge.capabilities.xml', 'capabilities', 'SandyBridge-v1', 'Intel', undefined],
  ]);
  assert.deepEqual(info.problems, []);
  const watch = await waitFor(() => registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 'watcher registration');
  assert.deepEqual(watch.registerOptions!.watchers, [{ globPattern: { baseUri: pathToFileURL(workspace).href, pattern: 'hosts/*.xml' } }]);
});

test('a model one host cannot run gets a warning naming it', async () => {
  open('vm.xml', domain);
  const [w] = await waitFor(() => hostWarnings('vm.xml'), 'diagnostics');
  assert.equal(w.severity, 2);
  assert.match(String(w.message), /^CPU Haswell-noTSX cannot run on host 'hosts\/sandybridge\.capabilities\.xml': Host CPU does not provide required features: fma, /);
  assert.equal(hostWarnings('vm.xml')!.length, 1, 'the Haswell host can run it');
  const actions = (await rpc.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri('vm.xml') },
    range: w.range,
    context: { diagnostics: [w] },
  })) as CodeAction[];
  assert.ok(actions.some((a) => /^Disable the \d+ features host 'hosts\/sandybridge\.capabilities\.xml' lacks$/.test(a.title)));
});

test('Compute baseline: the server sends workspace/applyEdit with the <cpu> block', async () => {
  const result = (await rpc.sendRequest('workspace/executeCommand', {
    command: 'libvirtXml.computeBaseline',
    arguments: [uri('vm.xml'), { migratable: true }],
  })) as BaselineCommandResult;
  assert.equal(result.applied, true);
  assert.equal(result.message, 'Baseline CPU of 2 hosts: SandyBridge');
  const applied = appliedEdits.at(-1)!;
  const change = applied.edit.documentChanges![0];
  assert.deepEqual(change.textDocument, { uri: uri('vm.xml'), version: 1 });
  const edit = change.edits[0] as { range: { start: { line: number } }; newText: string };
  assert.equal(edit.range.start.line, 4, 'replaces the existing <cpu>');
  assert.match(edit.newText, /^<cpu mode='custom' match='exact'>\n {4}<model fallback='allow'>SandyBridge<\/model>\n {4}<vendor>Intel<\/vendor>\n {4}<topology sockets='1' cores='2' threads='1'\/>\n/);
  assert.ok(!edit.newText.includes("name='invtsc'"), '--migratable drops invtsc');
  assert.equal(result.xml, edit.newText);
});

test('Check against hosts: the markdown report has a row per host', async () => {
  const md = (await rpc.sendRequest('workspace/executeCommand', { command: 'libvirtXml.checkHosts', arguments: [uri('vm.xml')] })) as string;
  assert.match(md, /^# CPU check: vm\.xml against 2 hosts/);
  assert.match(md, /\| Host \| Host CPU \| Verdict \| Missing \/ forbidden features \|/);
  assert.match(md, /\| `hosts\/sandybridge\.capabilities\.xml` \| Intel SandyBridge-v1 \| ✗ lacks required features \| fma, /);
  assert.match(md, /\| `hosts\/haswell\.cpu\.xml` \| Intel Haswell-v2 \| ✓ runs \| — \|/);
});

test('hostile host files give error entries, and the server keeps answering', async () => {
  const count = infos.length;
  hostSettings = { files: ['hosts/*.xml', 'hostile/*', 'fleet/*.xml'] };
  void rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const info = await waitFor(() => infos.slice(count).find((i) => i.loaded === 3), 'hostsInfo after the settings change');
  const errors = Object.fromEntries(info.hosts.filter((h) => h.error).map((h) => [h.name, h.error]));
  assert.deepEqual(errors, {
    'hostile/binary.xml': 'hostile/binary.xml: not a text file (it contains NUL bytes)',
    'hostile/deep.xml': 'hostile/deep.xml: elements nested more than 256 levels deep; not a host description, not read',
    'hostile/laughs.xml': 'hostile/laughs.xml: declares XML entities (<!ENTITY>); not read (virsh output has none)',
  });
  assert.ok(info.loadMs < 2000, `loaded in ${info.loadMs} ms`);
  const hover = (await rpc.sendRequest('textDocument/hover', {
    textDocument: { uri: uri('vm.xml') },
    position: { line: 5, character: 14 },
  })) as Hover | null;
  assert.ok(hover, 'hover still answered');
  const reloaded = (await rpc.sendRequest('libvirtXml/reloadHosts')) as HostsInfo;
  assert.equal(reloaded.loaded, 3);
});

test("'Expand host-model' is offered for the domcapabilities host", async () => {
  const text = domain.replace("<cpu mode='custom' match='exact'>\n    <model>Haswell-noTSX</model>", "<cpu mode='host-model'>");
  open('hm.xml', text);
  await waitFor(() => diagnostics.get(uri('hm.xml')), 'hm diagnostics');
  const actions = (await rpc.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri('hm.xml') },
    range: { start: { line: 4, character: 5 }, end: { line: 4, character: 5 } },
    context: { diagnostics: [] },
  })) as CodeAction[];
  const expand = actions.find((a) => a.kind === 'refactor.rewrite');
  assert.equal(expand?.title, "Expand host-model to the custom CPU of host 'fleet/epyc-rome.domcaps.xml' (EPYC-Rome)");
  const newText = expand!.edit!.changes![uri('hm.xml')][0].newText;
  assert.match(newText, /^<cpu mode='custom' match='exact' check='partial'>\n {4}<model fallback='forbid'>EPYC-Rome<\/model>\n {4}<vendor>AMD<\/vendor>\n {4}<topology /);
});

test('a changed host file reloads the hosts and re-publishes diagnostics', async () => {
  const count = infos.length;
  rmSync(join(workspace, 'hosts/sandybridge.capabilities.xml'));
  diagnostics.delete(uri('vm.xml'));
  void rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('hosts/sandybridge.capabilities.xml'), type: 3 }] });
  const info = await waitFor(() => infos.slice(count).find(() => true), 'hostsInfo after the file event');
  assert.equal(info.loaded, 2);
  const d = await waitFor(() => diagnostics.get(uri('vm.xml')), 'vm diagnostics after the reload');
  // The domain still has its Haswell-noTSX CPU (the client never applied the baseline edit here).
  assert.deepEqual(d.filter((x) => x.code === 'cpu-host-incompatible').map((x) => String(x.message).replace(/:.*/, '')), ["CPU Haswell-noTSX cannot run on host 'fleet/epyc-rome.domcaps.xml'"]);
});
