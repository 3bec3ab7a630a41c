// The CPU area of a libvirt domain as plain data: every element, attribute and
// enumerated value, with a one-line description and the libvirt version that
// added it. The structure (attributes, children, enumerations, required,
// repeatable, bounds, datatypes) is libvirt's grammar (data/grammar.json, read
// through schema/outline.ts); the prose, versions, defaults and parser notes
// are ours (cpuAreaNotes.ts). Each element is put together on first lookup.

import { bundledGrammar } from '../schema/bundled';
import { integerRange, outlineAt, type ValueOutline } from '../schema/outline';
import { cpuAreaNotes, type ElementNote, type NoteKind } from './cpuAreaNotes';

export type ValueKind =
  | 'enum'
  | 'uint'
  | 'int'
  | 'ullong'
  | 'llong'
  | 'cpuset'
  | 'yesno'
  | 'onoff'
  | 'scaledInteger'
  | 'unit'
  | 'text'
  | 'modelName'
  | 'featureName'
  | 'vendorName';

export interface ValueSpec {
  value: string;
  doc: string;
  since?: string;
}

export interface AttributeSpec {
  name: string;
  doc: string;
  kind: ValueKind;
  /** The allowed values, for 'enum', 'yesno' and 'onoff'. */
  values?: ValueSpec[];
  /** The schema requires it (the C parser may still accept its absence: see `parserDiffers`). */
  required?: boolean;
  since?: string;
  /** The attribute was required before this version (leaving it out needs at least this libvirt). */
  optionalSince?: string;
  /** Inclusive bounds the schema's datatype states (a side beyond a safe JS integer is left out). */
  min?: number;
  max?: number;
  /** What libvirt uses when the attribute is absent. */
  default?: string;
  /** Where libvirt's C parser is looser or stricter than the schema, one line. */
  parserDiffers?: string;
}

export interface ElementSpec {
  name: string;
  doc: string;
  since?: string;
  attributes: AttributeSpec[];
  /** Names of the child elements the schema allows (each described one has its own entry at `path/name`). */
  children: string[];
  /** Text content, if the element has any. */
  text?: { kind: ValueKind; doc?: string; min?: number; max?: number };
  /** May occur more than once under its parent. */
  repeatable?: boolean;
  /** The schema requires it under its parent. */
  required?: boolean;
  /** Only part of the element's content is described here (the `<domain>` root). */
  partial?: boolean;
  parserDiffers?: string;
}

// ---------------------------------------------------------------------------
// Grammar and notes joined

const integerKinds: Readonly<Record<string, ValueKind>> = {
  unsignedInt: 'uint',
  unsignedShort: 'uint',
  unsignedByte: 'uint',
  positiveInteger: 'uint',
  nonNegativeInteger: 'uint',
  unsignedLong: 'ullong',
  long: 'llong',
  int: 'int',
  short: 'int',
  byte: 'int',
};

/** Grammar defines that name a value shape of their own. */
const defineKinds: Readonly<Record<string, ValueKind>> = {
  cpuset: 'cpuset',
  unit: 'unit',
  featureName: 'featureName',
  memoryKB: 'scaledInteger',
  scaledInteger: 'scaledInteger',
};

const numericKinds: ReadonlySet<ValueKind> = new Set(['uint', 'int', 'ullong', 'llong', 'scaledInteger']);

/** What a value is, from the grammar (enumeration, datatype and its define) unless the note says what the text names. */
function kindOf(v: ValueOutline, note?: NoteKind): ValueKind {
  if (note) return note;
  if (isEnumeration(v)) {
    const set = [...v.values].sort().join(' ');
    return set === 'no yes' ? 'yesno' : set === 'off on' ? 'onoff' : 'enum';
  }
  if (v.data.length !== 1 || v.text) return 'text';
  const d = v.data[0];
  if (Object.hasOwn(defineKinds, d.define)) return defineKinds[d.define];
  if (Object.hasOwn(integerKinds, d.type)) return integerKinds[d.type];
  if (d.type === 'integer') return (integerRange(d).min ?? -1) >= 0 ? 'uint' : 'llong';
  return 'text';
}

function isEnumeration(v: ValueOutline): boolean {
  return v.values.length > 0 && v.data.length === 0 && !v.text;
}

/** The grammar's inclusive bounds for a numeric value with one datatype. */
function bounds(v: ValueOutline, kind: ValueKind): { min?: number; max?: number } {
  if (!numericKinds.has(kind) || v.data.length !== 1) return {};
  const r = integerRange(v.data[0]);
  const out: { min?: number; max?: number } = {};
  if (r.min !== undefined) out.min = r.min;
  if (r.max !== undefined) out.max = r.max;
  return out;
}

/** `known` first in the order `preferred` lists them, then the rest in their own order. */
function ordered(known: readonly string[], preferred: readonly string[]): string[] {
  return [...preferred.filter((n) => known.includes(n)), ...known.filter((n) => !preferred.includes(n))];
}

/** The described children of each described element, in the order of the notes. */
let notedChildren: Map<string, string[]> | undefined;

function childrenNoted(path: string): string[] {
  if (!notedChildren) {
    notedChildren = new Map();
    for (const p of Object.keys(cpuAreaNotes)) {
      const cut = p.lastIndexOf('/');
      if (cut < 0) continue;
      const parent = p.slice(0, cut);
      const list = notedChildren.get(parent) ?? [];
      list.push(p.slice(cut + 1));
      notedChildren.set(parent, list);
    }
  }
  return notedChildren.get(path) ?? [];
}

function parentOf(path: string): string | undefined {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? undefined : path.slice(0, cut);
}

/** The element at `path` from the grammar's outline and the note; undefined when the grammar has no element there. */
function buildSpec(path: string, note: ElementNote): ElementSpec | undefined {
  const grammar = bundledGrammar().data;
  const outline = outlineAt(grammar, path);
  if (!outline) return undefined;
  const spec: ElementSpec = { name: outline.name, doc: note.doc, attributes: [], children: [] };
  if (note.since) spec.since = note.since;
  if (note.parserDiffers) spec.parserDiffers = note.parserDiffers;
  const parent = parentOf(path);
  const asChild = parent === undefined ? undefined : outlineAt(grammar, parent)?.children.find((c) => c.name === outline.name);
  if (asChild?.required) spec.required = true;
  if (asChild?.repeatable) spec.repeatable = true;
  const grammarChildren = outline.children.map((c) => c.name);
  if (note.partial) {
    // Only the described children (the root holds the whole document).
    spec.partial = true;
    spec.children = childrenNoted(path).filter((c) => grammarChildren.includes(c));
    return spec;
  }
  spec.children = ordered(grammarChildren, childrenNoted(path));
  const notes = note.attributes ?? {};
  const byName = new Map(outline.attributes.map((a) => [a.name, a]));
  for (const name of ordered([...byName.keys()], Object.keys(notes))) {
    const o = byName.get(name)!;
    const n = Object.hasOwn(notes, name) ? notes[name] : undefined;
    const kind = kindOf(o);
    const a: AttributeSpec = { name, doc: n?.doc ?? '', kind };
    if (isEnumeration(o)) {
      const docs = n?.values ?? {};
      a.values = ordered(o.values, Object.keys(docs)).map((value) => {
        const d = Object.hasOwn(docs, value) ? docs[value] : '';
        return typeof d === 'string' ? { value, doc: d } : { value, doc: d.doc, ...(d.since ? { since: d.since } : {}) };
      });
    }
    if (o.required) a.required = true;
    Object.assign(a, bounds(o, kind));
    if (n?.since) a.since = n.since;
    if (n?.optionalSince) a.optionalSince = n.optionalSince;
    if (n?.default !== undefined) a.default = n.default;
    if (n?.parserDiffers) a.parserDiffers = n.parserDiffers;
    spec.attributes.push(a);
  }
  if (outline.text) {
    const kind = kindOf(outline.text, note.text?.kind);
    spec.text = { kind, ...(note.text ? { doc: note.text.doc } : {}), ...bounds(outline.text, kind) };
  }
  return spec;
}

const built = new Map<string, ElementSpec | null>();

// ---------------------------------------------------------------------------
// Lookups

/** The element at `path` (as `elementPath` builds it); undefined outside the described area. */
export function elementSpec(path: string): ElementSpec | undefined {
  if (!Object.hasOwn(cpuAreaNotes, path)) return undefined;
  let spec = built.get(path);
  if (spec === undefined) built.set(path, (spec = buildSpec(path, cpuAreaNotes[path]) ?? null));
  return spec ?? undefined;
}

/**
 * Every described element, keyed by element path from the root, e.g.
 * 'domain/cpu/topology', 'domain/cputune/vcpupin'; each is built when first read.
 */
export const domainSchema: Readonly<Record<string, ElementSpec>> = Object.freeze(
  Object.defineProperties(
    {},
    Object.fromEntries(Object.keys(cpuAreaNotes).map((p) => [p, { enumerable: true, get: () => elementSpec(p) }])),
  ) as Record<string, ElementSpec>,
);

/** The attribute `attribute` of the element at `path`; undefined when either is unknown. */
export function attributeSpec(path: string, attribute: string): AttributeSpec | undefined {
  return elementSpec(path)?.attributes.find((a) => a.name === attribute);
}

/** The enumerated value `value` of an attribute; undefined when not one of its listed values. */
export function valueSpec(path: string, attribute: string, value: string): ValueSpec | undefined {
  return attributeSpec(path, attribute)?.values?.find((v) => v.value === value);
}

/** The specs of the described child elements the schema allows under `path`, in table order; [] when unknown. */
export function childSpecs(path: string): ElementSpec[] {
  const spec = elementSpec(path);
  if (!spec) return [];
  const out: ElementSpec[] = [];
  for (const name of spec.children) {
    const child = elementSpec(`${path}/${name}`);
    if (child) out.push(child);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Bounds the CPU rules quote, read from the grammar when first used

function bound(n: number | undefined, what: string): number {
  if (n === undefined) throw new Error(`the grammar states no ${what}`);
  return n;
}

/**
 * vCPU counts the schema allows: `<vcpu>` text and `current` are `countCPU`
 * (an XSD unsignedShort with minInclusive 1), vCPU ids in `<vcpupin vcpu>` are
 * `vcpuid` (an unsignedShort). The C parser reads a plain unsigned int; the
 * hypervisor's own limit (e.g. 255 for `pc`, 4096 for `q35`) is lower still.
 */
export const vcpuCountLimits: { readonly min: number; readonly max: number; readonly vcpuIdMax: number } = {
  get min() {
    return bound(elementSpec('domain/vcpu')?.text?.min, 'lower bound for <vcpu>');
  },
  get max() {
    return bound(elementSpec('domain/vcpu')?.text?.max, 'upper bound for <vcpu>');
  },
  get vcpuIdMax() {
    return bound(attributeSpec('domain/cputune/vcpupin', 'vcpu')?.max, 'upper bound for vcpupin vcpu');
  },
};

/** cputune period elements: microseconds, 1000..1000000 (the parser also takes 0 = unset). */
export const cpuPeriodLimits: { readonly min: number; readonly max: number } = textBounds('domain/cputune/period');
/** cputune quota elements: -1 (unlimited) up to 2^44-1 (the parser also takes any negative value and 0). */
export const cpuQuotaLimits: { readonly min: number; readonly max: number } = textBounds('domain/cputune/quota');

function textBounds(path: string): { readonly min: number; readonly max: number } {
  return {
    get min() {
      return bound(elementSpec(path)?.text?.min, `lower bound for ${path}`);
    },
    get max() {
      return bound(elementSpec(path)?.text?.max, `upper bound for ${path}`);
    },
  };
}

// ---------------------------------------------------------------------------
// Versions

/** "9.0.0" → [9, 0, 0]; "10.1" → [10, 1, 0]; undefined for anything that is not 1-3 dot-separated numbers. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const m = /^\s*(\d{1,4})(?:\.(\d{1,4}))?(?:\.(\d{1,4}))?\s*$/.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** Negative when a < b, 0 when equal, positive when a > b; unparsable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

// ---------------------------------------------------------------------------
// CPU models by release

/**
 * The libvirt release that added a cpu_map model, for the models libvirt's
 * release notes (NEWS.rst) name explicitly. Models not listed here have no
 * known date: cpu_map's history is not in the data we ship, so they are never
 * flagged for an older target.
 */
export const modelSince: Readonly<Record<string, string>> = Object.freeze({
  POWER9: '3.4.0',
  EPYC: '3.8.0',
  'Skylake-Server': '3.8.0',
  'Icelake-Client': '4.9.0',
  'Icelake-Server': '4.9.0',
  Cooperlake: '6.4.0',
  'EPYC-Rome': '6.9.0',
  Snowridge: '7.0.0',
  SapphireRapids: '9.4.0',
  'EPYC-Genoa': '9.8.0',
  // Added to cpu_map in 11.2.0 but not installed until 11.3.0, so usable from 11.3.0.
  'Ampere-1': '11.3.0',
  'Ampere-1a': '11.3.0',
});

/** Versioned model names (Skylake-Server-v4) were accepted from this release; some -v1 names only from 11.0.0. */
export const versionedModelsSince = '10.10.0';

/**
 * The earliest libvirt release known to accept `model` as a CPU model name:
 * from `modelSince`, or the versioned-name release for `…-vN`; undefined when unknown.
 */
export function modelIntroducedIn(model: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(modelSince, model)) return modelSince[model];
  return /-v[0-9]+$/.test(model) ? versionedModelsSince : undefined;
}
