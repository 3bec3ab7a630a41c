// Rule family: libvirt's RelaxNG grammar (data/grammar.json) over the whole
// document, for every root the grammar has (domain, network, pool, volume, …).
// Runs after the other families: where one of them already reported the same
// spot (the CPU-area rules check the schema there with their own codes and
// libvirt's messages), or, for something an element lacks, reported on that
// element's or its parent's start tag, the grammar finding is dropped, so one
// mistake gives one diagnostic. With XML syntax errors, only findings before the first one are
// kept: the tree after it is a guess.

import type { XmlElement } from '../../xml/nodes';
import { bundledGrammar } from '../../schema/bundled';
import type { SchemaProblem } from '../../schema/validate';
import type { RuleContext } from '../context';
import { bySchema } from '../kit/messages';
import { escapeAttribute, escapeText } from '../kit/edits';
import type { Finding, Fix } from '../types';
import { closeMatches } from '../../schema/closeness';

/** The grammar findings for the document, minus those `earlier` findings already cover. */
export function checkSchema(ctx: RuleContext, earlier: readonly Finding[]): Finding[] {
  const xml = ctx.doc.xml;
  const grammar = ctx.grammar ?? bundledGrammar();
  const result = grammar.analyse(xml)?.result;
  if (!result) return [];
  const syntax = xml.problems.filter((p) => p.code !== 'xml-doctype');
  const firstSyntax = syntax.length > 0 ? Math.min(...syntax.map((p) => p.start)) : Infinity;
  const out: Finding[] = [];
  for (const p of result.problems) {
    if (p.end > firstSyntax || (firstSyntax !== Infinity && p.element.start <= firstSyntax && firstSyntax < p.element.end && !isAtName(p))) continue;
    if (earlier.some((f) => overlaps(f, p) || (!isAtName(p) && inStartTagOf(f, p.element)))) continue;
    out.push(toFinding(xml.text, p));
  }
  return out;
}

/** Problems about a name or value written at that spot (not about what an element lacks). */
function isAtName(p: SchemaProblem): boolean {
  return p.code !== 'schema-missing-element' && p.code !== 'schema-missing-attribute';
}

/**
 * A finding in the start tag of `el` or of its parent: for something `el` lacks,
 * that is the same mistake seen from the rule that knows libvirt's message
 * (<target> without dev is libvirt's "missing target information" on its <disk>).
 */
function inStartTagOf(f: Finding, el: XmlElement): boolean {
  for (const e of [el, el.parent]) if (e && f.start >= e.start && f.start < e.startTagEnd) return true;
  return false;
}

function overlaps(f: Finding, p: SchemaProblem): boolean {
  if (f.start === f.end || p.start === p.end) return f.start === p.start || (f.start <= p.start && p.start < f.end) || (p.start <= f.start && f.start < p.end);
  return f.start < p.end && p.start < f.end;
}

function toFinding(text: string, p: SchemaProblem): Finding {
  const near = p.written !== undefined && p.candidates ? closeMatches(p.written, p.candidates) : [];
  const hint = near.length > 0 ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '';
  return { code: p.code, start: p.start, end: p.end, message: `${p.message}${hint} (${bySchema})`, fixes: fixesFor(text, p, near) };
}

function fixesFor(text: string, p: SchemaProblem, near: string[]): Fix[] | undefined {
  if (near.length === 0) return undefined;
  const el = p.element;
  switch (p.code) {
    case 'schema-unknown-element':
      return near.map((n, i) => ({ title: `Rename to <${n}>`, edits: renameElement(text, el, n), preferred: i === 0 && near.length === 1 }));
    case 'schema-unknown-attribute':
      return near.map((n, i) => ({ title: `Rename to ${n}`, edits: [{ start: p.start, end: p.end, newText: n }], preferred: i === 0 && near.length === 1 }));
    case 'schema-invalid-value': {
      const attr = el.attributes.find((a) => a.valueStart === p.start);
      const quote = attr?.quote ?? "'";
      return near.map((n, i) => ({ title: `Change to '${n}'`, edits: [{ start: p.start, end: p.end, newText: escapeAttribute(n, quote) }], preferred: i === 0 && near.length === 1 }));
    }
    case 'schema-invalid-text':
      return near.map((n, i) => ({ title: `Change to ${n}`, edits: [{ start: p.start, end: p.end, newText: escapeText(n) }], preferred: i === 0 && near.length === 1 }));
    default:
      return undefined;
  }
}

/** Edits renaming `el` in its start tag and, when it has one, its end tag. */
function renameElement(text: string, el: XmlElement, name: string) {
  const edits = [{ start: el.nameStart, end: el.nameEnd, newText: name }];
  if (el.endTagStart !== undefined && text.startsWith(el.name, el.endTagStart + 2)) {
    edits.push({ start: el.endTagStart + 2, end: el.endTagStart + 2 + el.name.length, newText: name });
  }
  return edits;
}
