// Hover from libvirt's grammar, for elements and attributes outside what the
// CPU-area hover explains: required or optional here, the allowed values or
// the value's shape, the attributes and children an element takes in its
// variant, and a link to libvirt's documentation page (its section when known);
// above those facts, our own description of the element, attribute or value
// when it is among the most used ones (features/descriptions.ts).
// Used only where the CPU-area hover has nothing (languageService).

import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { attributeChoices, attributeRequired, attributeValues, childSummary, elementRequired, textValues, type SchemaView } from '../schema/assist';
import { describeChoices } from '../schema/describe';
import { cursorAt } from './cursor';
import { grammarView, ownedByCpuArea } from './grammarCompletion';
import { toRange, type ParsedDocument } from './parsedDocument';
import { docsLink } from './grammarDocs';
import { literalAngles } from './markdown';
import { attributeDescription, describedKind, elementDescription, valueDescription } from './descriptions';
import { bundledGrammar } from '../schema/bundled';
import type { Grammar } from '../schema/grammar';

export function doGrammarHover(doc: ParsedDocument, offset: number, grammar: Grammar = bundledGrammar()): Hover | null {
  const c = cursorAt(doc.xml, offset);
  if (!c || !(c.kind === 'startTagName' || c.kind === 'endTagName' || (c.kind === 'attributeName' && c.attribute) || c.kind === 'attributeValue')) return null;
  // The CPU-area table documents its own elements (and hovers them itself).
  if (ownedByCpuArea(doc, c.element)) return null;
  const view = grammarView(doc, grammar);
  if (!view) return null;
  const kind = describedKind(doc.xml.roots[0]?.name);
  const lines: string[] = [];
  const prose = (text: string | undefined) => {
    if (text) lines.push(text);
  };
  let start: number;
  let end: number;
  if (c.kind === 'startTagName' || c.kind === 'endTagName') {
    const el = c.element;
    if (!view.opened(el)) return null; // not allowed there: the diagnostic says why
    start = c.start;
    end = c.end;
    const root = el.parent === undefined;
    lines.push(`**<${el.name}>**${root ? ' (document root)' : el.parent ? ` in <${el.parent.name}>: ${elementRequired(view, el) ? 'required' : 'optional'}` : ''}`);
    if (kind) prose(elementDescription(kind, el));
    const attrs = attributeChoices(view, el);
    const present = el.attributes.filter((a) => !a.name.startsWith('xmlns')).map((a) => a.name);
    const required = [...attrs.required];
    if (required.length) lines.push(`Required attributes: ${required.map(code).join(', ')}`);
    const optional = attrs.names.filter((n) => !attrs.required.has(n));
    if (optional.length) lines.push(`Other attributes${present.length ? ' (besides those written)' : ''}: ${limit(optional.map(code), 20)}`);
    const kids = childSummary(view, el);
    if (kids.required.length) lines.push(`Required children: ${kids.required.map((k) => code(`<${k}>`)).join(', ')}`);
    if (kids.children.length) lines.push(`Children: ${limit(kids.children.map((k) => code(`<${k}>`)), 25)}`);
    const text = textValues(view, el);
    if (text) lines.push(`Content: ${describeChoices(text)}`);
  } else if (c.kind === 'attributeName' && c.attribute) {
    const el = c.element;
    const a = c.attribute;
    if (!view.opened(el)) return null;
    start = a.nameStart;
    end = a.nameEnd;
    const values = attributeValues(view, el, a.name, a);
    if (!values) return null; // not allowed here: the diagnostic says so
    lines.push(`**${a.name}** on <${el.name}>: ${attributeRequired(view, el, a) ? 'required' : 'optional'}`);
    if (kind) {
      prose(attributeDescription(kind, el, a.name));
      const v = a.value;
      const meaning = v !== undefined && values.values.includes(v) ? valueDescription(kind, el, a.name, v) : undefined;
      if (meaning) lines.push(`${code(v!)}: ${meaning}`);
    }
    lines.push(`Value: ${describeChoices(values)}`);
  } else if (c.kind === 'attributeValue') {
    const el = c.element;
    const a = c.attribute;
    if (!view.opened(el)) return null;
    const values = attributeValues(view, el, a.name, a);
    if (!values) return null;
    start = a.valueStart >= 0 ? a.valueStart : c.start;
    end = a.valueStart >= 0 ? a.valueEnd : c.end;
    const v = a.value ?? '';
    const known = values.values.includes(v);
    const closed = values.values.length > 0 && values.data.length === 0 && !values.text;
    lines.push(`**${a.name}** = ${code(v)} on <${el.name}>${closed && !known ? ': not one of the allowed values' : ''}`);
    if (kind) {
      if (known) prose(valueDescription(kind, el, a.name, v));
      prose(attributeDescription(kind, el, a.name));
    }
    lines.push(`Value: ${describeChoices(values)}`);
  } else return null;
  lines.push(docsLink(view.file, c.element, grammar));
  return { range: toRange(doc.textDocument, start, end), contents: { kind: MarkupKind.Markdown, value: literalAngles(lines.join('\n\n')) } };
}

function code(s: string): string {
  return `\`${s}\``;
}

function limit(items: string[], n: number): string {
  return items.length > n ? `${items.slice(0, n).join(', ')}, … (${items.length} in all)` : items.join(', ');
}

export type { SchemaView };
