// Checking many files on worker threads: each worker builds its own engine
// from the same options and takes batches of files from the main thread as it
// finishes the previous ones (so a slow file holds up only its batch); the
// main thread puts the results back in input order, so the output is the
// same whatever the number of jobs.

import type { Candidate } from '../io/fileWalk';
import type { FileResult } from './lintFile';

/** What a worker needs to build its engine: the lint options that shape checking. */
export interface EngineOptions {
  cpuMap: string | undefined;
  schemas: string | undefined;
  targetVersion: string;
  hosts: string[];
}

/** The `workerData` a lint worker is started with (`role` tells cli main.ts to serve, not parse argv). */
export interface LintWorkerData {
  role: 'libvirt-xml-lint-worker';
  engine: EngineOptions;
  cwd: string;
}

export type ToWorker = { type: 'batch'; items: Array<{ index: number; file: Candidate }> };
export type FromWorker = { type: 'results'; items: Array<{ index: number; result: FileResult }> } | { type: 'fatal'; message: string };

/** In a worker's process.argv: tells the CLI to serve (checked before loading worker_threads, which a one-file run never needs). */
export const workerFlag = '--libvirt-xml-lint-worker';

/** Files per worker below which a worker costs more than it saves (its start-up is about one catalog load). */
export const filesPerWorker = 24;

/** How many threads (the main one included) `jobs` and `files` call for; 1 means: all on the main thread. */
export function workerCount(jobs: number, files: number): number {
  return Math.max(1, Math.min(jobs, Math.floor(files / filesPerWorker)));
}

/**
 * V8 settings for a run whose threads keep every core busy. Alone, a run's
 * main thread gets V8's optimising compiler and GC helpers working on the idle
 * cores for it (a one-job run over 5,000 files uses 1.35 cores); with a lint
 * thread per core they compete with the linting, and each isolate compiles
 * the same hot functions again. Smaller inlining budgets and a later tier-up
 * make that compile work a fraction, for slightly slower optimised code:
 * `--jobs 2` over the bench's 5,000 files went from 1.9 s to 1.55 s, while the
 * same flags made a one-job run slower (1.87 s to 2.1 s), so they are set only
 * here. These flags are read when a function is compiled, so setting them now
 * applies to the workers about to start and to what the main thread compiles
 * from now on (GC flags could not be changed this late).
 */
const parallelJitFlags = ['--max-inlined-bytecode-size-cumulative=100', '--interrupt-budget=300000'];

/**
 * Checks `files` on the main thread (with `inline`) and `count - 1` workers
 * running `script` (the CLI bundle), all taking batches from one queue; the
 * results come back in input order. Rejects when a worker fails.
 */
export function lintInWorkers(script: string, count: number, files: readonly Candidate[], data: LintWorkerData, inline: (file: Candidate) => FileResult): Promise<FileResult[]> {
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  if (count > 1) (require('node:v8') as typeof import('node:v8')).setFlagsFromString(parallelJitFlags.join(' '));
  const results: FileResult[] = new Array(files.length);
  // Batches small enough that the threads finish together, large enough that messages are few.
  const batchSize = Math.max(1, Math.min(32, Math.ceil(files.length / (count * 16))));
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const workers: import('node:worker_threads').Worker[] = [];
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const take = (): ToWorker['items'] => {
      const items: ToWorker['items'] = [];
      for (const end = Math.min(files.length, next + batchSize); next < end; next++) items.push({ index: next, file: files[next] });
      return items;
    };
    const feed = (w: import('node:worker_threads').Worker) => {
      const items = take();
      if (items.length) w.postMessage({ type: 'batch', items } satisfies ToWorker);
    };
    const completed = (n: number) => {
      done += n;
      if (done === files.length) finish();
    };
    for (let i = 1; i < count; i++) {
      const w = new Worker(script, { workerData: data, argv: [workerFlag], stdout: false, stderr: false });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (m.type === 'fatal') return finish(new Error(m.message));
        for (const { index, result } of m.items) results[index] = result;
        feed(w);
        completed(m.items.length);
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (!settled && code !== 0) finish(new Error(`a worker thread exited with status ${code}`));
      });
      // Two batches each, so a worker never waits for the main thread between them.
      feed(w);
      feed(w);
    }
    // The main thread takes batches too, yielding between them so workers are fed.
    const local = () => {
      if (settled) return;
      const items = take();
      for (const { index, file } of items) results[index] = inline(file);
      if (items.length) {
        completed(items.length);
        setImmediate(local);
      }
    };
    setImmediate(local);
  });
}
