// Server wiring for host CPU descriptions: keeps the loaded hosts for the
// workspace (files from `libvirtXml.hosts.files`, live connections from
// `libvirtXml.hosts.connections`), asks the client to watch the globs,
// reloads on change, announces `libvirtXml/hostsInfo`, and runs the host
// commands (baseline edit, report).

import { fileURLToPath } from 'node:url';
import { relative, sep } from 'node:path';
import {
  DidChangeWatchedFilesNotification,
  type ClientCapabilities,
  type Connection,
  type Disposable,
  type FileEvent,
  type FileSystemWatcher,
  type InitializeParams,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import type { Catalog } from './catalog/catalog';
import type { ParsedDocument } from './features/parsedDocument';
import { baselineOfHosts, cpuBlockEdit } from './features/hosts/actions';
import { hostReport } from './features/hosts/report';
import { comparableHost } from './hosts/hostCompare';
import { isArchHost } from './hosts/archHosts';
import { readHosts, type HostCpu } from './hosts/hostCpu';
import { readTopologies, type HostTopology } from './hosts/topology';
import { compileGlob, globMatches } from './io/glob';
import { x86Map } from './hosts/x86Data';
import { defaultLimits, findHostFiles, readHostFile, runDomcapabilities, screenHostText, type Folder, type SourceLimits } from './io/hostSources';
import {
  defaultSettings,
  hostsInfoNotification,
  type BaselineCommandOptions,
  type BaselineCommandResult,
  type HostInfo,
  type HostsInfo,
  type Settings,
} from './protocol';

type HostSettings = Settings['hosts'];

export interface HostRegistryDeps {
  connection: Connection;
  log: { info(m: string): void; warn(m: string): void; debug(m: string): void };
  /** Called with the new hosts list after each reload (the server re-validates open documents). */
  onHostsChanged(hosts: readonly HostCpu[]): void;
  /** The catalog in use, to refuse host CPUs whose model it does not know (they could not be compared). */
  catalog?: () => Catalog | undefined;
  limits?: SourceLimits;
}

/** What a command needs from the server: the open document and the catalog in use. */
export interface CommandContext {
  document(uri: string): { parsed: ParsedDocument; version: number } | undefined;
  catalog: Catalog;
}

/** Files read at once while loading. */
const readConcurrency = 16;
/** Wait after a file event before reloading, so a burst of saves reloads once. */
const fileEventDelayMs = 200;

export class HostRegistry {
  /** The x86 hosts diagnostics check against (a new array after every reload). */
  hosts: readonly HostCpu[] = [];
  /** Host topologies (capabilities files of any architecture) for the pinning checks and the map. */
  topologies: readonly HostTopology[] = [];
  info: HostsInfo = { hosts: [], problems: [], loaded: 0, loadMs: 0 };
  private folders: Folder[] = [];
  private folderUris: string[] = [];
  private settings: HostSettings = defaultSettings.hosts;
  private key = '';
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watchers: Promise<Disposable> | undefined;
  private canWatch = false;
  private relativePatterns = false;
  private canApplyVersioned = false;
  /** The reload in flight (or the last one), awaited by requests that need fresh hosts. */
  private loading: Promise<HostsInfo> = Promise.resolve(this.info);

  constructor(private readonly deps: HostRegistryDeps) {}

  /** Workspace folders and client abilities from the initialize request. */
  initialize(params: InitializeParams): void {
    const caps: ClientCapabilities = params.capabilities;
    this.canWatch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.relativePatterns = !!caps.workspace?.didChangeWatchedFiles?.relativePatternSupport;
    this.canApplyVersioned = !!caps.workspace?.workspaceEdit?.documentChanges;
    const folders: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    this.setFolders(folders);
  }

  /** Follows workspace folder changes when the client reports them (call after initialized). */
  listen(): void {
    const { connection } = this.deps;
    try {
      connection.workspace.onDidChangeWorkspaceFolders(async () => {
        const folders = await connection.workspace.getWorkspaceFolders().catch(() => null);
        this.setFolders(folders ?? []);
        this.update(this.settings);
      });
    } catch {
      // The client does not send folder changes: the initial folders stay.
    }
  }

  private setFolders(folders: readonly WorkspaceFolder[]): void {
    this.folders = [];
    this.folderUris = [];
    for (const f of folders) {
      if (!f.uri.startsWith('file:')) continue; // virtual folders cannot be read from here
      try {
        this.folders.push({ name: f.name, path: fileURLToPath(f.uri) });
        this.folderUris.push(f.uri);
      } catch {
        // not a local path
      }
    }
  }

  /** New settings (or folders): reloads and re-registers the file watchers when what they select changed. */
  update(settings: HostSettings): void {
    this.settings = settings;
    const key = JSON.stringify([settings, this.folders]);
    if (key === this.key) return;
    this.key = key;
    this.registerWatchers();
    void this.reload();
  }

  /** workspace/didChangeWatchedFiles: reload when a changed file is one of ours. */
  filesChanged(changes: readonly FileEvent[]): void {
    if (changes.some((c) => this.isHostFile(c.uri))) this.schedule(fileEventDelayMs);
  }

  private isHostFile(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return false;
    }
    const globs = this.settings.files.map(compileGlob).flatMap((c) => (c.ok ? [c.glob] : []));
    return this.folders.some((f) => {
      const rel = relative(f.path, path);
      if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) return false;
      const r = rel.split(sep).join('/');
      return globs.some((g) => globMatches(g, r));
    });
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), delayMs);
  }

  /** Asks the client to watch the globs in every folder (replacing the previous registration). */
  private registerWatchers(): void {
    if (!this.canWatch) return;
    const previous = this.watchers;
    this.watchers = undefined;
    void previous?.then((d) => d.dispose()).catch(() => {});
    const watchers: FileSystemWatcher[] = [];
    for (const pattern of this.settings.files) {
      if (!compileGlob(pattern).ok) continue;
      const glob = pattern.trim().replace(/\\/g, '/');
      this.folders.forEach((f, i) => {
        watchers.push({ globPattern: this.relativePatterns ? { baseUri: this.folderUris[i], pattern: glob } : `${f.path.split(sep).join('/')}/${glob}` });
      });
    }
    if (watchers.length === 0) return;
    this.watchers = this.deps.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    this.watchers.catch((e) => this.deps.log.warn(`Could not register file watchers for host files: ${String(e)}`));
  }

  /** Reloads now; resolves with what was announced. A newer reload supersedes an older one still running. */
  reload(): Promise<HostsInfo> {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    this.loading = this.load(generation).catch((e) => {
      this.deps.log.warn(`Loading host CPU descriptions failed: ${String(e)}`);
      return this.info;
    });
    return this.loading;
  }

  /** The current hosts once any reload in flight has finished. */
  async current(): Promise<readonly HostCpu[]> {
    await this.loading;
    return this.hosts;
  }

  private async load(generation: number): Promise<HostsInfo> {
    const t0 = performance.now();
    const settings = this.settings;
    const limits = this.deps.limits ?? defaultLimits;
    const found = await findHostFiles(this.folders, settings.files, limits);
    const problems = [...found.problems];
    const entries: HostInfo[] = [];
    const failed: HostInfo[] = [];
    const hosts: HostCpu[] = [];
    const topologies: HostTopology[] = [];

    const take = (text: string, name: string, source: string) => {
      const refused = screenHostText(text, name);
      if (refused) {
        problems.push(refused);
        failed.push(errorInfo(name, source, refused));
        return;
      }
      const read = readHosts(text, name);
      topologies.push(...readTopologies(text, name));
      problems.push(...read.problems);
      const map = this.deps.catalog?.() && x86Map(this.deps.catalog()!);
      for (const h of read.hosts) {
        const entry = hostInfo(h, source);
        const model = h.cpu?.model;
        if (comparableHost(h) && map && h.kind !== 'domainCapabilities' && model !== undefined && !map.modelByName.has(model)) {
          entry.error = `host CPU model '${model}' is not in the CPU catalog (libvirt ${map.libvirtVersion}); cannot compare`;
          failed.push(entry);
          problems.push(`${h.name}: ${entry.error}`);
        } else if (comparableHost(h) || isArchHost(h)) {
          hosts.push(h);
          entries.push(entry);
        } else {
          entry.error = `host arch ${h.arch ?? h.cpu?.arch ?? 'unknown'}: only x86 hosts are checked`;
          failed.push(entry);
          problems.push(`${h.name}: ${entry.error}`);
        }
      }
      if (read.hosts.length === 0) failed.push(errorInfo(name, source, read.problems[0] ?? `${name}: no host CPU found`));
    };

    // Files: read a few at a time, parse one by one, yielding in between so requests are still served.
    const texts: Array<{ ok: true; text: string } | { ok: false; error: string }> = new Array(found.files.length);
    let next = 0;
    const worker = async () => {
      while (next < found.files.length) {
        const i = next++;
        texts[i] = await readHostFile(found.files[i].path, found.files[i].name, limits.maxBytes);
      }
    };
    const running = Promise.all(Array.from({ length: Math.min(readConcurrency, found.files.length) }, worker));
    const virsh = this.runConnections(settings);
    await running;
    for (let i = 0; i < found.files.length; i++) {
      if (generation !== this.generation) return this.loading;
      const f = found.files[i];
      const r = texts[i];
      if (r.ok) take(r.text, f.name, f.path);
      else {
        problems.push(r.error);
        failed.push(errorInfo(f.name, f.path, r.error));
      }
      if (i % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    }
    for (const [uri, r] of await virsh) {
      if (r.ok) take(r.text, uri, uri);
      else {
        problems.push(r.error);
        failed.push(errorInfo(uri, uri, r.error));
      }
    }
    if (generation !== this.generation) return this.loading;

    const info: HostsInfo = { hosts: [...entries, ...failed], problems, loaded: hosts.length, loadMs: Math.round((performance.now() - t0) * 10) / 10 };
    const changed = hosts.length > 0 || this.hosts.length > 0 || topologies.length > 0 || this.topologies.length > 0;
    this.hosts = hosts;
    this.topologies = topologies;
    this.info = info;
    const sources = found.files.length + settings.connections.length;
    if (sources > 0 || problems.length > 0) {
      this.deps.log.info(`Host CPUs: ${hosts.length} loaded from ${sources} source${sources === 1 ? '' : 's'} in ${info.loadMs} ms${problems.length ? `, ${problems.length} problem${problems.length === 1 ? '' : 's'}` : ''}`);
    }
    for (const p of problems) this.deps.log.warn(`Host CPUs: ${p}`);
    if (changed) this.deps.onHostsChanged(hosts);
    void this.deps.connection.sendNotification(hostsInfoNotification, info);
    return info;
  }

  private async runConnections(settings: HostSettings): Promise<Array<[string, { ok: true; text: string } | { ok: false; error: string }]>> {
    const uris = [...new Set(settings.connections)];
    return Promise.all(uris.map(async (uri) => [uri, await runDomcapabilities(settings.virshPath, uri, settings.timeoutMs)] as [string, Awaited<ReturnType<typeof runDomcapabilities>>]));
  }

  /**
   * libvirtXml.computeBaseline (uri, options): the baseline CPU of the loaded
   * hosts written into the document through workspace/applyEdit.
   */
  async computeBaseline(args: unknown[] | undefined, ctx: CommandContext): Promise<BaselineCommandResult> {
    const uri = typeof args?.[0] === 'string' ? args[0] : undefined;
    const raw = (args?.[1] && typeof args[1] === 'object' ? args[1] : {}) as BaselineCommandOptions;
    const opts = { expandFeatures: raw.expandFeatures === true, migratable: raw.migratable === true };
    if (!uri) return { applied: false, message: 'computeBaseline needs the document URI as its first argument.' };
    const hosts = await this.current();
    const open = ctx.document(uri);
    if (!open) return { applied: false, message: 'The document is not open in the editor.' };
    const baseline = baselineOfHosts(hosts, ctx.catalog, opts);
    if (!baseline.ok) return { applied: false, message: baseline.error };
    const edit = cpuBlockEdit(open.parsed, baseline.cpu);
    if (!edit.ok) return { applied: false, message: edit.error, xml: undefined };
    const label = `Baseline CPU of ${baseline.used.length} host${baseline.used.length === 1 ? '' : 's'}`;
    const workspaceEdit = this.canApplyVersioned
      ? { documentChanges: [{ textDocument: { uri, version: open.version }, edits: [edit.edit] }] }
      : { changes: { [uri]: [edit.edit] } };
    const r = await this.deps.connection.workspace.applyEdit({ label, edit: workspaceEdit });
    const skipped = baseline.skipped.length ? ` (${baseline.skipped.length} without a CPU description skipped)` : '';
    return {
      applied: r.applied,
      message: r.applied ? `${label}${skipped}: ${baseline.cpu.model}` : `The editor did not apply the edit${r.failureReason ? `: ${r.failureReason}` : ''}.`,
      xml: edit.xml,
    };
  }

  /** libvirtXml.checkHosts (uri): the markdown report for the document's CPU. */
  async checkHosts(args: unknown[] | undefined, ctx: CommandContext): Promise<string> {
    const uri = typeof args?.[0] === 'string' ? args[0] : undefined;
    const hosts = await this.current();
    const open = uri ? ctx.document(uri) : undefined;
    if (!open) return `# CPU check\n\nOpen a libvirt domain XML document and run the command from it.\n`;
    return hostReport(open.parsed, hosts, ctx.catalog, this.info);
  }
}

function hostInfo(h: HostCpu, source: string): HostInfo {
  return { name: h.name, source, kind: h.kind, arch: h.arch ?? h.cpu?.arch, model: h.cpu?.model, vendor: h.cpu?.vendor };
}

function errorInfo(name: string, source: string, error: string): HostInfo {
  return { name, source, kind: undefined, arch: undefined, model: undefined, vendor: undefined, error };
}

