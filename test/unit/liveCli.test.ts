// libvirt-xml-lint --connect: domains fetched through a stand-in virsh, named
// URI/domain/NAME, checked against their own host's domcapabilities; a host
// that does not answer exits 2 while the others are still checked; names with
// shell metacharacters reach virsh untouched. (The same against the live oracle:
// test/conformance/liveHost.test.ts.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { parseLiveArgs, wantsLive, liveName } from '../../server/src/cli/liveDomains';
import { repoFile } from '../helpers/fixtures';
import { fakeVirsh } from '../helpers/fakeVirsh';

const cli = repoFile('dist/cli.js');
const domcaps = readFileSync(repoFile('test/fixtures/hosts/epyc-rome.domcaps.xml'), 'utf8');

const domain = (name: string, cpu = '') => `<domain type='kvm'>
  <name>${name.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</name>
  <memory unit='KiB'>1048576</memory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc-q35-10.0'>hvm</type>
  </os>
${cpu}</domain>
`;

function lint(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--all-domains: every domain of a connection, named URI/domain/NAME, with host checks; an unreachable URI exits 2 and the rest is checked', () => {
  const fake = fakeVirsh({
    '@qemu+ssh://root@down.example/system': {
      stderr: 'error: failed to connect to the hypervisor\nerror: Cannot recv data: ssh: connect to host down.example port 22: Connection refused\n',
      status: 1,
    },
    'list --all --name': { stdout: 'web\nbroken\n\n' },
    'list --state-running --name': { stdout: 'web\n\n' },
    'list --state-paused --name': { stdout: '\n' },
    domcapabilities: { stdout: domcaps },
    'dumpxml web': { stdout: domain('web', "  <cpu mode='custom' match='exact'>\n    <model fallback='forbid'>Skylake-Client</model>\n  </cpu>\n") },
    'dumpxml broken': { stdout: domain('broken', "  <cpu mode='custom' match='exact'>\n    <model>EPYC-Rome</model>\n    <feature policy='require' name='avx9'/>\n  </cpu>\n") },
  });
  try {
    const r = lint(['--virsh', fake.path, '--connect', 'qemu+ssh://root@down.example/system', '--connect=qemu:///system', '--all-domains', '--format', 'json']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^libvirt-xml-lint: qemu\+ssh:\/\/root@down\.example\/system: cannot connect: Cannot recv data: ssh: connect to host down\.example port 22: Connection refused$/m);
    const out = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Array<{ code: string; severity: number }> }>;
    assert.deepEqual(out.map((f) => f.file).sort(), ['qemu:///system/domain/broken', 'qemu:///system/domain/web']);
    const codes = (file: string) => out.find((f) => f.file === file)!.diagnostics.map((d) => d.code);
    assert.ok(codes('qemu:///system/domain/broken').includes('cpu-feature-unknown'), 'defined, but would fail at start');
    assert.ok(codes('qemu:///system/domain/web').includes('cpu-host-incompatible'), "checked against that host's domcapabilities");
    const dumps = fake.calls().filter((c) => c.argv.includes('dumpxml'));
    assert.ok(dumps.every((c) => c.argv.includes('--inactive') && c.argv[0] === '-r'), 'persistent definitions, read-only connection');
    assert.equal(fake.calls().filter((c) => c.argv.includes('qemu+ssh://root@down.example/system')).length, 1, 'an unreachable host is asked once');
  } finally {
    fake.cleanup();
  }
});

test('--domain: text output names the domain; a missing domain is reported, the others still checked', () => {
  const fake = fakeVirsh({
    domcapabilities: { stdout: domcaps },
    'dumpxml good': { stdout: domain('good') },
    'dumpxml gone': { stderr: "error: failed to get domain 'gone'\n", status: 1 },
  });
  try {
    const r = lint(['--virsh', fake.path, '--connect', 'qemu:///system', '--domain', 'gone', '--domain', 'good']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^libvirt-xml-lint: qemu:\/\/\/system\/domain\/gone: failed to get domain 'gone'$/m);
    assert.match(r.stdout, /0 errors, 0 warnings, 0 notes in 1 file: 1 domain \(1 not checked\)/);
  } finally {
    fake.cleanup();
  }
});

test('a domain name and a URI with shell metacharacters and spaces never reach a shell', () => {
  const name = 'livehost-x y;$(touch PWNED)`touch PWNED2`|touch PWNED3&';
  const uri = 'qemu:///system?socket=/tmp/$(touch PWNED4);touch PWNED5';
  const fake = fakeVirsh({ domcapabilities: { stdout: domcaps }, '*': { stdout: domain(name) } });
  try {
    const r = lint(['--virsh', fake.path, '--connect', uri, '--domain', name, '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).map((f: { file: string }) => f.file), [`${uri}/domain/${name}`]);
    const dump = fake.calls().find((c) => c.argv.includes('dumpxml'))!;
    assert.deepEqual(dump.argv, ['-r', '-c', uri, 'dumpxml', `--domain=${name}`, '--inactive']);
    for (const dir of [fake.dir, process.cwd(), '/tmp']) assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('PWNED')), [], dir);
  } finally {
    fake.cleanup();
  }
});

test('usage: --connect needs a domain choice; --domain needs --connect; options are parsed out of the file arguments', () => {
  for (const [args, message] of [
    [['--connect', 'qemu:///system'], /--connect needs --domain NAME or --all-domains/],
    [['--domain', 'x'], /--domain needs --connect URI/],
    [['--connect', 'qemu:///system', '--domain', 'x', '--all-domains'], /exclude each other/],
    [['--connect', 'qemu:///system', '--all-domains', '--timeout', 'soon'], /--timeout needs milliseconds/],
  ] as const) {
    const r = lint([...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
  assert.equal(wantsLive(['a.xml', '--', '--connect']), false, 'after -- everything is a file');
  const parsed = parseLiveArgs(['--format', 'json', '--connect=qemu:///system', 'a.xml', '--domain', 'd', '--', '--domain']);
  assert.ok(typeof parsed !== 'string');
  assert.deepEqual(parsed.rest, ['--format', 'json', 'a.xml', '--', '--domain']);
  assert.deepEqual(parsed.domains, ['d']);
  assert.equal(liveName('qemu:///system', 'vm1'), 'qemu:///system/domain/vm1');
  assert.equal(liveName('qemu+ssh://root@h/system', 'vm1'), 'qemu+ssh://root@h/system/domain/vm1');
});
