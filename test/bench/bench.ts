// `npm run bench`: latency, throughput, start-up, memory and size figures for the engine,
// the server, the client and the CLI, side by side with libvirt's own tools, each printed
// next to its DESIGN.md §6 budget. Medians (and p99) over repeated runs after warm-up.
// Options: --quick (fewer runs, 50-file batch), --files N, --skip-tools, --skip-per-file.

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { service } from '../helpers/engine';
import { cpuAreaRanges, realisticDomain, realisticDomainOfSize } from '../robustness/fuzzCorpus/domains';
import { positionAt, startServer } from '../robustness/fuzzCorpus/lspSession';
import { seededRandom } from '../helpers/fixtures';
import { buildShipped } from '../helpers/shipped';
import { serverNodeOptions } from '../../server/src/protocol';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const batchSize = Number(args[args.indexOf('--files') + 1]) || (quick ? 50 : 500);
const repo = process.cwd();
if (!existsSync(join(repo, 'package.json')) || !existsSync(join(repo, 'dist/server.js'))) {
  console.error('Run from the repository root after a build (npm run bench does both).');
  process.exit(2);
}
const scale = quick ? 0.25 : 1;
const runs = (n: number) => Math.max(3, Math.round(n * scale));

// ---------------------------------------------------------------- table

interface Row {
  section: string;
  measure: string;
  figure: string;
  target?: string;
  ok?: boolean;
}

const rows: Row[] = [];
const notes: string[] = [];
let section = '';

function row(measure: string, figure: string, target?: string, ok?: boolean): void {
  rows.push({ section, measure, figure, target, ok });
  const mark = ok === undefined ? '' : ok ? ' ✓' : ' ✗';
  console.error(`  ${measure}: ${figure}${target ? `  (target ${target}${mark})` : ''}`);
}

function startSection(name: string): void {
  section = name;
  console.error(`\n${name}`);
}

interface Stats {
  p50: number;
  p99: number;
  min: number;
  n: number;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { p50: at(0.5), p99: at(0.99), min: s[0], n: s.length };
}

const ms = (x: number) => (x < 1 ? `${x.toFixed(3)} ms` : x < 100 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const ratio = (theirs: number, ours: number) => `${(theirs / ours).toFixed(2)}×`;

// ---------------------------------------------------------------- engine

function documents(): Array<{ label: string; text: string }> {
  return [
    { label: '~100 lines', text: realisticDomain({ lines: 100, seed: 11 }) },
    { label: '200-line device-rich domain', text: deviceRichDomain() },
    { label: '~1,000 lines', text: realisticDomain({ lines: 1000, seed: 12 }) },
    { label: '10,000 lines', text: realisticDomain({ lines: 10_000, seed: 13 }) },
    { label: '1 MB', text: realisticDomainOfSize(1_000_000, 14) },
  ];
}

/**
 * The fuzzer's device-rich seed (disks, controllers, USB, interfaces, host devices,
 * firmware, NUMA, hugepages: every whole-domain family has work) grown to about
 * 200 lines with more disks and interfaces.
 */
function deviceRichDomain(): string {
  const seed = readFileSync(join(process.cwd(), 'test/robustness/fuzzCorpus/devices.xml'), 'utf8');
  const more: string[] = [];
  for (let i = 0; i < 16; i++) {
    const letter = String.fromCharCode(99 + i);
    more.push(`    <disk type='file' device='disk'>\n      <driver name='qemu' type='raw'/>\n      <source file='/var/lib/libvirt/images/d${i}.img'/>\n      <target dev='vd${letter}' bus='virtio'/>\n    </disk>`);
    if (i < 8) more.push(`    <interface type='network'>\n      <mac address='52:54:00:00:01:${i.toString(16).padStart(2, '0')}'/>\n      <source network='default'/>\n      <model type='virtio'/>\n    </interface>`);
  }
  return seed.replace('    <memballoon', `${more.join('\n')}\n    <memballoon`);
}

/** Offsets in the CPU area: half uniformly random, half where completion and hover have work (values and model text). */
function cpuOffsets(text: string, n: number, seed: number): number[] {
  const rnd = seededRandom(seed);
  const ranges = cpuAreaRanges(text);
  const hot: number[] = [];
  for (const [s, e] of ranges) {
    const area = text.slice(s, e);
    for (const m of area.matchAll(/name='|policy='|mode='|<model[^>]*>|cpuset='|fallback='/g)) hot.push(s + m.index + m[0].length + 1);
  }
  return Array.from({ length: n }, (_, i) => {
    if (i % 2 === 1 && hot.length) return hot[Math.floor(rnd() * hot.length)];
    const [s, e] = ranges[Math.floor(rnd() * ranges.length)];
    return s + Math.floor(rnd() * (e - s));
  });
}

/**
 * The lowest p99 of five consecutive rounds of `samples`: on a shared machine, the rounds
 * another process did not interrupt; shown next to the overall p99, which is what is judged.
 */
function bestRoundP99(samples: number[]): number {
  const size = Math.floor(samples.length / 5);
  return Math.min(...Array.from({ length: 5 }, (_, r) => stats(samples.slice(r * size, (r + 1) * size)).p99));
}

function timeEach<T>(items: T[], fn: (item: T) => unknown, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) fn(items[i % items.length]);
  return items.map((item) => {
    const t0 = performance.now();
    fn(item);
    return performance.now() - t0;
  });
}

function benchEngine(): void {
  startSection('Engine, in process (parse + diagnostics per edit; completion and hover on the cached parse)');
  const svc = service();
  let version = 1;
  for (const { label, text } of documents()) {
    const lines = text.split('\n').length;
    const n = runs(text.length < 10_000 ? 2000 : text.length < 100_000 ? 400 : 40);
    const validate = () => svc.doValidation(svc.parse(TextDocument.create('file:///bench.xml', 'xml', version++, text)));
    const diagnostics = validate().length;
    const d = stats(timeEach(Array.from({ length: n }), validate, Math.ceil(n / 5)));
    const typical = label === '~100 lines' || label === '200-line device-rich domain';
    row(`diagnostics, ${label} (${lines} lines, ${(text.length / 1024).toFixed(0)} KiB, ${diagnostics} findings)`, `p50 ${ms(d.p50)}, p99 ${ms(d.p99)}, min ${ms(d.min)} (n=${d.n})`, typical ? 'p50 < 1 ms' : undefined, typical ? d.p50 < 1 : undefined);

    const doc = svc.parse(TextDocument.create('file:///bench.xml', 'xml', version++, text));
    const positions: Position[] = cpuOffsets(text, runs(1000), 7).map((o) => doc.textDocument.positionAt(o));
    const completeTimes = timeEach(positions, (p) => svc.doComplete(doc, p), 200);
    const hoverTimes = timeEach(positions, (p) => svc.doHover(doc, p), 200);
    const complete = stats(completeTimes);
    const hover = stats(hoverTimes);
    const answered = positions.filter((p) => svc.doComplete(doc, p).items.length > 0).length;
    const big = label === '10,000 lines';
    row(`completion, ${label}, CPU-area offsets (${answered}/${positions.length} with items)`, `p50 ${ms(complete.p50)}, p99 ${ms(complete.p99)}${big ? `, best-round p99 ${ms(bestRoundP99(completeTimes))}` : ''}`, big ? 'p99 < 5 ms' : undefined, big ? complete.p99 < 5 : undefined);
    row(`hover, ${label}, CPU-area offsets`, `p50 ${ms(hover.p50)}, p99 ${ms(hover.p99)}${big ? `, best-round p99 ${ms(bestRoundP99(hoverTimes))}` : ''}`, big ? 'p99 < 5 ms' : undefined, big ? hover.p99 < 5 : undefined);
    if (big) {
      // The first request after an edit pays for the new version's parse.
      const edited = stats(
        timeEach(
          positions.slice(0, runs(40)),
          (p) => svc.doComplete(svc.parse(TextDocument.create('file:///bench.xml', 'xml', version++, text)), p),
          5,
        ),
      );
      row(`completion right after an edit, ${label} (re-parse + complete)`, `p50 ${ms(edited.p50)}, p99 ${ms(edited.p99)}`);
    }
    if (label === '1 MB') {
      const mbps = (t: number) => text.length / 1e6 / (t / 1000);
      row('whole-document analysis throughput, one 1 MB domain (parse + all rules + LSP diagnostics)', `${mbps(d.p50).toFixed(1)} MB/s at the median, ${mbps(d.min).toFixed(1)} MB/s best run`, '≥ 50 MB/s', mbps(d.p50) >= 50);
    }
  }
}

// ---------------------------------------------------------------- processes

/**
 * The bundles as the .vsix ships them (scripts/build.mjs --production: minified, no source
 * map), built into `dir`/dist next to a link to data/, so start-up is measured on what
 * users run; `npm run bench` itself leaves dist/ unminified.
 */
async function productionBundles(dir: string): Promise<string> {
  const out = join(dir, 'prod');
  mkdirSync(join(out, 'dist'), { recursive: true });
  symlinkSync(join(repo, 'data'), join(out, 'data'));
  await buildShipped(repo, join(out, 'dist'));
  return join(out, 'dist');
}

function timeSpawn(cmd: string, argv: string[]): { ms: number; status: number | null; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ms: performance.now() - t0, status: r.status, stderr: r.stderr ?? String(r.error ?? '') };
}

function toolAvailable(cmd: string, argv: string[]): boolean {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 20_000 });
  return !r.error && r.status === 0;
}

function batchFiles(dir: string): string[] {
  const files: string[] = [];
  for (let i = 0; i < batchSize; i++) {
    const file = join(dir, `domain-${String(i).padStart(4, '0')}.xml`);
    // Mostly clean, some with typos; check='none' so virsh can convert an Intel model on any host.
    writeFileSync(file, realisticDomain({ lines: 80 + (i % 5) * 40, seed: 1000 + i, findings: i % 4 === 0, check: 'none' }));
    files.push(file);
  }
  return files;
}

function benchCli(prod: string, files: string[]): void {
  startSection(`CLI (minified, as shipped) and libvirt's tools on the same files (${batchSize} generated domains, 80–240 lines)`);
  const cli = join(prod, 'cli.js');
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const one = files[1];
  const node = process.execPath;
  const haveValidate = !args.includes('--skip-tools') && toolAvailable('virt-xml-validate', ['--version']);
  const haveVirsh = !args.includes('--skip-tools') && toolAvailable('virsh', ['-c', 'qemu:///system', 'version']);
  if (!haveValidate) notes.push('virt-xml-validate not found: its rows are skipped.');
  if (!haveVirsh) notes.push('virsh cannot reach qemu:///system: its rows are skipped.');

  // One file, one process each, repeated.
  const reps = runs(20);
  const oursOne = stats(Array.from({ length: reps }, () => timeSpawn(node, [cli, '-q', one]).ms));
  row('libvirt-xml-lint, one file (a process per run: node start-up + catalog + check)', `median ${ms(oursOne.p50)} (min ${ms(oursOne.min)}, n=${oursOne.n})`);
  let validateOne: Stats | undefined;
  if (haveValidate) {
    validateOne = stats(Array.from({ length: reps }, () => timeSpawn('virt-xml-validate', [one, 'domain']).ms));
    row('virt-xml-validate FILE domain, one file', `median ${ms(validateOne.p50)} (min ${ms(validateOne.min)})`);
    row('ratio virt-xml-validate / libvirt-xml-lint, one file', ratio(validateOne.p50, oursOne.p50), '> 1× (faster per file)', validateOne.p50 / oursOne.p50 > 1);
  }
  if (haveVirsh) {
    const virshOne = stats(Array.from({ length: reps }, () => timeSpawn('virsh', ['-c', 'qemu:///system', 'domxml-to-native', 'qemu-argv', one]).ms));
    row('virsh domxml-to-native qemu-argv, one file', `median ${ms(virshOne.p50)} (min ${ms(virshOne.min)})`);
    row('ratio virsh / libvirt-xml-lint, one file', ratio(virshOne.p50, oursOne.p50));
  }

  // The batch: ours in one process (repeated), and a process per file for everyone.
  const batchRuns = Array.from({ length: quick ? 2 : 3 }, () => timeSpawn(node, [cli, '-q', ...files]));
  const oursBatch = stats(batchRuns.map((r) => r.ms));
  const exit = batchRuns[0].status;
  row(`libvirt-xml-lint, ${batchSize} files in one process (exit ${exit})`, `median ${ms(oursBatch.p50)} = ${ms(oursBatch.p50 / batchSize)}/file, ${(bytes / 1e6 / (oursBatch.p50 / 1000)).toFixed(1)} MB/s incl. start-up`);
  const perFile = (cmd: string, argv: (f: string) => string[]) => {
    let total = 0;
    let failed = 0;
    let lastError = '';
    for (const f of files) {
      const r = timeSpawn(cmd, argv(f));
      total += r.ms;
      if (r.status !== 0) {
        failed++;
        lastError = r.stderr.trim().split('\n').pop() ?? '';
      }
    }
    return { total, failed, lastError };
  };
  const skipPerFile = args.includes('--skip-per-file');
  let oursPer: { total: number } | undefined;
  if (!skipPerFile) {
    oursPer = perFile(node, (f) => [cli, '-q', f]);
    row(`libvirt-xml-lint, ${batchSize} files, a process per file`, `${ms(oursPer.total)} = ${ms(oursPer.total / batchSize)}/file`);
  }
  if (haveValidate) {
    const v = perFile('virt-xml-validate', (f) => [f, 'domain']);
    row(`virt-xml-validate, ${batchSize} files, a process per file (${v.failed} rejected)`, `${ms(v.total)} = ${ms(v.total / batchSize)}/file`);
    row('ratio virt-xml-validate (per file) / libvirt-xml-lint (one process), batch', ratio(v.total, oursBatch.p50), '> 1×', v.total / oursBatch.p50 > 1);
    if (oursPer) row('ratio virt-xml-validate / libvirt-xml-lint, both a process per file', ratio(v.total, oursPer.total), '> 1× (faster per file)', v.total / oursPer.total > 1);
  }
  if (haveVirsh) {
    const v = perFile('virsh', (f) => ['-c', 'qemu:///system', 'domxml-to-native', 'qemu-argv', f]);
    row(`virsh domxml-to-native, ${batchSize} files, a process per file (${v.failed} refused${v.failed ? `: ${v.lastError.slice(0, 80)}` : ''})`, `${ms(v.total)} = ${ms(v.total / batchSize)}/file`);
    row('ratio virsh (per file) / libvirt-xml-lint (one process), batch', ratio(v.total, oursBatch.p50));
    if (oursPer) row('ratio virsh / libvirt-xml-lint, both a process per file', ratio(v.total, oursPer.total));
  }
}

async function benchServer(prod: string): Promise<void> {
  startSection('Language server over stdio (server.js)');
  const small = realisticDomain({ lines: 100, seed: 21 });
  for (const [label, serverPath, configuration] of [
    ['minified bundle, bundled catalog', join(prod, 'server.js'), { catalog: { useHostCpuMap: false }, schema: { useHostSchemas: false } }],
    ['minified bundle, default settings (auto-detected /usr/share/libvirt/cpu_map and schemas)', join(prod, 'server.js'), { catalog: { useHostCpuMap: true, cpuMapPath: '' } }],
    ['unminified dist/server.js, bundled catalog', join(repo, 'dist/server.js'), { catalog: { useHostCpuMap: false }, schema: { useHostSchemas: false } }],
  ] as const) {
    // A code cache of its own per variant (server/src/serverBoot.ts): the first start makes it, as an editor's first start does.
    const cache = mkdtempSync(join(tmpdir(), 'libvirt-xml-bench-server-cache-'));
    const times: number[] = [];
    for (let i = 0; i < runs(10) + 1; i++) {
      const s = await startServer({ configuration, serverPath, nodeArgs: [...serverNodeOptions], env: { LIBVIRT_XML_LINT_CACHE: cache } });
      s.open('file:///start.xml', small);
      const p = await s.diagnosticsFor('file:///start.xml', 1);
      times.push(p.at - s.spawnedAt);
      await s.stop();
    }
    rmSync(cache, { recursive: true, force: true });
    const st = stats(times.slice(1));
    row(`start to first diagnostics, ${label} (spawn → initialize → didOpen → publishDiagnostics)`, `median ${ms(st.p50)} (min ${ms(st.min)}, n=${st.n}); the first start, before its code cache existed: ${ms(times[0])}`, '< 250 ms', st.p50 < 250);
  }

  // Memory with a 1 MB document open, after diagnostics and a few requests.
  const big = realisticDomainOfSize(1_000_000, 22);
  const s = await startServer({ env: { LIBVIRT_XML_TEST_HOOKS: '1' }, serverPath: join(prod, 'server.js'), nodeArgs: [...serverNodeOptions] });
  s.open('file:///small.xml', small);
  await s.diagnosticsFor('file:///small.xml', 1);
  const base = (await s.rpc.sendRequest('libvirtXml/test/stats')) as { memory: NodeJS.MemoryUsage };
  s.open('file:///big.xml', big);
  await s.diagnosticsFor('file:///big.xml', 1, 120_000);
  const offsets = cpuOffsets(big, 40, 3);
  for (const o of offsets) {
    await s.rpc.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///big.xml' }, position: positionAt(big, o) });
    await s.rpc.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///big.xml' }, position: positionAt(big, o) });
  }
  const after = (await s.rpc.sendRequest('libvirtXml/test/stats')) as { memory: NodeJS.MemoryUsage };
  const status = readFileSync(`/proc/${s.child.pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  await s.stop();
  row('server memory, idle with a 100-line document', `RSS ${mb(base.memory.rss)}, heap used ${mb(base.memory.heapUsed)}`);
  row(`server memory, 1 MB document open (${big.split('\n').length} lines) after diagnostics, 40 completions and hovers`, `RSS ${mb(after.memory.rss)} (peak ${mb(hwm)}), heap used ${mb(after.memory.heapUsed)}`, 'RSS < 100 MB', after.memory.rss < 100e6);
}

/** Loads dist/client.js in a fresh node with a stub `vscode` and a refused child_process.fork, and calls activate(). */
async function benchClient(dir: string, prod: string): Promise<void> {
  startSection('VS Code client (client.js) in a fresh node with a stub vscode module; the server spawn refused');
  const esbuild = createRequire(join(repo, 'package.json'))('esbuild') as typeof import('esbuild');
  const harness = join(dir, 'activate.cjs');
  await esbuild.build({
    stdin: {
      contents: `
        import { vscodeStub } from './vscodeStub';
        import { performance } from 'node:perf_hooks';
        vscodeStub.set('version', '1.95.0'); // the language client checks the engine version
        // The language client would start the server here: refuse it, so only activation is measured.
        const cp = require('node:child_process');
        let forks = 0;
        cp.fork = () => { forks++; throw new Error('server start stubbed by the benchmark'); };
        const t0 = performance.now();
        const ext = require(process.argv[2]);
        const t1 = performance.now();
        let error = '';
        try {
          ext.activate({ subscriptions: [], asAbsolutePath: (p: string) => require('node:path').join(process.argv[3], p), extensionPath: process.argv[3], extensionUri: vscodeStub.module, globalStorageUri: { fsPath: require('node:path').join(require('node:os').tmpdir(), 'libvirt-xml-bench-storage') } });
        } catch (e) { error = String(e instanceof Error ? e.stack : e); }
        const t2 = performance.now();
        setTimeout(() => { process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, forks, error })); process.exit(0); }, 50);
      `,
      resolveDir: join(repo, 'test/robustness/fuzzCorpus'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: harness,
    logLevel: 'error',
  });
  for (const [label, client] of [
    ['minified bundle', join(prod, 'client.js')],
    ['unminified dist/client.js', join(repo, 'dist/client.js')],
  ] as const) {
    activation(label, harness, client);
  }
}

function activation(label: string, harness: string, client: string): void {
  const requireTimes: number[] = [];
  const activateTimes: number[] = [];
  let lastError = '';
  let forks = 0;
  // A code cache of its own (client/src/boot.ts): the first load makes it, as VS Code's first activation does.
  const cache = mkdtempSync(join(tmpdir(), 'libvirt-xml-bench-client-cache-'));
  for (let i = 0; i < runs(10) + 1; i++) {
    const r = spawnSync(process.execPath, [harness, client, repo], { encoding: 'utf8', env: { ...process.env, LIBVIRT_XML_LINT_CACHE: cache } });
    try {
      const out = JSON.parse(r.stdout) as { requireMs: number; activateMs: number; forks: number; error: string };
      requireTimes.push(out.requireMs);
      activateTimes.push(out.activateMs);
      lastError = out.error;
      forks = out.forks;
    } catch {
      lastError = r.stderr.slice(-500);
    }
  }
  rmSync(cache, { recursive: true, force: true });
  if (requireTimes.length < 2) {
    row(`client activation, ${label}`, `not measured: ${lastError}`);
    return;
  }
  const first = requireTimes[0] + activateTimes[0];
  const req = stats(requireTimes.slice(1));
  const act = stats(activateTimes.slice(1));
  row(`client, ${label}: require() in a fresh process (bundle load, vscode stubbed)`, `median ${ms(req.p50)} (min ${ms(req.min)}, n=${req.n})`);
  row(
    `client, ${label}: activate() up to the server spawn${lastError ? ` (threw: ${lastError.split('\n')[0].slice(0, 80)})` : ''}${forks ? '' : ' (the server spawn was not reached)'}`,
    `median ${ms(act.p50)} (min ${ms(act.min)})`,
  );
  const total = req.p50 + act.p50;
  row(`client activation, ${label}, require + activate`, `median ${ms(total)}; the first load, before its code cache existed: ${ms(first)}`, label.startsWith('minified') ? '< 50 ms' : undefined, label.startsWith('minified') ? total < 50 : undefined);
}

function benchSizes(prod: string): void {
  startSection('Sizes');
  for (const name of ['client', 'server', 'cli']) {
    const dev = statSync(join(repo, 'dist', `${name}.js`)).size;
    row(`dist/${name}.js`, `${mb(statSync(join(prod, `${name}.js`)).size)} minified (unminified, as npm run bench builds it: ${mb(dev)})`);
  }
  const dataBytes = (function size(p: string): number {
    const st = statSync(p);
    return st.isDirectory() ? readdirSync(p).reduce((n, f) => n + size(join(p, f)), 0) : p.endsWith('.json') ? st.size : 0;
  })(join(repo, 'data'));
  row('data/*.json (shipped)', mb(dataBytes));
  const vsix = join(repo, 'libvirt-xml.vsix');
  if (existsSync(vsix)) {
    const st = statSync(vsix);
    const newest = Math.max(...['server/src', 'client/src', 'data'].map((d) => newestMtime(join(repo, d))));
    const stale = newest > st.mtimeMs ? ' — older than the sources: run npm run package for a current figure' : '';
    row(`libvirt-xml.vsix (${new Date(st.mtimeMs).toISOString().slice(0, 16)}${stale})`, mb(st.size), '< 1.5 MB', st.size < 1.5e6);
  } else {
    row('libvirt-xml.vsix', 'not built: run npm run package', '< 1.5 MB');
  }
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), st.mtimeMs);
}

const marker = '@@bench-result@@';

/** Other engineers' bench modules, when present: bundled now with esbuild and run in their own process. */
async function benchModules(dir: string): Promise<void> {
  const esbuild = createRequire(join(repo, 'package.json'))('esbuild') as typeof import('esbuild');
  for (const [file, fn] of [
    ['benchEditor', 'benchEditor'],
    ['benchHosts', 'benchHosts'],
    ['benchPinning', 'benchPinning'],
    ['benchPipelines', 'benchPipelines'],
    ['benchGrammar', 'benchGrammar'],
    ['benchSchemas', 'benchSchemas'],
  ] as const) {
    const source = join(repo, 'test/bench', `${file}.ts`);
    if (!existsSync(source)) {
      notes.push(`test/bench/${file}.ts not present: its rows are skipped.`);
      continue;
    }
    startSection(`${file}() (test/bench/${file}.ts, its own process)`);
    const out = join(dir, `${file}.cjs`);
    await esbuild.build({
      stdin: {
        contents: `import { ${fn} } from './${file}';\nPromise.resolve(${fn}()).then((r) => process.stdout.write('\\n${marker}' + JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });`,
        resolveDir: join(repo, 'test/bench'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: out,
      external: ['vscode'],
      logLevel: 'error',
    });
    const result = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
      // Loaded from `node -e`, so the module's own `require.main === module` report does not run as well.
      const child = spawn(process.execPath, ['-e', 'require(process.argv[1])', out], { cwd: repo });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('close', (code) => resolve({ stdout, stderr, code }));
    });
    if (result.code !== 0) {
      row(`${fn}()`, `failed: ${result.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 200)}`);
      continue;
    }
    // The module may print its own report too: the result follows the marker.
    const value = JSON.parse(result.stdout.slice(result.stdout.lastIndexOf(marker) + marker.length)) as unknown;
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) {
      const r = item as Record<string, unknown>;
      if (typeof r.p50 === 'number' && typeof r.p99 === 'number') {
        const name = String(r.name ?? r.measure ?? fn);
        const budgeted = /completion|hover/i.test(name) && fn === 'benchEditor';
        row(name, `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`, budgeted ? 'p99 < 5 ms' : undefined, budgeted ? r.p99 < 5 : undefined);
      } else if (typeof r.ms === 'number') {
        const name = String(r.name ?? r.measure ?? fn);
        const budget = /budget (\d+(?:\.\d+)?) ms/.exec(name);
        row(name, ms(r.ms), budget ? `< ${budget[1]} ms` : undefined, budget ? r.ms < Number(budget[1]) : undefined);
      } else {
        const target = typeof r.target === 'string' ? r.target : undefined;
        row(String(r.name ?? r.measure ?? fn), typeof r.figure === 'string' ? r.figure : JSON.stringify(r), target, target ? r.ok === true : undefined);
      }
    }
  }
}

function machine(): string[] {
  const free = spawnSync('free', ['-h'], { encoding: 'utf8' }).stdout?.trim() ?? `${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free`;
  return [
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} (nproc ${spawnSync('nproc', { encoding: 'utf8' }).stdout?.trim() ?? cpus().length})`,
    `node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z`,
    'memory (free -h):',
    ...free.split('\n').map((l) => `    ${l}`),
  ];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-bench-'));
  const loadBefore = loadavg();
  const started = performance.now();
  try {
    const prod = await productionBundles(dir);
    benchEngine();
    await benchServer(prod);
    await benchClient(dir, prod);
    benchCli(prod, batchFiles(dir));
    benchSizes(prod);
    await benchModules(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg();
  const lines = [
    '```',
    `$ npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    ...machine(),
    `load average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(' / ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' / ')}; wall ${((performance.now() - started) / 1000).toFixed(0)} s`,
    '```',
    '',
  ];
  let current = '';
  for (const r of rows) {
    if (r.section !== current) {
      current = r.section;
      lines.push('', `**${current}**`, '', '| measure | figure | target | |', '|---|---|---|---|');
    }
    lines.push(`| ${r.measure.replace(/\|/g, '\\|')} | ${r.figure} | ${r.target ?? ''} | ${r.ok === undefined ? '' : r.ok ? '✓' : '✗'} |`);
  }
  if (notes.length) lines.push('', ...notes.map((n) => `- ${n}`));
  const missed = rows.filter((r) => r.ok === false);
  lines.push('', missed.length ? `Targets missed: ${missed.map((r) => r.measure).join('; ')}` : 'All targets met.');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
