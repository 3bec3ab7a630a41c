// Replays the <cpu> element rule cases and every quick-fix against live libvirt (virt-xml-validate
// and domxml-to-native, define + dumpxml for dropped items); skips when virsh is not usable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { service } from '../helpers/engine';
import { cpuElementCodes } from '../../server/src/rules/cpuElement/codes';
import { oracleUri, oracleUsable } from '../helpers/oracle';

const uri = oracleUri;
const mine: ReadonlySet<string> = new Set(Object.keys(cpuElementCodes));
/** Refusals that depend on this machine (no KVM here: host-passthrough cannot start under TCG). */
const hostDependent = /not supported by hypervisor|incompatible with host CPU|Host CPU|this QEMU binary|KVM is not supported|\/dev\/kvm/;

interface Case {
  id: string;
  /** The <cpu> element (and any other domain children). */
  body: string;
  /** `<vcpu>` text; null leaves `<vcpu>` out. */
  vcpu?: string | null;
  arch?: string;
  /** Must match the input and must not match `virsh dumpxml --inactive` after define (something libvirt drops). */
  gone?: RegExp;
}

const cases: Case[] = [
  { id: 'clean', body: `<cpu mode='custom' match='exact' check='partial'><model fallback='forbid' vendor_id='GenuineIntel'>qemu64</model><vendor>AMD</vendor><topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/><cache level='3' mode='emulate'/><maxphysaddr mode='emulate' bits='39'/><feature policy='require' name='sse2'/></cpu>` },
  { id: 'mode-invalid', body: `<cpu mode='Host-Model' migratable='on'><model>qemu64</model></cpu>` },
  { id: 'migratable-custom', body: `<cpu mode='custom' migratable='on'><model>qemu64</model></cpu>` },
  { id: 'migratable-hostmodel', body: `<cpu mode='host-model' migratable='off'/>` },
  { id: 'migratable-yes', body: `<cpu mode='maximum' migratable='yes'/>` },
  { id: 'migratable-default', body: `<cpu mode='maximum' migratable='default'/>` },
  { id: 'match-invalid', body: `<cpu match='Exact'><model>qemu64</model></cpu>` },
  { id: 'match-hostmodel', body: `<cpu mode='host-model' match='minimum'><model>qemu64</model></cpu>`, gone: /match=/ },
  { id: 'match-maximum', body: `<cpu mode='maximum' match='strict'/>`, gone: /match=/ },
  { id: 'match-nomodel', body: `<cpu match='minimum'><topology sockets='1' cores='2' threads='1'/></cpu>`, gone: /match='minimum'/ },
  { id: 'check-nomodel', body: `<cpu check='partial'><topology sockets='1' cores='2' threads='1'/></cpu>`, gone: /check='partial'/ },
  { id: 'check-invalid', body: `<cpu check='foo'><model>qemu64</model></cpu>` },
  { id: 'check-default', body: `<cpu check='default'><model>qemu64</model></cpu>` },
  { id: 'check-none', body: `<cpu mode='custom' check='none'><model>qemu64</model></cpu>` },
  { id: 'deprecated-invalid', body: `<cpu deprecated_features='maybe'><model>qemu64</model></cpu>` },
  { id: 'deprecated-x86', body: `<cpu deprecated_features='off'><model>qemu64</model></cpu>` },
  { id: 'deprecated-maximum', body: `<cpu mode='maximum' deprecated_features='on'/>` },
  { id: 'maximum', body: `<cpu mode='maximum' migratable='on'/>` },
  { id: 'hpt', body: `<cpu mode='host-passthrough' check='none'/>` },
  { id: 'model-maximum', body: `<cpu mode='maximum'><model fallback='forbid'>qemu64</model><vendor>AMD</vendor></cpu>`, gone: /<model|<vendor/ },
  { id: 'model-hpt-bad-vendorid', body: `<cpu mode='host-passthrough'><model vendor_id='short'>qemu64</model></cpu>` },
  { id: 'model-hpt-bad-fallback', body: `<cpu mode='host-passthrough'><model fallback='bogus'/></cpu>` },
  { id: 'vendor-nomodel', body: `<cpu><vendor>Intel</vendor></cpu>` },
  { id: 'vendor-nomodel-hpt', body: `<cpu mode='host-passthrough'><vendor>Intel</vendor></cpu>` },
  { id: 'vendor-empty', body: `<cpu><vendor/></cpu>` },
  { id: 'vendor-blank-nomodel', body: `<cpu><vendor>\n</vendor></cpu>` },
  { id: 'fallback-invalid', body: `<cpu><model fallback='never'>qemu64</model></cpu>` },
  { id: 'vendorid-short', body: `<cpu><model vendor_id='Intel'>qemu64</model></cpu>` },
  { id: 'vendorid-long', body: `<cpu><model vendor_id='MyVendorStringIsLong'>qemu64</model></cpu>` },
  { id: 'vendorid-comma', body: `<cpu><model vendor_id='Genuine,ntel'>qemu64</model></cpu>` },
  { id: 'vendorid-wide12', body: `<cpu><model vendor_id='ÄÄÄÄÄÄÄÄÄÄÄÄ'>qemu64</model></cpu>` },
  { id: 'vendorid-wide6', body: `<cpu><model vendor_id='ÄÄÄÄÄÄ'>qemu64</model></cpu>` },
  { id: 'topo-nosockets', body: `<cpu><topology cores='2' threads='1'/></cpu>` },
  { id: 'topo-nocores', body: `<cpu><topology sockets='1' threads='1'/></cpu>` },
  { id: 'topo-nothreads', body: `<cpu><topology sockets='1' cores='2'/></cpu>` },
  { id: 'topo-zero', body: `<cpu><topology sockets='0' cores='2' threads='1'/></cpu>` },
  { id: 'topo-dies-zero', body: `<cpu><topology sockets='1' dies='0' cores='2' threads='1'/></cpu>` },
  { id: 'topo-negative', body: `<cpu><topology sockets='1' cores='-1' threads='1'/></cpu>` },
  { id: 'topo-text', body: `<cpu><topology sockets='1' clusters='abc' cores='2' threads='1'/></cpu>` },
  { id: 'topo-trailing-blank', body: `<cpu><topology sockets='1' cores='2 ' threads='1'/></cpu>` },
  { id: 'topo-plus', body: `<cpu><topology sockets='+1' cores='2' threads='1'/></cpu>` },
  { id: 'topo-leading-blank', body: `<cpu><topology sockets='1' cores=' 2' threads='1'/></cpu>` },
  { id: 'topo-leading-zero', body: `<cpu><topology sockets='01' cores='2' threads='1'/></cpu>` },
  { id: 'topo-mismatch', body: `<cpu><topology sockets='1' cores='4' threads='1'/></cpu>` },
  { id: 'topo-mismatch-novcpu', body: `<cpu><topology sockets='2' cores='1' threads='1'/></cpu>`, vcpu: null },
  { id: 'topo-current', body: `<cpu><topology sockets='1' cores='2' threads='2'/></cpu>`, vcpu: "<vcpu current='2'>4</vcpu>" },
  { id: 'topo-clusters', body: `<cpu><topology sockets='1' clusters='2' cores='2' threads='1'/></cpu>` },
  { id: 'topo-overflow', body: `<cpu><topology sockets='65536' cores='65536' threads='2'/></cpu>` },
  { id: 'feature-nomodel', body: `<cpu><feature policy='require' name='sse2'/></cpu>` },
  { id: 'feature-nomodel-emptymodel', body: `<cpu><model fallback='allow'/><feature policy='require' name='sse2'/></cpu>` },
  { id: 'feature-hostmodel-nomodel', body: `<cpu mode='host-model'><feature policy='disable' name='vme'/></cpu>` },
  { id: 'feature-policy-invalid', body: `<cpu><model>qemu64</model><feature policy='Disable' name='sse2'/></cpu>` },
  { id: 'feature-policy-missing', body: `<cpu><model>qemu64</model><feature name='sse4.2'/></cpu>` },
  { id: 'feature-noname', body: `<cpu><model>qemu64</model><feature policy='require'/></cpu>` },
  { id: 'feature-emptyname', body: `<cpu><model>qemu64</model><feature policy='require' name=''/></cpu>` },
  { id: 'feature-duplicate', body: `<cpu><model>qemu64</model><feature policy='require' name='sse2'/><feature policy='disable' name='sse2'/></cpu>` },
  { id: 'feature-invtsc', body: `<cpu mode='host-model'><feature policy='require' name='invtsc'/></cpu>` },
  { id: 'feature-invtsc-migratable', body: `<cpu mode='maximum' migratable='on'><feature policy='require' name='invtsc'/></cpu>` },
  { id: 'cache-level4', body: `<cpu><model>qemu64</model><cache level='4' mode='emulate'/></cpu>` },
  { id: 'cache-level-neg', body: `<cpu><model>qemu64</model><cache level='-1' mode='emulate'/></cpu>` },
  { id: 'cache-level-text', body: `<cpu mode='maximum'><cache level='x' mode='disable'/></cpu>` },
  { id: 'cache-level-plus', body: `<cpu><model>qemu64</model><cache level='+3' mode='emulate'/></cpu>` },
  { id: 'cache-level-blank', body: `<cpu><model>qemu64</model><cache level=' 3' mode='emulate'/></cpu>` },
  { id: 'cache-nomode', body: `<cpu><model>qemu64</model><cache level='3'/></cpu>` },
  { id: 'cache-badmode', body: `<cpu mode='maximum'><cache mode='fake'/></cpu>` },
  { id: 'cache-emulate-nolevel', body: `<cpu><model>qemu64</model><cache mode='emulate'/></cpu>` },
  { id: 'cache-disable-level', body: `<cpu><model>qemu64</model><cache level='3' mode='disable'/></cpu>` },
  { id: 'cache-passthrough-custom', body: `<cpu><model>qemu64</model><cache mode='passthrough'/></cpu>` },
  { id: 'cache-two', body: `<cpu mode='maximum'><cache mode='passthrough'/><cache mode='disable'/></cpu>` },
  { id: 'maxphys-nomode', body: `<cpu><model>qemu64</model><maxphysaddr bits='40'/></cpu>` },
  { id: 'maxphys-badmode', body: `<cpu><model>qemu64</model><maxphysaddr mode=' emulate' bits='40'/></cpu>` },
  { id: 'maxphys-bits-neg', body: `<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits='-1'/></cpu>` },
  { id: 'maxphys-bits-text', body: `<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits='many'/></cpu>` },
  { id: 'maxphys-bits-plus', body: `<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits='+40'/></cpu>` },
  { id: 'maxphys-limit0', body: `<cpu mode='maximum'><maxphysaddr mode='passthrough' limit='0'/></cpu>` },
  { id: 'maxphys-limit-emulate', body: `<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits='40' limit='39'/></cpu>` },
  { id: 'maxphys-pt-bits', body: `<cpu mode='maximum'><maxphysaddr mode='passthrough' bits='40'/></cpu>` },
  { id: 'unknown-child', body: `<cpu><model>qemu64</model><topolgy sockets='1' cores='2' threads='1'/></cpu>`, gone: /topolgy/ },
  { id: 'guest-arch', body: `<cpu><arch>x86_64</arch><model>qemu64</model></cpu>` },
  { id: 'unknown-attr', body: `<cpu mode='host-model' foo='bar'><feature polcy='require' name='sse2'/></cpu>` },
  { id: 'two-models', body: `<cpu><model>qemu64</model><model>Broadwell</model></cpu>` },
  { id: 'two-topologies', body: `<cpu><topology sockets='1' cores='2' threads='1'/><topology sockets='1' cores='4' threads='1'/></cpu>` },
  { id: 'two-cpus', body: `<cpu><model>qemu64</model></cpu><cpu mode='foo'><model>Haswell</model></cpu>` },
  { id: 'hyperv-long', body: `<features><acpi/><hyperv mode='custom'><vendor_id state='on' value='KVMKVMKVMKVMX'/></hyperv></features><cpu><model>qemu64</model></cpu>` },
  { id: 'hyperv-comma', body: `<features><acpi/><hyperv mode='custom'><vendor_id state='on' value='KVM,KVM'/></hyperv></features><cpu><model>qemu64</model></cpu>` },
  { id: 'hyperv-novalue', body: `<features><acpi/><hyperv mode='custom'><vendor_id state='on'/></hyperv></features><cpu><model>qemu64</model></cpu>` },
  { id: 'hyperv-off-long', body: `<features><acpi/><hyperv mode='custom'><vendor_id state='off' value='KVMKVMKVMKVMX'/></hyperv></features><cpu><model>qemu64</model></cpu>` },
  { id: 'hyperv-short', body: `<features><acpi/><hyperv mode='custom'><vendor_id state='on' value='KVMKVM'/></hyperv></features><cpu><model>qemu64</model></cpu>` },
  { id: 'hyperv-wide', body: `<features><acpi/><hyperv mode='custom'><vendor_id state='on' value='ÄÄÄÄÄÄÄ'/></hyperv></features><cpu><model>qemu64</model></cpu>` },
];

function xmlFor(c: Case, name: string, body = c.body): string {
  const vcpu = c.vcpu === null ? '' : c.vcpu?.startsWith('<') ? `\n  ${c.vcpu}` : `\n  <vcpu>${c.vcpu ?? '2'}</vcpu>`;
  return `<domain type='qemu'>\n  <name>${name}</name>\n  <memory unit='MiB'>256</memory>${vcpu}\n  <os><type arch='${c.arch ?? 'x86_64'}'>hvm</type></os>\n  ${body}\n</domain>\n`;
}

function run(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 60_000 }, (error, stdout, stderr) => resolve({ ok: !error, out: `${stderr}\n${stdout}`.trim() }));
  });
}

/** libvirt's error line without virsh's "error: " and the error-code prefix. */
function libvirtMessage(out: string): string {
  const lines = out.split('\n').filter((l) => l.startsWith('error:') && !l.includes('Failed to'));
  return (lines[lines.length - 1] ?? '').replace(/^error: /, '');
}

interface Verdict {
  schemaOk: boolean;
  nativeOk: boolean;
  nativeMessage: string;
  hostDependent: boolean;
}

async function verdict(file: string): Promise<Verdict> {
  const [schema, native] = await Promise.all([run('virt-xml-validate', [file, 'domain']), run('virsh', ['-c', uri, 'domxml-to-native', 'qemu-argv', file])]);
  const nativeMessage = native.ok ? '' : libvirtMessage(native.out);
  return { schemaOk: schema.ok, nativeOk: native.ok, nativeMessage, hostDependent: !native.ok && hostDependent.test(nativeMessage) };
}

/** What libvirt keeps after `define`, then undefines. */
async function dumpAfterDefine(file: string, name: string): Promise<string> {
  const def = await run('virsh', ['-c', uri, 'define', file]);
  if (!def.ok) return `define failed: ${def.out}`;
  try {
    return (await run('virsh', ['-c', uri, 'dumpxml', '--inactive', name])).out;
  } finally {
    await run('virsh', ['-c', uri, 'undefine', name]);
  }
}

type Diag = Diagnostic & { message: string };

function ours(xml: string): { list: Diag[]; doc: ReturnType<ReturnType<typeof service>['parse']> } {
  const doc = service().parse(TextDocument.create('file:///oracle.xml', 'xml', 1, xml));
  const list = service()
    .doValidation(doc)
    .filter((d) => mine.has(String(d.code)))
    .map((d) => ({ ...d, message: typeof d.message === 'string' ? d.message : d.message.value }));
  return { doc, list };
}


async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Our message without the explanation we add in parentheses at the end. */
function baseMessage(message: string): string {
  return message.replace(/ \((?:[^()]|\([^()]*\))*\)$/, '');
}

test('cpu element rules agree with live libvirt, and their fixes are accepted', async (t) => {
  if (!oracleUsable()) return t.skip('virsh/virt-xml-validate not usable: run ../shared/tools/libvirt-oracle-setup.sh');
  const dir = mkdtempSync(join(tmpdir(), 'cpu-oracle-'));
  const problems: string[] = [];
  let fixCount = 0;
  try {
    await pool(cases, 4, async (c) => {
      const name = `cpuElement-${c.id}`;
      const xml = xmlFor(c, name);
      const file = join(dir, `${c.id}.xml`);
      writeFileSync(file, xml);
      const v = await verdict(file);
      const { list, doc } = ours(xml);
      const errs = list.filter((d) => d.severity === DiagnosticSeverity.Error);
      const refused = !v.schemaOk || (!v.nativeOk && !v.hostDependent);
      const said = errs.map((d) => `${d.code}: ${d.message}`).join(' | ') || 'no error';
      const libvirt = `schema ${v.schemaOk ? 'ok' : 'refuses'}, domxml-to-native ${v.nativeOk ? 'ok' : v.nativeMessage}`;
      if (errs.length > 0 !== refused) problems.push(`${c.id}: we say ${said}; libvirt: ${libvirt}`);
      const parserErrs = errs.filter((d) => !d.message.includes('schema'));
      if (parserErrs.length > 0) {
        if (v.nativeOk || !parserErrs.some((d) => v.nativeMessage.endsWith(baseMessage(d.message)))) problems.push(`${c.id}: libvirt's message differs: we say ${said}; libvirt: ${libvirt}`);
      } else if (errs.length > 0 && !v.nativeOk && !v.hostDependent) {
        problems.push(`${c.id}: we call it schema-only, but libvirt's parser refuses: ${v.nativeMessage}`);
      }
      if (c.gone) {
        assert.match(xml, c.gone, `${c.id}: the gone pattern matches the input`);
        const dump = await dumpAfterDefine(file, name);
        if (c.gone.test(dump) || dump.startsWith('define failed')) problems.push(`${c.id}: expected ${c.gone} to be dropped, dumpxml:\n${dump}`);
      }
      for (const d of list) {
        // With other errors in the document the fix cannot make it acceptable: it must then only
        // remove its own problem and add none. Otherwise libvirt must accept the result.
        const others = new Set(errs.filter((x) => x !== d).map((x) => `${x.code}: ${x.message}`));
        for (const action of service().doCodeActions(doc, d.range, [d]).filter((a) => a.diagnostics?.[0] === d)) {
          const after = TextDocument.applyEdits(doc.textDocument, action.edit!.changes!['file:///oracle.xml'] as TextEdit[]);
          fixCount++;
          const left = ours(after).list.filter((x) => x.severity === DiagnosticSeverity.Error).map((x) => `${x.code}: ${x.message}`);
          const added = left.filter((x) => !others.has(x));
          if (others.size > 0) {
            if (added.length > 0) problems.push(`${c.id}: fix "${action.title}" for ${d.code} leaves ${added.join(' | ')}`);
            continue;
          }
          const fixedFile = join(dir, `${c.id}-fix${fixCount}.xml`);
          writeFileSync(fixedFile, after);
          const fv = await verdict(fixedFile);
          if (!fv.schemaOk || !(fv.nativeOk || fv.hostDependent) || left.length > 0) {
            problems.push(`${c.id}: fix "${action.title}" for ${d.code}: schema ${fv.schemaOk ? 'ok' : 'refuses'}, native ${fv.nativeOk ? 'ok' : fv.nativeMessage}; our errors after: ${left.join(' | ') || 'none'}\n${after}`);
          }
        }
      }
    });
    console.log(`cpu element oracle: ${cases.length} cases, ${fixCount} fixes replayed, ${problems.length} disagreements`);
    for (const p of problems) console.log(`  ${p}`);
    assert.deepEqual(problems, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
