// The corpus for the differential oracle test: CPU-area documents that each
// differ from a valid base in exactly one place. Deterministic for a seed:
// every knob's alternatives are enumerated, then sampled with a seeded PRNG
// when there are more than the cap. No case ever carries a vCPU count that
// would make libvirtd abort (negative or huge).

import { seededRandom as prng } from '../helpers/fixtures';

export interface OracleCase {
  id: string;
  /** What was changed, e.g. "cpu@mode=foo". */
  mutation: string;
  xml: string;
}

interface Parts {
  domainType: string;
  vcpu: string;
  cpuAttrs: string;
  model: string;
  vendor: string;
  topology: string;
  cache: string;
  maxphysaddr: string;
  features: string;
  numa: string;
  cputune: string;
  numatune: string;
  iothreads: string;
  hyperv: string;
  vcpus: string;
  /** Inner markup of <devices>, when set. */
  devices: string;
}

const base: Parts = {
  domainType: 'kvm',
  vcpu: "<vcpu placement='static'>4</vcpu>",
  cpuAttrs: "mode='custom' match='exact' check='none'",
  model: "<model fallback='allow'>Skylake-Client</model>",
  vendor: '',
  topology: "<topology sockets='1' dies='1' cores='2' threads='2'/>",
  cache: '',
  maxphysaddr: '',
  features: "<feature policy='require' name='pcid'/>\n    <feature policy='disable' name='hle'/>",
  numa: '',
  cputune: '',
  numatune: '',
  iothreads: '',
  hyperv: '',
  vcpus: '',
  devices: '',
};

function render(p: Parts, name: string): string {
  const cpuChildren = [p.model, p.vendor, p.topology, p.cache, p.maxphysaddr, p.features, p.numa].filter(Boolean).join('\n    ');
  const hyperv = p.hyperv ? `\n  <features>\n    <acpi/>\n    <hyperv mode='custom'>${p.hyperv}</hyperv>\n  </features>` : '';
  return `<domain type='${p.domainType}'>
  <name>${name}</name>
  <memory unit='MiB'>512</memory>
  ${p.vcpu}${p.vcpus ? `\n  <vcpus>${p.vcpus}</vcpus>` : ''}${p.iothreads ? `\n  ${p.iothreads}` : ''}${p.cputune ? `\n  <cputune>${p.cputune}</cputune>` : ''}${p.numatune ? `\n  <numatune>${p.numatune}</numatune>` : ''}
  <os>
    <type arch='x86_64' machine='pc-q35-10.0'>hvm</type>
  </os>${hyperv}
  <cpu ${p.cpuAttrs}>
    ${cpuChildren}
  </cpu>${p.devices ? `\n  <devices>\n    ${p.devices}\n  </devices>` : ''}
</domain>
`;
}

type Knob = [mutation: string, change: Partial<Parts>];

const numaTwo = (a: string, b: string, extra = '') =>
  `<numa>\n      <cell id='0' cpus='${a}' memory='256' unit='MiB'${extra}/>\n      <cell id='1' cpus='${b}' memory='256' unit='MiB'/>\n    </numa>`;

/** Every single mutation we judge; grouped by the part they touch. */
function knobs(): Knob[] {
  const k: Knob[] = [];
  const cpu = (attrs: string, label: string) => k.push([`cpu ${label}`, { cpuAttrs: attrs }]);
  for (const mode of ['custom', 'host-model', 'host-passthrough', 'maximum', 'foo', 'Custom', 'host_model', '']) {
    cpu(`mode='${mode}' check='none'`, `mode=${mode}`);
  }
  for (const match of ['exact', 'minimum', 'strict', 'foo', 'EXACT', '']) cpu(`mode='custom' match='${match}' check='none'`, `match=${match}`);
  for (const check of ['none', 'partial', 'full', 'default', 'foo', '']) cpu(`mode='custom' match='exact' check='${check}'`, `check=${check}`);
  for (const [mode, v] of [['custom', 'on'], ['host-model', 'on'], ['host-passthrough', 'on'], ['host-passthrough', 'off'], ['maximum', 'on'], ['host-passthrough', 'yes'], ['host-passthrough', 'foo']]) {
    cpu(`mode='${mode}' check='none' migratable='${v}'`, `mode=${mode} migratable=${v}`);
  }
  for (const v of ['on', 'off', 'foo']) cpu(`mode='custom' check='none' deprecated_features='${v}'`, `deprecated_features=${v}`);
  cpu(`mode='custom' check='none' foo='bar'`, 'unknown attribute');
  cpu(`mode='host-model' match='exact' check='none'`, 'match under host-model');

  const model = (m: string, label: string) => k.push([`model ${label}`, { model: m }]);
  for (const name of ['Skylake-Client', 'Skylake-Clinet', 'skylake-client', ' Skylake-Client', 'Haswell-noTSX', 'EPYC-Rome', 'qemu64', 'Broadwell-v1', 'Skylake-Client-v4', 'Nehalem', 'NotAModel', '486', 'pentiumpro', 'Icelake-Client', 'cpu64-rhel6', 'Dhyana']) {
    model(`<model fallback='allow'>${name}</model>`, `name=${name}`);
  }
  for (const fb of ['allow', 'forbid', 'foo', 'Allow']) model(`<model fallback='${fb}'>Skylake-Client</model>`, `fallback=${fb}`);
  for (const vid of ['GenuineIntel', 'AuthenticAMD', 'Intel', 'GenuineIntel1', 'Genuine,ntel', 'MyHypervisor', '']) {
    model(`<model fallback='allow' vendor_id='${vid}'>Skylake-Client</model>`, `vendor_id=${vid}`);
  }
  model('', 'removed');
  model(`<model fallback='allow'></model>`, 'empty text');
  model(`<model foo='x'>Skylake-Client</model>`, 'unknown attribute');
  for (const [m, v] of [['host-passthrough', 'Skylake-Client'], ['maximum', 'Skylake-Client'], ['host-model', 'Skylake-Client']]) {
    k.push([`model under ${m}`, { cpuAttrs: `mode='${m}' check='none'`, model: `<model>${v}</model>` }]);
  }

  const vendor = (v: string, label: string, extra: Partial<Parts> = {}) => k.push([`vendor ${label}`, { vendor: v, ...extra }]);
  vendor('<vendor>Intel</vendor>', 'Intel');
  vendor('<vendor>AMD</vendor>', 'AMD with Intel model');
  vendor('<vendor>Foo</vendor>', 'unknown vendor');
  vendor('<vendor>Intel</vendor>', 'without model', { model: '' });
  vendor('<vendor>Intel</vendor>', 'under host-passthrough', { cpuAttrs: "mode='host-passthrough' check='none'", model: '' });

  const topo = (t: string, label: string, extra: Partial<Parts> = {}) => k.push([`topology ${label}`, { topology: t, ...extra }]);
  for (const [s, d, c, t] of [['1', '1', '2', '2'], ['2', '1', '2', '1'], ['1', '1', '4', '1'], ['4', '1', '1', '1'], ['1', '1', '2', '1'], ['2', '2', '2', '2'], ['0', '1', '4', '1'], ['1', '0', '4', '1'], ['1', '1', '0', '1'], ['1', '1', '4', '0'], ['x', '1', '4', '1'], ['+1', '1', '4', '1'], [' 1', '1', '4', '1'], ['-1', '1', '4', '1'], ['1', '1', '4.0', '1'], ['1', '2', '1', '2']]) {
    topo(`<topology sockets='${s}' dies='${d}' cores='${c}' threads='${t}'/>`, `s=${s} d=${d} c=${c} t=${t}`);
  }
  topo(`<topology sockets='1' cores='2' threads='2'/>`, 'no dies');
  topo(`<topology sockets='1' clusters='1' cores='2' threads='2'/>`, 'clusters=1');
  topo(`<topology sockets='1' clusters='2' cores='1' threads='2'/>`, 'clusters=2');
  topo(`<topology sockets='1' clusters='0' cores='2' threads='2'/>`, 'clusters=0');
  topo(`<topology cores='4' threads='1'/>`, 'no sockets');
  topo(`<topology sockets='1' threads='4'/>`, 'no cores');
  topo(`<topology sockets='1' cores='4'/>`, 'no threads');
  topo(`<topology sockets='1' cores='2' threads='2'/>\n    <topology sockets='1' cores='2' threads='2'/>`, 'twice');
  topo(`<topology sockets='1' cores='2' threads='2' foo='1'/>`, 'unknown attribute');
  for (const v of ['1', '2', '3', '8', '16', '0', 'x', ' 4', '+4', '4 ', '0x4']) {
    k.push([`vcpu text=${JSON.stringify(v)}`, { vcpu: `<vcpu placement='static'>${v}</vcpu>` }]);
  }
  for (const cur of ['1', '2', '4', '5', '0', 'x']) k.push([`vcpu current=${cur}`, { vcpu: `<vcpu placement='static' current='${cur}'>4</vcpu>` }]);
  for (const pl of ['static', 'auto', 'foo']) k.push([`vcpu placement=${pl}`, { vcpu: `<vcpu placement='${pl}' cpuset='0-1'>4</vcpu>` }]);
  for (const cs of ['0-1', '0,2', '0-3,^1', '1-0', 'aaa', '0-', ',', '0,^0', '99999', '0 - 1', '']) {
    k.push([`vcpu cpuset=${JSON.stringify(cs)}`, { vcpu: `<vcpu placement='static' cpuset='${cs}'>4</vcpu>` }]);
  }

  const cache = (c: string, label: string, mode = 'host-passthrough') =>
    k.push([`cache ${label} (${mode})`, { cache: c, cpuAttrs: `mode='${mode}' check='none'`, model: mode === 'custom' ? base.model : '' }]);
  for (const [mode, level] of [['passthrough', ''], ['passthrough', '3'], ['emulate', '3'], ['emulate', ''], ['emulate', '2'], ['disable', ''], ['disable', '3'], ['foo', ''], ['passthrough', '4'], ['passthrough', '0']]) {
    cache(`<cache ${level ? `level='${level}' ` : ''}mode='${mode}'/>`, `mode=${mode} level=${level}`);
  }
  cache(`<cache mode='passthrough'/>`, 'passthrough', 'custom');
  cache(`<cache mode='emulate' level='3'/>`, 'emulate l3', 'custom');
  cache(`<cache level='3'/>`, 'no mode');
  cache(`<cache mode='passthrough'/>\n    <cache mode='passthrough'/>`, 'twice');

  const phys = (c: string, label: string, mode = 'host-passthrough') =>
    k.push([`maxphysaddr ${label} (${mode})`, { maxphysaddr: c, cpuAttrs: `mode='${mode}' check='none'`, model: mode === 'custom' ? base.model : '' }]);
  for (const m of [`<maxphysaddr mode='passthrough'/>`, `<maxphysaddr mode='passthrough' limit='42'/>`, `<maxphysaddr mode='passthrough' bits='42'/>`, `<maxphysaddr mode='emulate' bits='42'/>`, `<maxphysaddr mode='emulate'/>`, `<maxphysaddr mode='emulate' limit='42'/>`, `<maxphysaddr mode='foo'/>`, `<maxphysaddr bits='42'/>`, `<maxphysaddr mode='passthrough' limit='0'/>`, `<maxphysaddr mode='emulate' bits='x'/>`]) {
    phys(m, m.replace(/<maxphysaddr |\/>/g, ''));
  }
  phys(`<maxphysaddr mode='emulate' bits='42'/>`, 'emulate on custom', 'custom');

  const feats = (f: string, label: string, extra: Partial<Parts> = {}) => k.push([`feature ${label}`, { features: f, ...extra }]);
  for (const pol of ['force', 'require', 'optional', 'disable', 'forbid', 'foo', 'Require', '']) {
    feats(`<feature policy='${pol}' name='pcid'/>`, `policy=${pol}`);
  }
  for (const name of ['pcid', 'avx512f', 'sse3', 'sse4_2', 'SSE2', 'avx512', 'kvm_pv_unhalt', 'hv-time', 'invtsc', 'vmx-exit-nmi', '', 'a b', 'x2apic', 'pni', 'pclmulqdq']) {
    feats(`<feature policy='require' name='${name}'/>`, `name=${JSON.stringify(name)}`);
  }
  feats(`<feature name='pcid'/>`, 'no policy');
  feats(`<feature policy='require'/>`, 'no name');
  feats(`<feature policy='require' name='pcid'/>\n    <feature policy='require' name='pcid'/>`, 'duplicate same policy');
  feats(`<feature policy='require' name='pcid'/>\n    <feature policy='disable' name='pcid'/>`, 'duplicate other policy');
  feats(`<feature policy='disable' name='vmx'/>`, 'disable vmx under host-passthrough', { cpuAttrs: "mode='host-passthrough' check='none'", model: '' });
  feats(`<feature policy='require' name='sse3'/>`, 'alias under host-passthrough', { cpuAttrs: "mode='host-passthrough' check='none'", model: '' });
  feats(`<feature policy='require' name='pcid'/>`, 'feature without model', { model: '' });

  for (const [a, b, extra] of [['0-1', '2-3', ''], ['0-2', '2-3', ''], ['0-1', '', ''], ['0-3', '4-5', ''], ['0-1', '2-3', " memAccess='shared'"], ['0-1', '2-3', " memAccess='foo'"], ['0-1', '2-3', " discard='yes'"], ['0-1', '2-3', " discard='on'"], ['a', '2-3', '']]) {
    k.push([`numa cpus=${a}|${b}${extra}`, { numa: numaTwo(a, b, extra) }]);
  }
  k.push(['numa empty', { numa: '<numa/>' }]);
  k.push(['numa ids 0,2', { numa: numaTwo('0-1', '2-3').replace("id='1'", "id='2'") }]);
  k.push(['numa ids 1,0', { numa: numaTwo('0-1', '2-3').replace("id='0'", "id='X'").replace("id='1'", "id='0'").replace("id='X'", "id='1'") }]);
  k.push(['numa duplicate id', { numa: numaTwo('0-1', '2-3').replace("id='1'", "id='0'") }]);
  k.push(['numa no memory', { numa: numaTwo('0-1', '2-3').replace(" memory='256' unit='MiB'/>\n    </numa>", "/>\n    </numa>") }]);
  k.push(['numa unit foo', { numa: numaTwo('0-1', '2-3').replace("unit='MiB'/>\n    </numa>", "unit='foo'/>\n    </numa>") }]);
  for (const [self, other] of [['10', '20'], ['20', '20'], ['10', '10'], ['10', '300'], ['10', '5'], ['10', 'x']]) {
    const d0 = `<distances><sibling id='0' value='${self}'/><sibling id='1' value='${other}'/></distances>`;
    k.push([`numa distances self=${self} other=${other}`, { numa: `<numa>\n      <cell id='0' cpus='0-1' memory='256' unit='MiB'>${d0}</cell>\n      <cell id='1' cpus='2-3' memory='256' unit='MiB'/>\n    </numa>` }]);
  }
  k.push(['numa sibling to missing cell', { numa: `<numa>\n      <cell id='0' cpus='0-1' memory='256' unit='MiB'><distances><sibling id='2' value='20'/></distances></cell>\n      <cell id='1' cpus='2-3' memory='256' unit='MiB'/>\n    </numa>` }]);

  const tune = (c: string, label: string, extra: Partial<Parts> = {}) => k.push([`cputune ${label}`, { cputune: c, ...extra }]);
  for (const [vcpu, set] of [['0', '0'], ['3', '1'], ['4', '1'], ['9', '1'], ['x', '1'], ['0', 'aaa'], ['0', '0-']]) {
    tune(`<vcpupin vcpu='${vcpu}' cpuset='${set}'/>`, `vcpupin vcpu=${vcpu} cpuset=${set}`);
  }
  tune(`<vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='0' cpuset='1'/>`, 'duplicate vcpupin');
  tune(`<emulatorpin cpuset='0-1'/>`, 'emulatorpin');
  tune(`<emulatorpin cpuset='x'/>`, 'emulatorpin bad');
  tune(`<emulatorpin cpuset='0'/><emulatorpin cpuset='1'/>`, 'emulatorpin twice');
  for (const [el, v] of [['shares', '1024'], ['shares', '-1'], ['shares', 'x'], ['period', '100000'], ['period', '500'], ['period', '99999999'], ['quota', '-1'], ['quota', '50000'], ['quota', '10'], ['quota', 'x'], ['emulator_period', '100000'], ['emulator_quota', '-5']]) {
    tune(`<${el}>${v}</${el}>`, `${el}=${v}`);
  }
  for (const [sched, prio] of [['fifo', '1'], ['rr', '99'], ['batch', ''], ['idle', ''], ['other', ''], ['fifo', ''], ['fifo', '100'], ['foo', '']]) {
    tune(`<vcpusched vcpus='0-1' scheduler='${sched}'${prio ? ` priority='${prio}'` : ''}/>`, `vcpusched ${sched} ${prio}`);
  }
  tune(`<vcpusched vcpus='0-1' scheduler='fifo' priority='1'/><vcpusched vcpus='1-2' scheduler='fifo' priority='1'/>`, 'vcpusched overlap');
  tune(`<iothreadpin iothread='1' cpuset='0'/>`, 'iothreadpin with iothreads', { iothreads: '<iothreads>1</iothreads>' });
  tune(`<iothreadpin iothread='2' cpuset='0'/>`, 'iothreadpin missing iothread', { iothreads: '<iothreads>1</iothreads>' });
  tune(`<iothreadsched iothreads='2' scheduler='fifo' priority='1'/>`, 'iothreadsched missing iothread', { iothreads: '<iothreads>1</iothreads>' });
  for (const it of ['0', '2', 'x', '-1']) k.push([`iothreads=${it}`, { iothreads: `<iothreads>${it}</iothreads>` }]);

  const numa2 = numaTwo('0-1', '2-3');
  for (const nt of [`<memory mode='strict' nodeset='0'/>`, `<memory mode='foo' nodeset='0'/>`, `<memory mode='strict' placement='auto'/>`, `<memory mode='strict' placement='static'/>`, `<memory mode='interleave' nodeset='0,^0'/>`, `<memnode cellid='0' mode='strict' nodeset='0'/>`, `<memnode cellid='5' mode='strict' nodeset='0'/>`]) {
    k.push([`numatune ${nt}`, { numatune: nt, numa: nt.includes('memnode') ? numa2 : '' }]);
  }
  k.push(['numatune memnode without cells', { numatune: `<memnode cellid='0' mode='strict' nodeset='0'/>` }]);

  for (const h of [`<vendor_id state='on' value='whatever'/>`, `<vendor_id state='on' value='1234567890ab'/>`, `<vendor_id state='on' value='1234567890abc'/>`, `<vendor_id state='on' value=''/>`, `<vendor_id state='on' value='a,b'/>`]) {
    k.push([`hyperv ${h}`, { hyperv: h }]);
  }
  // More names, valid and not, as users type them.
  for (const name of ['Cascadelake-Server', 'Cascadelake-Server-noTSX', 'Icelake-Server', 'SapphireRapids', 'GraniteRapids', 'EPYC', 'EPYC-Milan', 'EPYC-Genoa', 'Opteron_G5', 'Westmere-IBRS', 'kvm64', 'host', 'Skylake', 'EPYC-Rome-v2', 'Snowridge']) {
    model(`<model fallback='allow'>${name}</model>`, `name=${name}`);
  }
  for (const name of ['avx2', 'avx512vnni', 'avx512-vnni', 'ssse3', 'sse4.1', 'sse4_1', 'lahf_lm', 'lahf-lm', 'tsc-deadline', 'tsc_deadline', 'md-clear', 'md_clear', 'spec-ctrl', 'arch-capabilities', 'svm', 'topoext', 'amd-ssbd', 'cmt', 'cqm', 'hypervisor']) {
    feats(`<feature policy='require' name='${name}'/>`, `name=${JSON.stringify(name)}`);
  }
  const vcpus = (v: string, label: string) => k.push([`vcpus ${label}`, { vcpus: v }]);
  const on = (id: number, extra = '') => `<vcpu id='${id}' enabled='yes' hotpluggable='${id === 0 ? 'no' : 'yes'}'${extra}/>`;
  vcpus([0, 1, 2, 3].map((i) => on(i)).join(''), 'all enabled');
  vcpus([on(0), on(1), "<vcpu id='2' enabled='no' hotpluggable='yes'/>", "<vcpu id='3' enabled='no' hotpluggable='yes'/>"].join(''), 'two offline');
  vcpus([on(1), on(2), on(3)].join(''), 'no vcpu 0');
  vcpus([on(0), on(1), on(2), on(3), on(4)].join(''), 'id beyond maximum');
  vcpus([on(0), "<vcpu id='1' enabled='no' hotpluggable='no'/>", on(2), on(3)].join(''), 'offline not hotpluggable');
  vcpus(["<vcpu id='0' enabled='yes' hotpluggable='yes'/>", on(1), on(2), on(3)].join(''), 'vcpu 0 hotpluggable');
  vcpus([on(0), on(0), on(2), on(3)].join(''), 'duplicate id');
  vcpus([on(0, " order='1'"), on(1, " order='2'"), on(2, " order='3'"), on(3, " order='4'")].join(''), 'with order');
  vcpus([on(0), "<vcpu id='1' enabled='maybe' hotpluggable='yes'/>", on(2), on(3)].join(''), 'enabled=maybe');
  for (const ids of ["<iothread id='1'/>", "<iothread id='1'/><iothread id='1'/>", "<iothread id='0'/>", "<iothread id='x'/>"]) {
    k.push([`iothreadids ${ids}`, { iothreads: `<iothreads>1</iothreads>\n  <iothreadids>${ids}</iothreadids>` }]);
  }
  const cellWith = (inner: string, label: string) =>
    k.push([`numa cell ${label}`, { numa: `<numa>\n      <cell id='0' cpus='0-1' memory='256' unit='MiB'>${inner}</cell>\n      <cell id='1' cpus='2-3' memory='256' unit='MiB'/>\n    </numa>` }]);
  cellWith(`<cache level='3' associativity='direct' policy='writeback'><size value='10' unit='MiB'/><line value='64' unit='B'/></cache>`, 'cache ok');
  cellWith(`<cache level='4' associativity='direct' policy='writeback'><size value='10' unit='MiB'/><line value='64' unit='B'/></cache>`, 'cache level 4');
  cellWith(`<cache level='3' associativity='foo' policy='writeback'><size value='10' unit='MiB'/><line value='64' unit='B'/></cache>`, 'cache associativity foo');
  cellWith(`<cache level='3' associativity='direct' policy='writeback'><size value='10' unit='MiB'/><line value='64' unit='B'/></cache><cache level='3' associativity='direct' policy='writeback'><size value='10' unit='MiB'/><line value='64' unit='B'/></cache>`, 'cache level twice');
  for (const ic of [`<latency initiator='0' target='1' type='access' value='5'/>`, `<latency initiator='0' target='2' type='access' value='5'/>`, `<bandwidth initiator='0' target='1' type='read' value='204800' unit='KiB'/>`, `<latency initiator='0' target='1' type='foo' value='5'/>`, `<latency initiator='0' target='1' cache='1' type='access' value='5'/>`]) {
    k.push([`numa interconnects ${ic}`, { numa: `<numa>\n      <cell id='0' cpus='0-1' memory='256' unit='MiB'/>\n      <cell id='1' cpus='2-3' memory='256' unit='MiB'/>\n      <interconnects>${ic}</interconnects>\n    </numa>` }]);
  }
  for (const mem of ['0', '1', '131072', 'x', '-1']) {
    k.push([`numa memory=${mem}`, { numa: numaTwo('0-1', '2-3').replace("memory='256' unit='MiB'/>\n    </numa>", `memory='${mem}' unit='KiB'/>\n    </numa>`) }]);
  }
  // More than 255 vCPUs on q35: libvirt adds or completes an intel IOMMU, or refuses the IOMMU written.
  const large = { vcpu: "<vcpu placement='static'>256</vcpu>", topology: "<topology sockets='2' dies='1' cores='64' threads='2'/>" };
  for (const iommu of ['', "<iommu model='intel'/>", "<iommu model='intel'><driver intremap='on' eim='on'/></iommu>", "<iommu model='intel'><driver eim='off'/></iommu>", "<iommu model='intel'><driver intremap='off'/></iommu>", "<iommu model='virtio'/>", "<iommu model='smmuv3'/>"]) {
    k.push([`256 vCPUs with ${iommu || 'no iommu'}`, { ...large, devices: iommu }]);
  }
  k.push(["255 vCPUs with eim='off'", { vcpu: "<vcpu placement='static'>255</vcpu>", topology: "<topology sockets='1' dies='1' cores='255' threads='1'/>", devices: "<iommu model='intel'><driver eim='off'/></iommu>" }]);
  // match × check × model and feature names: with match='minimum' libvirt replaces the model by
  // the host's and looks the name up only under check='partial' (the KVM default).
  for (const match of ['minimum', 'strict', 'exact']) {
    for (const check of ['none', 'partial', 'full', '']) {
      const attrs = `mode='custom' match='${match}'${check ? ` check='${check}'` : ''}`;
      for (const name of ['NotAModel', 'Skylake-Clinet', 'skylake-client', 'Skylake-Client']) {
        k.push([`match=${match} check=${check || '(default)'} model=${name}`, { cpuAttrs: attrs, model: `<model fallback='allow'>${name}</model>`, features: '' }]);
      }
      for (const feature of ['pcidd', 'PCID', 'sse4_2']) {
        k.push([`match=${match} check=${check || '(default)'} feature=${feature}`, { cpuAttrs: attrs, features: `<feature policy='require' name='${feature}'/>` }]);
      }
    }
    for (const type of ['qemu', 'kvm']) {
      k.push([`type=${type} match=${match} model=NotAModel`, { domainType: type, cpuAttrs: `mode='custom' match='${match}'`, model: `<model fallback='allow'>NotAModel</model>`, features: '' }]);
    }
  }
  for (const check of ['none', 'partial', 'full', '']) {
    k.push([`host-model check=${check || '(default)'} model=NotAModel`, { cpuAttrs: `mode='host-model'${check ? ` check='${check}'` : ''}`, model: `<model fallback='allow'>NotAModel</model>`, features: '' }]);
  }
  k.push(['type=qemu host-passthrough', { domainType: 'qemu', cpuAttrs: "mode='host-passthrough'", model: '', features: '' }]);
  return k;
}


/** The whole corpus for `seed` (all knobs; shuffled deterministically so failures spread over the output). */
export function corpus(seed: number, cap = 1000): OracleCase[] {
  const all = knobs();
  const rand = prng(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, cap).map(([mutation, change], i) => {
    const id = `od${String(i).padStart(3, '0')}`;
    return { id, mutation, xml: render({ ...base, ...change }, `oracle-${id}`) };
  });
}

/** The unmutated base document (must be accepted by libvirt and clean for us). */
export function baseDocument(): string {
  return render(base, 'oracle-base');
}
