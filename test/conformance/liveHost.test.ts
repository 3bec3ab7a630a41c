// The live-host code against the oracle's real libvirt (qemu:///system): the CLI's
// --connect modes on domains this test defines (names prefixed livehost-, undefined
// afterwards), one of them named with shell metacharacters and spaces; a bogus URI
// next to the oracle; and the io/virsh.ts round trip the editor's save uses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineXml, dumpXml, domxmlToNative, listDomains } from '../../server/src/io/virsh';
import { repoFile } from '../helpers/fixtures';
import { oracleUri, oracleUsable } from '../helpers/oracle';

const skip = oracleUsable() ? false : `no libvirt at ${oracleUri} (run ../shared/tools/libvirt-oracle-setup.sh)`;
const virsh = { virshPath: 'virsh', timeoutMs: 30_000 };

const domain = (name: string, cpu: string) => `<domain type='kvm'>
  <name>${name.replace(/&/g, '&amp;')}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
${cpu}</domain>
`;

/** Defines the domains, runs `body`, and undefines them whatever happens. */
async function withDomains(domains: Record<string, string>, body: () => Promise<void> | void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'livehost-'));
  try {
    for (const [name, xml] of Object.entries(domains)) {
      const file = join(dir, 'd.xml');
      writeFileSync(file, xml);
      execFileSync('virsh', ['-c', oracleUri, 'define', `--file=${file}`], { stdio: 'ignore' });
      assert.ok(name);
    }
    await body();
  } finally {
    for (const name of Object.keys(domains)) spawnSync('virsh', ['-c', oracleUri, 'undefine', `--domain=${name}`], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

test('CLI --connect on the oracle: a defined domain that would fail at start is an error; a bogus URI exits 2; a hostile name is just a name', { skip }, async () => {
  const hostile = 'livehost-cli b;$(touch PWNED)`touch PWNED2`|&';
  await withDomains(
    {
      'livehost-cli-ok': domain('livehost-cli-ok', ''),
      'livehost-cli-feature': domain('livehost-cli-feature', "  <cpu mode='custom' match='exact'><model>qemu64</model><feature policy='require' name='avx9'/></cpu>\n"),
      [hostile]: domain(hostile, ''),
    },
    () => {
      const r = spawnSync(
        process.execPath,
        [repoFile('dist/cli.js'), '--connect', 'bogus:///nowhere', '--connect', oracleUri, '--domain', 'livehost-cli-ok', '--domain', 'livehost-cli-feature', '--domain', hostile, '--format', 'json'],
        { encoding: 'utf8', timeout: 120_000, cwd: tmpdir() },
      );
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^libvirt-xml-lint: bogus:\/\/\/nowhere: cannot connect: no connection driver available for bogus:\/\/\/nowhere$/m);
      const out = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Array<{ code: string; severity: number }> }>;
      const by = new Map(out.map((f) => [f.file, f.diagnostics]));
      assert.deepEqual([...by.keys()].sort(), [`${oracleUri}/domain/${hostile}`, `${oracleUri}/domain/livehost-cli-feature`, `${oracleUri}/domain/livehost-cli-ok`].sort());
      assert.deepEqual(
        by.get(`${oracleUri}/domain/livehost-cli-feature`)!.filter((d) => d.severity === 1).map((d) => d.code),
        ['cpu-feature-unknown'],
      );
      assert.deepEqual(by.get(`${oracleUri}/domain/livehost-cli-ok`)!.filter((d) => d.severity === 1), [], 'no false error on what libvirt stored');
      for (const dir of [tmpdir(), process.cwd()]) assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('PWNED')), []);

      const all = spawnSync(process.execPath, [repoFile('dist/cli.js'), '--connect', oracleUri, '--all-domains', '--format', 'json'], { encoding: 'utf8', timeout: 120_000 });
      const files = (JSON.parse(all.stdout) as Array<{ file: string }>).map((f) => f.file);
      for (const name of ['livehost-cli-ok', 'livehost-cli-feature', hostile]) assert.ok(files.includes(`${oracleUri}/domain/${name}`), name);
    },
  );
});

test('io/virsh on the oracle: define --validate refuses with libvirt\'s message, stores and rewrites what it accepts, lists state, gives the QEMU command line', { skip }, async () => {
  const name = 'livehost-io';
  try {
    const refused = await defineXml(virsh, oracleUri, 'domain', domain(name, '').replace('<vcpu>2</vcpu>', '<vcpu>2</vcpu><bogus/>'));
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.match(refused.libvirt ?? '', /XML document failed to validate against schema|Extra element|Invalid/);
    assert.equal((await defineXml(virsh, oracleUri, 'domain', domain(name, ''))).ok, true);
    const stored = await dumpXml(virsh, oracleUri, 'domain', name);
    assert.ok(stored.ok && stored.stdout.includes('<uuid>'), 'libvirt fills in defaults: the editor must show that as a difference');
    const listed = await listDomains(virsh, oracleUri);
    assert.ok(listed.ok && listed.items.some((d) => d.name === name && d.state === 'shut off'));
    const argv = await domxmlToNative(virsh, oracleUri, domain(name, "  <cpu mode='host-passthrough'><topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/></cpu>\n"));
    assert.ok(argv.ok, argv.ok ? '' : argv.error);
    if (argv.ok) {
      assert.match(argv.stdout, / -cpu host\b/);
      assert.match(argv.stdout, / -smp 2,sockets=1,dies=1,clusters=1,cores=2,threads=1\b/);
    }
    const missing = await dumpXml(virsh, oracleUri, 'domain', 'livehost-never-defined');
    assert.deepEqual(missing.ok ? '' : missing.libvirt, "failed to get domain 'livehost-never-defined'");
  } finally {
    spawnSync('virsh', ['-c', oracleUri, 'undefine', `--domain=${name}`], { stdio: 'ignore' });
  }
});
