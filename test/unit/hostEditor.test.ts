// The editor's host features on real host files (test/fixtures/hosts): warnings
// against loaded hosts, hover lines, the report, "Expand host-model" and the
// baseline <cpu> edits, re-validated after applying (and by live libvirt when present).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type CodeAction, type TextEdit } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/languageService';
import { readHosts, type HostCpu } from '../../server/src/hosts/hostCpu';
import { hostLines, hostModelSummary, maxHostLines } from '../../server/src/features/hosts/hover';
import { hostReport } from '../../server/src/features/hosts/report';
import { baselineOfHosts, cpuBlockEdit, hostModelActions } from '../../server/src/features/hosts/actions';
import { service, domainWith } from '../helpers/engine';

const fixtures = join(process.cwd(), 'test/fixtures/hosts');
function host(file: string): HostCpu {
  const r = readHosts(readFileSync(join(fixtures, file), 'utf8'), file.replace(/\..*$/, ''));
  assert.deepEqual(r.problems, [], `${file} reads cleanly`);
  assert.equal(r.hosts.length, 1);
  return r.hosts[0];
}
const sandy = host('sandybridge.capabilities.xml');
const haswell = host('haswell.cpu.xml');
const rome = host('epyc-rome.domcaps.xml');
const catalog = service().catalog;

/** A service with these hosts loaded. */
function withHosts(hosts: HostCpu[]): LanguageService {
  const s = new LanguageService(catalog);
  s.hosts = hosts;
  return s;
}

function parse(s: LanguageService, text: string, version = 1) {
  return s.parse(TextDocument.create('file:///vm.xml', 'xml', version, text));
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///vm.xml', 'xml', 1, text), edits);
}

function editsOf(action: CodeAction): TextEdit[] {
  return action.edit!.changes!['file:///vm.xml'];
}

/** Errors libvirt would raise on the text (our diagnostics), with no hosts loaded. */
function errors(text: string): string[] {
  return service()
    .doValidation(parse(service(), text))
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.code}: ${d.message}`);
}

const haswellDomain = domainWith(`<cpu mode='custom' match='exact'>\n    <model>Haswell-noTSX</model>\n  </cpu>`);

test('a model one host cannot run gets a warning naming that host and the missing features', () => {
  const s = withHosts([sandy, haswell]);
  const d = s.doValidation(parse(s, haswellDomain)).filter((x) => x.code === 'cpu-host-incompatible');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, DiagnosticSeverity.Warning);
  assert.match(String(d[0].message), /^CPU Haswell-noTSX cannot run on host 'sandybridge': Host CPU does not provide required features: .*avx2/);
  assert.doesNotMatch(String(d[0].message), /haswell'/, 'the Haswell host runs it');
  // The quick-fix disables exactly what the host lacks.
  const fix = s.doCodeActions(parse(s, haswellDomain), d[0].range, d)[0];
  assert.match(fix.title, /^Disable the \d+ features host 'sandybridge' lacks$/);
  const fixed = apply(haswellDomain, editsOf(fix));
  assert.ok(fixed.includes("<feature policy='disable' name='avx2'/>"));
  assert.deepEqual(s.doValidation(parse(s, fixed)).filter((x) => x.code === 'cpu-host-incompatible'), []);
});

test('no hosts, no host warnings; a reload (new list) is seen by the same parsed document', () => {
  const s = withHosts([]);
  const doc = parse(s, haswellDomain);
  assert.deepEqual(s.doValidation(doc).filter((x) => x.code === 'cpu-host-incompatible'), []);
  s.hosts = [sandy];
  assert.equal(s.doValidation(doc).filter((x) => x.code === 'cpu-host-incompatible').length, 1, 'memo keyed by the hosts list');
  s.hosts = [haswell];
  assert.equal(s.doValidation(doc).filter((x) => x.code === 'cpu-host-incompatible').length, 0);
});

test('hover lines: one per host, hosts that cannot run it first', () => {
  assert.deepEqual(hostLines({ kind: 'model', name: 'Haswell-noTSX' }, [haswell, sandy], catalog), [
    '✗ `sandybridge` lacks fma, movbe, fsgsbase, bmi1, avx2, smep and 3 more',
    '✓ `haswell` can run Haswell-noTSX',
  ]);
  assert.deepEqual(hostLines({ kind: 'model', name: 'Skylake-Client' }, [rome], catalog), ['✗ `epyc-rome` lacks pcid, hle, erms, invpcid, rtm']);
  assert.deepEqual(hostLines({ kind: 'feature', name: 'avx2' }, [sandy, rome], catalog), ['✗ `sandybridge` lacks avx2', '✓ `epyc-rome` has avx2']);
  assert.deepEqual(hostLines({ kind: 'model', name: 'NoSuchModel' }, [sandy, rome], catalog), [], 'unknown models are left to other diagnostics');
  assert.deepEqual(hostLines({ kind: 'model', name: 'Penryn' }, [], catalog), []);
  assert.deepEqual(hostModelSummary('qemu64', [sandy, rome], catalog), { runs: 1, total: 2, cannot: ['sandybridge'] });
});

test('hover lines are capped, and host names cannot inject markdown', () => {
  const many = Array.from({ length: 30 }, (_, i) => ({ ...sandy, name: `h${i}` }));
  const lines = hostLines({ kind: 'model', name: 'Penryn' }, many, catalog);
  assert.equal(lines.length, maxHostLines);
  assert.equal(lines[lines.length - 1], '… and 19 more hosts (19 can, 0 cannot)');
  const evil = { ...sandy, name: 'a`<img src=x>`[x](y)\n# b' };
  assert.deepEqual(hostLines({ kind: 'model', name: 'Penryn' }, [evil], catalog), ["✓ `a'<img src=x>'[x](y) # b` can run Penryn"]);
});

test('the report: a table of hosts × verdict × features, QEMU usability, baseline and load problems', () => {
  const s = withHosts([]);
  const doc = parse(s, domainWith(`<cpu mode='custom' match='exact'>\n    <model>Skylake-Client</model>\n    <feature policy='disable' name='hle'/>\n  </cpu>`));
  const md = hostReport(doc, [sandy, haswell, rome], catalog, { hosts: [], problems: ['bad.xml: line 1: not well-formed XML: …'], loaded: 3, loadMs: 1 });
  assert.match(md, /^# CPU check: vm\.xml against 3 hosts/);
  assert.match(md, /\*\*Runs on 0 of 3 hosts\.\*\*/);
  assert.match(md, /\| `epyc-rome` \| AMD EPYC-Rome \| ✗ lacks required features \| pcid, erms, invpcid, rtm \|/);
  assert.match(md, /\| `sandybridge` \| Intel SandyBridge-v1 \| ✗ lacks required features \| .*avx2/);
  assert.match(md, /\| `epyc-rome` \| ✗ no \| .*invpcid/, 'QEMU blockers for the model');
  assert.match(md, /Usable on all 1 domcapabilities host \(38\): 486, .*Opteron\\_G1, .*Westmere/);
  assert.match(md, /## Baseline of all hosts\n\nNo baseline CPU for 3 hosts: CPU vendors do not match \(the hosts' CPUs come from Intel and AMD/);
  assert.match(md, /## Problems while loading hosts\n\n- bad\.xml: line 1: not well-formed XML/);
  const none = hostReport(doc, [], catalog);
  assert.match(none, /No host CPU descriptions are loaded\. List .*libvirtXml\.hosts\.files/);
  const intel = hostReport(doc, [sandy, haswell], catalog);
  assert.match(intel, /```xml\n<cpu mode='custom' match='exact'>\n  <model fallback='allow'>SandyBridge<\/model>/);
});

const hostModelDomain = `<domain type='kvm'>
  <name>expand</name>
  <memory unit='MiB'>512</memory>
  <vcpu placement='static'>4</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <cpu mode='host-model' check='partial'>
    <topology sockets='1' dies='1' clusters='1' cores='2' threads='2'/>
    <feature policy='disable' name='vgif'/>
    <numa>
      <cell id='0' cpus='0-3' memory='512' unit='MiB'/>
    </numa>
  </cpu>
</domain>
`;

test("'Expand host-model' writes the host's host-model CPU as a custom one, keeping topology and numa", () => {
  const s = withHosts([sandy, rome]);
  const doc = parse(s, hostModelDomain);
  const at = doc.textDocument.positionAt(hostModelDomain.indexOf('host-model'));
  const actions = s.doCodeActions(doc, { start: at, end: at }, []);
  assert.deepEqual(actions.map((a) => [a.title, a.kind]), [["Expand host-model to the custom CPU of host 'epyc-rome' (EPYC-Rome)", 'refactor.rewrite']]);
  const out = apply(hostModelDomain, editsOf(actions[0]));
  assert.ok(out.includes(`  <cpu mode='custom' match='exact' check='partial'>
    <model fallback='forbid'>EPYC-Rome</model>
    <vendor>AMD</vendor>
    <topology sockets='1' dies='1' clusters='1' cores='2' threads='2'/>
    <feature policy='require' name='x2apic'/>`), out);
  assert.ok(out.includes(`    <feature policy='disable' name='vgif'/>`), 'the domain keeps its own policy');
  assert.ok(!out.includes(`name='vgif'/>\n    <feature policy='require' name='vgif'`));
  assert.ok(out.includes(`    <feature policy='disable' name='xsaves'/>
    <numa>
      <cell id='0' cpus='0-3' memory='512' unit='MiB'/>
    </numa>
  </cpu>
</domain>`), out);
  assert.equal((out.match(/<feature /g) ?? []).length, rome.cpu!.features.length, 'every host-model feature once (vgif overridden, not added)');
  assert.deepEqual(errors(out), []);
  // Quick-fix-only requests do not get the rewrite; a custom CPU does not get it at all.
  assert.deepEqual(s.doCodeActions(doc, { start: at, end: at }, [], ['quickfix']), []);
  assert.deepEqual(hostModelActions(parse(s, haswellDomain), { start: at, end: at }, [rome], catalog), []);
  const outside = doc.textDocument.positionAt(hostModelDomain.indexOf('<name>'));
  assert.deepEqual(hostModelActions(doc, { start: outside, end: outside }, [rome], catalog), []);
});

/** Runs virsh against the local libvirt; undefined when there is none. */
function virsh(args: string[]): string | undefined {
  try {
    return execFileSync('virsh', ['-c', 'qemu:///system', ...args], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code === 'ENOENT' || /failed to connect/i.test(err.stderr ?? '')) return undefined;
    throw new Error(`virsh ${args.join(' ')}: ${err.stderr ?? String(e)}`);
  }
}

test("the host-model expansion of this machine's libvirt is accepted by it (virsh domxml-to-native)", (t) => {
  const domcaps = virsh(['domcapabilities']);
  if (domcaps === undefined) return t.skip('no live libvirt here');
  const local = readHosts(domcaps, 'this-host').hosts[0];
  if (!local?.cpu) return t.skip('this libvirt reports no host-model CPU');
  const s = withHosts([local]);
  const doc = parse(s, hostModelDomain);
  const at = doc.textDocument.positionAt(hostModelDomain.indexOf('host-model'));
  const action = s.doCodeActions(doc, { start: at, end: at }, [])[0];
  assert.equal(action.title, `Expand host-model to the custom CPU of host 'this-host' (${local.cpu.model})`);
  const out = apply(hostModelDomain, editsOf(action));
  assert.deepEqual(errors(out), []);
  const dir = mkdtempSync(join(tmpdir(), 'expand-'));
  try {
    writeFileSync(join(dir, 'vm.xml'), out);
    const argv = virsh(['domxml-to-native', 'qemu-argv', join(dir, 'vm.xml')]);
    assert.ok(argv !== undefined);
    assert.ok(argv.includes(`-cpu ${local.cpu.model},`), argv);
    assert.match(argv, /vgif=off/, "the domain's own policy reaches QEMU");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('baseline of the loaded hosts, with --features and --migratable', () => {
  const b = baselineOfHosts([sandy, haswell], catalog);
  assert.ok(b.ok);
  assert.equal(b.cpu.model, 'SandyBridge');
  assert.deepEqual(b.used, ['sandybridge', 'haswell']);
  const expanded = baselineOfHosts([sandy, haswell], catalog, { expandFeatures: true });
  assert.ok(expanded.ok && expanded.cpu.features.length > b.cpu.features.length + 20);
  const single = baselineOfHosts([rome], catalog);
  const migratable = baselineOfHosts([rome], catalog, { migratable: true });
  assert.ok(single.ok && migratable.ok);
  assert.ok(single.cpu.features.some((f) => f.name === 'invtsc'));
  assert.ok(!migratable.cpu.features.some((f) => f.name === 'invtsc'), 'invtsc blocks migration');
  const mixed = baselineOfHosts([sandy, rome], catalog);
  assert.ok(!mixed.ok && /CPU vendors do not match/.test(mixed.error));
  const none = baselineOfHosts([], catalog);
  assert.ok(!none.ok && /No host CPUs are loaded/.test(none.error));
});

test('the baseline <cpu> replaces the domain CPU (keeping topology) or goes after <vcpu>, before <devices>, or at the end', () => {
  const b = baselineOfHosts([sandy, haswell], catalog);
  assert.ok(b.ok);
  const s = withHosts([]);
  const put = (text: string) => {
    const r = cpuBlockEdit(parse(s, text), b.cpu);
    assert.ok(r.ok, r.ok ? '' : r.error);
    return apply(text, [r.edit]);
  };
  const block = (indent: string) => {
    const r = cpuBlockEdit(parse(s, `<domain>\n${indent}<vcpu>1</vcpu>\n</domain>`), b.cpu);
    return r.ok ? r.xml : '';
  };
  assert.match(block('  '), /^<cpu mode='custom' match='exact'>\n    <model fallback='allow'>SandyBridge<\/model>\n    <vendor>Intel<\/vendor>\n    <feature policy='require' name='/);

  const replaced = put(domainWith(`<cpu mode='host-passthrough'>\n    <topology sockets='1' cores='2' threads='1'/>\n  </cpu>`));
  assert.match(replaced, /\n  <cpu mode='custom' match='exact'>\n    <model fallback='allow'>SandyBridge<\/model>\n    <vendor>Intel<\/vendor>\n    <topology sockets='1' cores='2' threads='1'\/>\n    <feature /);
  assert.deepEqual(errors(replaced), []);

  const afterVcpu = put(`<domain type='kvm'>\n\t<name>t</name>\n\t<memory unit='MiB'>512</memory>\n\t<vcpu>2</vcpu>\n\t<os><type arch='x86_64'>hvm</type></os>\n</domain>\n`);
  assert.match(afterVcpu, /\t<vcpu>2<\/vcpu>\n\t<cpu mode='custom' match='exact'>\n\t\t<model fallback='allow'>SandyBridge<\/model>\n/);
  assert.match(afterVcpu, /<\/feature>|\/>\n\t<\/cpu>\n\t<os>/);
  assert.deepEqual(errors(afterVcpu), []);

  const beforeDevices = put(`<domain type='kvm'>\n  <name>t</name>\n  <memory unit='MiB'>512</memory>\n  <devices>\n  </devices>\n</domain>\n`);
  assert.match(beforeDevices, /<memory unit='MiB'>512<\/memory>\n  <cpu mode='custom' match='exact'>\n    <model[^]*\n  <\/cpu>\n  <devices>/);

  const atEnd = put(`<domain type='kvm'>\n  <name>t</name>\n</domain>\n`);
  assert.match(atEnd, /<name>t<\/name>\n  <cpu mode='custom' match='exact'>[^]*\n  <\/cpu>\n<\/domain>\n$/);

  const crlf = put(`<domain type='kvm'>\r\n  <vcpu>2</vcpu>\r\n</domain>\r\n`);
  assert.ok(!/[^\r]\n/.test(crlf), 'CRLF documents stay CRLF');

  const notDomain = cpuBlockEdit(parse(s, `<capabilities/>`), b.cpu);
  assert.ok(!notDomain.ok && /Not a libvirt domain/.test(notDomain.error));
});

test('hover and completion show the loaded hosts through the service', () => {
  const s = withHosts([sandy, haswell]);
  const text = domainWith(`<cpu mode='custom' match='exact'>\n    <model>Haswell-noTSX</model>\n  </cpu>`);
  const doc = s.parse(TextDocument.create('file:///h.xml', 'xml', 1, text));
  const at = doc.textDocument.positionAt(text.indexOf('Haswell-noTSX') + 3);
  const hover = s.doHover(doc, at);
  const value = (hover?.contents as { value: string }).value;
  assert.match(value, /\*\*Hosts\*\*/);
  assert.match(value, /sandybridge/);
  const item = s.doComplete(doc, at).items.find((i) => i.label === 'Haswell-noTSX');
  assert.match(item?.detail ?? '', /⚠ cannot run on 1 of 2 loaded hosts: sandybridge/);
  const noHosts = service().doHover(service().parse(TextDocument.create('file:///h.xml', 'xml', 1, text)), at);
  assert.doesNotMatch((noHosts?.contents as { value: string }).value, /\*\*Hosts\*\*/);
});
