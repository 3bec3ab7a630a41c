// Fast lookups over `CatalogData`: models, features and vendors by name per cpu_map
// arch, alias and feature→model indexes, "did you mean" suggestions and hover prose.

import { editDistance } from '../util/strings';
import type { ArchData, CatalogData, Descriptions, FeatureData, ModelData, VendorData } from './types';

const EMPTY_ARCH: ArchData = { vendors: [], features: [], models: [] };

const EMPTY_INDEX = indexArch(EMPTY_ARCH);

/** Domain `<os><type arch>` values → cpu_map arch names (libvirt's cpu drivers list the same). */
const ARCH_OF: Record<string, string> = {
  x86: 'x86',
  x86_64: 'x86',
  i686: 'x86',
  arm: 'arm',
  aarch64: 'arm',
  armv7l: 'arm',
  armv7b: 'arm',
  armv6l: 'arm',
  ppc64: 'ppc64',
  ppc64le: 'ppc64',
};

/** Lower-cased and separator-folded spellings of a name list, for suggestions. */
interface NameIndex {
  names: string[];
  lower: string[];
  folded: string[];
  byLower: Map<string, string[]>;
}

interface ArchIndex {
  data: ArchData;
  models: Map<string, ModelData>;
  features: Map<string, FeatureData>;
  vendors: Map<string, VendorData>;
  /** Alias spelling (exact) → feature. */
  aliases: Map<string, FeatureData>;
  /** For "did you mean": built for the first suggestion (a run without a misspelt name never needs it). */
  spellings?: Spellings;
  /** Built on first use. */
  modelsByFeature?: Map<string, ModelData[]>;
}

interface Spellings {
  /** Alias spelling (lower case) → feature names. */
  aliasesLower: Map<string, string[]>;
  modelNames: NameIndex;
  featureNames: NameIndex;
}

/** The CPU catalog: immutable data plus precomputed indexes; every query is a map lookup or one linear scan. */
export class Catalog {
  /** Each arch's lookup tables, built on first use (a one-file CLI run needs one arch at most). */
  private readonly archIndex = new Map<string, ArchIndex | undefined>();
  private readonly featureText: Map<string, string>;
  private readonly familyText: Map<string, string>;

  constructor(
    readonly data: CatalogData,
    descriptions?: Descriptions,
  ) {
    for (const name of Object.keys(data.archs)) this.archIndex.set(name, undefined);
    this.featureText = new Map(Object.entries(descriptions?.features ?? {}));
    this.familyText = new Map(Object.entries(descriptions?.families ?? {}));
  }

  get libvirtVersion(): string {
    return this.data.source.libvirtVersion;
  }

  /** cpu_map arch names present in the data, in file order. */
  get archs(): string[] {
    return [...this.archIndex.keys()];
  }

  /** The cpu_map arch for a domain arch (x86_64 → 'x86', aarch64 → 'arm', ppc64le → 'ppc64'); no arch means x86. */
  archOf(domainArch: string | undefined): string | undefined {
    if (domainArch === undefined) return 'x86';
    return Object.hasOwn(ARCH_OF, domainArch) ? ARCH_OF[domainArch] : undefined;
  }

  /** Exact, case-sensitive lookup (libvirt model names are case-sensitive). */
  getModel(arch: string, name: string): ModelData | undefined {
    return this.arch(arch).models.get(name);
  }

  getFeature(arch: string, name: string): FeatureData | undefined {
    return this.arch(arch).features.get(name);
  }

  getVendor(arch: string, name: string): VendorData | undefined {
    return this.arch(arch).vendors.get(name);
  }

  /** The feature another program's spelling stands for (`sse4_1`-style names libvirt rejects). */
  featureByAlias(arch: string, alias: string): FeatureData | undefined {
    return this.arch(arch).aliases.get(alias);
  }

  models(arch: string): readonly ModelData[] {
    return this.arch(arch).data.models;
  }

  features(arch: string): readonly FeatureData[] {
    return this.arch(arch).data.features;
  }

  vendors(arch: string): readonly VendorData[] {
    return this.arch(arch).data.vendors;
  }

  /** Models whose resolved feature list includes `feature`, in cpu_map order. */
  modelsWithFeature(arch: string, feature: string): ModelData[] {
    const idx = this.arch(arch);
    if (!idx.modelsByFeature) {
      const map = new Map<string, ModelData[]>();
      for (const m of idx.data.models) {
        for (const f of m.features) {
          const list = map.get(f);
          if (list) list.push(m);
          else map.set(f, [m]);
        }
      }
      idx.modelsByFeature = map;
    }
    return idx.modelsByFeature.get(feature)?.slice() ?? [];
  }

  /** Up to `max` model names close to `name` (case-insensitive match, then edit distance, then prefix). */
  suggestModels(arch: string, name: string, max = 3): string[] {
    return this.remembered(`m\0${arch}\0${max}\0${name}`, () => suggest(spellings(this.arch(arch)).modelNames, undefined, name, max));
  }

  /** Up to `max` feature names close to `name`; an alias spelling yields its feature. */
  suggestFeatures(arch: string, name: string, max = 3): string[] {
    return this.remembered(`f\0${arch}\0${max}\0${name}`, () => {
      const sp = spellings(this.arch(arch));
      return suggest(sp.featureNames, sp.aliasesLower, name, max);
    });
  }

  /** Suggestions already computed (the catalog never changes): a batch repeats its typos, an editor its keystrokes. */
  private readonly suggestions = new Map<string, string[]>();

  private remembered(key: string, compute: () => string[]): string[] {
    let hit = this.suggestions.get(key);
    if (!hit) {
      if (this.suggestions.size >= 2000) this.suggestions.clear();
      this.suggestions.set(key, (hit = compute()));
    }
    return hit.slice();
  }

  describeFeature(name: string): string | undefined {
    return this.featureText.get(name);
  }

  describeFamily(family: string): string | undefined {
    return this.familyText.get(family);
  }

  /** Where a feature lives, e.g. "CPUID leaf 0x7, sub-leaf 0, EBX bit 16" or "MSR 0x10a, EAX bit 0"; '' when cpu_map gives none. */
  formatFeatureLocation(f: FeatureData): string {
    const parts: string[] = [];
    for (const c of f.cpuid ?? []) {
      parts.push(`CPUID leaf ${hexAbove9(c.eaxIn)}, sub-leaf ${hexAbove9(c.ecxIn)}, ${c.reg.toUpperCase()} bit ${c.bit}`);
    }
    for (const m of f.msr ?? []) {
      parts.push(`MSR 0x${m.index.toString(16)}, ${m.reg.toUpperCase()} bit ${m.bit}`);
    }
    return parts.join('; ');
  }

  private arch(arch: string): ArchIndex {
    if (!this.archIndex.has(arch)) return EMPTY_INDEX;
    let index = this.archIndex.get(arch);
    if (!index) this.archIndex.set(arch, (index = indexArch(this.data.archs[arch])));
    return index;
  }
}

const nameIndexes = new WeakMap<readonly string[], NameIndex>();

/** Up to `max` names from `names` close to `query` (same ranking as the model and feature suggestions). */
export function suggestNames(names: readonly string[], query: string, max = 3): string[] {
  let idx = nameIndexes.get(names);
  if (!idx) {
    idx = nameIndex([...names]);
    nameIndexes.set(names, idx);
  }
  return suggest(idx, undefined, query, max);
}

/** Small numbers read the same in both bases (leaf 7); larger ones in hex, as CPU manuals write them (leaf 0x80000001). */
function hexAbove9(n: number): string {
  return n <= 9 ? String(n) : `0x${n.toString(16)}`;
}

/**
 * Merges description files (e.g. the JSON files under data/descriptions); a later
 * file wins on the same key. Non-string values are skipped.
 */
export function loadDescriptions(files: Array<Partial<Descriptions>>): Descriptions {
  const out: Descriptions = { features: Object.create(null), families: Object.create(null) };
  for (const file of files) {
    for (const kind of ['features', 'families'] as const) {
      const src = file[kind];
      if (!src || typeof src !== 'object') continue;
      for (const [k, v] of Object.entries(src)) if (typeof v === 'string') out[kind][k] = v;
    }
  }
  return out;
}

function indexArch(data: ArchData): ArchIndex {
  const models = new Map<string, ModelData>();
  for (const m of data.models) models.set(m.name, m);
  const features = new Map<string, FeatureData>();
  for (const f of data.features) features.set(f.name, f);
  const vendors = new Map<string, VendorData>();
  for (const v of data.vendors) vendors.set(v.name, v);
  const aliases = new Map<string, FeatureData>();
  for (const f of data.features) for (const a of f.aliases ?? []) if (!aliases.has(a.name)) aliases.set(a.name, f);
  return { data, models, features, vendors, aliases };
}

/** The spelling indexes of `idx`, made on first use (0.6 ms of a cold one-file run for x86). */
function spellings(idx: ArchIndex): Spellings {
  if (idx.spellings) return idx.spellings;
  const aliasesLower = new Map<string, string[]>();
  for (const f of idx.data.features) {
    for (const a of f.aliases ?? []) {
      const key = a.name.toLowerCase();
      const list = aliasesLower.get(key);
      if (!list) aliasesLower.set(key, [f.name]);
      else if (!list.includes(f.name)) list.push(f.name);
    }
  }
  return (idx.spellings = {
    aliasesLower,
    modelNames: nameIndex(idx.data.models.map((m) => m.name)),
    featureNames: nameIndex(idx.data.features.map((f) => f.name)),
  });
}

/** Lower case with '-', '_' and '.' made equal, so sse4_1, sse4-1 and sse4.1 compare as one spelling. */
function fold(lower: string): string {
  return lower.replace(/[_.]/g, '-');
}

function nameIndex(names: string[]): NameIndex {
  const lower = names.map((n) => n.toLowerCase());
  const byLower = new Map<string, string[]>();
  lower.forEach((l, i) => {
    const list = byLower.get(l);
    if (list) list.push(names[i]);
    else byLower.set(l, [names[i]]);
  });
  return { names, lower, folded: lower.map(fold), byLower };
}

interface Candidate {
  name: string;
  /** 0 case-insensitive match, 1 alias, 2 close spelling, 3 prefix/substring. */
  tier: number;
  score: number;
  prefix: boolean;
}

function suggest(index: NameIndex, aliases: Map<string, string[]> | undefined, query: string, max: number): string[] {
  if (max <= 0 || query.length === 0) return [];
  const q = query.toLowerCase();
  const qf = fold(q);
  const seen = new Set<string>();
  const found: Candidate[] = [];
  const add = (name: string, tier: number, score: number, prefix: boolean) => {
    if (seen.has(name)) return;
    seen.add(name);
    found.push({ name, tier, score, prefix });
  };
  for (const name of index.byLower.get(q) ?? []) add(name, 0, 0, true);
  for (const name of aliases?.get(q) ?? []) add(name, 1, 0, true);

  const limit = Math.max(1, Math.floor(qf.length / 3));
  for (let i = 0; i < index.names.length; i++) {
    const cand = index.folded[i];
    const prefix = cand.startsWith(qf);
    if (Math.abs(cand.length - qf.length) <= limit) {
      const d = editDistance(qf, cand, limit);
      if (d <= limit) {
        add(index.names[i], 2, d, prefix);
        continue;
      }
    }
    if (qf.length >= 3 && (prefix || (qf.length >= 4 && cand.includes(qf)))) {
      add(index.names[i], 3, cand.length - qf.length, prefix);
    }
  }
  found.sort(
    (a, b) =>
      a.tier - b.tier ||
      a.score - b.score ||
      Number(b.prefix) - Number(a.prefix) ||
      Math.abs(a.name.length - query.length) - Math.abs(b.name.length - query.length) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return found.slice(0, max).map((c) => c.name);
}
