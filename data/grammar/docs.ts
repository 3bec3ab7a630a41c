// Links from grammar elements to sections of libvirt's documentation pages:
// reads the format*.rst sources, makes each section title's anchor the way
// docutils does (lower case, runs of other characters become '-'), and maps
// element names to sections (rules at anchorsFor). Build-time only; the result
// goes into data/grammar.json.

import type { ElementPlaces, GrammarDocs } from '../../server/src/schema/format';

/** The documentation page (libvirt.org/<page>.html, docs/<page>.rst) of each root schema file. */
export const pages: Record<string, string> = {
  'domain.rng': 'formatdomain',
  'network.rng': 'formatnetwork',
  'networkport.rng': 'formatnetworkport',
  'storagepool.rng': 'formatstorage',
  'storagevol.rng': 'formatstorage',
  'nwfilter.rng': 'formatnwfilter',
  'secret.rng': 'formatsecret',
  'interface.rng': 'format',
  'nodedev.rng': 'formatnode',
  'capability.rng': 'formatcaps',
  'domaincaps.rng': 'formatdomaincaps',
};

interface Section {
  title: string;
  anchor: string;
  body: string;
}

/** docutils' id for a section title (inline markup dropped). */
export function anchorOf(title: string): string {
  const plain = title
    .replace(/:[a-z]+:`([^`<]*?)(?:\s*<[^>]*>)?`/g, '$1')
    .replace(/``([^`]*)``/g, '$1')
    .replace(/`([^`<]*?)(?:\s*<[^>]*>)?`_*/g, '$1')
    .replace(/\*\*?([^*]*)\*\*?/g, '$1');
  return plain
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[-0-9]+|-+$/g, '');
}

export function sections(rst: string): Section[] {
  const lines = rst.split('\n');
  const out: Section[] = [];
  let current: Section | undefined;
  for (let i = 0; i < lines.length; i++) {
    const title = lines[i];
    const under = lines[i + 1];
    if (under !== undefined && title.trim() !== '' && /^([=\-~^'"])\1{2,}\s*$/.test(under) && under.trim().length >= title.trim().length && !/^\s/.test(title)) {
      current = { title: title.trim(), anchor: anchorOf(title.trim()), body: '' };
      out.push(current);
      i++;
      continue;
    }
    if (current) current.body += title + '\n';
  }
  return out;
}

/** Sections the rules above would miss: name → anchor. */
const overrides: Record<string, string> = { hostdev: 'host-device-assignment' };

export type { ElementPlaces };

/**
 * Anchors from one page's rst text. A name found under one parent is keyed by
 * itself: the shortest section title naming it (or its plural) among sections
 * showing its tag, else the first section showing it. A name found under
 * several parents (source, target, driver, memory…) is keyed parent/name: from
 * the parent's own section on (from the start for the root's children), the
 * first section whose title names it, else the parent's own section when it
 * shows the tag, else the first that does.
 */
export function anchorsFor(rst: string, places: readonly ElementPlaces[]): Record<string, string> {
  const secs = sections(rst).slice(1); // the first is the page title
  const out: Record<string, string> = {};
  const shows = (name: string) => {
    const tag = new RegExp(`<${escape(name)}[\\s/>]`);
    return (s: Section) => tag.test(s.body);
  };
  const single = places.filter((p) => p.parents.length <= 1);
  for (const { name } of single) {
    const word = new RegExp(`(^|[^\\w-])${escape(name)}e?s?($|[^\\w-])`, 'i');
    const has = shows(name);
    const titled = secs.filter((s) => word.test(s.title) && has(s)).sort((a, b) => a.title.length - b.title.length);
    const override = overrides[name] && secs.find((s) => s.anchor === overrides[name]);
    const best = override || titled[0] || secs.find(has);
    if (best) out[name] = best.anchor;
  }
  // A parent that itself has several places: its own keyed anchors are found in an earlier round.
  const anchorOfParent = (parent: string): string | undefined =>
    out[parent] ?? Object.keys(out).filter((k) => k.endsWith(`/${parent}`)).sort().map((k) => out[k])[0];
  const multi = places.filter((p) => p.parents.length > 1);
  for (let round = 0; round < 4; round++) {
    for (const { name, parents } of multi) {
      const has = shows(name);
      for (const parent of parents) {
        const at = anchorOfParent(parent);
        const from = at ? secs.findIndex((s) => s.anchor === at) : 0;
        // From the parent's section on: the first whose title names it, else the first showing it after the parent's own.
        const after = secs.slice(Math.max(0, from));
        const word = new RegExp(`(^|[^\\w-])${escape(name)}e?s?($|[^\\w-])`, 'i');
        const best = after.find((s) => word.test(s.title) && has(s)) ?? (at && has(after[0]) ? after[0] : undefined) ?? after.find(has);
        if (best) out[`${parent}/${name}`] = best.anchor;
      }
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The docs table for the root files compiled: page and anchors per file (anchors only when the rst is readable). */
export function grammarDocs(files: readonly string[], elementNames: (file: string) => ElementPlaces[], readRst: (page: string) => string | undefined): GrammarDocs {
  const out: GrammarDocs = {};
  for (const file of files) {
    const page = pages[file] ?? 'format';
    const rst = readRst(page);
    out[file] = { page, anchors: rst === undefined ? {} : anchorsFor(rst, elementNames(file)) };
  }
  return out;
}
