// Benchmark of the grammar validator (server/src/schema), side by side with
// xmllint --relaxng in one process (what virt-xml-validate runs): the first
// validation after start, a 200-line domain warm, a 30,000-line domain, and
// libvirt's whole schema-test corpus. Run by npm run bench in its own process,
// so the first validation is really the first.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { parseXml } from '../../server/src/xml/parser';
import { realisticDomain } from '../robustness/fuzzCorpus/domains';
import { percentiles, type Result } from './stats';
import { corpusDirs, corpusFiles, haveLibvirtSchemas, haveXmllint, libvirtSrc, schemaDir } from '../helpers/schemaCorpus';

function sample(runs: number, warmup: number, fn: () => unknown): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** xmllint's validation time per document: one process over `copies` paths of the file, minus parsing only. */
function xmllintPerDoc(file: string, copies: number): number | undefined {
  const paths = Array.from({ length: copies }, () => file);
  const run = (extra: string[]) => {
    const t0 = performance.now();
    const r = spawnSync('xmllint', ['--noout', ...extra, ...paths], { stdio: 'ignore' });
    return r.status === 0 ? performance.now() - t0 : undefined;
  };
  const best = (extra: string[]) => Math.min(...[0, 1, 2].map(() => run(extra) ?? Infinity));
  const validate = best(['--relaxng', join(schemaDir, 'domain.rng')]);
  const parse = best([]);
  return Number.isFinite(validate) ? (validate - parse) / copies : undefined;
}

export function benchGrammar(): Result[] {
  const out: Result[] = [];
  const pciBridge = join(libvirtSrc, 'tests/qemuxmlconfdata/pci-bridge.x86_64-latest.xml');
  const haveSource = haveLibvirtSchemas();
  const firstText = haveSource ? readFileSync(pciBridge, 'utf8') : realisticDomain({ lines: 223, seed: 3 });
  const firstXml = parseXml(firstText);
  const t0 = performance.now();
  const grammar = bundledGrammar();
  const first = grammar.validate(firstXml);
  out.push({ name: `grammar: first validation after start (${haveSource ? 'pci-bridge, 223 lines' : '223-line domain'}; budget 30 ms)`, ms: performance.now() - t0 });
  if (first.problems.length) out.push({ name: 'grammar: unexpected problems in the first document', figure: first.problems[0].message });

  const d200 = realisticDomain({ lines: 200, seed: 5 });
  const x200 = parseXml(d200);
  const warm = percentiles(sample(2000, 200, () => grammar.validate(x200)));
  out.push({ name: 'grammar: 200-line domain, warm, p50 (budget 0.5 ms)', ms: warm.p50 });
  out.push({ name: 'grammar: 200-line domain, warm', ...warm });

  const d30k = realisticDomain({ lines: 30_000, seed: 6 });
  const x30k = parseXml(d30k);
  const big = percentiles(sample(15, 3, () => grammar.validate(x30k)));
  out.push({ name: 'grammar: 30,000-line domain, p50 (budget 50 ms)', ms: big.p50 });

  if (haveXmllint()) {
    const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-bench-grammar-'));
    try {
      const f200 = join(dir, 'd200.xml');
      const f30k = join(dir, 'd30k.xml');
      writeFileSync(f200, d200);
      writeFileSync(f30k, d30k);
      const x1 = xmllintPerDoc(f200, 500);
      const x2 = xmllintPerDoc(f30k, 5);
      out.push({ name: 'xmllint --relaxng, one process, same 200-line domain (validation only, per document)', figure: x1 === undefined ? 'failed' : `${x1.toFixed(3)} ms (ours ${warm.p50.toFixed(3)} ms: ${(x1 / warm.p50).toFixed(1)}× faster)` });
      out.push({ name: 'xmllint --relaxng, one process, same 30,000-line domain', figure: x2 === undefined ? 'failed' : `${x2.toFixed(1)} ms (ours ${big.p50.toFixed(1)} ms: ${(x2 / big.p50).toFixed(1)}× faster)` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else out.push({ name: 'xmllint', figure: 'not installed: no side-by-side figures' });

  if (haveSource) {
    const files = corpusFiles();
    const docs = files.map((f) => ({ root: f.root, xml: parseXml(readFileSync(f.path, 'utf8')) }));
    const ours = Math.min(...[0, 1, 2].map(() => {
      const t = performance.now();
      for (const d of docs) grammar.validate(d.xml, { root: d.root });
      return performance.now() - t;
    }));
    let theirs = 0;
    if (haveXmllint()) {
      const t = performance.now();
      for (const entry of corpusDirs) {
        const group = files.filter((f) => f.schema === entry.schema).map((f) => f.path);
        for (let i = 0; i < group.length; i += 400) spawnSync('xmllint', ['--noout', '--relaxng', join(schemaDir, entry.schema), ...group.slice(i, i + 400)], { stdio: 'ignore' });
      }
      theirs = performance.now() - t;
    }
    out.push({
      name: `grammar: libvirt's schema-test corpus, ${files.length} files (trees parsed beforehand)`,
      figure: `${ours.toFixed(0)} ms (${((1000 * ours) / files.length).toFixed(0)} µs/file)${theirs ? `; xmllint, ${Math.ceil(files.length / 400) + corpusDirs.length - 1} processes incl. parsing: ${theirs.toFixed(0)} ms` : ''}`,
    });
    out.push({ name: 'grammar: interned patterns after the corpus', figure: String(grammar.store().size) });
  }
  out.push({ name: 'grammar: heap used after the run', figure: `${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB` });
  return out;
}

if (require.main === module) {
  for (const r of benchGrammar()) console.log(`${r.name}: ${r.figure ?? (r.ms !== undefined ? `${r.ms.toFixed(3)} ms` : `p50 ${r.p50!.toFixed(3)} ms, p99 ${r.p99!.toFixed(3)} ms`)}`);
}
