// The shapes every rule family shares: a code's table entry, and a finding
// with its optional fixes, all in offsets of the checked document.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CodeInfo {
  severity: Severity;
  /** One line for the README and hovers: what triggers it. */
  summary: string;
  /** libvirt's own message for it (prefix dropped), or where libvirt refuses it; for the README table. */
  libvirt?: string;
  /** The quick-fix offered, in a few words; for the README table. */
  fix?: string;
}



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
  /** A key of `diagnosticCodes` (rules/index.ts). */
  code: string;
  start: number;
  end: number;
  message: string;
  fixes?: Fix[];
}
