// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: every code of
// the codes table as a rule (help text, documentation link, default level),
// results with paths relative to %SRCROOT% (the directory the linter ran in)
// and a fingerprint per result that survives line shifts, so code scanning
// tracks an alert across commits instead of reopening it; each file checked is
// an artifact whose property bag names its kind (documentKind: network…).

import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diagnosticCodes } from '../rules/index';
import type { CodeInfo } from '../rules/types';
import { docsBase } from '../features/validation';
import type { RunSummary } from './report';
import { messageText } from './lintFile';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partialFingerprints key; bump the version if the fingerprint recipe changes. */
export const fingerprintKey = 'libvirtXmlLint/v1';

const levelOf: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const levelOfSeverity: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' };

export interface SarifInput extends RunSummary {
  /** Files that could not be read, with why: tool notifications. */
  failures: Array<{ file: string; reason: string }>;
}

function ruleOf(id: string, info: CodeInfo): object {
  const lines = [info.summary];
  if (info.libvirt) lines.push(`libvirt says: ${info.libvirt}`);
  if (info.fix) lines.push(`Quick-fix in the editor: ${info.fix}`);
  const md = [`**${id}** (${info.severity}): ${info.summary}`];
  if (info.libvirt) md.push(`libvirt says: \`${info.libvirt.replace(/`/g, "'")}\``);
  if (info.fix) md.push(`Quick-fix in the editor: ${info.fix}`);
  md.push(`See the [codes table](${docsBase}).`);
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: info.summary },
    fullDescription: { text: lines.join(' ') },
    help: { text: `${lines.join('\n')}\nSee ${docsBase}`, markdown: md.join('\n\n') },
    helpUri: docsBase,
    defaultConfiguration: { level: levelOf[info.severity] },
    properties: { tags: ['libvirt', info.severity] },
  };
}

/** Where a file is: relative to %SRCROOT% when inside `root`, else an absolute file URI. */
function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const abs = resolve(root, file);
  const rel = relative(root, abs);
  if (rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep)) {
    return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(abs).href };
}

/** The SARIF log (an object, for JSON.stringify) of one run rooted at `root`. */
export function toSarif(run: SarifInput, version: string, root: string): object {
  const codes = Object.keys(diagnosticCodes);
  const index = new Map(codes.map((c, i) => [c, i]));
  const rootUri = pathToFileURL(root.endsWith(sep) ? root : root + sep).href;
  const results = run.checked.flatMap((r, artifact) =>
    r.diagnostics.map((d, i) => {
      const ruleIndex = index.get(String(d.code));
      return {
        ruleId: String(d.code),
        ...(ruleIndex === undefined ? {} : { ruleIndex }),
        level: levelOfSeverity[d.severity ?? 1],
        message: { text: messageText(d) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { ...artifactLocation(r.file, root), index: artifact },
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
        partialFingerprints: { [fingerprintKey]: r.fingerprints[i] },
      };
    }),
  );
  return {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'libvirt-xml-lint',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/libvirt-xml/libvirt-xml',
            rules: codes.map((id) => ruleOf(id, (diagnosticCodes as Record<string, CodeInfo>)[id])),
          },
        },
        invocations: [
          {
            executionSuccessful: run.failures.length === 0,
            toolExecutionNotifications: run.failures.map((f) => ({
              level: 'error',
              message: { text: `${f.file}: ${f.reason}` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file, root) } }],
            })),
          },
        ],
        // Each file checked, with its kind of libvirt document in the property bag.
        artifacts: run.checked.map((r) => ({
          location: artifactLocation(r.file, root),
          roles: ['analysisTarget'],
          properties: { documentKind: r.kind },
        })),
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
