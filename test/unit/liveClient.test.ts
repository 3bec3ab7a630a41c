// The pure parts of the client's live-host support: libvirt: addresses, the
// "did libvirt rewrite it" comparison, the QEMU command line layout.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLive, liveParts, parseLive } from '../../client/src/live/liveUri';
import { canonicalXml, objectName, rewritten } from '../../client/src/live/xmlCompare';
import { cpuArgument, layoutArgv } from '../../client/src/live/qemuArgv';

test('libvirt: addresses round-trip names with blanks and metacharacters; broken ones say why', () => {
  for (const ref of [
    { connection: 'qemu:///system', kind: 'domain' as const, name: 'web' },
    { connection: 'qemu+ssh://root@host-b/system?keyfile=/k', kind: 'network' as const, name: 'a b;$(x)`y`|&?#%' },
    { connection: 'qemu:///session', kind: 'pool' as const, name: 'default' },
  ]) {
    const { path, query } = liveParts(ref);
    assert.deepEqual(parseLive(path, query), ref);
  }
  assert.deepEqual(liveParts({ connection: 'qemu:///system', kind: 'domain', name: 'web' }), { path: '/domain/web.xml', query: 'qemu:///system' });
  assert.match(String(parseLive('/volume/x.xml', 'qemu:///system')), /not a libvirt object address/);
  assert.match(String(parseLive('/domain/x.xml', '')), /no connection URI/);
  assert.match(String(parseLive('/domain/a/b.xml', 'qemu:///system')), /contains '\/'/);
  assert.equal(describeLive({ connection: 'qemu:///system', kind: 'pool', name: 'default' }), 'storage pool default on qemu:///system');
});

test("libvirt's reformatting is not a rewrite; dropped elements and filled-in defaults are", () => {
  const saved = `<?xml version="1.0"?>
<domain type="kvm">
    <name>web</name>
    <cpu match="exact" mode="custom"><model>qemu64</model></cpu>
    <devices></devices>
</domain>`;
  const storedSame = `<domain type='kvm'>
  <name>web</name>
  <cpu mode='custom' match='exact'>
    <model>qemu64</model>
  </cpu>
  <devices/>
</domain>
`;
  assert.equal(rewritten(saved, storedSame), false);
  assert.equal(canonicalXml(saved), canonicalXml(storedSame));
  assert.equal(rewritten(saved, storedSame.replace("match='exact'", "match='exact' check='partial'")), true, 'a default filled in');
  assert.equal(rewritten(saved, storedSame.replace('<devices/>', '')), true, 'an element dropped');
  assert.equal(rewritten(saved, storedSame.replace('qemu64', 'qemu32')), true, 'a value changed');
  assert.equal(rewritten('<a x="it\'s"/>', `<a x='it&apos;s'/>`), false);
  assert.equal(typeof canonicalXml('<<<"\'>>< / ></a'), 'string', 'broken XML does not throw');
});

test('the name a document gives itself', () => {
  assert.equal(objectName("<domain><name> a &amp; b </name><uuid/></domain>"), 'a & b');
  assert.equal(objectName('<domain/>'), undefined);
});

test('the QEMU command line: one option per line, -cpu, -smp and -numa marked, the -cpu value', () => {
  const stdout =
    "LC_ALL=C PATH=/usr/bin HOME=/var/lib/libvirt/qemu/domain--1-t /usr/bin/qemu-system-x86_64 -name guest=t,debug-threads=on -S -object '{\"qom-type\":\"secret\",\"id\":\"m 0\"}' -machine pc-q35-10.0 -accel kvm -cpu qemu64,svm=off -m size=131072k -smp 2,sockets=1,dies=1,clusters=1,cores=2,threads=1 -numa node,nodeid=0,cpus=0-1,memdev=ram-node0 -display none\n";
  const layout = layoutArgv(stdout);
  const lines = layout.text.trimEnd().split('\n');
  assert.equal(lines[0], 'LC_ALL=C \\');
  assert.ok(lines.includes('HOME=/var/lib/libvirt/qemu/domain--1-t /usr/bin/qemu-system-x86_64 \\'));
  assert.ok(lines.includes(`-object '{"qom-type":"secret","id":"m 0"}' \\`), 'a quoted value stays one word');
  assert.equal(lines[lines.length - 1], '-display none');
  assert.deepEqual(
    layout.highlights.map((h) => [h.option, lines[h.line].replace(/ \\$/, '')]),
    [
      ['-cpu', '-cpu qemu64,svm=off'],
      ['-smp', '-smp 2,sockets=1,dies=1,clusters=1,cores=2,threads=1'],
      ['-numa', '-numa node,nodeid=0,cpus=0-1,memdev=ram-node0'],
    ],
  );
  assert.equal(cpuArgument(stdout), 'qemu64,svm=off');
  assert.equal(cpuArgument('/usr/bin/qemu -m 1'), undefined);
});

test('saving: refused keeps nothing, a host change is a conflict, a rewrite is reported, a renamed document is not defined', async () => {
  const { LiveStore } = await import('../../client/src/live/liveStore');
  const { fakeVirsh } = await import('../helpers/fakeVirsh');
  const stored = "<domain type='kvm'>\n  <name>web</name>\n  <vcpu>2</vcpu>\n</domain>\n";
  const fake = fakeVirsh({ dumpxml: { stdout: stored }, define: { stdout: "Domain 'web' defined\n" } });
  try {
    const store = new LiveStore(() => ({ virshPath: fake.path, timeoutMs: 5000 }));
    const ref = { connection: 'qemu:///system', kind: 'domain' as const, name: 'web' };
    const read = await store.read('k', ref);
    assert.ok(read.ok && read.text === stored);
    assert.deepEqual(store.known('k'), { size: stored.length, mtime: read.ok ? read.mtime : 0 });

    // Same content, reformatted: saved, not a rewrite.
    const same = await store.save('k', ref, '<domain type="kvm"><name>web</name><vcpu>2</vcpu></domain>');
    assert.deepEqual(same.kind === 'saved' && same.rewritten, false);
    // libvirt adds a default: a rewrite.
    const withDefault = stored.replace('<vcpu>2', "<vcpu placement='static'>2");
    fake.reply({ dumpxml: { stdout: stored }, define: { stdout: '', next: { dumpxml: { stdout: withDefault } } } });
    const filled = await store.save('k', ref, stored);
    assert.ok(filled.kind === 'saved' && filled.rewritten && filled.stored.includes('placement'));

    // libvirt refuses: its message, and the base stays what the host has.
    fake.reply({ dumpxml: { stdout: filled.kind === 'saved' ? filled.stored : '' }, define: { stderr: 'error: Failed to define domain from /tmp/x/document.xml\nerror: XML error: Invalid value for attribute placement\n', status: 1 } });
    assert.deepEqual(await store.save('k', ref, stored), { kind: 'refused', message: 'XML error: Invalid value for attribute placement' });

    // Someone redefined the domain on the host meanwhile: a conflict, define never runs.
    const other = stored.replace('<vcpu>2', '<vcpu>8');
    fake.reply({ dumpxml: { stdout: other }, define: { stdout: '' } });
    const before = fake.calls().filter((c) => c.argv.includes('define')).length;
    assert.deepEqual(await store.save('k', ref, stored), { kind: 'conflict', current: other });
    assert.equal(fake.calls().filter((c) => c.argv.includes('define')).length, before, 'nothing written');
    // …unless the user chose to overwrite.
    assert.equal((await store.save('k', ref, stored, true)).kind, 'saved');

    // A changed <name> would define a second domain.
    const renamed = await store.save('k', ref, stored.replace('>web<', '>web2<'));
    assert.equal(renamed.kind, 'failed');
    assert.match(renamed.kind === 'failed' ? renamed.message : '', /names the domain 'web2'/);

    // The host unreachable at save: failed, not a conflict, not a refusal.
    fake.reply({ '*': { stderr: 'error: failed to connect to the hypervisor\nerror: Connection refused\n', status: 1 } });
    const down = await store.save('k', ref, stored);
    assert.deepEqual(down, { kind: 'failed', message: 'qemu:///system: cannot connect: Connection refused' });
  } finally {
    fake.cleanup();
  }
});

test('connections and virsh come from user settings of a trusted workspace only', async () => {
  const { liveSettings } = await import('../../client/src/live/connections');
  const evil = { workspaceValue: ['qemu+ssh://root@evil/system'], workspaceFolderValue: ['qemu:///evil'] };
  const evilPath = { defaultValue: 'virsh', workspaceValue: '/tmp/evil-virsh', workspaceFolderValue: '/bin/sh' };
  // Trusted, but the URI and the program come only from the workspace: not used.
  assert.deepEqual(liveSettings(true, evil, evilPath, {}), { connections: [], virsh: { virshPath: 'virsh', timeoutMs: 10_000 } });
  // User settings: used, deduplicated, blanks dropped.
  const mine = liveSettings(true, { ...evil, globalValue: ['qemu:///system', ' qemu:///system ', '', 7] }, { ...evilPath, globalValue: '/usr/bin/virsh' }, { globalValue: 3000 });
  assert.deepEqual(mine, { connections: ['qemu:///system'], virsh: { virshPath: '/usr/bin/virsh', timeoutMs: 3000 } });
  // Untrusted: nothing runs, whatever the user settings say.
  const untrusted = liveSettings(false, { globalValue: ['qemu:///system'] }, { globalValue: '/usr/bin/virsh' }, {});
  assert.deepEqual(untrusted.connections, []);
  assert.equal(untrusted.virsh.virshPath, '');
  assert.match(untrusted.blocked ?? '', /Restricted Mode/);
});

test("a refusal's diagnostic lands on what libvirt's message names", async () => {
  const { refusalRange } = await import('../../client/src/live/refusal');
  const text = "<domain type='kvm'>\n  <name>t</name>\n  <vcpu>abc</vcpu>\n  <bogus/>\n  <cpu><feature policy='require' name='avx9'/></cpu>\n</domain>\n";
  const covered = (message: string) => {
    const r = refusalRange(text, message);
    return text.slice(r.start, r.end);
  };
  const schema = 'XML document failed to validate against schema: Unable to validate doc against /usr/share/libvirt/schemas/domain.rng; ';
  assert.equal(covered(`${schema}Extra element vcpu in interleave; Invalid sequence in interleave; Element domain failed to validate content`), 'vcpu');
  assert.equal(covered(`${schema}Element domain has extra content: bogus`), 'bogus');
  assert.equal(covered('unsupported configuration: unknown CPU feature: avx9'), 'avx9');
  assert.equal(covered("XML error: name 'x/y' cannot contain '/'"), "<domain type='kvm'>", 'nothing to point at: the root start tag');
  assert.deepEqual(refusalRange('', 'anything'), { start: 0, end: 0 });
});

test('networks and storage pools open and save with their own virsh commands', async () => {
  const { LiveStore } = await import('../../client/src/live/liveStore');
  const { fakeVirsh } = await import('../helpers/fakeVirsh');
  const network = "<network>\n  <name>default</name>\n  <forward mode='nat'/>\n</network>\n";
  const pool = "<pool type='dir'>\n  <name>images</name>\n  <target><path>/var/lib/libvirt/images</path></target>\n</pool>\n";
  const fake = fakeVirsh({ 'net-dumpxml': { stdout: network }, 'pool-dumpxml': { stdout: pool }, 'net-define': { stdout: '' }, 'pool-define': { stdout: '' } });
  try {
    const store = new LiveStore(() => ({ virshPath: fake.path, timeoutMs: 5000 }));
    const net = { connection: 'qemu:///system', kind: 'network' as const, name: 'default' };
    const images = { connection: 'qemu:///system', kind: 'pool' as const, name: 'images' };
    assert.ok((await store.read('n', net)).ok);
    assert.ok((await store.read('p', images)).ok);
    assert.deepEqual(await store.save('n', net, network), { kind: 'saved', stored: network, rewritten: false, mtime: store.known('n')!.mtime });
    assert.equal((await store.save('p', images, pool)).kind, 'saved');
    const commands = fake.calls().map((c) => c.argv.filter((a) => a !== '-r').slice(2).filter((a) => !a.startsWith('--file=')).join(' '));
    assert.deepEqual(commands, [
      'net-dumpxml --network=default --inactive',
      'pool-dumpxml --pool=images --inactive',
      'net-dumpxml --network=default --inactive',
      'net-define --validate',
      'net-dumpxml --network=default --inactive',
      'pool-dumpxml --pool=images --inactive',
      'pool-define --validate',
      'pool-dumpxml --pool=images --inactive',
    ]);
  } finally {
    fake.cleanup();
  }
});
