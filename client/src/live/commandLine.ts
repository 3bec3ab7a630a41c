// What libvirt would run: "Show QEMU command line" (virsh domxml-to-native
// qemu-argv, for the active document or a domain in the libvirt view) in a
// read-only document with -cpu, -smp and -numa highlighted; and a CodeLens on
// <cpu> giving the -cpu argument when a connection is configured.
import * as vscode from 'vscode';
import { domainToNative, domxmlToNative, type VirshResult } from '../../../server/src/io/virsh';
import type { LiveSettings } from './connections';
import { liveScheme, parseLive, type LiveRef } from './liveUri';
import { cpuArgument, layoutArgv } from './qemuArgv';

export const commandLineScheme = 'libvirt-qemu';

/** Longest -cpu argument shown in the lens title. */
const maxLensChars = 110;

export class CommandLines implements vscode.TextDocumentContentProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly texts = new Map<string, { text: string; highlights: ReturnType<typeof layoutArgv>['highlights'] }>();
  private readonly changedContent = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changedContent.event;
  private readonly changedLenses = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changedLenses.event;
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    fontWeight: 'bold',
    isWholeLine: true,
  });
  /** -cpu answers per document version, so a lens costs one virsh call per edit at most. */
  private readonly lensCache = new Map<string, Promise<string>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly settings: () => LiveSettings) {
    this.subscriptions.push(vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e))));
  }

  /** Settings changed (connections, trust): lenses are recomputed. */
  refresh(): void {
    this.lensCache.clear();
    this.changedLenses.fire();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString())?.text ?? '';
  }

  /** The connection to ask about a document: its own for libvirt: documents, else the only one, else the user's pick. */
  async chooseConnection(doc: vscode.TextDocument | undefined, ask: boolean): Promise<string | undefined> {
    const s = this.settings();
    if (s.blocked) {
      void vscode.window.showWarningMessage(s.blocked);
      return undefined;
    }
    if (s.connections.length === 0) {
      void vscode.window.showWarningMessage('Add a libvirt connection URI to libvirtXml.connections (user settings) first.');
      return undefined;
    }
    const own = doc && doc.uri.scheme === liveScheme ? parseLive(doc.uri.path, doc.uri.query) : undefined;
    if (own && typeof own !== 'string' && s.connections.includes(own.connection)) return own.connection;
    if (s.connections.length === 1 || !ask) return s.connections[0];
    return vscode.window.showQuickPick(s.connections, { title: 'Show QEMU command line', placeHolder: 'Which libvirt connection should translate the domain?' });
  }

  /** For the active document (its current text, saved or not). */
  async showForDocument(doc: vscode.TextDocument | undefined): Promise<void> {
    if (!doc) return void vscode.window.showWarningMessage('Open a libvirt domain XML document first.');
    const connection = await this.chooseConnection(doc, true);
    if (!connection) return;
    const name = doc.uri.path.split('/').pop()?.replace(/\.xml$/, '') || 'document';
    await this.show(connection, name, await domxmlToNative(this.settings().virsh, connection, doc.getText()));
  }

  /** For a domain defined on a connection (the libvirt view). */
  async showForDomain(ref: LiveRef): Promise<void> {
    await this.show(ref.connection, ref.name, await domainToNative(this.settings().virsh, ref.connection, ref.name));
  }

  private async show(connection: string, name: string, r: VirshResult): Promise<void> {
    if (!r.ok) return void vscode.window.showErrorMessage(`QEMU command line of ${name}: ${r.libvirt || r.error}`);
    const layout = layoutArgv(r.stdout);
    const uri = vscode.Uri.from({ scheme: commandLineScheme, path: `/QEMU command line of ${name}.sh`, query: connection });
    this.texts.set(uri.toString(), layout);
    this.changedContent.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    this.decorate(editor);
  }

  private decorate(editor: vscode.TextEditor): void {
    const entry = editor.document.uri.scheme === commandLineScheme ? this.texts.get(editor.document.uri.toString()) : undefined;
    if (!entry) return;
    editor.setDecorations(
      this.decoration,
      entry.highlights.map((h) => ({ range: new vscode.Range(h.line, h.start, h.line, h.end), hoverMessage: `${h.option}: what libvirt gives QEMU for this part of the domain` })),
    );
  }

  /** One lens on the first <cpu> of a domain document, titled with the -cpu argument libvirt would give QEMU. */
  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const s = this.settings();
    if (s.blocked || s.connections.length === 0) return [];
    const text = doc.getText();
    if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<domain\b/.test(text)) return [];
    const at = text.search(/<cpu\b/);
    if (at < 0) return [];
    const pos = doc.positionAt(at);
    const title = await this.cpuTitle(doc);
    return [new vscode.CodeLens(new vscode.Range(pos, pos), { title, command: 'libvirtXml.live.showQemuCommandLine', tooltip: 'Show the whole QEMU command line libvirt would run' })];
  }

  private cpuTitle(doc: vscode.TextDocument): Promise<string> {
    const key = `${doc.uri.toString()}#${doc.version}`;
    let hit = this.lensCache.get(key);
    if (!hit) {
      hit = (async () => {
        const connection = await this.chooseConnection(doc, false);
        if (!connection) return 'QEMU -cpu: no libvirt connection';
        const r = await domxmlToNative(this.settings().virsh, connection, doc.getText());
        if (!r.ok) return clip(`QEMU -cpu: libvirt refuses: ${r.libvirt || r.error}`);
        const cpu = cpuArgument(r.stdout);
        return clip(cpu === undefined ? 'QEMU: no -cpu option (QEMU default CPU)' : `QEMU -cpu ${cpu}`);
      })();
      // Only the latest versions are kept.
      if (this.lensCache.size > 50) this.lensCache.clear();
      this.lensCache.set(key, hit);
    }
    return hit;
  }

  dispose(): void {
    this.changedContent.dispose();
    this.changedLenses.dispose();
    this.decoration.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

function clip(s: string): string {
  return s.length > maxLensChars ? `${s.slice(0, maxLensChars - 1)}…` : s;
}
