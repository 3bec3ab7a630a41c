// Turns a libvirt cpu_map (the `cpu_map/` directory of libvirt 4.7+, or the single
// `cpu_map.xml` of older releases) into `CatalogData`, loading it the way libvirt does.
// Pure: files come through a reader callback, so this module never touches the disk.

import { XMLParser } from 'fast-xml-parser';
import type {
  ArchData,
  CatalogData,
  CpuidBit,
  FeatureAlias,
  FeatureData,
  ModelData,
  MsrBit,
  PvrData,
  Signature,
  VendorData,
} from './types';

/** Returns the text of a cpu_map file by bare name (`index.xml`, `x86_Haswell.xml`), or undefined when absent. */
export type CpuMapReader = (fileName: string) => string | undefined;

export interface CpuMapOptions {
  /** libvirt version the files belong to ("unknown" when not known). */
  libvirtVersion: string;
  /** Human-readable origin recorded in `source.origin`. */
  origin: string;
  /** Check every file for well-formedness before reading it (default true; adds roughly half again to the load time). */
  validate?: boolean;
}

/** A cpu_map that libvirt itself would refuse to load; the message names the file. */
export class CpuMapError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'CpuMapError';
  }
}

/** The split layout's entry point and the old single file, tried in this order. */
export const INDEX_FILE = 'index.xml';
export const SINGLE_FILE = 'cpu_map.xml';
/** Optional x86 feature spellings used by libcpuinfo, shipped next to index.xml in libvirt's source tree. */
export const LIBCPUINFO_FILE = 'libcpuinfo_aliases.xml';

/**
 * Loads a whole cpu_map through `read`: `index.xml` and its includes, or `cpu_map.xml`
 * when there is no index. Throws `CpuMapError` on anything libvirt would reject
 * (missing include, malformed XML, duplicate names, unknown ancestor, vendor or feature).
 */
export function parseCpuMap(read: CpuMapReader, options: CpuMapOptions): CatalogData {
  const loader = new Loader(read, options.validate ?? true);
  let indexFile = INDEX_FILE;
  let text = read(INDEX_FILE);
  if (text === undefined) {
    indexFile = SINGLE_FILE;
    text = read(SINGLE_FILE);
  }
  if (text === undefined) {
    throw new CpuMapError(INDEX_FILE, `neither ${INDEX_FILE} nor ${SINGLE_FILE} was found`);
  }
  const root = loader.parse(indexFile, text);
  const archs = new Map<string, ArchData>();
  for (const archEl of elementChildren(root)) {
    if (tagOf(archEl) !== 'arch') continue;
    const name = attr(archEl, 'name');
    if (name === undefined) throw new CpuMapError(indexFile, 'an <arch> element has no name');
    // libvirt selects the first <arch name='…'> only; later duplicates are never read.
    if (archs.has(name)) continue;
    const arch = new ArchLoader(name);
    arch.loadData(indexFile, archEl);
    for (const child of elementChildren(archEl)) {
      const tag = tagOf(child);
      if (tag === 'include') {
        loader.include(arch, indexFile, child);
      } else if (tag === 'group' && attr(child, 'name') !== undefined) {
        for (const inc of elementChildren(child)) {
          if (tagOf(inc) === 'include') loader.include(arch, indexFile, inc);
        }
      }
    }
    if (name === 'x86' && indexFile === INDEX_FILE) {
      const aliases = read(LIBCPUINFO_FILE);
      if (aliases !== undefined) arch.addLibcpuinfoAliases(loader.parse(LIBCPUINFO_FILE, aliases));
    }
    archs.set(name, arch.finish());
  }
  // fromEntries defines plain own properties, whatever the arch is called.
  return { source: { libvirtVersion: options.libvirtVersion, origin: options.origin }, archs: Object.fromEntries(archs) };
}

const VARIANT_SUFFIXES = new Set(['IBRS', 'IBPB', 'noTSX']);

/**
 * The family a model name belongs to: drops a trailing `-vN`, then trailing
 * mitigation variants (`-IBRS`, `-IBPB`, `-noTSX`), keeping `-Client`/`-Server`
 * and every other part of the name ("Skylake-Client-noTSX-IBRS" → "Skylake-Client").
 */
export function modelFamily(name: string): string {
  const parts = name.split('-');
  if (parts.length > 1 && /^v\d+$/.test(parts[parts.length - 1])) parts.pop();
  while (parts.length > 1 && VARIANT_SUFFIXES.has(parts[parts.length - 1])) parts.pop();
  return parts.join('-');
}

/** N for a versioned model name ending in `-vN`, otherwise undefined. */
export function modelVersion(name: string): number | undefined {
  const m = /-v(\d+)$/.exec(name);
  return m && m.index > 0 ? Number(m[1]) : undefined;
}

// ---------------------------------------------------------------------------
// XML access over fast-xml-parser's order-preserving output: each node is an
// object with one key (the tag name, mapping to the child list) plus ':@' for
// attributes. Order matters for <include>/<group> interleaving in index.xml.

type XNode = Record<string, unknown>;

const ATTRS = ':@';

function tagOf(node: XNode): string {
  for (const key in node) if (key !== ATTRS) return key;
  return '';
}

function isElement(node: XNode): boolean {
  const tag = tagOf(node);
  return tag !== '' && tag[0] !== '#' && tag[0] !== '?';
}

function elementChildren(node: XNode): XNode[] {
  const list = node[tagOf(node)];
  if (!Array.isArray(list)) return [];
  const out: XNode[] = [];
  for (const child of list as XNode[]) if (isElement(child)) out.push(child);
  return out;
}

function attr(node: XNode, name: string): string | undefined {
  const attrs = node[ATTRS] as Record<string, unknown> | undefined;
  if (!attrs || !Object.hasOwn(attrs, name)) return undefined;
  const v = attrs[name];
  return typeof v === 'string' ? v : undefined;
}

/** Concatenated text directly inside `node` (used by libcpuinfo's element-style file). */
function textOf(node: XNode): string {
  const list = node[tagOf(node)];
  if (!Array.isArray(list)) return '';
  let s = '';
  for (const child of list as XNode[]) {
    const t = child['#text'];
    if (typeof t === 'string') s += t;
  }
  return s.trim();
}

const parserOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  preserveOrder: true,
  jPath: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
};

/** Reads files through the reader and parses them with one shared parser, naming the file in every error. */
class Loader {
  private readonly parser = new XMLParser(parserOptions);

  constructor(
    private readonly read: CpuMapReader,
    private readonly validate: boolean,
  ) {}

  /** Parses `text` and returns its root element. */
  parse(file: string, text: string): XNode {
    let doc: unknown;
    try {
      doc = this.parser.parse(text, this.validate);
    } catch (e) {
      throw new CpuMapError(file, `malformed XML: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (Array.isArray(doc)) {
      for (const node of doc as XNode[]) if (isElement(node)) return node;
    }
    throw new CpuMapError(file, 'no root element');
  }

  include(arch: ArchLoader, indexFile: string, inc: XNode): void {
    const fileName = attr(inc, 'filename');
    if (fileName === undefined) throw new CpuMapError(indexFile, "Missing 'filename' in CPU map include");
    const text = this.read(fileName);
    if (text === undefined) throw new CpuMapError(indexFile, `cannot find CPU map include '${fileName}'`);
    arch.loadData(fileName, this.parse(fileName, text));
  }
}

// ---------------------------------------------------------------------------
// One architecture, loaded in libvirt's order: each file's vendors, then its
// features, then its models; a model may only name what is already loaded.

interface ModelState {
  name: string;
  vendor?: string;
  signatures?: Signature[];
  pvrs: PvrData[];
  features: Set<string>;
  removed: string[];
  added: string[];
  ancestor?: string;
  canonical?: string;
  aliasOf?: string;
  decodeHost?: boolean;
  decodeGuest?: boolean;
  checkPartialCompat: boolean;
}

const CPUID_REGS = ['eax', 'ebx', 'ecx', 'edx'] as const;
const MSR_REGS = ['eax', 'edx'] as const;

class ArchLoader {
  private readonly vendors = new Map<string, VendorData>();
  private readonly features = new Map<string, FeatureData>();
  private readonly models = new Map<string, ModelState>();
  private readonly x86: boolean;

  constructor(readonly name: string) {
    this.x86 = name === 'x86';
  }

  loadData(file: string, node: XNode): void {
    const kids = elementChildren(node);
    for (const tag of ['vendor', 'feature', 'model'] as const) {
      for (const el of kids) {
        if (tagOf(el) !== tag) continue;
        const name = attr(el, 'name');
        if (name === undefined) throw new CpuMapError(file, `cannot find ${tag} name in CPU map '${file}'`);
        if (tag === 'vendor') this.vendor(file, el, name);
        else if (tag === 'feature') this.feature(file, el, name);
        else this.model(file, el, name);
      }
    }
  }

  private vendor(file: string, el: XNode, name: string): void {
    if (this.vendors.has(name)) throw new CpuMapError(file, `CPU vendor ${name} already defined`);
    const v: VendorData = { name };
    const str = attr(el, 'string');
    const value = attr(el, 'value');
    if (this.x86) {
      if (str === undefined) throw new CpuMapError(file, `Missing vendor string for CPU vendor ${name}`);
      if (str.length !== 12) throw new CpuMapError(file, `Invalid CPU vendor string '${str}'`);
    }
    if (this.name === 'arm') {
      if (value === undefined || parseUInt(value, 16) === undefined) {
        throw new CpuMapError(file, `Invalid or missing value for CPU vendor ${name}`);
      }
      for (const other of this.vendors.values()) {
        if (other.value !== undefined && parseUInt(other.value, 16) === parseUInt(value, 16)) {
          throw new CpuMapError(file, `CPU vendor value ${value} already defined`);
        }
      }
    }
    if (str !== undefined) v.string = str;
    if (value !== undefined) v.value = value;
    this.vendors.set(name, v);
  }

  private feature(file: string, el: XNode, name: string): void {
    if (this.features.has(name)) throw new CpuMapError(file, `CPU feature ${name} already defined`);
    const kids = elementChildren(el);
    if (this.x86 && kids.length === 0) throw new CpuMapError(file, `no x86 CPU data found for CPU feature ${name}`);
    const cpuid: CpuidBit[] = [];
    const msr: MsrBit[] = [];
    const aliases: FeatureAlias[] = [];
    let item = 0;
    for (const kid of kids) {
      const tag = tagOf(kid);
      if (tag === 'alias') {
        const alias = attr(kid, 'name');
        if (alias !== undefined && !aliases.some((a) => a.name === alias)) {
          aliases.push({ name: alias, source: attr(kid, 'source') ?? 'unknown' });
        }
        continue;
      }
      // Like libvirt, anything that is neither <alias> nor <cpuid> is read as an <msr>.
      const where = `${tag === 'cpuid' ? 'cpuid' : 'msr'}[${item}] of CPU feature ${name}`;
      if (tag === 'cpuid') {
        // Before libvirt 4.x the leaf was written function='…'.
        const eaxIn = num(file, where, kid, attr(kid, 'eax_in') !== undefined ? 'eax_in' : 'function', true)!;
        const ecxIn = num(file, where, kid, 'ecx_in', false) ?? 0;
        for (const reg of CPUID_REGS) {
          const mask = num(file, where, kid, reg, false);
          if (mask !== undefined) for (const bit of bitsOf(mask)) cpuid.push({ eaxIn, ecxIn, reg, bit });
        }
      } else {
        const index = num(file, where, kid, 'index', true)!;
        const masks = { eax: num(file, where, kid, 'eax', true)!, edx: num(file, where, kid, 'edx', true)! };
        for (const reg of MSR_REGS) for (const bit of bitsOf(masks[reg])) msr.push({ index, reg, bit });
      }
      item++;
    }
    const f: FeatureData = { name };
    if (attr(el, 'migratable') === 'no') f.migratable = false;
    if (cpuid.length) f.cpuid = cpuid;
    if (msr.length) f.msr = msr;
    if (aliases.length) f.aliases = aliases;
    this.features.set(name, f);
  }

  private model(file: string, el: XNode, name: string): void {
    if (this.models.has(name)) {
      throw new CpuMapError(
        file,
        this.x86 ? `Multiple definitions of CPU model '${name}'` : `CPU model ${name} already defined`,
      );
    }
    const m: ModelState = { name, pvrs: [], features: new Set(), removed: [], added: [], checkPartialCompat: false };
    let changed = false;
    // One pass over the children, grouped by tag (models list a hundred features or more).
    const byTag = new Map<string, XNode[]>();
    for (const kid of elementChildren(el)) {
      const tag = tagOf(kid);
      const list = byTag.get(tag);
      if (list) list.push(kid);
      else byTag.set(tag, [kid]);
    }
    const childrenNamed = (tag: string): XNode[] => byTag.get(tag) ?? [];

    const check = childrenNamed('check')[0];
    if (check) {
      const partial = attr(check, 'partial');
      if (partial === undefined) throw new CpuMapError(file, `Missing check/@partial in CPU model ${name}`);
      if (partial !== 'compat') {
        throw new CpuMapError(file, `Invalid check/@partial value '${partial}' in CPU model ${name}`);
      }
      m.checkPartialCompat = true;
    }

    const decode = childrenNamed('decode')[0];
    if (decode) {
      m.decodeHost = onOff(file, name, decode, 'host');
      m.decodeGuest = onOff(file, name, decode, 'guest');
    }

    const ancestorEl = childrenNamed('model')[0];
    if (ancestorEl) {
      const ancestorName = attr(ancestorEl, 'name');
      if (ancestorName === undefined) throw new CpuMapError(file, `Missing ancestor's name in CPU model ${name}`);
      const ancestor = this.models.get(ancestorName);
      if (!ancestor) {
        throw new CpuMapError(file, `Ancestor model ${ancestorName} not found for CPU model ${name}`);
      }
      m.ancestor = ancestorName;
      m.vendor = ancestor.vendor;
      if (ancestor.signatures) m.signatures = ancestor.signatures.map((s) => ({ ...s }));
      m.features = new Set(ancestor.features);
      for (const r of ancestor.removed) m.features.delete(r);
    }

    const sigEls = childrenNamed('signature');
    if (sigEls.length) {
      m.signatures = sigEls.map((s) => {
        const family = parseUInt(attr(s, 'family') ?? '', 10);
        if (family === undefined || family === 0) {
          throw new CpuMapError(file, `Invalid CPU signature family in model ${name}`);
        }
        const model = parseUInt(attr(s, 'model') ?? '', 10);
        if (model === undefined) throw new CpuMapError(file, `Invalid CPU signature model in model ${name}`);
        const sig: Signature = { family, model };
        const stepping = attr(s, 'stepping');
        if (stepping !== undefined) {
          if (!/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/.test(stepping)) {
            throw new CpuMapError(file, `Invalid CPU signature stepping '${stepping}' in model ${name}`);
          }
          sig.stepping = stepping;
        }
        return sig;
      });
      changed = true;
    }

    const vendorEl = childrenNamed('vendor')[0];
    if (vendorEl) {
      const vendor = attr(vendorEl, 'name');
      if (vendor === undefined) throw new CpuMapError(file, `Invalid vendor element in CPU model ${name}`);
      if (!this.vendors.has(vendor)) {
        throw new CpuMapError(file, `Unknown vendor ${vendor} referenced by CPU model ${name}`);
      }
      m.vendor = vendor;
      changed = true;
    }

    const featureEls = childrenNamed('feature');
    for (const fe of featureEls) {
      const fname = attr(fe, 'name');
      if (fname === undefined) throw new CpuMapError(file, `Missing feature name for CPU model ${name}`);
      if (!this.features.has(fname)) {
        throw new CpuMapError(file, `Feature ${fname} required by CPU model ${name} not found`);
      }
      if (yesNo(file, fe, 'removed')) m.removed.push(fname);
      else if (yesNo(file, fe, 'added')) m.added.push(fname);
      else m.features.add(fname);
    }
    if (featureEls.length) changed = true;

    for (const p of childrenNamed('pvr')) {
      const value = attr(p, 'value');
      if (value === undefined || parseUInt(value, 16) === undefined) {
        throw new CpuMapError(file, `Invalid or missing PVR value in CPU model ${name}`);
      }
      const mask = attr(p, 'mask');
      m.pvrs.push(mask === undefined ? { value } : { value, mask });
    }
    if (m.pvrs.length === 0 && (this.name === 'arm' || this.name === 'ppc64')) {
      throw new CpuMapError(file, `Missing PVR information for CPU model ${name}`);
    }

    // A model that only names an ancestor becomes that ancestor's canonical name.
    if (m.ancestor !== undefined && !changed) {
      const ancestor = this.models.get(m.ancestor)!;
      if (ancestor.canonical !== undefined) {
        throw new CpuMapError(
          file,
          `Cannot set CPU model '${name}' as canonical name of '${ancestor.name}' which is already an alias of '${ancestor.canonical}'`,
        );
      }
      ancestor.canonical = name;
      m.aliasOf = ancestor.name;
    }
    this.models.set(name, m);
  }

  /** Records libcpuinfo's spellings as 'linux' aliases; in that file <name> is libvirt's, <canonical> libcpuinfo's. */
  addLibcpuinfoAliases(root: XNode): void {
    for (const ext of elementChildren(root)) {
      if (tagOf(ext) !== 'external_alias') continue;
      const fields: Record<string, string> = Object.create(null);
      for (const c of elementChildren(ext)) fields[tagOf(c)] = textOf(c);
      if ((fields.type ?? 'feature') !== 'feature' || (fields.domain ?? 'libvirt') !== 'libvirt') continue;
      const feature = fields.name !== undefined ? this.features.get(fields.name) : undefined;
      const other = fields.canonical;
      if (!feature || !other || other === feature.name) continue;
      const aliases = (feature.aliases ??= []);
      if (!aliases.some((a) => a.name === other && a.source === 'linux')) aliases.push({ name: other, source: 'linux' });
    }
  }

  finish(): ArchData {
    const models: ModelData[] = [];
    for (const m of this.models.values()) {
      // Built key by key so the JSON reads name first and the long feature list last.
      const out = { name: m.name, family: modelFamily(m.name) } as ModelData;
      const version = modelVersion(m.name);
      if (version !== undefined) out.version = version;
      if (m.vendor !== undefined) out.vendor = m.vendor;
      if (m.signatures?.length) out.signatures = m.signatures;
      if (m.pvrs.length) {
        out.pvr = m.pvrs[0].value;
        if (m.pvrs.length > 1 || m.pvrs[0].mask !== undefined) out.pvrs = m.pvrs;
      }
      if (m.ancestor !== undefined) out.ancestor = m.ancestor;
      if (m.aliasOf !== undefined) out.aliasOf = m.aliasOf;
      if (m.canonical !== undefined) out.canonical = m.canonical;
      if (m.decodeHost !== undefined) out.decodeHost = m.decodeHost;
      if (m.decodeGuest !== undefined) out.decodeGuest = m.decodeGuest;
      if (m.checkPartialCompat) out.checkPartialCompat = true;
      if (m.removed.length) out.removed = m.removed;
      if (m.added.length) out.added = m.added;
      out.features = [...m.features].sort(compareCodeUnits);
      models.push(out);
    }
    return { vendors: [...this.vendors.values()], features: [...this.features.values()], models };
  }
}

/** Locale-independent ordering, so the generated file is the same everywhere. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Parses an unsigned 32-bit number the way libvirt's virStrToLong_ui does:
 * base 0 means C conventions (0x… hex, leading 0 octal, else decimal).
 */
export function parseUInt(text: string, base: 0 | 10 | 16): number | undefined {
  const s = text.trim();
  let value: number;
  if (base === 16) {
    if (!/^(0[xX])?[0-9a-fA-F]+$/.test(s)) return undefined;
    value = parseInt(s.replace(/^0[xX]/, ''), 16);
  } else if (base === 10 || !/^0/.test(s)) {
    if (!/^[0-9]+$/.test(s)) return undefined;
    value = parseInt(s, 10);
  } else if (/^0[xX][0-9a-fA-F]+$/.test(s)) {
    value = parseInt(s.slice(2), 16);
  } else if (/^0[0-7]*$/.test(s)) {
    value = parseInt(s, 8);
  } else {
    return undefined;
  }
  return value <= 0xffffffff ? value : undefined;
}

function num(file: string, where: string, el: XNode, name: string, required: boolean): number | undefined {
  const text = attr(el, name);
  if (text === undefined) {
    if (required) throw new CpuMapError(file, `Invalid ${where}: missing '${name}'`);
    return undefined;
  }
  const value = parseUInt(text, 0);
  if (value === undefined) throw new CpuMapError(file, `Invalid ${where}: bad ${name}='${text}'`);
  return value;
}

function bitsOf(mask: number): number[] {
  const bits: number[] = [];
  for (let bit = 0; bit < 32; bit++) if ((mask >>> bit) & 1) bits.push(bit);
  return bits;
}

function onOff(file: string, model: string, el: XNode, name: string): boolean {
  const v = attr(el, name);
  if (v === 'on') return true;
  if (v === 'off') return false;
  throw new CpuMapError(
    file,
    v === undefined
      ? `Missing required attribute '${name}' in element 'decode' of CPU model ${model}`
      : `Invalid value for attribute '${name}' in element 'decode': '${v}'. Expected 'on' or 'off'`,
  );
}

function yesNo(file: string, el: XNode, name: string): boolean {
  const v = attr(el, name);
  if (v === undefined || v === 'no') return false;
  if (v === 'yes') return true;
  throw new CpuMapError(file, `Invalid value for attribute '${name}' in element 'feature': '${v}'. Expected 'yes' or 'no'`);
}

/**
 * Serializes catalog data deterministically: one vendor, feature or model per line,
 * so regenerating against a new libvirt gives a readable diff. Ends with a newline.
 */
export function formatCatalogJson(data: CatalogData): string {
  const lines: string[] = ['{', `  "source": ${JSON.stringify(data.source)},`, '  "archs": {'];
  const archNames = Object.keys(data.archs);
  archNames.forEach((name, ai) => {
    const arch = data.archs[name];
    lines.push(`    ${JSON.stringify(name)}: {`);
    const lists = [
      ['vendors', arch.vendors],
      ['features', arch.features],
      ['models', arch.models],
    ] as const;
    lists.forEach(([key, items], li) => {
      const close = li < lists.length - 1 ? ',' : '';
      if (items.length === 0) {
        lines.push(`      "${key}": []${close}`);
        return;
      }
      lines.push(`      "${key}": [`);
      items.forEach((item, i) => lines.push(`        ${JSON.stringify(item)}${i < items.length - 1 ? ',' : ''}`));
      lines.push(`      ]${close}`);
    });
    lines.push(`    }${ai < archNames.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}
