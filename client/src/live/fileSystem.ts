// The `libvirt:` file system: documents that are libvirt's own definitions.
// Opening runs `virsh dumpxml --inactive`; saving runs `virsh define --validate`
// after checking the host still holds what was opened. A refused save fails (the
// editor keeps the text, dirty) with libvirt's message as a diagnostic and a
// notification; a save libvirt rewrites opens a diff of what it stored; a host
// changed meanwhile is offered as a diff, with Overwrite as an explicit choice.
import * as vscode from 'vscode';
import { describeLive, parseLive, type LiveRef } from './liveUri';
import { LiveStore } from './liveStore';
import { refusalRange } from './refusal';
import type { LiveSettings } from './connections';

/** Read-only snapshots shown in diffs: what libvirt stored, what the host holds now, what was saved. */
export const snapshotScheme = 'libvirt-snapshot';

export class LiveFileSystem implements vscode.FileSystemProvider, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private readonly store: LiveStore;
  private readonly snapshots = new Map<string, string>();
  /** Documents whose next save may replace a host definition that changed (the user chose Overwrite). */
  private readonly overwrite = new Set<string>();
  readonly diagnostics = vscode.languages.createDiagnosticCollection('libvirt');

  constructor(private readonly settings: () => LiveSettings) {
    this.store = new LiveStore(() => this.settings().virsh);
  }

  /** The object a document stands for, refused unless the connection is configured and the workspace trusted. */
  private ref(uri: vscode.Uri): LiveRef {
    const ref = parseLive(uri.path, uri.query);
    if (typeof ref === 'string') throw vscode.FileSystemError.FileNotFound(ref);
    const s = this.settings();
    if (s.blocked) throw vscode.FileSystemError.NoPermissions(s.blocked);
    if (!s.connections.includes(ref.connection)) {
      throw vscode.FileSystemError.NoPermissions(`${ref.connection} is not in libvirtXml.connections (user settings); not opened`);
    }
    return ref;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => {});
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    // VS Code looks at the parent folders before it writes: /, /domain, /network, /pool exist.
    if (isFolder(uri.path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const ref = this.ref(uri);
    let known = this.store.known(uri.toString());
    if (!known) {
      await this.readText(uri, ref);
      known = this.store.known(uri.toString());
    }
    return { type: vscode.FileType.File, ctime: 0, mtime: known?.mtime ?? 0, size: known?.size ?? 0 };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return new TextEncoder().encode(await this.readText(uri, this.ref(uri)));
  }

  private async readText(uri: vscode.Uri, ref: LiveRef): Promise<string> {
    const r = await this.store.read(uri.toString(), ref);
    if (!r.ok) throw r.missing ? vscode.FileSystemError.FileNotFound(r.message) : vscode.FileSystemError.Unavailable(r.message);
    return r.text;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = this.ref(uri);
    const key = uri.toString();
    const text = new TextDecoder().decode(content);
    const force = this.overwrite.delete(key);
    const outcome = await this.store.save(key, ref, text, force);
    switch (outcome.kind) {
      case 'saved':
        this.diagnostics.delete(uri);
        if (outcome.rewritten) void this.showRewrite(uri, ref, text, outcome.stored);
        return;
      case 'refused':
        this.diagnostics.set(uri, [refusalDiagnostic(text, outcome.message)]);
        void vscode.window.showErrorMessage(`libvirt refused ${describeLive(ref)}: ${outcome.message}`);
        throw new vscode.FileSystemError(`libvirt refused the definition: ${outcome.message}`);
      case 'conflict':
        void this.offerConflict(uri, ref, outcome.current);
        throw new vscode.FileSystemError(`${describeLive(ref)} was changed on the host since it was opened; not saved (compare, then overwrite or merge)`);
      case 'failed':
        void vscode.window.showErrorMessage(outcome.message);
        throw vscode.FileSystemError.Unavailable(outcome.message);
    }
  }

  private snapshot(ref: LiveRef, label: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: snapshotScheme, path: `/${ref.kind}/${ref.name} (${label}).xml`, query: `${ref.connection}#${Date.now()}` });
    this.snapshots.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.snapshots.get(uri.toString()) ?? '';
  }

  private async showRewrite(uri: vscode.Uri, ref: LiveRef, saved: string, stored: string): Promise<void> {
    const left = this.snapshot(ref, 'as saved', saved);
    const right = this.snapshot(ref, 'as libvirt stored it', stored);
    await vscode.commands.executeCommand('vscode.diff', left, right, `${ref.name}.xml: saved ↔ stored by libvirt`, { preview: true, preserveFocus: false });
    const load = "Load libvirt's version";
    const pick = await vscode.window.showInformationMessage(`libvirt stored ${describeLive(ref)} with changes: the diff shows what it rewrote, dropped or filled in.`, load);
    if (pick === load) await this.reloadFromHost(uri);
  }

  private async offerConflict(uri: vscode.Uri, ref: LiveRef, current: string): Promise<void> {
    const host = this.snapshot(ref, 'on the host now', current);
    await vscode.commands.executeCommand('vscode.diff', host, uri, `${ref.name}.xml: on the host now ↔ yours`, { preview: true });
    const overwrite = 'Overwrite the host';
    const pick = await vscode.window.showWarningMessage(
      `${describeLive(ref)} was redefined on the host since you opened it. The diff shows the host's version next to yours; nothing was saved.`,
      overwrite,
    );
    if (pick === overwrite) {
      this.overwrite.add(uri.toString());
      await vscode.workspace.save(uri);
    }
  }

  /** Has VS Code reload an unmodified editor from the host (a newer mtime and a change event; dirty editors are left alone). */
  private async reloadFromHost(uri: vscode.Uri): Promise<void> {
    this.store.touch(uri.toString());
    this.changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /** A closed document keeps its base (reopening compares against it) but loses libvirt's refusal. */
  closed(uri: vscode.Uri): void {
    this.diagnostics.delete(uri);
  }

  // A libvirt object is a single document: no directories, no deleting, no renaming.
  readDirectory(): never {
    throw vscode.FileSystemError.NoPermissions('libvirt objects are listed in the libvirt view');
  }
  createDirectory(uri: vscode.Uri): void {
    if (!isFolder(uri.path)) throw vscode.FileSystemError.NoPermissions('libvirt objects cannot hold directories');
  }
  delete(): never {
    throw vscode.FileSystemError.NoPermissions('undefine libvirt objects with virsh; the editor does not delete them');
  }
  rename(): never {
    throw vscode.FileSystemError.NoPermissions('rename domains with virsh domrename');
  }

  dispose(): void {
    this.changes.dispose();
    this.diagnostics.dispose();
  }
}

/** The folders of the libvirt: file system: the root and one per object kind. */
function isFolder(path: string): boolean {
  return /^\/((domain|network|pool)\/?)?$/.test(path);
}

/** libvirt's refusal as a diagnostic: on the first thing it quotes that the text contains, else on the root start tag. */
export function refusalDiagnostic(text: string, message: string): vscode.Diagnostic {
  const range = refusalRange(text, message);
  const toPos = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
  };
  const d = new vscode.Diagnostic(new vscode.Range(toPos(range.start), toPos(range.end)), message, vscode.DiagnosticSeverity.Error);
  d.source = 'libvirt';
  d.code = 'libvirt-refused';
  return d;
}

