// The host topology model: cells, cores and threads read from capabilities,
// on hand-written hosts (Intel SMT numbering, AMD CCXs, aarch64 clusters) and
// on every capabilities file in libvirt's own test data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '../../server/src/xml/parser';
import { describeTopology, missingCpus, readHostTopology, readTopologies, type HostTopology } from '../../server/src/hosts/topology';
import { amdCcx, armClusters, intelTwoSocket } from '../helpers/topologyHosts';

function topo(text: string, name = 'h.xml'): HostTopology {
  const t = readHostTopology(parseXml(text).roots[0], name);
  assert.ok(t, 'topology read');
  return t;
}

const cores = (t: HostTopology) => t.cores.map((c) => c.threads.join('+'));

test('Intel 2 sockets × 4 cores × 2 threads: siblings 0/8 make one core, cells follow sockets', () => {
  const t = topo(intelTwoSocket());
  assert.deepEqual(cores(t), ['0+8', '1+9', '2+10', '3+11', '4+12', '5+13', '6+14', '7+15']);
  assert.deepEqual(t.nodes.map((n) => [n.id, n.cpus.join(','), n.memoryKiB]), [
    [0, '0,1,2,3,8,9,10,11', 16 * 1024 * 1024],
    [1, '4,5,6,7,12,13,14,15', 16 * 1024 * 1024],
  ]);
  assert.deepEqual(t.nodes[0].distances, [{ node: 0, value: 10 }, { node: 1, value: 21 }]);
  assert.deepEqual(t.nodes[1].cores, [4, 5, 6, 7]);
  assert.equal(t.threadsPerCore, 2);
  assert.deepEqual(t.sockets, [0, 1]);
  assert.deepEqual(t.cpuTopology, { sockets: 2, dies: 1, clusters: 1, cores: 4, threads: 2 });
  assert.equal(t.threads.get(12)?.coreIndex, 4);
  assert.equal(describeTopology(t), '2 NUMA cells, 2 sockets, 8 cores, 16 CPUs (2 threads per core)');
  assert.deepEqual(missingCpus(t, [3, 15, 16, 40]), [16, 40]);
});

test('AMD CCX layout: sparse core ids, one socket over two cells, clusters kept', () => {
  const t = topo(amdCcx());
  assert.equal(t.cores.length, 16);
  assert.deepEqual(cores(t).slice(0, 5), ['0+16', '1+17', '2+18', '3+19', '4+20']);
  assert.deepEqual(t.cores.map((c) => c.cluster), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  assert.deepEqual(t.cores.slice(4, 6).map((c) => c.core), [8, 9]);
  assert.deepEqual(t.nodes.map((n) => n.cores.length), [8, 8]);
  assert.deepEqual(t.sockets, [0]);
});

test('aarch64 without SMT: every CPU is its own core; clusters of four', () => {
  const t = topo(armClusters());
  assert.equal(t.threadsPerCore, 1);
  assert.equal(t.cores.length, 16);
  assert.equal(t.arch, 'aarch64');
  assert.deepEqual(t.cores.map((c) => c.cluster).slice(0, 8), [0, 0, 0, 0, 1, 1, 1, 1]);
});

test('CPUs with only an id (libvirt test hosts) are one core each; a CPU listed twice counts once', () => {
  const t = topo(`<capabilities><host><cpu><arch>i686</arch></cpu><topology><cells num='2'>
    <cell id='1'><cpus num='2'><cpu id='1'/><cpu id='3'/></cpus></cell>
    <cell id='0'><cpus num='3'><cpu id='0'/><cpu id='2'/><cpu id='3'/></cpus></cell>
  </cells></topology></host></capabilities>`);
  assert.deepEqual(t.nodes.map((n) => n.id), [0, 1]);
  assert.deepEqual(cores(t), ['0', '2', '1', '3']);
  assert.equal(t.threads.get(3)?.node, 1);
  assert.equal(t.threadsPerCore, 1);
  assert.deepEqual(t.sockets, []);
});

test('siblings without a core id and core ids without siblings both group threads', () => {
  const t = topo(`<capabilities><host><cpu><arch>x86_64</arch></cpu><topology><cells num='1'><cell id='0'><cpus num='4'>
    <cpu id='0' siblings='0-1'/><cpu id='1' siblings='0-1'/>
    <cpu id='2' socket_id='0' core_id='5'/><cpu id='3' socket_id='0' core_id='5'/>
  </cpus></cell></cells></topology></host></capabilities>`);
  assert.deepEqual(cores(t).sort(), ['0+1', '2+3']);
});

test('no topology, no CPUs, broken numbers: undefined or skipped, never a throw', () => {
  assert.equal(readHostTopology(parseXml('<capabilities><host><cpu/></host></capabilities>').roots[0], 'x'), undefined);
  assert.equal(readHostTopology(parseXml("<capabilities><host><topology><cells num='1'><cell id='0'/></cells></topology></host></capabilities>").roots[0], 'x'), undefined);
  const t = topo(`<capabilities><host><topology><cells><cell id='x'><cpus><cpu id='0'/></cpus></cell>
    <cell id='0'><memory unit='bogus'>1</memory><pages size='y'>3</pages><cpus><cpu id='-1'/><cpu id='99999'/><cpu id='4' siblings='4,,'/></cpus></cell></cells></topology></host></capabilities>`);
  assert.deepEqual(t.cpuIds, [4]);
  assert.equal(t.nodes[0].memoryKiB, undefined);
  assert.deepEqual(t.nodes[0].pages, []);
});

test('readTopologies: each capabilities root of a file, named like the host list names them', () => {
  assert.deepEqual(readTopologies(intelTwoSocket(), 'hosts/intel.xml').map((t) => [t.name, t.cores.length]), [['hosts/intel.xml', 8]]);
  assert.deepEqual(readTopologies(intelTwoSocket() + armClusters() + '<cpu/>', 'two.xml').map((t) => t.name), ['two.xml#1', 'two.xml#2']);
  assert.deepEqual(readTopologies("<domainCapabilities/>", 'dc.xml'), []);
  assert.deepEqual(readTopologies('<capabilities><host><topology><cells><cell id="0"><cpus><cpu id="0"', 'cut.xml').map((t) => t.cpuIds.length), [1]);
});

const tree = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');
const dataDirs = ['tests/vircaps2xmldata', 'tests/capabilityschemadata'].map((d) => join(tree, d));

test("libvirt's capabilities test data: every listed CPU lands in exactly one core of its cell", (t) => {
  if (!dataDirs.every(existsSync)) return t.skip(`libvirt test data not found under ${tree} (set LIBVIRT_SRC)`);
  let files = 0;
  let withTopology = 0;
  for (const dir of dataDirs) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.xml'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      files++;
      const root = parseXml(text).roots[0];
      const listed = [...text.matchAll(/<cpu id='(\d+)'/g)].map((m) => Number(m[1]));
      const t = readHostTopology(root, f);
      if (listed.length === 0) {
        assert.equal(t, undefined, f);
        continue;
      }
      assert.ok(t, f);
      withTopology++;
      assert.deepEqual([...t.cpuIds], [...new Set(listed)].sort((a, b) => a - b), f);
      const seen = new Set<number>();
      for (const c of t.cores) {
        for (const id of c.threads) {
          assert.ok(!seen.has(id), `${f}: CPU ${id} in two cores`);
          seen.add(id);
          assert.equal(t.threads.get(id)!.node, c.node, `${f}: core crosses cells`);
        }
        // A core's threads list each other as siblings whenever siblings are written.
        const sib: readonly number[] | undefined = t.threads.get(c.threads[0])!.siblings;
        if (sib) assert.deepEqual(c.threads, sib.filter((s) => t.threads.get(s)?.node === c.node), f);
      }
      assert.equal(seen.size, t.cpuIds.length, f);
    }
  }
  assert.ok(files >= 17 && withTopology >= 15, `${files} files, ${withTopology} with a topology`);
  // Spot checks against what the files say.
  const clusters = topo(readFileSync(join(dataDirs[0], 'vircaps-aarch64-basic-clusters.xml'), 'utf8'));
  assert.deepEqual(cores(clusters), ['0+1', '2+3', '4+5', '6+7']);
  assert.deepEqual(clusters.sockets, [36, 3180]);
  const hmat = topo(readFileSync(join(dataDirs[0], 'vircaps-x86_64-hmat.xml'), 'utf8'));
  assert.deepEqual(hmat.nodes.map((n) => n.cpus.length), [24, 0]);
  const kvm = topo(readFileSync(join(dataDirs[1], 'caps-qemu-kvm.xml'), 'utf8'));
  assert.ok(kvm.nodes.every((n) => n.distances.length > 0));
});
