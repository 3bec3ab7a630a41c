// Benchmark of the pinning features on a big machine: a 256-vCPU guest on a
// 4-socket host (4 NUMA cells × 32 cores × 2 threads), pinned by the
// generator. Times the picture's data plus the host checks (what one redraw of
// the webview costs, parse included), the checks alone, and the generator.

import { parseXml } from '../../server/src/xml/parser';
import { libvirtDocument } from '../../server/src/domain/libvirtDocument';
import { readTopologies } from '../../server/src/hosts/topology';
import { applyTextEdits, pinDomain } from '../../server/src/features/hosts/pinning';
import { topologyPicture } from '../../server/src/features/hosts/topologyMap';
import { checkHostTopology } from '../../server/src/rules/hostTopology/check';
import { bigIntel } from '../helpers/topologyHosts';
import { measure } from './benchHosts';

/** Runs per figure: many, since on a shared machine a share of them is preempted (the median stays honest). */
const samples = 300;

/** Timings in milliseconds (medians). */
export function benchPinning(): { name: string; ms: number }[] {
  const host = readTopologies(bigIntel(4, 32), 'big.xml')[0];
  const bare = `<domain type='kvm'>\n  <name>big</name>\n  <memory unit='GiB'>256</memory>\n  <vcpu placement='static'>256</vcpu>\n  <iothreads>4</iothreads>\n  <os><type arch='x86_64'>hvm</type></os>\n  <devices/>\n</domain>\n`;
  const pinned = pinDomain(libvirtDocument(parseXml(bare))!, host);
  if (!pinned.ok) throw new Error(pinned.error);
  // One vCPU moved to a sibling's core, so the checks have something to report.
  const text = applyTextEdits(bare, pinned.edits).replace("<vcpupin vcpu='1' cpuset='128'/>", "<vcpupin vcpu='1' cpuset='1'/>");
  const fresh = () => libvirtDocument(parseXml(text))!;
  const found = checkHostTopology(fresh(), [host]);
  if (found.length === 0) throw new Error('the bench domain should have a finding');
  const warm = fresh();
  return [
    { name: `pinning: picture data + host checks, 256 vCPUs on 4 sockets × 32 cores × 2 threads, parse included (budget 5 ms)`, ms: measure(() => topologyPicture(fresh(), host), samples) },
    { name: 'pinning: picture data + host checks, same, document already parsed (budget 5 ms)', ms: measure(() => topologyPicture(warm, host), samples) },
    { name: 'pinning: host checks alone, 256 vCPUs, parse included (budget 5 ms)', ms: measure(() => checkHostTopology(fresh(), [host]), samples) },
    { name: 'pinning: generate the layout for 256 vCPUs (pinDomain)', ms: measure(() => pinDomain(libvirtDocument(parseXml(bare))!, host), samples) },
  ];
}

if (require.main === module) {
  for (const r of benchPinning()) console.log(`${r.name}: ${r.ms} ms`);
}
