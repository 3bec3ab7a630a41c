// Which libvirt connections the editor may use, and with which virsh: only in a
// trusted workspace, and only from the user's (or machine's) own settings, never
// from a workspace or folder settings.json, whatever VS Code's scope handling
// does. The decision is a pure function of the inspected values (`liveSettings`).

import type { VirshOptions } from '../../../server/src/io/virsh';

export const connectionsSetting = 'libvirtXml.connections';
export const virshPathSetting = 'libvirtXml.hosts.virshPath';
export const timeoutSetting = 'libvirtXml.hosts.timeoutMs';

/** What `WorkspaceConfiguration.inspect` reports for one setting (the parts used here). */
export interface Inspected<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export interface LiveSettings {
  /** Connection URIs to list and open (empty in an untrusted workspace). */
  connections: string[];
  virsh: VirshOptions;
  /** Why nothing may run, when nothing may. */
  blocked?: string;
}

/**
 * The live settings from inspected values: user values only (workspace and folder
 * values are ignored), nothing at all when the workspace is not trusted.
 */
export function liveSettings(trusted: boolean, connections: Inspected<unknown>, virshPath: Inspected<unknown>, timeout: Inspected<unknown>): LiveSettings {
  const list = Array.isArray(connections.globalValue) ? connections.globalValue : [];
  const uris = [...new Set(list.filter((u): u is string => typeof u === 'string').map((u) => u.trim()).filter((u) => u !== ''))];
  const path = typeof virshPath.globalValue === 'string' && virshPath.globalValue.trim() !== '' ? virshPath.globalValue.trim() : 'virsh';
  const ms = typeof timeout.globalValue === 'number' ? timeout.globalValue : typeof timeout.workspaceValue === 'number' ? timeout.workspaceValue : 10_000;
  if (!trusted) {
    return { connections: [], virsh: { virshPath: '', timeoutMs: ms }, blocked: 'Restricted Mode: libvirt connections are not used in an untrusted workspace (trust it to open domains from libvirt).' };
  }
  return { connections: uris, virsh: { virshPath: path, timeoutMs: Math.max(ms, 1000) } };
}
