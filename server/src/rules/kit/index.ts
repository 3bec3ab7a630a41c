// The rule families' one helper kit: import from here. Findings and their
// ranges (report), quick-fixes with one title convention (fixes), text edits
// (edits), checkers for shared attribute kinds (checks), libvirt's message
// forms (messages), and the codes those checkers report (codes).

export * from './report';
export * from './fixes';
export * from './edits';
export * from './checks';
export * from './messages';
export { kitCodes } from './codes';
