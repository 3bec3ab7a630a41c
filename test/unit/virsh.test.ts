// io/virsh.ts: argument arrays that reach virsh unchanged (no shell), timeouts,
// the failure kinds, libvirt's message, listings, temporary files for define.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { connectionUriProblem, defineXml, domainToNative, domxmlToNative, dumpXml, libvirtMessage, listDomains, listObjects, objectNameProblem, runVirsh } from '../../server/src/io/virsh';
import { fakeVirsh } from '../helpers/fakeVirsh';

const hostileName = 'livehost-a b;$(touch PWNED)`touch PWNED2`|&>x \'"*?';
const hostileUri = 'qemu+ssh://u@h/system?x=$(touch PWNED3);touch PWNED4 && echo';

test('names and URIs with shell metacharacters and spaces reach virsh as single arguments', async () => {
  const fake = fakeVirsh({ dumpxml: { stdout: '<domain/>\n' } });
  try {
    const r = await dumpXml({ virshPath: fake.path, timeoutMs: 5000 }, hostileUri, 'domain', hostileName);
    assert.deepEqual(r, { ok: true, stdout: '<domain/>\n' });
    assert.deepEqual(fake.calls()[0].argv, ['-r', '-c', hostileUri, 'dumpxml', `--domain=${hostileName}`, '--inactive']);
    await domainToNative({ virshPath: fake.path, timeoutMs: 5000 }, hostileUri, hostileName);
    assert.deepEqual(fake.calls()[1].argv, ['-c', hostileUri, 'domxml-to-native', '--format=qemu-argv', `--domain=${hostileName}`]);
    for (const dir of [fake.dir, process.cwd(), tmpdir()]) {
      assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('PWNED')), [], `nothing was run in ${dir}`);
    }
    // A name starting with '-' stays the option's value.
    await dumpXml({ virshPath: fake.path, timeoutMs: 5000 }, 'qemu:///system', 'network', '--help');
    assert.deepEqual(fake.calls()[2].argv.slice(3), ['net-dumpxml', '--network=--help', '--inactive']);
  } finally {
    fake.cleanup();
  }
});

test('input virsh could misread is refused before anything runs', async () => {
  const fake = fakeVirsh();
  try {
    const opts = { virshPath: fake.path, timeoutMs: 5000 };
    for (const uri of ['', '  ', '-c', '--readonly', 'qemu:///system\nx', 'a\0b']) {
      const r = await runVirsh(opts, uri, ['list']);
      assert.equal(r.ok ? 'ran' : r.reason, 'invalid', JSON.stringify(uri));
    }
    for (const name of ['', 'a/b', 'a\nb']) {
      const r = await dumpXml(opts, 'qemu:///system', 'domain', name);
      assert.equal(r.ok ? 'ran' : r.reason, 'invalid', JSON.stringify(name));
    }
    const blank = await runVirsh({ virshPath: '', timeoutMs: 5000 }, 'qemu:///system', ['list']);
    assert.deepEqual(blank, { ok: false, reason: 'invalid', error: 'qemu:///system: libvirtXml.hosts.virshPath is empty (or withheld in an untrusted workspace); not run' });
    assert.deepEqual(fake.calls(), [], 'virsh never started');
    assert.equal(connectionUriProblem('qemu+ssh://root@host-b/system'), undefined);
    assert.equal(connectionUriProblem(hostileUri), undefined, 'metacharacters are harmless without a shell');
    assert.equal(objectNameProblem(hostileName), undefined);
  } finally {
    fake.cleanup();
  }
});

test('failures: unreachable host, libvirt refusing, virsh missing, timeout; no password prompt', async () => {
  const fake = fakeVirsh({
    list: { stderr: 'error: failed to connect to the hypervisor\nerror: Cannot recv data: ssh: connect to host h port 22: Connection refused\n', status: 1 },
    define: { stderr: 'error: Failed to define domain from /tmp/libvirt-xml-x/document.xml\nerror: unsupported configuration: unknown CPU feature: avx9\n', status: 1 },
    dumpxml: { sleepMs: 20_000 },
  });
  try {
    const opts = { virshPath: fake.path, timeoutMs: 5000 };
    const down = await runVirsh(opts, 'qemu+ssh://h/system', ['list']);
    assert.deepEqual(down, {
      ok: false,
      reason: 'unreachable',
      error: 'qemu+ssh://h/system: cannot connect: Cannot recv data: ssh: connect to host h port 22: Connection refused',
      libvirt: 'Cannot recv data: ssh: connect to host h port 22: Connection refused',
    });
    assert.equal(fake.calls()[0].askpass, 'never', 'ssh may not ask for a password');

    const refused = await defineXml(opts, 'qemu:///system', 'domain', '<domain/>');
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.reason, 'failed');
      assert.equal(refused.libvirt, 'unsupported configuration: unknown CPU feature: avx9');
    }

    const t0 = Date.now();
    const slow = await dumpXml({ ...opts, timeoutMs: 300 }, 'qemu:///system', 'domain', 'd');
    assert.ok(Date.now() - t0 < 5000, 'killed at the timeout');
    assert.deepEqual(slow, { ok: false, reason: 'timeout', error: 'qemu:///system: virsh dumpxml gave no answer within 300 ms (libvirtXml.hosts.timeoutMs); stopped' });

    const missing = await runVirsh({ virshPath: join(fake.dir, 'nope'), timeoutMs: 5000, names: { virshPath: '--virsh', timeout: '--timeout' } }, 'qemu:///system', ['list']);
    assert.deepEqual(missing, { ok: false, reason: 'missing', error: `qemu:///system: '${join(fake.dir, 'nope')}' not found (set --virsh)` });
  } finally {
    fake.cleanup();
  }
});

test('define and domxml-to-native pass the text in a private temporary file, removed afterwards', async () => {
  const fake = fakeVirsh({ define: { stdout: "Domain 'x' defined\n" }, 'domxml-to-native': { stdout: '/usr/bin/qemu -cpu host\n' } });
  try {
    const opts = { virshPath: fake.path, timeoutMs: 5000 };
    const text = "<domain type='kvm'><name>x</name></domain>\n";
    assert.equal((await defineXml(opts, 'qemu:///system', 'domain', text)).ok, true);
    assert.equal((await defineXml(opts, 'qemu:///system', 'pool', '<pool/>')).ok, true);
    assert.deepEqual(await domxmlToNative(opts, 'qemu:///system', text), { ok: true, stdout: '/usr/bin/qemu -cpu host\n' });
    const [define, poolDefine, native] = fake.calls();
    assert.deepEqual(define.argv.slice(0, 5), ['-c', 'qemu:///system', 'define', '--validate', define.argv[4]]);
    assert.match(define.argv[4], /^--file=.*libvirt-xml-[^/]+\/document\.xml$/);
    assert.equal(define.file, text);
    assert.equal(define.fileMode, 0o600);
    assert.equal(poolDefine.argv[2], 'pool-define');
    assert.deepEqual(native.argv.slice(2, 4), ['domxml-to-native', '--format=qemu-argv']);
    assert.equal(native.file, text);
    for (const c of fake.calls()) {
      const f = c.argv.find((a) => a.startsWith('--file=') || a.startsWith('--xml='))!;
      assert.equal(existsSync(f.slice(f.indexOf('=') + 1)), false, 'temporary file removed');
    }
  } finally {
    fake.cleanup();
  }
});

test('listings: domain states, networks and pools; a driver without networks is an error', async () => {
  const fake = fakeVirsh({
    'list --all --name': { stdout: 'web\ndb one\nidle\n\n' },
    'list --state-running --name': { stdout: 'web\n\n' },
    'list --state-paused --name': { stdout: 'idle\n\n' },
    'net-list': { stdout: 'default\nisolated\n\n' },
    'pool-list': { stderr: 'error: Failed to list pools\nerror: this function is not supported by the connection driver: virConnectNumOfStoragePools\n', status: 1 },
  });
  try {
    const opts = { virshPath: fake.path, timeoutMs: 5000 };
    assert.deepEqual(await listDomains(opts, 'qemu:///system'), {
      ok: true,
      items: [
        { name: 'db one', state: 'shut off' },
        { name: 'idle', state: 'paused' },
        { name: 'web', state: 'running' },
      ],
    });
    assert.deepEqual(await listObjects(opts, 'qemu:///system', 'network'), { ok: true, items: ['default', 'isolated'] });
    const pools = await listObjects(opts, 'qemu:///system', 'pool');
    assert.equal(pools.ok ? '' : pools.libvirt, 'this function is not supported by the connection driver: virConnectNumOfStoragePools');
    assert.ok(fake.calls().every((c) => c.argv[0] === '-r'), 'listings use a read-only connection');
  } finally {
    fake.cleanup();
  }
});

test("libvirt's message drops virsh's framing and keeps every error line", () => {
  assert.equal(
    libvirtMessage('error: Failed to define domain from /tmp/d/document.xml\nerror: XML error: name a/b cannot contain \'/\'\n'),
    "XML error: name a/b cannot contain '/'",
  );
  assert.equal(libvirtMessage('error: failed to connect to the hypervisor\nerror: no connection driver available for bogus:///x\n'), 'no connection driver available for bogus:///x');
  assert.equal(libvirtMessage('error: failed to get domain \'nope\'\n'), "failed to get domain 'nope'");
  assert.equal(libvirtMessage(''), '');
});
