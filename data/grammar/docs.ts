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
  /** 1 for the page title, 2 for its sections, … (adornment styles in order of appearance). */
  level: number;
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

/** The sections of a page, with docutils' ids (a repeated title gets '-1', '-2'…). */
export function sections(rst: string): Section[] {
  const lines = rst.split('\n');
  const out: Section[] = [];
  const styles: string[] = [];
  const used = new Map<string, number>();
  let current: Section | undefined;
  for (let i = 0; i < lines.length; i++) {
    const title = lines[i];
    const under = lines[i + 1];
    if (under !== undefined && title.trim() !== '' && /^([=\-~^'"])\1{2,}\s*$/.test(under) && under.trim().length >= title.trim().length && !/^\s/.test(title)) {
      const over = i > 0 && lines[i - 1].trim() === under.trim();
      const style = `${over ? 'o' : 'u'}${under[0]}`;
      if (!styles.includes(style)) styles.push(style);
      const base = anchorOf(title.trim());
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      current = { title: title.trim(), anchor: n === 0 ? base : `${base}-${n}`, level: styles.indexOf(style) + 1, body: '' };
      out.push(current);
      i++;
      continue;
    }
    if (current) current.body += title + '\n';
  }
  return out;
}

/** `secs[i]` and the sections nested in it. */
function subtree(secs: readonly Section[], i: number): Section[] {
  let end = i + 1;
  while (end < secs.length && secs[end].level > secs[i].level) end++;
  return secs.slice(i, end);
}

/** The part of a shared page that documents a file's root (formatstorage holds pools and volumes). */
export const pageScopes: Record<string, string> = {
  'storagepool.rng': 'storage-pool-xml',
  'storagevol.rng': 'storage-volume-xml',
};

/** Sections of worked examples: they show every tag but document none. */
const exampleTitle = /^examples?( config(uration)?s?)?$/i;

/** The sections an element of a file can link to: the file's scope of the page, examples left out. */
export function documentingSections(rst: string, file?: string): Section[] {
  let secs = sections(rst).slice(1); // the first is the page title
  const scope = file && pageScopes[file];
  const at = scope ? secs.findIndex((s) => s.anchor === scope) : -1;
  if (at >= 0) secs = subtree(secs, at);
  const out: Section[] = [];
  for (let i = 0; i < secs.length; i++) {
    if (exampleTitle.test(secs[i].title)) {
      i += subtree(secs, i).length - 1;
      continue;
    }
    out.push(secs[i]);
  }
  return out;
}

/**
 * Sections the rules below would miss, where the element is introduced under a
 * title that does not name it: name (or parent/name) → anchor.
 */
const overrides: Record<string, Record<string, string>> = {
  formatdomain: {
    hostdev: 'host-device-assignment',
    os: 'operating-system-booting',
    'domain/seclabel': 'security-label',
    address: 'device-addresses',
  },
  formatnetwork: {
    bridge: 'connectivity',
    ip: 'addressing',
  },
};

export type { ElementPlaces };

/**
 * Anchors from one page's rst text (its sections that document `file`). Each
 * element is looked for within its parent's section and that section's
 * subsections (the whole scope for the root's children): the first section
 * whose title names it (or its plural) and that shows its tag, narrowed to the
 * first such subsection with a shorter (more specific) title while there is
 * one (Consoles, serial… → Serial port), else the
 * parent's own section when it shows the tag, else the first there that does;
 * failing those, the first later section titled for it, else the parent's
 * section all the same (for the root's children: the first section showing
 * it), else the first naming it as a literal (``name``, as pages without examples in their sections do). Children of a parent with several
 * places are keyed grand/parent/name, and only where their section is not the
 * parent's (the link walks up to the parent's own otherwise). A name found under one parent is keyed by
 * itself, a name found under several (source, target, driver…) parent/name.
 * The root links the scope's section when the page is shared, else the first
 * section showing it. `address` below
 * a device is the device address, whatever the device.
 */
export function anchorsFor(rst: string, places: readonly ElementPlaces[], file?: string): Record<string, string> {
  const secs = documentingSections(rst, file);
  const own = (file && overrides[pages[file]]) || {};
  const out: Record<string, string> = {};
  const shows = (name: string) => {
    const tag = new RegExp(`<${escape(name)}[\\s/>]`);
    return (s: Section) => tag.test(s.body);
  };
  const titles = (name: string) => {
    const word = new RegExp(`(^|[^\\w-])${escape(name)}e?s?($|[^\\w-])`, 'i');
    return (s: Section) => word.test(s.title);
  };
  // Pages without examples in their sections name elements in prose: ``name`` or ``<name>``.
  const mentions = (name: string) => {
    const literal = new RegExp(`\`\`<?${escape(name)}/?>?\`\``);
    return (s: Section) => literal.test(s.body);
  };
  const overridden = (key: string) => (Object.prototype.hasOwnProperty.call(own, key) ? secs.find((s) => s.anchor === own[key]) : undefined);
  const roots = new Set(places.filter((p) => p.parents.length === 0).map((p) => p.name));
  const scope = file && pageScopes[file];
  // Children of a parent with several places (source/host, target/model) are keyed by their
  // grandparent too, and only where that differs from the parent's section: the link walks up
  // the document otherwise (grammarDocs.ts).
  const placesOf = new Map(places.map((p) => [p.name, p.parents]));
  const ambiguous = (parent: string) => (placesOf.get(parent)?.length ?? 0) > 1;
  const anchorOfParent = (parent: string): string | undefined => (roots.has(parent) ? undefined : out[parent]);
  const find = (name: string, parent: string | undefined, at = parent === undefined ? undefined : anchorOfParent(parent)): Section | undefined => {
    const has = shows(name);
    const named = titles(name);
    const from = at ? secs.findIndex((s) => s.anchor === at) : -1;
    const within = from >= 0 ? subtree(secs, from) : secs;
    // The first section titled for it, then the first of its subsections with a shorter such title, and so on down.
    const isTitled = (s: Section) => named(s) && has(s);
    let titled = within.find(isTitled);
    for (let deeper = titled; deeper; ) {
      const t: Section = deeper;
      deeper = subtree(secs, secs.indexOf(t)).slice(1).find((s) => isTitled(s) && s.title.length < t.title.length);
      if (deeper) titled = deeper;
    }
    const after = from >= 0 ? secs.slice(from + 1) : [];
    return (
      (parent !== undefined ? overridden(`${parent}/${name}`) : undefined) ??
      overridden(name) ??
      titled ??
      (from >= 0 && has(secs[from]) ? secs[from] : undefined) ??
      within.find(has) ??
      after.find(isTitled) ??
      (from >= 0 ? secs[from] : secs.find(has)) ??
      within.find(mentions(name)) ??
      secs.find(mentions(name))
    );
  };
  for (let round = 0; round < 4; round++) {
    for (const { name, parents } of places) {
      if (parents.length === 0) {
        // The root: the page's part for it, else the first section showing it (the overview).
        const first = scope ?? secs.find(shows(name))?.anchor;
        if (first) out[name] = first;
        continue;
      }
      const keyed = parents.length > 1;
      for (const parent of parents) {
        if (!ambiguous(parent)) {
          const best = find(name, parent);
          if (best) out[keyed ? `${parent}/${name}` : name] = best.anchor;
          continue;
        }
        // Keyed grand/parent/name, where that differs from the parent's own section.
        for (const grand of placesOf.get(parent)!) {
          const at = out[`${grand}/${parent}`];
          const best = at === undefined ? undefined : find(name, parent, at);
          if (best && best.anchor !== at) out[`${grand}/${parent}/${name}`] = best.anchor;
        }
      }
    }
  }
  const device = overridden('address');
  if (device) {
    for (const k of Object.keys(out)) if ((k === 'address' || k.endsWith('/address')) && !k.startsWith('source/')) out[k] = device.anchor;
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
    out[file] = { page, anchors: rst === undefined ? {} : anchorsFor(rst, elementNames(file), file) };
  }
  return out;
}
