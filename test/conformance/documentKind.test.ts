// Every libvirt 11.3 test document of every kind is still recognised as
// libvirt's from its start (test/unit/documentKind.test.ts has the foreign
// ones): the schema-test corpus by its expected root, and the bare <cpu>
// documents of cputestdata (virsh cpu-compare / cpu-baseline inputs).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { examineDocument, rootElementName } from '../../server/src/domain/documentKind';
import { corpusFiles, haveLibvirtSchemas, libvirtSrc } from '../helpers/schemaCorpus';

test("every libvirt test document is recognised as libvirt's, as its kind", (t) => {
  if (!haveLibvirtSchemas()) return t.skip(`libvirt source not found at ${libvirtSrc} (set LIBVIRT_SRC to a libvirt 11.3.0 tree)`);
  const files = corpusFiles().map((f) => ({ path: f.path, root: f.root }));
  const cpuDir = join(libvirtSrc, 'tests/cputestdata');
  let cpus = 0;
  if (existsSync(cpuDir)) {
    for (const name of readdirSync(cpuDir).sort()) {
      if (!name.endsWith('.xml')) continue;
      const path = join(cpuDir, name);
      // The folder also holds <cpudata>/<cpuTest> files of libvirt's own test harness: the root's name picks.
      if (rootElementName(readFileSync(path, 'utf8')) !== 'cpu') continue;
      files.push({ path, root: 'cpu' });
      cpus++;
    }
  }
  assert.ok(files.length > 3500 && cpus > 200, `${files.length} files, ${cpus} bare CPUs`);
  const missed: string[] = [];
  const perRoot = new Map<string, number>();
  for (const f of files) {
    const v = examineDocument(readFileSync(f.path, 'utf8'));
    if (v.verdict !== 'libvirt' || v.kind !== f.root) missed.push(`${f.path.slice(libvirtSrc.length + 1)}: ${v.verdict} (${v.reason ?? v.kind})`);
    perRoot.set(f.root, (perRoot.get(f.root) ?? 0) + 1);
  }
  t.diagnostic(`${files.length - missed.length} of ${files.length} recognised: ${[...perRoot].map(([r, n]) => `${n} ${r}`).join(', ')}`);
  assert.deepEqual(missed, []);
});
