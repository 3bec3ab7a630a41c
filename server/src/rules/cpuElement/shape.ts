// The shape the schema allows for <cpu> and its children (not <numa>'s): unknown elements and
// attributes and second copies, which libvirt ignores (a second <cache> it refuses) and the schema refuses.

import { editDistance } from '../../util/strings';
import type { XmlElement } from '../../xml/nodes';
import { elementSpec } from '../../domain/schema';
import type { Fix, TextEdit } from '../types';
import { type CpuCheck } from './cpuCheck';
import { bySchema, nameRange, removeAttribute, removeElement, report, wholeAttribute } from '../kit';

/** Children another rule family checks, duplicates included (numa.ts). */
const delegated: ReadonlySet<string> = new Set(['numa']);

export function checkShape(c: CpuCheck): void {
  const spec = elementSpec('domain/cpu');
  if (!spec) return;
  checkAttributes(c, c.el, 'domain/cpu');
  const seen = new Set<string>();
  const present = new Set(c.el.children.map((x) => x.name));
  for (const child of c.el.children) {
    if (!spec.children.includes(child.name)) {
      unknownElement(c, child, 'cpu', spec.children, present);
      continue;
    }
    const path = `domain/cpu/${child.name}`;
    const childSpec = elementSpec(path);
    if (!childSpec || delegated.has(child.name)) continue;
    if (!childSpec.repeatable) {
      if (seen.has(child.name)) {
        duplicate(c, child, 'cpu');
        continue;
      }
      seen.add(child.name);
    }
    checkAttributes(c, child, path);
    const names = new Set(child.children.map((x) => x.name));
    for (const grandchild of child.children) {
      if (!childSpec.children.includes(grandchild.name)) unknownElement(c, grandchild, child.name, childSpec.children, names);
    }
  }
}

/** A second (third…) `<cpu>` in a domain: libvirt reads only the first. */
export function checkSecondCpus(c: CpuCheck, extra: XmlElement[]): void {
  for (const el of extra) duplicate(c, el, 'domain');
}

function duplicate(c: CpuCheck, el: XmlElement, parent: string): void {
  const message =
    el.name === 'cache'
      ? 'at most one CPU cache element may be specified'
      : `only one <${el.name}> is allowed in <${parent}>: libvirt reads the first and ignores this one (${bySchema})`;
  report(c, 'cpu-element-duplicate', nameRange(el), message, [{ title: `Remove this <${el.name}>`, edits: [removeElement(c.text, el)], preferred: true }]);
}

/** `present`: the names of `el` and its siblings (a rename must not create a duplicate). */
function unknownElement(c: CpuCheck, el: XmlElement, parent: string, allowed: string[], present: ReadonlySet<string>): void {
  const fixes: Fix[] = [];
  const near = nearName(el.name, allowed, present);
  if (near) fixes.push({ title: `Rename to <${near}>`, edits: renameElement(el, near), preferred: true });
  fixes.push({ title: `Remove <${el.name}>`, edits: [removeElement(c.text, el)], ...(near ? {} : { preferred: true }) });
  const message =
    el.name === 'arch' && parent === 'cpu'
      ? `<arch> belongs in host CPU descriptions; in a domain's <cpu> libvirt ignores it (${bySchema})`
      : `<${el.name}> is not allowed in <${parent}>: libvirt ignores it (${bySchema})`;
  report(c, 'cpu-element-unknown', nameRange(el), message, fixes);
}

function checkAttributes(c: CpuCheck, el: XmlElement, path: string): void {
  const spec = elementSpec(path);
  if (!spec) return;
  const allowed = spec.attributes.map((a) => a.name);
  const present = new Set(el.attributes.map((a) => a.name));
  for (const attr of el.attributes) {
    if (allowed.includes(attr.name) || attr.name === 'xmlns' || attr.name.startsWith('xmlns:')) continue;
    const fixes: Fix[] = [];
    const near = nearName(attr.name, allowed, present);
    if (near) fixes.push({ title: `Rename to ${near}`, edits: [{ start: attr.nameStart, end: attr.nameEnd, newText: near }], preferred: true });
    fixes.push({ title: `Remove ${attr.name}`, edits: [removeAttribute(c.text, attr)], ...(near ? {} : { preferred: true }) });
    report(c, 'cpu-attribute-unknown', wholeAttribute(attr), `<${el.name}> has no attribute '${attr.name}': libvirt ignores it (${bySchema})`, fixes);
  }
}

/** Renames an element in its start tag and, when it has one, its end tag. */
function renameElement(el: XmlElement, name: string): TextEdit[] {
  const edits: TextEdit[] = [{ start: el.nameStart, end: el.nameEnd, newText: name }];
  if (el.endTagStart !== undefined) edits.push({ start: el.endTagStart + 2, end: el.endTagStart + 2 + el.name.length, newText: name });
  return edits;
}

const nearCache = new Map<string, string | undefined>();

/** The allowed name `typed` is most likely a misspelling of, when that name is not taken yet. */
function nearName(typed: string, allowed: readonly string[], present: ReadonlySet<string>): string | undefined {
  const key = `${typed}\u0000${allowed.join(' ')}`;
  let near = nearCache.get(key);
  if (near === undefined && !nearCache.has(key)) {
    near = allowed.find((a) => closeName(typed, a));
    if (nearCache.size > 1000) nearCache.clear();
    nearCache.set(key, near);
  }
  return near !== undefined && !present.has(near) ? near : undefined;
}

/** A likely misspelling: same letters up to case, or at most two edits apart (one for short names). */
function closeName(typed: string, known: string): boolean {
  if (typed.toLowerCase() === known.toLowerCase()) return true;
  const limit = known.length <= 4 ? 1 : 2;
  return Math.abs(typed.length - known.length) <= limit && editDistance(typed.toLowerCase(), known.toLowerCase(), limit) <= limit;
}
