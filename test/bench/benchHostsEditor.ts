// Benchmark of hosts in the editor: the server's registry finding, reading and
// parsing 50 host files from a workspace folder, then re-validating a domain
// against them; plus hover lines, the report and an edit-time re-check.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection } from 'vscode-languageserver/node';
import { loadBundledCatalog } from '../../server/src/io/catalogLoader';
import { LanguageService } from '../../server/src/languageService';
import { HostRegistry } from '../../server/src/hostRegistry';
import { hostLines } from '../../server/src/features/hosts/hover';
import { hostReport } from '../../server/src/features/hosts/report';

const hostCount = 50;
const runs = 20;
const warmup = 3;
const cputestdata = join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0/tests/cputestdata');

const domainText = `<domain type='kvm'>
  <name>bench</name>
  <memory unit='GiB'>4</memory>
  <vcpu placement='static'>4</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <cpu mode='custom' match='exact' check='partial'>
    <model fallback='forbid'>Skylake-Client</model>
    <feature policy='require' name='vmx'/>
    <feature policy='disable' name='hle'/>
    <feature policy='disable' name='rtm'/>
  </cpu>
</domain>
`;

/** 50 host files: libvirt's real x86 host CPUs (tests/cputestdata) when cached here, else the committed fixtures repeated. */
function hostTexts(): string[] {
  if (existsSync(cputestdata)) {
    const names = readdirSync(cputestdata).filter((n) => /^x86_64-cpuid-.*-host\.xml$/.test(n)).sort();
    if (names.length >= hostCount) return names.slice(0, hostCount).map((n) => readFileSync(join(cputestdata, n), 'utf8'));
  }
  const fixtures = join(process.cwd(), 'test/fixtures/hosts');
  const base = readdirSync(fixtures).map((n) => readFileSync(join(fixtures, n), 'utf8'));
  return Array.from({ length: hostCount }, (_, i) => base[i % base.length]);
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)] * 1000) / 1000;
}

async function measure(fn: () => unknown): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Timings in milliseconds (medians). */
export async function benchHostsEditor(): Promise<{ name: string; ms: number }[]> {
  const catalog = loadBundledCatalog(join(process.cwd(), 'data')).catalog;
  const dir = mkdtempSync(join(tmpdir(), 'bench-hosts-editor-'));
  try {
    hostTexts().forEach((text, i) => writeFileSync(join(dir, `host-${String(i).padStart(2, '0')}.xml`), text));
    const connection = { sendNotification: async () => {}, client: { register: async () => ({ dispose() {} }) } } as unknown as Connection;
    const service = new LanguageService(catalog);
    const registry = new HostRegistry({
      connection,
      log: { info() {}, warn() {}, debug() {} },
      catalog: () => catalog,
      onHostsChanged: (hosts) => (service.hosts = hosts),
    });
    registry.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }] });
    registry.update({ files: ['*.xml'], connections: [], virshPath: '', timeoutMs: 1000 });
    const info = await registry.reload();
    if (info.loaded !== hostCount) throw new Error(`bench hosts not all loaded: ${info.problems.join('; ')}`);
    let version = 0;
    const validate = () => service.doValidation(service.parse(TextDocument.create('file:///bench.xml', 'xml', ++version, domainText)));
    if (!validate().some((d) => d.code === 'cpu-host-incompatible')) throw new Error('the bench domain should not run on every host');
    const doc = service.parse(TextDocument.create('file:///bench.xml', 'xml', 1, domainText));
    return [
      { name: `hosts in the editor: find + read + parse ${hostCount} files (registry reload)`, ms: await measure(() => registry.reload()) },
      { name: `hosts in the editor: reload ${hostCount} files and re-check a domain (budget 50 ms)`, ms: await measure(async () => (await registry.reload(), validate())) },
      { name: `hosts in the editor: re-validate an edited domain against ${hostCount} hosts`, ms: await measure(validate) },
      { name: `hosts in the editor: hover lines for a model over ${hostCount} hosts (cold)`, ms: await measure(() => hostLines({ kind: 'model', name: 'Skylake-Client' }, [...service.hosts], catalog)) },
      { name: `hosts in the editor: report for ${hostCount} hosts`, ms: await measure(() => hostReport(doc, service.hosts, catalog, registry.info)) },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchHostsEditor().then((rows) => {
    for (const r of rows) console.log(`${r.name}: ${r.ms} ms`);
  });
}
