// The pinning family and the generator against live libvirt: every document
// the host checks warn about is still accepted (schema, define), so none of
// them may be an error; every generated layout — on hand-written hosts and on
// libvirt's own capabilities test data — validates, defines, and passes
// domxml-to-native once its host cell numbers are mapped to this machine's
// only cell (domxml-to-native checks <numatune> nodesets against the machine
// it runs on: "NUMA node 1 is unavailable"; it does not check CPU pins).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/languageService';
import { parseXml } from '../../server/src/xml/parser';
import { libvirtDocument } from '../../server/src/domain/libvirtDocument';
import { readTopologies, type HostTopology } from '../../server/src/hosts/topology';
import { applyTextEdits, pinDomain } from '../../server/src/features/hosts/pinning';
import { checkHostTopology } from '../../server/src/rules/hostTopology/check';
import { hostTopologyCodes } from '../../server/src/rules/hostTopology/codes';
import { oracleUri, oracleUsable } from '../helpers/oracle';
import { service } from '../helpers/engine';
import { amdCcx, armClusters, intelTwoSocket } from '../helpers/topologyHosts';

const usable = oracleUsable();
const skip = usable ? false : 'libvirt oracle not usable here (virsh -c qemu:///system); run bash ../shared/tools/libvirt-oracle-setup.sh';
const intel = readTopologies(intelTwoSocket(), 'intel.xml');

type Run = { ok: boolean; out: string };

function run(cmd: string, args: string[]): Run {
  try {
    return { ok: true, out: execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }) };
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return { ok: false, out: (err.stderr || err.message).trim() };
  }
}

let dir: string | undefined;
function file(name: string, text: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'pinning-oracle-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Schema + define + undefine; the error text when libvirt refuses. */
function defines(path: string, name: string): string | undefined {
  const schema = run('virt-xml-validate', [path, 'domain']);
  if (!schema.ok) return `schema: ${schema.out}`;
  const def = run('virsh', ['-c', oracleUri, 'define', path]);
  if (!def.ok) return `define: ${def.out}`;
  run('virsh', ['-c', oracleUri, 'undefine', name]);
  return undefined;
}

function domain(name: string, vcpus: number, body: string, arch = 'x86_64', memory = "<memory unit='MiB'>1024</memory>"): string {
  const machine = arch === 'aarch64' ? 'virt' : 'pc';
  return `<domain type='qemu'>\n  <name>${name}</name>\n  ${memory}\n  <vcpu placement='static'>${vcpus}</vcpu>\n  <os><type arch='${arch}' machine='${machine}'>hvm</type></os>\n${body}  <devices/>\n</domain>\n`;
}

const pins = (...cpus: string[]) => cpus.map((c, v) => `<vcpupin vcpu='${v}' cpuset='${c}'/>`).join('');
const twoCells = "<cpu><topology sockets='1' cores='2' threads='2'/><numa><cell id='0' cpus='0-1' memory='512' unit='MiB'/><cell id='1' cpus='2-3' memory='512' unit='MiB'/></numa></cpu>";

/** One document per warning of the family (and the information), each only with the intel host loaded. */
const warned: Array<[string, string]> = [
  ['host-cpu-missing', domain('pinning-w1', 4, `  <cputune>${pins('0', '8', '1', '40')}<emulatorpin cpuset='99'/></cputune>\n`)],
  ['host-node-missing', domain('pinning-w2', 4, "  <numatune><memory mode='strict' nodeset='0-2'/></numatune>\n")],
  ['host-threads-split', domain('pinning-w3', 4, `  <cputune>${pins('0', '1', '2', '3')}</cputune>\n  <cpu><topology sockets='1' cores='2' threads='2'/></cpu>\n`)],
  ['host-cell-spans-nodes', domain('pinning-w4', 4, `  <cputune>${pins('0', '4', '1', '9')}</cputune>\n  <numatune><memnode cellid='0' mode='strict' nodeset='0'/><memnode cellid='1' mode='strict' nodeset='0-1'/></numatune>\n  ${twoCells}\n`)],
  ['host-cell-memory-remote', domain('pinning-w5', 4, `  <cputune>${pins('0', '8', '4', '12')}</cputune>\n  <numatune><memnode cellid='0' mode='strict' nodeset='1'/><memnode cellid='1' mode='strict' nodeset='1'/></numatune>\n  ${twoCells}\n`)],
  ['host-vcpus-share-cpu', domain('pinning-w6', 4, `  <cputune>${pins('3', '3', '0', '1')}</cputune>\n`)],
  ['host-emulator-on-vcpus', domain('pinning-w7', 4, `  <iothreads>1</iothreads>\n  <cputune>${pins('0', '8', '1', '9')}<emulatorpin cpuset='0'/><iothreadpin iothread='1' cpuset='9'/></cputune>\n`)],
  ['host-placement-auto', domain('pinning-w8', 4, '').replace("placement='static'", "placement='auto'")],
];

test('every code of the family has a case here', () => {
  assert.deepEqual([...new Set(warned.map(([c]) => c))].sort(), Object.keys(hostTopologyCodes).sort());
});

test('documents the host checks warn about: warnings only from us, accepted by libvirt (schema and define)', { skip }, () => {
  const s = new LanguageService(service().catalog);
  s.topologies = intel;
  for (const [code, text] of warned) {
    const doc = s.parse(TextDocument.create('file:///w.xml', 'xml', 1, text));
    const diags = s.doValidation(doc);
    assert.ok(diags.some((d) => d.code === code), `${code} reported`);
    assert.deepEqual(diags.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.code), [], code);
    const name = /<name>(.*)<\/name>/.exec(text)![1];
    assert.equal(defines(file(`${name}.xml`, text), name), undefined, code);
    // domxml-to-native ignores CPU pins; it refuses only what this machine lacks: NUMA cells, numad.
    const native = run('virsh', ['-c', oracleUri, 'domxml-to-native', 'qemu-argv', file(`${name}.xml`, text)]);
    if (!native.ok) assert.match(native.out, /NUMA node \d+ is unavailable|Advice from numad is needed/, `${code}: ${native.out}`);
  }
});

const tree = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');

function hostsForGeneration(): Array<{ host: HostTopology; arch: string }> {
  const out = [
    { host: intel[0], arch: 'x86_64' },
    { host: readTopologies(amdCcx(), 'amd.xml')[0], arch: 'x86_64' },
    { host: readTopologies(armClusters(), 'arm.xml')[0], arch: 'aarch64' },
  ];
  for (const f of ['vircaps2xmldata/vircaps-x86_64-basic.xml', 'vircaps2xmldata/vircaps-aarch64-basic-clusters.xml', 'vircaps2xmldata/vircaps-x86_64-hmat.xml', 'capabilityschemadata/caps-test.xml', 'capabilityschemadata/caps-qemu-kvm.xml']) {
    const path = join(tree, 'tests', f);
    if (!existsSync(path)) continue;
    const host = readTopologies(readFileSync(path, 'utf8'), f)[0];
    out.push({ host, arch: host.arch === 'aarch64' ? 'aarch64' : 'x86_64' });
  }
  return out;
}

test('generated layouts validate, define and pass domxml-to-native; the host checks find nothing in them', { skip }, () => {
  let n = 0;
  for (const { host, arch } of hostsForGeneration()) {
    // One cell's worth, and (where the host has more than one cell) more than one cell's worth.
    const perCell = Math.max(...host.nodes.map((x) => x.cpus.length));
    const counts = [...new Set([Math.min(2, host.cpuIds.length), perCell > 2 ? perCell - (perCell % 2) : perCell, ...(host.nodes.length > 1 ? [Math.min(host.cpuIds.length, perCell + 2)] : [])])];
    for (const vcpus of counts) {
      const name = `pinning-gen${n++}`;
      const text = domain(name, vcpus, "  <iothreads>1</iothreads>\n  <cputune><shares>1024</shares></cputune>\n", arch);
      const r = pinDomain(libvirtDocument(parseXml(text))!, host);
      assert.ok(r.ok, `${host.name} ${vcpus}: ${r.ok ? '' : r.error}`);
      const out = applyTextEdits(text, r.edits);
      assert.deepEqual(checkHostTopology(libvirtDocument(parseXml(out))!, [host]), [], `${host.name} ${vcpus}`);
      assert.equal(defines(file(`${name}.xml`, out), name), undefined, `${host.name} ${vcpus}:\n${out}`);
      // This machine has one NUMA cell: map every host cell to it for domxml-to-native.
      const local = out.replace(/nodeset='[^']*'/g, "nodeset='0'");
      const native = run('virsh', ['-c', oracleUri, 'domxml-to-native', 'qemu-argv', file(`${name}-local.xml`, local)]);
      assert.ok(native.ok, `${host.name} ${vcpus}: ${native.out}\n${local}`);
    }
  }
  assert.ok(n >= 10, `${n} layouts`);
  if (dir) rmSync(dir, { recursive: true, force: true });
});
