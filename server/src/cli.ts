// libvirt-xml-lint: the language server's engine over files, for CI. Prints
// compiler-style text, JSON (LSP diagnostics per file) or SARIF 2.1.0.
// Exit status: 0 no errors, 1 errors found, 2 usage problem or unreadable file.

import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LanguageService } from './languageService';
import { chooseCatalog } from './io/catalogLoader';
import { diagnosticCodes, type DiagnosticCode } from './rules/index';
import { decodeFile } from './io/fileText';
import { defaultSettings } from './protocol';
import { loadHostFiles, runHostCommand } from './cli/hostCommands';
import { loadTopologyFiles, runPinCommand } from './cli/pinCommands';
import { fetchLive, liveUsage, parseLiveArgs, wantsLive, type LiveInput } from './cli/liveDomains';
import { encodingFinding } from './rules/xmlSyntax/check';

const version = '0.1.0';
const usage = `Usage: libvirt-xml-lint [options] FILE...
       libvirt-xml-lint baseline [--features] [--migratable] HOST...
       libvirt-xml-lint compare CPU.xml HOST.xml
       libvirt-xml-lint pin --host CAPS.xml [--reserve CPUS] DOMAIN.xml
       libvirt-xml-lint topology --host CAPS.xml DOMAIN.xml

Checks libvirt domain XML (and capabilities, domainCapabilities, bare <cpu>
documents) the way libvirt would, without libvirt.

Options:
  --format text|json|sarif   output format (default: text)
  --cpu-map DIR|auto         use a libvirt cpu_map directory instead of the bundled
                             catalog ('auto': /usr/share/libvirt/cpu_map when present)
  --target-version X.Y.Z     also flag CPU-area XML newer than this libvirt release
  --host FILE                also check custom CPUs against this host (virsh capabilities,
                             domcapabilities or host <cpu> output); repeatable
  -q, --quiet                text format: no summary line
  -h, --help                 show this help
  -V, --version              show the version

${liveUsage}

Exit status: 0 no errors, 1 errors found, 2 usage problem or unreadable file.`;

type Format = 'text' | 'json' | 'sarif';

interface Options {
  format: Format;
  cpuMap: string | undefined;
  targetVersion: string;
  quiet: boolean;
  files: string[];
  hosts: string[];
}

function parseArgs(argv: string[], live: boolean): Options | string {
  const o: Options = { format: 'text', cpuMap: undefined, targetVersion: '', quiet: false, files: [], hosts: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') return `unknown format '${f ?? ''}' (expected text, json or sarif)`;
      o.format = f;
    } else if (flag === '--cpu-map') {
      const v = value();
      if (!v) return '--cpu-map needs a directory or "auto"';
      o.cpuMap = v;
    } else if (flag === '--target-version') {
      const v = value();
      if (!v || !/^\d+\.\d+(\.\d+)?$/.test(v)) return `--target-version needs a libvirt release such as 9.0.0, not '${v ?? ''}'`;
      o.targetVersion = v;
    } else if (flag === '--host') {
      const v = value();
      if (!v) return '--host needs a file';
      o.hosts.push(v);
    } else if (flag === '-q' || flag === '--quiet') o.quiet = true;
    else if (flag === '--') o.files.push(...argv.slice(i + 1)), (i = argv.length);
    else if (flag.startsWith('-') && flag !== '-') return `unknown option '${flag}'`;
    else o.files.push(a);
  }
  if (o.files.length === 0 && !live) return 'no files given';
  return o;
}

interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
  /** Set when the file could not be checked. */
  failure?: string;
  /** Set when the file is not a libvirt document (nothing to check). */
  note?: string;
}

function main(argv: string[], live?: LiveInput): number {
  if (argv[0] === 'baseline' || argv[0] === 'compare') return runHostCommand(argv);
  if (argv[0] === 'pin' || argv[0] === 'topology') return runPinCommand(argv);
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  if (argv.includes('-V') || argv.includes('--version')) {
    process.stdout.write(`libvirt-xml-lint ${version}\n`);
    return 0;
  }
  const opts = parseArgs(argv, live !== undefined);
  if (typeof opts === 'string') {
    process.stderr.write(`libvirt-xml-lint: ${opts}\n\n${usage}\n`);
    return 2;
  }
  const loaded = chooseCatalog({
    useHost: opts.cpuMap !== undefined,
    cpuMapPath: opts.cpuMap && opts.cpuMap !== 'auto' ? opts.cpuMap : undefined,
  });
  if (loaded.info.fallbackReason) {
    process.stderr.write(`libvirt-xml-lint: using the bundled catalog: ${loaded.info.fallbackReason}\n`);
    if (opts.cpuMap && opts.cpuMap !== 'auto') return 2;
  }
  const service = new LanguageService(loaded.catalog, { ...defaultSettings, targetVersion: opts.targetVersion });
  const hostData = loadHostFiles(opts.hosts);
  for (const p of hostData.problems) process.stderr.write(`libvirt-xml-lint: --host ${p}\n`);
  if (hostData.unreadable) return 2;
  service.hosts = hostData.hosts;
  service.topologies = loadTopologyFiles(opts.hosts);
  const results = opts.files.map((file) => checkFile(service, file));
  for (const note of live?.notes ?? []) process.stderr.write(`libvirt-xml-lint: ${note}\n`);
  for (const d of live?.documents ?? []) {
    service.hosts = [...hostData.hosts, ...d.hosts];
    results.push(checkText(service, d.name, 'libvirt:' + encodeURI(d.name), decodeFile(Buffer.from(d.text, 'utf8'))));
  }
  for (const f of live?.failures ?? []) results.push({ file: f.name, diagnostics: [], failure: f.error });
  for (const r of results) {
    if (r.failure) process.stderr.write(`libvirt-xml-lint: ${r.file}: ${r.failure}\n`);
    else if (r.note && opts.format === 'text' && !opts.quiet) process.stderr.write(`libvirt-xml-lint: ${r.file}: ${r.note}\n`);
  }
  const checked = results.filter((r) => !r.failure);
  if (opts.format === 'json') process.stdout.write(JSON.stringify(checked.map(({ file, diagnostics }) => ({ file, diagnostics })), null, 2) + '\n');
  else if (opts.format === 'sarif') process.stdout.write(JSON.stringify(toSarif(checked), null, 2) + '\n');
  else process.stdout.write(toText(checked, opts.quiet, results.length - checked.length));
  if (results.some((r) => r.failure)) return 2;
  return checked.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}

function checkFile(service: LanguageService, file: string): FileResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { file, diagnostics: [], failure: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})` };
  }
  return checkText(service, file, fileUri(file), decodeFile(bytes));
}

function checkText(service: LanguageService, file: string, uri: string, decoded: ReturnType<typeof decodeFile>): FileResult {
  if (decoded.kind === 'binary') return { file, diagnostics: [], failure: `not a text file (${decoded.reason}); skipped` };
  const doc = service.parse(TextDocument.create(uri, 'xml', 1, decoded.text));
  if (!doc.libvirt) return { file, diagnostics: [], note: 'not a libvirt document (no <domain>, <capabilities>, <domainCapabilities> or <cpu> root); nothing checked' };
  const diagnostics = service.doValidation(doc);
  if (decoded.invalidAt !== undefined) diagnostics.unshift(...service.toDiagnostics(doc, [encodingFinding(decoded.invalidAt)]));
  return { file, diagnostics };
}

function fileUri(file: string): string {
  return 'file://' + encodeURI(file.startsWith('/') ? file : `${process.cwd()}/${file}`);
}

const severityName: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

function toText(results: FileResult[], quiet: boolean, failed: number): string {
  let out = '';
  const counts = [0, 0, 0, 0, 0];
  for (const r of results) {
    for (const d of r.diagnostics) {
      counts[d.severity ?? 1]++;
      out += `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severityName[d.severity ?? 1]} ${d.code}: ${d.message}\n`;
    }
  }
  if (!quiet) {
    const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
    out += `${n(counts[1], 'error')}, ${n(counts[2], 'warning')}, ${n(counts[3] + counts[4], 'note')} in ${n(results.length, 'file')}${failed ? ` (${failed} not checked)` : ''}\n`;
  }
  return out;
}

const sarifLevel: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' };

function toSarif(results: FileResult[]): object {
  const codes = Object.keys(diagnosticCodes) as DiagnosticCode[];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'libvirt-xml-lint',
            version,
            informationUri: 'https://github.com/libvirt-xml/libvirt-xml',
            rules: codes.map((id) => ({
              id,
              shortDescription: { text: diagnosticCodes[id].summary },
              helpUri: 'https://github.com/libvirt-xml/libvirt-xml#diagnostic-codes',
              defaultConfiguration: { level: sarifLevel[{ error: 1, warning: 2, information: 3, hint: 4 }[diagnosticCodes[id].severity]] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((r) =>
          r.diagnostics.map((d) => ({
            ruleId: String(d.code),
            ruleIndex: codes.indexOf(d.code as DiagnosticCode),
            level: sarifLevel[d.severity ?? 1],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.file.replace(/\\/g, '/') },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}

function run(argv: string[], live?: LiveInput): void {
  try {
    process.exitCode = main(argv, live);
  } catch (e) {
    // Only a broken installation gets here (e.g. data/catalog.json missing): say so plainly.
    process.stderr.write(`libvirt-xml-lint: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}

const args = process.argv.slice(2);
const liveRequest = wantsLive(args) && !args.includes('-h') && !args.includes('--help') ? parseLiveArgs(args) : undefined;
if (typeof liveRequest === 'string') {
  process.stderr.write(`libvirt-xml-lint: ${liveRequest}\n\n${usage}\n`);
  process.exitCode = 2;
} else if (liveRequest) void fetchLive(liveRequest).then((live) => run(liveRequest.rest, live));
else run(args);
