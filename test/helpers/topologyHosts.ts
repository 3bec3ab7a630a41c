// Hand-written `virsh capabilities` hosts for the topology, pinning and map
// tests: each CPU spelled out as Linux reports it, built from a compact list
// so the numbering schemes (Intel's 0-7/8-15 siblings, AMD CCXs, aarch64
// clusters without SMT) stay readable.

export interface CpuSpec {
  id: number;
  node: number;
  socket: number;
  die?: number;
  cluster?: number;
  core: number;
  siblings: number[];
}

/** A capabilities document listing `cpus` in their cells, with `memoryMiB` per cell and distances 10/21. */
export function capabilities(arch: string, cpus: CpuSpec[], memoryMiB = 16384, cpuTopology = '', model = ''): string {
  const nodes = [...new Set(cpus.map((c) => c.node))].sort((a, b) => a - b);
  const cells = nodes.map((n) => {
    const mine = cpus.filter((c) => c.node === n);
    const dist = nodes.map((m) => `            <sibling id='${m}' value='${m === n ? 10 : 21}'/>`).join('\n');
    const list = mine
      .map((c) => `            <cpu id='${c.id}' socket_id='${c.socket}' die_id='${c.die ?? 0}' cluster_id='${c.cluster ?? 0}' core_id='${c.core}' siblings='${c.siblings.join(',')}'/>`)
      .join('\n');
    return `        <cell id='${n}'>
          <memory unit='KiB'>${memoryMiB * 1024}</memory>
          <pages unit='KiB' size='4'>${memoryMiB * 256}</pages>
          <pages unit='KiB' size='2048'>0</pages>
          <distances>
${dist}
          </distances>
          <cpus num='${mine.length}'>
${list}
          </cpus>
        </cell>`;
  });
  return `<capabilities>
  <host>
    <uuid>00000000-0000-0000-0000-000000000001</uuid>
    <cpu>
      <arch>${arch}</arch>
${model ? `      ${model}\n` : ''}${cpuTopology ? `      ${cpuTopology}\n` : ''}    </cpu>
    <topology>
      <cells num='${nodes.length}'>
${cells.join('\n')}
      </cells>
    </topology>
  </host>
</capabilities>
`;
}

/** 2 sockets × 4 cores × 2 threads, one NUMA cell per socket, Linux numbering: core k of socket s is CPUs 4s+k and 4s+k+8. */
export function intelTwoSocket(): string {
  const cpus: CpuSpec[] = [];
  for (let s = 0; s < 2; s++) {
    for (let k = 0; k < 4; k++) {
      const a = 4 * s + k;
      cpus.push({ id: a, node: s, socket: s, core: k, siblings: [a, a + 8] });
      cpus.push({ id: a + 8, node: s, socket: s, core: k, siblings: [a, a + 8] });
    }
  }
  cpus.sort((x, y) => x.node - y.node || x.id - y.id);
  return capabilities('x86_64', cpus, 16384, "<topology sockets='2' dies='1' clusters='1' cores='4' threads='2'/>", '<model>Skylake-Server-IBRS</model>\n      <vendor>Intel</vendor>');
}

/**
 * An AMD EPYC-style socket in NPS2: 1 socket, 2 NUMA cells, 4 CCXs (cluster
 * ids) of 4 cores; core ids skip as on Zen (0-3, 4-7 … spaced by 8 per CCD),
 * siblings k and k+16.
 */
export function amdCcx(): string {
  const cpus: CpuSpec[] = [];
  for (let k = 0; k < 16; k++) {
    const ccx = Math.floor(k / 4);
    const node = ccx < 2 ? 0 : 1;
    const core = ccx * 8 + (k % 4);
    cpus.push({ id: k, node, socket: 0, die: Math.floor(ccx / 2), cluster: ccx, core, siblings: [k, k + 16] });
    cpus.push({ id: k + 16, node, socket: 0, die: Math.floor(ccx / 2), cluster: ccx, core, siblings: [k, k + 16] });
  }
  cpus.sort((x, y) => x.node - y.node || x.id - y.id);
  return capabilities('x86_64', cpus, 32768, "<topology sockets='1' dies='2' clusters='2' cores='4' threads='2'/>", '<model>EPYC-Rome</model>\n      <vendor>AMD</vendor>');
}

/** An aarch64 server without SMT: 1 socket, 2 NUMA cells, 4 clusters of 4 cores, each CPU its own core. */
export function armClusters(): string {
  const cpus: CpuSpec[] = [];
  for (let k = 0; k < 16; k++) cpus.push({ id: k, node: k < 8 ? 0 : 1, socket: 0, cluster: Math.floor(k / 4), core: k, siblings: [k] });
  return capabilities('aarch64', cpus, 8192, "<topology sockets='1' dies='1' clusters='4' cores='4' threads='1'/>");
}

/** `sockets` sockets × `cores` cores × 2 threads, one NUMA cell per socket, Linux numbering (for the 256-vCPU bench). */
export function bigIntel(sockets: number, cores: number): string {
  const cpus: CpuSpec[] = [];
  const half = sockets * cores;
  for (let s = 0; s < sockets; s++) {
    for (let k = 0; k < cores; k++) {
      const a = s * cores + k;
      cpus.push({ id: a, node: s, socket: s, core: k, siblings: [a, a + half] });
      cpus.push({ id: a + half, node: s, socket: s, core: k, siblings: [a, a + half] });
    }
  }
  cpus.sort((x, y) => x.node - y.node || x.id - y.id);
  return capabilities('x86_64', cpus, 262144);
}
