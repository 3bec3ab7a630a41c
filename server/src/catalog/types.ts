// The CPU catalog's data format: what `data/generate.ts` writes to
// `data/catalog.json` and what the runtime loader builds from a host's cpu_map.
// Plain JSON-compatible objects; the `Catalog` class adds lookups on top.

/** One bit of CPUID output: leaf `eaxIn`, sub-leaf `ecxIn`, register and bit number. */
export interface CpuidBit {
  eaxIn: number;
  ecxIn: number;
  reg: 'eax' | 'ebx' | 'ecx' | 'edx';
  bit: number;
}

/** One bit of a model-specific register: MSR `index`, 32-bit half (`eax` low, `edx` high) and bit. */
export interface MsrBit {
  index: number;
  reg: 'eax' | 'edx';
  bit: number;
}

export interface FeatureAlias {
  name: string;
  /** Who spells it this way: 'qemu' (cpu_map's own aliases) or 'linux' (/proc/cpuinfo, libcpuinfo). */
  source: string;
}

export interface FeatureData {
  name: string;
  /** CPUID bits (x86). A feature normally has exactly one bit. */
  cpuid?: CpuidBit[];
  /** MSR bits (x86). */
  msr?: MsrBit[];
  /** Other spellings; libvirt rejects them in a domain XML. */
  aliases?: FeatureAlias[];
  /** false when cpu_map marks the feature `migratable='no'` (e.g. invtsc). */
  migratable?: false;
}

export interface Signature {
  family: number;
  model: number;
  /** Stepping list as cpu_map writes it, e.g. "5-7" (absent: any stepping). */
  stepping?: string;
}

/** One `<pvr value mask>` entry (ppc64 lists several, each with a mask). */
export interface PvrData {
  value: string;
  mask?: string;
}

export interface ModelData {
  name: string;
  vendor?: string;
  /** x86 family/model signatures (inherited from the ancestor when not listed). */
  signatures?: Signature[];
  /** ppc64/arm processor version register value (hex string as in cpu_map). */
  pvr?: string;
  /** Every `<pvr>` entry with its mask, when there is more than one or a mask is given (ppc64). */
  pvrs?: PvrData[];
  /** Fully resolved feature list, sorted, following `ancestor` chains minus removed features. */
  features: string[];
  /** Features marked `removed='yes'`: libvirt explicitly disables them for a new guest. */
  removed?: string[];
  /** Features marked `added='yes'`: QEMU always enabled them; tolerated by comparisons. */
  added?: string[];
  /** The model this one is built on (`<model name=…/>` inside the model). */
  ancestor?: string;
  /** Set on an unversioned name whose canonical name is a pure-alias `-vN` model (Broadwell → Broadwell-v1). */
  canonical?: string;
  /** Set on a pure-alias `-vN` model: the name it aliases (Broadwell-v1 → Broadwell). */
  aliasOf?: string;
  /** Family name shared by all versions and variants (Skylake-Client-IBRS → Skylake-Client). */
  family: string;
  /** Version number for `-vN` models. */
  version?: number;
  /** `<decode host guest>` flags (x86). */
  decodeHost?: boolean;
  decodeGuest?: boolean;
  /** `<check partial='compat'/>` present. */
  checkPartialCompat?: boolean;
}

export interface VendorData {
  name: string;
  /** x86 12-character CPUID vendor string (GenuineIntel). */
  string?: string;
  /** arm implementer id (hex string). */
  value?: string;
}

export interface ArchData {
  vendors: VendorData[];
  /** In cpu_map order. */
  features: FeatureData[];
  /** In cpu_map (index.xml include) order, oldest generations first. */
  models: ModelData[];
}

export interface CatalogData {
  /** Where the data came from. */
  source: {
    /** libvirt version, e.g. "11.3.0" (from the source tree or the installed package; "unknown" if not found). */
    libvirtVersion: string;
    /** Human-readable origin, e.g. "libvirt 11.3.0 source, src/cpu_map" or "/usr/share/libvirt/cpu_map". */
    origin: string;
    /**
     * Digest of the cpu_map's XML files (see hostCpuMap.cpuMapFingerprint): a host
     * cpu_map with the same digest holds the same data, so the bundled JSON is reused.
     */
    fingerprint?: string;
  };
  /** Keyed by cpu_map arch name: 'x86', 'arm', 'ppc64'. */
  archs: Record<string, ArchData>;
}

/** Hand-written prose (data/descriptions.json), keyed by feature name and by model family. */
export interface Descriptions {
  features: Record<string, string>;
  families: Record<string, string>;
}
