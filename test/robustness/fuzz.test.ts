// Seeded mutation fuzzer over realistic libvirt documents (machinery in fuzzCorpus/fuzzer.ts):
// every input goes through parse, validation, completion and hover at several offsets,
// symbols, folding, selection ranges and the offered quick-fixes (applied, re-validated).
// Zero exceptions, well-formed results, every operation within a time budget, and the
// same diagnostics when the same text is validated again. A failure prints its seed and a
// delta-debugged minimal input. Environment: FUZZ_INPUTS (default 100,000; `npm run
// test:robust` uses 1,000,000), FUZZ_SEED, FUZZ_BUDGET_MS (default 200), FUZZ_WORKERS (default 2),
// FUZZ_HANG_MS (default 30,000: one input running longer is reported as a hang).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver-types';
import { service } from '../helpers/engine';
import type { LanguageService, ParsedDocument } from '../../server/src/languageService';
import { checkRange, corpus, editsOf, makeInput, minimise, outcome } from './fuzzCorpus/fuzzer';

const inputs = Number(process.env.FUZZ_INPUTS ?? 100_000);
const baseSeed = Number(process.env.FUZZ_SEED ?? 20_250_611);
const budgetMs = Number(process.env.FUZZ_BUDGET_MS ?? 200);
const workers = Math.max(1, Number(process.env.FUZZ_WORKERS ?? 2));
/** Distinct failures minimised and shown per worker (minimising takes a while); the rest are counted. */
const maxFailures = 3;

// ---------------------------------------------------------------- workers

interface Failure {
  seed: number;
  mutations: string[];
  signature: string;
  message: string;
  input: string;
  minimised: string;
}

interface WorkerReport {
  worker: number;
  count: number;
  failures: Failure[];
  /** How many inputs failed, by failure signature. */
  failing: Record<string, number>;
  /** Inputs with an operation over the budget, slowest first (at most 10). */
  overBudget: Array<{ seed: number; op: string; ms: number; chars: number }>;
  totalMs: number;
  slowest: { seed: number; op: string; ms: number; chars: number };
}

/** How long a worker may stay on one input before it is taken for hung and stopped. */
const hangMs = Number(process.env.FUZZ_HANG_MS ?? 30_000);

/**
 * `progress` is shared with the main thread: [input index being run, inputs done], so a
 * worker stuck in one input (a hang never reaches the per-input budget check) is caught.
 */
function runWorker(worker: number, of: number, progress: Int32Array): WorkerReport {
  const svc = service();
  const docs = corpus();
  const failures: Failure[] = [];
  const overBudget: WorkerReport['overBudget'] = [];
  const seen = new Set<string>();
  let slowest = { seed: 0, op: '', ms: 0, chars: 0 };
  const started = performance.now();
  let count = 0;
  const failing = new Map<string, number>();
  for (let i = worker; i < inputs; i += of) {
    const seed = baseSeed + i;
    Atomics.store(progress, 0, i);
    Atomics.add(progress, 1, 1);
    const { text, applied } = makeInput(docs, seed);
    count++;
    const result = outcome(svc, text, seed);
    if (result.failure) {
      const { signature } = result.failure;
      failing.set(signature, (failing.get(signature) ?? 0) + 1);
      if (seen.has(signature) || failures.length >= maxFailures) continue;
      seen.add(signature);
      const minimised = minimise(text, (c) => outcome(svc, c, seed).failure?.signature === signature);
      failures.push({ seed, mutations: applied, signature, message: outcome(svc, minimised, seed).failure?.message ?? result.failure.message, input: text, minimised });
      continue;
    }
    let { op, ms } = result.slowest;
    if (ms > budgetMs) {
      // Over budget: run it again (the machine may just have been busy) and keep the best of four.
      for (let k = 0; k < 3 && ms > budgetMs; k++) {
        const again = outcome(svc, text, seed).slowest;
        if (again.ms < ms) ({ op, ms } = again);
      }
      if (ms > budgetMs) overBudget.push({ seed, op, ms, chars: text.length });
    }
    if (ms > slowest.ms) slowest = { seed, op, ms, chars: text.length };
  }
  overBudget.sort((a, b) => b.ms - a.ms);
  if (overBudget.length) {
    // Minimise the slowest one (few tries: each costs a full run).
    const worst = overBudget[0];
    const { text, applied } = makeInput(docs, worst.seed);
    const minimised = minimise(text, (c) => outcome(svc, c, worst.seed).slowest.ms > budgetMs, 150);
    failures.push({
      seed: worst.seed,
      mutations: applied,
      signature: 'over budget',
      message: `${overBudget.length} input(s) had an operation over ${budgetMs} ms (best of 4 runs); slowest: ${worst.op} took ${worst.ms.toFixed(0)} ms on ${worst.chars} characters; others: ${overBudget.slice(1, 10).map((o) => `seed ${o.seed} ${o.op} ${o.ms.toFixed(0)} ms`).join('; ') || 'none'}`,
      input: text,
      minimised,
    });
  }
  return { worker, count, failures, failing: Object.fromEntries(failing), overBudget: overBudget.slice(0, 10), totalMs: performance.now() - started, slowest };
}

function spawnWorker(worker: number, of: number): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const progress = new Int32Array(new SharedArrayBuffer(8));
    const w = new Worker(__filename, { workerData: { worker, of, progress }, env: process.env, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    // Watchdog: the same input for longer than hangMs is a hang; report it with its input.
    let last = -1;
    let since = performance.now();
    const watchdog = setInterval(() => {
      const done = Atomics.load(progress, 1);
      if (done !== last) {
        last = done;
        since = performance.now();
      } else if (performance.now() - since > hangMs) {
        clearInterval(watchdog);
        const index = Atomics.load(progress, 0);
        const { text, applied } = makeInput(corpus(), baseSeed + index);
        void w.terminate();
        reject(new Error(`fuzz worker ${worker} hung for over ${hangMs} ms on seed ${baseSeed + index} (FUZZ_SEED=${baseSeed} input ${index}), mutations ${applied.join(', ')}: ${JSON.stringify(text)}`));
      }
    }, 1000);
    w.once('message', (r: WorkerReport) => {
      clearInterval(watchdog);
      resolve(r);
      void w.terminate();
    });
    w.once('error', (e) => {
      clearInterval(watchdog);
      reject(e);
    });
    w.once('exit', (code) => {
      clearInterval(watchdog);
      if (code !== 0) reject(new Error(`fuzz worker ${worker} exited with code ${code}`));
    });
  });
}

/** How a failure is shown: enough to reproduce it (FUZZ_SEED, index) and the minimal input as a JS string. */
function describe(f: Failure): string {
  return [
    `seed ${f.seed} (FUZZ_SEED=${baseSeed} input ${f.seed - baseSeed}), mutations ${f.mutations.join(', ')}`,
    `failure: ${f.message}`,
    `minimised input (${f.minimised.length} of ${f.input.length} chars): ${JSON.stringify(f.minimised)}`,
  ].join('\n');
}

if (isMainThread) {
  test(`fuzz: ${inputs.toLocaleString('en')} mutated documents through every feature (seed ${baseSeed}, ${workers} workers, ${budgetMs} ms per input)`, { timeout: 60 * 60 * 1000 }, async (t) => {
    const started = performance.now();
    const reports = await Promise.all(Array.from({ length: workers }, (_, w) => spawnWorker(w, workers)));
    const count = reports.reduce((n, r) => n + r.count, 0);
    const failures = reports.flatMap((r) => r.failures);
    const slowest = reports.map((r) => r.slowest).sort((a, b) => b.ms - a.ms)[0];
    const wall = performance.now() - started;
    t.diagnostic(`${count} inputs in ${(wall / 1000).toFixed(1)} s (${((count / wall) * 1000).toFixed(0)} inputs/s); slowest operation ${slowest.op} ${slowest.ms.toFixed(1)} ms (seed ${slowest.seed}, ${slowest.chars} chars)`);
    const failing: Record<string, number> = {};
    for (const r of reports) for (const [sig, n] of Object.entries(r.failing)) failing[sig] = (failing[sig] ?? 0) + n;
    const summary = Object.entries(failing)
      .sort((a, b) => b[1] - a[1])
      .map(([sig, n]) => `  ${n} × ${sig}`)
      .join('\n');
    if (failures.length) assert.fail(`failing inputs by kind:\n${summary}\n\n${failures.length} minimised:\n\n${failures.map(describe).join('\n\n')}`);
    assert.equal(count, inputs, 'every input was run');
  });

  test('fuzz harness: the checks catch broken results and the minimiser shrinks to the cause', () => {
    const svc = service();
    const td = TextDocument.create('file:///t.xml', 'xml', 1, '<a>\nbc</a>');
    assert.throws(() => checkRange(td, { start: { line: 1, character: 0 }, end: { line: 0, character: 0 } }, 'r'), /start after end/);
    assert.throws(() => checkRange(td, { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }, 'r'), /beyond line/);
    assert.throws(() => checkRange(td, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, 'r'), /outside the document/);
    checkRange(td, { start: { line: 0, character: 3 }, end: { line: 1, character: 6 } }, 'r');
    const overlapping: CodeAction = {
      title: 'x',
      edit: { changes: { 'file:///t.xml': [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, newText: '' }, { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } }, newText: '' }] } },
    };
    assert.throws(() => editsOf(td, overlapping, 'a'), /overlapping edits/);
    // The minimiser keeps only what the failure needs.
    const noisy = 'aaaa<cpu>bbbbXcccc</cpu>dddd';
    assert.equal(minimise(noisy, (c) => c.includes('X')), 'X');
    // Inputs are reproducible from their seed, and a realistic input runs clean.
    const docs = corpus();
    assert.deepEqual(makeInput(docs, 42), makeInput(docs, 42));
    assert.equal(outcome(svc, docs[0], 1).failure, undefined);
    // A service whose hover throws is caught, with its signature.
    const broken = Object.create(svc) as LanguageService;
    broken.doHover = (_d: ParsedDocument) => {
      throw new TypeError('boom');
    };
    assert.equal(outcome(broken, docs[0], 1).failure?.signature, 'threw TypeError: boom');
  });
} else {
  const { worker, of, progress } = workerData as { worker: number; of: number; progress: Int32Array };
  parentPort!.postMessage(runWorker(worker, of, progress));
}
