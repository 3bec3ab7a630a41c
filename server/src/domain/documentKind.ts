// Which documents are libvirt's, decided from the start of the text alone: the
// one check the server (before parsing), the CLI (before reading a whole file)
// and the VS Code client (before showing any UI) share. No imports, so the
// client bundles it without the engine.

/**
 * The root element names served. Besides domains, host capabilities and bare CPUs
 * (which the CPU-area rules read), the documents libvirt's grammar covers:
 * network, networkport, pool (storage pool), volume, filter (nwfilter), secret,
 * interface and device (node device).
 */
export type DocumentKind =
  | 'domain'
  | 'capabilities'
  | 'domainCapabilities'
  | 'cpu'
  | 'network'
  | 'networkport'
  | 'pool'
  | 'volume'
  | 'filter'
  | 'secret'
  | 'interface'
  | 'device';

/**
 * Each kind's stable id (libvirt's schema name, as in the CLI's JSON and SARIF)
 * and how a person calls one and several of them.
 */
export const kindNames: Readonly<Record<DocumentKind, { id: string; one: string; many: string }>> = {
  domain: named('domain', 'domain'),
  capabilities: named('capabilities', 'host capabilities', 'host capabilities'),
  domainCapabilities: named('domaincaps', 'domain capabilities', 'domain capabilities'),
  cpu: named('cpu', 'CPU'),
  network: named('network', 'network'),
  networkport: named('networkport', 'network port'),
  pool: named('storagepool', 'storage pool'),
  volume: named('storagevol', 'storage volume'),
  filter: named('nwfilter', 'network filter'),
  secret: named('secret', 'secret'),
  interface: named('interface', 'host interface'),
  device: named('nodedev', 'node device'),
};

function named(id: string, one: string, many = `${one}s`): { id: string; one: string; many: string } {
  return { id, one, many };
}

export const libvirtRoots: ReadonlySet<string> = new Set(Object.keys(kindNames));

/**
 * Roots whose names other XML uses too (a servlet `<filter>`, a WSDL
 * `<interface>`, an Android `<device>`…), with the attributes libvirt's
 * grammar allows on them and the elements it allows directly inside (names
 * without a namespace; children in a libvirt.org namespace fit too). Such a
 * root is libvirt's only when what it holds mostly fits. `<domain>`,
 * `<capabilities>`, `<domainCapabilities>` and `<networkport>` are taken by
 * name. test/unit/documentKind.test.ts checks these lists against the grammar.
 */
export const ambiguousRoots: Readonly<Record<string, { attributes: readonly string[]; children: readonly string[] }>> = {
  filter: { attributes: ['chain', 'name', 'priority'], children: ['filterref', 'rule', 'uuid'] },
  interface: { attributes: ['name', 'type'], children: ['bond', 'bridge', 'link', 'mac', 'mtu', 'protocol', 'start', 'vlan'] },
  secret: { attributes: ['ephemeral', 'private'], children: ['description', 'usage', 'uuid'] },
  pool: { attributes: ['type'], children: ['allocation', 'available', 'capacity', 'features', 'name', 'refresh', 'source', 'target', 'uuid'] },
  volume: { attributes: ['type'], children: ['allocation', 'backingStore', 'capacity', 'key', 'name', 'physical', 'source', 'target'] },
  device: { attributes: [], children: ['capability', 'devnode', 'driver', 'name', 'parent', 'path'] },
  network: {
    attributes: ['connections', 'ipv6', 'trustGuestRxFilters'],
    children: ['bandwidth', 'bridge', 'description', 'dns', 'domain', 'forward', 'ip', 'mac', 'metadata', 'mtu', 'name', 'port', 'portgroup', 'route', 'title', 'uuid', 'virtualport', 'vlan'],
  },
  // A bare CPU (virsh cpu-compare / cpu-baseline input): a domain's <cpu> or a host's.
  cpu: {
    attributes: ['check', 'deprecated_features', 'match', 'migratable', 'mode'],
    children: ['arch', 'cache', 'counter', 'feature', 'features', 'maxphysaddr', 'microcode', 'model', 'numa', 'pages', 'signature', 'topology', 'vendor'],
  },
};

/** At most this many children of an ambiguous root are looked at. */
export const rootEvidenceChildren = 32;

/** How much of a document's start is looked at; prologs longer than this count as "no root found". */
export const sniffLength = 64 * 1024;

/**
 * The name of the first element in `text`, skipping a BOM, the XML
 * declaration, processing instructions, comments and a DOCTYPE (internal
 * subset, quotes and brackets included). Undefined when no element starts
 * within `sniffLength`, or (with `strict`) when text other than blanks comes
 * before it. A root that declares a default namespace (`xmlns="…"`) is given
 * as `{}name`: libvirt's documents never do (their extensions use prefixes such
 * as `xmlns:qemu`), while foreign XML with a common root name (a WSDL
 * `<interface>`, a `<filter>` or `<device>` of another tool) usually does.
 * Never throws on malformed input; linear in the prolog.
 */
export function rootElementName(text: string, strict = true): string | undefined {
  const found = findRoot(text, strict);
  return found && qualifiedRoot(text, found.lt, found.name);
}

/** What the start of a text says about it: its root, and whether it is libvirt's. */
export interface RootVerdict {
  /** As `rootElementName` gives it; undefined when no element starts within `sniffLength`. */
  root: string | undefined;
  /** The kind the root's name stands for (a libvirt root without a default namespace). */
  kind: DocumentKind | undefined;
  /**
   * `libvirt`: taken; `unsure`: an ambiguous root with nothing inside to go by
   * yet (no attributes, no children); `foreign`: not libvirt's.
   */
  verdict: 'libvirt' | 'unsure' | 'foreign';
  /** Why it is not (surely) libvirt's, in a few words: "root <project>". */
  reason: string | undefined;
}

/**
 * Judges the start of `text` (`strict` as for `rootElementName`). A libvirt
 * root name without a default namespace is libvirt's; an ambiguous one
 * (`ambiguousRoots`) only when, of its attributes and first
 * `rootEvidenceChildren` children, more fit libvirt's grammar than not (so one
 * misspelt child does not hide a libvirt document). Reads at most
 * `sniffLength` characters; never throws.
 */
export function examineDocument(text: string, strict = true): RootVerdict {
  const found = findRoot(text, strict);
  if (!found) return { root: undefined, kind: undefined, verdict: 'foreign', reason: 'no root element found' };
  const { name, lt } = found;
  const root = qualifiedRoot(text, lt, name);
  if (root !== name) return { root, kind: undefined, verdict: 'foreign', reason: `root <${name}> declares a default namespace` };
  if (!libvirtRoots.has(name)) return { root, kind: undefined, verdict: 'foreign', reason: `root <${name}>` };
  const kind = name as DocumentKind;
  const vocabulary = ambiguousRoots[name];
  if (!vocabulary) return { root, kind, verdict: 'libvirt', reason: undefined };
  const { fit, misfits, strangers, neutral } = weighRoot(text, lt + 1 + name.length, vocabulary);
  if (fit > misfits) return { root, kind, verdict: 'libvirt', reason: undefined };
  if (fit === 0 && misfits === 0) {
    return { root, kind, verdict: 'unsure', reason: `root <${name}> ${neutral ? 'holds nothing libvirt\'s' : 'is empty'}` };
  }
  const shown = strangers.slice(0, 3).join(', ') + (strangers.length > 3 ? ', …' : '');
  return { root, kind, verdict: 'foreign', reason: `root <${name}> with ${shown}, which libvirt's ${kindNames[kind].one} has not` };
}

/**
 * The test for what a document is (stray text before the root is the parser's
 * to report): the start is libvirt's, or, in the `libvirt-xml` language the
 * user chose, an ambiguous root with nothing yet to go by. (The editor also
 * completes in such a root in plain XML, without diagnostics: see
 * features/parsedDocument.ts.)
 */
export function looksLikeLibvirt(text: string, languageId = 'xml'): boolean {
  const v = examineDocument(text, false);
  return v.verdict === 'libvirt' || (v.verdict === 'unsure' && languageId === 'libvirt-xml');
}

/**
 * The client's test, from the language id and the document's start: `xml`
 * needs a libvirt document; `libvirt-xml`, chosen by the user, counts
 * until a foreign root element appears.
 */
export function isLibvirtDocument(languageId: string, start: string): boolean {
  if (languageId !== 'xml' && languageId !== 'libvirt-xml') return false;
  const v = examineDocument(start);
  if (languageId === 'libvirt-xml') return v.root === undefined || v.verdict !== 'foreign';
  return v.verdict === 'libvirt';
}

/** The first element's `<` and name (see `rootElementName`). */
function findRoot(text: string, strict: boolean): { name: string; lt: number } | undefined {
  const end = Math.min(text.length, sniffLength);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < end) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= end || (strict && text.slice(i, lt).trim() !== '')) return undefined;
    if (text.startsWith('<?', lt)) i = afterToken(text, '?>', lt + 2);
    else if (text.startsWith('<!--', lt)) i = afterToken(text, '-->', lt + 4);
    else if (text.startsWith('<!', lt)) i = afterDeclaration(text, lt + 2, end);
    else {
      const name = nameAt(text, lt + 1);
      return name === undefined ? undefined : { name, lt };
    }
    if (i < 0) return undefined;
  }
  return undefined;
}

const nameRe = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;

/** The XML name starting at `at`, or undefined. */
function nameAt(text: string, at: number): string | undefined {
  nameRe.lastIndex = at;
  return nameRe.exec(text)?.[0];
}

/**
 * Counts what on an ambiguous root and among its first children fits libvirt's
 * vocabulary for it (`fit`), what does not (`misfits`; `strangers`: their
 * distinct names, as written), and what says nothing either way (`neutral`:
 * namespace declarations of other vocabularies, names one edit away from
 * libvirt's, which are more likely typos than another vocabulary, and a last
 * start tag still being typed that begins one of libvirt's names). `at` is
 * just after the root's name. A tolerant scan over at most `sniffLength`
 * characters: quotes, comments, CDATA and PIs respected.
 */
function weighRoot(text: string, at: number, vocabulary: { attributes: readonly string[]; children: readonly string[] }) {
  const end = Math.min(text.length, sniffLength);
  const strangers: string[] = [];
  let misfits = 0;
  let fit = 0;
  let neutral = 0;
  const libvirtPrefixes = new Set<string>();
  const attributes: string[] = [];
  // The start tag: attribute names, values skipped.
  let i = at;
  let closed = false;
  for (;;) {
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (i >= end || text[i] === '<') return { fit, misfits, strangers, neutral };
    if (text[i] === '>') break;
    if (text.startsWith('/>', i)) {
      closed = true;
      break;
    }
    const name = nameAt(text, i);
    if (name === undefined) {
      i++;
      continue;
    }
    i += name.length;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    let value = '';
    if (text[i] === '=') {
      i++;
      while (i < end && isBlank(text.charCodeAt(i))) i++;
      const q = text[i];
      if (q === '"' || q === "'") {
        const close = text.indexOf(q, i + 1);
        if (close < 0 || close >= end) return { fit, misfits, strangers, neutral };
        value = text.slice(i + 1, close);
        i = close + 1;
      }
    }
    if (name.startsWith('xmlns:')) {
      if (value.startsWith('http://libvirt.org/schemas/')) {
        libvirtPrefixes.add(name.slice(6));
        fit++;
      } else neutral++;
    } else attributes.push(name);
  }
  for (const name of attributes) {
    const colon = name.indexOf(':');
    if (colon < 0 ? vocabulary.attributes.includes(name) : libvirtPrefixes.has(name.slice(0, colon))) fit++;
    else if (colon < 0 && nearMiss(name, vocabulary.attributes)) neutral++;
    else {
      misfits++;
      strangers.push(`${name}=`);
    }
  }
  if (closed) return { fit, misfits, strangers, neutral };
  // The content: direct children's names, deeper elements skipped.
  i++;
  let depth = 0;
  let children = 0;
  while (children < rootEvidenceChildren) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= end) break;
    if (text.startsWith('<!--', lt)) i = afterToken(text, '-->', lt + 4);
    else if (text.startsWith('<![CDATA[', lt)) i = afterToken(text, ']]>', lt + 9);
    else if (text.startsWith('<?', lt) || text.startsWith('<!', lt)) i = afterToken(text, '>', lt + 2);
    else if (text[lt + 1] === '/') {
      if (--depth < 0) break;
      i = lt + 2;
    } else {
      const name = nameAt(text, lt + 1);
      if (name === undefined) {
        i = lt + 1;
        continue;
      }
      const tagEnd = startTagEnd(text, lt + 1 + name.length, end);
      if (depth === 0) {
        children++;
        const colon = name.indexOf(':');
        if (colon < 0 ? vocabulary.children.includes(name) : libvirtPrefixes.has(name.slice(0, colon))) fit++;
        // A tag still being typed (`<na`, cut off by the next tag) or a misspelling says nothing either way.
        else if (colon < 0 && (nearMiss(name, vocabulary.children) || (tagEnd < 0 && vocabulary.children.some((c) => c.startsWith(name))))) neutral++;
        else {
          misfits++;
          if (!strangers.includes(`<${name}>`)) strangers.push(`<${name}>`);
        }
      }
      if (tagEnd < 0) break;
      if (text[tagEnd - 2] !== '/') depth++;
      i = tagEnd;
    }
    if (i < 0) break;
  }
  return { fit, misfits, strangers, neutral };
}

/** `name` differs from one of `names` by case alone or by one edit (insert, delete, replace, swap of neighbours). */
function nearMiss(name: string, names: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return names.some((n) => n.length >= 3 && oneEditApart(lower, n.toLowerCase()));
}

function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** XML's white space: space, tab, CR, LF. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Offset just past the `>` ending a start tag whose attributes begin at `from` (quotes respected), or -1. */
function startTagEnd(text: string, from: number, end: number): number {
  let quote = '';
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
    else if (c === '<') return -1;
  }
  return -1;
}

/** `name` (the root's, at `lt`), marked `{}name` when its start tag declares a default namespace. */
function qualifiedRoot(text: string, lt: number, name: string): string {
  const close = text.indexOf('>', lt);
  const startTag = text.slice(lt, close < 0 ? lt + 4096 : Math.min(close, lt + 4096));
  return /\sxmlns\s*=/.test(startTag) ? `{}${name}` : name;
}

/** Offset just past `token` searched from `from`, or -1. */
function afterToken(text: string, token: string, from: number): number {
  const at = text.indexOf(token, from);
  return at < 0 ? -1 : at + token.length;
}

/** Offset just past the `>` closing a `<!…>` declaration (quotes and `[…]` respected), or -1. */
function afterDeclaration(text: string, from: number, end: number): number {
  let depth = 0;
  let quote = '';
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      depth = Math.max(0, depth - 1);
    } else if (c === '>' && depth === 0) {
      return i + 1;
    }
  }
  return -1;
}
