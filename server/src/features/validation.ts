// Diagnostics: runs every rule family over a parsed document and turns the
// findings into LSP diagnostics, applying the user's severity overrides.
// `toDiagnostics` is the one conversion from findings to LSP diagnostics; the
// server, the worker and the CLI all go through it.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { Settings } from '../protocol';
import { codeInfo, runRuleFamilies } from '../rules/index';
import type { Finding, Severity } from '../rules/types';
import type { RuleContext } from '../rules/context';
import { checkXmlSyntax } from '../rules/xmlSyntax/check';
import type { HostCpu } from '../hosts/hostCpu';
import type { HostTopology } from '../hosts/topology';
import { bundledGrammar } from '../schema/bundled';
import type { Grammar } from '../schema/grammar';

import { toRange, type ParsedDocument } from './parsedDocument';
import { ownMemo } from '../util/memo';

export const diagnosticSource = 'libvirt-xml';
/** Where each code is documented: the README's codes table. */
export const docsBase = 'https://github.com/libvirt-xml/libvirt-xml#diagnostic-codes';

interface Memo {
  catalog: Catalog;
  targetVersion: string;
  hosts: readonly HostCpu[];
  topologies: readonly HostTopology[];
  grammar: Grammar;
  findings: Finding[];
}

const memo = ownMemo<ParsedDocument, Memo[]>('findings');
/** Distinct (catalog, target, hosts, grammar) inputs remembered per document; an editor uses one, tests a few. */
const memoSize = 4;

/**
 * Every finding for the document: the XML syntax check, then every rule
 * family in order (host checks among them, quiet without hosts). Memoised per
 * parsed document, catalog, target version, host list and grammar (by
 * identity: a host reload makes a new list). Empty for non-libvirt files.
 */
export function findProblems(doc: ParsedDocument, catalog: Catalog, targetVersion = '', hosts: readonly HostCpu[] = [], topologies: readonly HostTopology[] = [], grammar: Grammar = bundledGrammar()): Finding[] {
  if (!doc.libvirt || doc.tentative) return [];
  let list = memo.get(doc);
  if (!list) memo.set(doc, (list = []));
  const hit = list.find((m) => m.catalog === catalog && m.targetVersion === targetVersion && m.hosts === hosts && m.topologies === topologies && m.grammar === grammar);
  if (hit) return hit.findings;
  const ctx: RuleContext = { doc: doc.libvirt, catalog, arch: catalog.archOf(doc.libvirt.arch), targetVersion, hosts, topologies, grammar };
  const findings = checkXmlSyntax(doc.xml);
  findings.push(...runRuleFamilies(ctx));
  if (list.length >= memoSize) list.shift();
  list.push({ catalog, targetVersion, hosts, topologies, grammar, findings });
  return findings;
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity a finding is shown with, after overrides; undefined when turned off. */
export function severityOf(finding: Finding, settings: Settings): DiagnosticSeverity | undefined {
  const override = settings.diagnostics.severity[finding.code];
  if (override === 'off') return undefined;
  return severities[override ?? codeInfo(finding.code)?.severity ?? 'warning'];
}

/** Findings (in offsets of `doc`) as LSP diagnostics: ranges, severity overrides, source and the code's documentation link. */
export function toDiagnostics(doc: ParsedDocument, findings: readonly Finding[], settings: Settings): Diagnostic[] {
  if (!settings.diagnostics.enable) return [];
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const severity = severityOf(f, settings);
    if (severity === undefined) continue;
    out.push({
      range: toRange(doc.textDocument, f.start, f.end),
      severity,
      code: f.code,
      codeDescription: { href: docsBase },
      source: diagnosticSource,
      message: f.message,
    });
  }
  return out;
}

export function doValidation(doc: ParsedDocument, catalog: Catalog, settings: Settings, hosts: readonly HostCpu[] = [], topologies: readonly HostTopology[] = [], grammar: Grammar = bundledGrammar()): Diagnostic[] {
  if (!settings.diagnostics.enable) return [];
  return toDiagnostics(doc, findProblems(doc, catalog, settings.targetVersion, hosts, topologies, grammar), settings);
}
