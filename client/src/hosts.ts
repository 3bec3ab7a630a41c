// The editor side of host CPU checks: a status bar item "$(server) N hosts"
// fed by libvirtXml/hostsInfo, and the commands Compute Baseline CPU from
// Hosts, Check This CPU Against Hosts and Reload Host CPUs.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import {
  checkHostsCommand,
  computeBaselineCommand,
  hostsInfoNotification,
  reloadHostsRequest,
  type BaselineCommandOptions,
  type BaselineCommandResult,
  type HostsInfo,
} from '../../server/src/protocol';

/** Client command ids (the server's own executeCommand ids are registered by the language client). */
export const hostCommands = {
  computeBaseline: 'libvirtXml.hosts.computeBaseline',
  check: 'libvirtXml.hosts.check',
  reload: 'libvirtXml.hosts.reload',
} as const;

/** Most hosts listed in the tooltip. */
const maxTooltipHosts = 15;

/** Read-only documents holding the reports (no unsaved untitled buffers left behind). */
const reportScheme = 'libvirt-xml-report';

export function registerHosts(context: vscode.ExtensionContext, client: LanguageClient): void {
  const status = new HostsStatus();
  const reports = new Reports();
  context.subscriptions.push(
    status,
    reports,
    vscode.workspace.registerTextDocumentContentProvider(reportScheme, reports),
    client.onNotification(hostsInfoNotification, (info: HostsInfo) => status.update(info)),
    vscode.commands.registerCommand(hostCommands.computeBaseline, () => computeBaseline(client)),
    vscode.commands.registerCommand(hostCommands.check, () => checkHosts(client, reports)),
    vscode.commands.registerCommand(hostCommands.reload, async () => {
      if (!client.isRunning()) return void vscode.window.showWarningMessage('The libvirt XML language server is not running.');
      const info = await client.sendRequest<HostsInfo>(reloadHostsRequest);
      status.update(info);
      void vscode.window.showInformationMessage(summary(info));
    }),
  );
}

function activeDocumentUri(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) {
    void vscode.window.showWarningMessage('Open a libvirt domain XML document first.');
    return undefined;
  }
  return doc.uri.toString();
}

async function computeBaseline(client: LanguageClient): Promise<void> {
  const uri = activeDocumentUri();
  if (!uri || !client.isRunning()) return;
  const picks = await vscode.window.showQuickPick(
    [
      { label: 'List every feature of the model', description: '--features', key: 'expandFeatures' as const },
      { label: 'Leave out features that block migration', description: '--migratable', key: 'migratable' as const, picked: true },
    ],
    { canPickMany: true, title: 'Compute Baseline CPU from Hosts', placeHolder: 'Options (press Enter to compute)' },
  );
  if (!picks) return;
  const options: BaselineCommandOptions = { expandFeatures: picks.some((p) => p.key === 'expandFeatures'), migratable: picks.some((p) => p.key === 'migratable') };
  const result = (await client.sendRequest(ExecuteCommandRequest.type, { command: computeBaselineCommand, arguments: [uri, options] })) as BaselineCommandResult | null;
  if (!result) return;
  if (result.applied) void vscode.window.showInformationMessage(result.message);
  else void vscode.window.showWarningMessage(result.message);
}

async function checkHosts(client: LanguageClient, reports: Reports): Promise<void> {
  const uri = activeDocumentUri();
  if (!uri || !client.isRunning()) return;
  const markdown = (await client.sendRequest(ExecuteCommandRequest.type, { command: checkHostsCommand, arguments: [uri] })) as string | null;
  if (typeof markdown !== 'string') return;
  const reportUri = reports.set(vscode.Uri.parse(uri), markdown);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', reportUri);
  } catch {
    // No markdown preview (extension disabled): show the text itself.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri), vscode.ViewColumn.Beside);
  }
}

/** The latest report per checked document, served as `libvirt-xml-report:/…/CPU check of NAME.md`. */
class Reports implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores the report for `source` and returns its URI (an open preview refreshes). */
  set(source: vscode.Uri, markdown: string): vscode.Uri {
    const name = source.path.split('/').pop() || 'document';
    const uri = vscode.Uri.from({ scheme: reportScheme, path: `/CPU check of ${name}.md`, query: source.toString() });
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# CPU check\n\nRun "libvirt XML: Check This CPU Against Hosts" again.\n';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function summary(info: HostsInfo): string {
  const failed = info.hosts.filter((h) => h.error).length;
  return `libvirt XML: ${info.loaded} host CPU${info.loaded === 1 ? '' : 's'} loaded${failed ? `, ${failed} source${failed === 1 ? '' : 's'} with errors (see the status bar tooltip)` : ''}.`;
}

/** "$(server) N hosts": hidden until some host source is configured. */
class HostsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('libvirtXml.hosts', vscode.StatusBarAlignment.Right, 99);

  constructor() {
    this.item.name = 'libvirt XML hosts';
    this.item.command = hostCommands.check;
  }

  update(info: HostsInfo): void {
    if (info.hosts.length === 0 && info.problems.length === 0) {
      this.item.hide();
      return;
    }
    const failed = info.hosts.filter((h) => h.error);
    this.item.text = `$(server) ${info.loaded} host${info.loaded === 1 ? '' : 's'}${failed.length ? ` $(warning) ${failed.length}` : ''}`;
    this.item.backgroundColor = info.loaded === 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: `libvirt XML: ${info.loaded} host CPUs loaded, ${failed.length} failed` };
    this.item.tooltip = tooltip(info);
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

function tooltip(info: HostsInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**Host CPUs** (${info.loaded} loaded in ${info.loadMs} ms)\n\n`);
  const loaded = info.hosts.filter((h) => !h.error);
  for (const h of loaded.slice(0, maxTooltipHosts)) {
    md.appendMarkdown('- ');
    md.appendText(`${h.name}: ${[h.vendor, h.model].filter(Boolean).join(' ') || 'no CPU model'} (${h.kind === 'domainCapabilities' ? 'domcapabilities' : h.kind ?? 'unknown'})`);
    md.appendMarkdown('\n');
  }
  if (loaded.length > maxTooltipHosts) md.appendMarkdown(`- … and ${loaded.length - maxTooltipHosts} more\n`);
  const problems = info.problems.slice(0, maxTooltipHosts);
  if (problems.length) {
    md.appendMarkdown('\n**Problems**\n\n');
    for (const p of problems) {
      md.appendMarkdown('- $(warning) ');
      md.appendText(p);
      md.appendMarkdown('\n');
    }
    if (info.problems.length > problems.length) md.appendMarkdown(`- … and ${info.problems.length - problems.length} more (see the output)\n`);
  }
  md.appendMarkdown('\nClick to check the CPU of the active document against these hosts.');
  return md;
}
