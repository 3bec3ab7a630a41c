// Benchmark of the grammar from installed schemas (io/grammarLoader.ts): the cold
// compile of /usr/share/libvirt/schemas (first in its process, as at server
// start), a warm compile, reopening from memory and from the disk cache,
// recognising the bundled grammar's own files, and the CLI's --schemas runs.
// Run by npm run bench in its own process (so the first compile is the first);
// alone: node scripts/build.mjs --tests && node out/tools/bench/benchSchemas.js

import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseGrammar, clearGrammarMemory } from '../../server/src/io/grammarLoader';
import { HOST_SCHEMA_DIR } from '../../server/src/io/schemaDir';
import { realisticDomain } from '../robustness/fuzzCorpus/domains';
import { percentiles, type Result } from './stats';

function timeIt(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function benchSchemas(): Result[] {
  if (!existsSync(join(HOST_SCHEMA_DIR, 'domain.rng'))) return [{ name: 'host schemas', figure: `skipped: no ${HOST_SCHEMA_DIR}` }];
  const out: Result[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'libvirt-xml-bench-schemas-'));
  try {
    // A copy with one comment added: the same grammar, but not the bundled files, so it is really compiled.
    const copy = join(tmp, 'schemas');
    cpSync(HOST_SCHEMA_DIR, copy, { recursive: true });
    appendFileSync(join(copy, 'domain.rng'), '<!-- bench -->\n');
    const cacheDir = join(tmp, 'cache');
    let source = '';
    const cold = timeIt(() => (source = chooseGrammar({ useHost: true, schemasPath: copy, cacheDir }).info.source));
    out.push({ name: `host schemas: cold compile of ${HOST_SCHEMA_DIR} (a copy, first in process; ${source})`, ms: cold });
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      clearGrammarMemory();
      rmSync(cacheDir, { recursive: true, force: true });
      warm.push(timeIt(() => chooseGrammar({ useHost: true, schemasPath: copy })));
    }
    out.push({ name: 'host schemas: compile, warm (5 runs)', ...percentiles(warm) });
    chooseGrammar({ useHost: true, schemasPath: copy, cacheDir });
    const memory = Array.from({ length: 50 }, () => timeIt(() => chooseGrammar({ useHost: true, schemasPath: copy, cacheDir })));
    out.push({ name: 'host schemas: reopened from memory (read + digest, 50 runs)', ...percentiles(memory) });
    const disk = Array.from({ length: 10 }, () => {
      clearGrammarMemory();
      return timeIt(() => chooseGrammar({ useHost: true, schemasPath: copy, cacheDir }));
    });
    out.push({ name: 'host schemas: reopened from the disk cache (10 runs)', ...percentiles(disk) });
    const same = Array.from({ length: 20 }, () => {
      clearGrammarMemory();
      return timeIt(() => chooseGrammar({ useHost: true, schemasPath: HOST_SCHEMA_DIR }));
    });
    out.push({ name: `host schemas: ${HOST_SCHEMA_DIR} recognised as the bundled grammar's files (20 runs)`, ...percentiles(same) });

    const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
    const cliAlt = join(process.cwd(), 'dist', 'cli.js');
    const cliPath = existsSync(cliAlt) ? cliAlt : cli;
    if (existsSync(cliPath)) {
      const file = join(tmp, 'domain.xml');
      writeFileSync(file, realisticDomain({ lines: 200, seed: 7 }));
      const env = { ...process.env, LIBVIRT_XML_LINT_CACHE: join(tmp, 'cli-cache') };
      const run = (args: string[]) => {
        const t0 = performance.now();
        spawnSync(process.execPath, [cliPath, ...args, file], { env, stdio: 'ignore' });
        return performance.now() - t0;
      };
      run([]); // fills the code cache
      const best = (args: string[], n = 3) => Math.min(...Array.from({ length: n }, () => run(args)));
      out.push({ name: 'CLI one file, bundled grammar (best of 3)', ms: best([]) });
      out.push({ name: 'CLI one file, --schemas auto (the bundled files; best of 3)', ms: best(['--schemas', 'auto']) });
      rmSync(join(tmp, 'cli-cache', 'grammars'), { recursive: true, force: true });
      out.push({ name: 'CLI one file, --schemas COPY, first run (compiles, fills the cache)', ms: run(['--schemas', copy]) });
      out.push({ name: 'CLI one file, --schemas COPY, cached (best of 3)', ms: best(['--schemas', copy]) });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

if (require.main === module) {
  for (const r of benchSchemas()) console.log(`${r.name}: ${r.figure ?? (r.ms !== undefined ? `${r.ms.toFixed(1)} ms` : `p50 ${r.p50!.toFixed(1)} ms, p99 ${r.p99!.toFixed(1)} ms`)}`);
}
