// Hostile and mutated input for the pinning features: the host topology
// reader, the checks, the picture, the text map and the generator never throw
// and stay bounded on broken capabilities files, broken domains, and the
// worst sizes libvirt allows (16,384 vCPUs each pinned to 16,384 CPUs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from '../../server/src/xml/parser';
import { libvirtDocument } from '../../server/src/domain/libvirtDocument';
import { readTopologies, type HostTopology } from '../../server/src/hosts/topology';
import { applyTextEdits, pinDomain } from '../../server/src/features/hosts/pinning';
import { topologyPicture, topologyText } from '../../server/src/features/hosts/topologyMap';
import { checkHostTopology } from '../../server/src/rules/hostTopology/check';
import { seededRandom } from '../helpers/fixtures';
import { amdCcx, capabilities, intelTwoSocket, type CpuSpec } from '../helpers/topologyHosts';

const seedDomain = `<domain type='kvm'>
  <name>m</name>
  <memory unit='GiB'>4</memory>
  <vcpu placement='static' cpuset='0-15'>4</vcpu>
  <iothreads>2</iothreads>
  <cputune>
    <vcpupin vcpu='0' cpuset='0'/>
    <vcpupin vcpu='1' cpuset='8'/>
    <vcpupin vcpu='2' cpuset='1-3,^2'/>
    <vcpupin vcpu='3' cpuset='9'/>
    <emulatorpin cpuset='0,2'/>
    <iothreadpin iothread='1' cpuset='4-5'/>
  </cputune>
  <numatune>
    <memory mode='strict' nodeset='0-1'/>
    <memnode cellid='0' mode='strict' nodeset='0'/>
    <memnode cellid='1' mode='preferred' nodeset='1'/>
  </numatune>
  <os><type arch='x86_64'>hvm</type></os>
  <cpu><topology sockets='1' dies='1' clusters='1' cores='2' threads='2'/>
    <numa><cell id='0' cpus='0-1' memory='2' unit='GiB'/><cell id='1' cpus='2-3' memory='2' unit='GiB'/></numa></cpu>
</domain>`;

/** Every pinning feature on one domain text and host list; throws only on a bug. */
function exercise(text: string, hosts: readonly HostTopology[]): void {
  const doc = libvirtDocument(parseXml(text));
  if (!doc) return;
  checkHostTopology(doc, hosts);
  for (const host of hosts) {
    const pic = topologyPicture(doc, host);
    if (pic) topologyText(pic, () => 1);
    const r = pinDomain(doc, host, { reserve: [0] });
    if (r.ok) {
      const out = applyTextEdits(text, r.edits);
      const again = libvirtDocument(parseXml(out));
      assert.ok(again, 'the generated text is still a libvirt document');
      if (parseXml(text).problems.length === 0) assert.deepEqual(parseXml(out).problems, [], `generated XML is well-formed when the input was:\n${out}`);
    }
  }
}

/** A random edit: delete, duplicate or replace a span, or change a digit. */
function mutate(text: string, rand: () => number): string {
  const i = Math.floor(rand() * text.length);
  const j = Math.min(text.length, i + 1 + Math.floor(rand() * 40));
  switch (Math.floor(rand() * 5)) {
    case 0:
      return text.slice(0, i) + text.slice(j);
    case 1:
      return text.slice(0, j) + text.slice(i, j) + text.slice(j);
    case 2:
      return text.slice(0, i) + String(Math.floor(rand() * 20000)) + text.slice(i + 1);
    case 3:
      return text.slice(0, i) + ["'", '<', '>', '-', ',', '^', '&#x30;', '/>'][Math.floor(rand() * 8)] + text.slice(i);
    default:
      return text.replace(/\d+/, () => String(Math.floor(rand() * 70)));
  }
}

test('2,000 mutated domains and hosts: no throw, generated XML stays well-formed', () => {
  const rand = seededRandom(15);
  const hostTexts = [intelTwoSocket(), amdCcx()];
  let domains = 0;
  for (let n = 0; n < 2000; n++) {
    let text = seedDomain;
    for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) text = mutate(text, rand);
    let hostText = hostTexts[n % 2];
    if (n % 5 === 0) hostText = mutate(mutate(hostText, rand), rand);
    const hosts = readTopologies(hostText, 'h.xml');
    exercise(text, hosts);
    domains++;
  }
  assert.equal(domains, 2000);
});

test('worst sizes: 16,384 vCPUs each pinned to every one of 16,384 host CPUs finish promptly', () => {
  const cpus: CpuSpec[] = Array.from({ length: 16384 }, (_, id) => ({ id, node: id >> 12, socket: id >> 12, core: id & 4095, siblings: [id] }));
  const host = readTopologies(capabilities('x86_64', cpus), 'huge.xml')[0];
  assert.equal(host.cpuIds.length, 16384);
  const pins = Array.from({ length: 16384 }, (_, v) => `<vcpupin vcpu='${v}' cpuset='0-16383'/>`).join('');
  const text = `<domain type='kvm'><name>h</name><memory unit='GiB'>4</memory><vcpu cpuset='0-16383'>16384</vcpu><iothreads>256</iothreads><cputune>${pins}<emulatorpin cpuset='0-16383'/></cputune><os><type arch='x86_64'>hvm</type></os><cpu><topology sockets='4' cores='2048' threads='2'/></cpu></domain>`;
  const t0 = performance.now();
  exercise(text, [host]);
  const ms = performance.now() - t0;
  // Generous: the point is that nothing is quadratic in CPUs × vCPUs.
  assert.ok(ms < 20_000, `took ${ms.toFixed(0)} ms`);
});

test('hostile capabilities: entities, deep nesting, absurd ids and sizes are survived', () => {
  const bad = [
    '<!DOCTYPE c [<!ENTITY a "aaaa">]><capabilities><host><topology><cells><cell id="&a;"><cpus><cpu id="&a;"/></cpus></cell></cells></topology></host></capabilities>',
    '<capabilities>' + '<host>'.repeat(50_000),
    "<capabilities><host><topology><cells><cell id='0'><memory unit='EiB'>99999999999999999999</memory><cpus><cpu id='4294967295'/><cpu id='16383' siblings='0-16383'/></cpus></cell></cells></topology></host></capabilities>",
    "<capabilities><host><topology><cells>" + Array.from({ length: 2000 }, (_, i) => `<cell id='${i}'><cpus><cpu id='${i}' siblings='${i},${(i + 1) % 2000}'/></cpus></cell>`).join('') + '</cells></topology></host></capabilities>',
  ];
  for (const text of bad) {
    const hosts = readTopologies(text, 'bad.xml');
    exercise(seedDomain, hosts);
  }
});
