// package.json declares what client/src/live registers, and keeps the connections
// setting out of workspaces: machine scope, restricted in untrusted workspaces.

import '../robustness/fuzzCorpus/vscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { restrict, restrictedSettings } from '../../client/src/configuration';
import { liveCommands, liveViewId } from '../../client/src/live/index';
import { connectionsSetting } from '../../client/src/live/connections';

interface Pkg {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; category?: string }>;
    configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
    views: Record<string, Array<{ id: string }>>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Pkg;

test('libvirtXml.connections: machine scope, restricted, blanked for untrusted workspaces', () => {
  assert.equal(connectionsSetting, 'libvirtXml.connections');
  assert.equal(pkg.contributes.configuration.properties[connectionsSetting].scope, 'machine');
  assert.deepEqual(pkg.contributes.configuration.properties[connectionsSetting].default, []);
  assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(connectionsSetting));
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.ok(restrictedSettings.includes(connectionsSetting));
  assert.deepEqual(restrict('libvirtXml', { connections: ['qemu:///system'], logLevel: 'info' }), { connections: [], logLevel: 'info' });
});

test('the live commands, the view and the libvirt: file system are declared', () => {
  const declared = new Map(pkg.contributes.commands.map((c) => [c.command, c.category]));
  for (const id of Object.values(liveCommands)) assert.equal(declared.get(id), 'libvirt XML', `${id} declared`);
  assert.ok(pkg.contributes.views.libvirtXml.some((v) => v.id === liveViewId));
  assert.ok(pkg.activationEvents.includes('onFileSystem:libvirt'));
  const context = pkg.contributes.menus['view/item/context'].filter((m) => m.when?.includes('viewItem == libvirtXml.domain')).map((m) => m.command);
  for (const id of [liveCommands.check, liveCommands.showQemuCommandLine]) assert.ok(context.includes(id), id);
});
