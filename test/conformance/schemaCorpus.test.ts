// Agreement with libvirt's schema on libvirt's own schema-test corpus (the
// directories tests/virschematest.c checks, as far as the 11.3 test tree has
// them): for every file, our verdict (any grammar problem, or none) equals
// xmllint --relaxng's, which is what virt-xml-validate runs. Without xmllint,
// libvirt's own rule stands in: a file fails exactly when its name says
// "-invalid." (two listed output files excepted).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { parseXml } from '../../server/src/xml/parser';
import { corpusDirs, corpusFiles, haveLibvirtSchemas, haveXmllint, libvirtSrc, xmllintVerdicts, xmllintVersion } from '../helpers/schemaCorpus';

/** Outputs of invalid inputs that libvirt's test lists as valid anyway. */
const exceptions = new Set(['disk-cdrom-empty-network-invalid.x86_64-latest.xml', 'numatune-auto-nodeset-invalid.x86_64-latest.xml']);

function libvirtsRule(path: string): boolean {
  const name = basename(path);
  return !name.includes('-invalid.') || exceptions.has(name);
}

test("our grammar verdicts equal xmllint's on libvirt's schema-test corpus", (t) => {
  if (!haveLibvirtSchemas()) return t.skip(`libvirt source not found at ${libvirtSrc} (set LIBVIRT_SRC to a libvirt 11.3.0 tree)`);
  const files = corpusFiles();
  assert.ok(files.length > 3000, `${files.length} corpus files`);
  const useXmllint = haveXmllint();
  const grammar = bundledGrammar();
  const mismatches: string[] = [];
  let valid = 0;
  for (const entry of corpusDirs) {
    const group = files.filter((f) => f.schema === entry.schema);
    const reference = useXmllint ? xmllintVerdicts(entry.schema, group.map((f) => f.path)) : new Map(group.map((f) => [f.path, libvirtsRule(f.path)]));
    let groupValid = 0;
    for (const f of group) {
      const result = grammar.validate(parseXml(readFileSync(f.path, 'utf8')), { root: f.root });
      assert.ok(result.complete, `${f.path}: validation stopped early`);
      const ours = result.problems.length === 0;
      const theirs = reference.get(f.path)!;
      if (theirs) groupValid++;
      if (ours !== theirs) mismatches.push(`${f.path}: xmllint ${theirs ? 'accepts' : 'refuses'}, we ${ours ? 'accept' : `refuse (${result.problems[0].message})`}`);
    }
    valid += groupValid;
    t.diagnostic(`${entry.schema}: ${group.length} files, ${groupValid} valid, ${group.length - groupValid} invalid`);
  }
  t.diagnostic(`schema corpus: ${files.length} files (${valid} valid, ${files.length - valid} invalid) against ${useXmllint ? xmllintVersion() : "libvirt's -invalid. naming rule (xmllint not installed)"}; ${files.length - mismatches.length} equal verdicts, ${mismatches.length} different`);
  assert.deepEqual(mismatches, []);
});
