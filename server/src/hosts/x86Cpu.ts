// libvirt's x86 CPU algorithms over feature sets: the data of a CPU
// definition, cpu-compare (host vs. CPU: identical, superset or incompatible
// with the features to blame), decoding data back into the closest model, and
// cpu-baseline with --features and --migratable. Results carry libvirt's
// messages. Re-implemented from libvirt 11.3's behaviour, checked against its
// tests/cputestdata and the live `virsh`.

import type { CpuDef, CpuFeature, FeaturePolicy } from './cpuDef';
import { FeatureSet, featureNames, signaturesMatch, splitSignature, type X86Map, type X86Model, type X86Vendor } from './x86Data';

/** Which features of a definition make up a data set: one policy, or 'all' (model + force + require − disable − forbid). */
type Selection = FeaturePolicy | 'all';

export type Verdict = 'identical' | 'superset' | 'incompatible';

export interface CompareOutcome {
  /** 'error' when libvirt fails the comparison itself (unknown model or feature…). */
  result: Verdict | 'error';
  /** libvirt's message for an incompatible result or an error. */
  message?: string;
  /** What made it incompatible. */
  reason?: 'arch' | 'vendor' | 'forbidden' | 'missing' | 'extra' | 'unknown-host' | 'blockers';
  /** The features libvirt names in the message (cpu_map order). */
  features?: string[];
}

type DataResult = { ok: true; data: FeatureSet; model: X86Model | undefined } | { ok: false; error: string };

/** The CPUID data a definition stands for under `sel`, as libvirt's x86ModelFromCPU builds it. */
export function cpuData(map: X86Map, def: CpuDef, sel: Selection): DataResult {
  const data = new FeatureSet(map.width);
  // A host CPU only has present features; any other policy selects nothing.
  if (def.type === 'host' && sel !== 'require' && sel !== 'all') return { ok: true, data, model: undefined };
  let model: X86Model | undefined;
  if (def.model !== undefined && (sel === 'require' || sel === 'all')) {
    model = map.modelByName.get(def.model);
    if (!model) return { ok: false, error: `Unknown CPU model ${def.model}` };
    data.addAll(model.data);
  }
  for (const f of def.features) {
    const policy = f.policy ?? 'require';
    if (sel === 'all' ? policy === 'optional' : policy !== sel) continue;
    const index = map.featureIndex.get(f.name);
    if (index === undefined) return { ok: false, error: `Unknown CPU feature ${f.name}` };
    if (sel === 'all' && (policy === 'disable' || policy === 'forbid')) data.delete(index);
    else data.add(index);
  }
  return { ok: true, data, model };
}

const x86Archs = new Set(['i686', 'x86_64']);

export function isX86Arch(arch: string | undefined): boolean {
  return arch !== undefined && x86Archs.has(arch);
}

/**
 * Compares `cpu` with `host` as `virsh cpu-compare` does on an x86 host
 * (virCPUx86Compare): identical, superset, or incompatible with libvirt's
 * reason; 'error' for an unknown model or feature.
 */
export function compareX86(map: X86Map, host: CpuDef, cpu: CpuDef): CompareOutcome {
  if (host.model === undefined) return { result: 'incompatible', reason: 'unknown-host', message: 'unknown host CPU' };
  if (cpu.arch !== undefined && !x86Archs.has(cpu.arch)) {
    return { result: 'incompatible', reason: 'arch', message: `CPU arch ${cpu.arch} does not match host arch` };
  }
  if (cpu.vendor !== undefined && (host.vendor === undefined || cpu.vendor !== host.vendor)) {
    return { result: 'incompatible', reason: 'vendor', message: `host CPU vendor does not match required CPU vendor ${cpu.vendor}` };
  }
  const sets: FeatureSet[] = [];
  for (const [def, sel] of [
    [host, 'all'],
    [cpu, 'force'],
    [cpu, 'require'],
    [cpu, 'optional'],
    [cpu, 'disable'],
    [cpu, 'forbid'],
  ] as const) {
    const r = cpuData(map, def, sel);
    if (!r.ok) return { result: 'error', message: r.error };
    sets.push(r.data);
  }
  const [hostData, force, require, optional, disable, forbid] = sets;

  const forbidden = forbid.clone().intersect(hostData);
  if (!forbidden.isEmpty()) return incompatible(map, 'forbidden', 'Host CPU provides forbidden features', forbidden);

  require.subtract(force).subtract(optional).subtract(disable);
  if (!require.isSubsetOf(hostData)) {
    return incompatible(map, 'missing', 'Host CPU does not provide required features', require.clone().subtract(hostData));
  }
  const extra = hostData.clone().subtract(optional).subtract(require).subtract(disable).subtract(force);
  if (extra.isEmpty()) return { result: 'identical' };
  if (cpu.type === 'guest' && cpu.match === 'strict') {
    return incompatible(map, 'extra', 'Host CPU does not strictly match guest CPU: Extra features', extra);
  }
  return { result: 'superset' };
}

function incompatible(map: X86Map, reason: CompareOutcome['reason'], text: string, set: FeatureSet): CompareOutcome {
  const features = featureNames(map, set);
  return { result: 'incompatible', reason, features, message: `${text}: ${features.join(', ')}` };
}

/** CPUID data to decode: feature bits, the vendor found in leaf 0, the leaf 1 signature (0: none). */
export interface X86CpuData {
  features: FeatureSet;
  vendor: X86Vendor | undefined;
  signature: number;
}

export interface DecodeOptions {
  /** Host CPUs list present features; guest CPUs list policies and disable removed features. */
  type: 'host' | 'guest';
  /** Model names to prefer (baseline passes the input models); a single one wins outright. */
  preferred?: readonly string[];
  /** Drop features that block migration. */
  migratable?: boolean;
  /**
   * The models the hypervisor offers, each with the features QEMU says block
   * it (libvirt's names); undefined: every model. A guest CPU disables a
   * blocker unless the data has it beyond the model.
   */
  models?: ReadonlyMap<string, readonly string[] | undefined>;
}

export type DecodeResult =
  | { ok: true; model: string; vendor: string | undefined; features: CpuFeature[]; signature: number }
  | { ok: false; error: string };

interface Candidate {
  model: X86Model;
  features: CpuFeature[];
}

/**
 * Turns CPU data back into a model plus features (libvirt's x86Decode): walks
 * the models newest first, keeps those of the data's vendor that may be used
 * for this CPU type, and picks the one needing the shortest feature list,
 * preferring a signature match and the preferred names.
 */
export function decodeX86(map: X86Map, input: X86CpuData, opts: DecodeOptions): DecodeResult {
  const data = input.features.clone();
  const vendor = input.vendor;
  const signature = input.signature;
  if (vendor?.name === 'Intel') dropBrokenTsx(map, data, signature);
  const preferred = opts.preferred && opts.preferred.length > 0 ? opts.preferred : undefined;
  const guest = opts.type === 'guest';

  let best: Candidate | undefined;
  for (let i = map.models.length - 1; i >= 0; i--) {
    const model = map.models[i];
    if (opts.models && !opts.models.has(model.name)) continue;
    if (vendor && model.vendor !== undefined && vendor.name !== model.vendor) continue;
    if (guest ? !model.decodeGuest : !model.decodeHost) continue;
    const features = candidateFeatures(map, data, model, guest, opts.models?.get(model.name));
    if (!features) continue; // a host CPU cannot lack a feature of its model
    const verdict = betterCandidate(best, { model, features }, signature, preferred, guest);
    if (verdict > 0) best = { model, features };
    if (verdict === 2) break;
  }
  if (!best) return { ok: false, error: 'Cannot find suitable CPU model for given data' };
  const features = opts.migratable ? best.features.filter((f) => !map.migrationBlockers.has(f.name)) : best.features;
  return { ok: true, model: best.model.name, vendor: vendor?.name, features, signature };
}

/** Intel family 6 models 60, 63 (stepping < 4), 69 and 70 have broken TSX: libvirt drops hle and rtm. */
function dropBrokenTsx(map: X86Map, data: FeatureSet, signature: number): void {
  const { family, model, stepping } = splitSignature(signature);
  if (family !== 6 || !((model === 63 && stepping < 4) || model === 60 || model === 69 || model === 70)) return;
  for (const name of ['hle', 'rtm']) {
    const i = map.featureIndex.get(name);
    if (i !== undefined) data.delete(i);
  }
}

/**
 * The features `model` needs to describe `data`: extra ones required, missing
 * ones (and hypervisor blockers not among the extra ones) disabled.
 * Undefined: a host CPU cannot use a model with missing features.
 */
function candidateFeatures(map: X86Map, data: FeatureSet, model: X86Model, guest: boolean, blockers: readonly string[] | undefined): CpuFeature[] | undefined {
  const extra = data.clone().subtract(model.data);
  const missing = model.data.clone().subtract(data);
  for (const name of blockers ?? []) {
    const i = map.featureIndex.get(name);
    if (i !== undefined && !extra.has(i)) missing.add(i);
  }
  if (!guest) {
    if (!missing.isEmpty()) return undefined;
    return featureNames(map, extra).map((name) => ({ name, policy: undefined }));
  }
  const out: CpuFeature[] = featureNames(map, extra).map((name) => ({ name, policy: 'require' as const }));
  for (const name of featureNames(map, missing)) out.push({ name, policy: 'disable' });
  for (const name of model.removed) if (!out.some((f) => f.name === name)) out.push({ name, policy: 'disable' });
  return out;
}

/** 0: keep the current model, 1: take the candidate, 2: take it and stop looking. */
function betterCandidate(
  current: Candidate | undefined,
  candidate: Candidate,
  signature: number,
  preferred: readonly string[] | undefined,
  guest: boolean,
): 0 | 1 | 2 {
  const isPreferred = preferred !== undefined && preferred.includes(candidate.model.name);
  if (isPreferred && preferred!.length === 1) return 2;
  if (!current) return 1;
  if (signature) {
    const cur = signaturesMatch(current.model.signatures, signature);
    const cand = signaturesMatch(candidate.model.signatures, signature);
    if (cur && !cand) return 0;
    if (!cur && cand) return 1;
  }
  const a = listCost(current.features, guest);
  const b = listCost(candidate.features, guest);
  if (b.total < a.total || (b.total === a.total && b.disabled < a.disabled)) return 1;
  if (isPreferred && b.disabled < a.disabled) return 1;
  return 0;
}

/**
 * The length of a feature list where, for guest CPUs, disabled features cost
 * 2, 3, 4… each. Like libvirt, the scan stops early: each disabled feature
 * found shortens the range still scanned by one. (Exported for tests.)
 */
export function listCost(features: readonly CpuFeature[], guest: boolean): { total: number; disabled: number } {
  if (!guest) return { total: features.length, disabled: 0 };
  let enabled = features.length;
  let disabled = 0;
  let penalty = 2;
  for (let i = 0; i < enabled; i++) {
    if (features[i].policy === 'disable') {
      enabled--;
      disabled += penalty;
      penalty++;
    }
  }
  return { total: enabled + disabled, disabled };
}

/** Features QEMU never supported or dropped: libvirt's QEMU driver filters them from a baseline (virQEMUCapsCPUFilterFeatures). */
export const qemuIgnoredFeatures: ReadonlySet<string> = new Set([
  'cmt',
  'mbm_total',
  'mbm_local',
  'osxsave',
  'ospke',
  'vmx-ept-uc',
  'vmx-ept-wb',
  'vmx-invvpid-single-context',
]);

export interface BaselineOptions {
  /** --features: list every feature of the model (virCPUExpandFeatures). */
  expandFeatures?: boolean;
  /** --migratable: drop features that block migration. */
  migratable?: boolean;
  /**
   * Apply what `virsh cpu-baseline` adds on top of the CPU driver: every
   * input must be a host CPU, and features QEMU ignores are dropped.
   * Off: the CPU driver alone, as libvirt's cputest runs it.
   */
  virsh?: boolean;
  /** Whitelist of feature names (hypervisor-cpu-baseline passes QEMU's). */
  features?: readonly string[];
}

export type BaselineResult = { ok: true; cpu: CpuDef } | { ok: false; error: string };

/**
 * The CPU every input can run, as `virsh cpu-baseline` computes it
 * (virCPUBaseline → virCPUx86Baseline → x86Decode): the intersection of all
 * inputs' data, decoded into the closest model. Errors carry libvirt's text.
 */
export function baselineX86(map: X86Map, cpus: readonly CpuDef[], opts: BaselineOptions = {}): BaselineResult {
  const fail = (error: string): BaselineResult => ({ ok: false, error });
  if (cpus.length < 1) return fail('no CPUs given');
  for (let i = 0; i < cpus.length; i++) if (cpus[i].model === undefined) return fail(`no CPU model specified at index ${i}`);
  const arch = cpus[0].arch;
  if (arch !== undefined && !x86Archs.has(arch)) return fail(`cannot compute baseline CPU of ${arch} architecture (only x86 is modelled here)`);

  const first = cpuData(map, cpus[0], 'all');
  if (!first.ok) return fail(first.error);
  const base = first.data;
  let vendor: X86Vendor | undefined;
  let outputVendor = true;
  if (cpus[0].vendor === undefined) outputVendor = false;
  else {
    vendor = map.vendorByName.get(cpus[0].vendor);
    if (!vendor) return fail(`Unknown CPU vendor ${cpus[0].vendor}`);
  }
  const names: string[] = [cpus[0].model!];
  for (let i = 1; i < cpus.length; i++) {
    const cpu = cpus[i];
    if (!names.includes(cpu.model!)) names.push(cpu.model!);
    const r = cpuData(map, cpu, 'all');
    if (!r.ok) return fail(r.error);
    const modelVendor = r.model?.vendor;
    if (cpu.vendor !== undefined && modelVendor !== undefined && cpu.vendor !== modelVendor) {
      return fail(`CPU vendor ${modelVendor} of model ${r.model!.name} differs from vendor ${cpu.vendor}`);
    }
    let vn: string | undefined;
    if (cpu.vendor !== undefined) vn = cpu.vendor;
    else {
      outputVendor = false;
      vn = modelVendor;
    }
    if (vn !== undefined) {
      if (!vendor) {
        vendor = map.vendorByName.get(vn);
        if (!vendor) return fail(`Unknown CPU vendor ${vn}`);
      } else if (vendor.name !== vn) return fail('CPU vendors do not match');
    }
    base.intersect(r.data);
  }
  if (opts.features) {
    const allowed = new FeatureSet(map.width);
    for (const name of opts.features) {
      const i = map.featureIndex.get(name);
      if (i !== undefined) allowed.add(i);
    }
    base.intersect(allowed);
  }
  if (base.isEmpty()) return fail('CPUs are incompatible');

  const decoded = decodeX86(map, { features: base, vendor, signature: 0 }, { type: 'guest', preferred: names, migratable: opts.migratable });
  if (!decoded.ok) return fail(decoded.error);
  let cpu: CpuDef = {
    type: 'guest',
    mode: 'custom',
    match: 'exact',
    check: undefined,
    fallback: names.length === 1 && decoded.model === names[0] ? 'forbid' : 'allow',
    arch: undefined,
    model: decoded.model,
    vendor: outputVendor ? decoded.vendor : undefined,
    signature: undefined,
    features: decoded.features,
  };
  if (opts.virsh) cpu = { ...cpu, features: cpu.features.filter((f) => !qemuIgnoredFeatures.has(f.name)) };
  if (opts.expandFeatures) {
    const expanded = expandFeatures(map, cpu);
    if (!expanded.ok) return expanded;
    cpu = expanded.cpu;
  }
  return { ok: true, cpu };
}

/**
 * Lists every feature of the model explicitly, keeping the policies written
 * (virCPUExpandFeatures): a guest CPU keeps only required and disabled
 * features and gets its model's removed features disabled; sorted by name.
 */
export function expandFeatures(map: X86Map, cpu: CpuDef): BaselineResult {
  const model = cpu.model === undefined ? undefined : map.modelByName.get(cpu.model);
  if (!model) return { ok: false, error: `unknown CPU model ${cpu.model ?? ''}` };
  const host = cpu.type === 'host';
  const out: CpuFeature[] = featureNames(map, model.data).map((name) => ({ name, policy: host ? undefined : 'require' }));
  const at = new Map(out.map((f, i) => [f.name, i]));
  for (const f of cpu.features) {
    if (!host && f.policy !== 'require' && f.policy !== 'disable') continue;
    const i = at.get(f.name);
    if (i !== undefined) out[i] = { name: f.name, policy: host ? undefined : f.policy };
    else {
      at.set(f.name, out.length);
      out.push({ name: f.name, policy: host ? undefined : f.policy });
    }
  }
  if (!host) {
    for (const name of model.removed) {
      if (!at.has(name)) {
        at.set(name, out.length);
        out.push({ name, policy: 'disable' });
      }
    }
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ok: true, cpu: { ...cpu, features: out } };
}
