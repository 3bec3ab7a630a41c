// The one test helper for rule families: findings as [code, covered text], one
// finding's details, and a fix applied with the codes that remain. Assert by
// code and covered text, never by line and column.

import assert from 'node:assert/strict';
import type { DiagnosticSeverity } from 'vscode-languageserver-types';
import { applyEdits, docAt, service } from './engine';

/** [code, covered text] of every diagnostic (only `codes` when given), in document order. */
export function findings(text: string, codes?: ReadonlySet<string>): Array<[string, string]> {
  const { doc } = docAt(text);
  return service()
    .doValidation(doc)
    .filter((d) => !codes || codes.has(String(d.code)))
    .map((d) => [String(d.code), doc.textDocument.getText(d.range)]);
}

/** The first diagnostic with `code`: message, severity and covered text. */
export function findingOf(text: string, code: string): { message: string; severity: DiagnosticSeverity | undefined; covered: string } {
  const { doc } = docAt(text);
  const d = service().doValidation(doc).find((x) => x.code === code);
  assert.ok(d, `${code} reported`);
  return { message: String(d.message), severity: d.severity, covered: doc.textDocument.getText(d.range) };
}

/**
 * The fixes offered for the first `code` diagnostic, and the text after
 * applying the one titled `title` (the preferred one by default) together
 * with the codes still reported on it.
 */
export function applyFix(text: string, code: string, title?: string): { titles: string[]; preferred: string | undefined; after: string; remaining: string[] } {
  const { doc } = docAt(text);
  const d = service().doValidation(doc).find((x) => x.code === code);
  assert.ok(d, `${code} reported`);
  const actions = service().doCodeActions(doc, d.range, [d]).filter((a) => a.diagnostics?.[0]?.code === code);
  const chosen = title === undefined ? actions.find((a) => a.isPreferred) : actions.find((a) => a.title === title);
  assert.ok(chosen, `fix ${title ?? '(preferred)'} among ${actions.map((a) => a.title).join(' | ')}`);
  const after = applyEdits(doc, chosen.edit?.changes?.[doc.textDocument.uri] ?? []);
  return {
    titles: actions.map((a) => a.title),
    preferred: actions.find((a) => a.isPreferred)?.title,
    after,
    remaining: findings(after).map(([c]) => c),
  };
}

export interface GuestParts {
  type?: string;
  arch?: string;
  machine?: string;
  osAttrs?: string;
  /** <os> children after <type>. */
  os?: string;
  /** <features> content (undefined: <acpi/>, '' for none). */
  features?: string;
  /** Top-level elements after <vcpu>. */
  top?: string;
}

/** A small QEMU guest (q35 by default) with `devices` inside <devices>, for the device rule families. */
export function guest(devices: string, p: GuestParts = {}): string {
  const features = p.features ?? '<acpi/>';
  return (
    `<domain type='${p.type ?? 'kvm'}'>\n  <name>t</name>\n  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>\n  <memory unit='MiB'>512</memory>\n  <vcpu>2</vcpu>\n` +
    (p.top ? `  ${p.top}\n` : '') +
    `  <os${p.osAttrs ?? ''}>\n    <type arch='${p.arch ?? 'x86_64'}' machine='${p.machine ?? 'q35'}'>hvm</type>\n${p.os ? `    ${p.os}\n` : ''}  </os>\n` +
    (features ? `  <features>\n    ${features}\n  </features>\n` : '') +
    `  <devices>\n    ${devices}\n  </devices>\n</domain>\n`
  );
}

/** The codes of `table` as a set, for `findings(text, codes)`. */
export function codesOf(table: Record<string, unknown>): ReadonlySet<string> {
  return new Set(Object.keys(table));
}
