// Registers the live-host features: the libvirt: file system, the libvirt view,
// Show QEMU command line and the -cpu CodeLens, and their commands. Everything
// reads `liveSettingsNow()`, which is empty in an untrusted workspace.
import * as vscode from 'vscode';
import { connectionsSetting, liveSettings, timeoutSetting, virshPathSetting, type LiveSettings } from './connections';
import { CommandLines, commandLineScheme } from './commandLine';
import { LiveFileSystem, snapshotScheme } from './fileSystem';
import { liveScheme } from './liveUri';
import { LiveTree, liveUri, type LiveNode } from './tree';

export const liveCommands = {
  refresh: 'libvirtXml.live.refresh',
  open: 'libvirtXml.live.open',
  check: 'libvirtXml.live.check',
  showQemuCommandLine: 'libvirtXml.live.showQemuCommandLine',
} as const;

export const liveViewId = 'libvirtXml.live';

/** The live settings as they stand (user settings only; nothing when untrusted). */
export function liveSettingsNow(): LiveSettings {
  const c = vscode.workspace.getConfiguration();
  return liveSettings(vscode.workspace.isTrusted, c.inspect(connectionsSetting) ?? {}, c.inspect(virshPathSetting) ?? {}, c.inspect(timeoutSetting) ?? {});
}

/** How long Check waits for the language server's diagnostics. */
const checkWaitMs = 15_000;

export function registerLive(context: vscode.ExtensionContext): void {
  const fs = new LiveFileSystem(liveSettingsNow);
  const tree = new LiveTree(liveSettingsNow);
  const lines = new CommandLines(liveSettingsNow);
  const view = vscode.window.createTreeView(liveViewId, { treeDataProvider: tree, showCollapseAll: true });
  // The view's welcome text depends on whether connections are configured.
  let shownConnections = '';
  const updateContext = () => {
    const connections = liveSettingsNow().connections;
    shownConnections = JSON.stringify(connections);
    void vscode.commands.executeCommand('setContext', 'libvirtXml.live.configured', connections.length > 0);
  };
  const refresh = () => {
    updateContext();
    tree.refresh();
    lines.refresh();
  };
  const nodeRef = (node: LiveNode | undefined) => (node?.type === 'object' ? node.ref : undefined);
  const domainDocs = ['xml', 'libvirt-xml'].flatMap((language) => ['file', 'untitled', liveScheme].map((scheme) => ({ language, scheme })));
  context.subscriptions.push(
    fs,
    tree,
    lines,
    view,
    vscode.workspace.registerFileSystemProvider(liveScheme, fs, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(snapshotScheme, fs),
    vscode.workspace.registerTextDocumentContentProvider(commandLineScheme, lines),
    vscode.languages.registerCodeLensProvider(domainDocs, lines),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(connectionsSetting) || e.affectsConfiguration(virshPathSetting) || e.affectsConfiguration(timeoutSetting)) refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(refresh),
    // Settings can reach a new window after activation without a change event: look again when shown.
    view.onDidChangeVisibility(({ visible }) => {
      if (visible && JSON.stringify(liveSettingsNow().connections) !== shownConnections) refresh();
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === liveScheme) fs.closed(d.uri);
    }),
    vscode.commands.registerCommand(liveCommands.refresh, refresh),
    vscode.commands.registerCommand(liveCommands.open, async (node?: LiveNode) => {
      const ref = nodeRef(node);
      if (!ref) return;
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(liveUri(ref)), { preview: false });
    }),
    vscode.commands.registerCommand(liveCommands.check, async (node?: LiveNode) => {
      const ref = nodeRef(node);
      if (!ref) return;
      const uri = liveUri(ref);
      const doc = await vscode.workspace.openTextDocument(uri);
      const diagnostics = await diagnosticsOf(doc.uri);
      const count = (sev: vscode.DiagnosticSeverity) => diagnostics.filter((d) => d.severity === sev).length;
      const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
      const summary = `${ref.kind} ${ref.name} on ${ref.connection}: ${n(count(vscode.DiagnosticSeverity.Error), 'error')}, ${n(count(vscode.DiagnosticSeverity.Warning), 'warning')}, ${n(count(vscode.DiagnosticSeverity.Information) + count(vscode.DiagnosticSeverity.Hint), 'note')}`;
      const pick = await vscode.window.showInformationMessage(summary, 'Open', 'Show Problems');
      if (pick === 'Open') await vscode.window.showTextDocument(doc, { preview: false });
      else if (pick === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    }),
    vscode.commands.registerCommand(liveCommands.showQemuCommandLine, async (node?: LiveNode) => {
      const ref = nodeRef(node);
      if (ref) await lines.showForDomain(ref);
      else await lines.showForDocument(vscode.window.activeTextEditor?.document);
    }),
  );
  updateContext();
}

/**
 * The language server's diagnostics for a document once it has published them
 * (the first change event for it, or what is there after a short wait). A
 * network or pool, which the server does not check, gets an empty list.
 */
function diagnosticsOf(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const done = () => {
      sub.dispose();
      clearTimeout(timer);
      resolve(vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'libvirt'));
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) done();
    });
    const timer = setTimeout(done, vscode.languages.getDiagnostics(uri).length ? 0 : checkWaitMs);
  });
}
