// The esbuild settings of the shipped bundles, in one place: scripts/build.mjs
// builds them into dist/, and the benchmarks build the same minified bundles
// into a temporary directory, so what is measured is what ships.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Data files (data/*.json) become `JSON.parse('…')` instead of the object
 * literal esbuild writes for a JSON import. V8 parses JSON faster than it
 * runs a literal of the same size, and a literal's shape descriptions make up
 * much of the CLI's code cache, which every run deserialises: for the
 * grammar (174 kB) the cache shrank from 1.05 MB to 0.86 MB; a one-file run
 * got 1-3 ms faster (within this VM's noise).
 */
export const jsonDataPlugin = {
  name: 'json-data-as-parse',
  setup(build) {
    build.onLoad({ filter: /[\\/]data[\\/][^\\/]+\.json$/ }, (args) => {
      const text = JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8')));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

/** How the bodies (dist/cliMain.js, serverMain.js, clientMain.js) begin and end: the parameters node gives a CommonJS module. */
export const bodyHead = '(function (exports, require, module, __filename, __dirname) {';
export const bodyTail = '});';

/** Options every bundle shares. */
export function commonOptions(production) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    minify: production,
    sourcemap: production ? false : 'linked',
    legalComments: production ? 'none' : 'inline',
    plugins: [jsonDataPlugin],
  };
}

/** The shipped bundles (client, server and its validation worker, the CLI launcher and body) of `root` into `outdir`. */
export function shippedBuilds(root, outdir, production) {
  const common = { ...commonOptions(production), outdir };
  const at = (p) => join(root, p);
  return [
    // The client: a tiny launcher (code cache) and its body, one function expression as below.
    { ...common, entryPoints: { client: at('client/src/boot.ts') } },
    { ...common, entryPoints: { clientMain: at('client/src/extension.ts') }, external: ['vscode'], banner: { js: bodyHead }, footer: { js: bodyTail } },
    // The server: a tiny launcher (code cache) and its body, which is one function
    // expression like the CLI's (below); the validation worker thread as it is.
    { ...common, entryPoints: { server: at('server/src/serverBoot.ts') } },
    { ...common, entryPoints: { serverMain: at('server/src/server.ts') }, banner: { js: bodyHead }, footer: { js: bodyTail } },
    { ...common, entryPoints: { validationWorker: at('server/src/validationWorker.ts') } },
    // The CLI: a tiny launcher (code cache) and its body, loaded through the cache.
    { ...common, entryPoints: { cli: at('server/src/cli.ts') }, banner: { js: '#!/usr/bin/env node' } },
    // The body is one function expression, run by cli/codeCache.ts as node runs a module:
    // V8 gets the file's text as it is, where a module wrapper added at run time would
    // make a second copy of the whole bundle (a young-generation collection in a
    // one-file run).
    { ...common, entryPoints: { cliMain: at('server/src/cli/run.ts') }, banner: { js: bodyHead }, footer: { js: bodyTail } },
  ];
}
