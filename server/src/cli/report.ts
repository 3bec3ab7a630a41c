// The lint run's plain outputs: compiler-style text, JSON (LSP diagnostics per
// file) and GitHub Actions workflow commands (`::error file=…::…`), which
// Actions shows as annotations on the pull request's diff.

import type { Diagnostic } from 'vscode-languageserver-types';
import { kindNames } from '../domain/documentKind';
import { messageText, type FileResult } from './lintFile';

export interface RunSummary {
  /** Files checked (libvirt XML), in order. */
  checked: FileResult[];
  /** Every input in order, skipped ones too (for --verbose); absent = only `checked`. */
  results?: FileResult[];
  /** Files skipped because they are not libvirt XML. */
  skipped: number;
  /** Files that could not be read. */
  failed: number;
  /** Problems left out because the baseline records them. */
  inBaseline: number;
}

const severityName: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;

const byId = new Map(Object.values(kindNames).map((k) => [k.id, k]));

/** A kind id as people read it: 'storagepool' → 'storage pool'. */
export function kindLabel(id: string | undefined): string {
  return (id !== undefined && byId.get(id)?.one) || 'libvirt document';
}

/**
 * Compiler-style lines (`file:line:col: severity code: message`), then the
 * summary. `verbose` heads each file with its kind ("vm.xml: domain") and
 * names each skipped file with why ("pom.xml: skipped: not libvirt XML (root <project>)").
 */
export function toText(run: RunSummary, quiet: boolean, verbose = false): string {
  let out = '';
  for (const r of verbose ? (run.results ?? run.checked) : run.checked) {
    if (verbose && r.skipped) out += `${r.file}: skipped: ${r.skipped}\n`;
    if (verbose && !r.skipped && !r.failure) out += `${r.file}: ${kindLabel(r.kind)}\n`;
    if (r.skipped || r.failure) continue;
    for (const d of r.diagnostics) out += `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severityName[d.severity ?? 1]} ${d.code}: ${messageText(d)}\n`;
  }
  return quiet ? out : out + summaryLine(run) + '\n';
}

/** "2 domains, 1 network, 1 storage pool": the kinds checked, in libvirt's usual order. */
export function kindCounts(checked: readonly FileResult[]): string {
  const counts = new Map<string, number>();
  for (const r of checked) counts.set(r.kind ?? '', (counts.get(r.kind ?? '') ?? 0) + 1);
  const order = [...Object.values(kindNames).map((k) => k.id), ''];
  return order
    .filter((id) => counts.has(id))
    .map((id) => {
      const n = counts.get(id)!;
      const k = byId.get(id);
      return `${n} ${k ? (n === 1 ? k.one : k.many) : n === 1 ? 'libvirt document' : 'libvirt documents'}`;
    })
    .join(', ');
}

/** "1 error, 0 warnings, 2 notes in 3 files: 2 domains, 1 network (1 other file skipped)". */
export function summaryLine(run: RunSummary): string {
  const counts = [0, 0, 0, 0, 0];
  for (const r of run.checked) for (const d of r.diagnostics) counts[d.severity ?? 1]++;
  const extra = [
    run.failed ? `${run.failed} not checked` : '',
    run.skipped ? `${plural(run.skipped, 'other file')} skipped` : '',
    run.inBaseline ? `${plural(run.inBaseline, 'known problem')} in the baseline` : '',
  ].filter(Boolean);
  const kinds = run.checked.length ? `: ${kindCounts(run.checked)}` : '';
  return `${plural(counts[1], 'error')}, ${plural(counts[2], 'warning')}, ${plural(counts[3] + counts[4], 'note')} in ${plural(run.checked.length, 'file')}${kinds}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/** `[{ file, kind, diagnostics }]` for the files checked, `kind` being the stable id (domain, network, storagepool…). */
export function toJson(run: RunSummary): string {
  return JSON.stringify(run.checked.map(({ file, kind, diagnostics }) => ({ file, kind, diagnostics })), null, 2) + '\n';
}

const githubLevel: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'notice', 4: 'notice' };

/** A workflow command's message: `%`, CR and LF escaped (GitHub's toolkit `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as data, plus `:` and `,` (GitHub's toolkit `escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(file: string, d: Diagnostic): string {
  const props: Array<[string, string | number]> = [
    ['file', file],
    ['line', d.range.start.line + 1],
    ['col', d.range.start.character + 1],
    ['endLine', d.range.end.line + 1],
  ];
  // GitHub takes endColumn only on single-line annotations.
  if (d.range.end.line === d.range.start.line) props.push(['endColumn', d.range.end.character + 1]);
  props.push(['title', `libvirt-xml ${String(d.code)}`]);
  return `::${githubLevel[d.severity ?? 1]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(messageText(d))}`;
}

/** One annotation line per diagnostic (paths '/'-separated, as the repository has them), then the plain summary. */
export function toGithub(run: RunSummary): string {
  let out = '';
  for (const r of run.checked) for (const d of r.diagnostics) out += annotation(r.file.replace(/\\/g, '/'), d) + '\n';
  return out + summaryLine(run) + '\n';
}
