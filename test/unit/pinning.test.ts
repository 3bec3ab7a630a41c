// The pin generator and the topology map: the expert layout on hand-written
// hosts, edits that keep the rest of the document, the generated domain clean
// of every host check, the code action, the CLI, and the text map.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseXml } from '../../server/src/xml/parser';
import { libvirtDocument, type LibvirtDocument } from '../../server/src/domain/libvirtDocument';
import { readTopologies, type HostTopology } from '../../server/src/hosts/topology';
import { applyTextEdits, pinDomain, type PinPlan } from '../../server/src/features/hosts/pinning';
import { affinity, topologyPicture, topologyText } from '../../server/src/features/hosts/topologyMap';
import { checkHostTopology } from '../../server/src/rules/hostTopology/check';
import { runPinCommand } from '../../server/src/cli/pinCommands';
import { LanguageService } from '../../server/src/languageService';
import { service } from '../helpers/engine';
import { amdCcx, armClusters, bigIntel, intelTwoSocket } from '../helpers/topologyHosts';

const intel = readTopologies(intelTwoSocket(), 'intel.xml')[0];
const amd = readTopologies(amdCcx(), 'amd.xml')[0];
const arm = readTopologies(armClusters(), 'arm.xml')[0];

function domain(vcpus: number, extra = '', memory = "<memory unit='GiB'>4</memory>", arch = 'x86_64'): string {
  return `<domain type='kvm'>
  <name>g</name>
  ${memory}
  <vcpu placement='static'>${vcpus}</vcpu>
  <os>
    <type arch='${arch}'>hvm</type>
  </os>
${extra}  <devices/>
</domain>
`;
}

function view(text: string): LibvirtDocument {
  return libvirtDocument(parseXml(text))!;
}

function pin(text: string, host: HostTopology, reserve?: number[]): { plan: PinPlan; out: string } {
  const r = pinDomain(view(text), host, { reserve });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return { plan: r.plan, out: applyTextEdits(text, r.edits) };
}

test('Intel SMT host, 4 vCPUs: two whole cores of cell 0, siblings as guest threads, emulator on the rest of the cell', () => {
  const { plan, out } = pin(domain(4), intel);
  assert.deepEqual(plan.vcpuCpu, [0, 8, 1, 9]);
  assert.deepEqual(plan.nodes, [0]);
  assert.deepEqual(plan.topology, { sockets: 1, cores: 2, threads: 2 });
  assert.deepEqual(plan.housekeeping, [2, 3, 10, 11]);
  assert.equal(
    out,
    `<domain type='kvm'>
  <name>g</name>
  <memory unit='GiB'>4</memory>
  <vcpu placement='static'>4</vcpu>
  <cputune>
    <vcpupin vcpu='0' cpuset='0'/>
    <vcpupin vcpu='1' cpuset='8'/>
    <vcpupin vcpu='2' cpuset='1'/>
    <vcpupin vcpu='3' cpuset='9'/>
    <emulatorpin cpuset='2-3,10-11'/>
  </cputune>
  <numatune>
    <memory mode='strict' nodeset='0'/>
  </numatune>
  <cpu>
    <topology sockets='1' cores='2' threads='2'/>
  </cpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices/>
</domain>
`,
  );
  assert.deepEqual(checkHostTopology(view(out), [intel]), []);
});

test('--reserve keeps whole cores away from vCPUs; their sibling threads may take the emulator', () => {
  // With cores 0 and 1 reserved, cell 1 has room for the emulator: it is chosen.
  assert.deepEqual(pin(domain(4), intel, [0, 1]).plan.vcpuCpu, [4, 12, 5, 13]);
  const { plan } = pin(domain(4), intel, [0, 1, 4, 5]);
  assert.deepEqual(plan.vcpuCpu, [2, 10, 3, 11]);
  assert.deepEqual(plan.housekeeping, [8, 9]);
});

test('12 vCPUs need both cells: guest cells mirror them, memnodes bind each, sockets follow cells', () => {
  const { plan, out } = pin(domain(12), intel);
  assert.deepEqual(plan.nodes, [0, 1]);
  assert.deepEqual(plan.vcpuCpu, [0, 8, 1, 9, 2, 10, 4, 12, 5, 13, 6, 14]);
  assert.deepEqual(plan.topology, { sockets: 2, cores: 3, threads: 2 });
  assert.ok(out.includes("<cell id='0' cpus='0-5' memory='2' unit='GiB'/>"));
  assert.ok(out.includes("<cell id='1' cpus='6-11' memory='2' unit='GiB'/>"));
  assert.ok(out.includes("<memnode cellid='1' mode='strict' nodeset='1'/>"));
  assert.deepEqual(plan.housekeeping, [3, 7, 11, 15]);
  assert.deepEqual(checkHostTopology(view(out), [intel]), []);
});

test('memory decides too: 20 GiB does not fit one 16 GiB cell, so two cells are used for 2 vCPUs', () => {
  const { plan } = pin(domain(2, '', "<memory unit='GiB'>20</memory>"), intel);
  assert.deepEqual(plan.nodes, [0, 1]);
  assert.deepEqual(plan.vcpuCpu, [0, 4]);
  assert.deepEqual(plan.topology, { sockets: 2, cores: 1, threads: 1 });
});

test('an odd vCPU count on an SMT host: threads=1, vCPUs still fill cores thread by thread', () => {
  const { plan } = pin(domain(3), intel);
  assert.deepEqual(plan.topology, { sockets: 1, cores: 3, threads: 1 });
  assert.deepEqual(plan.vcpuCpu, [0, 8, 1]);
});

test('AMD CCX host: cores in cluster order with siblings k and k+16, one cell', () => {
  const { plan } = pin(domain(8), amd);
  assert.deepEqual(plan.vcpuCpu, [0, 16, 1, 17, 2, 18, 3, 19]);
  assert.deepEqual(plan.nodes, [0]);
});

test('aarch64 without SMT: threads=1, one CPU per vCPU, clusters in order', () => {
  const { plan, out } = pin(domain(12, '', "<memory unit='GiB'>4</memory>", 'aarch64'), arm);
  assert.deepEqual(plan.topology, { sockets: 2, cores: 6, threads: 1 });
  assert.deepEqual(plan.vcpuCpu, [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13]);
  assert.deepEqual(checkHostTopology(view(out), [arm]), []);
});

test('existing elements: old pins go, other cputune children, cpu model and odd indentation stay', () => {
  const text = `<domain type='kvm'>
\t<name>g</name>
\t<memory unit='MiB'>2048</memory>
\t<vcpu placement='auto' cpuset='0-3'>2</vcpu>
\t<iothreads>1</iothreads>
\t<cputune>
\t\t<shares>2048</shares>
\t\t<vcpupin vcpu='0' cpuset='7'/>
\t\t<emulatorpin cpuset='7'/>
\t</cputune>
\t<numatune><memory mode='strict' placement='auto'/></numatune>
\t<os><type arch='x86_64'>hvm</type></os>
\t<cpu mode='host-passthrough'><!-- keep me --><topology sockets='2' cores='1' threads='1'/></cpu>
</domain>`;
  const { out } = pin(text, intel);
  assert.equal(
    out,
    `<domain type='kvm'>
\t<name>g</name>
\t<memory unit='MiB'>2048</memory>
\t<vcpu placement='static'>2</vcpu>
\t<iothreads>1</iothreads>
\t<cputune>
\t\t<vcpupin vcpu='0' cpuset='0'/>
\t\t<vcpupin vcpu='1' cpuset='8'/>
\t\t<emulatorpin cpuset='1-3,9-11'/>
\t\t<iothreadpin iothread='1' cpuset='1-3,9-11'/>
\t\t<shares>2048</shares>
\t</cputune>
\t<numatune>
\t\t<memory mode='strict' nodeset='0'/>
\t</numatune>
\t<os><type arch='x86_64'>hvm</type></os>
\t<cpu mode='host-passthrough'><!-- keep me --><topology sockets='1' cores='1' threads='2'/></cpu>
</domain>`,
  );
});

test('a self-closing <cpu/> grows children; a one-cell guest NUMA layout is kept with its memnode', () => {
  const { out } = pin(domain(2, "  <cpu mode='host-model'/>\n"), intel);
  assert.ok(out.includes("  <cpu mode='host-model'>\n    <topology sockets='1' cores='1' threads='2'/>\n  </cpu>\n"), out);
  const cells = "  <cpu>\n    <numa>\n      <cell id='0' cpus='0-1' memory='4' unit='GiB'/>\n    </numa>\n  </cpu>\n";
  const kept = pin(domain(2, cells), intel).out;
  assert.ok(kept.includes("<cell id='0' cpus='0-1' memory='4' unit='GiB'/>"));
  assert.ok(kept.includes("<memnode cellid='0' mode='strict' nodeset='0'/>"));
  assert.ok(kept.includes("    </numa>\n    <topology sockets='1' cores='1' threads='2'/>\n  </cpu>"), kept);
});

test('too many vCPUs, or no readable count: a reason, no edits', () => {
  const r = pinDomain(view(domain(40)), intel);
  assert.deepEqual(r, { ok: false, error: "host 'intel.xml' has 8 free cores of 2 threads; 40 vCPUs need 20" });
  assert.equal(pinDomain(view(domain(0).replace('>0<', '>x<')), intel).ok, false);
});

test('code action "Pin vCPUs to host X", one per host with a topology, as a refactoring', () => {
  const s = new LanguageService(service().catalog);
  s.topologies = [intel, amd];
  const doc = s.parse(TextDocument.create('file:///g.xml', 'xml', 1, domain(4)));
  const actions = s.doCodeActions(doc, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []).filter((a) => a.title.startsWith('Pin vCPUs'));
  assert.deepEqual(actions.map((a) => [a.title, a.kind]), [
    ['Pin vCPUs to host intel.xml', 'refactor.rewrite'],
    ['Pin vCPUs to host amd.xml', 'refactor.rewrite'],
  ]);
  const after = TextDocument.applyEdits(doc.textDocument, actions[0].edit!.changes!['file:///g.xml']);
  assert.equal(after, pin(domain(4), intel).out);
  assert.deepEqual(s.doCodeActions(s.parse(TextDocument.create('file:///c.xml', 'xml', 1, intelTwoSocket())), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []), []);
});

test('text map: grid by cell, socket and core; affinity strings; problems with lines', () => {
  const text = domain(
    4,
    "  <iothreads>1</iothreads>\n  <cputune>\n    <vcpupin vcpu='0' cpuset='0'/>\n    <vcpupin vcpu='1' cpuset='1'/>\n    <vcpupin vcpu='2' cpuset='4-5'/>\n    <emulatorpin cpuset='0'/>\n  </cputune>\n  <cpu><topology sockets='1' cores='2' threads='2'/></cpu>\n",
  );
  const pic = topologyPicture(view(text), intel)!;
  const out = topologyText(pic, (o) => text.slice(0, o).split('\n').length);
  assert.ok(out.startsWith('Host intel.xml: 2 NUMA cells, 2 sockets, 8 cores, 16 CPUs (2 threads per core)\nNUMA cell 0: 16 GiB, distances 10 21\n  socket 0\n    core 0: CPU 0 [vCPU 0, emulator] !  CPU 8\n    core 1: CPU 1 [vCPU 1]  CPU 9\n'), out);
  assert.ok(out.includes('vCPU 0      CPU Affinity: y---------------  (0; socket 0 core 0 thread 0; host cells 0)'), out);
  assert.ok(out.includes('vCPU 3      CPU Affinity: yyyyyyyyyyyyyyyy  (all; socket 0 core 1 thread 1; host cells 0-1)'), out);
  assert.ok(out.includes('IOThread 1  CPU Affinity: yyyyyyyyyyyyyyyy  (all;'), out);
  assert.match(out, /Problems:\n {2}line 11: warning host-threads-split: vCPUs 0-1 are threads of one guest core/);
  assert.match(out, /line 13: warning host-emulator-on-vcpus: <emulatorpin> shares CPU 0/);
  assert.equal(affinity([0, 2], 5), 'y-y--');
  assert.equal(affinity([3, 1, 1, 9], 5), '-y-y-');
  assert.equal(affinity([0, 1, 2, 4], 5), 'yyy-y');
  assert.equal(affinity([], 3), '---');
  assert.equal(affinity([2, 3, 4, 5], 4), '--yy');
});

test('CLI pin and topology: output, --reserve, usage errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pin-'));
  const caps = join(dir, 'caps.xml');
  const dom = join(dir, 'dom.xml');
  writeFileSync(caps, intelTwoSocket());
  writeFileSync(dom, domain(4));
  const run = (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = runPinCommand(argv, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  };
  const r = run('pin', '--host', caps, '--reserve', '0-1,4-5', dom);
  assert.equal(r.code, 0, r.err);
  assert.ok(r.out.includes("<vcpupin vcpu='0' cpuset='2'/>"));
  assert.match(r.err, /^4 vCPUs on host '.*caps\.xml' CPUs 2-3,10-11 \(NUMA cell 0; 1 × 2 × 2\), emulator on 8-9\n$/);
  const t = run('topology', `--host=${caps}`, dom);
  assert.equal(t.code, 0);
  assert.ok(t.out.includes('CPU Affinity:'));
  assert.equal(run('pin', dom).code, 2);
  assert.equal(run('pin', '--host', caps, '--reserve', 'x', dom).code, 2);
  assert.equal(run('pin', '--host', dom, dom).code, 2);
  assert.equal(run('topology', '--host', caps, caps).code, 2);
  assert.equal(run('pin', '--host', caps, join(dir, 'none.xml')).code, 2);
  assert.equal(run('pin', '--help').code, 0);
});

test('big host: 256 vCPUs on 4 sockets × 32 cores × 2 threads fill all four cells, clean of host checks', () => {
  const big = readTopologies(bigIntel(4, 32), 'big.xml')[0];
  const { plan, out } = pin(domain(256, '', "<memory unit='GiB'>64</memory>"), big);
  assert.deepEqual(plan.nodes, [0, 1, 2, 3]);
  assert.deepEqual(plan.topology, { sockets: 4, cores: 32, threads: 2 });
  assert.deepEqual(plan.housekeeping, []);
  assert.deepEqual(checkHostTopology(view(out), [big]), []);
});

test("libvirt's capabilities test data: layouts for one cell's worth and more come out clean of the host checks", (t) => {
  const tree = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');
  const dirs = ['tests/vircaps2xmldata', 'tests/capabilityschemadata'].map((d) => join(tree, d));
  if (!dirs.every(existsSync)) return t.skip(`libvirt test data not found under ${tree} (set LIBVIRT_SRC)`);
  let layouts = 0;
  for (const dir of dirs) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.xml'))) {
      const host = readTopologies(readFileSync(join(dir, f), 'utf8'), f)[0];
      if (!host) continue;
      const perCell = Math.max(...host.nodes.map((x) => x.cpus.length));
      for (const vcpus of new Set([1, 2, perCell, perCell + 1].filter((n) => n <= host.cpuIds.length))) {
        const r = pinDomain(view(domain(vcpus, '', "<memory unit='MiB'>512</memory>")), host);
        assert.ok(r.ok, `${f} ${vcpus}: ${r.ok ? '' : r.error}`);
        const out = applyTextEdits(domain(vcpus, '', "<memory unit='MiB'>512</memory>"), r.edits);
        assert.deepEqual(checkHostTopology(view(out), [host]), [], `${f} ${vcpus}`);
        assert.equal(new Set(r.plan.vcpuCpu).size, vcpus, `${f}: one host CPU per vCPU`);
        layouts++;
      }
    }
  }
  assert.ok(layouts >= 40, `${layouts} layouts`);
});

test('the generated domain has no finding from any family, even checked against libvirt 6.0', () => {
  const s = new LanguageService(service().catalog, { ...service().settings, targetVersion: '6.0.0' });
  s.topologies = [intel];
  for (const text of [pin(domain(12, "  <iothreads>2</iothreads>\n"), intel).out, pin(domain(4, "  <cpu mode='host-passthrough'/>\n"), intel).out]) {
    const doc = s.parse(TextDocument.create('file:///g.xml', 'xml', 1, text));
    assert.deepEqual(s.doValidation(doc).filter((d) => d.code !== 'cpu-mode-not-portable').map((d) => `${d.code}: ${d.message}`), [], text);
  }
});
