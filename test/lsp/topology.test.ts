// Protocol test for host topologies: capabilities files from
// libvirtXml.hosts.files (x86 and aarch64) give pinning warnings naming the
// host, the "Pin vCPUs to host X" refactoring, and libvirtXml/topologyPicture
// answers the picture's data for the open document, following its edits.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { TopologyPictureResult } from '../../server/src/protocol';
import { createWaiters, shutdownServer } from '../helpers/lspWait';
import { armClusters, intelTwoSocket } from '../helpers/topologyHosts';

let server: ChildProcess;
let rpc: MessageConnection;
let workspace: string;
const diagnostics = new Map<string, Diagnostic[]>();
const { waitFor, notify } = createWaiters(20_000);
const uri = (name: string) => pathToFileURL(join(workspace, name)).href;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'lsp-topology-'));
  mkdirSync(join(workspace, 'hosts'));
  writeFileSync(join(workspace, 'hosts/intel.xml'), intelTwoSocket());
  writeFileSync(join(workspace, 'hosts/arm.xml'), armClusters());
  server = spawn(process.execPath, [join(process.cwd(), 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  rpc = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p.diagnostics);
    notify();
  });
  for (const n of ['libvirtXml/hostsInfo', 'libvirtXml/catalogInfo', 'window/logMessage']) rpc.onNotification(n, () => notify());
  rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ catalog: { useHostCpuMap: false }, schema: { useHostSchemas: false }, hosts: { files: ['hosts/*.xml'] } })));
  rpc.onRequest('client/registerCapability', () => null);
  rpc.listen();
  const root = pathToFileURL(workspace).href;
  await rpc.sendRequest('initialize', { processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
  await rpc.sendNotification('initialized', {});
});

after(async () => {
  await shutdownServer(rpc, server);
  rmSync(workspace, { recursive: true, force: true });
});

const domain = `<domain type='kvm'>
  <name>db</name>
  <memory unit='GiB'>4</memory>
  <vcpu placement='static'>4</vcpu>
  <cputune>
    <vcpupin vcpu='0' cpuset='0'/>
    <vcpupin vcpu='1' cpuset='1'/>
    <vcpupin vcpu='2' cpuset='2'/>
    <vcpupin vcpu='3' cpuset='10'/>
  </cputune>
  <os><type arch='x86_64'>hvm</type></os>
  <cpu><topology sockets='1' cores='2' threads='2'/></cpu>
</domain>
`;

const picture = (host?: string) => rpc.sendRequest('libvirtXml/topologyPicture', { uri: uri('db.xml'), host }) as Promise<TopologyPictureResult>;

test('pinning warnings name the host; the aarch64 host (not x86) still counts for topology', async () => {
  void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('db.xml'), languageId: 'xml', version: 1, text: domain } });
  const split = await waitFor(() => {
    const d = diagnostics.get(uri('db.xml'))?.filter((x) => x.code === 'host-threads-split');
    return d && d.length === 2 ? d : undefined;
  }, 'host-threads-split from both hosts');
  // vCPUs 0-1 are split on both hosts (one finding naming both); 2-3 (CPUs 2 and 10) only on the host without SMT.
  assert.match(String(split[0].message), /^vCPUs 0-1 .* of hosts 'hosts\/arm\.xml', 'hosts\/intel\.xml'$/);
  assert.match(String(split[1].message), /^vCPUs 2-3 .* of host 'hosts\/arm\.xml'$/);
});

test('the picture: host list, grid, tasks and problems with lines; another host on request', async () => {
  const r = await picture();
  assert.deepEqual(r.hosts, ['hosts/arm.xml', 'hosts/intel.xml']);
  assert.equal(r.host, 'hosts/arm.xml');
  const i = await picture('hosts/intel.xml');
  assert.equal(i.host, 'hosts/intel.xml');
  const pic = i.picture!;
  assert.equal(pic.nodes.length, 2);
  assert.deepEqual(pic.nodes[0].sockets[0].cores[0].threads.map((c) => [c.id, c.vcpus]), [
    [0, [0]],
    [8, []],
  ]);
  assert.equal(pic.tasks[3].affinity, '----------y-----');
  assert.deepEqual(pic.problems.map((p) => [p.code, p.line]), [['host-threads-split', 7]]);
  const none = (await rpc.sendRequest('libvirtXml/topologyPicture', { uri: uri('missing.xml') })) as TopologyPictureResult;
  assert.match(none.message!, /Open a libvirt domain/);
  assert.match(((await rpc.sendRequest('libvirtXml/topologyPicture', null)) as TopologyPictureResult).message!, /Open a libvirt domain/);
});

test('"Pin vCPUs to host X" per host; after applying it the picture has no problems', async () => {
  const actions = (await rpc.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri('db.xml') },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  })) as CodeAction[];
  const pin = actions.find((a) => a.title === 'Pin vCPUs to host hosts/intel.xml');
  assert.ok(pin, actions.map((a) => a.title).join(', '));
  assert.ok(actions.some((a) => a.title === 'Pin vCPUs to host hosts/arm.xml'));
  // Apply it as the editor would (full-text change).
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const td = TextDocument.create(uri('db.xml'), 'xml', 1, domain);
  const text = TextDocument.applyEdits(td, pin.edit!.changes![uri('db.xml')]);
  void rpc.sendNotification('textDocument/didChange', { textDocument: { uri: uri('db.xml'), version: 2 }, contentChanges: [{ text }] });
  await waitFor(() => (diagnostics.get(uri('db.xml'))?.some((d) => /intel/.test(String(d.message))) ? undefined : true), 'intel warnings gone');
  const after = await picture('hosts/intel.xml');
  assert.deepEqual(after.picture!.problems, []);
  assert.deepEqual(after.picture!.tasks.slice(0, 4).map((t) => t.cpus), ['0', '8', '1', '9']);
});
