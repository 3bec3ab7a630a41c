// dist/cliMain.js: runs the CLI, or serves as a lint worker when started as one.

import { isMainThread, workerData } from 'node:worker_threads';
import { main, serveWorker } from './main';
import type { LintWorkerData } from './workers';

if (!isMainThread && (workerData as LintWorkerData | undefined)?.role === 'libvirt-xml-lint-worker') {
  serveWorker(workerData as LintWorkerData);
} else {
  // A closed pipe (`| head`) ends the run quietly, as for other command-line tools.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (e: unknown) => {
      // Only a broken installation gets here (e.g. data/catalog.json missing): say so plainly.
      process.stderr.write(`libvirt-xml-lint: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
