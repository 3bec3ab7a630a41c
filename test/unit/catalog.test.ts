// Unit tests for the CPU catalog: cpu_map loading (split and single-file layouts,
// inheritance, aliases, libvirt's load errors) and the Catalog queries on top.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Catalog, loadDescriptions } from '../../server/src/catalog/catalog';
import {
  CpuMapError,
  formatCatalogJson,
  modelFamily,
  modelVersion,
  parseCpuMap,
  type CpuMapReader,
} from '../../server/src/catalog/cpuMap';
import {
  cpuMapReader,
  installedLibvirtVersion,
  loadCpuMapDir,
  sourceTreeVersion,
  upstreamVersion,
} from '../../server/src/io/cpuMapDir';
import type { CatalogData, ModelData } from '../../server/src/catalog/types';

const INDEX = `<cpus>
  <arch name='x86'>
    <include filename='x86_vendors.xml'/>
    <include filename='x86_features.xml'/>
    <group name='Skylake client'>
      <include filename='x86_Skylake-Client.xml'/>
      <include filename='x86_Skylake-Client-IBRS.xml'/>
      <include filename='x86_Skylake-Client-v1.xml'/>
      <include filename='x86_Skylake-Client-v2.xml'/>
    </group>
    <group>
      <include filename='never-read.xml'/>
    </group>
    <include filename='x86_Skylake-Server.xml'/>
  </arch>
  <arch name='arm'>
    <vendor name='ARM' value='0x41'/>
    <feature name='sve'/>
    <model name='cortex-a53'>
      <vendor name='ARM'/>
      <pvr value='0xd03'/>
    </model>
  </arch>
  <arch name='ppc64'>
    <vendor name='IBM'/>
    <include filename='ppc64_POWER8.xml'/>
  </arch>
</cpus>`;

const FILES: Record<string, string> = {
  'index.xml': INDEX,
  'x86_vendors.xml': `<cpus>
  <vendor name='Intel' string='GenuineIntel'/>
  <vendor name='AMD' string='AuthenticAMD'/>
</cpus>`,
  'x86_features.xml': `<?xml version='1.0'?>
<cpus>
  <!-- leaf 1 -->
  <feature name='fpu'><cpuid eax_in='0x00000001' edx='0x00000001'/></feature>
  <feature name='sse4.1'>
    <alias name='sse4_1' source='qemu'/>
    <cpuid eax_in='0x00000001' ecx='0x00080000'/>
  </feature>
  <feature name='avx2'><cpuid eax_in='0x00000007' ecx_in='0x00000000' ebx='0x00000020'/></feature>
  <feature name='mpx'><cpuid eax_in='0x00000007' ecx_in='0x00000000' ebx='0x00004000'/></feature>
  <feature name='avx512f'><cpuid eax_in='0x00000007' ecx_in='0x00000000' ebx='0x00010000'/></feature>
  <feature name='avx512bw'><cpuid eax_in='0x00000007' ecx_in='0x00000000' ebx='0x40000000'/></feature>
  <feature name='avx512cd'><cpuid eax_in='0x00000007' ecx_in='0x00000000' ebx='0x10000000'/></feature>
  <feature name='avx-vnni'><cpuid eax_in='0x00000007' ecx_in='0x00000001' eax='0x00000010'/></feature>
  <feature name='spec-ctrl'><cpuid eax_in='0x00000007' ecx_in='0x00000000' edx='0x04000000'/></feature>
  <feature name='invtsc' migratable='no'><cpuid eax_in='0x80000007' edx='0x00000100'/></feature>
  <feature name='rdctl-no'><msr index='0x0000010a' edx='0x00000000' eax='0x00000001'/></feature>
  <feature name='two-bits'><cpuid eax_in='0x0000000d' ecx_in='0x00000001' eax='0x00000005'/></feature>
</cpus>`,
  'x86_Skylake-Client.xml': `<cpus>
  <model name='Skylake-Client'>
    <check partial='compat'/>
    <decode host='on' guest='on'/>
    <signature family='6' model='94'/>
    <vendor name='Intel'/>
    <feature name='fpu'/>
    <feature name='sse4.1'/>
    <feature name='mpx'/>
    <feature name='avx2'/>
  </model>
</cpus>`,
  'x86_Skylake-Client-IBRS.xml': `<cpus>
  <model name='Skylake-Client-IBRS'>
    <decode host='on' guest='on'/>
    <model name='Skylake-Client'/>
    <feature name='spec-ctrl'/>
    <feature name='mpx' removed='yes'/>
    <feature name='invtsc' added='yes'/>
  </model>
</cpus>`,
  'x86_Skylake-Client-v1.xml': `<cpus>
  <model name='Skylake-Client-v1'>
    <decode host='on' guest='off'/>
    <model name='Skylake-Client'/>
  </model>
</cpus>`,
  'x86_Skylake-Client-v2.xml': `<cpus>
  <model name='Skylake-Client-v2'>
    <decode host='on' guest='off'/>
    <model name='Skylake-Client-IBRS'/>
  </model>
</cpus>`,
  'x86_Skylake-Server.xml': `<cpus>
  <model name='Skylake-Server'>
    <decode host='on' guest='on'/>
    <signature family='6' model='85' stepping='0-4'/>
    <vendor name='Intel'/>
    <feature name='fpu'/>
    <feature name='avx512f'/>
    <feature name='avx512bw'/>
    <feature name='avx512cd'/>
  </model>
  <model name='Skylake-Server-noTSX-IBRS'>
    <decode host='on' guest='on'/>
    <model name='Skylake-Server'/>
    <signature family='6' model='85' stepping='5-7'/>
    <feature name='rdctl-no'/>
  </model>
</cpus>`,
  'ppc64_POWER8.xml': `<cpus>
  <model name='POWER8'>
    <vendor name='IBM'/>
    <pvr value='0x004b0000' mask='0xffff0000'/>
    <pvr value='0x004d0000' mask='0xffff0000'/>
  </model>
</cpus>`,
  'libcpuinfo_aliases.xml': `<external_aliases>
  <external_alias>
    <type>feature</type>
    <canonical>sse4-1</canonical>
    <name>sse4.1</name>
    <domain>libvirt</domain>
  </external_alias>
  <external_alias>
    <type>feature</type>
    <canonical>whatever</canonical>
    <name>not-a-libvirt-feature</name>
    <domain>libvirt</domain>
  </external_alias>
</external_aliases>`,
};

const OPTIONS = { libvirtVersion: '99.1.0', origin: 'unit fixture' };

function reader(files: Record<string, string>): CpuMapReader {
  return (name) => (Object.hasOwn(files, name) ? files[name] : undefined);
}

function load(overrides: Record<string, string | undefined> = {}): CatalogData {
  const files: Record<string, string> = { ...FILES };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete files[k];
    else files[k] = v;
  }
  return parseCpuMap(reader(files), OPTIONS);
}

/** Asserts that loading with these file changes fails with a message naming `file` and matching `pattern`. */
function checkError(overrides: Record<string, string | undefined>, file: string, pattern: RegExp): void {
  assert.throws(
    () => load(overrides),
    (e: unknown) => {
      assert.ok(e instanceof CpuMapError, `expected CpuMapError, got ${String(e)}`);
      assert.equal(e.file, file);
      assert.ok(e.message.startsWith(`${file}: `), e.message);
      assert.match(e.message, pattern);
      return true;
    },
  );
}

function model(data: CatalogData, arch: string, name: string): ModelData {
  const m = data.archs[arch].models.find((x) => x.name === name);
  assert.ok(m, `model ${name} missing`);
  return m;
}

describe('parseCpuMap: split layout', () => {
  const data = load();

  test('records provenance and arches in index order', () => {
    assert.deepEqual(data.source, { libvirtVersion: '99.1.0', origin: 'unit fixture' });
    assert.deepEqual(Object.keys(data.archs), ['x86', 'arm', 'ppc64']);
  });

  test('follows includes directly under <arch> and inside named groups, in document order', () => {
    assert.deepEqual(
      data.archs.x86.models.map((m) => m.name),
      [
        'Skylake-Client',
        'Skylake-Client-IBRS',
        'Skylake-Client-v1',
        'Skylake-Client-v2',
        'Skylake-Server',
        'Skylake-Server-noTSX-IBRS',
      ],
    );
  });

  test('vendors and features keep cpu_map order', () => {
    assert.deepEqual(data.archs.x86.vendors, [
      { name: 'Intel', string: 'GenuineIntel' },
      { name: 'AMD', string: 'AuthenticAMD' },
    ]);
    assert.deepEqual(
      data.archs.x86.features.map((f) => f.name),
      ['fpu', 'sse4.1', 'avx2', 'mpx', 'avx512f', 'avx512bw', 'avx512cd', 'avx-vnni', 'spec-ctrl', 'invtsc', 'rdctl-no', 'two-bits'],
    );
  });

  test('turns cpuid and msr masks into one item per set bit', () => {
    const f = (name: string) => data.archs.x86.features.find((x) => x.name === name)!;
    assert.deepEqual(f('avx512f').cpuid, [{ eaxIn: 7, ecxIn: 0, reg: 'ebx', bit: 16 }]);
    assert.deepEqual(f('avx-vnni').cpuid, [{ eaxIn: 7, ecxIn: 1, reg: 'eax', bit: 4 }]);
    assert.deepEqual(f('invtsc').cpuid, [{ eaxIn: 0x80000007, ecxIn: 0, reg: 'edx', bit: 8 }]);
    assert.deepEqual(f('two-bits').cpuid, [
      { eaxIn: 0xd, ecxIn: 1, reg: 'eax', bit: 0 },
      { eaxIn: 0xd, ecxIn: 1, reg: 'eax', bit: 2 },
    ]);
    assert.deepEqual(f('rdctl-no').msr, [{ index: 0x10a, reg: 'eax', bit: 0 }]);
    assert.equal(f('rdctl-no').cpuid, undefined);
  });

  test('marks migratable="no" features and keeps other features unmarked', () => {
    const f = (name: string) => data.archs.x86.features.find((x) => x.name === name)!;
    assert.equal(f('invtsc').migratable, false);
    assert.equal('migratable' in f('fpu'), false);
  });

  test('records cpu_map aliases and libcpuinfo spellings (libvirt name in <name>)', () => {
    const sse41 = data.archs.x86.features.find((x) => x.name === 'sse4.1')!;
    assert.deepEqual(sse41.aliases, [
      { name: 'sse4_1', source: 'qemu' },
      { name: 'sse4-1', source: 'linux' },
    ]);
    assert.ok(!data.archs.x86.features.some((f) => f.name === 'whatever' || f.name === 'not-a-libvirt-feature'));
  });

  test('a plain model lists its own features, sorted, with signature, vendor and flags', () => {
    assert.deepEqual(model(data, 'x86', 'Skylake-Client'), {
      name: 'Skylake-Client',
      family: 'Skylake-Client',
      vendor: 'Intel',
      signatures: [{ family: 6, model: 94 }],
      canonical: 'Skylake-Client-v1',
      decodeHost: true,
      decodeGuest: true,
      checkPartialCompat: true,
      features: ['avx2', 'fpu', 'mpx', 'sse4.1'],
    });
  });

  test("a child inherits vendor, signatures and data; its own removed features stay in its data (libvirt only subtracts the ancestor's)", () => {
    assert.deepEqual(model(data, 'x86', 'Skylake-Client-IBRS'), {
      name: 'Skylake-Client-IBRS',
      family: 'Skylake-Client',
      vendor: 'Intel',
      signatures: [{ family: 6, model: 94 }],
      ancestor: 'Skylake-Client',
      canonical: 'Skylake-Client-v2',
      decodeHost: true,
      decodeGuest: true,
      removed: ['mpx'],
      added: ['invtsc'],
      features: ['avx2', 'fpu', 'mpx', 'spec-ctrl', 'sse4.1'],
    });
  });

  test("a pure alias -vN model becomes the canonical name and drops the ancestor's removed features", () => {
    const v1 = model(data, 'x86', 'Skylake-Client-v1');
    assert.equal(v1.aliasOf, 'Skylake-Client');
    assert.equal(v1.version, 1);
    assert.equal(v1.family, 'Skylake-Client');
    assert.equal(v1.decodeGuest, false);
    assert.deepEqual(v1.features, ['avx2', 'fpu', 'mpx', 'sse4.1']);
    const v2 = model(data, 'x86', 'Skylake-Client-v2');
    assert.equal(v2.aliasOf, 'Skylake-Client-IBRS');
    assert.deepEqual(v2.features, ['avx2', 'fpu', 'spec-ctrl', 'sse4.1']);
    assert.equal(v2.removed, undefined, 'removed lists are not inherited');
    assert.equal(v2.added, undefined, 'added lists are not inherited');
    assert.equal(v2.vendor, 'Intel');
    assert.deepEqual(v2.signatures, [{ family: 6, model: 94 }]);
  });

  test('own signatures replace inherited ones; a model with content is not an alias', () => {
    const m = model(data, 'x86', 'Skylake-Server-noTSX-IBRS');
    assert.deepEqual(m.signatures, [{ family: 6, model: 85, stepping: '5-7' }]);
    assert.equal(m.aliasOf, undefined);
    assert.equal(model(data, 'x86', 'Skylake-Server').canonical, undefined);
    assert.deepEqual(m.features, ['avx512bw', 'avx512cd', 'avx512f', 'fpu', 'rdctl-no']);
    assert.equal(m.family, 'Skylake-Server');
  });

  test('arm and ppc64: vendors with values, featureless models, PVRs', () => {
    assert.deepEqual(data.archs.arm, {
      vendors: [{ name: 'ARM', value: '0x41' }],
      features: [{ name: 'sve' }],
      models: [{ name: 'cortex-a53', family: 'cortex-a53', vendor: 'ARM', pvr: '0xd03', features: [] }],
    });
    assert.deepEqual(model(data, 'ppc64', 'POWER8'), {
      name: 'POWER8',
      family: 'POWER8',
      vendor: 'IBM',
      pvr: '0x004b0000',
      pvrs: [
        { value: '0x004b0000', mask: '0xffff0000' },
        { value: '0x004d0000', mask: '0xffff0000' },
      ],
      features: [],
    });
  });

  test('output is deterministic and formatCatalogJson round-trips with one entry per line', () => {
    assert.deepEqual(load(), data);
    const text = formatCatalogJson(data);
    assert.deepEqual(JSON.parse(text), data);
    assert.ok(text.endsWith('}\n'));
    const modelLines = text.split('\n').filter((l) => l.includes('"family":'));
    assert.equal(modelLines.length, 6 + 1 + 1);
  });
});

describe('parseCpuMap: old single-file layout (libvirt < 4.7)', () => {
  const single = `<cpus>
  <arch name='x86'>
    <!-- vendor definitions -->
    <vendor name='Intel' string='GenuineIntel'/>
    <feature name='fpu'> <!-- CPUID_FP87 -->
      <cpuid function='0x00000001' edx='0x00000001'/>
    </feature>
    <feature name='smep'>
      <cpuid function='0x00000007' ebx='0x00000080'/>
    </feature>
    <model name='486'>
      <feature name='fpu'/>
    </model>
    <model name='SandyBridge'>
      <model name='486'/>
      <vendor name='Intel'/>
      <feature name='smep'/>
    </model>
  </arch>
  <arch name='ppc64'>
    <vendor name='IBM'/>
    <model name='POWER7'>
      <vendor name='IBM'/>
      <pvr value='0x003f0000'/>
    </model>
  </arch>
</cpus>`;

  test('falls back to cpu_map.xml and reads function= leaves, ancestors and ppc64', () => {
    const asked: string[] = [];
    const data = parseCpuMap(
      (name) => {
        asked.push(name);
        return name === 'cpu_map.xml' ? single : undefined;
      },
      OPTIONS,
    );
    assert.deepEqual(asked, ['index.xml', 'cpu_map.xml'], 'no libcpuinfo lookup for the old layout');
    const x86 = data.archs.x86;
    assert.deepEqual(x86.features[1], { name: 'smep', cpuid: [{ eaxIn: 7, ecxIn: 0, reg: 'ebx', bit: 7 }] });
    assert.deepEqual(x86.models[1], {
      name: 'SandyBridge',
      family: 'SandyBridge',
      vendor: 'Intel',
      ancestor: '486',
      features: ['fpu', 'smep'],
    });
    assert.equal(x86.models[0].decodeHost, undefined, 'old models have no <decode>');
    assert.deepEqual(data.archs.ppc64.models[0].pvr, '0x003f0000');
    assert.equal(data.archs.ppc64.models[0].pvrs, undefined);
  });
});

describe('parseCpuMap: errors libvirt would report', () => {
  test('neither index.xml nor cpu_map.xml', () => {
    assert.throws(() => parseCpuMap(() => undefined, OPTIONS), /neither index\.xml nor cpu_map\.xml/);
  });

  test('missing include names the index and the file', () => {
    checkError({ 'x86_Skylake-Server.xml': undefined }, 'index.xml', /cannot find CPU map include 'x86_Skylake-Server\.xml'/);
  });

  test('malformed XML names the file', () => {
    checkError({ 'x86_vendors.xml': '<cpus><vendor name="Intel" string="GenuineIntel"></cpus>' }, 'x86_vendors.xml', /malformed XML/);
  });

  test('duplicate feature', () => {
    checkError(
      { 'x86_vendors.xml': FILES['x86_vendors.xml'].replace('</cpus>', "<feature name='fpu'><cpuid eax_in='0x1' edx='0x1'/></feature></cpus>") },
      'x86_features.xml',
      /^x86_features\.xml: CPU feature fpu already defined$/,
    );
  });

  test('duplicate model (x86 and arm wording)', () => {
    checkError(
      { 'x86_Skylake-Client-v1.xml': FILES['x86_Skylake-Client.xml'] },
      'x86_Skylake-Client-v1.xml',
      /Multiple definitions of CPU model 'Skylake-Client'/,
    );
    checkError(
      { 'index.xml': INDEX.replace("<feature name='sve'/>", "<feature name='sve'/><model name='cortex-a53'><pvr value='0x1'/></model>") },
      'index.xml',
      /CPU model cortex-a53 already defined/,
    );
  });

  test('duplicate vendor', () => {
    checkError(
      { 'x86_vendors.xml': FILES['x86_vendors.xml'].replace("AMD' string='AuthenticAMD", "Intel' string='GenuineIntel") },
      'x86_vendors.xml',
      /CPU vendor Intel already defined/,
    );
  });

  test('unknown ancestor, feature and vendor', () => {
    checkError(
      { 'x86_Skylake-Client-v1.xml': FILES['x86_Skylake-Client-v1.xml'].replace("model name='Skylake-Client'/", "model name='Nope'/") },
      'x86_Skylake-Client-v1.xml',
      /Ancestor model Nope not found for CPU model Skylake-Client-v1/,
    );
    checkError(
      { 'x86_Skylake-Server.xml': FILES['x86_Skylake-Server.xml'].replace("'avx512cd'", "'avx512xx'") },
      'x86_Skylake-Server.xml',
      /Feature avx512xx required by CPU model Skylake-Server not found/,
    );
    checkError(
      { 'x86_Skylake-Server.xml': FILES['x86_Skylake-Server.xml'].replace("vendor name='Intel'", "vendor name='Cyrix'") },
      'x86_Skylake-Server.xml',
      /Unknown vendor Cyrix referenced by CPU model Skylake-Server/,
    );
  });

  test('a second pure alias of the same model', () => {
    checkError(
      { 'x86_Skylake-Client-v2.xml': FILES['x86_Skylake-Client-v1.xml'].replace("'Skylake-Client-v1'", "'Skylake-Client-v9'") },
      'x86_Skylake-Client-v2.xml',
      /Cannot set CPU model 'Skylake-Client-v9' as canonical name of 'Skylake-Client' which is already an alias of 'Skylake-Client-v1'/,
    );
  });

  test('bad cpuid data and bad check/decode values', () => {
    checkError(
      { 'x86_features.xml': FILES['x86_features.xml'].replace("eax_in='0x80000007'", "eax_in='0xZZ'") },
      'x86_features.xml',
      /Invalid cpuid\[0\] of CPU feature invtsc: bad eax_in='0xZZ'/,
    );
    checkError(
      { 'x86_features.xml': FILES['x86_features.xml'].replace("<feature name='fpu'><cpuid eax_in='0x00000001' edx='0x00000001'/></feature>", "<feature name='fpu'></feature>") },
      'x86_features.xml',
      /no x86 CPU data found for CPU feature fpu/,
    );
    checkError(
      { 'x86_Skylake-Client.xml': FILES['x86_Skylake-Client.xml'].replace("partial='compat'", "partial='full'") },
      'x86_Skylake-Client.xml',
      /Invalid check\/@partial value 'full' in CPU model Skylake-Client/,
    );
    checkError(
      { 'x86_Skylake-Client.xml': FILES['x86_Skylake-Client.xml'].replace("guest='on'", "guest='yes'") },
      'x86_Skylake-Client.xml',
      /Invalid value for attribute 'guest' in element 'decode'/,
    );
  });
});

describe('modelFamily / modelVersion', () => {
  test('strips -vN and mitigation variants, keeps -Client/-Server and other parts', () => {
    const cases: Array<[string, string]> = [
      ['Skylake-Client-IBRS', 'Skylake-Client'],
      ['Skylake-Client-noTSX-IBRS', 'Skylake-Client'],
      ['Skylake-Server-v5', 'Skylake-Server'],
      ['Cascadelake-Server-noTSX', 'Cascadelake-Server'],
      ['EPYC-Rome-v2', 'EPYC-Rome'],
      ['EPYC-IBPB', 'EPYC'],
      ['EPYC', 'EPYC'],
      ['Haswell-noTSX-IBRS', 'Haswell'],
      ['Icelake-Server-v7', 'Icelake-Server'],
      ['486-v1', '486'],
      ['cpu64-rhel5', 'cpu64-rhel5'],
      ['Opteron_G5-v1', 'Opteron_G5'],
      ['Kunpeng-920', 'Kunpeng-920'],
      ['Neoverse-V1', 'Neoverse-V1'],
      ['POWERPC_e5500', 'POWERPC_e5500'],
      ['v1', 'v1'],
    ];
    for (const [name, family] of cases) assert.equal(modelFamily(name), family, name);
  });

  test('version only for -vN names', () => {
    assert.equal(modelVersion('Icelake-Server-v7'), 7);
    assert.equal(modelVersion('486-v1'), 1);
    assert.equal(modelVersion('Neoverse-V1'), undefined);
    assert.equal(modelVersion('Skylake-Client'), undefined);
  });
});

describe('Catalog', () => {
  const descriptions = loadDescriptions([
    { features: { avx512f: 'old text', fpu: 'x87 floating point unit.' } },
    { features: { avx512f: 'AVX-512 foundation instructions.' }, families: { 'Skylake-Client': 'Intel Core, 6th generation.' } },
    {},
  ]);
  const catalog = new Catalog(load(), descriptions);

  test('version and arch mapping', () => {
    assert.equal(catalog.libvirtVersion, '99.1.0');
    assert.deepEqual(catalog.archs, ['x86', 'arm', 'ppc64']);
    const cases: Array<[string | undefined, string | undefined]> = [
      [undefined, 'x86'],
      ['x86_64', 'x86'],
      ['i686', 'x86'],
      ['aarch64', 'arm'],
      ['armv7l', 'arm'],
      ['armv6l', 'arm'],
      ['ppc64', 'ppc64'],
      ['ppc64le', 'ppc64'],
      ['s390x', undefined],
      ['toString', undefined],
    ];
    for (const [domainArch, arch] of cases) assert.equal(catalog.archOf(domainArch), arch, String(domainArch));
  });

  test('exact, case-sensitive lookups and alias lookup', () => {
    assert.equal(catalog.getModel('x86', 'Skylake-Client')?.canonical, 'Skylake-Client-v1');
    assert.equal(catalog.getModel('x86', 'skylake-client'), undefined);
    assert.equal(catalog.getFeature('x86', 'invtsc')?.migratable, false);
    assert.equal(catalog.getFeature('x86', 'sse4_1'), undefined, 'aliases are not feature names');
    assert.equal(catalog.featureByAlias('x86', 'sse4_1')?.name, 'sse4.1');
    assert.equal(catalog.featureByAlias('x86', 'sse4-1')?.name, 'sse4.1');
    assert.equal(catalog.getVendor('arm', 'ARM')?.value, '0x41');
    assert.equal(catalog.models('x86').length, 6);
    assert.equal(catalog.features('arm').length, 1);
    assert.deepEqual(catalog.vendors('ppc64'), [{ name: 'IBM' }]);
  });

  test('unknown arch answers empty', () => {
    assert.deepEqual(catalog.models('s390'), []);
    assert.equal(catalog.getFeature('s390', 'fpu'), undefined);
    assert.deepEqual(catalog.suggestModels('s390', 'z13'), []);
    assert.deepEqual(catalog.archs, ['x86', 'arm', 'ppc64']);
  });

  test('modelsWithFeature in cpu_map order', () => {
    assert.deepEqual(
      catalog.modelsWithFeature('x86', 'mpx').map((m) => m.name),
      ['Skylake-Client', 'Skylake-Client-IBRS', 'Skylake-Client-v1'],
    );
    assert.deepEqual(catalog.modelsWithFeature('x86', 'nope'), []);
  });

  test('suggestions: typo, case, alias, prefix', () => {
    assert.equal(catalog.suggestModels('x86', 'Skylake-Clinet')[0], 'Skylake-Client');
    assert.equal(catalog.suggestModels('x86', 'skylake-client')[0], 'Skylake-Client');
    assert.equal(catalog.suggestModels('x86', 'SKYLAKE-SERVER', 1)[0], 'Skylake-Server');
    assert.deepEqual(catalog.suggestFeatures('x86', 'avx512'), ['avx512f', 'avx512bw', 'avx512cd']);
    assert.equal(catalog.suggestFeatures('x86', 'sse4-1')[0], 'sse4.1');
    assert.equal(catalog.suggestFeatures('x86', 'SSE4_1')[0], 'sse4.1');
    assert.equal(catalog.suggestFeatures('x86', 'invtcs')[0], 'invtsc');
    assert.deepEqual(catalog.suggestModels('x86', 'Skylake', 2), ['Skylake-Client', 'Skylake-Server']);
    assert.deepEqual(catalog.suggestFeatures('x86', 'zzzzzzzz'), []);
    assert.deepEqual(catalog.suggestFeatures('x86', ''), []);
    assert.equal(catalog.suggestFeatures('x86', 'avx512', 1).length, 1);
  });

  test('formatFeatureLocation', () => {
    const loc = (name: string) => catalog.formatFeatureLocation(catalog.getFeature('x86', name)!);
    assert.equal(loc('avx512f'), 'CPUID leaf 7, sub-leaf 0, EBX bit 16');
    assert.equal(loc('invtsc'), 'CPUID leaf 0x80000007, sub-leaf 0, EDX bit 8');
    assert.equal(loc('rdctl-no'), 'MSR 0x10a, EAX bit 0');
    assert.equal(loc('two-bits'), 'CPUID leaf 0xd, sub-leaf 1, EAX bit 0; CPUID leaf 0xd, sub-leaf 1, EAX bit 2');
    assert.equal(catalog.formatFeatureLocation(catalog.getFeature('arm', 'sve')!), '');
  });

  test('descriptions merge, later files winning', () => {
    assert.equal(catalog.describeFeature('avx512f'), 'AVX-512 foundation instructions.');
    assert.equal(catalog.describeFeature('fpu'), 'x87 floating point unit.');
    assert.equal(catalog.describeFeature('mpx'), undefined);
    assert.equal(catalog.describeFamily('Skylake-Client'), 'Intel Core, 6th generation.');
    assert.equal(catalog.describeFamily('toString'), undefined);
    assert.equal(new Catalog(load()).describeFeature('fpu'), undefined);
  });
});

describe('hostCpuMap: reading from disk and finding the version', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'libvirt-xml-cpumap-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(tmp, path, '..'), { recursive: true });
    writeFileSync(join(tmp, path), text);
  };

  test('loads a directory, version from a libvirt-X.Y.Z source tree', () => {
    for (const [name, text] of Object.entries(FILES)) write(`libvirt-10.0.0/src/cpu_map/${name}`, text);
    const dir = join(tmp, 'libvirt-10.0.0/src/cpu_map');
    assert.equal(sourceTreeVersion(dir), '10.0.0');
    const { data, ms } = loadCpuMapDir(dir);
    assert.equal(data.source.libvirtVersion, '10.0.0');
    assert.equal(data.source.origin, dir);
    assert.ok(ms >= 0);
    assert.deepEqual(data.archs, load().archs);
    assert.equal(loadCpuMapDir(join(dir, 'index.xml'), { libvirtVersion: '1.2.3' }).data.source.libvirtVersion, '1.2.3');
  });

  test("prefers the top-level meson.build's project version", () => {
    write('tree/meson.build', "project(\n  'libvirt', 'c',\n  version: '11.3.0',\n)\n");
    write('tree/src/cpu_map/index.xml', '<cpus/>');
    assert.equal(sourceTreeVersion(join(tmp, 'tree/src/cpu_map')), '11.3.0');
  });

  test('loads an old single cpu_map.xml by path', () => {
    write('old/cpu_map.xml', "<cpus><arch name='x86'><vendor name='Intel' string='GenuineIntel'/></arch></cpus>");
    const { data } = loadCpuMapDir(join(tmp, 'old/cpu_map.xml'));
    assert.deepEqual(data.archs.x86.vendors, [{ name: 'Intel', string: 'GenuineIntel' }]);
    assert.equal(data.source.libvirtVersion, 'unknown');
  });

  test('the reader serves bare file names only', () => {
    write('jail/cpu_map/index.xml', '<cpus/>');
    write('jail/secret.xml', '<secret/>');
    const read = cpuMapReader(join(tmp, 'jail/cpu_map'));
    assert.equal(read('index.xml'), '<cpus/>');
    assert.equal(read('../secret.xml'), undefined);
    assert.equal(read(join(tmp, 'jail/secret.xml')), undefined);
    assert.equal(read('missing.xml'), undefined);
  });

  test('installed version from dpkg status, library name or doc directory', () => {
    assert.equal(upstreamVersion('11.3.0-2~bpo12+1'), '11.3.0');
    assert.equal(upstreamVersion('1:9.0.0-4+deb12u2'), '9.0.0');
    const status = [
      'Package: libvirt0\nStatus: deinstall ok config-files\nVersion: 8.0.0-1',
      'Package: libvirt-daemon\nStatus: install ok installed\nArchitecture: amd64\nVersion: 11.3.0-2~bpo12+1',
      'Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2',
    ].join('\n\n');
    write('dpkg/var/lib/dpkg/status', status + '\n');
    assert.equal(installedLibvirtVersion(join(tmp, 'dpkg')), '11.3.0');
    write('rpm/usr/lib64/libvirt.so.0.1002.17', '');
    assert.equal(installedLibvirtVersion(join(tmp, 'rpm')), '1.2.17');
    write('centos6/usr/share/doc/libvirt-0.10.2/README', '');
    assert.equal(installedLibvirtVersion(join(tmp, 'centos6')), '0.10.2');
    assert.equal(installedLibvirtVersion(join(tmp, 'nothing-here')), undefined);
  });
});
