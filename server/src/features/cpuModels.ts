// CPU model knowledge the editor features share: newest-first ordering with
// versions grouped under their family, the model a model is best compared
// with (previous version, base variant or previous generation), and the
// feature difference between two models.

import type { Catalog } from '../catalog/catalog';
import type { ModelData } from '../catalog/types';

/**
 * Host hook: why the configured host cannot run `model`, or undefined when it
 * can or nobody knows. Completion and hover show the reason; nothing supplies
 * one yet (host data arrives with a later change).
 */
export type HostCheck = (model: string) => string | undefined;

interface ArchModels {
  /** name → sort key: newest family first, then base, variants, versions. */
  sortKey: Map<string, string>;
  /** family → members in cpu_map order. */
  families: Map<string, ModelData[]>;
  /** family → index of its first model in cpu_map order. */
  familyIndex: Map<string, number>;
  /** name → features (with the ones QEMU always adds) as a set. */
  featureSets: Map<string, Set<string>>;
}

const byCatalog = new WeakMap<Catalog, Map<string, ArchModels>>();

function archModels(catalog: Catalog, arch: string): ArchModels {
  let perArch = byCatalog.get(catalog);
  if (!perArch) byCatalog.set(catalog, (perArch = new Map()));
  const hit = perArch.get(arch);
  if (hit) return hit;
  const models = catalog.models(arch);
  const families = new Map<string, ModelData[]>();
  const familyIndex = new Map<string, number>();
  models.forEach((m, i) => {
    const list = families.get(m.family);
    if (list) list.push(m);
    else {
      families.set(m.family, [m]);
      familyIndex.set(m.family, i);
    }
  });
  // Newest first: by release year where known, a family cpu_map lists after a
  // known one of the same vendor inherits its year, then by cpu_map position.
  const order: Array<{ family: string; year: number; index: number }> = [];
  const lastYear = new Map<string, number>();
  for (const [family, members] of families) {
    const vendor = members[0].vendor ?? '';
    const year = Object.hasOwn(releaseYear, family) ? releaseYear[family] : (lastYear.get(vendor) ?? 0);
    if (vendor) lastYear.set(vendor, year);
    order.push({ family, year, index: familyIndex.get(family)! });
  }
  order.sort((a, b) => b.year - a.year || b.index - a.index);
  const sortKey = new Map<string, string>();
  const width = String(order.length).length;
  order.forEach(({ family }, rank) => {
    families.get(family)!.forEach((m, i) => {
      // Base model first, then named variants in cpu_map order, then -vN by number.
      const within = m.name === family ? 0 : m.version !== undefined ? 500 + m.version : 1 + i;
      sortKey.set(m.name, `${String(rank).padStart(width, '0')}.${String(within).padStart(4, '0')}`);
    });
  });
  const featureSets = new Map<string, Set<string>>();
  const entry: ArchModels = { sortKey, families, familyIndex, featureSets };
  perArch.set(arch, entry);
  return entry;
}

/** A sort key putting newer generations first and each family's versions right after its base model. */
export function modelSortKey(catalog: Catalog, arch: string, name: string): string {
  return archModels(catalog, arch).sortKey.get(name) ?? '~';
}

/** Every model of `m`'s family (base, variants, versions) in cpu_map order. */
export function familyMembers(catalog: Catalog, arch: string, m: ModelData): ModelData[] {
  return archModels(catalog, arch).families.get(m.family) ?? [m];
}

/** The features a guest gets from `m`: its resolved list plus those QEMU always enables; a pure alias reads through to its target. */
export function modelFeatureSet(catalog: Catalog, arch: string, m: ModelData): Set<string> {
  const idx = archModels(catalog, arch);
  const hit = idx.featureSets.get(m.name);
  if (hit) return hit;
  const source = (m.aliasOf && catalog.getModel(arch, m.aliasOf)) || m;
  const set = new Set([...source.features, ...(source.added ?? [])]);
  idx.featureSets.set(m.name, set);
  return set;
}

/**
 * First release year of each model family (the silicon, or for QEMU's generic
 * models the CPU they imitate). cpu_map's order is not chronological at the
 * end of each vendor's list (Denverton and KnightsMill come after SierraForest).
 * Generic QEMU models (qemu64, kvm64, …) have none and sort last.
 */
const releaseYear: Record<string, number> = {
  '486': 1989,
  pentium: 1993,
  pentiumpro: 1995,
  pentium2: 1997,
  pentium3: 1999,
  coreduo: 2006,
  core2duo: 2006,
  n270: 2008,
  Conroe: 2006,
  Penryn: 2008,
  Nehalem: 2008,
  Westmere: 2010,
  SandyBridge: 2011,
  IvyBridge: 2012,
  Haswell: 2013,
  Broadwell: 2014,
  'Skylake-Client': 2015,
  'Skylake-Server': 2017,
  Denverton: 2017,
  KnightsMill: 2017,
  'Cascadelake-Server': 2019,
  'Icelake-Client': 2019,
  Cooperlake: 2020,
  Snowridge: 2020,
  'Icelake-Server': 2021,
  SapphireRapids: 2023,
  GraniteRapids: 2024,
  SierraForest: 2024,
  athlon: 1999,
  Opteron_G1: 2003,
  Opteron_G2: 2006,
  phenom: 2007,
  Opteron_G3: 2007,
  Opteron_G4: 2011,
  Opteron_G5: 2012,
  EPYC: 2017,
  Dhyana: 2018,
  'EPYC-Rome': 2019,
  'EPYC-Milan': 2021,
  'EPYC-Genoa': 2022,
  // arm
  'cortex-a53': 2012,
  'cortex-a57': 2012,
  'cortex-a72': 2015,
  Falkor: 2017,
  'FT-2000+': 2017,
  'ThunderX2 99xx': 2018,
  'Neoverse-N1': 2019,
  a64fx: 2019,
  'Kunpeng-920': 2019,
  'Tengyun-S2500': 2020,
  'Neoverse-V1': 2021,
  'Neoverse-N2': 2021,
  'Ampere-1': 2022,
  'Ampere-1a': 2023,
  // ppc64
  POWER6: 2007,
  POWER7: 2010,
  POWERPC_e5500: 2010,
  POWERPC_e6500: 2012,
  POWER8: 2014,
  POWER9: 2017,
  POWER10: 2021,
};

/**
 * The generation each x86 family follows, where "previous in cpu_map order"
 * would mislead (server and client lines, Atom cores, AMD's Zen line).
 */
const previousGeneration: Record<string, string> = {
  pentium2: 'pentium',
  pentium3: 'pentium2',
  core2duo: 'coreduo',
  Penryn: 'Conroe',
  Nehalem: 'Penryn',
  Westmere: 'Nehalem',
  SandyBridge: 'Westmere',
  IvyBridge: 'SandyBridge',
  Haswell: 'IvyBridge',
  Broadwell: 'Haswell',
  'Skylake-Client': 'Broadwell',
  'Skylake-Server': 'Broadwell',
  'Cascadelake-Server': 'Skylake-Server',
  Cooperlake: 'Cascadelake-Server',
  'Icelake-Client': 'Skylake-Client',
  'Icelake-Server': 'Cascadelake-Server',
  SapphireRapids: 'Icelake-Server',
  GraniteRapids: 'SapphireRapids',
  Snowridge: 'Denverton',
  SierraForest: 'Snowridge',
  phenom: 'athlon',
  Opteron_G2: 'Opteron_G1',
  Opteron_G3: 'Opteron_G2',
  Opteron_G4: 'Opteron_G3',
  Opteron_G5: 'Opteron_G4',
  'EPYC-Rome': 'EPYC',
  'EPYC-Milan': 'EPYC-Rome',
  'EPYC-Genoa': 'EPYC-Milan',
  Dhyana: 'EPYC',
};

export interface Comparison {
  base: ModelData;
  /** How `base` relates to the model. */
  relation: 'previous version' | 'base variant' | 'previous generation';
}

/** The model `m` is best described against, or undefined (pure aliases, first generations, other arches). */
export function comparisonBase(catalog: Catalog, arch: string, m: ModelData): Comparison | undefined {
  if (m.aliasOf) return undefined;
  if (m.version !== undefined && m.version > 1) {
    const prev = catalog.getModel(arch, `${m.family}-v${m.version - 1}`);
    if (prev) return { base: prev, relation: 'previous version' };
  }
  if (m.name !== m.family) {
    // Strip suffixes one at a time: Haswell-noTSX-IBRS → Haswell-noTSX → Haswell.
    let name = m.name;
    for (;;) {
      const cut = name.lastIndexOf('-');
      if (cut <= 0 || name.length <= m.family.length) break;
      name = name.slice(0, cut);
      const candidate = catalog.getModel(arch, name);
      if (candidate && candidate.family === m.family) return { base: candidate, relation: 'base variant' };
    }
  }
  if (m.name === m.family && Object.hasOwn(previousGeneration, m.family)) {
    const prev = catalog.getModel(arch, previousGeneration[m.family]);
    if (prev) return { base: prev, relation: 'previous generation' };
  }
  return undefined;
}

/** Features `m` has that `base` lacks, and the reverse, sorted. */
export function modelDifference(catalog: Catalog, arch: string, m: ModelData, base: ModelData): { added: string[]; removed: string[] } {
  const a = modelFeatureSet(catalog, arch, m);
  const b = modelFeatureSet(catalog, arch, base);
  const added = [...a].filter((f) => !b.has(f)).sort();
  const removed = [...b].filter((f) => !a.has(f)).sort();
  return { added, removed };
}

/** The first model in cpu_map order per vendor that includes `feature` ("generic" for vendor-less models). */
export function oldestModelsWith(catalog: Catalog, arch: string, feature: string): Array<{ vendor: string; model: ModelData }> {
  const out: Array<{ vendor: string; model: ModelData }> = [];
  const seen = new Set<string>();
  for (const m of catalog.modelsWithFeature(arch, feature)) {
    const vendor = m.vendor ?? 'generic';
    if (seen.has(vendor)) continue;
    seen.add(vendor);
    out.push({ vendor, model: m });
  }
  return out;
}
