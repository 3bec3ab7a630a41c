// libvirt-xml-lint (dist/cli.js, the package's bin): as small as can be, so a
// one-file run is mostly node's own start-up. It turns on V8's code cache and
// runs the CLI's body, dist/cliMain.js (server/src/cli/run.ts); worker
// threads of a parallel run start here too.

import { join } from 'node:path';
import { cacheDirectory, runWithCodeCache } from './cli/codeCache';
import { parallelJitFlags, workerFlag } from './cli/workerFlags';

// A lint worker runs under the flags its main thread set before starting it.
runWithCodeCache(join(__dirname, 'cliMain.js'), { dir: cacheDirectory(), kind: 'cli', jitFlags: process.argv[2] === workerFlag ? parallelJitFlags.join(' ') : '' });
