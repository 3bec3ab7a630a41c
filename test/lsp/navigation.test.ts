// Protocol test for the editing features over stdio against the bundled
// server (dist/server.js): attribute-value and snippet completion with a
// trigger character, hover on a CPU mode, document symbols (devices and a
// network too), folding with collapsed text and selection ranges, as an
// editor would request them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CompletionList, DocumentSymbol, FoldingRange, Hover, InitializeResult, SelectionRange, TextEdit } from 'vscode-languageserver-protocol';
import { shutdownServer } from '../helpers/lspWait';

let server: ChildProcess;
let rpc: MessageConnection;
let capabilities: InitializeResult['capabilities'];

before(async () => {
  server = spawn(process.execPath, [join(process.cwd(), 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  rpc = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  rpc.onNotification('textDocument/publishDiagnostics', () => {});
  rpc.onNotification('libvirtXml/catalogInfo', () => {});
  rpc.onNotification('window/logMessage', () => {});
  rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ catalog: { useHostCpuMap: false }, schema: { useHostSchemas: false } })));
  rpc.onRequest('client/registerCapability', () => null);
  rpc.listen();
  const init = (await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true },
      textDocument: { completion: { completionItem: { snippetSupport: true } }, foldingRange: { rangeLimit: 5000, foldingRange: { collapsedText: true } } },
    },
  })) as InitializeResult;
  capabilities = init.capabilities;
  await rpc.sendNotification('initialized', {});
});

after(async () => {
  await shutdownServer(rpc, server);
});

const uri = 'file:///guest.xml';
const text = `<domain type='kvm'>
  <name>db01</name>
  <memory unit='GiB'>16</memory>
  <vcpu>4</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <cputune>
    <vcpupin vcpu='0' cpuset='2'/>
  </cputune>
  <cpu mode='host-passthrough' check=>
    <topology sockets='1' cores='2' threads='2'/>
  </cpu>
</domain>
`;

function positionOf(needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle) + delta;
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** The text after replacing `edit.range` in `source`. */
function applied(source: string, edit: TextEdit): string {
  const lines = source.split('\n');
  const offsetOf = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return source.slice(0, offsetOf(edit.range.start)) + edit.newText + source.slice(offsetOf(edit.range.end));
}

test('announces the navigation capabilities and trigger characters', async () => {
  void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
  assert.equal(capabilities.documentSymbolProvider, true);
  assert.equal(capabilities.foldingRangeProvider, true);
  assert.equal(capabilities.selectionRangeProvider, true);
  for (const c of ['<', ' ', '=']) assert.ok(capabilities.completionProvider?.triggerCharacters?.includes(c), c);
});

test('completes an attribute value typed after =, adding the quotes', async () => {
  const list = (await rpc.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: positionOf('check=', 6),
    context: { triggerKind: 2, triggerCharacter: '=' },
  })) as CompletionList;
  assert.deepEqual(
    list.items.map((i) => i.label),
    ['none', 'partial', 'full'],
  );
  const full = list.items.find((i) => i.label === 'full')!;
  assert.match(full.detail ?? '', /refuse to start/);
  assert.match(applied(text, full.textEdit as TextEdit), /<cpu mode='host-passthrough' check='full'>/);
});

test('a space in element content does not open completion', async () => {
  const list = (await rpc.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: positionOf('    <topology'),
    context: { triggerKind: 2, triggerCharacter: ' ' },
  })) as CompletionList;
  assert.equal(list.items.length, 0);
});

test('offers element snippets in the domain, indented for their line', async () => {
  const list = (await rpc.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: positionOf('  <cputune>', 2),
  })) as CompletionList;
  const numatune = list.items.find((i) => i.label === 'numatune');
  assert.ok(numatune, 'numatune offered in the domain');
  assert.equal(numatune.insertTextFormat, 2, 'snippet');
  const edit = numatune.textEdit as TextEdit;
  assert.equal(edit.newText, `<numatune>\n    <memory mode='\${1|strict,preferred,interleave,restrictive|}' nodeset='\${2:0}'/>\n  </numatune>`);
});

test('hover on a CPU mode value explains the trade-off', async () => {
  const hover = (await rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf('host-passthrough', 5) })) as Hover;
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /^\*\*mode='host-passthrough'\*\*/);
  assert.match(value, /QEMU: `-cpu host`/);
  assert.deepEqual(hover.range, { start: positionOf('host-passthrough'), end: positionOf('host-passthrough', 16) });
});

test('document symbols outline the CPU area', async () => {
  const symbols = (await rpc.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
  assert.equal(symbols[0].name, 'domain db01');
  const names = symbols[0].children!.map((s) => s.name);
  assert.deepEqual(names, ['name', 'memory', 'vcpu 4', 'os', 'cputune', 'cpu host-passthrough']);
  const cpu = symbols[0].children!.at(-1)!;
  assert.equal(cpu.children![0].detail, '1s × 2c × 2t = 4 vCPUs');
});

test('document symbols name devices and the parts of a network; folds carry the same words', async () => {
  const devicesUri = 'file:///devices.xml';
  void rpc.sendNotification('textDocument/didOpen', {
    textDocument: {
      uri: devicesUri,
      languageId: 'xml',
      version: 1,
      text: "<domain type='kvm'>\n  <name>web</name>\n  <devices>\n    <disk type='file'>\n      <source file='/var/lib/libvirt/images/web.qcow2'/>\n      <target dev='vda'/>\n    </disk>\n    <hostdev mode='subsystem' type='pci'><source><address bus='0x01' slot='0x00' function='0x0'/></source></hostdev>\n  </devices>\n</domain>\n",
    },
  });
  const symbols = (await rpc.sendRequest('textDocument/documentSymbol', { textDocument: { uri: devicesUri } })) as DocumentSymbol[];
  const devices = symbols[0].children!.find((s) => s.name === 'devices')!;
  assert.deepEqual(
    devices.children!.map((s) => [s.name, s.detail]),
    [
      ['disk vda', 'file /var/lib/libvirt/images/web.qcow2'],
      ['hostdev PCI 0000:01:00.0', undefined],
    ],
  );
  const folds = (await rpc.sendRequest('textDocument/foldingRange', { textDocument: { uri: devicesUri } })) as FoldingRange[];
  assert.deepEqual(
    folds.map((r) => r.collapsedText),
    ['<domain> web — kvm', '  <devices> 2 devices', '    <disk> vda — file /var/lib/libvirt/images/web.qcow2'],
  );

  const networkUri = 'file:///default.xml';
  void rpc.sendNotification('textDocument/didOpen', {
    textDocument: { uri: networkUri, languageId: 'xml', version: 1, text: "<network>\n  <name>default</name>\n  <forward mode='nat'/>\n  <bridge name='virbr0'/>\n  <ip address='192.168.122.1' prefix='24'/>\n</network>\n" },
  });
  const net = (await rpc.sendRequest('textDocument/documentSymbol', { textDocument: { uri: networkUri } })) as DocumentSymbol[];
  assert.equal(net[0].name, 'network default');
  assert.equal(net[0].detail, 'nat · virbr0');
  assert.deepEqual(
    net[0].children!.map((s) => s.name),
    ['name', 'forward nat', 'bridge virbr0', 'ip 192.168.122.1/24'],
  );

  // A servlet <filter> is not libvirt's: no outline.
  const servletUri = 'file:///web-filter.xml';
  void rpc.sendNotification('textDocument/didOpen', {
    textDocument: { uri: servletUri, languageId: 'xml', version: 1, text: '<filter>\n  <filter-name>gzip</filter-name>\n  <filter-class>org.example.Gzip</filter-class>\n</filter>\n' },
  });
  assert.deepEqual(await rpc.sendRequest('textDocument/documentSymbol', { textDocument: { uri: servletUri } }), []);
});

test('folding ranges for multi-line elements', async () => {
  const ranges = (await rpc.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as FoldingRange[];
  assert.deepEqual(
    ranges.map((r) => [r.startLine, r.endLine]),
    [
      [0, 10],
      [5, 6],
      [8, 9],
    ],
  );
});

test('selection ranges grow from a value to the document', async () => {
  const [chain] = (await rpc.sendRequest('textDocument/selectionRange', { textDocument: { uri }, positions: [positionOf("cpuset='2'", 8)] })) as SelectionRange[];
  let steps = 0;
  for (let r: SelectionRange | undefined = chain; r; r = r.parent) steps++;
  assert.deepEqual(chain.range, { start: positionOf("'2'", 1), end: positionOf("'2'", 2) });
  assert.ok(steps >= 6, `${steps} steps`);
});
