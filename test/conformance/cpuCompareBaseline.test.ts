// Conformance with libvirt 11.3's own CPU tests: every x86 compare, baseline
// and CPUID-decoding case that tests/cputest.c runs on tests/cputestdata must
// give libvirt's expected verdict or XML. Cases are read from cputest.c itself.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadBundledCatalog } from '../../server/src/io/catalogLoader';
import { parseXml } from '../../server/src/xml/parser';
import type { XmlElement } from '../../server/src/xml/nodes';
import { formatCpuDef, parseCpuDef, type CpuDef } from '../../server/src/hosts/cpuDef';
import { baselineX86, compareX86, cpuData, decodeX86 } from '../../server/src/hosts/x86Cpu';
import { parseCpuidData } from '../../server/src/hosts/cpuidData';
import { x86Map } from '../../server/src/hosts/x86Data';

const tree = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');
const dataDir = join(tree, 'tests/cputestdata');
const cputestC = join(tree, 'tests/cputest.c');
const have = existsSync(cputestC) && existsSync(dataDir);
const SKIP = `libvirt 11.3 source tree not found at ${tree} (set LIBVIRT_SRC); libvirt's CPU test cases not run`;

const map = x86Map(loadBundledCatalog(join(process.cwd(), 'data')).catalog);
const source = have ? readFileSync(cputestC, 'utf8') : '';

function file(name: string): string {
  return readFileSync(join(dataDir, `x86_64-${name}.xml`), 'utf8');
}

function rootOf(name: string): XmlElement {
  const xml = parseXml(file(name));
  assert.equal(xml.roots.length, 1, `${name}: one root`);
  return xml.roots[0];
}

/** cpuTestLoadXML: the file's <cpu>, type decided by <arch>. */
function loadCpu(name: string): { ok: true; cpu: CpuDef } | { ok: false; error: string } {
  return parseCpuDef(rootOf(name), 'auto');
}

/** cpuTestLoadMultiXML: every /cpuTest/cpu, read as host CPUs. */
function loadCpus(name: string): CpuDef[] {
  return rootOf(name)
    .children.filter((c) => c.name === 'cpu')
    .map((el) => {
      const r = parseCpuDef(el, 'host');
      assert.ok(r.ok, `${name}: ${r.ok ? '' : r.error}`);
      return r.cpu;
    });
}

/** Calls of `macro(VIR_ARCH_X86_64, …)` in cputest.c, arguments split (strings unquoted). */
function calls(macro: string): string[][] {
  const out: string[][] = [];
  const re = new RegExp(`^\\s*${macro}\\(VIR_ARCH_X86_64,([^;]*?)\\);`, 'gms');
  for (const m of source.matchAll(re)) {
    out.push(m[1].split(',').map((a) => a.trim().replace(/^"(.*)"$/, '$1')));
  }
  return out;
}

const verdicts: Record<string, string> = {
  VIR_CPU_COMPARE_ERROR: 'error',
  VIR_CPU_COMPARE_INCOMPATIBLE: 'incompatible',
  VIR_CPU_COMPARE_IDENTICAL: 'identical',
  VIR_CPU_COMPARE_SUPERSET: 'superset',
};

/** virCPUCompare on two test files: the verdict, or 'error' when a file does not parse. */
function compareFiles(hostName: string, cpuName: string): string {
  const host = loadCpu(hostName);
  const cpu = loadCpu(cpuName);
  if (!host.ok || !cpu.ok) return 'error';
  return compareX86(map, host.cpu, cpu.cpu).result;
}

/** The JSON values of a QMP replay file (one after another, not an array). */
function jsonValues(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' || ch === ']') {
      if (--depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return out;
}

/** QEMU → libvirt feature names (libvirt's virQEMUCapsCPUFeaturesX86 table, read from its source). */
const qemuToLibvirt = new Map<string, string>(
  have
    ? [...(/virQEMUCapsCPUFeaturesX86\[\] = \{([\s\S]*?)\};/.exec(readFileSync(join(tree, 'src/qemu/qemu_capabilities.c'), 'utf8'))?.[1] ?? '').matchAll(/\{"([^"]+)", "([^"]+)"\}/g)].map(
        (m) => [m[2], m[1]] as [string, string],
      )
    : [],
);

/** The models of a CPUID case's query-cpu-definitions reply, with their blockers in libvirt's names. */
function qemuModels(host: string): Map<string, string[] | undefined> {
  const text = readFileSync(join(dataDir, `x86_64-cpuid-${host}.json`), 'utf8');
  for (const v of jsonValues(text)) {
    const ret = (v as { return?: unknown }).return;
    if (!Array.isArray(ret) || !ret.every((d) => typeof d?.name === 'string' && 'typename' in d)) continue;
    return new Map(
      ret.map((d: { name: string; 'unavailable-features'?: string[] }) => {
        const blockers = d['unavailable-features'];
        return [d.name, blockers?.length ? blockers.map((b) => qemuToLibvirt.get(b) ?? b) : undefined];
      }),
    );
  }
  throw new Error(`no query-cpu-definitions reply in ${host}.json`);
}

const tally = { compare: [0, 0], feature: [0, 0], baseline: [0, 0], decode: [0, 0] };
const notModelled: string[] = [
  'cpuTestUpdate (host+*-result files as output): virCPUUpdate of a guest CPU at start; their compare halves run above',
  'cpuTestGuestCPU: virCPUUpdate + virCPUTranslate to a QEMU model list (domain start)',
  'cpuTestUpdateLive / cpuTestJSONCPUID / cpuTestJSONSignature: need QEMU query-cpu-model-expansion replies and live CPUID',
  'ppc64 and aarch64 cases: only x86 is modelled',
];

function count(kind: keyof typeof tally, pass: () => void): void {
  tally[kind][1]++;
  pass();
  tally[kind][0]++;
}

describe('libvirt 11.3 cputest: x86 cpu-compare', { skip: have ? false : SKIP }, () => {
  const direct = calls('DO_TEST_COMPARE').map(([host, cpu, result]) => ({ host, cpu, result }));
  const fromUpdate = calls('DO_TEST_UPDATE').map(([host, cpu, result]) => ({ host, cpu: `${host}+${cpu}`, result }));
  const cases = [...direct, ...fromUpdate];

  test('cputest.c lists the compare cases', () => {
    assert.ok(direct.length >= 25, `found ${direct.length} DO_TEST_COMPARE cases`);
    assert.ok(fromUpdate.length >= 5, `found ${fromUpdate.length} DO_TEST_UPDATE cases`);
  });

  for (const c of cases) {
    test(`${c.host} / ${c.cpu} → ${verdicts[c.result]}`, () => {
      count('compare', () => assert.equal(compareFiles(c.host, c.cpu), verdicts[c.result]));
    });
  }

  test('incompatible verdicts name the features libvirt names', () => {
    const host = loadCpu('host');
    const cases: Array<[string, string]> = [
      ['exact-forbid', 'Host CPU provides forbidden features: vmx'],
      ['exact-require-extra', 'Host CPU does not provide required features: 3dnowext'],
      ['strict', 'Host CPU does not strictly match guest CPU: Extra features: monitor, ds_cpl, vmx, est, tm2, xtpr, dca, vme, ds, acpi, ss, ht, tm, pbe'],
      ['pentium3-amd', 'host CPU vendor does not match required CPU vendor AMD'],
      ['host-incomp-arch', 'CPU arch ia64 does not match host arch'],
    ];
    for (const [name, message] of cases) {
      const cpu = loadCpu(name);
      assert.ok(host.ok && cpu.ok);
      assert.equal(compareX86(map, host.cpu, cpu.cpu).message, message, name);
    }
  });
});

describe('libvirt 11.3 cputest: x86 feature checks on a host CPU', { skip: have ? false : SKIP }, () => {
  const cases = calls('DO_TEST_HASFEATURE').map(([host, feature, result]) => ({ host, feature, result }));
  test('cputest.c lists the feature checks', () => assert.ok(cases.length >= 6, `found ${cases.length}`));
  for (const c of cases) {
    test(`${c.host} has ${c.feature}: ${c.result}`, () => {
      count('feature', () => {
        const host = loadCpu(c.host);
        assert.ok(host.ok);
        const data = cpuData(map, host.cpu, 'all');
        assert.ok(data.ok);
        const i = map.featureIndex.get(c.feature);
        assert.equal(i === undefined ? 'FAIL' : data.data.has(i) ? 'YES' : 'NO', c.result);
      });
    });
  }
});

describe('libvirt 11.3 cputest: x86 cpu-baseline', { skip: have ? false : SKIP }, () => {
  const flagsOf = (f: string) => ({ expandFeatures: f.includes('EXPAND_FEATURES'), migratable: f.includes('MIGRATABLE') });
  const cases = calls('DO_TEST_BASELINE').map(([name, flags, result]) => ({ name, flags: flagsOf(flags), fails: result === '-1' }));

  test('cputest.c lists the baseline cases', () => assert.ok(cases.length >= 9, `found ${cases.length}`));

  for (const c of cases) {
    const suffix = c.flags.expandFeatures ? 'expanded' : c.flags.migratable ? 'migratable' : 'result';
    test(`baseline-${c.name} (${suffix})`, () => {
      count('baseline', () => {
        const cpus = loadCpus(`baseline-${c.name}`);
        const r = baselineX86(map, cpus, c.flags);
        if (c.fails) {
          assert.equal(r.ok, false, 'libvirt fails this baseline');
          return;
        }
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.equal(formatCpuDef(r.cpu), file(`baseline-${c.name}-${suffix}`));
        for (const [i, input] of cpus.entries()) {
          assert.match(compareX86(map, input, r.cpu).result, /identical|superset/, `input ${i} runs the baseline`);
        }
      });
    });
  }

  test('incompatible vendors fail with libvirt\'s message', () => {
    const r = baselineX86(map, loadCpus('baseline-incompatible-vendors'));
    assert.deepEqual(r, { ok: false, error: 'CPU vendors do not match' });
  });

  const cpuid = [...source.matchAll(/DO_TEST_CPUID_BASELINE\(VIR_ARCH_X86_64,\s*"([^"]+)",\s*"([^"]+)",\s*"([^"]+)"\)/g)].map((m) => ({
    label: m[1],
    cpus: [m[2], m[3]],
  }));
  test('cputest.c lists the CPUID baseline cases', () => assert.ok(cpuid.length >= 13, `found ${cpuid.length}`));
  for (const c of cpuid) {
    test(`cpuid-baseline-${c.label}`, () => {
      count('baseline', () => {
        const cpus = c.cpus.map((n) => {
          const r = loadCpu(`cpuid-${n}-json`);
          assert.ok(r.ok);
          return r.cpu;
        });
        const r = baselineX86(map, cpus);
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.equal(formatCpuDef(r.cpu), file(`cpuid-baseline-${c.label}`));
        for (const [i, input] of cpus.entries()) {
          assert.match(compareX86(map, input, r.cpu).result, /identical|superset/, `input ${i} runs the baseline`);
        }
      });
    });
  }
});

describe('libvirt 11.3 cputest: decoding host CPUID data', { skip: have ? false : SKIP }, () => {
  const cases = calls('DO_TEST_CPUID').map(([host, json]) => ({ host, json }));
  test('cputest.c lists the CPUID cases', () => assert.ok(cases.length >= 40, `found ${cases.length}`));

  for (const c of cases) {
    const data = () => {
      const r = parseCpuidData(map, rootOf(`cpuid-${c.host}`));
      assert.ok(r.ok, r.ok ? '' : r.error);
      return r.data;
    };
    test(`cpuid-${c.host}-host`, () => {
      count('decode', () => {
        const d = data();
        const r = decodeX86(map, d, { type: 'host' });
        assert.ok(r.ok, r.ok ? '' : r.error);
        const sig = { family: ((d.signature >>> 20) & 0xff) + ((d.signature >>> 8) & 0xf), model: ((d.signature >>> 12) & 0xf0) + ((d.signature >>> 4) & 0xf), stepping: d.signature & 0xf };
        const cpu: CpuDef = { type: 'host', mode: undefined, match: 'exact', check: undefined, fallback: 'allow', arch: 'x86_64', model: r.model, vendor: r.vendor, signature: sig, features: r.features };
        assert.equal(formatCpuDef(cpu), file(`cpuid-${c.host}-host`));
      });
    });
    // With JSON_MODELS*, libvirt decodes against the models QEMU offers (query-cpu-definitions in the .json replay).
    const withModels = c.json === 'JSON_MODELS' || c.json === 'JSON_MODELS_REQUIRED';
    test(`cpuid-${c.host}-guest${withModels ? ' (QEMU model list)' : ''}`, () => {
      count('decode', () => {
        const models = withModels ? qemuModels(c.host) : undefined;
        const r = decodeX86(map, data(), { type: 'guest', models });
        assert.ok(r.ok, r.ok ? '' : r.error);
        const cpu: CpuDef = { type: 'guest', mode: 'custom', match: 'exact', check: undefined, fallback: 'forbid', arch: undefined, model: r.model, vendor: r.vendor, signature: undefined, features: r.features };
        assert.equal(formatCpuDef(cpu), file(`cpuid-${c.host}-guest`));
      });
    });
  }
});

after(() => {
  if (!have) {
    console.log(`cputest conformance skipped: ${SKIP}`);
    return;
  }
  const f = (k: keyof typeof tally) => `${tally[k][0]}/${tally[k][1]}`;
  console.log(`cputest conformance: compare ${f('compare')}, feature checks ${f('feature')}, baseline ${f('baseline')}, CPUID decode ${f('decode')} passed`);
  console.log('cputest cases not run here (not compare, baseline or decoding):');
  for (const n of notModelled) console.log(`  ${n}`);
});
