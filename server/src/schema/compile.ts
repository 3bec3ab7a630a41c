// Compiles libvirt's RelaxNG schemas (XML syntax) into the flat pattern table of
// data/grammar.json (schema/format.ts). Pure: reads files through the `read`
// callback it is given, so the build-time generator (data/grammar/generate.ts),
// the run-time loader of an installed schema directory (io/schemaDir.ts) and
// the tests on inline grammars share this one implementation.
//
// Simplification done here (RelaxNG spec §4, the parts libvirt's schemas use):
// includes (each file once per root, with overriding defines), `combine`,
// `ns` and `datatypeLibrary` inheritance, implicit groups, optional/zeroOrMore/
// mixed rewritten to choice/oneOrMore/interleave, refs inlined except through
// elements (every element is one table entry, referenced by index, so recursion
// goes through elements only), XSD patterns translated to JS RegExp sources.

import { attributeValue, textContent, type XmlElement } from '../xml/nodes';
import { parseXml } from '../xml/parser';
import type { DataParams, ElementPlaces, GrammarData, GrammarDocs, GrammarRoot, NameClassData, PatternData } from './format';

export class GrammarError extends Error {}

const XSD = 'http://www.w3.org/2001/XMLSchema-datatypes';

/** XSD datatypes the validator implements (server/src/schema/datatypes.ts). */
export const supportedTypes: ReadonlySet<string> = new Set([
  'string', 'token', 'normalizedString', 'int', 'integer', 'long', 'short', 'byte',
  'unsignedInt', 'unsignedLong', 'unsignedShort', 'unsignedByte', 'positiveInteger',
  'nonNegativeInteger', 'negativeInteger', 'nonPositiveInteger', 'dateTime', 'NCName',
  'Name', 'NMTOKEN', 'anyURI', 'double', 'decimal', 'boolean',
]);

const supportedParams: ReadonlySet<string> = new Set(['pattern', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive', 'length', 'minLength', 'maxLength']);

/**
 * Changes whenever the compiler's output for the same files changes: it keys the
 * cache of grammars compiled at run time (io/grammarLoader.ts), so a new release
 * never reuses an old compile.
 */
export const compilerRevision = 1;

/** The root schema files compiled, one per document kind. */
export const libvirtRootFiles: readonly string[] = [
  'domain.rng',
  'network.rng',
  'networkport.rng',
  'storagepool.rng',
  'storagevol.rng',
  'nwfilter.rng',
  'secret.rng',
  'interface.rng',
  'nodedev.rng',
  'capability.rng',
  'domaincaps.rng',
];

/** Limits that keep a hostile or broken grammar from running away. */
const maxFiles = 200;
const maxPatterns = 500_000;
/**
 * How deeply patterns, name classes, divs and chains of refs (inlined) may nest
 * while compiling (an element starts afresh): libvirt 11.3 needs 13; beyond this
 * bound a grammar would only exhaust the stack.
 */
export const maxCompileDepth = 400;

interface Define {
  name: string;
  /** Bodies to join (one per <define> of that name), with how. */
  bodies: XmlElement[];
  combine: 'choice' | 'interleave' | undefined;
}

interface Scope {
  defines: Map<string, Define>;
  starts: XmlElement[];
  startCombine: 'choice' | 'interleave' | undefined;
}

/** Shared between roots: the pattern table with hash-consing, and the namespace list. */
export class PatternTable {
  readonly patterns: PatternData[] = [];
  readonly namespaces: string[] = [''];
  private readonly keys = new Map<string, number>();

  ns(uri: string): number {
    let i = this.namespaces.indexOf(uri);
    if (i < 0) i = this.namespaces.push(uri) - 1;
    return i;
  }

  add(p: PatternData): number {
    const key = JSON.stringify(p);
    const hit = this.keys.get(key);
    if (hit !== undefined) return hit;
    if (this.patterns.length >= maxPatterns) throw new GrammarError(`grammar too large (over ${maxPatterns} patterns)`);
    const i = this.patterns.push(p) - 1;
    this.keys.set(key, i);
    return i;
  }

  /** Reserves an entry for an element whose content is compiled later. */
  reserve(): number {
    if (this.patterns.length >= maxPatterns) throw new GrammarError(`grammar too large (over ${maxPatterns} patterns)`);
    // A placeholder of the right kind, so normalisation never mistakes it for notAllowed.
    return this.patterns.push(['el', [0, ''], -1]) - 1;
  }

  /** Fills a reserved element entry; identical elements share the first one's index through `elementKeys`. */
  set(i: number, p: PatternData): void {
    this.patterns[i] = p;
  }
}

const EMPTY: PatternData = ['E'];
const NOT_ALLOWED: PatternData = ['N'];
const TEXT: PatternData = ['T'];

/** Is `el` a RelaxNG structure element (unprefixed in these files)? Foreign, prefixed elements are annotations. */
function isRng(el: XmlElement): boolean {
  return !el.name.includes(':');
}

function rngChildren(el: XmlElement): XmlElement[] {
  return el.children.filter(isRng);
}

/** The nearest `name` attribute on `el` or an ancestor (ns, datatypeLibrary are inherited). */
function inherited(el: XmlElement, name: string): string | undefined {
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    const v = attributeValue(e, name);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Namespace bound to `prefix` by xmlns declarations in scope at `el` in the schema file. */
function prefixNamespace(el: XmlElement, prefix: string): string {
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    const v = attributeValue(e, `xmlns:${prefix}`);
    if (v !== undefined) return v;
  }
  if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
  throw new GrammarError(`undeclared prefix '${prefix}' in a schema name`);
}

/**
 * Translates an XSD regular expression into an anchored JS RegExp source with
 * the same meaning for the constructs libvirt uses: '.' excludes only \n and \r,
 * '\s' is the four XML space characters, '\d' is ASCII digits (all libvirt means),
 * and '^'/'$' are literal characters outside a class.
 */
export function translateXsdPattern(xsd: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < xsd.length; i++) {
    const c = xsd[i];
    if (c === '\\') {
      const n = xsd[i + 1];
      i++;
      if (n === undefined) throw new GrammarError(`pattern ends with a backslash: ${xsd}`);
      if (n === 's') out += inClass ? ' \\t\\n\\r' : '[ \\t\\n\\r]';
      else if (n === 'S') out += inClass ? '\\S' : '[^ \\t\\n\\r]';
      else if (n === 'i' || n === 'c' || n === 'I' || n === 'C' || n === 'p' || n === 'P') throw new GrammarError(`unsupported XSD escape \\${n} in ${xsd}`);
      else out += '\\' + n;
    } else if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[' ) throw new GrammarError(`nested character class (subtraction) in ${xsd}`);
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      // A leading ']' or '^]' is literal in both syntaxes; copy the '^'.
      if (xsd[i + 1] === '^') {
        out += '^';
        i++;
      }
    } else if (c === '.') out += '[^\\n\\r]';
    else if (c === '^' || c === '$') out += '\\' + c;
    else out += c;
  }
  const source = `^(?:${out})$`;
  try {
    new RegExp(source);
  } catch (e) {
    throw new GrammarError(`pattern ${xsd} does not compile as ${source}: ${(e as Error).message}`);
  }
  return source;
}

/** Compiles one root schema file into `table`. `read(file)` returns a schema file's text (names relative to the schema directory). */
export class RootCompiler {
  private readonly scope: Scope = { defines: new Map(), starts: [], startCombine: undefined };
  private readonly files = new Set<string>();
  /** The chain of files being included, root first (an include back into it is a loop, an error in RelaxNG §4.7). */
  private readonly including: string[] = [];
  private readonly defineMemo = new Map<string, number>();
  private readonly inProgress = new Set<string>();
  private readonly elementMemo = new Map<XmlElement, number>();
  private readonly pending: Array<{ el: XmlElement; index: number }> = [];
  private depth = 0;
  /** The deepest nesting met (for the tests and the bound's comment). */
  maxDepthSeen = 0;

  constructor(
    private readonly table: PatternTable,
    private readonly read: (file: string) => string,
    /** Every file read, for the digest. */
    readonly filesRead: Set<string>,
  ) {}

  compile(file: string): GrammarRoot {
    const grammar = this.load(file);
    this.including.push(file);
    this.collect(grammar, this.scope, new Set());
    if (this.scope.starts.length === 0) throw new GrammarError(`${file} has no <start>`);
    const start = this.combined(this.scope.starts, this.scope.startCombine, '');
    while (this.pending.length > 0) {
      const { el, index } = this.pending.pop()!;
      this.fillElement(el, index);
    }
    return { file, start };
  }

  private load(file: string): XmlElement {
    if (this.filesRead.size > maxFiles) throw new GrammarError(`more than ${maxFiles} schema files`);
    this.filesRead.add(file);
    const text = this.read(file);
    const doc = parseXml(text);
    const hard = doc.problems.filter((p) => p.code !== 'xml-doctype');
    if (hard.length > 0) throw new GrammarError(`${file}: ${hard[0].message}`);
    // A DOCTYPE is skipped unread; entities it declares would then be used unexpanded, so such a file is refused.
    const doctype = doc.problems.find((p) => p.code === 'xml-doctype');
    if (doctype && /<!ENTITY/.test(text.slice(doctype.start, doctype.end))) throw new GrammarError(`${file}: its DOCTYPE declares entities, which are never expanded here (libvirt's schemas declare none)`);
    const root = doc.roots[0];
    if (!root || root.name !== 'grammar') throw new GrammarError(`${file}: the root element is not <grammar>`);
    return root;
  }

  /** Gathers defines and starts of a grammar (and what it includes) into `scope`; `overridden` names are skipped. */
  private collect(grammar: XmlElement, scope: Scope, overridden: ReadonlySet<string>): void {
    this.deeper(() => this.collectAt(grammar, scope, overridden));
  }

  private collectAt(grammar: XmlElement, scope: Scope, overridden: ReadonlySet<string>): void {
    for (const node of rngChildren(grammar)) {
      switch (node.name) {
        case 'start':
          if (overridden.has('#start')) break;
          this.addStart(scope, node);
          break;
        case 'define': {
          const name = attributeValue(node, 'name');
          if (name === undefined) throw new GrammarError('<define> without a name');
          if (overridden.has(name)) break;
          this.addDefine(scope, name, node);
          break;
        }
        case 'div':
          this.collect(node, scope, overridden);
          break;
        case 'include': {
          const href = attributeValue(node, 'href');
          if (href === undefined) throw new GrammarError('<include> without href');
          if (this.including.includes(href)) throw new GrammarError(`include loop: ${[...this.including, href].join(' → ')}`);
          if (this.files.has(href)) break;
          this.files.add(href);
          // Defines and a start inside <include> replace the included file's.
          const own = new Set(overridden);
          for (const c of rngChildren(node)) {
            if (c.name === 'start') own.add('#start');
            else if (c.name === 'define') own.add(attributeValue(c, 'name') ?? '');
          }
          this.including.push(href);
          this.collect(this.load(href), scope, own);
          this.including.pop();
          this.collect(node, scope, overridden);
          break;
        }
        default:
          throw new GrammarError(`unexpected <${node.name}> in a grammar`);
      }
    }
  }

  private addStart(scope: Scope, node: XmlElement): void {
    const combine = combineOf(node);
    if (combine) scope.startCombine = combine;
    scope.starts.push(node);
  }

  private addDefine(scope: Scope, name: string, node: XmlElement): void {
    let d = scope.defines.get(name);
    if (!d) scope.defines.set(name, (d = { name, bodies: [], combine: undefined }));
    const combine = combineOf(node);
    if (combine) {
      if (d.combine && d.combine !== combine) throw new GrammarError(`define ${name} combined both as choice and interleave`);
      d.combine = combine;
    }
    d.bodies.push(node);
  }

  /** Several <define>s (or <start>s) of one name joined by `combine`. */
  private combined(bodies: XmlElement[], combine: 'choice' | 'interleave' | undefined, define: string): number {
    if (bodies.length > 1 && !combine) throw new GrammarError(`'${define || 'start'}' is defined ${bodies.length} times without combine`);
    const parts = bodies.map((b) => this.group(rngChildren(b), define));
    return parts.length === 1 ? parts[0] : this.nary(combine === 'interleave' ? 'i' : 'c', parts);
  }

  private ref(name: string): number {
    const hit = this.defineMemo.get(name);
    if (hit !== undefined) return hit;
    const d = this.scope.defines.get(name);
    if (!d) throw new GrammarError(`reference to undefined '${name}'`);
    if (this.inProgress.has(name)) throw new GrammarError(`'${name}' refers to itself without an element in between`);
    this.inProgress.add(name);
    const p = this.combined(d.bodies, d.combine, name);
    this.inProgress.delete(name);
    this.defineMemo.set(name, p);
    return p;
  }

  /** The patterns `nodes`, in sequence (an implicit group). */
  private group(nodes: XmlElement[], define: string): number {
    return this.nary('g', nodes.map((n) => this.pattern(n, define)));
  }

  /** A normalised n-ary choice, group or interleave (notAllowed and empty folded away, nested same kind flattened). */
  private nary(kind: 'c' | 'g' | 'i', parts: number[]): number {
    const flat: number[] = [];
    const t = this.table;
    for (const p of parts) {
      const d = t.patterns[p];
      if (d[0] === kind) flat.push(...(d.slice(1) as number[]));
      else flat.push(p);
    }
    if (kind === 'c') {
      const set = [...new Set(flat.filter((p) => t.patterns[p][0] !== 'N'))].sort((a, b) => a - b);
      if (set.length === 0) return t.add(NOT_ALLOWED);
      return set.length === 1 ? set[0] : t.add(['c', ...set]);
    }
    if (flat.some((p) => t.patterns[p][0] === 'N')) return t.add(NOT_ALLOWED);
    const rest = flat.filter((p) => t.patterns[p][0] !== 'E');
    if (rest.length === 0) return t.add(EMPTY);
    return rest.length === 1 ? rest[0] : t.add([kind, ...rest]);
  }

  /** Runs `f` one level deeper; a grammar nesting past `maxCompileDepth` is refused. */
  private deeper<T>(f: () => T): T {
    if (++this.depth > maxCompileDepth) throw new GrammarError(`patterns, refs or divs nested more than ${maxCompileDepth} deep`);
    if (this.depth > this.maxDepthSeen) this.maxDepthSeen = this.depth;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private pattern(node: XmlElement, define: string): number {
    return this.deeper(() => this.patternAt(node, define));
  }

  private patternAt(node: XmlElement, define: string): number {
    const t = this.table;
    const kids = () => rngChildren(node);
    switch (node.name) {
      case 'empty':
        return t.add(EMPTY);
      case 'notAllowed':
        return t.add(NOT_ALLOWED);
      case 'text':
        return t.add(TEXT);
      case 'ref':
        return this.ref(requireName(node));
      case 'group':
        return this.group(kids(), define);
      case 'interleave':
        return this.nary('i', kids().map((k) => this.pattern(k, define)));
      case 'choice':
        return this.nary('c', kids().map((k) => this.pattern(k, define)));
      case 'optional':
        return this.nary('c', [this.group(kids(), define), t.add(EMPTY)]);
      case 'oneOrMore':
        return this.oneOrMore(this.group(kids(), define));
      case 'zeroOrMore':
        return this.nary('c', [this.oneOrMore(this.group(kids(), define)), t.add(EMPTY)]);
      case 'mixed':
        return this.nary('i', [this.group(kids(), define), t.add(TEXT)]);
      case 'element':
        return this.element(node);
      case 'attribute':
        return this.attribute(node, define);
      case 'data':
        return this.data(node, define);
      case 'value': {
        const type = attributeValue(node, 'type');
        // No type: the built-in token type (spec §4.4), whatever datatypeLibrary says.
        const lib = type === undefined ? '' : (inherited(node, 'datatypeLibrary') ?? '');
        return t.add(['v', checkType(lib, type ?? 'token'), textContent(node), define]);
      }
      case 'list':
      case 'externalRef':
      case 'parentRef':
      case 'grammar':
        throw new GrammarError(`<${node.name}> is not supported`);
      default:
        throw new GrammarError(`unexpected <${node.name}> in a pattern`);
    }
  }

  private oneOrMore(p: number): number {
    const d = this.table.patterns[p];
    if (d[0] === 'N' || d[0] === 'E' || d[0] === 'o') return p;
    return this.table.add(['o', p]);
  }

  private element(node: XmlElement): number {
    const hit = this.elementMemo.get(node);
    if (hit !== undefined) return hit;
    const index = this.table.reserve();
    this.elementMemo.set(node, index);
    this.pending.push({ el: node, index });
    return index;
  }

  private fillElement(node: XmlElement, index: number): void {
    const { nameClass, rest } = this.nameClassOf(node, true);
    const content = this.group(rest, '');
    this.table.set(index, ['el', nameClass, content]);
  }

  private attribute(node: XmlElement, define: string): number {
    const { nameClass, rest } = this.nameClassOf(node, false);
    const value = rest.length === 0 ? this.table.add(TEXT) : this.group(rest, define);
    if (this.table.patterns[value][0] === 'N') return value;
    return this.table.add(['at', nameClass, value]);
  }

  /** The name class of an element or attribute (its name attribute or first child) and the remaining children. */
  private nameClassOf(node: XmlElement, isElement: boolean): { nameClass: NameClassData; rest: XmlElement[] } {
    const kids = rngChildren(node);
    const name = attributeValue(node, 'name');
    if (name !== undefined) return { nameClass: this.qname(node, name.trim(), isElement), rest: kids };
    if (kids.length === 0) throw new GrammarError(`<${node.name}> without a name`);
    return { nameClass: this.nameClass(kids[0], isElement), rest: kids.slice(1) };
  }

  private qname(node: XmlElement, name: string, isElement: boolean): NameClassData {
    const colon = name.indexOf(':');
    if (colon >= 0) return [this.table.ns(prefixNamespace(node, name.slice(0, colon))), name.slice(colon + 1)];
    // An attribute's name without a prefix is in no namespace unless its own ns says otherwise.
    const ns = isElement ? (inherited(node, 'ns') ?? '') : (attributeValue(node, 'ns') ?? '');
    return [this.table.ns(ns), name];
  }

  private nameClass(node: XmlElement, isElement: boolean): NameClassData {
    return this.deeper(() => this.nameClassAt(node, isElement));
  }

  private nameClassAt(node: XmlElement, isElement: boolean): NameClassData {
    const kids = rngChildren(node);
    const except = (): NameClassData | undefined => {
      const ex = kids.find((k) => k.name === 'except');
      if (!ex) return undefined;
      return rngChildren(ex).map((k) => this.nameClass(k, isElement)).reduce((a, b) => ['|', a, b]);
    };
    switch (node.name) {
      case 'name':
        return this.qname(node, textContent(node).trim(), isElement);
      case 'anyName': {
        const ex = except();
        return ex ? ['*', ex] : ['*'];
      }
      case 'nsName': {
        const ns = this.table.ns(inherited(node, 'ns') ?? '');
        const ex = except();
        return ex ? ['ns', ns, ex] : ['ns', ns];
      }
      case 'choice':
        return kids.map((k) => this.nameClass(k, isElement)).reduce((a, b) => ['|', a, b]);
      default:
        throw new GrammarError(`unexpected <${node.name}> in a name class`);
    }
  }

  private data(node: XmlElement, define: string): number {
    const type = attributeValue(node, 'type');
    if (type === undefined) throw new GrammarError('<data> without a type');
    const lib = inherited(node, 'datatypeLibrary') ?? '';
    const params: DataParams = {};
    let except = -1;
    for (const k of rngChildren(node)) {
      if (k.name === 'param') {
        const name = requireName(k);
        if (!supportedParams.has(name)) throw new GrammarError(`unsupported <param name='${name}'>`);
        const value = textContent(k);
        if (name === 'pattern') (params.pattern ??= []).push(translateXsdPattern(value));
        else params[name as Exclude<keyof DataParams, 'pattern'>] = value.trim();
      } else if (k.name === 'except') {
        except = this.nary('c', rngChildren(k).map((c) => this.pattern(c, define)));
      } else throw new GrammarError(`unexpected <${k.name}> in <data>`);
    }
    return this.table.add(['d', checkType(lib, type), params, except, define]);
  }
}

function requireName(node: XmlElement): string {
  const name = attributeValue(node, 'name');
  if (name === undefined) throw new GrammarError(`<${node.name}> without a name`);
  return name.trim();
}

function combineOf(node: XmlElement): 'choice' | 'interleave' | undefined {
  const c = attributeValue(node, 'combine');
  if (c === undefined) return undefined;
  if (c !== 'choice' && c !== 'interleave') throw new GrammarError(`combine='${c}'`);
  return c;
}

function checkType(library: string, type: string): string {
  if (library !== '' && library !== XSD) throw new GrammarError(`unsupported datatype library ${library}`);
  if (library === '' && type !== 'string' && type !== 'token') throw new GrammarError(`unknown built-in datatype ${type}`);
  if (!supportedTypes.has(type)) throw new GrammarError(`unsupported XSD datatype ${type}`);
  return type;
}

/** The element names a start pattern allows as the document root. */
function rootNames(table: PatternTable, start: number): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  const stack = [start];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    const p = table.patterns[i];
    if (p[0] === 'c') stack.push(...(p.slice(1) as number[]));
    else if (p[0] === 'el' && typeof p[1][0] === 'number') out.push(p[1][1] as string);
  }
  return [...new Set(out)];
}

export interface CompileOptions {
  /** Root schema files, e.g. ['domain.rng', 'network.rng']. */
  files: readonly string[];
  read: (file: string) => string;
  libvirtVersion: string;
  origin: string;
  /** Computes the digest over the files read (name → text); given by the caller so this file needs no crypto. */
  digest: (files: Array<{ name: string; text: string }>) => string;
  /** The documentation table, given the element names each root file's grammar uses. */
  docs?: (elementNames: (file: string) => ElementPlaces[]) => GrammarDocs;
}

/** Compiles every root file into one table; roots are keyed by their root element name. */
export function compileGrammar(options: CompileOptions): GrammarData {
  const table = new PatternTable();
  const roots: Record<string, GrammarRoot> = {};
  const filesRead = new Set<string>();
  for (const file of options.files) {
    const root = new RootCompiler(table, options.read, filesRead).compile(file);
    const names = rootNames(table, root.start);
    if (names.length !== 1) throw new GrammarError(`${file}: expected one root element name, found ${names.join(', ') || 'none'}`);
    if (roots[names[0]]) throw new GrammarError(`${file}: root <${names[0]}> already comes from ${roots[names[0]].file}`);
    roots[names[0]] = root;
  }
  const namesByFile = (file: string): ElementPlaces[] => {
    const root = Object.values(roots).find((r) => r.file === file);
    return root ? reachableElementNames(table, root.start) : [];
  };
  const sorted = [...filesRead].sort();
  const digest = options.digest(sorted.map((name) => ({ name, text: options.read(name) })));
  return {
    format: 1,
    libvirtVersion: options.libvirtVersion,
    origin: options.origin,
    digest,
    namespaces: table.namespaces,
    roots: Object.fromEntries(Object.entries(roots).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    docs: options.docs ? options.docs(namesByFile) : {},
    patterns: table.patterns,
  };
}

/** The plain element names reachable from `start`, each with the names of the elements it occurs under. */
function reachableElementNames(table: PatternTable, start: number): ElementPlaces[] {
  const parents = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const stack: Array<[number, string]> = [[start, '']];
  while (stack.length > 0) {
    const [i, parent] = stack.pop()!;
    const key = `${i}/${parent}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = table.patterns[i];
    switch (p[0]) {
      case 'c':
      case 'g':
      case 'i':
        for (const k of p.slice(1) as number[]) stack.push([k, parent]);
        break;
      case 'o':
        stack.push([p[1], parent]);
        break;
      case 'el': {
        const plain = typeof p[1][0] === 'number' && table.namespaces[p[1][0]] === '';
        const name = plain ? (p[1][1] as string) : '';
        if (plain) {
          let set = parents.get(name);
          if (!set) parents.set(name, (set = new Set()));
          if (parent) set.add(parent);
        }
        if (plain) stack.push([p[2], name]);
        break;
      }
    }
  }
  return [...parents].map(([name, set]) => ({ name, parents: [...set].sort() })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Compact, deterministic JSON: one pattern per line, so diffs stay readable. */
export function formatGrammarJson(g: GrammarData): string {
  const head = { ...g, patterns: undefined };
  const lines = [
    '{',
    `"format":${g.format},`,
    `"libvirtVersion":${JSON.stringify(head.libvirtVersion)},`,
    `"origin":${JSON.stringify(head.origin)},`,
    `"digest":${JSON.stringify(head.digest)},`,
    `"namespaces":${JSON.stringify(head.namespaces)},`,
    `"roots":${JSON.stringify(head.roots)},`,
    `"docs":${JSON.stringify(head.docs)},`,
    '"patterns":[',
    g.patterns.map((p) => JSON.stringify(p)).join(',\n'),
    ']}',
  ];
  return lines.join('\n') + '\n';
}
