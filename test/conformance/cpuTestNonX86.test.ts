// Conformance with libvirt 11.3's non-x86 CPU tests: every ppc64 compare, update, baseline
// and guest-CPU case and the aarch64 feature-validation case of tests/cputest.c gives
// libvirt's expected verdict or XML. cputest.c has no arm, s390x or riscv64 compare or
// baseline cases (arm compares host CPUs by vendor and model name only; s390x and riscv64
// have no baseline in libvirt). Cases are read from cputest.c itself.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadBundledCatalog } from '../../server/src/io/catalogLoader';
import { parseXml } from '../../server/src/xml/parser';
import type { XmlElement } from '../../server/src/xml/nodes';
import { formatCpuDef, parseCpuDef, type CpuDef } from '../../server/src/hosts/cpuDef';
import { baselinePpc64, comparePpc64, guestCpuPpc64, updatePpc64 } from '../../server/src/hosts/ppc64Cpu';
import { docAt, service } from '../helpers/engine';

const tree = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');
const dataDir = join(tree, 'tests/cputestdata');
const cputestC = join(tree, 'tests/cputest.c');
const have = existsSync(cputestC) && existsSync(dataDir);
const SKIP = `libvirt 11.3 source tree not found at ${tree} (set LIBVIRT_SRC); libvirt's CPU test cases not run`;
const catalog = loadBundledCatalog(join(process.cwd(), 'data')).catalog;
const source = have ? readFileSync(cputestC, 'utf8') : '';

function text(arch: string, name: string): string {
  return readFileSync(join(dataDir, `${arch}-${name}.xml`), 'utf8');
}

function rootOf(arch: string, name: string): XmlElement {
  const xml = parseXml(text(arch, name));
  assert.equal(xml.roots.length, 1, `${name}: one root`);
  return xml.roots[0];
}

function load(name: string): CpuDef | undefined {
  const r = parseCpuDef(rootOf('ppc64', name), 'auto');
  return r.ok ? r.cpu : undefined;
}

function loadMulti(name: string): CpuDef[] {
  return rootOf('ppc64', name)
    .children.filter((c) => c.name === 'cpu')
    .map((el) => {
      const r = parseCpuDef(el, 'host');
      assert.ok(r.ok, `${name}: ${r.ok ? '' : r.error}`);
      return r.cpu;
    });
}

/** Calls of `macro(VIR_ARCH_<arch>, …)` in cputest.c, arguments split and unquoted. */
function calls(macro: string, arch: string): string[][] {
  const re = new RegExp(`^\\s*${macro}\\(VIR_ARCH_${arch},([^;]*?)\\);`, 'gms');
  return [...source.matchAll(re)].map((m) => m[1].split(',').map((a) => a.trim().replace(/^"(.*)"$/, '$1')));
}

const verdicts: Record<string, string> = {
  VIR_CPU_COMPARE_ERROR: 'error',
  VIR_CPU_COMPARE_INCOMPATIBLE: 'incompatible',
  VIR_CPU_COMPARE_IDENTICAL: 'identical',
  VIR_CPU_COMPARE_SUPERSET: 'superset',
};

function compareNames(hostName: string, cpuName: string): string {
  const host = load(hostName);
  const cpu = load(cpuName);
  if (!host || !cpu) return 'error';
  return comparePpc64(catalog, host, cpu).result;
}

/** libvirt formats the same definition the same way; compare ignoring indentation differences. */
function normal(xml: string): string {
  return xml.replace(/>\s+</g, '><').trim();
}

const ppcModels: Record<string, string[]> = { ppc_models: ['POWER6', 'POWER7', 'POWER8'] };

describe('libvirt 11.3 cputest.c, non-x86', () => {
  test('ppc64 compare cases', (t) => {
    if (!have) return t.skip(SKIP);
    const cases = calls('DO_TEST_COMPARE', 'PPC64');
    assert.ok(cases.length >= 15, `found ${cases.length} cases`);
    const wrong = cases.filter(([h, c, r]) => compareNames(h, c) !== verdicts[r]).map(([h, c, r]) => `${h}/${c}: ${compareNames(h, c)}, libvirt ${verdicts[r]}`);
    assert.deepEqual(wrong, []);
  });

  test('ppc64 update cases: the XML libvirt writes, and its compare with the host', (t) => {
    if (!have) return t.skip(SKIP);
    const cases = calls('DO_TEST_UPDATE', 'PPC64');
    assert.ok(cases.length >= 9, `found ${cases.length} cases`);
    const wrong: string[] = [];
    for (const [h, c, r] of cases) {
      const cpu = load(c);
      assert.ok(cpu, c);
      const updated = formatCpuDef(updatePpc64(cpu));
      if (normal(updated) !== normal(text('ppc64', `${h}+${c}`))) wrong.push(`${h}+${c}: wrote ${updated}`);
      const got = compareNames(h, `${h}+${c}`);
      if (got !== verdicts[r]) wrong.push(`${h}/${h}+${c}: ${got}, libvirt ${verdicts[r]}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('ppc64 baseline cases', (t) => {
    if (!have) return t.skip(SKIP);
    const cases = calls('DO_TEST_BASELINE', 'PPC64');
    assert.ok(cases.length >= 5, `found ${cases.length} cases`);
    const wrong: string[] = [];
    for (const [name, , result] of cases) {
      const r = baselinePpc64(catalog, loadMulti(`baseline-${name}`));
      if (result === '-1') {
        if (r.ok) wrong.push(`${name}: gave a CPU, libvirt fails`);
      } else if (!r.ok) wrong.push(`${name}: ${r.error}`);
      else if (normal(formatCpuDef(r.cpu)) !== normal(text('ppc64', `baseline-${name}-result`))) wrong.push(`${name}: ${formatCpuDef(r.cpu)}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('ppc64 guest CPU cases (compare, update and the hypervisor model list)', (t) => {
    if (!have) return t.skip(SKIP);
    const cases = calls('DO_TEST_GUESTCPU', 'PPC64');
    assert.ok(cases.length >= 5, `found ${cases.length} cases`);
    const wrong: string[] = [];
    for (const [h, c, models, result] of cases) {
      const host = load(h)!;
      const guest = load(c)!;
      const r = guestCpuPpc64(catalog, host, guest, ppcModels[models] ?? []);
      if (result === '-1') {
        if (r.ok) wrong.push(`${c}: accepted, libvirt refuses`);
      } else if (!r.ok) wrong.push(`${c}: ${r.error}`);
      else if (normal(formatCpuDef(r.cpu)) !== normal(text('ppc64', `${h}+${c},${models}-result`))) wrong.push(`${c}: ${formatCpuDef(r.cpu)}`);
    }
    assert.deepEqual(wrong, []);
  });

  test("aarch64 feature validation case (libvirt's name check only, not QEMU's per-model one)", (t) => {
    if (!have) return t.skip(SKIP);
    const cases = calls('DO_TEST_VALIDATEFEATURES', 'AARCH64');
    assert.equal(cases.length, 1);
    for (const [name, result] of cases) {
      const cpu = text('aarch64', name);
      const domain = `<domain type='kvm'><name>t</name><memory>524288</memory><os><type arch='aarch64' machine='virt'>hvm</type></os>${cpu}</domain>`;
      const { doc } = docAt(domain);
      const errors = service().doValidation(doc).filter((d) => d.severity === 1 && d.code === 'cpu-arch-feature-unknown');
      assert.equal(errors.length === 0 ? '0' : '-1', result, errors.map((e) => e.message).join('; '));
    }
  });
});
