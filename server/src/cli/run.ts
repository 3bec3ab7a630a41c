// dist/cliMain.js: runs the CLI, or serves as a lint worker when started as one.

import { main, serveWorker } from './main';
import type { LintWorkerData } from './workers';
import { workerFlag } from './workerFlags';
import { writeFd } from './stdio';

const worker = process.argv[2] === workerFlag ? (require('node:worker_threads') as typeof import('node:worker_threads')) : undefined;
if (worker && !worker.isMainThread && (worker.workerData as LintWorkerData | undefined)?.role === 'libvirt-xml-lint-worker') {
  serveWorker(worker.workerData as LintWorkerData);
} else {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (e: unknown) => {
      // Only a broken installation gets here (e.g. data/catalog.json missing): say so plainly.
      writeFd(2, `libvirt-xml-lint: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
