// Every diagnostic the engine can report, in one table: stable code, default
// severity and what triggers it. The README's diagnostics table mirrors it.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CodeInfo {
  severity: Severity;
  /** One line for the README and hovers: what triggers it. */
  summary: string;
}

export const diagnosticCodes = {
  // XML well-formedness: libvirt's parser (libxml2) refuses the document.
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
  // CPU names, checked against the catalog in use.
  'cpu-model-unknown': { severity: 'error', summary: "A guest CPU model that is not in libvirt's cpu_map: refused when the domain starts." },
  'cpu-model-not-in-catalog': { severity: 'warning', summary: 'A model in host data or under host-model that the catalog in use does not list (another libvirt version?).' },
  'cpu-model-whitespace': { severity: 'error', summary: 'Blanks around a model name: libvirt does not trim them, so the name is unknown.' },
  'cpu-feature-unknown': { severity: 'error', summary: "A feature name that is not in libvirt's cpu_map: refused when the domain starts." },
  'cpu-feature-alias': { severity: 'error', summary: "Another program's spelling of a feature: libvirt only accepts its own name." },
  'cpu-feature-not-in-catalog': { severity: 'warning', summary: 'A feature in host data that the catalog in use does not list.' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof diagnosticCodes;

/** A text replacement, in offsets of the document the finding was made on. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one obvious fix (shown as preferred quick-fix). */
  preferred?: boolean;
}

/** One problem found by a rule, in offsets; turned into an LSP Diagnostic at the edge. */
export interface Finding {
  code: DiagnosticCode;
  start: number;
  end: number;
  message: string;
  fixes?: Fix[];
}
