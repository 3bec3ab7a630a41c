// One esbuild script for every bundle: client, server and CLI (shipped in the
// .vsix), plus the data generator and the test files (never shipped).
// Usage: node scripts/build.mjs [--production] [--tests] [--generator] [--watch]
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { commonOptions, shippedBuilds } from './bundles.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const common = commonOptions(production);

/** Every `*.ts` file under `dir` whose name matches `pattern`. */
function findFiles(dir, pattern) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findFiles(path, pattern));
    else if (pattern.test(name)) out.push(path);
  }
  return out;
}

const builds = shippedBuilds('.', 'dist', production);
if (args.has('--generator') || args.has('--tests')) {
  builds.push({ ...common, entryPoints: { generate: 'data/generate.ts', generateQemu: 'data/generateQemu.ts', generateGrammar: 'data/grammar/generate.ts', generateUsage: 'data/usage/generate.ts' }, outdir: 'out' });
}
if (args.has('--tests')) {
  rmSync('out/test', { recursive: true, force: true });
  rmSync('out/tools', { recursive: true, force: true });
  // Test files go to out/test (everything there is run by `node --test out/test/`);
  // runners and benchmarks go to out/tools.
  const entry = (files) => Object.fromEntries(files.map((f) => [relative('test', f).replace(/\.ts$/, ''), f]));
  const testBuild = { ...common, sourcemap: 'inline', external: ['vscode', '@vscode/test-electron', 'playwright-core'] };
  builds.push({ ...testBuild, entryPoints: entry(findFiles('test', /\.test\.ts$/)), outdir: 'out/test' });
  builds.push({ ...testBuild, entryPoints: entry(findFiles('test', /^(bench|run)[A-Za-z]*\.ts$/)), outdir: 'out/tools' });
}

if (production) rmSync('dist', { recursive: true, force: true });
if (args.has('--watch')) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
