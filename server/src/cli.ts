// libvirt-xml-lint (dist/cli.js, the package's bin): as small as can be, so a
// one-file run is mostly node's own start-up. It turns on V8's code cache and
// runs the CLI's body, dist/cliMain.js (server/src/cli/run.ts); worker
// threads of a parallel run start here too.

import { join } from 'node:path';
import { runWithCodeCache } from './cli/codeCache';

runWithCodeCache(join(__dirname, 'cliMain.js'));
