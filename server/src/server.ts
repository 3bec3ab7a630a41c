// The language server: LSP transport (stdio or node IPC), document sync,
// settings, a parse cache keyed by URI and version, debounced diagnostics and
// error wrappers. All knowledge lives in the LanguageService.

import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  ResponseError,
  ErrorCodes,
  LSPErrorCodes,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  RequestType0,
  type CancellationToken,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidationReply, ValidationRequest } from './validationWorker';
import { LanguageService, type ParsedDocument } from './languageService';
import { chooseCatalog, type LoadedCatalog } from './io/catalogLoader';
import { chooseGrammar, grammarSummary, type LoadedGrammar } from './io/grammarLoader';
import { catalogInfoNotification, checkHostsCommand, computeBaselineCommand, defaultSettings, reloadHostsRequest, topologyPictureRequest, type Settings, type TopologyPictureParams } from './protocol';
import { topologyPictureFor } from './features/hosts/topologyMap';
import { HostRegistry } from './hostRegistry';
import { grammarCache } from './cli/grammarCache';
import { cacheDirectory } from './cli/codeCache';
import type { Grammar } from './schema/grammar';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let settings: Settings = defaultSettings;
/** Defaults, overridden by the client's initializationOptions: what configuration answers are merged over. */
let baseSettings: Settings = defaultSettings;
let loaded: LoadedCatalog | undefined;
let loadedGrammar: LoadedGrammar | undefined;
/** Where compiled host grammars are kept across restarts (the extension's global storage, from initializationOptions.storagePath). */
let grammarCacheDir: string | undefined;
let service: LanguageService | undefined;
let canPullConfiguration = false;
let canRegisterConfiguration = false;
let catalogKey = '';
let foldingRangeLimit: number | undefined;
/** The client shows a folded range's collapsedText (LSP 3.17). */
let foldingCollapsedText = false;

const levels = { error: 0, warn: 1, info: 2, debug: 3 } as const;
const log = {
  error: (m: string) => connection.console.error(m),
  warn: (m: string) => levels[settings.logLevel] >= 1 && connection.console.warn(m),
  info: (m: string) => levels[settings.logLevel] >= 2 && connection.console.info(m),
  debug: (m: string) => levels[settings.logLevel] >= 3 && connection.console.log(m),
};

// Host CPU descriptions (libvirtXml.hosts.*): a reload hands the service a new list and re-validates.
const hostRegistry = new HostRegistry({
  connection,
  log,
  catalog: () => loaded?.catalog,
  onHostsChanged: (hosts) => {
    if (service) [service.hosts, service.topologies] = [hosts, hostRegistry.topologies];
    revalidateAll();
  },
});

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  hostRegistry.initialize(params);
  canPullConfiguration = !!caps.workspace?.configuration;
  canRegisterConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
  foldingRangeLimit = caps.textDocument?.foldingRange?.rangeLimit;
  foldingCollapsedText = caps.textDocument?.foldingRange?.foldingRange?.collapsedText === true;
  const init = params.initializationOptions as (Partial<Settings> & { storagePath?: unknown }) | undefined;
  if (init && typeof init === 'object') {
    baseSettings = settings = mergeSettings(init);
    if (typeof init.storagePath === 'string' && init.storagePath.startsWith('/')) grammarCacheDir = join(init.storagePath, 'grammars');
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['<', ' ', '=', '>', "'", '"'], resolveProvider: false },
      hoverProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      executeCommandProvider: { commands: [computeBaselineCommand, checkHostsCommand] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'libvirt-xml', version: '0.1.0' },
  };
});

// Nothing is validated or answered before the first settings pull, so the
// catalog is loaded once, from the catalog the settings choose.
let markReady: () => void;
const ready = new Promise<void>((resolve) => (markReady = resolve));

connection.onInitialized(async () => {
  if (canRegisterConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'libvirtXml' });
  }
  await refreshSettings();
  hostRegistry.listen();
  markReady();
});

connection.onDidChangeConfiguration(async (change) => {
  if (!canPullConfiguration && change.settings?.libvirtXml) settings = mergeSettings(change.settings.libvirtXml);
  await refreshSettings();
});

async function refreshSettings(): Promise<void> {
  if (canPullConfiguration) {
    try {
      const fromClient = (await connection.workspace.getConfiguration('libvirtXml')) as Partial<Settings> | null;
      if (fromClient) settings = mergeSettings(fromClient);
    } catch (e) {
      log.warn(`Could not read settings: ${String(e)}`);
    }
  }
  ensureCatalog();
  service!.settings = settings;
  service!.hosts = hostRegistry.hosts;
  service!.topologies = hostRegistry.topologies;
  hostRegistry.update(settings.hosts);
  parseCache.clear();
  revalidateAll();
}

/** Publishes fresh diagnostics for every open document (settings or hosts changed). */
function revalidateAll(): void {
  published.clear();
  for (const doc of documents.all()) scheduleValidation(doc, 0);
}

/** Settings from the client over the defaults, ignoring values of the wrong type. */
function mergeSettings(raw: Partial<Settings>): Settings {
  // Over the startup settings (initializationOptions), so a partial answer keeps them.
  const d = baseSettings;
  const c = raw.catalog ?? ({} as Partial<Settings['catalog']>);
  const s = raw.schema ?? ({} as Partial<Settings['schema']>);
  const g = raw.diagnostics ?? ({} as Partial<Settings['diagnostics']>);
  const h = raw.hosts ?? ({} as Partial<Settings['hosts']>);
  const strings = (v: unknown, fallback: string[]) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : fallback);
  return {
    catalog: {
      useHostCpuMap: typeof c.useHostCpuMap === 'boolean' ? c.useHostCpuMap : d.catalog.useHostCpuMap,
      cpuMapPath: typeof c.cpuMapPath === 'string' ? c.cpuMapPath : d.catalog.cpuMapPath,
    },
    schema: {
      useHostSchemas: typeof s.useHostSchemas === 'boolean' ? s.useHostSchemas : d.schema.useHostSchemas,
      schemasPath: typeof s.schemasPath === 'string' ? s.schemasPath.trim() : d.schema.schemasPath,
    },
    diagnostics: {
      enable: typeof g.enable === 'boolean' ? g.enable : d.diagnostics.enable,
      severity: g.severity && typeof g.severity === 'object' ? g.severity : d.diagnostics.severity,
    },
    targetVersion: typeof raw.targetVersion === 'string' ? raw.targetVersion.trim() : d.targetVersion,
    hosts: {
      files: strings(h.files, d.hosts.files),
      connections: strings(h.connections, d.hosts.connections),
      // '' is kept: the client blanks it in untrusted workspaces, and then nothing is run.
      virshPath: typeof h.virshPath === 'string' ? h.virshPath.trim() : d.hosts.virshPath,
      timeoutMs: typeof h.timeoutMs === 'number' && Number.isFinite(h.timeoutMs) && h.timeoutMs > 0 ? h.timeoutMs : d.hosts.timeoutMs,
    },
    logLevel: raw.logLevel && raw.logLevel in levels ? raw.logLevel : d.logLevel,
  };
}

/** Loads the catalog and the grammar on first use and whenever their settings change. */
function ensureCatalog(): void {
  const key = JSON.stringify([settings.catalog, settings.schema]);
  if (loaded && key === catalogKey) return;
  catalogKey = key;
  loaded = chooseCatalog({ useHost: settings.catalog.useHostCpuMap, cpuMapPath: settings.catalog.cpuMapPath });
  const { info } = loaded;
  if (info.fallbackReason) log.warn(`Using the bundled CPU catalog: ${info.fallbackReason}`);
  log.info(`CPU catalog: libvirt ${info.libvirtVersion} (${info.kind}, ${info.origin}), ${info.models} x86 models, ${info.features} x86 features, loaded in ${info.loadMs} ms`);
  loadedGrammar = chooseGrammar({ useHost: settings.schema.useHostSchemas, schemasPath: settings.schema.schemasPath, cacheDir: grammarCacheDir });
  const g = loadedGrammar.info;
  if (g.fallbackReason) log.warn(`Using the bundled grammar: ${g.fallbackReason}`);
  log.info(`Grammar: ${grammarSummary(g)}`);
  if (service) service.catalog = loaded.catalog;
  else service = new LanguageService(loaded.catalog, settings);
  service.grammar = loadedGrammar.grammar;
  keepGrammarWarm(loadedGrammar.grammar);
  void connection.sendNotification(catalogInfoNotification, { ...info, grammar: g });
}

// The grammar's derivative automaton is kept across restarts like the CLI's
// (cli/grammarCache.ts; one file per server bundle, for the grammar last
// saved, in the code cache's directory): the first document after a restart is then validated
// from it instead of deriving the grammar again, which is most of a first
// validation's time. Written 10 s after validations stop and at exit, when
// the store learnt something; an automaton grown past `maxWarmPatterns`
// (long editing of half-typed markup) is not written, since restoring it
// would cost more than a cold first validation.
const maxWarmPatterns = 15_000;
const warmCaches = new WeakMap<Grammar, { save: () => void }>();
let warmGrammar: { save: () => void } | undefined;
let warmSaveTimer: ReturnType<typeof setTimeout> | undefined;

function keepGrammarWarm(grammar: Grammar): void {
  let cache = warmCaches.get(grammar);
  if (!cache) {
    cache = grammarCache(grammar, cacheDirectory(), __filename, maxWarmPatterns);
    if (cache) warmCaches.set(grammar, cache);
  }
  warmGrammar = cache;
}

function saveGrammarSoon(): void {
  if (!warmGrammar) return;
  clearTimeout(warmSaveTimer);
  warmSaveTimer = setTimeout(() => warmGrammar?.save(), 10_000);
  warmSaveTimer.unref();
}

process.once('exit', () => warmGrammar?.save());

function getService(): LanguageService {
  ensureCatalog();
  return service!;
}

// Parse cache: one parse per document version, shared by every request.
const parseCache = new Map<string, { version: number; parsed: ParsedDocument }>();

function parsed(doc: TextDocument): ParsedDocument {
  const hit = parseCache.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.parsed;
  count(testStats.parses, doc.uri);
  const p = getService().parse(doc);
  parseCache.set(doc.uri, { version: doc.version, parsed: p });
  return p;
}

// Debounced diagnostics: a burst of edits is validated once, on the last version.
const pending = new Map<string, ReturnType<typeof setTimeout>>();
const published = new Map<string, number>();

function scheduleValidation(doc: TextDocument, delayMs: number): void {
  clearTimeout(pending.get(doc.uri));
  pending.set(
    doc.uri,
    setTimeout(async () => {
      await ready;
      pending.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (current) validate(current);
    }, delayMs),
  );
}

/** Documents this large (UTF-16 units) are validated on a worker thread: their parse alone takes tens of milliseconds per megabyte. */
const workerThreshold = 2 * 1024 * 1024;
let worker: Worker | undefined;
let workerBroken = false;
let nextRequestId = 0;
const workerPending = new Map<number, { uri: string; version: number }>();

/** The validation worker, started on first use; undefined when it cannot run (then validation stays in-thread). */
function validationWorker(): Worker | undefined {
  if (worker || workerBroken) return worker;
  const file = join(__dirname, 'validationWorker.js');
  if (!existsSync(file)) {
    workerBroken = true;
    return undefined;
  }
  const w = new Worker(file);
  w.unref();
  w.on('message', (reply: ValidationReply) => {
    const job = workerPending.get(reply.id);
    workerPending.delete(reply.id);
    if (!job) return;
    if ('error' in reply) {
      log.error(`Validation of ${job.uri} failed: ${reply.error}`);
      return;
    }
    const current = documents.get(job.uri);
    if (!current || current.version !== job.version) return;
    published.set(job.uri, job.version);
    void connection.sendDiagnostics({ uri: job.uri, version: job.version, diagnostics: reply.diagnostics });
  });
  w.on('error', (e) => {
    log.error(`Validation worker failed: ${errorText(e)}; validating on the main thread from now on`);
    workerBroken = true;
    worker = undefined;
    for (const job of workerPending.values()) {
      const current = documents.get(job.uri);
      if (current) validate(current);
    }
    workerPending.clear();
  });
  worker = w;
  return w;
}

function validate(doc: TextDocument): void {
  if (published.get(doc.uri) === doc.version) return;
  const text = doc.getText();
  // Host checks need the loaded hosts, which stay on the main thread: only host-free validation moves.
  const w = text.length > workerThreshold && service && service.hosts.length === 0 && service.topologies.length === 0 ? validationWorker() : undefined;
  if (w) {
    const id = nextRequestId++;
    workerPending.set(id, { uri: doc.uri, version: doc.version });
    count(testStats.validations, doc.uri);
    w.postMessage({ id, uri: doc.uri, version: doc.version, text, settings, grammarCacheDir } satisfies ValidationRequest);
    return;
  }
  try {
    const t0 = performance.now();
    count(testStats.validations, doc.uri);
    const diagnostics = getService().doValidation(parsed(doc));
    saveGrammarSoon();
    published.set(doc.uri, doc.version);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    log.debug(`Validated ${doc.uri} v${doc.version}: ${diagnostics.length} diagnostics in ${(performance.now() - t0).toFixed(2)} ms`);
  } catch (e) {
    log.error(`Validation of ${doc.uri} failed: ${errorText(e)}`);
  }
}

documents.onDidOpen((e) => scheduleValidation(e.document, 0));
documents.onDidChangeContent((e) => scheduleValidation(e.document, 150));
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  parseCache.delete(e.document.uri);
  published.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

/** Runs a request handler; a thrown error is logged and answered as an LSP error, and the server keeps serving. */
async function runSafe<T>(name: string, token: CancellationToken, fn: () => T): Promise<T | ResponseError<void> | null> {
  await ready;
  if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  try {
    return fn();
  } catch (e) {
    log.error(`${name} failed: ${errorText(e)}`);
    return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

connection.onCompletion((params, token) =>
  runSafe('Completion', token, () => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? getService().doComplete(parsed(doc), params.position, params.context) : null;
  }),
);

connection.onHover((params, token) =>
  runSafe('Hover', token, () => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? getService().doHover(parsed(doc), params.position) : null;
  }),
);

connection.onDocumentSymbol((params, token) =>
  runSafe('Document symbols', token, () => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? getService().findDocumentSymbols(parsed(doc)) : null;
  }),
);

connection.onFoldingRanges((params, token) =>
  runSafe('Folding ranges', token, () => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? getService().getFoldingRanges(parsed(doc), { rangeLimit: foldingRangeLimit, collapsedText: foldingCollapsedText }) : null;
  }),
);

connection.onSelectionRanges((params, token) =>
  runSafe('Selection ranges', token, () => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? getService().getSelectionRanges(parsed(doc), params.positions) : null;
  }),
);

connection.onCodeAction((params, token) =>
  runSafe('Code actions', token, () => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? getService().doCodeActions(parsed(doc), params.range, params.context.diagnostics, params.context.only) : null;
  }),
);

connection.onDidChangeWatchedFiles((params) => hostRegistry.filesChanged(params.changes));

connection.onRequest(reloadHostsRequest, () => hostRegistry.reload());

connection.onRequest(topologyPictureRequest, async (params: TopologyPictureParams) => {
  await hostRegistry.current();
  const doc = params && typeof params.uri === 'string' ? documents.get(params.uri) : undefined;
  return topologyPictureFor(doc && parsed(doc), getService().topologies, typeof params?.host === 'string' ? params.host : undefined);
});

connection.onExecuteCommand((params, token) =>
  runSafe(`Command ${params.command}`, token, async () => {
    const ctx = {
      document: (uri: string) => {
        const doc = documents.get(uri);
        return doc && { parsed: parsed(doc), version: doc.version };
      },
      catalog: getService().catalog,
    };
    try {
      if (params.command === computeBaselineCommand) return await hostRegistry.computeBaseline(params.arguments, ctx);
      if (params.command === checkHostsCommand) return await hostRegistry.checkHosts(params.arguments, ctx);
      return new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${params.command}`);
    } catch (e) {
      log.error(`Command ${params.command} failed: ${errorText(e)}`);
      return new ResponseError(ErrorCodes.InternalError, `${params.command} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }),
);

// --- Test hooks: registered only when LIBVIRT_XML_TEST_HOOKS=1 at startup (test/robustness/server.test.ts, the benchmark). ---
// Per-URI parse and validation counts, kept only with the hooks on, exposed with the process's memory use.
const testHooks = process.env.LIBVIRT_XML_TEST_HOOKS === '1';
const testStats = { parses: new Map<string, number>(), validations: new Map<string, number>() };

function count(counts: Map<string, number>, uri: string): void {
  if (testHooks) counts.set(uri, (counts.get(uri) ?? 0) + 1);
}

if (testHooks) {
  // A handler that always throws inside runSafe: proves one failing request does not take the server down.
  connection.onRequest(new RequestType0<null, void>('libvirtXml/test/throw'), (token) =>
    runSafe('Test hook', token, () => {
      throw new Error('deliberate failure from libvirtXml/test/throw');
    }),
  );
  connection.onRequest(new RequestType0<unknown, void>('libvirtXml/test/stats'), () => ({
    parses: Object.fromEntries(testStats.parses),
    validations: Object.fromEntries(testStats.validations),
    grammarWarmStart: service?.grammar.warmStatus ?? null,
    memory: process.memoryUsage(),
  }));
}
// --- End of test hooks. ---

process.on('uncaughtException', (e) => log.error(`Uncaught: ${errorText(e)}`));

documents.listen(connection);
connection.listen();
