// Where the editor's hosts come from: the glob matcher (no way out of the
// workspace folder), the folder walk with its caps and link checks, file
// reading limits, virsh runs without a shell, and the registry's load.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { compileGlob, globMatches, globMayMatchUnder, globRoots, type Glob } from '../../server/src/io/glob';
import { findHostFiles, readHostFile, runDomcapabilities } from '../../server/src/io/hostSources';
import { HostRegistry } from '../../server/src/hostRegistry';
import type { HostsInfo } from '../../server/src/protocol';
import { service } from '../helpers/engine';

function glob(pattern: string): Glob {
  const c = compileGlob(pattern);
  assert.ok(c.ok, c.ok ? '' : c.error);
  return c.glob;
}

function refused(pattern: string): string {
  const c = compileGlob(pattern);
  assert.equal(c.ok, false, `${pattern} is refused`);
  return c.ok ? '' : c.error;
}

test('globs: *, **, ?, [..] and {a,b} over path segments', () => {
  const cases: Array<[string, string, boolean]> = [
    ['hosts/*.xml', 'hosts/a.xml', true],
    ['hosts/*.xml', 'hosts/sub/a.xml', false],
    ['hosts/*.xml', 'hosts/a.xml.bak', false],
    ['**/*.xml', 'a.xml', true],
    ['**/*.xml', 'x/y/z/a.xml', true],
    ['hosts/**', 'hosts/x/y.txt', true],
    ['hosts/**/h?.xml', 'hosts/h1.xml', true],
    ['hosts/**/h?.xml', 'hosts/a/b/h2.xml', true],
    ['hosts/**/h?.xml', 'hosts/a/b/h22.xml', false],
    ['{fleet,lab}/*.caps.xml', 'lab/x.caps.xml', true],
    ['{fleet,lab}/*.caps.xml', 'other/x.caps.xml', false],
    ['h{a,{b,c}}.xml', 'hc.xml', true],
    ['[ab]*.xml', 'b1.xml', true],
    ['[!ab]*.xml', 'b1.xml', false],
    ['hosts\\*.xml', 'hosts/a.xml', true],
    ['./hosts//*.xml', 'hosts/a.xml', true],
    ['a.b+(c)|d.xml', 'a.b+(c)|d.xml', true],
    ['a.b+(c)|d.xml', 'aXb+(c)|d.xml', false],
    ['**/*.xml', '../outside.xml', false],
  ];
  for (const [pattern, path, expected] of cases) assert.equal(globMatches(glob(pattern), path), expected, `${pattern} ~ ${path}`);
});

test('globs that would leave the workspace folder are refused, with the reason', () => {
  assert.match(refused('../hosts/*.xml'), /'\.\.' would leave the workspace folder/);
  assert.match(refused('hosts/../../etc/*.xml'), /'\.\.'/);
  assert.match(refused('{hosts,..}/*.xml'), /'\.\.'/);
  assert.match(refused('hosts\\..\\..\\x.xml'), /'\.\.'/);
  assert.match(refused('/etc/libvirt/*.xml'), /not absolute/);
  assert.match(refused('C:\\hosts\\*.xml'), /not absolute/);
  assert.match(refused('~/hosts/*.xml'), /~ is not expanded/);
  assert.match(refused('hosts/{a,b.xml'), /unbalanced '\{'/);
  assert.match(refused('hosts/a}.xml'), /unbalanced '\}'/);
  assert.match(refused(''), /empty/);
  assert.match(refused('.'), /the folder itself/);
  assert.match(refused('[z-a].xml'), /invalid character class/);
  assert.match(refused('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}.xml'), /more than 64 alternatives/);
  assert.match(refused('a\u0000.xml'), /control characters/);
});

test('walk roots and pruning follow the literal part of the glob', () => {
  assert.deepEqual(globRoots(glob('hosts/fleet/*.xml')), [['hosts', 'fleet']]);
  assert.deepEqual(globRoots(glob('{a,a/b}/*.xml')), [['a']]);
  assert.deepEqual(globRoots(glob('**/x.xml')), [[]]);
  assert.equal(globMayMatchUnder(glob('hosts/*.xml'), 'hosts'), true);
  assert.equal(globMayMatchUnder(glob('hosts/*.xml'), 'hosts/sub'), false);
  assert.equal(globMayMatchUnder(glob('hosts/*.xml'), 'src'), false);
  assert.equal(globMayMatchUnder(glob('hosts/**/*.xml'), 'hosts/a/b/c'), true);
});

/** A workspace folder with host files, links pointing out of it and noise. */
function workspace(): { root: string; folder: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'hosts-ws-'));
  const folder = join(root, 'ws');
  const outside = join(root, 'outside');
  mkdirSync(join(folder, 'hosts/sub'), { recursive: true });
  mkdirSync(join(folder, 'node_modules/pkg'), { recursive: true });
  mkdirSync(outside);
  const caps = readFileSync(join(process.cwd(), 'test/fixtures/hosts/sandybridge.capabilities.xml'), 'utf8');
  writeFileSync(join(folder, 'hosts/a.xml'), caps);
  writeFileSync(join(folder, 'hosts/sub/b.xml'), caps);
  writeFileSync(join(folder, 'hosts/notes.txt'), 'not a host');
  writeFileSync(join(folder, 'node_modules/pkg/c.xml'), caps);
  writeFileSync(join(outside, 'secret.xml'), caps);
  symlinkSync(join(outside, 'secret.xml'), join(folder, 'hosts/evil.xml'));
  symlinkSync(outside, join(folder, 'hosts/linked-dir'));
  symlinkSync(outside, join(folder, 'escape'));
  symlinkSync(join(folder, 'hosts/a.xml'), join(folder, 'hosts/alias.xml'));
  return { root, folder, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

test('the walk stays inside the folder: outside links are refused, linked directories and node_modules skipped', async () => {
  const ws = workspace();
  try {
    const r = await findHostFiles([{ name: 'ws', path: ws.folder }], ['hosts/**/*.xml', '**/c.xml', 'escape/*.xml', '../outside/*.xml']);
    assert.deepEqual(r.files.map((f) => f.name), ['hosts/a.xml', 'hosts/alias.xml', 'hosts/sub/b.xml']);
    assert.ok(r.problems.some((p) => /^glob '\.\.\/outside\/\*\.xml': '\.\.' would leave/.test(p)), r.problems.join('\n'));
    assert.ok(r.problems.some((p) => /^hosts\/evil\.xml: a link to a file outside the workspace folder/.test(p)), r.problems.join('\n'));
    assert.ok(r.problems.some((p) => /^escape: leads outside the workspace folder/.test(p)), r.problems.join('\n'));
    assert.ok(!r.files.some((f) => f.path.includes('outside')));
  } finally {
    ws.cleanup();
  }
});

test('the walk is capped in files and entries, with a clear message', async () => {
  const ws = workspace();
  try {
    const limits = { maxFiles: 2, maxBytes: 1 << 20, maxEntries: 1000 };
    const r = await findHostFiles([{ name: 'ws', path: ws.folder }], ['hosts/**/*.xml'], limits);
    assert.equal(r.files.length, 2);
    assert.ok(r.problems.includes('more than 2 host files match libvirtXml.hosts.files; only the first 2 are read'));
    const tiny = await findHostFiles([{ name: 'ws', path: ws.folder }], ['**/*.xml'], { ...limits, maxEntries: 3 });
    assert.ok(tiny.problems.some((p) => /stopped searching for host files after 3 directory entries/.test(p)));
    const noFolder = await findHostFiles([], ['hosts/*.xml']);
    assert.match(noFolder.problems[0], /no workspace folder is open/);
    const two = await findHostFiles([{ name: 'one', path: ws.folder }, { name: 'two', path: join(ws.folder, 'hosts') }], ['*.xml']);
    assert.deepEqual(two.files.map((f) => f.name), ['two/a.xml', 'two/alias.xml'], 'names carry the folder when there are several');
  } finally {
    ws.cleanup();
  }
});

test('host files: size cap, binary content and missing files give readable errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hosts-read-'));
  try {
    writeFileSync(join(dir, 'big.xml'), 'x'.repeat(3000));
    writeFileSync(join(dir, 'bin.xml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    writeFileSync(join(dir, 'ok.xml'), '<cpu/>');
    assert.deepEqual(await readHostFile(join(dir, 'big.xml'), 'big.xml', 2048), { ok: false, error: 'big.xml: 3 KB, larger than the 2 KB a host file may have; not read' });
    assert.deepEqual(await readHostFile(join(dir, 'bin.xml'), 'bin.xml'), { ok: false, error: 'bin.xml: not a text file (it contains NUL bytes)' });
    assert.deepEqual(await readHostFile(join(dir, 'gone.xml'), 'gone.xml'), { ok: false, error: 'gone.xml: no longer exists' });
    assert.deepEqual(await readHostFile(join(dir, 'ok.xml'), 'ok.xml'), { ok: true, text: '<cpu/>' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** An executable shell script standing in for virsh. */
function fakeVirsh(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

test('virsh runs with an argument array (no shell), a timeout and clear errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hosts-virsh-'));
  try {
    const echo = fakeVirsh(dir, 'echo-virsh', `printf '%s\\n' "$@" > "${dir}/argv"; echo '<domainCapabilities/>'`);
    const hostile = `qemu:///system$(touch ${dir}/pwned);touch ${dir}/pwned2`;
    assert.deepEqual(await runDomcapabilities(echo, hostile, 5000), { ok: true, text: '<domainCapabilities/>\n' });
    assert.deepEqual(readFileSync(join(dir, 'argv'), 'utf8').split('\n').slice(0, 3), ['-c', hostile, 'domcapabilities']);
    assert.equal(existsSync(join(dir, 'pwned')) || existsSync(join(dir, 'pwned2')), false, 'nothing in the URI was run');

    const slow = fakeVirsh(dir, 'slow-virsh', 'exec sleep 30');
    const t0 = Date.now();
    const timedOut = await runDomcapabilities(slow, 'qemu+ssh://h/system', 300);
    assert.ok(Date.now() - t0 < 5000, 'killed at the timeout');
    assert.deepEqual(timedOut, { ok: false, error: 'qemu+ssh://h/system: virsh domcapabilities gave no answer within 300 ms (libvirtXml.hosts.timeoutMs); stopped' });

    const failing = fakeVirsh(dir, 'failing-virsh', "echo 'error: failed to connect to the hypervisor' >&2; echo 'error: Connection refused' >&2; exit 1");
    assert.deepEqual(await runDomcapabilities(failing, 'qemu+tcp://h/system', 5000), {
      ok: false,
      error: 'qemu+tcp://h/system: cannot connect: Connection refused',
    });
    assert.deepEqual(await runDomcapabilities(join(dir, 'no-such-virsh'), 'qemu:///system', 5000), {
      ok: false,
      error: `qemu:///system: '${join(dir, 'no-such-virsh')}' not found (set libvirtXml.hosts.virshPath)`,
    });
    assert.match((await runDomcapabilities(echo, '--help', 5000)).ok ? '' : 'refused', /refused/);
    assert.deepEqual(await runDomcapabilities('', 'qemu:///system', 5000), {
      ok: false,
      error: 'qemu:///system: libvirtXml.hosts.virshPath is empty (or withheld in an untrusted workspace); not run',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A registry over a stand-in connection that records notifications. */
function registry(folder: string | undefined): { reg: HostRegistry; infos: HostsInfo[]; changes: number[] } {
  const infos: HostsInfo[] = [];
  const changes: number[] = [];
  const connection = {
    sendNotification: async (_method: string, info: HostsInfo) => void infos.push(info),
    client: { register: async () => ({ dispose() {} }) },
  } as unknown as Connection;
  const reg = new HostRegistry({ connection, log: { info() {}, warn() {}, debug() {} }, onHostsChanged: (h) => void changes.push(h.length), catalog: () => service().catalog });
  reg.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: folder ? [{ uri: `file://${folder}`, name: 'ws' }] : null });
  return { reg, infos, changes };
}

test('the registry loads hosts, keeps one error entry per hostile file, and keeps going', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hosts-reg-'));
  try {
    const fixtures = join(process.cwd(), 'test/fixtures/hosts');
    for (const f of ['sandybridge.capabilities.xml', 'haswell.cpu.xml']) writeFileSync(join(dir, f), readFileSync(join(fixtures, f)));
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>\n<cpu><arch>x86_64</arch><model>&lol9;</model></cpu>`;
    writeFileSync(join(dir, 'laughs.xml'), laughs);
    writeFileSync(join(dir, 'deep.xml'), '<cpu>' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000) + '</cpu>');
    writeFileSync(join(dir, 'binary.xml'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
    writeFileSync(join(dir, 'domain.xml'), "<domain type='kvm'><name>x</name></domain>");
    writeFileSync(join(dir, 'ppc.xml'), '<cpu><arch>ppc64le</arch><model>POWER9</model></cpu>');
    writeFileSync(join(dir, 'typo.xml'), '<cpu><arch>x86_64</arch><model>Skylake-Clinet</model></cpu>');
    const { reg, infos, changes } = registry(dir);
    reg.update({ files: ['*.xml'], connections: [], virshPath: 'virsh', timeoutMs: 1000 });
    const t0 = performance.now();
    const info = await reg.reload();
    const ms = performance.now() - t0;
    assert.ok(ms < 1000, `hostile files are refused before they cost parse time (${ms.toFixed(0)} ms)`);
    assert.equal(info.loaded, 3);
    // A ppc64le host is loaded for the guests of its arch (rules/hostsArch).
    assert.deepEqual(reg.hosts.map((h) => h.name), ['haswell.cpu.xml', 'ppc.xml', 'sandybridge.capabilities.xml']);
    const errors = Object.fromEntries(info.hosts.filter((h) => h.error).map((h) => [h.name, h.error]));
    assert.deepEqual(Object.keys(errors).sort(), ['binary.xml', 'deep.xml', 'domain.xml', 'laughs.xml', 'typo.xml']);
    assert.equal(errors['laughs.xml'], 'laughs.xml: declares XML entities (<!ENTITY>); not read (virsh output has none)');
    assert.equal(errors['deep.xml'], 'deep.xml: elements nested more than 256 levels deep; not a host description, not read');
    assert.match(errors['typo.xml']!, /^host CPU model 'Skylake-Clinet' is not in the CPU catalog \(libvirt [\d.]+\); cannot compare$/);
    assert.match(errors['binary.xml']!, /^binary\.xml: not a text file/);
    assert.match(errors['domain.xml']!, /a domain definition, not a host description/);
    assert.deepEqual(info.hosts.find((h) => !h.error && h.name === 'haswell.cpu.xml'), {
      name: 'haswell.cpu.xml',
      source: join(dir, 'haswell.cpu.xml'),
      kind: 'cpu',
      arch: 'x86_64',
      model: 'Haswell-v2',
      vendor: 'Intel',
    });
    assert.ok(infos.at(-1) === info, 'hostsInfo announced');
    assert.deepEqual(changes.at(-1), 3);
    // A file event for a matching file reloads; others are ignored.
    const before = infos.length;
    reg.filesChanged([{ uri: `file://${join(dir, 'other.txt')}`, type: 2 }]);
    reg.filesChanged([{ uri: `file://${join(dir, 'haswell.cpu.xml')}`, type: 3 }]);
    rmSync(join(dir, 'haswell.cpu.xml'));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => infos.length > before && (clearInterval(poll), resolve()), 20);
    });
    assert.equal(infos.length, before + 1);
    assert.equal(infos.at(-1)!.loaded, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('connections are read through virsh; failures are per-connection errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hosts-conn-'));
  try {
    const domcaps = join(process.cwd(), 'test/fixtures/hosts/epyc-rome.domcaps.xml');
    const virsh = fakeVirsh(dir, 'virsh', `case "$2" in good*) cat '${domcaps}';; *) echo "error: cannot reach $2" >&2; exit 1;; esac`);
    const { reg } = registry(undefined);
    reg.update({ files: [], connections: ['good://a', 'bad://b'], virshPath: virsh, timeoutMs: 5000 });
    const info = await reg.reload();
    assert.equal(info.loaded, 1);
    assert.deepEqual(info.hosts.map((h) => [h.name, h.kind, h.model, h.error]), [
      ['good://a', 'domainCapabilities', 'EPYC-Rome', undefined],
      ['bad://b', undefined, undefined, 'bad://b: virsh domcapabilities failed (exit status 1): error: cannot reach bad://b'],
    ]);
    // Withheld (untrusted workspace): the client sends no connections, nothing runs.
    reg.update({ files: [], connections: [], virshPath: '', timeoutMs: 5000 });
    assert.equal((await reg.reload()).loaded, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
