// Rule family: XML well-formedness. The parser already found the problems;
// this turns them into findings (libvirt refuses any document libxml2 rejects).

import type { XmlDocument } from '../xml/nodes';
import type { CodeInfo, Finding } from './types';

export function checkXmlSyntax(xml: XmlDocument): Finding[] {
  return xml.problems.map((p) => ({ code: p.code, start: p.start, end: p.end, message: p.message }));
}

/** libxml2 (libvirt's parser) refuses a document with any of these, except a DOCTYPE. */
export const xmlSyntaxCodes = {
  'xml-unclosed-start-tag': { severity: 'error', summary: "A start tag without its closing '>'." },
  'xml-missing-end-tag': { severity: 'error', summary: 'An element that is never closed.' },
  'xml-unmatched-end-tag': { severity: 'error', summary: 'An end tag that matches no open element.' },
  'xml-malformed-end-tag': { severity: 'error', summary: "An end tag without a name or without '>'." },
  'xml-unclosed-quote': { severity: 'error', summary: 'An attribute value without its closing quote.' },
  'xml-attribute-no-value': { severity: 'error', summary: 'An attribute written without a value.' },
  'xml-attribute-unquoted': { severity: 'error', summary: 'An attribute value without quotes.' },
  'xml-attribute-duplicate': { severity: 'error', summary: 'The same attribute twice on one element.' },
  'xml-attribute-space': { severity: 'error', summary: 'Two attributes without whitespace between them.' },
  'xml-invalid-name': { severity: 'error', summary: "A '<' not followed by a name." },
  'xml-invalid-char': { severity: 'error', summary: 'A character or character reference XML does not allow.' },
  'xml-unclosed-comment': { severity: 'error', summary: "A comment without '-->'." },
  'xml-unclosed-cdata': { severity: 'error', summary: "A CDATA section without ']]>'." },
  'xml-unclosed-pi': { severity: 'error', summary: "A processing instruction without '?>'." },
  'xml-unclosed-doctype': { severity: 'error', summary: "A DOCTYPE without its closing '>'." },
  'xml-doctype': { severity: 'warning', summary: 'A DOCTYPE: never processed here (no entity expansion, no external references).' },
  'xml-entity-undefined': { severity: 'error', summary: 'A reference to an entity XML does not predefine.' },
  'xml-entity-bare-ampersand': { severity: 'error', summary: "An '&' that does not start a reference." },
  'xml-multiple-roots': { severity: 'error', summary: 'More than one root element.' },
  'xml-content-outside-root': { severity: 'error', summary: 'Text before or after the root element.' },
  'xml-no-root': { severity: 'error', summary: 'A document without any element.' },
  'xml-invalid-encoding': { severity: 'error', summary: 'Bytes that are not valid UTF-8 (CLI only: the editor decodes files itself).' },
  'xml-too-deep': { severity: 'error', summary: 'Elements nested deeper than libxml2 accepts (256 levels).' },
} as const satisfies Record<string, CodeInfo>;
