// Which documents are libvirt's, decided from the first element alone: the one
// check the server (before parsing) and the VS Code client (before showing any
// UI) share. No imports, so the client bundles it without the engine.

/**
 * The root elements of the documents the engine serves: domains, host capabilities
 * and bare CPUs (the CPU-area rules read these), and the other documents libvirt's
 * grammar covers: network, networkport, pool, volume, filter (nwfilter), secret,
 * interface and device (node device).
 */
export const libvirtRoots: ReadonlySet<string> = new Set([
  'domain', 'capabilities', 'domainCapabilities', 'cpu',
  'network', 'networkport', 'pool', 'volume', 'filter', 'secret', 'interface', 'device',
]);

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
  const end = Math.min(text.length, sniffLength);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < end) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= end || (strict && text.slice(i, lt).trim() !== '')) return undefined;
    if (text.startsWith('<?', lt)) i = afterToken(text, '?>', lt + 2);
    else if (text.startsWith('<!--', lt)) i = afterToken(text, '-->', lt + 4);
    else if (text.startsWith('<!', lt)) i = afterDeclaration(text, lt + 2, end);
    else return qualifiedRoot(text, lt);
    if (i < 0) return undefined;
  }
  return undefined;
}

/** The engine's test: the first element is one of libvirt's roots (stray text before it is the parser's to report). */
export function looksLikeLibvirt(text: string): boolean {
  const root = rootElementName(text, false);
  return root !== undefined && libvirtRoots.has(root);
}

/**
 * The client's test, from the language id and the document's start: `xml`
 * needs a libvirt root element; `libvirt-xml`, chosen by the user, counts
 * until a foreign root element appears.
 */
export function isLibvirtDocument(languageId: string, start: string): boolean {
  if (languageId !== 'xml' && languageId !== 'libvirt-xml') return false;
  const root = rootElementName(start);
  if (languageId === 'libvirt-xml') return root === undefined || libvirtRoots.has(root);
  return root !== undefined && libvirtRoots.has(root);
}

/** The root's name at `lt`, marked `{}name` when its start tag declares a default namespace. */
function qualifiedRoot(text: string, lt: number): string | undefined {
  const name = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/.exec(text.slice(lt, lt + 256))?.[1];
  if (name === undefined) return undefined;
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
