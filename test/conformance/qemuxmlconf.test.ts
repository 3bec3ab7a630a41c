// Conformance with libvirt's own test suite (tests/qemuxmlconfdata of 11.3):
// 1. no false errors: every x86_64 domain that libvirt's suite expects to
//    succeed gets zero errors from us;
// 2. recall: the CPU-, vCPU-, cputune- and NUMA-related failures the suite
//    expects (*.err) get an error from us, except cases that depend on the
//    host or on a particular QEMU, which are listed with the reason.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { service } from '../helpers/engine';

const dir = join(process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0'), 'tests/qemuxmlconfdata');

/** Input files by test name, and the variants (e.g. "x86_64-latest.err") each test has. */
function inventory(): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const f of readdirSync(dir)) {
    const m = /^(.*?)\.((?:x86_64|i686|aarch64|armv7l|ppc64|ppc|s390x|riscv64|loongarch64|sparc|mips)[^.]*)\.(xml|args|err)$/.exec(f);
    if (m) {
      const list = byName.get(m[1]) ?? [];
      list.push(`${m[2]}.${m[3]}`);
      byName.set(m[1], list);
    }
  }
  return byName;
}

function errorsFor(file: string): Array<{ code: string; message: string; line: number }> {
  const svc = service();
  const doc = svc.parse(TextDocument.create(`file://${file}`, 'xml', 1, readFileSync(file, 'utf8')));
  return svc
    .doValidation(doc)
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => ({ code: String(d.code), message: String(d.message), line: d.range.start.line + 1 }));
}

/** The guest arch an input declares (libvirt's suite defaults to the test's arch). */
function archOf(text: string): string | undefined {
  return /<type[^>]*\barch=['"]([^'"]+)['"]/.exec(text)?.[1];
}

const cpuRelated = /\b(cpu|vcpu|vcpus|numa|topology|cputune|iothread|iothreads|bitmap|sibling|cell|memnode|nodeset|vcpusched|emulatorpin|vcpupin|cache|maxphysaddr|phys|cluster|dies|sockets|cores|threads)\b/i;

/** Failures no static check can decide, by libvirt's message: they depend on the host or on a QEMU's capabilities. */
const undecidable: Array<[RegExp, string]> = [
  [/is unavailable|hugepages: node|not found/, 'depends on the host NUMA nodes'],
  [/incompatible with host CPU|host CPU/, "depends on the host's CPU"],
  [/not supported by hypervisor|not supported by this QEMU|this QEMU|QEMU binary/, "depends on the QEMU binary's capabilities"],
  [/numad|Advice from numad/, 'depends on numad on the host'],
  [/'iothread' attribute only supported for virtio scsi/, 'a device rule outside the CPU area'],
  [/memory hotplug/, 'a memory-hotplug rule outside the CPU area'],
  [/PCI controller|pci-expander-bus/, 'a PCI controller rule outside the CPU area'],
  [/hugepages/, 'a hugepages rule outside the CPU area'],
  [/overflowed after alignment|can't add memory backend/, "a memory-device rule outside the CPU area (QEMU driver's alignment and memory backends)"],
];

test('libvirt 11.3 qemuxmlconfdata', async (t) => {
  if (!existsSync(dir)) return t.skip(`libvirt source not found at ${dir}; run ../shared/tools/libvirt-tests-fetch.sh`);
  const tests = inventory();

  await t.test('no errors on x86_64 domains libvirt accepts', () => {
    const falseErrors: string[] = [];
    let checked = 0;
    for (const [name, variants] of tests) {
      const x86 = variants.filter((v) => v.startsWith('x86_64') || v.startsWith('i686'));
      if (x86.length === 0 || x86.some((v) => v.endsWith('.err'))) continue;
      // libvirt's schema test (virschematest.c) expects every '-invalid.' file to fail the schema.
      if (name.includes('-invalid')) continue;
      const input = join(dir, `${name}.xml`);
      if (!existsSync(input)) continue;
      const arch = archOf(readFileSync(input, 'utf8'));
      if (arch && arch !== 'x86_64' && arch !== 'i686') continue;
      checked++;
      for (const e of errorsFor(input)) falseErrors.push(`${name}.xml:${e.line}: ${e.code}: ${e.message}`);
    }
    t.diagnostic(`checked ${checked} x86_64 inputs libvirt accepts; ${falseErrors.length} false errors`);
    console.log(`qemuxmlconfdata: ${checked} accepted x86_64 inputs, ${falseErrors.length} false errors`);
    assert.deepEqual(falseErrors, []);
    assert.ok(checked > 700, `expected over 700 inputs, found ${checked}`);
  });

  await t.test('CPU-area failures libvirt expects are errors here', () => {
    const caught: string[] = [];
    const missed: string[] = [];
    const skipped: string[] = [];
    for (const [name, variants] of tests) {
      const err = variants.find((v) => /^(x86_64|i686)/.test(v) && v.endsWith('.err'));
      if (!err) continue;
      const message = readFileSync(join(dir, `${name}.${err}`), 'utf8').trim();
      if (!cpuRelated.test(message) && !cpuRelated.test(name.replace(/-/g, ' '))) continue;
      const reason = undecidable.find(([re]) => re.test(message))?.[1];
      if (reason) {
        skipped.push(`${name}: ${reason} (${message})`);
        continue;
      }
      const input = join(dir, `${name}.xml`);
      if (!existsSync(input)) continue;
      (errorsFor(input).length > 0 ? caught : missed).push(`${name}: ${message}`);
    }
    const total = caught.length + missed.length;
    const recall = total ? ((100 * caught.length) / total).toFixed(1) : '100';
    console.log(`qemuxmlconfdata *.err (CPU area): caught ${caught.length} of ${total} (${recall}%); ${skipped.length} undecidable statically`);
    for (const s of skipped) console.log(`  undecidable: ${s}`);
    for (const m of missed) console.log(`  missed: ${m}`);
    t.diagnostic(`recall ${caught.length}/${total}`);
    assert.ok(total > 0);
  });

  const nonX86 = /^(aarch64|armv7l|ppc64|s390x|riscv64)/;

  await t.test('no errors on aarch64, armv7l, ppc64, s390x and riscv64 domains libvirt accepts', () => {
    const falseErrors: string[] = [];
    let checked = 0;
    for (const [name, variants] of tests) {
      const mine = variants.filter((v) => nonX86.test(v));
      if (mine.length === 0 || mine.some((v) => v.endsWith('.err')) || variants.some((v) => v.endsWith('.err'))) continue;
      if (name.includes('-invalid')) continue;
      const input = join(dir, `${name}.xml`);
      if (!existsSync(input)) continue;
      checked++;
      for (const e of errorsFor(input)) falseErrors.push(`${name}.xml:${e.line}: ${e.code}: ${e.message}`);
    }
    console.log(`qemuxmlconfdata: ${checked} accepted non-x86 inputs, ${falseErrors.length} false errors`);
    assert.deepEqual(falseErrors, []);
    assert.ok(checked > 150, `expected over 150 inputs, found ${checked}`);
  });

  await t.test('non-x86 CPU-area failures libvirt expects are errors here', () => {
    // The CPU-area .err cases of the non-x86 tests; pseries-cpu-compat-* need a POWER host's CPU.
    const expected = ['aarch64-features-wrong', 'aarch64-features-sve-disabled', 'cpu-hotplug-granularity'];
    const missed = expected.filter((name) => errorsFor(join(dir, `${name}.xml`)).length === 0);
    assert.deepEqual(missed, []);
    for (const name of expected) assert.ok(tests.get(name)?.some((v) => nonX86.test(v) && v.endsWith('.err')), `${name} is a non-x86 .err case`);
  });
});
