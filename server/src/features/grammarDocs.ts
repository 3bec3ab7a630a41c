// Links to libvirt's documentation for grammar elements: the page of the
// document kind and, when the generator found one, the section about the
// element (keyed parent/name for names that mean different things under
// different parents, grand/parent/name below such a parent), else the nearest
// ancestor's section.

import type { XmlElement } from '../xml/nodes';
import { bundledGrammar } from '../schema/bundled';
import type { Grammar } from '../schema/grammar';

/** The documentation URL for `el` in a document of schema `file` ('domain.rng'). */
export function docsUrl(file: string, el: XmlElement, grammar: Grammar = bundledGrammar()): string {
  const docs = grammar.data.docs[file];
  const page = docs?.page ?? 'format';
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    const anchors = docs?.anchors ?? {};
    const keyed = e.parent ? `${e.parent.name}/${e.name}` : '';
    const deep = e.parent?.parent ? `${e.parent.parent.name}/${keyed}` : '';
    const anchor = (deep && own(anchors, deep)) || (keyed && own(anchors, keyed)) || own(anchors, e.name);
    if (anchor) return `https://libvirt.org/${page}.html#${anchor}`;
  }
  return `https://libvirt.org/${page}.html`;
}

/** A Markdown line linking `el`'s documentation. */
export function docsLink(file: string, el: XmlElement, grammar?: Grammar): string {
  const url = docsUrl(file, el, grammar);
  const hash = url.indexOf('#');
  return `[libvirt documentation${hash >= 0 ? `: ${url.slice(hash + 1).replace(/-/g, ' ')}` : ''}](${url})`;
}

function own(table: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
