// The status bar item naming the CPU catalog the server uses (from libvirtXml/catalogInfo),
// and a progress notification when that information is more than a second late.
import * as vscode from 'vscode';
import type { CatalogInfo } from '../../server/src/protocol';
import { isLibvirtDocument, sniffLength } from '../../server/src/domain/documentKind';

/** How long the server may take to report its catalog before we show progress. */
const progressDelayMs = 1000;

/** A wait for catalogInfo after a (re)start. */
interface Waiting {
  /** Ends the wait (and the progress notification, if shown). */
  done: () => void;
  finished: Promise<void>;
  /** The delay has passed without catalogInfo. */
  late: boolean;
  progressShown: boolean;
}

export class CatalogStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('libvirtXml.catalog', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  /** Set while waiting for catalogInfo after a (re)start. */
  private pending: Waiting | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(showOutputCommand: string) {
    this.item.name = 'libvirt XML catalog';
    this.item.command = showOutputCommand;
    this.starting();
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      // A language-mode change re-opens the document; an edit may change the root element.
      vscode.workspace.onDidOpenTextDocument((d) => d === vscode.window.activeTextEditor?.document && this.refresh()),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.refresh()),
    );
    this.refresh();
  }

  /** The server is (re)starting: show a loading state and arm the progress notification. */
  starting(): void {
    this.item.text = '$(sync~spin) libvirt';
    this.item.tooltip = 'libvirt XML: the language server is starting.';
    this.item.backgroundColor = undefined;
    this.item.accessibilityInformation = { label: 'libvirt XML language server starting' };
    if (this.pending) return;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const pending: Waiting = { done, finished, late: false, progressShown: false };
    this.pending = pending;
    this.timer = setTimeout(() => {
      pending.late = true;
      this.maybeShowProgress();
    }, progressDelayMs);
  }

  /** The server reported its catalog. */
  update(info: CatalogInfo): void {
    const schemas = info.grammar && info.grammar.libvirtVersion !== info.libvirtVersion ? `, schemas ${info.grammar.libvirtVersion}` : '';
    this.item.text = `$(chip) libvirt ${info.libvirtVersion} (${info.kind}${schemas})`;
    this.item.tooltip = describe(info);
    this.item.backgroundColor = undefined;
    this.item.accessibilityInformation = {
      label: `libvirt XML CPU catalog: libvirt ${info.libvirtVersion}, ${info.kind}`,
    };
    this.endWaiting();
  }

  /** The server stopped (crashed for good, or was stopped). */
  stopped(): void {
    this.item.text = '$(chip) libvirt (stopped)';
    this.item.tooltip =
      'The libvirt XML language server is not running. Click to show its output; run "libvirt XML: Restart Language Server" to start it again.';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.accessibilityInformation = { label: 'libvirt XML language server stopped' };
    this.endWaiting();
  }

  dispose(): void {
    this.endWaiting();
    for (const d of this.disposables) d.dispose();
  }

  private endWaiting(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending?.done();
    this.pending = undefined;
  }

  /** Show or hide the item for the active editor; may start the delayed progress. */
  private refresh(): void {
    if (activeIsLibvirt()) {
      this.item.show();
      this.maybeShowProgress();
    } else {
      this.item.hide();
    }
  }

  /** Progress only for a libvirt document in front of the user, only after the delay, only once. */
  private maybeShowProgress(): void {
    const pending = this.pending;
    if (!pending || !pending.late || pending.progressShown || !activeIsLibvirt()) return;
    pending.progressShown = true;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'libvirt XML: loading the CPU catalog…' },
      () => pending.finished,
    );
  }
}

function activeIsLibvirt(): boolean {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return false;
  const start = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(sniffLength)));
  return isLibvirtDocument(document.languageId, start);
}

/** Tooltip text: where the catalog came from and what it holds. */
function describe(info: CatalogInfo): string {
  const lines = [
    `libvirt XML CPU catalog: libvirt ${info.libvirtVersion}, ${info.kind === 'host' ? 'from this machine' : 'bundled with the extension'}`,
    `Origin: ${info.origin}`,
    `x86: ${info.models} models, ${info.features} features`,
    `Loaded in ${Math.round(info.loadMs)} ms`,
  ];
  if (info.fallbackReason) lines.push(`Host cpu_map not used: ${info.fallbackReason}`);
  const g = info.grammar;
  if (g) {
    lines.push('', `Schemas: libvirt ${g.libvirtVersion}, ${g.kind === 'host' ? `from ${g.origin}` : 'bundled with the extension'}${g.versionFrom ? ` (version from ${g.versionFrom})` : ''}`);
    lines.push(`${g.roots.length} document kinds, ${g.source}, ${Math.round(g.loadMs)} ms`);
    if (g.fallbackReason) lines.push(`Host schemas not used: ${g.fallbackReason}`);
  }
  lines.push('', 'Click to show the output.');
  return lines.join('\n');
}
