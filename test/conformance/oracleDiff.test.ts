// Differential test against the live libvirt oracle: a deterministic corpus of
// single-mutation CPU-area documents, each judged by libvirt (schema check +
// domxml-to-native, which runs parse, validation and start preparation) and
// by us. Every error of ours must be a refusal by libvirt; at least 95% of
// libvirt's refusals must be errors of ours. Skips when virsh is not usable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { service } from '../helpers/engine';
import { corpus, type OracleCase } from './oracleCorpus';
import { libvirtVerdict, oracleUsable, pool } from '../helpers/oracle';

function ourErrors(xml: string): string[] {
  const svc = service();
  const doc = svc.parse(TextDocument.create('file:///oracle.xml', 'xml', 1, xml));
  return svc
    .doValidation(doc)
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.code}: ${d.message}`);
}


test('differential test against live libvirt', async (t) => {
  if (!oracleUsable()) return t.skip('virsh/virt-xml-validate not usable: run ../shared/tools/libvirt-oracle-setup.sh');
  const cases: OracleCase[] = corpus(20261121);
  const dir = mkdtempSync(join(tmpdir(), 'oracle-diff-'));
  try {
    const results = await pool(cases, 4, async (c, ) => {
      const file = join(dir, `${c.id}.xml`);
      writeFileSync(file, c.xml);
      return { c, verdict: await libvirtVerdict(file), ours: ourErrors(c.xml) };
    });
    const judged = results.filter((r) => !r.verdict.hostDependent);
    const refusals = judged.filter((r) => r.verdict.refused);
    const ourErrs = judged.filter((r) => r.ours.length > 0);
    const falseErrors = ourErrs.filter((r) => !r.verdict.refused);
    const caught = refusals.filter((r) => r.ours.length > 0);
    const precision = ourErrs.length ? (100 * (ourErrs.length - falseErrors.length)) / ourErrs.length : 100;
    const recall = refusals.length ? (100 * caught.length) / refusals.length : 100;
    console.log(
      `oracle differential: ${cases.length} cases (${results.length - judged.length} host-dependent, left out); ` +
        `libvirt refused ${refusals.length}, we reported errors on ${ourErrs.length}; ` +
        `our errors that libvirt refused: ${ourErrs.length - falseErrors.length}/${ourErrs.length} (${precision.toFixed(1)}%); ` +
        `libvirt refusals we caught: ${caught.length}/${refusals.length} (${recall.toFixed(1)}%)`,
    );
    for (const r of falseErrors) console.log(`  FALSE ERROR ${r.c.id} [${r.c.mutation}]: ${r.ours.join(' | ')}`);
    for (const r of refusals.filter((x) => x.ours.length === 0)) console.log(`  missed ${r.c.id} [${r.c.mutation}]: ${r.verdict.message}`);
    assert.ok(cases.length >= 300, `corpus has ${cases.length} cases, expected at least 300`);
    assert.deepEqual(falseErrors.map((r) => r.c.id), [], 'every error of ours must be a refusal by libvirt');
    assert.ok(recall >= 95, `recall ${recall.toFixed(1)}% is below 95%`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
