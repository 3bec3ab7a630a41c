// x86 CPU data as libvirt's CPU driver sees it, built once per catalog: every
// cpu_map feature is one CPUID or MSR bit, so a CPU's data is a bit set over
// feature indexes (cpu_map order), and each model carries its resolved set.

import type { Catalog } from '../catalog/catalog';
import type { FeatureData, ModelData, VendorData } from '../catalog/types';

/** A set of feature indexes (cpu_map order) stored as 32-bit words. */
export class FeatureSet {
  readonly words: Uint32Array;

  constructor(width: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array(width);
  }

  static of(width: number, indexes: Iterable<number>): FeatureSet {
    const s = new FeatureSet(width);
    for (const i of indexes) s.add(i);
    return s;
  }

  clone(): FeatureSet {
    return new FeatureSet(this.words.length, this.words.slice());
  }

  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    this.words[i >>> 5] |= 1 << (i & 31);
  }

  delete(i: number): void {
    this.words[i >>> 5] &= ~(1 << (i & 31));
  }

  /** this ∪= other */
  addAll(other: FeatureSet): this {
    for (let w = 0; w < this.words.length; w++) this.words[w] |= other.words[w];
    return this;
  }

  /** this −= other */
  subtract(other: FeatureSet): this {
    for (let w = 0; w < this.words.length; w++) this.words[w] &= ~other.words[w];
    return this;
  }

  /** this ∩= other */
  intersect(other: FeatureSet): this {
    for (let w = 0; w < this.words.length; w++) this.words[w] &= other.words[w];
    return this;
  }

  isEmpty(): boolean {
    for (let w = 0; w < this.words.length; w++) if (this.words[w] !== 0) return false;
    return true;
  }

  /** Every member of this is in `other`. */
  isSubsetOf(other: FeatureSet): boolean {
    for (let w = 0; w < this.words.length; w++) if ((this.words[w] & ~other.words[w]) !== 0) return false;
    return true;
  }

  equals(other: FeatureSet): boolean {
    for (let w = 0; w < this.words.length; w++) if (this.words[w] !== other.words[w]) return false;
    return true;
  }

  /** Members in ascending order, i.e. in cpu_map order. */
  indexes(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.words.length; w++) {
      let bits = this.words[w];
      while (bits !== 0) {
        const low = bits & -bits;
        out.push(w * 32 + 31 - Math.clz32(low));
        bits ^= low;
      }
    }
    return out;
  }
}

export interface X86Signature {
  family: number;
  model: number;
  /** Steppings allowed (undefined: any). */
  steppings: Set<number> | undefined;
}

export interface X86Model {
  name: string;
  vendor: string | undefined;
  /** CPUID/MSR data of the model (its resolved features). */
  data: FeatureSet;
  /** Features the model file marks removed='yes' (own file only, file order). */
  removed: string[];
  signatures: X86Signature[];
  decodeHost: boolean;
  decodeGuest: boolean;
  /** `<check partial='compat'/>`. */
  compatCheck: boolean;
  source: ModelData;
}

export interface X86Vendor {
  name: string;
  /** CPUID leaf 0 ebx, edx, ecx of the 12-character vendor string. */
  ebx: number;
  edx: number;
  ecx: number;
}

/** libvirt's x86 CPU map in set form. */
export interface X86Map {
  width: number;
  features: readonly FeatureData[];
  featureIndex: ReadonlyMap<string, number>;
  /** In cpu_map order (oldest first). */
  models: readonly X86Model[];
  modelByName: ReadonlyMap<string, X86Model>;
  vendors: readonly X86Vendor[];
  vendorByName: ReadonlyMap<string, X86Vendor>;
  /** Features marked migratable='no'. */
  migrationBlockers: ReadonlySet<string>;
  /** "leaf:subleaf:reg:bit" or "msr:index:reg:bit" → feature index, for raw CPUID data. */
  bitIndex: ReadonlyMap<string, number>;
  libvirtVersion: string;
}

export function cpuidKey(eaxIn: number, ecxIn: number, reg: string, bit: number): string {
  return `${eaxIn >>> 0}:${ecxIn >>> 0}:${reg}:${bit}`;
}

export function msrKey(index: number, reg: string, bit: number): string {
  return `msr:${index >>> 0}:${reg}:${bit}`;
}

const cache = new WeakMap<Catalog, X86Map>();

/** The x86 map of `catalog` (built on first use, then cached per catalog). */
export function x86Map(catalog: Catalog): X86Map {
  let map = cache.get(catalog);
  if (!map) {
    map = buildMap(catalog);
    cache.set(catalog, map);
  }
  return map;
}

function buildMap(catalog: Catalog): X86Map {
  const features = catalog.features('x86');
  const width = Math.max(1, Math.ceil(features.length / 32));
  const featureIndex = new Map<string, number>();
  const bitIndex = new Map<string, number>();
  features.forEach((f, i) => {
    featureIndex.set(f.name, i);
    for (const c of f.cpuid ?? []) bitIndex.set(cpuidKey(c.eaxIn, c.ecxIn, c.reg, c.bit), i);
    for (const m of f.msr ?? []) bitIndex.set(msrKey(m.index, m.reg, m.bit), i);
  });
  const models = catalog.models('x86').map((m): X86Model => {
    const data = new FeatureSet(width);
    for (const f of m.features) {
      const i = featureIndex.get(f);
      if (i !== undefined) data.add(i);
    }
    return {
      name: m.name,
      vendor: m.vendor,
      data,
      removed: m.removed ?? [],
      signatures: (m.signatures ?? []).map((s) => ({
        family: s.family,
        model: s.model,
        steppings: s.stepping === undefined ? undefined : parseBitmap(s.stepping, 16),
      })),
      decodeHost: m.decodeHost === true,
      decodeGuest: m.decodeGuest === true,
      compatCheck: m.checkPartialCompat === true,
      source: m,
    };
  });
  const vendors = catalog.vendors('x86').filter((v): v is VendorData & { string: string } => v.string?.length === 12).map(vendorData);
  return {
    width,
    features,
    featureIndex,
    models,
    modelByName: new Map(models.map((m) => [m.name, m])),
    vendors,
    vendorByName: new Map(vendors.map((v) => [v.name, v])),
    migrationBlockers: new Set(features.filter((f) => f.migratable === false).map((f) => f.name)),
    bitIndex,
    libvirtVersion: catalog.libvirtVersion,
  };
}

function vendorData(v: VendorData & { string: string }): X86Vendor {
  const word = (s: string) => (s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24)) >>> 0;
  return { name: v.name, ebx: word(v.string.slice(0, 4)), edx: word(v.string.slice(4, 8)), ecx: word(v.string.slice(8, 12)) };
}

/**
 * A bitmap list as libvirt writes it ("0-3,5", "^2" excludes), limited to
 * `size` bits; undefined for malformed text (treated as "any").
 */
export function parseBitmap(text: string, size: number): Set<number> | undefined {
  const out = new Set<number>();
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const neg = part.startsWith('^');
    const m = /^(\d+)(?:-(\d+))?$/.exec(neg ? part.slice(1) : part);
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo || hi >= size || (neg && m[2] !== undefined)) return undefined;
    for (let i = lo; i <= hi; i++) {
      if (neg) out.delete(i);
      else out.add(i);
    }
  }
  return out;
}

/** Feature names of `set`, in cpu_map order. */
export function featureNames(map: X86Map, set: FeatureSet): string[] {
  return set.indexes().map((i) => map.features[i].name);
}

/** Family, model and stepping of a CPUID leaf 1 EAX signature. */
export function splitSignature(sig: number): { family: number; model: number; stepping: number } {
  return {
    family: ((sig >>> 20) & 0xff) + ((sig >>> 8) & 0xf),
    model: ((sig >>> 12) & 0xf0) + ((sig >>> 4) & 0xf),
    stepping: sig & 0xf,
  };
}

/** Whether any of `sigs` matches the CPUID signature `sig`. */
export function signaturesMatch(sigs: readonly X86Signature[], sig: number): boolean {
  const { family, model, stepping } = splitSignature(sig);
  return sigs.some((s) => s.family === family && s.model === model && (s.steppings === undefined || s.steppings.has(stepping)));
}
