// Benchmark of the host checks: load and parse 50 host files (capabilities
// output made from catalog models), re-check a domain against them, and
// baseline them. Medians of repeated runs after warm-up.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundledCatalog } from '../../server/src/io/catalogLoader';
import type { Catalog } from '../../server/src/catalog/catalog';
import { libvirtDocument } from '../../server/src/domain/libvirtDocument';
import { parseXml } from '../../server/src/xml/parser';
import { loadHostFiles } from '../../server/src/cli/hostCommands';
import { hostFindings } from '../../server/src/rules/hosts/check';
import { parseCpuDef } from '../../server/src/hosts/cpuDef';
import { baselineX86 } from '../../server/src/hosts/x86Cpu';
import { x86Map } from '../../server/src/hosts/x86Data';

const hostCount = 50;
const runs = 30;
const warmup = 5;

/** A `virsh capabilities` document for host `i`: an Intel model of the catalog plus a few extra features, like a real host. */
function capabilitiesText(catalog: Catalog, i: number): string {
  const models = catalog.models('x86').filter((m) => m.vendor === 'Intel' && m.decodeHost && m.features.length > 40);
  const model = models[(i * 7) % models.length];
  const extra = catalog
    .features('x86')
    .filter((f, k) => !model.features.includes(f.name) && (k + i) % 9 === 0)
    .slice(0, 25)
    .map((f) => `      <feature name='${f.name}'/>`);
  return `<capabilities>
  <host>
    <uuid>00000000-0000-0000-0000-${String(i).padStart(12, '0')}</uuid>
    <cpu>
      <arch>x86_64</arch>
      <model>${model.name}</model>
      <vendor>Intel</vendor>
      <microcode version='16777317'/>
      <signature family='6' model='85' stepping='7'/>
      <counter name='tsc' frequency='2445428000' scaling='no'/>
      <topology sockets='2' dies='1' clusters='1' cores='16' threads='2'/>
      <maxphysaddr mode='emulate' bits='46'/>
${extra.join('\n')}
      <pages unit='KiB' size='4'/>
      <pages unit='KiB' size='2048'/>
    </cpu>
    <power_management><suspend_mem/></power_management>
    <iommu support='yes'/>
    <migration_features><live/></migration_features>
  </host>
</capabilities>
`;
}

const domainText = `<domain type='kvm'>
  <name>bench</name>
  <memory unit='GiB'>4</memory>
  <vcpu placement='static'>4</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <cpu mode='custom' match='exact' check='partial'>
    <model fallback='forbid'>Cascadelake-Server</model>
    <vendor>Intel</vendor>
    <feature policy='require' name='vmx'/>
    <feature policy='disable' name='hle'/>
    <feature policy='disable' name='rtm'/>
  </cpu>
</domain>
`;

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median milliseconds of `fn` over the runs after warm-up (shared by the other bench modules). */
export function measure(fn: () => void, n = runs): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return Math.round(median(samples) * 1000) / 1000;
}

/** Timings in milliseconds (medians). */
export function benchHosts(catalog: Catalog = loadBundledCatalog(join(process.cwd(), 'data')).catalog): { name: string; ms: number }[] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hosts-'));
  try {
    const files = Array.from({ length: hostCount }, (_, i) => {
      const file = join(dir, `host-${i}.xml`);
      writeFileSync(file, capabilitiesText(catalog, i));
      return file;
    });
    const recheck = (hosts: ReturnType<typeof loadHostFiles>['hosts']) => {
      const doc = libvirtDocument(parseXml(domainText))!;
      return hostFindings(doc, hosts, catalog);
    };
    const loaded = loadHostFiles(files);
    if (loaded.hosts.length !== hostCount || loaded.problems.length > 0) throw new Error(`bench hosts not read: ${loaded.problems.join('; ')}`);
    if (recheck(loaded.hosts).length === 0) throw new Error('bench domain should be incompatible with some hosts');
    const map = x86Map(catalog);
    const hostCpus = loaded.hosts.map((h) => h.cpu!);
    const guest = parseCpuDef(libvirtDocument(parseXml(domainText))!.cpus[0].element, 'guest');
    if (!guest.ok) throw new Error(guest.error);
    return [
      { name: `hosts: load + parse ${hostCount} capabilities files`, ms: measure(() => loadHostFiles(files)) },
      { name: `hosts: re-check a domain against ${hostCount} hosts`, ms: measure(() => recheck(loaded.hosts)) },
      { name: `hosts: load ${hostCount} files and re-check a domain (budget 50 ms)`, ms: measure(() => recheck(loadHostFiles(files).hosts)) },
      { name: `hosts: cpu-baseline of ${hostCount} hosts`, ms: measure(() => baselineX86(map, hostCpus, { virsh: true })) },
      { name: `hosts: cpu-baseline of ${hostCount} hosts --features --migratable`, ms: measure(() => baselineX86(map, hostCpus, { virsh: true, expandFeatures: true, migratable: true })) },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  for (const r of benchHosts()) console.log(`${r.name}: ${r.ms} ms`);
}
