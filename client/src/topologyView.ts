// The command "Show Pinning and Topology": a webview beside the editor that
// draws where the domain's vCPUs, emulator and IOThreads may run on a loaded
// host, redrawn as the document changes. The server computes the picture
// (libvirtXml/topologyPicture); this file only fetches, draws and reacts.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { randomBytes } from 'node:crypto';
import { topologyPictureRequest, type TopologyPictureParams, type TopologyPictureResult } from '../../server/src/protocol';
import { renderPictureBody, renderPicturePage } from './topologyHtml';

export const showTopologyCommand = 'libvirtXml.showTopology';

/** Wait after a keystroke before redrawing. */
const redrawDelayMs = 200;

export function registerTopologyView(context: vscode.ExtensionContext, client: LanguageClient): void {
  let view: TopologyView | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand(showTopologyCommand, () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return void vscode.window.showWarningMessage('Open a libvirt domain XML document first.');
      if (view) view.show(editor.document);
      else {
        view = new TopologyView(client, editor.document);
        view.onDispose(() => (view = undefined));
      }
    }),
    { dispose: () => view?.dispose() },
  );
}

class TopologyView {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private document: vscode.TextDocument;
  private host: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private loaded = false;

  constructor(
    private readonly client: LanguageClient,
    document: vscode.TextDocument,
  ) {
    this.document = document;
    this.panel = vscode.window.createWebviewPanel('libvirtXml.topology', this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m) => this.received(m)),
      this.panel.onDidChangeViewState(() => this.panel.visible && this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === this.document && this.schedule(redrawDelayMs)),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && e.document !== this.document && (e.document.languageId === 'xml' || e.document.languageId === 'libvirt-xml')) this.show(e.document, false);
      }),
      // Host reloads re-publish diagnostics: redraw then too.
      vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((u) => u.toString() === this.document.uri.toString()) && this.schedule(redrawDelayMs)),
    );
    void this.redraw();
  }

  private readonly disposeListeners: Array<() => void> = [];
  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  show(document: vscode.TextDocument, reveal = true): void {
    this.document = document;
    this.panel.title = this.title();
    if (reveal) this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.schedule(0);
  }

  private title(): string {
    return `Pinning: ${this.document.uri.path.split('/').pop() ?? 'domain'}`;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.redraw(), delay);
  }

  private async redraw(): Promise<void> {
    const generation = ++this.generation;
    let result: TopologyPictureResult;
    try {
      if (!this.client.isRunning()) throw new Error('the server is not running');
      const params: TopologyPictureParams = { uri: this.document.uri.toString(), host: this.host };
      result = await this.client.sendRequest<TopologyPictureResult>(topologyPictureRequest, params);
    } catch (e) {
      result = { hosts: [], message: `The language server could not draw the picture: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (generation !== this.generation) return;
    if (!this.loaded) {
      this.loaded = true;
      this.panel.webview.html = renderPicturePage(result, randomBytes(16).toString('base64'));
    } else void this.panel.webview.postMessage({ type: 'render', html: renderPictureBody(result) });
  }

  private received(m: unknown): void {
    const msg = m as { type?: string; host?: unknown; start?: unknown; end?: unknown };
    if (msg?.type === 'host' && typeof msg.host === 'string') {
      this.host = msg.host;
      this.schedule(0);
    } else if (msg?.type === 'reveal' && typeof msg.start === 'number' && typeof msg.end === 'number') {
      const range = new vscode.Range(this.document.positionAt(msg.start), this.document.positionAt(msg.end));
      const column = vscode.window.visibleTextEditors.find((e) => e.document === this.document)?.viewColumn ?? vscode.ViewColumn.One;
      void vscode.window.showTextDocument(this.document, { viewColumn: column, selection: range });
    }
  }

  private disposed = false;
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    for (const l of this.disposeListeners.splice(0)) l();
  }
}
