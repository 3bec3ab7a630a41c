// The libvirt view in the activity bar: per connection, its domains (with their
// state), networks and storage pools, read through read-only virsh listings when
// a connection is expanded. An editor, not a VM manager: the actions are Open,
// Check and Show QEMU command line.
import * as vscode from 'vscode';
import { listDomains, listObjects, type DomainEntry, type VirshObjectKind } from '../../../server/src/io/virsh';
import type { LiveSettings } from './connections';
import { liveParts, liveScheme, type LiveRef } from './liveUri';

export type LiveNode =
  | { type: 'connection'; connection: string }
  | { type: 'group'; connection: string; kind: VirshObjectKind }
  | { type: 'object'; ref: LiveRef; state?: DomainEntry['state'] }
  | { type: 'message'; text: string; error: boolean };

const groupLabels: Record<VirshObjectKind, string> = { domain: 'Domains', network: 'Networks', pool: 'Storage pools' };
const stateIcons: Record<DomainEntry['state'], string> = { running: 'vm-running', paused: 'debug-pause', 'shut off': 'vm-outline' };

/** The document address of a live object. */
export function liveUri(ref: LiveRef): vscode.Uri {
  return vscode.Uri.from({ scheme: liveScheme, ...liveParts(ref) });
}

export class LiveTree implements vscode.TreeDataProvider<LiveNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LiveNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Listings per connection and kind, fetched once per refresh. */
  private readonly listings = new Map<string, Promise<LiveNode[]>>();

  constructor(private readonly settings: () => LiveSettings) {}

  refresh(): void {
    this.listings.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: LiveNode): vscode.TreeItem {
    switch (node.type) {
      case 'connection': {
        const item = new vscode.TreeItem(node.connection, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('server-environment');
        item.contextValue = 'libvirtXml.connection';
        item.id = `c:${node.connection}`;
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(groupLabels[node.kind], node.kind === 'domain' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon(node.kind === 'domain' ? 'vm' : node.kind === 'network' ? 'globe' : 'database');
        item.id = `g:${node.connection}:${node.kind}`;
        return item;
      }
      case 'object': {
        const item = new vscode.TreeItem(node.ref.name, vscode.TreeItemCollapsibleState.None);
        item.description = node.state;
        item.iconPath = new vscode.ThemeIcon(node.state ? stateIcons[node.state] : node.ref.kind === 'network' ? 'globe' : 'database');
        item.contextValue = `libvirtXml.${node.ref.kind}`;
        item.resourceUri = liveUri(node.ref);
        item.tooltip = `${node.ref.kind} ${node.ref.name} on ${node.ref.connection}${node.state ? ` (${node.state})` : ''}`;
        item.command = { command: 'libvirtXml.live.open', title: 'Open', arguments: [node] };
        item.id = `o:${node.ref.connection}:${node.ref.kind}:${node.ref.name}`;
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.error ? 'warning' : 'info');
        item.tooltip = node.text;
        return item;
      }
    }
  }

  getChildren(node?: LiveNode): LiveNode[] | Promise<LiveNode[]> {
    const s = this.settings();
    if (!node) return s.blocked ? [] : s.connections.map((connection) => ({ type: 'connection', connection }));
    if (node.type === 'connection') return (['domain', 'network', 'pool'] as const).map((kind) => ({ type: 'group', connection: node.connection, kind }));
    if (node.type !== 'group' || s.blocked || !s.connections.includes(node.connection)) return [];
    const key = `${node.connection}\n${node.kind}`;
    let listing = this.listings.get(key);
    if (!listing) {
      listing = this.list(s, node.connection, node.kind);
      this.listings.set(key, listing);
    }
    return listing;
  }

  private async list(s: LiveSettings, connection: string, kind: VirshObjectKind): Promise<LiveNode[]> {
    if (kind === 'domain') {
      const r = await listDomains(s.virsh, connection);
      if (!r.ok) return [{ type: 'message', text: r.libvirt || r.error, error: true }];
      if (r.items.length === 0) return [{ type: 'message', text: 'no domains defined', error: false }];
      return r.items.map((d) => ({ type: 'object', ref: { connection, kind, name: d.name }, state: d.state }));
    }
    const r = await listObjects(s.virsh, connection, kind);
    if (!r.ok) return [{ type: 'message', text: r.libvirt || r.error, error: true }];
    if (r.items.length === 0) return [{ type: 'message', text: `no ${kind === 'pool' ? 'storage pools' : 'networks'} defined`, error: false }];
    return r.items.map((name) => ({ type: 'object', ref: { connection, kind, name } }));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
