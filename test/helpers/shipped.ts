// The shipped bundles, built the way scripts/build.mjs --production builds them
// (scripts/bundles.mjs holds the settings), into a directory of the caller's:
// the benchmarks measure what users run.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Bundles {
  shippedBuilds(root: string, outdir: string, production: boolean): import('esbuild').BuildOptions[];
}

/** Builds client, server, validation worker and CLI of `repo`, minified, into `outdir`. */
export async function buildShipped(repo: string, outdir: string): Promise<void> {
  const esbuild = createRequire(join(repo, 'package.json'))('esbuild') as typeof import('esbuild');
  // A variable specifier, so esbuild keeps this a real import() of the .mjs file.
  const specifier = pathToFileURL(join(repo, 'scripts', 'bundles.mjs')).href;
  const bundles = (await import(specifier)) as Bundles;
  await Promise.all(bundles.shippedBuilds(repo, outdir, true).map((b) => esbuild.build({ ...b, logLevel: 'error' })));
}
