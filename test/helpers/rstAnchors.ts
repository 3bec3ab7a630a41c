// The section anchors of a reStructuredText page as docutils' rst2html5 (which
// builds libvirt.org) makes them, written apart from the grammar generator so
// a test can check the generator's links: a title is a line at column 0 over
// an underline (and optionally under an overline) of one punctuation character;
// its id is the title's text without inline markup, lower-cased, runs of other
// characters turned into '-', leading digits and dashes dropped; a repeated
// title gets '-1', '-2'…; explicit targets (`.. _name:`) add their own ids.

const adornment = /^([!-/:-@[-`{-~])\1+\s*$/;

/** docutils' make_id for a title or a target name (ASCII text assumed). */
export function docutilsId(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[-0-9]+|-+$/g, '');
}

/** A title's text as docutils renders it: roles, literals, links and emphasis reduced to their text. */
export function titleText(title: string): string {
  return title
    .replace(/:[\w-]+:`([^`]*)`/g, (_m, body: string) => body.replace(/\s*<[^>]*>$/, ''))
    .replace(/``(.*?)``/g, '$1')
    .replace(/`([^`]*)`__?/g, (_m, body: string) => body.replace(/\s*<[^>]*>$/, ''))
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*(.*?)\*\*/g, '$1')
    .replace(/\*(.*?)\*/g, '$1')
    .trim();
}

export interface RstSection {
  title: string;
  id: string;
  /** 1 for the page title, 2 for its sections, … (by the order adornment styles first appear). */
  level: number;
  line: number;
}

/** The sections of `rst` in document order, with docutils' ids. */
export function rstSections(rst: string): RstSection[] {
  const lines = rst.split('\n');
  const styles: string[] = [];
  const used = new Map<string, number>();
  const out: RstSection[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const text = lines[i];
    if (text.trim() === '' || /^\s/.test(text) || adornment.test(text)) continue;
    const under = lines[i + 1];
    const m = adornment.exec(under);
    if (!m || under.trim().length < Math.min(4, text.trim().length)) continue;
    if (i > 0 && lines[i - 1].trim() !== '' && !adornment.test(lines[i - 1])) continue; // inside a paragraph
    const over = i > 0 && adornment.test(lines[i - 1]) && lines[i - 1].trim() === under.trim();
    const style = `${over ? 'o' : 'u'}${m[1]}`;
    if (!styles.includes(style)) styles.push(style);
    const title = titleText(text.trim());
    const base = docutilsId(title);
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    out.push({ title, id: n === 0 ? base : `${base}-${n}`, level: styles.indexOf(style) + 1, line: i + 1 });
    i++;
  }
  return out;
}

/**
 * The sections that become anchors: docutils makes a lone top-level section
 * the page title (no anchor) when nothing but directives and comments comes before it.
 */
export function anchoredSections(rst: string): RstSection[] {
  const all = rstSections(rst);
  const first = all[0];
  if (!first || all.some((s, i) => i > 0 && s.level === 1)) return all;
  const before = rst.split('\n').slice(0, first.line - 1);
  const overline = before.length > 0 && adornment.test(before[before.length - 1]) ? 1 : 0;
  const lead = before.slice(0, before.length - overline);
  let inDirective = false;
  const onlyDirectives = lead.every((l) => {
    if (l.trim() === '') return true;
    if (l.startsWith('.. ')) return (inDirective = true);
    return inDirective && /^\s/.test(l); // the directive's indented options
  });
  return onlyDirectives ? all.slice(1) : all;
}

/** Every anchor of the page: section ids and explicit target names. */
export function rstAnchors(rst: string): Set<string> {
  const out = new Set(anchoredSections(rst).map((s) => s.id));
  for (const m of rst.matchAll(/^\.\. _([^:`]+|`[^`]+`):\s*$/gm)) out.add(docutilsId(m[1].replace(/`/g, '')));
  return out;
}
