// dist/client.js, the extension's main module: a few lines that run the
// client's body, dist/clientMain.js (extension.ts), through V8's code cache
// (server/src/cli/codeCache.ts) and hand VS Code its activate/deactivate.
// Compiling the 0.5 MB body, most of it vscode-languageclient, was over half
// of the extension's activation.

import { join } from 'node:path';
import { cacheDirectory, runWithCodeCache } from '../../server/src/cli/codeCache';

// Written a few seconds after loading too: VS Code may end its extension host without an exit.
module.exports = runWithCodeCache(join(__dirname, 'clientMain.js'), { dir: cacheDirectory(), kind: 'client', writeAfter: 5000 });
