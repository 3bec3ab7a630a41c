// Differential fuzzing of the grammar validator against xmllint --relaxng:
// seeded single mutations of the valid documents of libvirt's schema-test
// corpus; every verdict must equal xmllint's, and at least 90 % of our
// problems must start on the line of the mutation (for a deleted element or
// attribute: the start tag of the element that lost it). SCHEMA_FUZZ_MUTANTS
// sets the count (10,000 by default); SCHEMA_FUZZ_SEED the first seed.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { parseXml } from '../../server/src/xml/parser';
import { corpusDirs, corpusFiles, haveLibvirtSchemas, haveXmllint, libvirtSrc, xmllintVerdicts } from '../helpers/schemaCorpus';
import { mutate, type Mutant } from '../helpers/schemaMutants';

const count = Number(process.env.SCHEMA_FUZZ_MUTANTS ?? 10_000);
const firstSeed = Number(process.env.SCHEMA_FUZZ_SEED ?? 1);

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

test(`${count} seeded mutants: verdicts equal xmllint's, problems on the mutated line`, (t) => {
  if (!haveLibvirtSchemas()) return t.skip(`libvirt source not found at ${libvirtSrc}`);
  if (!haveXmllint()) return t.skip('xmllint not installed (apt-get install libxml2-utils)');
  const grammar = bundledGrammar();
  // Bases: the corpus files the schema accepts (by libvirt's naming rule; the corpus test checks it against xmllint).
  const bases = corpusFiles()
    .filter((f) => !/-invalid\./.test(f.path))
    .map((f) => ({ ...f, text: readFileSync(f.path, 'utf8') }));
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-fuzz-'));
  try {
    const mutants: Array<Mutant & { file: string; schema: string; root: string; base: string; seed: number }> = [];
    for (let seed = firstSeed; mutants.length < count; seed++) {
      const base = bases[seed % bases.length];
      const m = mutate(base.text, seed);
      if (!m) continue;
      const file = join(dir, `m${seed}.xml`);
      writeFileSync(file, m.text);
      mutants.push({ ...m, file, schema: base.schema, root: base.root, base: base.path, seed });
    }
    const reference = new Map<string, boolean>();
    for (const entry of corpusDirs) {
      const group = mutants.filter((m) => m.schema === entry.schema).map((m) => m.file);
      for (const [f, v] of xmllintVerdicts(entry.schema, group)) reference.set(f, v);
    }
    const mismatches: string[] = [];
    const byKind = new Map<string, { n: number; invalid: number }>();
    let problems = 0;
    let onLine = 0;
    let invalid = 0;
    const offLine: string[] = [];
    for (const m of mutants) {
      const xml = parseXml(m.text);
      const result = grammar.validate(xml, { root: m.root });
      // A mutant that is not well-formed any more is refused by both; the parser says so.
      const syntax = xml.problems.some((p) => p.code !== 'xml-doctype');
      const ours = result.problems.length === 0 && !syntax;
      const theirs = reference.get(m.file)!;
      const k = byKind.get(m.kind) ?? { n: 0, invalid: 0 };
      k.n++;
      if (!theirs) {
        k.invalid++;
        invalid++;
      }
      byKind.set(m.kind, k);
      if (ours !== theirs) {
        mismatches.push(`seed ${m.seed} (${m.base}): ${m.description}; xmllint ${theirs ? 'accepts' : 'refuses'}, we ${ours ? 'accept' : `refuse: ${result.problems[0]?.message ?? 'syntax'}`}`);
        continue;
      }
      for (const p of result.problems) {
        problems++;
        if (m.lines.includes(lineOf(m.text, p.start))) onLine++;
        else if (offLine.length < 15) offLine.push(`seed ${m.seed}: ${m.description} (line ${m.lines.join('/')}) → line ${lineOf(m.text, p.start)}: ${p.message}`);
      }
    }
    t.diagnostic(`${mutants.length} mutants of ${bases.length} valid corpus files (seeds ${firstSeed}…): xmllint refuses ${invalid}; ${mutants.length - mismatches.length} equal verdicts, ${mismatches.length} different`);
    t.diagnostic(`by kind: ${[...byKind].map(([kind, v]) => `${kind} ${v.n} (${v.invalid} refused)`).join(', ')}`);
    t.diagnostic(`our problems: ${problems}, on the mutated line: ${onLine} (${((100 * onLine) / Math.max(1, problems)).toFixed(1)} %); ${(problems / Math.max(1, invalid)).toFixed(2)} per refused mutant`);
    for (const o of offLine) t.diagnostic(`off line: ${o}`);
    assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} verdicts differ`);
    assert.ok(onLine >= 0.9 * problems, `only ${onLine} of ${problems} problems on the mutated line`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
