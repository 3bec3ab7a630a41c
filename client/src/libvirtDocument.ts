// Cheap client-side guess at whether a document is libvirt's (root <domain>, <capabilities>,
// <domainCapabilities>, <cpu>), so UI stays away from other XML; the server decides for itself.

/** Root elements of the documents the server handles. */
const libvirtRoots = new Set(['domain', 'capabilities', 'domainCapabilities', 'cpu']);

/** How much of a document's start is looked at; prologs longer than this count as "no root found". */
export const sniffLength = 16 * 1024;

/**
 * The name of the first element in `text`, skipping the XML declaration, processing
 * instructions, comments and a DOCTYPE (internal subset included). Returns undefined
 * when no element starts within the first 16 KB or when text other than markup and
 * whitespace comes first; never throws on malformed input.
 */
export function rootElementName(text: string): string | undefined {
  const end = Math.min(text.length, sniffLength);
  let i = 0;
  while (i < end) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= end || text.slice(i, lt).trim() !== '') return undefined;
    if (text.startsWith('<?', lt)) {
      i = afterToken(text, '?>', lt + 2);
    } else if (text.startsWith('<!--', lt)) {
      i = afterToken(text, '-->', lt + 4);
    } else if (text.startsWith('<!', lt)) {
      i = afterDeclaration(text, lt + 2, end);
    } else {
      return /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/.exec(text.slice(lt, lt + 256))?.[1];
    }
    if (i < 0) return undefined;
  }
  return undefined;
}

/**
 * True when a document with this language id and this start (its first 16 KB is
 * enough) should get the status bar item: `xml` needs a libvirt root element;
 * `libvirt-xml`, chosen by the user, counts until a foreign root element appears.
 */
export function isLibvirtDocument(languageId: string, start: string): boolean {
  if (languageId !== 'xml' && languageId !== 'libvirt-xml') return false;
  const root = rootElementName(start);
  if (languageId === 'libvirt-xml') return root === undefined || libvirtRoots.has(root);
  return root !== undefined && libvirtRoots.has(root);
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
