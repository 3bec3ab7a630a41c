// Differential test against the live libvirt oracle: a deterministic corpus of
// single-mutation CPU-area documents, each judged by libvirt (schema check +
// domxml-to-native, which runs parse, validation and start preparation) and
// by us. Every error of ours must be a refusal by libvirt; at least 95% of
// libvirt's refusals must be errors of ours. Skips when virsh is not usable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { service } from '../helpers/engine';
import { corpus, type OracleCase } from './oracleCorpus';
import { oracleUri, oracleUsable } from '../helpers/oracle';

const uri = oracleUri;

/** Refusals that depend on this machine (its CPU, NUMA nodes, QEMU build), not on the document. */
const hostDependent = /incompatible with host CPU|Host CPU|not supported by hypervisor|is unavailable|numad|host NUMA|cannot be reliably used with this QEMU|this QEMU binary|KVM is not supported|\/dev\/kvm/;

function run(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ ok: !error, out: (stderr || stdout || String(error ?? '')).trim() });
    });
  });
}

interface Verdict {
  refused: boolean;
  hostDependent: boolean;
  message: string;
}

async function libvirtVerdict(file: string): Promise<Verdict> {
  const schema = await run('virt-xml-validate', [file, 'domain']);
  if (!schema.ok) return { refused: true, hostDependent: false, message: `schema: ${lastLine(schema.out)}` };
  const native = await run('virsh', ['-c', uri, 'domxml-to-native', 'qemu-argv', file]);
  if (native.ok) return { refused: false, hostDependent: false, message: '' };
  const message = lastLine(native.out);
  return { refused: true, hostDependent: hostDependent.test(message), message };
}

function lastLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l && !/^-+\^?$/.test(l));
  const err = lines.filter((l) => l.startsWith('error:'));
  return (err.length ? err[err.length - 1] : lines[lines.length - 1] ?? '').replace(/^error: /, '');
}

function ourErrors(xml: string): string[] {
  const svc = service();
  const doc = svc.parse(TextDocument.create('file:///oracle.xml', 'xml', 1, xml));
  return svc
    .doValidation(doc)
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.code}: ${d.message}`);
}


/** Runs `fn` over `items` with at most `width` in flight. */
async function pool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
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
