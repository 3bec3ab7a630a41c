// Host files as users give them (capabilities, domcapabilities, bare <cpu>),
// the cpu-host-incompatible findings, the baseline/compare subcommands and
// --host loading, including malformed and hostile host files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docAt, domainWith, service } from '../helpers/engine';
import { parseXml } from '../../server/src/xml/parser';
import { parseCpuDef } from '../../server/src/hosts/cpuDef';
import { describeHost, extractCpus, readHosts, type HostCpu } from '../../server/src/hosts/hostCpu';
import { compareWithHost } from '../../server/src/hosts/hostCompare';
import { hostFindings } from '../../server/src/rules/hosts/check';
import { hostCodes } from '../../server/src/rules/hosts/codes';
import { baselineFromTexts, libvirtErrorText, loadHostFiles, runHostCommand } from '../../server/src/cli/hostCommands';
import { x86Map } from '../../server/src/hosts/x86Data';
import { diagnosticCodes } from '../../server/src/rules/index';
import { defaultSettings } from '../../server/src/protocol';
import { LanguageService } from '../../server/src/languageService';

const catalog = service().catalog;
const map = x86Map(catalog);

const capabilities = (model: string, vendor: string, ...features: string[]) => `<capabilities>
  <host>
    <uuid>00000000-0000-0000-0000-000000000000</uuid>
    <cpu>
      <arch>x86_64</arch>
      <model>${model}</model>
      <vendor>${vendor}</vendor>
      <topology sockets='1' dies='1' clusters='1' cores='4' threads='2'/>
${features.map((f) => `      <feature name='${f}'/>`).join('\n')}
      <pages unit='KiB' size='4'/>
    </cpu>
  </host>
</capabilities>
`;

const domcaps = `<domainCapabilities>
  <path>/usr/bin/qemu-system-x86_64</path>
  <domain>kvm</domain>
  <arch>x86_64</arch>
  <cpu>
    <mode name='host-passthrough' supported='yes'/>
    <mode name='host-model' supported='yes'>
      <model fallback='forbid'>Skylake-Client-IBRS</model>
      <vendor>Intel</vendor>
      <feature policy='require' name='vmx'/>
      <feature policy='disable' name='hle'/>
    </mode>
    <mode name='custom' supported='yes'>
      <model usable='yes' vendor='Intel'>Skylake-Client-IBRS</model>
      <model usable='no' vendor='Intel' canonical='Cascadelake-Server-v1'>Cascadelake-Server</model>
      <blockers model='Cascadelake-Server'>
        <feature name='avx512f'/>
        <feature name='avx512vnni'/>
      </blockers>
      <model usable='no' vendor='Intel'>Cascadelake-Server-v1</model>
      <blockers model='Cascadelake-Server-v1'>
        <feature name='avx512f'/>
        <feature name='avx512vnni'/>
      </blockers>
    </mode>
  </cpu>
</domainCapabilities>
`;

function only(text: string, name = 'h.xml'): HostCpu {
  const r = readHosts(text, name);
  assert.deepEqual(r.problems, []);
  assert.equal(r.hosts.length, 1);
  return r.hosts[0];
}

function guest(text: string) {
  const r = parseCpuDef(parseXml(text).roots[0], 'auto');
  assert.ok(r.ok);
  return r.cpu;
}

test('reading capabilities, domcapabilities and bare host CPUs', () => {
  const caps = only(capabilities('Skylake-Client-IBRS', 'Intel', 'vmx'));
  assert.equal(caps.kind, 'capabilities');
  assert.equal(caps.arch, 'x86_64');
  assert.equal(describeHost(caps), 'Intel Skylake-Client-IBRS');
  assert.deepEqual(caps.cpu?.features, [{ name: 'vmx', policy: undefined }]);

  const dc = only(domcaps);
  assert.equal(dc.kind, 'domainCapabilities');
  assert.equal(dc.cpu?.model, 'Skylake-Client-IBRS');
  assert.equal(dc.cpu?.fallback, 'forbid');
  assert.deepEqual(
    dc.models?.map((m) => [m.name, m.usable, m.blockers]),
    [
      ['Skylake-Client-IBRS', 'yes', undefined],
      ['Cascadelake-Server', 'no', ['avx512f', 'avx512vnni']],
      ['Cascadelake-Server-v1', 'no', ['avx512f', 'avx512vnni']],
    ],
  );

  const two = readHosts(`<cpu><arch>x86_64</arch><model>Penryn</model></cpu>\n<cpu><arch>x86_64</arch><model>Westmere</model></cpu>`, 'pool.xml');
  assert.deepEqual(two.problems, []);
  assert.deepEqual(two.hosts.map((h) => h.name), ['pool.xml#1', 'pool.xml#2']);
});

test('malformed and unusable host files give a clear message and no host', () => {
  const cases: Array<[string, RegExp]> = [
    [`<capabilities><host><cpu><arch>x86_64</arch><model>Penryn</model></host></capabilities>`, /^h\.xml: line 1: not well-formed XML/],
    [`<cpu><arch>x86_64</arch></cpu>`, /^h\.xml: line 1: Missing CPU model name$/],
    [`<domain type='kvm'><cpu><model>Penryn</model></cpu></domain>`, /a domain definition, not a host description/],
    [`<network/>`, /<network> is not a host description/],
    [``, /no root element/],
    [`<capabilities><host/></capabilities>`, /capabilities without <host><cpu>/],
  ];
  for (const [text, message] of cases) {
    const r = readHosts(text, 'h.xml');
    assert.deepEqual(r.hosts, [], text);
    assert.equal(r.problems.length, 1, text);
    assert.match(r.problems[0], message);
  }
  assert.match(readHosts('x'.repeat(10 * 1024 * 1024 + 1), 'big.xml').problems[0], /larger than/);
});

test('hostile host files are read quickly and never throw', () => {
  const many = `<cpu><arch>x86_64</arch><model>Penryn</model>${Array.from({ length: 20_000 }, (_, i) => `<feature name='f${i}'/>`).join('')}</cpu>`;
  const deep = `<cpu><arch>x86_64</arch><model>Penryn</model>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</cpu>`;
  const entities = `<!DOCTYPE cpu [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><cpu><arch>x86_64</arch><model>&b;</model></cpu>`;
  const binary = '\u0000\u0001<cpu>\uFFFF';
  for (const text of [many, deep, entities, binary]) {
    const t0 = performance.now();
    const r = readHosts(text, 'hostile.xml');
    assert.ok(performance.now() - t0 < 5000, 'bounded time');
    assert.ok(r.hosts.length + r.problems.length > 0);
    for (const h of r.hosts) compareWithHost(map, h, guest(`<cpu><model>Penryn</model></cpu>`));
  }
  // Unknown feature names in a host only make comparisons fail as libvirt would.
  const h = readHosts(many, 'hostile.xml').hosts[0];
  assert.equal(compareWithHost(map, h, guest(`<cpu><model>Penryn</model></cpu>`)).message, 'Unknown CPU feature f0');
});

test('virsh extraction: cpu roots, domain cpu, capabilities host cpu, supported host-model modes', () => {
  const text = `<cpu><model>A</model></cpu><domain><cpu><model>B</model></cpu></domain>${capabilities('C', 'Intel')}${domcaps}<other><cpu/></other>`;
  const r = extractCpus(text, 'mix.xml');
  assert.ok(r.ok);
  assert.deepEqual(r.elements.map((e) => e.name), ['cpu', 'cpu', 'cpu', 'mode']);
  assert.deepEqual(extractCpus(`<network/>`, 'n.xml'), {
    ok: false,
    error: "File 'n.xml' does not contain any <cpu> element or valid domain XML, host capabilities XML, or domain capabilities XML",
  });
});

test('hypervisor comparison against domain capabilities', () => {
  const dc = only(domcaps);
  const cmp = (text: string) => compareWithHost(map, dc, guest(text));
  assert.deepEqual(cmp(`<cpu><model>Skylake-Client-IBRS</model></cpu>`), { result: 'superset' }, 'usable, no features: trusted');
  assert.deepEqual(cmp(`<cpu><model>Cascadelake-Server-v1</model></cpu>`), {
    result: 'incompatible',
    reason: 'blockers',
    features: ['avx512f', 'avx512vnni'],
    message: 'Host CPU does not provide required features: avx512f, avx512vnni',
  });
  assert.deepEqual(
    cmp(`<cpu><model>Cascadelake-Server-v1</model><feature policy='disable' name='avx512f'/><feature policy='disable' name='avx512vnni'/></cpu>`),
    { result: 'superset' },
    'every blocker disabled',
  );
  assert.equal(
    cmp(`<cpu><model>Cascadelake-Server-v1</model><feature policy='disable' name='avx512f'/><feature policy='disable' name='avx512vnni'/><feature name='hle'/></cpu>`).message,
    'Host CPU does not provide required features: hle',
    'a required feature the host-model CPU disables',
  );
  // Cascadelake-Server asks for libvirt's own comparison (check partial='compat').
  assert.equal(cmp(`<cpu><model>Cascadelake-Server</model></cpu>`).reason, 'missing');
  assert.equal(cmp(`<cpu><model>Penryn</model></cpu>`).result, 'superset', 'a model QEMU does not list: full comparison');
  const noHostModel = only(domcaps.replace("name='host-model' supported='yes'", "name='host-model' supported='no'"));
  assert.equal(compareWithHost(map, noHostModel, guest(`<cpu><model>Penryn</model></cpu>`)).result, 'error');
});

test('cpu-host-incompatible: one finding per verdict, naming the hosts and the features', () => {
  assert.equal(hostCodes['cpu-host-incompatible'].severity, 'warning');
  assert.ok('cpu-host-incompatible' in diagnosticCodes, 'registered in the code table');
  const hosts = [
    ...readHosts(capabilities('Skylake-Client-IBRS', 'Intel'), 'old1.xml').hosts,
    ...readHosts(capabilities('Skylake-Client-IBRS', 'Intel'), 'old2.xml').hosts,
    ...readHosts(capabilities('Cascadelake-Server', 'Intel'), 'new.xml').hosts,
    ...readHosts(capabilities('EPYC', 'AMD'), 'amd.xml').hosts,
  ];
  const { doc, text } = docAt(domainWith(`<cpu mode='custom' match='exact'><model>Cascadelake-Server</model><feature policy='require' name='vmx'/></cpu>`));
  const findings = hostFindings(doc.libvirt!, hosts, catalog);
  assert.deepEqual(
    findings.map((f) => [f.code, text.slice(f.start, f.end), f.message]),
    [
      [
        'cpu-host-incompatible',
        'Cascadelake-Server',
        "CPU Cascadelake-Server cannot run on 2 hosts 'old1.xml', 'old2.xml': Host CPU does not provide required features: vmx, avx512f, avx512dq, clflushopt, clwb, avx512cd, avx512bw, avx512vl, avx512vnni, ssbd, pdpe1gb",
      ],
      ['cpu-host-incompatible', 'Cascadelake-Server', "CPU Cascadelake-Server cannot run on host 'new.xml': Host CPU does not provide required features: vmx"],
      ['cpu-host-incompatible', 'Cascadelake-Server', "CPU Cascadelake-Server cannot run on host 'amd.xml': Host CPU does not provide required features: vmx, pcid, x2apic, tsc-deadline, hle, erms, invpcid, rtm, avx512f, avx512dq, clwb, avx512cd, avx512bw, avx512vl, avx512vnni, spec-ctrl, ssbd"],
    ],
  );
});

test('the quick-fix disables what the hosts lack, and the CPU then runs there', () => {
  const hosts = readHosts(capabilities('Skylake-Client-IBRS', 'Intel'), 'old.xml').hosts;
  const text = domainWith(`<cpu mode='custom'>\n    <model>Cascadelake-Server</model>\n    <vendor>Intel</vendor>\n  </cpu>`);
  const [f] = hostFindings(docAt(text).doc.libvirt!, hosts, catalog);
  assert.equal(f.fixes?.length, 1);
  const fix = f.fixes![0];
  assert.equal(fix.title, "Disable the 10 features host 'old.xml' lacks");
  const [edit] = fix.edits;
  const fixed = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  assert.ok(
    fixed.includes(`    <vendor>Intel</vendor>\n    <feature policy='disable' name='avx512f'/>\n    <feature policy='disable' name='avx512dq'/>\n`),
    fixed,
  );
  assert.deepEqual(hostFindings(docAt(fixed).doc.libvirt!, hosts, catalog), []);
  const one = hostFindings(docAt(domainWith(`<cpu><model>Skylake-Client-IBRS</model><feature name='avx512f'/></cpu>`)).doc.libvirt!, hosts, catalog);
  assert.equal(one[0].fixes, undefined, 'no fix when the domain itself requires the missing feature');
});

test('no host findings for host-model, passthrough, non-x86, a CPU that runs everywhere, or without hosts', () => {
  const hosts = readHosts(capabilities('Skylake-Client-IBRS', 'Intel'), 'h.xml').hosts;
  const quiet = (xml: string) => assert.deepEqual(hostFindings(docAt(xml).doc.libvirt!, hosts, catalog), [], xml);
  const bare = hostFindings(docAt(`<cpu match='exact'><model>Cascadelake-Server</model></cpu>`).doc.libvirt!, hosts, catalog);
  assert.equal(bare.length, 1, 'a bare guest <cpu> document is checked too');
  assert.deepEqual(hostFindings(docAt(`<cpu><arch>x86_64</arch><model>Cascadelake-Server</model></cpu>`).doc.libvirt!, hosts, catalog), [], 'a host <cpu> is not');
  quiet(domainWith(`<cpu mode='host-model'/>`));
  quiet(domainWith(`<cpu mode='host-passthrough'/>`));
  quiet(domainWith(`<cpu><model>Penryn</model></cpu>`));
  quiet(domainWith(`<cpu><model>NoSuchModel</model></cpu>`));
  quiet(domainWith(`<cpu><model>Cascadelake-Server</model></cpu>`, 'aarch64'));
  assert.deepEqual(hostFindings(docAt(domainWith(`<cpu><model>Cascadelake-Server</model></cpu>`)).doc.libvirt!, [], catalog), []);
});

test('many hosts: the finding names five and counts the rest', () => {
  const hosts = Array.from({ length: 8 }, (_, i) => readHosts(capabilities('Westmere', 'Intel'), `h${i}.xml`).hosts[0]);
  const [f] = hostFindings(docAt(domainWith(`<cpu><model>Haswell</model></cpu>`)).doc.libvirt!, hosts, catalog);
  assert.match(f.message, /^CPU Haswell cannot run on 8 hosts 'h0\.xml', 'h1\.xml', 'h2\.xml', 'h3\.xml', 'h4\.xml', 3 more: Host CPU does not provide required features: /);
});

test('host diagnostics go through the one conversion: severity overrides and the documentation link', () => {
  const hosts = readHosts(capabilities('Westmere', 'Intel'), 'h.xml').hosts;
  const { doc } = docAt(domainWith(`<cpu><model>Haswell</model></cpu>`));
  const svc = new LanguageService(catalog, defaultSettings);
  assert.deepEqual(svc.doValidation(doc), [], 'no host findings without hosts');
  svc.hosts = hosts;
  const [d] = svc.doValidation(doc);
  assert.equal(d.code, 'cpu-host-incompatible');
  assert.equal(d.severity, 2);
  assert.match(d.codeDescription?.href ?? '', /#diagnostic-codes$/);
  svc.settings = { ...defaultSettings, diagnostics: { ...defaultSettings.diagnostics, severity: { 'cpu-host-incompatible': 'off' as const } } };
  assert.deepEqual(svc.doValidation(doc), []);
});

test('baseline over texts prints virsh XML or virsh errors', () => {
  const r = baselineFromTexts(catalog, [{ name: 'a.xml', text: capabilities('Westmere', 'Intel', 'invtsc', 'osxsave') }, { name: 'b.xml', text: capabilities('Haswell-noTSX', 'Intel', 'invtsc') }], {});
  assert.deepEqual(r, { ok: true, xml: `<cpu mode='custom' match='exact'>\n  <model fallback='allow'>Westmere</model>\n  <vendor>Intel</vendor>\n  <feature policy='require' name='invtsc'/>\n</cpu>\n` });
  assert.deepEqual(baselineFromTexts(catalog, [{ name: 'd.xml', text: domcaps }], {}), { ok: false, error: 'XML error: Missing CPU architecture' });
  assert.deepEqual(baselineFromTexts(catalog, [{ name: 'a.xml', text: capabilities('Penryn', 'Intel') }, { name: 'b.xml', text: capabilities('EPYC', 'AMD') }], {}), {
    ok: false,
    error: 'operation failed: CPU vendors do not match',
  });
  assert.equal(libvirtErrorText('Attribute mode is only allowed for guest CPU'), 'unsupported configuration: Attribute mode is only allowed for guest CPU');
  assert.equal(libvirtErrorText('Unknown CPU model X'), 'internal error: Unknown CPU model X');
});

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runHostCommand(argv, { out: (s) => (out += s), err: (s) => (err += s) }, catalog);
  return { code, out, err };
}

test('the baseline and compare subcommands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hosts-cli-'));
  try {
    const w = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const a = w('a.xml', capabilities('Westmere', 'Intel'));
    const b = w('b.xml', capabilities('Haswell-noTSX', 'Intel'));
    const dc = w('dc.xml', domcaps);
    const g = w('guest.xml', `<cpu match='exact'><model>Haswell</model></cpu>`);
    const d = w('dom.xml', domainWith(`<cpu><model>Westmere</model></cpu>`));

    const base = run(['baseline', '--features', a, b]);
    assert.equal(base.code, 0, base.err);
    assert.match(base.out, /^<cpu mode='custom' match='exact'>\n  <model fallback='allow'>Westmere<\/model>\n  <vendor>Intel<\/vendor>\n  <feature policy='require' name='aes'\/>/);

    assert.deepEqual(run(['compare', d, a]), { code: 0, out: `CPU described in ${d} is identical to host CPU\n`, err: '' });
    const bad = run(['compare', g, a]);
    assert.equal(bad.code, 1);
    assert.equal(bad.out, `CPU described in ${g} is incompatible with host CPU\n`);
    assert.match(bad.err, /^error: the CPU is incompatible with host CPU: Host CPU does not provide required features: /);
    assert.deepEqual(run(['compare', d, b]), { code: 0, out: `Host CPU is a superset of CPU described in ${d}\n`, err: '' });
    assert.equal(run(['compare', d, dc]).out, `The CPU provided by hypervisor on the host is a superset of CPU described in ${d}\n`);

    assert.equal(run(['baseline']).code, 2);
    assert.equal(run(['compare', d]).code, 2);
    assert.equal(run(['baseline', '--bogus', a]).code, 2);
    assert.equal(run(['baseline', join(dir, 'missing.xml')]).code, 2);
    assert.match(run(['baseline', '--help']).out, /^Usage: libvirt-xml-lint baseline/);
    const err = run(['baseline', dc]);
    assert.deepEqual([err.code, err.err], [1, 'error: XML error: Missing CPU architecture\n']);

    const loaded = loadHostFiles([a, dc, join(dir, 'missing.xml'), w('junk.xml', '<capabilities><host>')]);
    assert.equal(loaded.hosts.length, 2);
    assert.equal(loaded.unreadable, true);
    assert.equal(loaded.problems.length, 2);
    assert.match(loaded.problems[0], /missing\.xml: no such file/);
    assert.match(loaded.problems[1], /junk\.xml: line 1: not well-formed XML/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('baseline and compare on ppc64 and arm CPUs use those arches’ drivers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hosts-cli-arch-'));
  try {
    const w = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const p8 = `<cpu><arch>ppc64le</arch><model>POWER8</model><vendor>IBM</vendor></cpu>\n`;
    const p9host = w('p9.xml', `<capabilities><host><cpu><arch>ppc64le</arch><model>POWER9</model><vendor>IBM</vendor></cpu></host></capabilities>`);
    assert.deepEqual(run(['baseline', w('p8x2.xml', p8 + p8)]), { code: 0, out: "<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>POWER8</model>\n</cpu>\n", err: '' });
    const mixed = run(['baseline', w('mixed.xml', p8 + p8.replace('POWER8', 'POWER9'))]);
    assert.equal(mixed.code, 1);
    assert.match(mixed.err, /^error: operation failed: CPUs are incompatible/);
    const guest = w('g8.xml', `<cpu match='exact'><model>POWER8</model></cpu>`);
    const cmp = run(['compare', guest, p9host]);
    assert.equal(cmp.code, 1);
    assert.match(cmp.out, /is incompatible with host CPU/);
    assert.match(cmp.err, /host CPU model does not match required CPU model POWER8/);
    assert.equal(run(['compare', w('g9.xml', `<cpu><model>POWER9</model></cpu>`), p9host]).code, 0);
    // arm compares host CPUs only; a guest CPU is always identical
    const armHost = w('arm.xml', `<cpu><arch>aarch64</arch><model>cortex-a57</model><vendor>ARM</vendor></cpu>`);
    assert.match(run(['compare', w('ag.xml', `<cpu><model>cortex-a72</model></cpu>`), armHost]).out, /is identical to host CPU/);
    assert.equal(run(['baseline', armHost]).out, "<cpu mode='custom' match='exact'>\n  <model fallback='allow'>cortex-a57</model>\n</cpu>\n");
    assert.match(run(['baseline', w('z.xml', `<cpu><arch>s390x</arch><model>z14</model></cpu>`)]).err, /cannot compute baseline CPU of s390x architecture/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
