// The corpus of the per-arch differential test (oracleArch.test.ts): for each non-x86
// arch, seeded random emulated domains whose CPU parts are valid for that arch, each with
// at most one fault — faults libvirt refuses and faults it silently accepts (match on
// aarch64, a <vendor>, policy='optional'…). Deterministic for a seed and a model list.

import { seededRandom } from '../helpers/fixtures';
import { qemuArch } from '../../server/src/catalog/qemuCpus';

export interface ArchCase {
  id: string;
  arch: string;
  /** The fault, or 'valid'. */
  fault: string;
  xml: string;
}

interface Parts {
  mode: string;
  match?: string;
  check?: string;
  extraCpuAttrs?: string;
  model?: string;
  fallback?: string;
  vendorId?: string;
  vendor?: string;
  topology?: { sockets: number; dies?: number; clusters?: number; cores: number; threads: number };
  features: Array<{ policy: string; name: string }>;
  extraCpu?: string;
  vcpus: number;
  current?: number;
  machine?: string;
}

/** Valid parts per arch that start under TCG (checked by the test's valid cases). */
interface ArchProfile {
  models: string[];
  maximum: boolean;
  /** Features valid on a model, with the policies that are safe. */
  features: (model: string) => Array<{ name: string; policies: string[] }>;
  threads: number[];
  clusters: boolean;
}

function profile(arch: string, usable: readonly string[]): ArchProfile {
  const qa = qemuArch(arch)!;
  switch (arch) {
    case 'aarch64':
      return {
        models: [...(qa.data.machineModels ?? [])].filter((m) => m !== 'cortex-a15' && m !== 'cortex-a7'),
        maximum: true,
        features: (model) => {
          const props = qa.models.get(model)?.features ?? [];
          return ['sve', 'pauth'].filter((f) => props.includes(f)).map((name) => ({ name, policies: ['require', 'disable'] }));
        },
        threads: [1, 2],
        clusters: true,
      };
    case 'ppc64le':
      return { models: ['POWER8', 'POWER9', 'POWER10'], maximum: false, features: () => [], threads: [1, 2, 4], clusters: false };
    case 's390x':
      return {
        models: usable.length ? [...usable] : ['qemu'],
        maximum: true,
        features: () => ['vx', 'msa8', 'msa9', 'gs', 'iep', 'te', 'sief2', 'bpb', 'ppa15'].map((name) => ({ name, policies: ['disable'] })),
        threads: [1],
        clusters: false,
      };
    default:
      return {
        models: ['rv64', 'max', 'sifive-u54', 'thead-c906', 'veyron-v1'],
        maximum: true,
        features: (model) =>
          qa.models.get(model)?.fixedExtensions
            ? ['zba', 'zbb', 'v'].map((name) => ({ name, policies: ['disable'] }))
            : ['v', 'zba', 'zbb', 'zbs', 'zicond', 'zawrs', 'svinval'].map((name) => ({ name, policies: ['require', 'disable'] })),
        threads: [1, 2],
        clusters: false,
      };
  }
}

function render(arch: string, p: Parts, name: string): string {
  const attrs = [`mode='${p.mode}'`, p.match ? `match='${p.match}'` : '', p.check ? `check='${p.check}'` : '', p.extraCpuAttrs ?? ''].filter(Boolean).join(' ');
  const children: string[] = [];
  if (p.model !== undefined) {
    const ma = [p.fallback ? ` fallback='${p.fallback}'` : '', p.vendorId ? ` vendor_id='${p.vendorId}'` : ''].join('');
    children.push(`<model${ma}>${p.model}</model>`);
  }
  if (p.vendor) children.push(`<vendor>${p.vendor}</vendor>`);
  if (p.topology) {
    const t = p.topology;
    children.push(`<topology sockets='${t.sockets}'${t.dies ? ` dies='${t.dies}'` : ''}${t.clusters ? ` clusters='${t.clusters}'` : ''} cores='${t.cores}' threads='${t.threads}'/>`);
  }
  for (const f of p.features) children.push(`<feature policy='${f.policy}' name='${f.name}'/>`);
  if (p.extraCpu) children.push(p.extraCpu);
  const cpu = children.length ? `<cpu ${attrs}>\n    ${children.join('\n    ')}\n  </cpu>` : `<cpu ${attrs}/>`;
  const current = p.current !== undefined ? ` current='${p.current}'` : '';
  const machine = p.machine ? ` machine='${p.machine}'` : '';
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>512</memory>
  <vcpu placement='static'${current}>${p.vcpus}</vcpu>
  <os>
    <type arch='${arch}'${machine}>hvm</type>
  </os>
  ${cpu}
</domain>
`;
}

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)];

/** Valid CPU parts for `arch`, drawn at random. */
function validParts(r: Rand, prof: ArchProfile): Parts {
  const maximum = prof.maximum && r() < 0.2;
  const model = maximum ? undefined : pick(r, prof.models);
  const threads = pick(r, prof.threads);
  const cores = pick(r, [1, 2]);
  const sockets = pick(r, [1, 2]);
  const withTopology = r() < 0.6;
  const clusters = prof.clusters && withTopology && r() < 0.3 ? 2 : undefined;
  const vcpus = withTopology ? sockets * cores * threads * (clusters ?? 1) : pick(r, [1, 2, 4]);
  const feats = prof.features(model ?? 'max');
  const features: Parts['features'] = [];
  for (const f of feats) if (r() < 0.3 && features.length < 2) features.push({ name: f.name, policy: pick(r, f.policies) });
  return {
    mode: maximum ? 'maximum' : 'custom',
    ...(model !== undefined ? { model } : {}),
    ...(r() < 0.2 && !maximum ? { fallback: pick(r, ['allow', 'forbid']) } : {}),
    ...(withTopology ? { topology: { sockets, cores, threads, ...(clusters ? { clusters } : {}) } } : {}),
    features,
    vcpus,
    ...(r() < 0.15 && !maximum ? { check: 'none' } : {}),
  };
}

function misspell(r: Rand, name: string): string {
  const i = Math.floor(r() * name.length);
  switch (Math.floor(r() * 3)) {
    case 0:
      return name.slice(0, i) + name.slice(i + 1) || `${name}x`;
    case 1:
      return name.toUpperCase() === name ? name.toLowerCase() : name.toUpperCase();
    default:
      return i + 1 < name.length ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2) : `${name}0`;
  }
}

type Fault = [name: string, apply: (p: Parts, r: Rand) => Parts | undefined];

function faults(arch: string, prof: ArchProfile): Fault[] {
  const qa = qemuArch(arch)!;
  const custom = (p: Parts): Parts => (p.mode === 'custom' && p.model ? p : { ...p, mode: 'custom', model: prof.models[0] });
  const cpumapOnly: Record<string, string[]> = { aarch64: ['Neoverse-N1', 'Kunpeng-920', 'ThunderX2 99xx'], ppc64le: ['POWER6', 'POWERPC_e5500'], s390x: ['z15', 'gen18a'], riscv64: ['rv128', 'sifive-x280'] };
  const list: Fault[] = [
    ['model unknown', (p) => ({ ...custom(p), model: 'not-a-cpu' })],
    ['model misspelt', (p, r) => {
      const q = custom(p);
      const m = misspell(r, q.model!);
      return qa.models.has(m) ? undefined : { ...q, model: m };
    }],
    ['model from another list', (p, r) => ({ ...custom(p), model: pick(r, cpumapOnly[arch]) })],
    ['model x86', (p) => ({ ...custom(p), model: 'Skylake-Client', features: [] })],
    ['model unknown fallback=forbid', (p) => ({ ...custom(p), model: 'not-a-cpu', fallback: 'forbid' })],
    ['model with blanks', (p) => ({ ...custom(p), model: ` ${custom(p).model}` })],
    ['feature unknown', (p) => ({ ...p, features: [...p.features, { policy: 'require', name: 'not-a-feature' }] })],
    ['feature x86', (p) => ({ ...p, features: [...p.features.filter((f) => f.name !== 'vmx'), { policy: 'require', name: 'vmx' }] })],
    ['feature upper case', (p, r) => {
      const names = prof.features(p.model ?? 'max').map((f) => f.name);
      const n = names.length ? pick(r, names).toUpperCase() : 'SVE';
      return { ...p, features: [...p.features.filter((f) => f.name.toUpperCase() !== n), { policy: 'disable', name: n }] };
    }],
    ['feature optional', (p, r) => {
      const names = prof.features(p.model ?? 'max').map((f) => f.name);
      const n = names.length ? pick(r, names) : 'vx';
      return { ...p, features: [...p.features.filter((f) => f.name !== n), { policy: 'optional', name: n }] };
    }],
    ['match minimum', (p) => ({ ...custom(p), match: 'minimum' })],
    ['match strict', (p) => ({ ...custom(p), match: 'strict' })],
    ['check full', (p) => ({ ...p, check: 'full' })],
    ['vendor element', (p) => ({ ...custom(p), vendor: 'IBM' })],
    ['vendor_id', (p) => ({ ...custom(p), vendorId: 'GenuineIntel' })],
    ['dies 2', (p) => ({ ...p, topology: { sockets: 1, dies: 2, cores: 1, threads: 1 }, vcpus: 2, current: undefined })],
    ['clusters 2', (p) => ({ ...p, topology: { sockets: 1, clusters: 2, cores: 1, threads: 1 }, vcpus: 2, current: undefined })],
    ['threads 2', (p) => ({ ...p, topology: { sockets: 1, cores: 1, threads: 2 }, vcpus: 2, current: undefined })],
    ['topology mismatch', (p) => ({ ...p, topology: { sockets: 1, cores: 3, threads: 1 }, vcpus: 2, current: undefined })],
    ['deprecated_features', (p) => ({ ...custom(p), extraCpuAttrs: "deprecated_features='off'" })],
    ['cache', (p) => ({ ...p, extraCpu: "<cache mode='disable'/>" })],
    ['maxphysaddr', (p) => ({ ...p, extraCpu: "<maxphysaddr mode='emulate' bits='40'/>" })],
    ['vcpu over machine limit', (p) => ({ ...p, topology: undefined, vcpus: qa.data.maxCpus + 1, current: 1 })],
    ['mode host-passthrough', (p) => ({ ...p, mode: 'host-passthrough', model: undefined, fallback: undefined, check: undefined, match: undefined, vendorId: undefined })],
    ['mode maximum', (p) => ({ ...p, mode: 'maximum', model: undefined, fallback: undefined, check: undefined, match: undefined, vendorId: undefined, features: [] })],
    ['feature duplicate', (p) => (p.features.length ? { ...p, features: [...p.features, p.features[0]] } : undefined)],
    ['no cpu model', (p) => ({ ...p, mode: 'custom', model: undefined, fallback: undefined, vendorId: undefined, check: undefined, features: [] })],
  ];
  if (arch === 'aarch64') {
    list.push(['feature not on model', (p) => ({ ...p, mode: 'custom', model: 'cortex-a57', features: [{ policy: 'require', name: 'sve' }] })]);
    list.push(['sve disabled with a length', (p) => ({ ...p, mode: 'custom', model: 'max', features: [{ policy: 'disable', name: 'sve' }, { policy: 'require', name: 'sve256' }] })]);
    list.push(['model not on virt', (p) => ({ ...custom(p), model: 'pxa270', features: [] })]);
  }
  if (arch === 'ppc64le') {
    list.push(['feature on POWER', (p, r) => ({ ...custom(p), features: [{ policy: pick(r, ['require', 'disable']), name: pick(r, ['vmx', 'htm', 'altivec']) }] })]);
    list.push(['hotplug granularity', (p) => ({ ...p, topology: { sockets: 1, cores: 2, threads: 2 }, vcpus: 4, current: 3 })]);
  }
  if (arch === 'riscv64') list.push(['vendor CPU enabling an extension', (p) => ({ ...p, mode: 'custom', model: 'sifive-u54', features: [{ policy: 'require', name: 'zba' }] })]);
  return list;
}

/** `perArch` documents for `arch`: about one in eight valid, the rest with one fault each. */
export function archCorpus(arch: string, seed: number, perArch: number, usable: readonly string[] = []): ArchCase[] {
  const r = seededRandom(seed);
  const prof = profile(arch, usable);
  const fs = faults(arch, prof);
  const out: ArchCase[] = [];
  let attempts = 0;
  while (out.length < perArch && attempts++ < perArch * 10) {
    const base = validParts(r, prof);
    let fault = 'valid';
    let parts: Parts | undefined = base;
    if (r() >= 0.125) {
      const [name, apply] = pick(r, fs);
      parts = apply(base, r);
      fault = name;
    }
    if (!parts) continue;
    const id = `${arch}-${String(out.length).padStart(3, '0')}`;
    out.push({ id, arch, fault, xml: render(arch, parts, `arches-${id}`) });
  }
  return out;
}
