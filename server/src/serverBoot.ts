// dist/server.js, the language server's entry: like the CLI's launcher
// (cli.ts), a few lines that run the server's body, dist/serverMain.js
// (server.ts), through V8's code cache. Compiling the 1 MB body was about a
// third of the time from spawn to the first diagnostics.

import { join } from 'node:path';
import { cacheDirectory, runWithCodeCache } from './cli/codeCache';

// Written after the first seconds too: an editor may kill its server rather than ask it to exit.
runWithCodeCache(join(__dirname, 'serverMain.js'), { dir: cacheDirectory(), kind: 'server', writeAfter: 5000 });
