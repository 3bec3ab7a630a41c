// Conformance of the bundled CPU catalog with libvirt 11.3.0's own cpu_map: the
// committed data/catalog.json must equal a fresh generator run, and every vendor,
// feature and model of the source (counted here by plain regexes) must be in it.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { Catalog } from '../../server/src/catalog/catalog';
import { formatCatalogJson, parseCpuMap } from '../../server/src/catalog/cpuMap';
import { cpuMapReader, loadCpuMapDir, sourceTreeVersion, cpuMapFingerprint } from '../../server/src/io/cpuMapDir';
import type { CatalogData } from '../../server/src/catalog/types';

const root = process.cwd();
const srcTree = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');
const cpuMapDir = join(srcTree, 'src/cpu_map');
const haveSource = existsSync(join(cpuMapDir, 'index.xml'));
const SKIP = `libvirt source tree not found at ${srcTree} (set LIBVIRT_SRC)`;

const committed: CatalogData = JSON.parse(readFileSync(join(root, 'data/catalog.json'), 'utf8'));
const catalog = new Catalog(committed);

/** Skips the current test when the libvirt source tree is absent; returns true if skipped. */
function needSource(t: TestContext): boolean {
  if (haveSource) return false;
  t.skip(SKIP);
  return true;
}

function sourceFile(name: string): string {
  return readFileSync(join(cpuMapDir, name), 'utf8');
}

/** Files of one arch, in the order index.xml includes them (read with a regex, not with the loader). */
function includedFiles(arch: string): string[] {
  const index = sourceFile('index.xml');
  const block = new RegExp(`<arch name='${arch}'>([\\s\\S]*?)</arch>`).exec(index);
  assert.ok(block, `arch ${arch} in index.xml`);
  return [...block[1].matchAll(/<include filename='([^']+)'\/>/g)].map((m) => m[1]);
}

/**
 * Names an arch's files define: vendors in *_vendors.xml, features in *_features.xml
 * (those files hold definitions only), and models opened with `<model name='…'>`
 * (an ancestor reference is the self-closing `<model name='…'/>`).
 */
function definedNames(arch: string): { vendors: string[]; features: string[]; models: string[] } {
  const out = { vendors: [] as string[], features: [] as string[], models: [] as string[] };
  for (const file of includedFiles(arch)) {
    // Drop comments so that commented-out entries are not counted.
    const text = sourceFile(file).replace(/<!--[\s\S]*?-->/g, '');
    if (file.endsWith('_vendors.xml')) for (const m of text.matchAll(/<vendor name='([^']+)'/g)) out.vendors.push(m[1]);
    if (file.endsWith('_features.xml')) for (const m of text.matchAll(/<feature name='([^']+)'/g)) out.features.push(m[1]);
    for (const m of text.matchAll(/<model name='([^']+)'>/g)) out.models.push(m[1]);
  }
  return out;
}

describe('bundled catalog vs libvirt 11.3.0 cpu_map', () => {
  test('data/catalog.json equals a fresh generator run', (t) => {
    if (needSource(t)) return;
    const version = sourceTreeVersion(cpuMapDir);
    assert.equal(version, '11.3.0');
    const fresh = parseCpuMap(cpuMapReader(cpuMapDir), {
      libvirtVersion: version!,
      origin: `libvirt ${version} source, src/cpu_map`,
      validate: true,
    });
    fresh.source.fingerprint = cpuMapFingerprint(cpuMapDir);
    assert.deepEqual(committed, fresh);
    assert.equal(readFileSync(join(root, 'data/catalog.json'), 'utf8'), formatCatalogJson(fresh));
  });

  test('the generator CLI agrees (--check)', (t) => {
    if (needSource(t)) return;
    const cli = join(root, 'out/generate.js');
    if (!existsSync(cli)) {
      t.skip('out/generate.js not built (node scripts/build.mjs --tests builds it)');
      return;
    }
    const out = execFileSync(process.execPath, [cli, cpuMapDir, '--check'], { cwd: root, encoding: 'utf8' });
    assert.match(out, /is up to date \(libvirt 11\.3\.0;/);
  });

  test('x86: every vendor, feature and model of the source, in order (364 / 150 / 3)', (t) => {
    if (needSource(t)) return;
    const src = definedNames('x86');
    const x86 = committed.archs.x86;
    assert.deepEqual(x86.vendors.map((v) => v.name), src.vendors);
    assert.deepEqual(x86.features.map((f) => f.name), src.features);
    assert.deepEqual(x86.models.map((m) => m.name), src.models);
    assert.equal(src.features.length, 364);
    assert.equal(src.models.length, 150);
    assert.equal(src.vendors.length, 3);
    // Every x86 model file in the directory is included from index.xml.
    const onDisk = readdirSync(cpuMapDir).filter((f) => /^x86_.*\.xml$/.test(f));
    assert.deepEqual([...onDisk].sort(), [...includedFiles('x86')].sort());
  });

  test('x86 feature bits match the source masks', (t) => {
    if (needSource(t)) return;
    const text = sourceFile('x86_features.xml');
    let checked = 0;
    for (const m of text.matchAll(/<feature name='([^']+)'[^>]*>([\s\S]*?)<\/feature>/g)) {
      const [, name, body] = m;
      const expectCpuid: string[] = [];
      const expectMsr: string[] = [];
      for (const item of body.matchAll(/<(cpuid|msr)\b([^>]*)\/>/g)) {
        const attrs = Object.fromEntries([...item[2].matchAll(/(\w+)='([^']*)'/g)].map((a) => [a[1], Number(a[2])]));
        const regs = item[1] === 'cpuid' ? ['eax', 'ebx', 'ecx', 'edx'] : ['eax', 'edx'];
        for (const reg of regs) {
          for (let bit = 0; bit < 32; bit++) {
            if (((attrs[reg] ?? 0) >>> bit) & 1) {
              if (item[1] === 'cpuid') expectCpuid.push(`${attrs.eax_in}/${attrs.ecx_in ?? 0}/${reg}/${bit}`);
              else expectMsr.push(`${attrs.index}/${reg}/${bit}`);
            }
          }
        }
      }
      const f = catalog.getFeature('x86', name);
      assert.ok(f, name);
      assert.deepEqual((f.cpuid ?? []).map((c) => `${c.eaxIn}/${c.ecxIn}/${c.reg}/${c.bit}`), expectCpuid, name);
      assert.deepEqual((f.msr ?? []).map((c) => `${c.index}/${c.reg}/${c.bit}`), expectMsr, name);
      checked++;
    }
    assert.equal(checked, 364);
  });

  test('59 pure-alias -vN models, each the canonical name of its ancestor', (t) => {
    if (needSource(t)) return;
    const pure: string[] = [];
    for (const file of includedFiles('x86')) {
      const text = sourceFile(file);
      if (/<model name='[^']+'\/>/.test(text) && !/<(signature|vendor|feature)\b/.test(text)) {
        pure.push(/<model name='([^']+)'>/.exec(text)![1]);
      }
    }
    assert.equal(pure.length, 59);
    assert.deepEqual(committed.archs.x86.models.filter((m) => m.aliasOf).map((m) => m.name), pure);
    for (const name of pure) {
      const m = catalog.getModel('x86', name)!;
      assert.equal(catalog.getModel('x86', m.aliasOf!)?.canonical, name);
    }
    assert.equal(catalog.getModel('x86', 'Broadwell')?.canonical, 'Broadwell-v1');
    assert.equal(catalog.getModel('x86', 'Skylake-Client-v2')?.aliasOf, 'Skylake-Client-IBRS');
  });

  test('known facts: avx512f location, non-migratable features, removed and added lists', () => {
    const avx512f = catalog.getFeature('x86', 'avx512f')!;
    assert.deepEqual(avx512f.cpuid, [{ eaxIn: 7, ecxIn: 0, reg: 'ebx', bit: 16 }]);
    assert.equal(catalog.formatFeatureLocation(avx512f), 'CPUID leaf 7, sub-leaf 0, EBX bit 16');
    assert.equal(catalog.getFeature('x86', 'invtsc')?.migratable, false);
    assert.deepEqual(
      committed.archs.x86.features.filter((f) => f.migratable === false).map((f) => f.name),
      ['xsaves', 'invtsc'],
    );
    assert.equal(catalog.getFeature('x86', 'avx2')?.migratable, undefined);
    assert.deepEqual(catalog.getModel('x86', 'Skylake-Client')?.removed, ['mpx']);
    assert.ok(!catalog.getModel('x86', 'Skylake-Client')!.features.includes('mpx'));
    assert.equal(catalog.featureByAlias('x86', 'sse3')?.name, 'pni');
    assert.equal(catalog.featureByAlias('x86', 'sse4-1')?.name, 'sse4.1');
    assert.equal(catalog.getModel('x86', 'Cascadelake-Server-v2')?.signatures?.[0].stepping, '5-7');
  });

  test('arm and ppc64 models and vendors present', (t) => {
    if (needSource(t)) return;
    for (const arch of ['arm', 'ppc64']) {
      const src = definedNames(arch);
      assert.deepEqual(committed.archs[arch].models.map((m) => m.name), src.models, arch);
      assert.deepEqual(committed.archs[arch].vendors.map((v) => v.name), src.vendors, arch);
      assert.deepEqual(committed.archs[arch].features.map((f) => f.name), src.features, arch);
    }
    assert.equal(committed.archs.arm.models.length, 14);
    assert.equal(committed.archs.ppc64.models.length, 7);
    assert.equal(catalog.getModel('arm', 'Neoverse-N1')?.pvr, '0xd0c');
    assert.equal(catalog.getModel('ppc64', 'POWER8')?.pvrs?.length, 3);
  });

  test('suggestions on the real catalog', () => {
    assert.equal(catalog.suggestModels('x86', 'Skylake-Clinet')[0], 'Skylake-Client');
    assert.equal(catalog.suggestModels('x86', 'skylake-client')[0], 'Skylake-Client');
    assert.ok(catalog.suggestFeatures('x86', 'avx512').includes('avx512f'));
    assert.equal(catalog.suggestFeatures('x86', 'sse4_2')[0], 'sse4.2');
    assert.equal(catalog.suggestFeatures('x86', 'md_clear')[0], 'md-clear');
  });

  test('the installed cpu_map, when it is 11.3.0, loads like the source tree without libcpuinfo_aliases.xml', (t) => {
    if (needSource(t)) return;
    const host = '/usr/share/libvirt/cpu_map';
    if (!existsSync(join(host, 'index.xml'))) {
      t.skip(`no installed cpu_map at ${host}`);
      return;
    }
    const { data } = loadCpuMapDir(host);
    if (data.source.libvirtVersion !== '11.3.0') {
      t.skip(`installed libvirt is ${data.source.libvirtVersion}, not 11.3.0`);
      return;
    }
    assert.equal(data.source.origin, host);
    // Distributions do not install libcpuinfo_aliases.xml; hide it from the source tree too.
    const read = cpuMapReader(cpuMapDir);
    const fromSource = parseCpuMap((name) => (name === 'libcpuinfo_aliases.xml' ? undefined : read(name)), {
      libvirtVersion: '11.3.0',
      origin: host,
    });
    assert.deepEqual(data, fromSource);
  });
});
