// Checking many files on worker threads: each worker builds its own engine
// from the same options and takes batches of files from the main thread as it
// finishes the previous ones (so a slow file holds up only its batch); the
// main thread puts the results back in input order, so the output is the
// same whatever the number of jobs.

import type { Candidate } from '../io/fileWalk';
import type { FileResult } from './lintFile';
import { setJitFlags } from './codeCache';
import { parallelJitFlags, workerFlag } from './workerFlags';

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

export type Batch = Array<{ index: number; file: Candidate }>;
/** A batch to check, or (`stop`) the end of the run: the worker then exits on its own, so its exit hooks (its code cache) run. */
export type ToWorker = { type: 'batch'; items: Batch } | { type: 'stop' };
export type FromWorker = { type: 'results'; items: Array<{ index: number; result: FileResult }> } | { type: 'fatal'; message: string };

/** Files per worker below which a worker costs more than it saves (its start-up is about one catalog load). */
export const filesPerWorker = 24;

/** How many threads (the main one included) `jobs` and `files` call for; 1 means: all on the main thread. */
export function workerCount(jobs: number, files: number): number {
  return Math.max(1, Math.min(jobs, Math.floor(files / filesPerWorker)));
}

/**
 * Checks `files` on the main thread (with `inline`) and `count - 1` workers
 * running `script` (the CLI bundle), all taking batches from one queue; the
 * results come back in input order. Rejects when a worker fails.
 */
export function lintInWorkers(script: string, count: number, files: readonly Candidate[], data: LintWorkerData, inline: (file: Candidate) => FileResult): Promise<FileResult[]> {
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  if (count > 1) setJitFlags(parallelJitFlags.join(' '));
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
      // A failed run stops its workers at once; a finished one lets them exit, writing their code cache when they made one.
      for (const w of workers) {
        if (error) void w.terminate();
        else w.postMessage({ type: 'stop' } satisfies ToWorker);
      }
      if (error) reject(error);
      else resolve(results);
    };
    const take = (): Batch => {
      const items: Batch = [];
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
