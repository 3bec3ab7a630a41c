// Differential test per non-x86 arch against the live oracle: seeded emulated domains
// (oracleArchCorpus.ts) judged by libvirt — schema, then domxml-to-native — and, when
// libvirt accepts, by the QEMU it would start: the -machine/-cpu/-smp it produced, given
// to qemu-system-ARCH -S with a QMP monitor (QEMU answers a query once the machine and
// its CPUs are built, and stops there; no guest code runs). Per arch: every error of ours is a
// refusal, and at least 95% of refusals are errors of ours. Skips without the oracle.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { service } from '../helpers/engine';
import { oracleUri, oracleUsable, pool, run as runProgram } from '../helpers/oracle';
import { archCorpus, type ArchCase } from './oracleArchCorpus';
import type { QemuCpuData } from '../../server/src/catalog/qemuCpuTypes';

const ARCHES = ['aarch64', 'ppc64le', 's390x', 'riscv64'];
const PER_ARCH = Number(process.env.ORACLE_ARCH_CASES ?? 110);

/** Refusals that depend on this host (its arch, KVM, CPU) rather than on the document. */
const hostDependent = /incompatible with host CPU|CPU mode 'host-model'|for \S+ kvm domain|not available in the current configuration|numad|is unavailable|\/dev\/kvm|KVM is not/;

/** QEMU on an emulated arch can take a while to start. */
const run = (cmd: string, args: string[]) => runProgram(cmd, args, 120_000);

function lastError(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter(Boolean);
  const err = lines.filter((l) => l.startsWith('error:'));
  return (err.length ? err[err.length - 1] : (lines[lines.length - 1] ?? '')).replace(/^error: /, '');
}

/** The value after `flag` in a shell-quoted argv line (libvirt prints one argument per line, quoting where needed). */
function argOf(argv: string, flag: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${flag} ('([^']*)'|(\\S+))`).exec(argv);
  return m ? (m[2] ?? m[3]) : undefined;
}

/** QEMU's verdict on libvirt's command line: '' when it builds the machine, else its complaint. */
function qemuVerdict(argv: string): Promise<string> {
  const binary = /^(?:.*\s)?(\/\S*qemu-system-\S+)/m.exec(argv)?.[1];
  const machine = argOf(argv, '-machine');
  const cpu = argOf(argv, '-cpu');
  const smp = argOf(argv, '-smp');
  if (!binary || !machine) return Promise.resolve('');
  const args = ['-S', '-display', 'none', '-nodefaults', '-serial', 'none', '-accel', 'tcg', '-machine', machine.replace(/,memory-backend=[^,]*/, ''), '-m', '512', '-qmp', 'stdio'];
  if (cpu) args.push('-cpu', cpu);
  if (smp) args.push('-smp', smp);
  return new Promise((resolve) => {
    const p = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    let done = false;
    const finish = (v: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      p.kill('SIGKILL');
      resolve(v);
    };
    const timer = setTimeout(() => finish(''), 60_000);
    // QEMU greets on QMP before it builds the machine; it answers commands only once the
    // machine and its CPUs exist (or exits with its complaint).
    let out = '';
    let asked = false;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!asked && out.includes('"QMP"')) {
        asked = true;
        p.stdin.write('{"execute":"qmp_capabilities"}\n{"execute":"query-cpus-fast"}\n');
      }
      if ((out.match(/"return"/g) ?? []).length >= 2) finish('');
    });
    p.stdin.on('error', () => undefined);
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', () => finish(err.split('\n').filter((l) => l.trim() && !/warning:/.test(l)).pop()?.trim() || 'QEMU exited'));
  });
}

interface Verdict {
  refused: boolean;
  hostDependent: boolean;
  message: string;
}

async function verdict(file: string): Promise<Verdict> {
  const schema = await run('virt-xml-validate', [file, 'domain']);
  if (!schema.ok) return { refused: true, hostDependent: false, message: `schema: ${lastError(schema.out)}` };
  const native = await new Promise<{ ok: boolean; argv: string; err: string }>((resolve) =>
    execFile('virsh', ['-c', oracleUri, 'domxml-to-native', 'qemu-argv', file], { timeout: 120_000 }, (e, stdout, stderr) => resolve({ ok: !e, argv: stdout, err: stderr })),
  );
  if (!native.ok) {
    const message = lastError(native.err);
    return { refused: true, hostDependent: hostDependent.test(message), message };
  }
  const q = await qemuVerdict(native.argv);
  if (!q) return { refused: false, hostDependent: false, message: '' };
  return { refused: true, hostDependent: hostDependent.test(q), message: `QEMU: ${q}` };
}

function ourErrors(xml: string): string[] {
  const svc = service();
  const doc = svc.parse(TextDocument.create('file:///oracle-arch.xml', 'xml', 1, xml));
  return svc
    .doValidation(doc)
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.code}: ${d.message}`);
}

/** The arch's domain capabilities, or undefined when this libvirt has no QEMU for it. */
function domcaps(arch: string): string | undefined {
  try {
    return execFileSync('virsh', ['-c', oracleUri, 'domcapabilities', '--arch', arch, '--virttype', 'qemu'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Models QEMU can run under TCG on this host (s390x lists usability; the others say 'unknown'). */
function usableModels(xml: string): string[] {
  return [...xml.matchAll(/<model usable='yes'[^>]*>([^<]+)<\/model>/g)].map((m) => m[1]).filter((m) => !m.endsWith('-base'));
}

test('per-arch differential test against live libvirt and QEMU', async (t) => {
  if (!oracleUsable()) return t.skip('virsh/virt-xml-validate not usable: run ../shared/tools/libvirt-oracle-setup.sh');
  const dir = mkdtempSync(join(tmpdir(), 'oracle-arch-'));
  const started = performance.now();
  try {
    const caps = new Map(ARCHES.map((a) => [a, domcaps(a)]));
    const arches = ARCHES.filter((a) => caps.get(a) !== undefined);
    for (const a of ARCHES.filter((x) => !arches.includes(x))) console.log(`${a}: skipped, libvirt has no QEMU for it here (install it with ../shared/tools/libvirt-oracle-setup.sh)`);
    if (arches.length === 0) return t.skip('no non-x86 QEMU installed');
    const cases: ArchCase[] = arches.flatMap((arch) => archCorpus(arch, 20261202 + ARCHES.indexOf(arch), PER_ARCH, arch === 's390x' ? usableModels(caps.get(arch)!) : []));
    const results = await pool(cases, 3, async (c) => {
      const file = join(dir, `${c.id}.xml`);
      writeFileSync(file, c.xml);
      return { c, v: await verdict(file), ours: ourErrors(c.xml) };
    });
    const failures: string[] = [];
    for (const arch of arches) {
      const mine = results.filter((r) => r.c.arch === arch);
      const judged = mine.filter((r) => !r.v.hostDependent);
      const refusals = judged.filter((r) => r.v.refused);
      const ourErrs = judged.filter((r) => r.ours.length > 0);
      const falseErrors = ourErrs.filter((r) => !r.v.refused);
      const caught = refusals.filter((r) => r.ours.length > 0);
      const recall = refusals.length ? (100 * caught.length) / refusals.length : 100;
      const accepted = judged.filter((r) => !r.v.refused).length;
      console.log(
        `${arch}: ${mine.length} cases (${mine.length - judged.length} host-dependent), libvirt/QEMU refused ${refusals.length}, accepted ${accepted}; ` +
          `our errors that were refusals: ${ourErrs.length - falseErrors.length}/${ourErrs.length}; refusals caught: ${caught.length}/${refusals.length} (${recall.toFixed(1)}%)`,
      );
      if (process.env.ORACLE_ARCH_VERBOSE) for (const r of mine) console.log(`  ${r.c.id} [${r.c.fault}] ${r.v.refused ? `refused: ${r.v.message}` : 'accepted'}${r.v.hostDependent ? ' (host)' : ''} | ours: ${r.ours.length ? r.ours[0].split(':')[0] : '-'}`);
      for (const r of falseErrors) console.log(`  FALSE ERROR ${r.c.id} [${r.c.fault}]: ${r.ours.join(' | ')}`);
      for (const r of refusals.filter((x) => x.ours.length === 0)) console.log(`  missed ${r.c.id} [${r.c.fault}]: ${r.v.message}`);
      if (mine.length < Math.min(100, PER_ARCH)) failures.push(`${arch}: only ${mine.length} cases`);
      if (falseErrors.length) failures.push(`${arch}: false errors ${falseErrors.map((r) => r.c.id).join(', ')}`);
      if (recall < 95) failures.push(`${arch}: recall ${recall.toFixed(1)}% below 95%`);
    }
    console.log(`per-arch oracle test: ${results.length} documents in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    assert.deepEqual(failures, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('data/qemu-cpus.json matches this libvirt and QEMU (models and modes)', (t) => {
  if (!oracleUsable()) return t.skip('virsh not usable: run ../shared/tools/libvirt-oracle-setup.sh');
  const data = JSON.parse(readFileSync(join(process.cwd(), 'data/qemu-cpus.json'), 'utf8')) as QemuCpuData;
  const version = execFileSync('virsh', ['-c', oracleUri, 'version'], { encoding: 'utf8' });
  const qemu = /Running hypervisor: QEMU (\S+)/.exec(version)?.[1];
  if (qemu !== data.source.qemuVersion) return t.skip(`QEMU here is ${qemu}, the data is for ${data.source.qemuVersion}: regenerate with node out/generateQemu.js`);
  const differences: string[] = [];
  for (const [arch, a] of Object.entries(data.arches)) {
    const xml = domcaps(arch);
    if (!xml) continue;
    const live = [...xml.matchAll(/<model usable='[^']*'[^>]*>([^<]+)<\/model>/g)].map((m) => m[1]).sort();
    const bundled = a.models.map((m) => m.name);
    if (live.join(' ') !== bundled.join(' ')) differences.push(`${arch}: models differ`);
    for (const mode of ['host-passthrough', 'host-model', 'maximum', 'custom'] as const) {
      const supported = new RegExp(`<mode name='${mode}' supported='yes'`).test(xml);
      if (supported !== a.modes[mode]) differences.push(`${arch}: mode ${mode} ${supported ? 'supported' : 'not supported'} here`);
    }
  }
  assert.deepEqual(differences, [], 'regenerate data/qemu-cpus.json with node out/generateQemu.js');
});
