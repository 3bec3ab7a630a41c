// Diagnostics: runs every rule family over a parsed document and turns the
// findings into LSP diagnostics, applying the user's severity overrides.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { Settings } from '../protocol';
import { codeInfo, ruleFamilies } from '../rules/index';
import type { Finding, Severity } from '../rules/types';
import type { RuleContext } from '../rules/context';
import { checkXmlSyntax } from '../rules/xmlSyntax/check';
import type { HostCpu } from '../hosts/hostCpu';
import { hostFindings } from '../rules/hosts/check';

import { toRange, type ParsedDocument } from './parsedDocument';

export const diagnosticSource = 'libvirt-xml';
const docsBase = 'https://github.com/libvirt-xml/libvirt-xml#diagnostic-codes';


const cache = new WeakMap<ParsedDocument, Map<Catalog, Map<string, Finding[]>>>();

const withHosts = new WeakMap<ParsedDocument, { catalog: Catalog; targetVersion: string; hosts: readonly HostCpu[]; findings: Finding[] }>();

/**
 * Every finding for the document (memoised per parsed document, catalog and
 * target version), plus the checks against `hosts` when some are loaded
 * (memoised on the list's identity: a host reload makes a new list).
 * Empty for non-libvirt files.
 */
export function findProblems(doc: ParsedDocument, catalog: Catalog, targetVersion = '', hosts: readonly HostCpu[] = []): Finding[] {
  if (!doc.libvirt || hosts.length === 0) return findDocumentProblems(doc, catalog, targetVersion);
  const hit = withHosts.get(doc);
  if (hit && hit.catalog === catalog && hit.targetVersion === targetVersion && hit.hosts === hosts) return hit.findings;
  const findings = [...findDocumentProblems(doc, catalog, targetVersion), ...hostFindings(doc.libvirt, hosts, catalog)];
  withHosts.set(doc, { catalog, targetVersion, hosts, findings });
  return findings;
}

function findDocumentProblems(doc: ParsedDocument, catalog: Catalog, targetVersion: string): Finding[] {
  if (!doc.libvirt) return [];
  let byCatalog = cache.get(doc);
  if (!byCatalog) cache.set(doc, (byCatalog = new Map()));
  let byTarget = byCatalog.get(catalog);
  if (!byTarget) byCatalog.set(catalog, (byTarget = new Map()));
  const hit = byTarget.get(targetVersion);
  if (hit) return hit;
  const ctx: RuleContext = { doc: doc.libvirt, catalog, arch: catalog.archOf(doc.libvirt.arch), targetVersion };
  const findings = checkXmlSyntax(doc.xml);
  for (const family of ruleFamilies) findings.push(...family(ctx));
  byTarget.set(targetVersion, findings);
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

export function doValidation(doc: ParsedDocument, catalog: Catalog, settings: Settings, hosts: readonly HostCpu[] = []): Diagnostic[] {
  if (!settings.diagnostics.enable) return [];
  const out: Diagnostic[] = [];
  for (const f of findProblems(doc, catalog, settings.targetVersion, hosts)) {
    const severity = severityOf(f, settings);
    if (severity === undefined) continue;
    out.push({
      range: toRange(doc.textDocument, f.start, f.end),
      severity,
      code: f.code,
      codeDescription: { href: `${docsBase}` },
      source: diagnosticSource,
      message: f.message,
    });
  }
  return out;
}
