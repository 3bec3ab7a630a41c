// libvirt-xml-lint's body (dist/cliMain.js, started by the small dist/cli.js):
// subcommand dispatch, then the lint run over files, directories and globs,
// inline or on worker threads, with text, JSON, SARIF or GitHub output.
// Exit status: 0 no errors, 1 errors found, 2 usage problem or unreadable file.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { defaultSettings } from '../protocol';
import { chooseCatalog, defaultDataDir } from '../io/catalogLoader';
import { Catalog } from '../catalog/catalog';
import type { CatalogData } from '../catalog/types';
import { compileIgnore } from '../io/ignore';
import { expandInputs } from '../io/fileWalk';
import { subcommands } from './commands';
import { defaultOptions, lintOptionSpecs, optionsHelp, parseOptions, type LintOptions } from './options';
import { lintFile, lintText, type Engine, type FileResult } from './lintFile';
import type { LiveInput } from './liveDomains';
import { toGithub, toJson, toText, type RunSummary } from './report';
import type { EngineOptions, LintWorkerData } from './workers';
import type { Io } from './hostCommands';
import { bundledGrammar } from '../schema/bundled';
import { useGrammarCache } from './grammarCache';
import { stdio } from './stdio';

export const version = '0.1.0';
/** The ignore file read from the current directory. */
export const ignoreFileName = '.libvirt-xml-lintignore';

export function usage(): string {
  return `Usage: libvirt-xml-lint [options] FILE|DIR|GLOB...
${subcommands.map((c) => `       libvirt-xml-lint ${c.synopsis}`).join('\n')}

Checks libvirt domain XML (and network, networkport, storage pool and volume,
nwfilter, secret, interface, node device, capabilities, domainCapabilities and
bare <cpu> documents) the way libvirt would, without libvirt. Directories are walked and
quoted globs ('hosts/**/*.xml') expanded; the files found there are checked
when their root element is libvirt's, whatever their name. Each file's kind
is named in the summary (and per file with --verbose), in JSON and in SARIF.

Options:
${optionsHelp(lintOptionSpecs)}
  -h, --help                   show this help
  -V, --version                show the version

${live().liveUsage}

Exit status: 0 no errors, 1 errors found, 2 usage problem or unreadable file.`;
}

/** Live hosts (`--connect URI --domain NAME | --all-domains`): loaded only when asked for (it brings virsh and child_process). */
const live = () => require('./liveDomains') as typeof import('./liveDomains');
const mayBeLive = (argv: readonly string[]) => argv.some((a) => /^--(connect|domain|all-domains)(=|$)/.test(a));


/** Runs the CLI with `argv` (without node and the script); resolves to the exit status. */
export async function main(argv: string[], io: Io = stdio, cwd = process.cwd(), script = join(__dirname, 'cli.js')): Promise<number> {
  const sub = subcommands.find((c) => c.name === argv[0]);
  if (sub) return sub.run(argv.slice(1), io);
  if (argv.includes('-h') || argv.includes('--help')) {
    io.out(usage() + '\n');
    return 0;
  }
  if (argv.includes('-V') || argv.includes('--version')) {
    io.out(`libvirt-xml-lint ${version}\n`);
    return 0;
  }
  // The live-host options are taken out first (cli/liveDomains.ts); the rest is the file linter's.
  let fetched: LiveInput | undefined;
  let rest = argv;
  if (mayBeLive(argv) && live().wantsLive(argv)) {
    const req = live().parseLiveArgs(argv);
    if (typeof req === 'string') {
      io.err(`libvirt-xml-lint: ${req}\n\n${usage()}\n`);
      return 2;
    }
    rest = req.rest;
    const opts = parseOptions(rest, lintOptionSpecs, defaultOptions());
    if (typeof opts === 'string') {
      io.err(`libvirt-xml-lint: ${opts}\n\n${usage()}\n`);
      return 2;
    }
    fetched = await live().fetchLive(req);
    return lint(opts, io, cwd, script, fetched);
  }
  const opts = parseOptions(rest, lintOptionSpecs, defaultOptions());
  if (typeof opts === 'string' || opts.inputs.length === 0) {
    io.err(`libvirt-xml-lint: ${typeof opts === 'string' ? opts : 'no files given'}\n\n${usage()}\n`);
    return 2;
  }
  return lint(opts, io, cwd, script);
}

async function lint(opts: LintOptions, io: Io, cwd: string, script: string, fetched?: LiveInput): Promise<number> {
  let status = 0;
  const patterns = [...opts.excludes];
  const ignorePath = join(cwd, ignoreFileName);
  if (opts.ignoreFile && existsSync(ignorePath)) {
    try {
      patterns.push(...readFileSync(ignorePath, 'utf8').split('\n'));
    } catch (e) {
      io.err(`libvirt-xml-lint: ${ignoreFileName}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`);
      status = 2;
    }
  }
  const expansion = expandInputs(opts.inputs, cwd, compileIgnore(patterns));
  if (opts.byContent) expansion.files = expansion.files.map((f) => ({ ...f, explicit: false }));
  for (const p of expansion.problems) io.err(`libvirt-xml-lint: ${p}\n`);
  if (expansion.problems.length) status = 2;

  const baseline = opts.baseline === undefined ? undefined : (require('./baseline') as typeof import('./baseline')).readBaseline(resolve(cwd, opts.baseline));
  if (typeof baseline === 'string') {
    io.err(`libvirt-xml-lint: ${baseline}\n`);
    return 2;
  }

  const engineOptions: EngineOptions = { cpuMap: opts.cpuMap, schemas: opts.schemas, targetVersion: opts.targetVersion, hosts: opts.hosts };
  const jobs = opts.jobs ?? machineJobs();
  const { workerCount, lintInWorkers } = require('./workers') as typeof import('./workers');
  const count = workerCount(jobs, expansion.files.length);
  let results: FileResult[];
  const made = makeEngine(engineOptions, io);
  if (typeof made === 'number') return made;
  if (count > 1) {
    const data: LintWorkerData = { role: 'libvirt-xml-lint-worker', engine: engineOptions, cwd };
    results = await lintInWorkers(script, count, expansion.files, data, (f) => lintFile(made, f.path, f.explicit, cwd));
  } else {
    results = expansion.files.map((f) => lintFile(made, f.path, f.explicit, cwd));
  }

  if (fetched) {
    // Domains of live hosts after the files, each checked against its own host's CPU too.
    for (const note of fetched.notes) io.err(`libvirt-xml-lint: ${note}\n`);
    for (const d of fetched.documents) results.push(lintText({ ...made, hosts: [...made.hosts, ...d.hosts] }, d.name, 'libvirt:' + encodeURI(d.name), d.text));
    for (const f of fetched.failures) results.push({ file: f.name, diagnostics: [], fingerprints: [], failure: f.error });
  }
  const failures: Array<{ file: string; reason: string }> = [];
  for (const r of results) {
    if (r.failure) {
      io.err(`libvirt-xml-lint: ${r.file}: ${r.failure}\n`);
      failures.push({ file: r.file, reason: r.failure });
    }
  }
  if (failures.length) status = 2;
  const checked = results.filter((r) => !r.failure && !r.skipped);
  const run: RunSummary = { checked, results, skipped: results.filter((r) => r.skipped).length, failed: failures.length, inBaseline: 0 };

  if (opts.writeBaseline !== undefined) {
    const b = require('./baseline') as typeof import('./baseline');
    const made = b.makeBaseline(checked, cwd);
    b.writeBaseline(resolve(cwd, opts.writeBaseline), made);
    io.err(`libvirt-xml-lint: wrote ${made.problems.length} problems to ${opts.writeBaseline}\n`);
    return status;
  }
  if (baseline) run.inBaseline = (require('./baseline') as typeof import('./baseline')).applyBaseline(checked, baseline, cwd);

  let report: string;
  if (opts.format === 'json') report = toJson(run);
  else if (opts.format === 'github') report = toGithub(run);
  else if (opts.format === 'sarif') report = JSON.stringify((require('./sarif') as typeof import('./sarif')).toSarif({ ...run, failures }, version, cwd), null, 2) + '\n';
  else report = toText(run, opts.quiet, opts.verbose);
  if (opts.output !== undefined) {
    try {
      writeFileSync(resolve(cwd, opts.output), report);
    } catch (e) {
      io.err(`libvirt-xml-lint: cannot write ${opts.output} (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`);
      return 2;
    }
  } else io.out(report);
  if (status) return status;
  return checked.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}

/**
 * One job per core, less what other processes already keep busy (the 1-minute
 * load average, as `make -l` does): on a saturated machine a second thread only
 * adds its start-up and contention. An explicit --jobs is always honoured.
 */
export function defaultJobs(cores: number, load1: number): number {
  return Math.max(1, Math.min(cores, Math.floor(cores + 0.5 - load1)));
}

function machineJobs(): number {
  const os = require('node:os') as typeof import('node:os');
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length || 1;
  return defaultJobs(cores, os.loadavg()[0] ?? 0);
}

/**
 * The engine for the options: catalog (bundled, or --cpu-map), grammar (bundled,
 * or --schemas), target version, --host files. Problems are written to `io.err` (none without `io`: workers);
 * returns the exit status when the run cannot go on.
 */
export function makeEngine(o: EngineOptions, io: Io | undefined, role: 'main' | 'worker' = 'main'): Engine | number {
  let catalog: Engine['catalog'];
  if (o.cpuMap === undefined) {
    // The bundled data without the hand-written descriptions: only hovers and completion show them.
    catalog = new Catalog(JSON.parse(readFileSync(join(defaultDataDir(), 'catalog.json'), 'utf8')) as CatalogData);
  } else {
    const loaded = chooseCatalog({ useHost: o.cpuMap !== undefined, cpuMapPath: o.cpuMap && o.cpuMap !== 'auto' ? o.cpuMap : undefined });
    if (loaded.info.fallbackReason) {
      io?.err(`libvirt-xml-lint: using the bundled catalog: ${loaded.info.fallbackReason}\n`);
      if (o.cpuMap && o.cpuMap !== 'auto') return 2;
    }
    catalog = loaded.catalog;
  }
  let grammar: Engine['grammar'];
  if (o.schemas !== undefined) {
    // Loaded only when asked for: a plain run keeps the bundled grammar and never reads the machine's schemas.
    const { chooseGrammar, grammarSummary } = require('../io/grammarLoader') as typeof import('../io/grammarLoader');
    const { cacheDirectory } = require('./codeCache') as typeof import('./codeCache');
    const cache = cacheDirectory();
    const loaded = chooseGrammar({ useHost: true, schemasPath: o.schemas === 'auto' ? undefined : o.schemas, cacheDir: cache && join(cache, 'grammars') });
    if (loaded.info.fallbackReason) {
      io?.err(`libvirt-xml-lint: using the bundled grammar: ${loaded.info.fallbackReason}\n`);
      if (o.schemas !== 'auto') return 2;
    }
    io?.err(`libvirt-xml-lint: schemas: ${grammarSummary(loaded.info)}\n`);
    grammar = loaded.grammar;
  }
  // Workers start warm from the main thread's cache file (one per grammar); only the main thread writes it.
  useGrammarCache(grammar ?? bundledGrammar(), role === 'main');
  let hosts: Engine['hosts'] = [];
  let topologies: Engine['topologies'] = [];
  if (o.hosts.length) {
    const hostData = (require('./hostCommands') as typeof import('./hostCommands')).loadHostFiles(o.hosts);
    for (const p of hostData.problems) io?.err(`libvirt-xml-lint: --host ${p}\n`);
    if (hostData.unreadable) return 2;
    hosts = hostData.hosts;
    topologies = (require('./pinCommands') as typeof import('./pinCommands')).loadTopologyFiles(o.hosts);
  }
  return { catalog, grammar, settings: { ...defaultSettings, targetVersion: o.targetVersion }, hosts, topologies };
}

/** The worker side: build the engine once, then check each batch the main thread sends. */
export function serveWorker(data: LintWorkerData): void {
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  const port = parentPort!;
  let engine: Engine | number;
  try {
    engine = makeEngine(data.engine, undefined, 'worker');
  } catch (e) {
    engine = 2;
    port.postMessage({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  if (typeof engine === 'number') {
    port.postMessage({ type: 'fatal', message: 'the engine options were refused' });
    return;
  }
  const ready = engine;
  port.on('message', (m: import('./workers').ToWorker) => {
    if (m.type === 'stop') return port.close();
    const items = m.items.map(({ index, file }) => ({ index, result: lintFile(ready, file.path, file.explicit, data.cwd) }));
    port.postMessage({ type: 'results', items } satisfies import('./workers').FromWorker);
  });
}
