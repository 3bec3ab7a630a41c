// The client side of host checks: untrusted workspaces withhold the settings
// that run programs, and package.json declares what client/src/hosts.ts registers.

import '../robustness/fuzzCorpus/vscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { restrict, restrictedSettings } from '../../client/src/configuration';
import { hostCommands } from '../../client/src/hosts';
import { checkHostsCommand, computeBaselineCommand, defaultSettings } from '../../server/src/protocol';

interface Pkg {
  contributes: { commands: Array<{ command: string; category?: string }>; configuration: { properties: Record<string, { scope?: string; default?: unknown }> } };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Pkg;

test('untrusted workspaces get no connections and no virsh path; host files still work', () => {
  const hosts = { files: ['hosts/*.xml'], connections: ['qemu+ssh://root@evil/system'], virshPath: '/tmp/evil', timeoutMs: 5 };
  assert.deepEqual(restrict('libvirtXml', { hosts }), { hosts: { files: ['hosts/*.xml'], connections: [], virshPath: '', timeoutMs: 5 } });
  assert.deepEqual(restrict('libvirtXml.hosts', hosts), { files: ['hosts/*.xml'], connections: [], virshPath: '', timeoutMs: 5 });
  assert.deepEqual(restrict('libvirtXml.hosts.connections', ['qemu:///system']), []);
  assert.equal(restrict('libvirtXml.hosts.virshPath', '/bin/sh'), '');
  for (const name of ['libvirtXml.hosts.connections', 'libvirtXml.hosts.virshPath']) {
    assert.ok(restrictedSettings.includes(name));
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(name));
    assert.equal(pkg.contributes.configuration.properties[name].scope, 'machine');
  }
});

test('package.json declares the host settings with the server defaults, and the client commands', () => {
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(
    ['files', 'connections', 'virshPath', 'timeoutMs'].map((k) => props[`libvirtXml.hosts.${k}`]?.default),
    [defaultSettings.hosts.files, defaultSettings.hosts.connections, defaultSettings.hosts.virshPath, defaultSettings.hosts.timeoutMs],
  );
  assert.equal(props['libvirtXml.hosts.files'].scope, 'resource');
  const declared = new Map(pkg.contributes.commands.map((c) => [c.command, c.category]));
  for (const id of Object.values(hostCommands)) assert.equal(declared.get(id), 'libvirt XML', `${id} declared`);
  // The language client registers the server's executeCommand ids itself: the client's must differ.
  for (const id of [computeBaselineCommand, checkHostsCommand]) {
    assert.ok(!Object.values(hostCommands).includes(id as never));
    assert.ok(!declared.has(id), `${id} is the server's command, not a palette entry`);
  }
});
