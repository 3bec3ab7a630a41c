// Security (DESIGN.md §7): neither the CLI nor the server touches the network, starts a
// program or opens a file outside its bundle, its data, the inputs and the configured
// cpu_map, whatever the documents (external DTDs and entities) and the settings
// (a hostile cpuMapPath or schemasPath); settings naming paths are machine-scoped and blanked in
// untrusted workspaces. A preload script (`node --require`) records and refuses
// every network and process call and records every file the process opens.

// First: serves a stub for require('vscode') to the client module imported below.
import { vscodeStub } from './fuzzCorpus/vscodeStub';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { configurationMiddleware, restrict, restrictedSettings } from '../../client/src/configuration';
import { cacheDirectory } from '../../server/src/cli/codeCache';
import { positionAt, startServer } from './fuzzCorpus/lspSession';
import { repoFile } from '../helpers/fixtures';

const repo = dirname(repoFile('package.json'));
const dist = join(repo, 'dist');
const data = join(repo, 'data');
let tmp: string;
let preload: string;

/** The audit preload: refuses network and process calls, records them and every file opened, as JSON lines. */
const preloadSource = String.raw`
'use strict';
// Test preload (security.test.ts): refuses and records network and process calls; records file opens.
const fs = require('fs');
const logFd = fs.openSync(process.env.LIBVIRT_XML_AUDIT_LOG, 'a');
const record = (kind, detail) => fs.writeSync(logFd, JSON.stringify({ kind, detail: String(detail), pid: process.pid }) + '\n');
const describe = (a) => (a && typeof a === 'object' ? a.href || a.host || a.hostname || a.path || JSON.stringify(a) : a);
const deny = (kind) =>
  function denied(...args) {
    record(kind, describe(args[0]));
    throw new Error('denied by the security test: ' + kind);
  };
const patch = (mod, name, names) => {
  const m = require(mod);
  for (const n of names) if (typeof m[n] === 'function') m[n] = deny(name + '.' + n);
};
patch('net', 'net', ['connect', 'createConnection', 'createServer']);
require('net').Socket.prototype.connect = deny('net.Socket.connect');
patch('tls', 'tls', ['connect', 'createServer']);
patch('dgram', 'dgram', ['createSocket']);
patch('http', 'http', ['request', 'get', 'createServer']);
patch('https', 'https', ['request', 'get', 'createServer']);
patch('http2', 'http2', ['connect', 'createServer', 'createSecureServer']);
patch('dns', 'dns', ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse']);
for (const n of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']) require('dns').promises[n] = deny('dns.promises.' + n);
patch('child_process', 'child_process', ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
if (typeof globalThis.fetch === 'function') globalThis.fetch = deny('fetch');
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = deny('WebSocket');
const watch = (obj, prefix, names) => {
  for (const n of names) {
    const original = obj[n];
    if (typeof original !== 'function') continue;
    obj[n] = function (...args) {
      if (typeof args[0] === 'string' || args[0] instanceof URL || Buffer.isBuffer(args[0])) record('file', args[0] instanceof URL ? args[0].pathname : String(args[0]));
      return original.apply(this, args);
    };
  }
};
watch(fs, 'fs', ['openSync', 'open', 'readFileSync', 'readFile', 'createReadStream', 'readdirSync', 'readdir', 'opendirSync', 'opendir', 'readlinkSync', 'realpathSync']);
watch(fs.promises, 'fs.promises', ['open', 'readFile', 'readdir', 'opendir']);
record('preload', 'active');
`;

interface AuditEntry {
  kind: string;
  detail: string;
  pid: number;
}

function readAudit(log: string): AuditEntry[] {
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEntry);
}

/** The CLI's V8 code cache (cli/codeCache.ts): its own compiled bundle, in the user's cache directory. */
const codeCache = cacheDirectory();

/** Where a process of ours may read: its bundles, its data, its code cache, the test's files, and `extra` (a configured cpu_map and its version metadata). */
function allowedRead(path: string, extra: Array<(p: string) => boolean> = []): boolean {
  if (!path.startsWith('/')) return !path.includes(sep) || path.startsWith('node:'); // node internals, relative module names
  const p = resolve(path);
  const under = (dir: string) => p === dir || p.startsWith(dir + sep);
  return under(dist) || under(data) || under(tmp) || (codeCache !== undefined && under(resolve(codeCache))) || extra.some((f) => f(p));
}

/**
 * `meson.build` in a cpu_map directory and its three parents: how a cpu_map inside a
 * libvirt source tree tells its version (catalog/hostCpuMap.ts sourceTreeVersion).
 */
function mesonAbove(dir: string): (p: string) => boolean {
  const allowed = new Set<string>();
  for (let d = resolve(dir), i = 0; i < 4; i++, d = dirname(d)) allowed.add(join(d, 'meson.build'));
  return (p) => allowed.has(p);
}

/** The installed schemas and the package metadata their version is read from (io/schemaDir.ts). */
const hostSchemaReads = [
  (p: string) => p === '/usr/share/libvirt/schemas' || p.startsWith('/usr/share/libvirt/schemas/'),
  (p: string) => p === '/var/lib/dpkg/status' || p.startsWith('/var/lib/pacman/local'),
  (p: string) => /^\/usr\/(lib(64)?(\/[a-z0-9_-]+-linux-gnu)?(\/pkgconfig\/libvirt\.pc)?|share\/(doc|pkgconfig\/libvirt\.pc))$/.test(p),
  mesonAbove('/usr/share/libvirt/schemas'),
];

/** The installed cpu_map and the package metadata libvirt's version is read from (catalog/hostCpuMap.ts). */
const hostCatalogReads = [
  (p: string) => p === '/usr/share/libvirt/cpu_map' || p.startsWith('/usr/share/libvirt/cpu_map/') || p === '/usr/share/libvirt/cpu_map.xml',
  (p: string) => p === '/var/lib/dpkg/status' || p.startsWith('/var/lib/pacman/local'),
  (p: string) => /^\/usr\/lib(64)?(\/[a-z0-9_-]+-linux-gnu)?$/.test(p) || p === '/usr/share/doc',
  mesonAbove('/usr/share/libvirt/cpu_map'),
];

function assertClean(entries: AuditEntry[], what: string, extra: Array<(p: string) => boolean> = []): void {
  assert.ok(entries.some((e) => e.kind === 'preload'), `${what}: the audit preload did not run`);
  const denied = entries.filter((e) => e.kind !== 'file' && e.kind !== 'preload');
  assert.deepEqual(denied, [], `${what}: network or process calls were attempted`);
  const files = [...new Set(entries.filter((e) => e.kind === 'file').map((e) => e.detail))];
  assert.ok(files.length > 0, `${what}: no file reads were recorded at all (is the preload watching fs?)`);
  assert.ok(!files.some((f) => f.includes('/etc/passwd')), `${what}: /etc/passwd was opened`);
  const outside = files.filter((f) => !allowedRead(f, extra));
  assert.deepEqual(outside, [], `${what}: files opened outside the bundle, data, inputs and configured cpu_map`);
}

const hostileDocuments: Record<string, string> = {
  'external-dtd.xml': `<?xml version="1.0"?>
<!DOCTYPE domain SYSTEM "http://127.0.0.1:9/libvirt-domain.dtd">
<domain type='kvm' xmlns:xi='http://www.w3.org/2001/XInclude' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:schemaLocation='http://libvirt.org/schemas/domain http://127.0.0.1:9/domain.xsd'>
  <name>net</name>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <cpu mode='custom'>
    <xi:include href='http://127.0.0.1:9/cpu.xml' parse='xml'/>
    <model>Skylake-Clinet</model>
    <feature policy='require' name='sse4_2'/>
  </cpu>
</domain>
`,
  'external-entity.xml': `<!DOCTYPE domain [
  <!ENTITY passwd SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "https://127.0.0.1:9/x">
  <!ENTITY % ext SYSTEM "http://127.0.0.1:9/evil.dtd"> %ext;
]>
<domain type='kvm'>
  <name>&passwd;</name>
  <vcpu>&remote;</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <cpu mode='custom' match='&passwd;'>
    <model>&passwd;</model>
    <xi:include xmlns:xi='http://www.w3.org/2001/XInclude' href='file:///etc/passwd' parse='text'/>
    <feature policy='require' name='&passwd;'/>
    <feature policy='require' name='file:///etc/passwd'/>
  </cpu>
</domain>
`,
};

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'libvirt-xml-security-'));
  preload = join(tmp, 'deny-net.js');
  writeFileSync(preload, preloadSource);
  for (const [name, text] of Object.entries(hostileDocuments)) writeFileSync(join(tmp, name), text);
  // A crafted cpu_map whose index includes files outside its directory.
  const evil = join(tmp, 'evil', 'cpu_map');
  mkdirSync(evil, { recursive: true });
  writeFileSync(
    join(evil, 'index.xml'),
    `<cpus>\n  <arch name='x86'>\n    <include filename='../../../../../../etc/passwd'/>\n    <include filename='/etc/passwd'/>\n    <include filename='x86_vendors.xml'/>\n  </arch>\n</cpus>\n`,
  );
  writeFileSync(join(evil, 'x86_vendors.xml'), `<cpus>\n  <vendor name='Intel' string='GenuineIntel'/>\n</cpus>\n`);
  // A crafted schema directory: includes and a link leading to /etc/passwd.
  const schemas = join(tmp, 'evil', 'schemas');
  mkdirSync(schemas, { recursive: true });
  const rng = 'xmlns="http://relaxng.org/ns/structure/1.0"';
  writeFileSync(join(schemas, 'domain.rng'), `<grammar ${rng}><include href="common.rng"/><include href="../../../../../../etc/passwd"/><start><element name="domain"><empty/></element></start></grammar>`);
  writeFileSync(join(schemas, 'network.rng'), `<grammar ${rng}><include href="/etc/passwd"/><start><element name="network"><empty/></element></start></grammar>`);
  symlinkSync('/etc/passwd', join(schemas, 'common.rng'));
});

after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

let auditCount = 0;
function newAuditLog(): string {
  return join(tmp, `audit-${++auditCount}.jsonl`);
}

function runAudited(args: string[], log: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--require', preload, ...args], {
    cwd: tmp,
    env: { ...process.env, LIBVIRT_XML_AUDIT_LOG: log },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the audit preload catches network calls, process starts and file reads (control)', () => {
  const log = newAuditLog();
  const r = runAudited(
    [
      '-e',
      `const tryIt = (f) => { try { f(); } catch {} };
       tryIt(() => require('net').connect(9, '127.0.0.1'));
       tryIt(() => require('http').get('http://127.0.0.1:9/'));
       tryIt(() => fetch('http://127.0.0.1:9/'));
       tryIt(() => require('dns').lookup('example.org', () => {}));
       tryIt(() => require('child_process').execFileSync('/bin/true'));
       tryIt(() => require('fs').readFileSync('/etc/hostname'));`,
    ],
    log,
  );
  assert.equal(r.status, 0, r.stderr);
  const kinds = readAudit(log).map((e) => e.kind);
  for (const k of ['preload', 'net.connect', 'http.get', 'fetch', 'dns.lookup', 'child_process.execFileSync', 'file']) assert.ok(kinds.includes(k), `${k} not recorded: ${kinds.join(', ')}`);
  assert.throws(() => assertClean(readAudit(log), 'control'), /network or process calls/);
});

test('CLI: hostile DOCTYPEs, external entities and XInclude are never fetched or read', () => {
  const files = Object.keys(hostileDocuments).map((n) => join(tmp, n));
  for (const format of ['text', 'json', 'sarif']) {
    const log = newAuditLog();
    const r = runAudited([join(dist, 'cli.js'), '--format', format, ...files], log);
    assert.equal(r.status, 1, `exit status (errors found) with --format ${format}: ${r.stderr}`);
    assert.match(r.stdout, /cpu-model-unknown/);
    assertClean(readAudit(log), `cli --format ${format}`);
  }
});

/** The CLI with host data: the option, the input, the exit status, what stderr says, and what may be read besides bundle, data and test files. */
const cliHostCases: Array<{ name: string; args: () => string[]; input: string; status: number; stderr?: RegExp; extra: () => Array<(p: string) => boolean> }> = [
  { name: '--schemas auto reads only the installed schemas and package metadata', args: () => ['--schemas', 'auto'], input: 'external-entity.xml', status: 1, extra: () => hostSchemaReads },
  {
    name: 'a schema directory that includes and links to /etc/passwd is refused without reading outside it',
    args: () => ['--schemas', join(tmp, 'evil', 'schemas')],
    input: 'external-dtd.xml',
    status: 2, // a schema directory that cannot be used is a usage error
    stderr: /using the bundled grammar: could not use .*evil\/schemas: common.rng is a symbolic link out of the schema directory/,
    extra: () => [],
  },
  { name: '--cpu-map auto reads only the installed cpu_map and package metadata', args: () => ['--cpu-map', 'auto'], input: 'external-entity.xml', status: 1, extra: () => hostCatalogReads },
  {
    name: 'a cpu_map that includes ../../etc/passwd is refused without reading outside its directory',
    args: () => ['--cpu-map', join(tmp, 'evil', 'cpu_map')],
    input: 'external-dtd.xml',
    status: 2, // a cpu_map that cannot be loaded is a usage error
    stderr: /using the bundled catalog: could not load .*evil\/cpu_map.*passwd/,
    extra: () => [mesonAbove(join(tmp, 'evil', 'cpu_map'))],
  },
];

for (const c of cliHostCases) {
  test(`CLI: ${c.name}`, () => {
    const log = newAuditLog();
    const r = runAudited([join(dist, 'cli.js'), ...c.args(), join(tmp, c.input)], log);
    assert.equal(r.status, c.status, r.stderr);
    if (c.stderr) assert.match(r.stderr, c.stderr);
    assertClean(readAudit(log), `cli ${c.args().join(' ')}`, c.extra());
  });
}

/** Drives every request type over a document; returns how many requests were answered. */
async function exerciseServer(session: Awaited<ReturnType<typeof startServer>>, uri: string, text: string): Promise<number> {
  session.open(uri, text);
  const { diagnostics } = await session.diagnosticsFor(uri, 1);
  let answered = 0;
  const step = Math.max(1, Math.floor(text.length / 40));
  for (let offset = 0; offset <= text.length; offset += step) {
    const position = positionAt(text, offset);
    await session.rpc.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    await session.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    answered += 2;
  }
  for (const d of diagnostics as Diagnostic[]) {
    const actions = (await session.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[] | null;
    assert.ok(Array.isArray(actions));
    answered++;
  }
  await session.rpc.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  await session.rpc.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
  await session.rpc.sendRequest('textDocument/selectionRange', { textDocument: { uri }, positions: [positionAt(text, text.indexOf('passwd') + 1)] });
  return answered + 3;
}

/** Each case: the settings the client answers with, and what may be read besides bundle, data and test files (computed once the temp dir exists). */
const noHostSchemas = { useHostSchemas: false };
const serverCases: Array<{ name: string; configuration: () => unknown; extra: () => Array<(p: string) => boolean>; fallback?: RegExp; grammarFallback?: RegExp; workspace?: boolean }> = [
  { name: 'the bundled catalog', configuration: () => ({ catalog: { useHostCpuMap: false }, schema: noHostSchemas }), extra: () => [] },
  { name: 'the auto-detected host cpu_map and schemas (the default settings)', configuration: () => ({ catalog: { useHostCpuMap: true, cpuMapPath: '' } }), extra: () => [...hostCatalogReads, ...hostSchemaReads] },
  {
    name: "cpuMapPath '/etc' from a hostile workspace",
    configuration: () => ({ catalog: { useHostCpuMap: true, cpuMapPath: '/etc' }, schema: noHostSchemas }),
    // Reading the configured directory is what the setting asks for; never /etc/passwd (checked), never anything else.
    extra: () => [(p) => p === '/etc' || (p.startsWith('/etc/') && p.endsWith('.xml')), mesonAbove('/etc')],
    fallback: /could not load \/etc/,
  },
  {
    name: 'cpuMapPath naming a crafted cpu_map that includes ../../etc/passwd',
    configuration: () => ({ catalog: { useHostCpuMap: true, cpuMapPath: join(tmp, 'evil', 'cpu_map') }, schema: noHostSchemas }),
    extra: () => [mesonAbove(join(tmp, 'evil', 'cpu_map'))],
    fallback: /cannot find CPU map include/,
  },
  {
    name: "schemasPath '/etc' from a hostile workspace",
    configuration: () => ({ catalog: { useHostCpuMap: false }, schema: { useHostSchemas: true, schemasPath: '/etc' } }),
    // The directory is listed (what the setting asks for); no file in it is opened: none is a .rng.
    extra: () => [(p) => p === '/etc'],
    grammarFallback: /could not use \/etc: no domain.rng in \/etc/,
  },
  {
    name: 'schemasPath naming a crafted schema directory that includes and links to /etc/passwd',
    configuration: () => ({ catalog: { useHostCpuMap: false }, schema: { useHostSchemas: true, schemasPath: join(tmp, 'evil', 'schemas') } }),
    extra: () => [],
    grammarFallback: /common.rng is a symbolic link out of the schema directory \(to \/etc\/passwd\)/,
  },
  {
    name: 'a workspace whose hosts.files globs point outside it',
    configuration: () => ({
      catalog: { useHostCpuMap: false },
      schema: noHostSchemas,
      hosts: { files: ['/etc/passwd', '../../../../../../etc/passwd', '../**/*.xml', '**/../../*', 'file:///etc/passwd', '**/*.xml'], connections: [], virshPath: '' },
    }),
    // The workspace folder is inside the test's temp dir; nothing else may be read.
    extra: () => [],
    workspace: true,
  },
];

for (const c of serverCases) {
  test(`server over stdio with ${c.name}: no network, no programs, no reads outside`, async () => {
    const log = newAuditLog();
    const workspace = join(tmp, 'workspace');
    if (c.workspace) {
      mkdirSync(join(workspace, 'hosts'), { recursive: true });
      writeFileSync(join(workspace, 'hosts', 'host-a.xml'), readFileSync(repoFile('test/robustness/fuzzCorpus/capabilities.xml')));
    }
    const session = await startServer({
      nodeArgs: ['--require', preload],
      env: { LIBVIRT_XML_AUDIT_LOG: log },
      configuration: c.configuration(),
      workspaceFolders: c.workspace ? [workspace] : undefined,
    });
    try {
      let answered = 0;
      for (const [name, text] of Object.entries(hostileDocuments)) answered += await exerciseServer(session, `file://${join(tmp, name)}`, text);
      assert.ok(answered > 100, `only ${answered} requests answered`);
      const info = await session.waitFor(() => session.catalogInfo.at(-1), 'catalogInfo');
      if (c.workspace) {
        // The globs inside the workspace were followed (so the check below is not vacuous); the others found nothing.
        const hosts = await session.waitFor(() => session.hostsInfo.find((h) => Number(h.loaded) >= 1), 'hosts loaded from the workspace');
        assert.equal(hosts.loaded, 1, `exactly the workspace's host file is loaded: ${JSON.stringify(hosts)}`);
      }
      if (c.fallback) {
        assert.equal(info.kind, 'bundled', 'falls back to the bundled catalog');
        assert.match(String(info.fallbackReason), c.fallback);
        assert.ok(session.logs.some((l) => /Using the bundled CPU catalog/.test(l.message)), 'the fallback is logged');
      }
      const grammar = info.grammar as { kind: string; fallbackReason?: string } | undefined;
      if (c.grammarFallback) {
        assert.equal(grammar?.kind, 'bundled', 'falls back to the bundled grammar');
        assert.match(String(grammar?.fallbackReason), c.grammarFallback);
        assert.ok(session.logs.some((l) => /Using the bundled grammar: could not use/.test(l.message)), 'the fallback is logged');
      }
    } finally {
      await session.stop();
    }
    const audit = readAudit(log);
    assertClean(audit, `server with ${c.name}`, c.extra());
    if (c.workspace) assert.ok(audit.some((e) => e.kind === 'file' && e.detail === join(workspace, 'hosts', 'host-a.xml')), 'the workspace host file was read');
  });
}

test('settings that name paths, programs, commands or URIs are machine-scoped and restricted in untrusted workspaces', () => {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string }> } | Array<{ properties: Record<string, { scope?: string }> }> };
    capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] } };
  };
  const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const properties = Object.assign({}, ...sections.map((s) => s.properties)) as Record<string, { scope?: string }>;
  const sensitive = Object.keys(properties).filter((name) => /path|program|command|uri|executable|connection/i.test(name.replace(/^libvirtXml\./, '')));
  assert.ok(sensitive.includes('libvirtXml.catalog.cpuMapPath'), `the check finds the path setting (found: ${sensitive.join(', ')})`);
  const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
  for (const name of sensitive) {
    assert.ok(['machine', 'machine-overridable'].includes(properties[name].scope ?? ''), `${name} has scope ${properties[name].scope ?? '(none: window)'}, not machine`);
    assert.ok(restricted.includes(name), `${name} is not in capabilities.untrustedWorkspaces.restrictedConfigurations`);
    assert.ok(restrictedSettings.includes(name), `${name} is not blanked by client/src/configuration.ts in untrusted workspaces`);
  }
  assert.notEqual(pkg.capabilities.untrustedWorkspaces.supported, true, 'untrusted workspaces must be "limited" while path settings exist');
});

test('in an untrusted workspace the client blanks the restricted settings in every configuration answer', async () => {
  const hostile = { catalog: { useHostCpuMap: true, cpuMapPath: '/etc' }, diagnostics: { enable: true } };
  // The pure part: every way the server may ask for the setting.
  assert.deepEqual(restrict('libvirtXml', hostile), { catalog: { useHostCpuMap: true, cpuMapPath: '' }, diagnostics: { enable: true } });
  assert.deepEqual(restrict(undefined, { libvirtXml: hostile, other: { path: '/x' } }), { libvirtXml: { catalog: { useHostCpuMap: true, cpuMapPath: '' }, diagnostics: { enable: true } }, other: { path: '/x' } });
  assert.equal(restrict('libvirtXml.catalog.cpuMapPath', '/etc'), '');
  assert.deepEqual(restrict('libvirtXml.catalog', { cpuMapPath: '/etc', useHostCpuMap: false }), { cpuMapPath: '', useHostCpuMap: false });
  assert.deepEqual(restrict('libvirtXml.diagnostics', { enable: false }), { enable: false });
  assert.equal(hostile.catalog.cpuMapPath, '/etc', 'the input is not modified');
  // Every restricted setting, not only the catalog path: a workspace cannot name virsh or the URIs it runs against.
  assert.deepEqual(restrict('libvirtXml.hosts', { files: ['hosts/*.xml'], connections: ['qemu+ssh://evil/system'], virshPath: '/bin/sh' }), { files: ['hosts/*.xml'], connections: [], virshPath: '' });
  // The middleware: blanks while untrusted, passes through once trusted.
  const middleware = configurationMiddleware();
  const params = { items: [{ section: 'libvirtXml' }, { section: 'libvirtXml.catalog.cpuMapPath' }] };
  const next = async () => [hostile, '/etc'];
  const call = () => (middleware.configuration as unknown as (p: typeof params, t: unknown, n: typeof next) => Promise<unknown[]>)(params, {}, next);
  vscodeStub.set('workspace.isTrusted', false);
  assert.deepEqual(await call(), [{ catalog: { useHostCpuMap: true, cpuMapPath: '' }, diagnostics: { enable: true } }, '']);
  vscodeStub.set('workspace.isTrusted', true);
  assert.deepEqual(await call(), [hostile, '/etc']);
  vscodeStub.reset();
});
