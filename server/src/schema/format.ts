// The shape of data/grammar.json: libvirt's RelaxNG schemas, simplified at
// build time or from an installed schema directory (schema/compile.ts) into one
// flat table of patterns that every document root shares. The validator (validate.ts) reads only this.

/**
 * A name class. `[ns, local]` is one name (ns is an index into
 * `GrammarData.namespaces`); `['*', except?]` any name; `['ns', ns, except?]`
 * any name in one namespace; `['|', a, b]` either.
 */
export type NameClassData =
  | [number, string]
  | ['*']
  | ['*', NameClassData]
  | ['ns', number]
  | ['ns', number, NameClassData]
  | ['|', NameClassData, NameClassData];

/**
 * One pattern. Children are indices into `GrammarData.patterns`.
 * - `['E']` empty, `['N']` notAllowed, `['T']` text
 * - `['c', a, b, …]` choice, `['g', a, b, …]` group, `['i', a, b, …]` interleave, `['o', a]` oneOrMore
 * - `['el', nameClass, content]` element, `['at', nameClass, value]` attribute
 * - `['d', type, params, except, define]` data (`except` -1 when absent)
 * - `['v', type, value, define]` value
 * `type` is an XSD datatype local name ('string', 'token', 'unsignedLong', …; the
 * built-in library's string/token mean the same as XSD's); `define` is the name of the
 * nearest <define> around the data or value ('' at top level), used in messages.
 */
export type PatternData =
  | ['E']
  | ['N']
  | ['T']
  | ['c' | 'g' | 'i', ...number[]]
  | ['o', number]
  | ['el', NameClassData, number]
  | ['at', NameClassData, number]
  | ['d', string, DataParams, number, string]
  | ['v', string, string, string];

/** XSD facets a <data> carries. `pattern` is already a JS RegExp source, anchored (compile without flags). */
export interface DataParams {
  pattern?: string[];
  minInclusive?: string;
  maxInclusive?: string;
  minExclusive?: string;
  maxExclusive?: string;
  length?: string;
  minLength?: string;
  maxLength?: string;
}

export interface GrammarRoot {
  /** The schema file the root comes from, e.g. 'domain.rng'. */
  file: string;
  /** Index of the start pattern. */
  start: number;
}

/** Per root schema file: its page on libvirt.org (without .html) and the section anchor of each element name. */
export type GrammarDocs = Record<string, { page: string; anchors: Record<string, string> }>;

export interface GrammarData {
  format: 1;
  /** libvirt release the schemas come from. */
  libvirtVersion: string;
  /** Where the schemas were read (relative to the source tree, so it is the same on every machine). */
  origin: string;
  /** sha256 over the names and contents of every schema file read, sorted by name. */
  digest: string;
  /** Namespace URIs; index 0 is the empty namespace. */
  namespaces: string[];
  /** Document roots by root element name ('domain', 'network', 'pool', …). */
  roots: Record<string, GrammarRoot>;
  /** Documentation links. */
  docs: GrammarDocs;
  patterns: PatternData[];
}

/** Where an element name occurs: under which parent names (for the documentation anchors). */
export interface ElementPlaces {
  name: string;
  parents: string[];
}
