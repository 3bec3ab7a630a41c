// Agreement with the live libvirt: seeded random sets of 2–6 real host CPUs
// from libvirt's tests/cputestdata, baselined by `virsh cpu-baseline` (with
// random --features / --migratable) and by us; the XML or error must match.
// Also `virsh cpu-compare` / `hypervisor-cpu-compare` on this machine against
// our comparison with its `virsh capabilities` / `domcapabilities` output.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadBundledCatalog } from '../../server/src/io/catalogLoader';
import { baselineFromTexts } from '../../server/src/cli/hostCommands';
import { parseCpuDef } from '../../server/src/hosts/cpuDef';
import { compareWithHost } from '../../server/src/hosts/hostCompare';
import { extractCpus, readHosts } from '../../server/src/hosts/hostCpu';
import { x86Map } from '../../server/src/hosts/x86Data';
import { seededRandom as random } from '../helpers/fixtures';

const tree = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');
const dataDir = join(tree, 'tests/cputestdata');
const uri = process.env.LIBVIRT_URI || 'qemu:///system';
const sets = Number(process.env.ORACLE_SETS || 240);
const seed = Number(process.env.ORACLE_SEED || 20250311);
const parallel = 4;
const perProcess = 40;

function virshAvailable(): string | undefined {
  if (!existsSync(dataDir)) return `libvirt test data not found at ${dataDir} (set LIBVIRT_SRC)`;
  try {
    execFileSync('virsh', ['-c', uri, 'version'], { stdio: 'pipe', timeout: 10_000 });
    return undefined;
  } catch (e) {
    return `virsh cannot reach ${uri} (${(e as Error).message.split('\n')[0]}); live comparison not run`;
  }
}

const skip = virshAvailable();
const catalog = loadBundledCatalog(join(process.cwd(), 'data')).catalog;


interface HostFile {
  name: string;
  text: string;
  vendor: string;
}

/** Real host CPUs: libvirt's decoding of each CPUID dump (x86_64-cpuid-*-host.xml). */
function hostFiles(): HostFile[] {
  return readdirSync(dataDir)
    .filter((f) => /^x86_64-cpuid-.*-host\.xml$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dataDir, f), 'utf8');
      return { name: f, text, vendor: /<vendor>([^<]*)<\/vendor>/.exec(text)?.[1] ?? '' };
    });
}

interface Case {
  id: number;
  hosts: HostFile[];
  flags: string[];
}

function makeCases(all: HostFile[]): Case[] {
  const rnd = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const byVendor = new Map<string, HostFile[]>();
  for (const h of all) byVendor.set(h.vendor, [...(byVendor.get(h.vendor) ?? []), h]);
  const intel = byVendor.get('Intel') ?? [];
  const amd = [...(byVendor.get('AMD') ?? []), ...(byVendor.get('Hygon') ?? [])];
  const out: Case[] = [];
  for (let id = 0; id < sets; id++) {
    // Mostly one vendor (a real migration pool), sometimes a mix (libvirt refuses it).
    const r = rnd();
    const pool = r < 0.7 ? intel : r < 0.92 ? (amd.length >= 2 ? amd : all) : all;
    const size = 2 + Math.floor(rnd() * 5);
    const hosts: HostFile[] = [];
    for (let i = 0; i < size; i++) hosts.push(pick(pool));
    const flags = pick([[], [], ['--features'], ['--migratable'], ['--features', '--migratable']]);
    out.push({ id, hosts, flags });
  }
  return out;
}

interface VirshResult {
  ok: boolean;
  out: string;
  err: string;
}

const pending: Array<{ args: string[]; resolve: (r: VirshResult) => void }> = [];
let running = 0;
let batchDir: string | undefined;
let batchCount = 0;

/**
 * Runs one virsh command. Commands are gathered and run `perProcess` to a
 * virsh process (its command-line shell keeps going after errors and keeps
 * stdout and stderr in order), at most `parallel` processes at once: process
 * start and connection cost more than the commands themselves.
 */
function virsh(args: string[]): Promise<VirshResult> {
  return new Promise((resolve) => {
    pending.push({ args, resolve });
    setImmediate(pump);
  });
}

function pump(): void {
  while (running < parallel && pending.length > 0) {
    const chunk = pending.splice(0, perProcess);
    running++;
    runChunk(chunk).finally(() => {
      running--;
      pump();
    });
  }
}

async function runChunk(chunk: typeof pending): Promise<void> {
  batchDir ??= mkdtempSync(join(tmpdir(), 'virsh-batch-'));
  const outFile = join(batchDir, `out-${batchCount++}.txt`);
  const quote = (a: string) => `'${a.replace(/'/g, '')}'`;
  const script = chunk.map((c, i) => `${c.args.map(quote).join(' ')}; echo ${marker(i)}`).join('; ');
  const fd = openSync(outFile, 'w');
  await new Promise<void>((done) => {
    const child = spawn('virsh', ['-c', uri, script], { stdio: ['ignore', fd, fd] });
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on('close', () => {
      clearTimeout(timer);
      done();
    });
    child.on('error', () => done());
  });
  closeSync(fd);
  let text = readFileSync(outFile, 'utf8');
  chunk.forEach((c, i) => {
    const at = text.indexOf(`${marker(i)}\n`);
    if (at < 0) {
      c.resolve({ ok: false, out: '', err: 'error: no output from virsh' });
      return;
    }
    const segment = text.slice(0, at);
    text = text.slice(at + marker(i).length + 1);
    const errors = segment.split('\n').filter((l) => l.startsWith('error: '));
    c.resolve(errors.length > 0 ? { ok: false, out: '', err: errors.join('\n') } : { ok: true, out: segment.replace(/^\n+/, ''), err: '' });
  });
}

function marker(i: number): string {
  return `===oracle-${i}===`;
}

async function runVirsh(file: string, flags: string[]): Promise<{ ok: boolean; out: string }> {
  const r = await virsh(['cpu-baseline', ...flags, file]);
  return r.ok ? { ok: true, out: r.out.replace(/\n+$/, '\n') } : { ok: false, out: r.err };
}

let agreed = 0;
let compared = 0;
let errorsAgreed = 0;
const disagreements: string[] = [];

test(`our baseline equals virsh cpu-baseline on ${sets} seeded host sets`, { skip: skip ?? false, timeout: 600_000 }, async () => {
  const all = hostFiles();
  assert.ok(all.length >= 40, `found ${all.length} host CPUs`);
  const dir = mkdtempSync(join(tmpdir(), 'baseline-oracle-'));
  try {
    const cases = makeCases(all);
    await Promise.all(
      cases.map(async (c) => {
        // virsh reads several top-level <cpu> elements from one file.
        const file = join(dir, `set-${c.id}.xml`);
        writeFileSync(file, c.hosts.map((h) => h.text).join(''));
        const theirs = await runVirsh(file, c.flags);
        const ours = baselineFromTexts(
          catalog,
          c.hosts.map((h) => ({ name: h.name, text: h.text })),
          { expandFeatures: c.flags.includes('--features'), migratable: c.flags.includes('--migratable') },
        );
        compared++;
        const same = theirs.ok ? ours.ok && ours.xml === theirs.out : !ours.ok && theirs.out === `error: ${ours.error}`;
        if (same) {
          agreed++;
          if (!theirs.ok) errorsAgreed++;
        } else {
          disagreements.push(
            `set ${c.id} [${c.flags.join(' ')}] ${c.hosts.map((h) => h.name.replace(/^x86_64-cpuid-|-host\.xml$/g, '')).join(', ')}:\n` +
              `  virsh: ${theirs.out.split('\n').slice(0, 4).join(' | ')}\n  ours:  ${(ours.ok ? ours.xml : ours.error).split('\n').slice(0, 4).join(' | ')}`,
          );
        }
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(disagreements.slice(0, 5), [], `${disagreements.length} disagreements`);
  assert.ok(agreed >= 200, `only ${agreed} sets agree`);
});

/** Guest CPUs to compare: every catalog model alone, with a required and a disabled feature, and libvirt's own test CPUs. */
function compareInputs(): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  const rnd = random(seed + 1);
  const features = catalog.features('x86');
  for (const m of catalog.models('x86')) {
    // Half of the models alone, half with one required and one disabled feature (sometimes match='strict').
    const req = features[Math.floor(rnd() * features.length)].name;
    const dis = m.features[Math.floor(rnd() * m.features.length)] ?? 'vme';
    const match = rnd() < 0.2 ? 'strict' : 'exact';
    if (rnd() < 0.5 || req === dis) out.push({ name: `model-${m.name}.xml`, text: `<cpu match='exact'>\n  <model>${m.name}</model>\n</cpu>\n` });
    else {
      const text = `<cpu match='${match}'>\n  <model>${m.name}</model>\n  <feature policy='require' name='${req}'/>\n  <feature policy='disable' name='${dis}'/>\n</cpu>\n`;
      out.push({ name: `model-${m.name}-features.xml`, text });
    }
  }
  // libvirt's hand-written test CPUs, and a sample of its decoded real CPUs (mostly Intel: a vendor mismatch here).
  const files = readdirSync(dataDir).filter((n) => /^x86_64-.*\.xml$/.test(n)).sort();
  const decoded = files.filter((n) => n.startsWith('x86_64-cpuid-'));
  const sample = new Set(Array.from({ length: 12 }, () => decoded[Math.floor(rnd() * decoded.length)]));
  for (const f of files.filter((n) => !n.startsWith('x86_64-cpuid-') || sample.has(n))) {
    const text = readFileSync(join(dataDir, f), 'utf8');
    if (/^\s*<cpu[\s>]/.test(text)) out.push({ name: f, text });
  }
  return out;
}

/** virsh's verdict from `cpu-compare --error` output: the result word and, when incompatible, libvirt's reason. */
function virshVerdict(r: { ok: boolean; out: string; err: string }): string {
  if (r.ok) return /identical/.test(r.out) ? 'identical' : /superset/.test(r.out) ? 'superset' : `? ${r.out}`;
  const reason = /the CPU is incompatible with host CPU: (.*)/.exec(r.err);
  return reason ? `incompatible: ${reason[1]}` : 'error';
}

/** An incompatible verdict with its feature list sorted. */
function sortedFeatures(verdict: string): string {
  const m = /^(.*features: )(.*)$/.exec(verdict);
  return m ? m[1] + m[2].split(', ').sort().join(', ') : verdict;
}

let blockerOrderOnly = 0;
let compareAgreed = 0;
let compareRuns = 0;
const compareDisagreements: string[] = [];

test('cpu-compare and hypervisor-cpu-compare agree with this host', { skip: skip ?? false, timeout: 600_000 }, async () => {
  const map = x86Map(catalog);
  const caps = readHosts(execFileSync('virsh', ['-c', uri, 'capabilities'], { encoding: 'utf8' }), 'capabilities').hosts[0];
  const domcaps = readHosts(execFileSync('virsh', ['-c', uri, 'domcapabilities'], { encoding: 'utf8' }), 'domcapabilities').hosts[0];
  assert.ok(caps?.cpu && domcaps, 'this host reports its CPU');
  const dir = mkdtempSync(join(tmpdir(), 'compare-oracle-'));
  try {
    const inputs = compareInputs().flatMap((input) => [{ ...input, hv: false }, { ...input, hv: true }]);
    await Promise.all(inputs.map(async (input) => {
      const file = join(dir, input.name);
      writeFileSync(file, input.text);
      const theirs = virshVerdict(await virsh([input.hv ? 'hypervisor-cpu-compare' : 'cpu-compare', '--error', file]));
      const extracted = extractCpus(input.text, input.name);
      const parsed = extracted.ok ? parseCpuDef(extracted.elements[0], 'auto') : undefined;
      let ours = 'error';
      let blockers = false;
      if (parsed?.ok) {
        const r = compareWithHost(map, input.hv ? domcaps : caps, parsed.cpu);
        ours = r.result === 'incompatible' ? `incompatible: ${r.message}` : r.result;
        blockers = r.reason === 'blockers';
      }
      compareRuns++;
      if (ours === theirs) compareAgreed++;
      // QEMU's blockers come in its internal feature order, which domcapabilities does not show (it sorts them).
      else if (blockers && sortedFeatures(ours) === sortedFeatures(theirs)) {
        compareAgreed++;
        blockerOrderOnly++;
      } else compareDisagreements.push(`${input.hv ? 'hypervisor-' : ''}cpu-compare ${input.name}:\n  virsh: ${theirs}\n  ours:  ${ours}`);
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(compareDisagreements.slice(0, 5), [], `${compareDisagreements.length} disagreements`);
});

after(() => {
  if (batchDir) rmSync(batchDir, { recursive: true, force: true });
  if (skip) console.log(`baseline oracle skipped: ${skip}`);
  else {
    console.log(`baseline oracle: ${agreed}/${compared} sets agree with virsh cpu-baseline (${errorsAgreed} of them same error), seed ${seed}`);
    console.log(
      `compare oracle: ${compareAgreed}/${compareRuns} cpu-compare / hypervisor-cpu-compare runs agree with virsh on this host ` +
        `(${blockerOrderOnly} of them listing QEMU's blockers in another order)`,
    );
  }
});
