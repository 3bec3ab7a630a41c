// The diagnostic codes of this rule family: stable id, default severity, and the
// README table's columns. Kept apart from the checks so nothing imports back into them.

import type { CodeInfo } from '../types';

export const xmlSyntaxCodes = {
  'xml-unclosed-start-tag': { severity: 'error', summary: "A start tag without its closing '>'.", libvirt: "Couldn't find end of Start Tag" },
  'xml-missing-end-tag': { severity: 'error', summary: 'An element that is never closed.', libvirt: 'Opening and ending tag mismatch / Premature end of data' },
  'xml-unmatched-end-tag': { severity: 'error', summary: 'An end tag that matches no open element.', libvirt: 'Opening and ending tag mismatch' },
  'xml-malformed-end-tag': { severity: 'error', summary: "An end tag without a name or without '>'.", libvirt: "expected '>'" },
  'xml-unclosed-quote': { severity: 'error', summary: 'An attribute value without its closing quote.', libvirt: "Unescaped '<' not allowed in attributes values / AttValue: ' expected" },
  'xml-attribute-no-value': { severity: 'error', summary: 'An attribute written without a value.', libvirt: 'Specification mandates value for attribute' },
  'xml-attribute-unquoted': { severity: 'error', summary: 'An attribute value without quotes.', libvirt: 'AttValue: \" or \' expected' },
  'xml-attribute-duplicate': { severity: 'error', summary: 'The same attribute twice on one element.', libvirt: 'Attribute … redefined' },
  'xml-attribute-space': { severity: 'error', summary: 'Two attributes without whitespace between them.', libvirt: 'attributes construct error' },
  'xml-invalid-name': { severity: 'error', summary: "A '<' not followed by a name.", libvirt: 'StartTag: invalid element name' },
  'xml-invalid-char': { severity: 'error', summary: 'A character or character reference XML does not allow.', libvirt: 'PCDATA invalid Char value / xmlParseCharRef: invalid xmlChar value' },
  'xml-unclosed-comment': { severity: 'error', summary: "A comment without '-->'.", libvirt: 'Comment not terminated' },
  'xml-unclosed-cdata': { severity: 'error', summary: "A CDATA section without ']]>'.", libvirt: 'CData section not finished' },
  'xml-unclosed-pi': { severity: 'error', summary: "A processing instruction without '?>'." },
  'xml-unclosed-doctype': { severity: 'error', summary: "A DOCTYPE without its closing '>'." },
  'xml-doctype': { severity: 'warning', summary: 'A DOCTYPE: never processed here (no entity expansion, no external references).' },
  'xml-entity-undefined': { severity: 'error', summary: 'A reference to an entity XML does not predefine.', libvirt: "Entity '…' not defined" },
  'xml-entity-bare-ampersand': { severity: 'error', summary: "An '&' that does not start a reference.", libvirt: 'xmlParseEntityRef: no name' },
  'xml-multiple-roots': { severity: 'error', summary: 'More than one root element.', libvirt: 'Extra content at the end of the document' },
  'xml-content-outside-root': { severity: 'error', summary: 'Text before or after the root element.', libvirt: 'Start tag expected / Extra content at the end of the document' },
  'xml-no-root': { severity: 'error', summary: 'A document without any element.', libvirt: 'Document is empty' },
  'xml-invalid-encoding': { severity: 'error', summary: 'Bytes that are not valid UTF-8 (CLI only: the editor decodes files itself).', libvirt: 'Input is not proper UTF-8' },
  'xml-misplaced-declaration': { severity: 'error', summary: 'An <?xml …?> declaration that is not at the very start.', libvirt: 'XML declaration allowed only at the start of the document' },
  'xml-too-deep': { severity: 'error', summary: 'Elements nested deeper than libxml2 accepts (256 levels).', libvirt: 'Excessive depth in document: 256 use XML_PARSE_HUGE option' },
} as const satisfies Record<string, CodeInfo>;
