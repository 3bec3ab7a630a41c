// The host CPU engine on inline fixtures: reading CPU definitions as libvirt
// does, feature sets, cpu-compare verdicts, decoding and baseline choices.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadBundledCatalog } from '../../server/src/io/catalogLoader';
import { parseXml } from '../../server/src/xml/parser';
import { formatCpuDef, parseCpuDef, xpathString, type CpuDef } from '../../server/src/hosts/cpuDef';
import { FeatureSet, parseBitmap, splitSignature, x86Map } from '../../server/src/hosts/x86Data';
import { baselineX86, compareX86, decodeX86, expandFeatures, listCost } from '../../server/src/hosts/x86Cpu';
import { parseCpuidData } from '../../server/src/hosts/cpuidData';

const catalog = loadBundledCatalog(join(process.cwd(), 'data')).catalog;
const map = x86Map(catalog);

/** Parses one `<cpu>` text; throws with libvirt's message when it is refused. */
function cpu(text: string, type: 'auto' | 'host' | 'guest' = 'auto'): CpuDef {
  const r = parseCpuDef(parseXml(text).roots[0], type);
  if (!r.ok) throw new Error(r.error);
  return r.cpu;
}

function parseError(text: string, type: 'auto' | 'host' | 'guest' = 'auto'): string {
  const r = parseCpuDef(parseXml(text).roots[0], type);
  assert.equal(r.ok, false, 'libvirt refuses this CPU');
  return r.ok ? '' : r.error;
}

const host = (model: string, vendor: string, ...features: string[]) =>
  cpu(`<cpu><arch>x86_64</arch><model>${model}</model><vendor>${vendor}</vendor>${features.map((f) => `<feature name='${f}'/>`).join('')}</cpu>`);

/** Leaf 1 EAX for a family/model/stepping. */
const signature = (family: number, model: number, stepping: number) => {
  const ext = family > 15 ? family - 15 : 0;
  return ((ext << 20) | ((model >> 4) << 16) | (Math.min(family, 15) << 8) | ((model & 15) << 4) | stepping) >>> 0;
};

test('a <cpu> with <arch> is a host CPU, without it a guest CPU', () => {
  const h = cpu(`<cpu><arch>x86_64</arch><model>Penryn</model><feature name='vmx' policy='disable'/></cpu>`);
  assert.equal(h.type, 'host');
  assert.deepEqual(h.features, [{ name: 'vmx', policy: undefined }], 'host features ignore policies');
  const g = cpu(`<cpu match='strict'><model fallback='forbid'>Penryn</model><feature name='vmx'/></cpu>`);
  assert.equal(g.type, 'guest');
  assert.equal(g.mode, 'custom');
  assert.equal(g.match, 'strict');
  assert.equal(g.fallback, 'forbid');
  assert.deepEqual(g.features, [{ name: 'vmx', policy: 'require' }]);
});

test("CPU definitions libvirt refuses, with libvirt's messages", () => {
  assert.equal(parseError(`<cpu match='exact'><arch>x86_64</arch><model>Penryn</model></cpu>`), "'arch' element cannot be used inside 'cpu' element with 'match' attribute'");
  assert.equal(parseError(`<cpu mode='custom'><model>Penryn</model></cpu>`, 'host'), 'Attribute mode is only allowed for guest CPU');
  assert.equal(parseError(`<cpu><model>Penryn</model></cpu>`, 'host'), 'Missing CPU architecture');
  assert.equal(parseError(`<cpu><arch>x86_64</arch></cpu>`), 'Missing CPU model name');
  assert.equal(parseError(`<cpu><arch>vax</arch><model>Penryn</model></cpu>`), 'Unknown architecture vax');
  assert.equal(parseError(`<cpu mode='fancy'/>`), "Invalid mode attribute 'fancy'");
  assert.equal(parseError(`<cpu match='loose'/>`), "Invalid value for attribute 'match' in element 'cpu': 'loose'.");
  assert.equal(parseError(`<cpu><vendor>Intel</vendor></cpu>`), 'CPU vendor specified without CPU model');
  assert.equal(parseError(`<cpu><feature name='vmx'/></cpu>`), 'Non-empty feature list specified without CPU model');
  assert.equal(parseError(`<cpu><model>Penryn</model><feature name=''/></cpu>`), 'Invalid CPU feature name');
  assert.equal(parseError(`<cpu><model>Penryn</model><feature name='vmx' policy='maybe'/></cpu>`), 'Invalid CPU feature policy');
  assert.equal(parseError(`<cpu><model>Penryn</model><feature name='vmx'/><feature name='vmx' policy='disable'/></cpu>`), "CPU feature 'vmx' specified more than once");
  assert.equal(parseError(`<cpu><model>Penryn</model><topology sockets='0' cores='1' threads='1'/></cpu>`), "Invalid value for attribute 'sockets' in element 'topology': Zero is not permitted");
  assert.equal(parseError(`<cpu><model>Penryn</model><topology sockets='1' threads='1'/></cpu>`), "Missing required attribute 'cores' in element 'topology'");
  assert.equal(parseError(`<cpu mode='custom' migratable='on'><model>Penryn</model></cpu>`), "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode");
  assert.equal(parseError(`<cpu><model vendor_id='short'>Penryn</model></cpu>`), 'vendor_id must be exactly 12 characters long');
});

test('element text is read like XPath string(): untrimmed, nested text included, empty means absent', () => {
  const el = (t: string) => parseXml(t).roots[0];
  assert.equal(xpathString(el(`<model> Penryn </model>`)), ' Penryn ');
  assert.equal(xpathString(el(`<model>Pen<b>ry</b>n</model>`)), 'Penryn');
  assert.equal(xpathString(el(`<model>&#x50;enryn</model>`)), 'Penryn');
  assert.equal(xpathString(el(`<model></model>`)), undefined);
  assert.equal(cpu(`<cpu><model> Penryn</model></cpu>`).model, ' Penryn', 'libvirt does not trim');
});

test('formatting follows virCPUDefFormat', () => {
  const guest = cpu(`<cpu check='partial'><model>Penryn</model><vendor>Intel</vendor><feature name='vmx' policy='disable'/></cpu>`);
  assert.equal(
    formatCpuDef(guest),
    `<cpu mode='custom' match='exact' check='partial'>\n  <model fallback='allow'>Penryn</model>\n  <vendor>Intel</vendor>\n  <feature policy='disable' name='vmx'/>\n</cpu>\n`,
  );
  const h = cpu(`<cpu><arch>x86_64</arch><model>Penryn</model><signature family='6' model='23' stepping='10'/><feature name='vmx'/></cpu>`);
  assert.equal(formatCpuDef(h), `<cpu>\n  <arch>x86_64</arch>\n  <model>Penryn</model>\n  <signature family='6' model='23' stepping='10'/>\n  <feature name='vmx'/>\n</cpu>\n`);
  assert.equal(formatCpuDef(cpu(`<cpu/>`)), `<cpu/>\n`, 'a custom CPU without a model prints no mode');
});

test('feature sets', () => {
  const a = FeatureSet.of(3, [0, 31, 32, 70]);
  const b = FeatureSet.of(3, [31, 70]);
  assert.deepEqual(a.indexes(), [0, 31, 32, 70]);
  assert.ok(b.isSubsetOf(a) && !a.isSubsetOf(b));
  assert.deepEqual(a.clone().subtract(b).indexes(), [0, 32]);
  assert.deepEqual(a.clone().intersect(FeatureSet.of(3, [32, 33])).indexes(), [32]);
  assert.ok(new FeatureSet(3).isEmpty() && !b.isEmpty());
  assert.ok(b.equals(FeatureSet.of(3, [70, 31])));
});

test('signatures and stepping lists', () => {
  assert.deepEqual(splitSignature(signature(6, 85, 7)), { family: 6, model: 85, stepping: 7 });
  assert.deepEqual(splitSignature(signature(25, 1, 1)), { family: 25, model: 1, stepping: 1 }, 'extended family');
  assert.deepEqual([...parseBitmap('0-3,^2,5', 16)!], [0, 1, 3, 5]);
  assert.equal(parseBitmap('0-99', 16), undefined);
});

test('every catalog model resolves to a non-empty set of known features', () => {
  assert.equal(map.models.length, catalog.models('x86').length);
  for (const m of map.models) {
    assert.equal(m.data.indexes().length, m.source.features.filter((f) => map.featureIndex.has(f)).length, m.name);
  }
  assert.ok(map.models.filter((m) => m.data.isEmpty()).length < 5, 'only a few empty models (e.g. qemu32 ancestors)');
  assert.deepEqual([...map.migrationBlockers].sort(), ['invtsc', 'xsaves']);
});

test('cpu-compare: identical, superset and the incompatible reasons', () => {
  const h = host('Skylake-Client-IBRS', 'Intel', 'vmx');
  assert.equal(compareX86(map, h, h).result, 'identical');
  assert.equal(compareX86(map, h, cpu(`<cpu><model>Skylake-Client-IBRS</model></cpu>`)).result, 'superset');
  assert.equal(compareX86(map, h, cpu(`<cpu><model>Skylake-Client-IBRS</model><feature name='vmx'/></cpu>`)).result, 'identical');
  assert.deepEqual(compareX86(map, h, cpu(`<cpu><model>Cascadelake-Server</model></cpu>`)), {
    result: 'incompatible',
    reason: 'missing',
    features: ['avx512f', 'avx512dq', 'clflushopt', 'clwb', 'avx512cd', 'avx512bw', 'avx512vl', 'avx512vnni', 'ssbd', 'pdpe1gb'],
    message: 'Host CPU does not provide required features: avx512f, avx512dq, clflushopt, clwb, avx512cd, avx512bw, avx512vl, avx512vnni, ssbd, pdpe1gb',
  });
  const optional = cpu(`<cpu><model>Skylake-Client-IBRS</model><feature name='avx512f' policy='optional'/><feature name='vmx' policy='forbid'/></cpu>`);
  assert.equal(compareX86(map, h, optional).message, 'Host CPU provides forbidden features: vmx');
  const strict = compareX86(map, h, cpu(`<cpu match='strict'><model>Skylake-Client-IBRS</model></cpu>`));
  assert.equal(strict.message, 'Host CPU does not strictly match guest CPU: Extra features: vmx');
  assert.equal(compareX86(map, h, cpu(`<cpu><model>Skylake-Client-IBRS</model><vendor>AMD</vendor></cpu>`)).reason, 'vendor');
  assert.equal(compareX86(map, h, cpu(`<cpu><model>Skylake-Client-IBRS</model><feature name='sse4_1'/></cpu>`)).message, 'Unknown CPU feature sse4_1');
  assert.equal(compareX86(map, h, cpu(`<cpu><model>Skylake</model></cpu>`)).result, 'error');
  const forced = cpu(`<cpu><model>Skylake-Client-IBRS</model><feature name='avx512f' policy='force'/></cpu>`);
  assert.equal(compareX86(map, h, forced).result, 'superset', 'forced features need no host support');
});

test('the disabled-feature cost scans like libvirt (stops early)', () => {
  const f = (policy: 'require' | 'disable') => ({ name: 'x', policy });
  // A full scan would give 1 enabled + (2 + 3) = 6; libvirt's loop never reaches the last entry.
  assert.deepEqual(listCost([f('require'), f('disable'), f('disable')], true), { total: 4, disabled: 2 }, 'second disabled feature not reached');
  assert.deepEqual(listCost([f('disable'), f('disable'), f('require')], true), { total: 6, disabled: 5 });
  assert.deepEqual(listCost([f('disable'), f('disable')], false), { total: 2, disabled: 0 }, 'host lists count plainly');
});

test('decoding: vendor, decode flags, signatures and broken TSX', () => {
  const intel = map.vendorByName.get('Intel');
  const haswell = map.modelByName.get('Haswell')!.data;
  const decode = (sig: number, type: 'host' | 'guest') => {
    const r = decodeX86(map, { features: haswell.clone(), vendor: intel, signature: sig }, { type });
    assert.ok(r.ok);
    return r.model;
  };
  assert.equal(decode(0, 'guest'), 'Haswell');
  assert.equal(decode(0, 'host'), 'Haswell-v1', 'host CPUs may use versioned models');
  assert.equal(decode(signature(6, 60, 3), 'guest'), 'Haswell-noTSX', 'model 60 has broken TSX');
  assert.equal(decode(signature(6, 63, 2), 'host'), 'Haswell-v2');
  assert.equal(decode(signature(6, 63, 4), 'guest'), 'Haswell', 'stepping 4 of model 63 keeps TSX');
  const amd = decodeX86(map, { features: haswell.clone(), vendor: map.vendorByName.get('AMD'), signature: 0 }, { type: 'guest' });
  assert.ok(amd.ok);
  assert.ok(!['Haswell', 'Haswell-noTSX'].includes(amd.model), 'an AMD CPU never decodes to an Intel model');
});

test('decoding raw CPUID data', () => {
  const xml = parseXml(`<cpudata arch='x86'>
    <cpuid eax_in='0x0' ecx_in='0x0' eax='0xd' ebx='0x756e6547' ecx='0x6c65746e' edx='0x49656e69'/>
    <cpuid eax_in='0x1' ecx_in='0x0' eax='0x000306c3' ebx='0' ecx='0x00000201' edx='0x078bfbff'/>
    <msr index='0x10a' edx='0' eax='0x1'/>
  </cpudata>`);
  const r = parseCpuidData(map, xml.roots[0]);
  assert.ok(r.ok);
  assert.equal(r.data.vendor?.name, 'Intel');
  assert.deepEqual(splitSignature(r.data.signature), { family: 6, model: 60, stepping: 3 });
  const names = r.data.features.indexes().map((i) => map.features[i].name);
  assert.ok(names.includes('pni') && names.includes('ssse3') && names.includes('sse2') && names.includes('rdctl-no'), names.join(' '));
  assert.equal(parseCpuidData(map, parseXml(`<cpu/>`).roots[0]).ok, false);
});

test('baseline: one model stays with fallback forbid; the intersection decodes to the closest model', () => {
  const one = baselineX86(map, [host('Westmere', 'Intel')]);
  assert.ok(one.ok);
  assert.equal(formatCpuDef(one.cpu), `<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>Westmere</model>\n  <vendor>Intel</vendor>\n</cpu>\n`);
  const two = baselineX86(map, [host('Skylake-Client-IBRS', 'Intel', 'vmx'), host('Cascadelake-Server', 'Intel', 'invtsc')]);
  assert.ok(two.ok);
  assert.equal(two.cpu.model, 'Skylake-Client-IBRS');
  assert.equal(two.cpu.fallback, 'allow');
  assert.deepEqual(two.cpu.features, [{ name: 'mpx', policy: 'disable' }], 'the model removes mpx (as virsh prints it)');
});

test('baseline errors use libvirt messages', () => {
  assert.deepEqual(baselineX86(map, []), { ok: false, error: 'no CPUs given' });
  assert.deepEqual(baselineX86(map, [host('Penryn', 'Intel'), host('Opteron_G3', 'AMD')]), { ok: false, error: 'CPU vendors do not match' });
  assert.deepEqual(baselineX86(map, [host('Penryn', 'Intel'), host('Opteron_G3', 'Intel')]), {
    ok: false,
    error: 'CPU vendor AMD of model Opteron_G3 differs from vendor Intel',
  });
  assert.deepEqual(baselineX86(map, [host('Penryn', 'Acme')]), { ok: false, error: 'Unknown CPU vendor Acme' });
  assert.deepEqual(baselineX86(map, [host('Penryn', 'Intel'), host('NoSuchModel', 'Intel')]), { ok: false, error: 'Unknown CPU model NoSuchModel' });
});

test('baseline --migratable drops invtsc; virsh drops features QEMU ignores; --features expands sorted', () => {
  const hosts = [host('Westmere', 'Intel', 'invtsc', 'osxsave', 'avx'), host('Westmere', 'Intel', 'invtsc', 'osxsave')];
  const plain = baselineX86(map, hosts);
  assert.ok(plain.ok);
  assert.deepEqual(plain.cpu.features.map((f) => f.name), ['osxsave', 'invtsc']);
  const migratable = baselineX86(map, hosts, { migratable: true, virsh: true });
  assert.ok(migratable.ok);
  assert.deepEqual(migratable.cpu.features, []);
  const expanded = baselineX86(map, hosts, { expandFeatures: true });
  assert.ok(expanded.ok);
  const names = expanded.cpu.features.map((f) => f.name);
  assert.deepEqual(names, [...names].sort());
  assert.ok(names.includes('invtsc') && names.includes('sse4.2') && expanded.cpu.features.every((f) => f.policy === 'require'));
});

test('expanding a guest CPU keeps its policies and disables the model\'s removed features', () => {
  const r = expandFeatures(map, cpu(`<cpu><model>EPYC</model><feature name='svm' policy='disable'/><feature name='vmx' policy='optional'/></cpu>`));
  assert.ok(r.ok);
  const byName = new Map(r.cpu.features.map((f) => [f.name, f.policy]));
  assert.equal(byName.get('svm'), 'disable');
  assert.equal(byName.get('monitor'), 'disable', 'EPYC removes monitor');
  assert.equal(byName.has('vmx'), false, 'optional features are not kept');
  assert.equal(byName.get('sse2'), 'require');
});
