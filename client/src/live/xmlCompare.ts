// Whether libvirt stored what the user saved: both texts reduced to a canonical
// form that ignores what libvirt always reformats (indentation and line breaks
// between tags, attribute order, quote style, <x></x> versus <x/>, the XML
// declaration) so that only real rewrites (dropped elements, filled-in defaults,
// changed values) count. Pure and linear; never throws on broken XML.

/** The canonical form of an XML text (not XML itself; only for comparing). */
export function canonicalXml(text: string): string {
  let s = text.replace(/^\uFEFF/, '').replace(/^\s*<\?xml[^>]*\?>/, '');
  s = s.replace(/<!--[\s\S]*?-->/g, '');
  // Start tags: attributes sorted, values single-quoted (entities left as written).
  s = s.replace(/<([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:'[^']*'|"[^"]*"))*)\s*(\/?)>/g, (_m, name: string, attrs: string, slash: string) => {
    const list = [...attrs.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:'([^']*)'|"([^"]*)")/g)].map(([, n, a, b]) => `${n}='${(a ?? b).replace(/'/g, '&apos;')}'`);
    list.sort();
    return `<${name}${list.length ? ' ' + list.join(' ') : ''}${slash ? '/' : ''}>`;
  });
  s = s.replace(/>\s+</g, '><').trim();
  // <x a='1'></x> → <x a='1'/>
  s = s.replace(/<([A-Za-z_][\w:.-]*)([^<>]*?)><\/\1>/g, '<$1$2/>');
  return s;
}

/** Whether libvirt's stored text says something else than the saved one. */
export function rewritten(saved: string, stored: string): boolean {
  return canonicalXml(saved) !== canonicalXml(stored);
}

/** The `<name>` of a libvirt object document (the first one, entities decoded), or undefined. */
export function objectName(text: string): string | undefined {
  const m = /<name>\s*([^<]*?)\s*<\/name>/.exec(text);
  if (!m) return undefined;
  return m[1].replace(/&(lt|gt|quot|apos|amp);/g, (_e, n: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[n] ?? '');
}
