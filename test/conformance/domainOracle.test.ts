// Differential test of the whole-domain families against live libvirt: the
// single-mutation corpus of domainCorpus.ts, each document judged by libvirt
// (schema, then domxml-to-native: parse, post-parse, validation, command line)
// and by us. Every error of ours must be a refusal by libvirt; at least 95% of
// the refusals beyond the schema must be errors of ours (host-dependent ones
// left out and counted; schema-only refusals are the grammar family's and are
// counted apart). Every preferred quick-fix for an error is applied and the
// fixed document judged again: libvirt must accept it. Skips without virsh.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { service } from '../helpers/engine';
import { libvirtVerdict, oracleUsable, pool } from '../helpers/oracle';
import { domainBaseDocument, domainCorpus } from './domainCorpus';

interface Ours {
  errors: string[];
  /** The text after the first error's preferred fix, when it has one. */
  fixed: string | undefined;
  fixTitle: string | undefined;
}

function ours(xml: string): Ours {
  const svc = service();
  const doc = svc.parse(TextDocument.create('file:///oracle.xml', 'xml', 1, xml));
  const diags = svc.doValidation(doc).filter((d) => d.severity === DiagnosticSeverity.Error);
  let fixed: string | undefined;
  let fixTitle: string | undefined;
  for (const d of diags) {
    const action = svc.doCodeActions(doc, d.range, [d]).find((a) => a.isPreferred && a.diagnostics?.[0]?.code === d.code);
    const edits = action?.edit?.changes?.[doc.textDocument.uri];
    if (action && edits) {
      fixed = TextDocument.applyEdits(doc.textDocument, edits);
      fixTitle = `${d.code}: ${action.title}`;
      break;
    }
  }
  return { errors: diags.map((d) => `${d.code}: ${d.message}`), fixed, fixTitle };
}

test('whole-domain differential test against live libvirt', async (t) => {
  if (!oracleUsable()) return t.skip('virsh/virt-xml-validate not usable: run ../shared/tools/libvirt-oracle-setup.sh');
  const cases = domainCorpus();
  const dir = mkdtempSync(join(tmpdir(), 'domain-oracle-'));
  const started = Date.now();
  try {
    assert.deepEqual(ours(domainBaseDocument()).errors, [], 'the base document is clean for us');
    writeFileSync(join(dir, 'base.xml'), domainBaseDocument());
    assert.equal((await libvirtVerdict(join(dir, 'base.xml'))).refused, false, 'libvirt accepts the base document');
    const results = await pool(cases, 4, async (c) => {
      const file = join(dir, `${c.id}.xml`);
      writeFileSync(file, c.xml);
      const mine = ours(c.xml);
      const verdict = await libvirtVerdict(file);
      let fixVerdict;
      if (mine.fixed !== undefined && verdict.refused) {
        const fixedFile = join(dir, `${c.id}.fixed.xml`);
        writeFileSync(fixedFile, mine.fixed);
        // Judge the fix only when it leaves nothing else for us to report: then libvirt must accept it.
        if (ours(mine.fixed).errors.length === 0) fixVerdict = await libvirtVerdict(fixedFile);
      }
      return { c, verdict, mine, fixVerdict };
    });
    const judged = results.filter((r) => !r.verdict.hostDependent);
    const ourErrs = judged.filter((r) => r.mine.errors.length > 0);
    const falseErrors = ourErrs.filter((r) => !r.verdict.refused);
    const semantic = judged.filter((r) => r.verdict.refused && !r.verdict.message.startsWith('schema:'));
    const schemaOnly = judged.filter((r) => r.verdict.refused && r.verdict.message.startsWith('schema:'));
    const caught = semantic.filter((r) => r.mine.errors.length > 0);
    const fixes = results.filter((r) => r.fixVerdict !== undefined);
    const badFixes = fixes.filter((r) => r.fixVerdict!.refused && !r.fixVerdict!.hostDependent);
    const precision = ourErrs.length ? (100 * (ourErrs.length - falseErrors.length)) / ourErrs.length : 100;
    const recall = semantic.length ? (100 * caught.length) / semantic.length : 100;
    console.log(
      `domain oracle differential: ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(${results.length - judged.length} host-dependent, left out); libvirt refused ${semantic.length} beyond the schema ` +
        `and ${schemaOnly.length} by the schema (we caught ${schemaOnly.filter((r) => r.mine.errors.length > 0).length} of those); ` +
        `our errors that libvirt refused: ${ourErrs.length - falseErrors.length}/${ourErrs.length} (${precision.toFixed(1)}%); ` +
        `refusals beyond the schema we caught: ${caught.length}/${semantic.length} (${recall.toFixed(1)}%); ` +
        `preferred fixes accepted by libvirt: ${fixes.length - badFixes.length}/${fixes.length}`,
    );
    for (const r of results.filter((x) => x.verdict.hostDependent)) console.log(`  host-dependent ${r.c.id} [${r.c.mutation}]: ${r.verdict.message}`);
    for (const r of falseErrors) console.log(`  FALSE ERROR ${r.c.id} [${r.c.mutation}]: ${r.mine.errors.join(' | ')}`);
    for (const r of semantic.filter((x) => x.mine.errors.length === 0)) console.log(`  missed ${r.c.id} [${r.c.mutation}]: ${r.verdict.message}`);
    for (const r of badFixes) console.log(`  FIX REFUSED ${r.c.id} [${r.c.mutation}] ${r.mine.fixTitle}: ${r.fixVerdict!.message}`);
    assert.ok(cases.length >= 1000, `corpus has ${cases.length} cases, expected at least 1000`);
    assert.deepEqual(falseErrors.map((r) => r.c.id), [], 'every error of ours must be a refusal by libvirt');
    assert.ok(recall >= 95, `recall ${recall.toFixed(1)}% is below 95%`);
    assert.deepEqual(badFixes.map((r) => r.c.id), [], 'every preferred fix must give a document libvirt accepts');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
