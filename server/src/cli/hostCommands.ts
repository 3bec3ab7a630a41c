// CLI wiring for host data: `libvirt-xml-lint baseline` and `compare` print
// what `virsh cpu-baseline` / `cpu-compare` would, and `--host FILE` loads the
// hosts a lint run checks against (the host rule family does the checking).

import { readFileSync } from 'node:fs';
import type { Catalog } from '../catalog/catalog';
import { chooseCatalog } from '../io/catalogLoader';
import { decodeFile } from '../io/fileText';
import { formatCpuDef, parseCpuDef, type CpuDef } from '../hosts/cpuDef';
import { comparableHost, compareWithHost } from '../hosts/hostCompare';
import { isArchHost } from '../hosts/archHosts';
import { baselinePpc64, comparePpc64, isPpc64Arch } from '../hosts/ppc64Cpu';
import { baselineArm, compareArm, isArmArch } from '../hosts/armCpu';
import { extractCpus, readHosts, type HostCpu } from '../hosts/hostCpu';
import { baselineX86, type BaselineOptions } from '../hosts/x86Cpu';
import { x86Map } from '../hosts/x86Data';
import { stdio, type Io } from './stdio';

/** libvirt's error classes, by message: virsh prints "error: <class>: <message>". */
const errorClasses: Array<[RegExp, string]> = [
  [/^(Attribute mode is only|Invalid mode attribute|Attribute migratable is only|Unknown architecture|invalid microcode version|Invalid fallback attribute|Invalid CPU feature policy)/, 'unsupported configuration'],
  [/^(Unknown CPU model|Unknown CPU feature|unknown CPU model|Cannot find suitable CPU model)/, 'internal error'],
  [/^(Unknown CPU vendor|CPU vendors do not match|CPUs are incompatible|CPU vendor .* of model .* differs)/, 'operation failed'],
  [/^(no CPU model specified at index|no CPUs given)/, 'invalid argument'],
  [/^(Missing CPU|'arch' element|vendor_id must|vendor id is invalid|CPU vendor specified without|Non-empty feature list|Invalid CPU feature name|CPU feature '.*' specified more than once|Missing required attribute|Invalid value for attribute|XML does not contain)/, 'XML error'],
];

/** A libvirt error message with the class prefix virsh shows ("XML error: Missing CPU architecture"). */
export function libvirtErrorText(message: string): string {
  for (const [re, cls] of errorClasses) if (re.test(message)) return `${cls}: ${message}`;
  return message;
}

export type { Io } from './stdio';


type FileText = { ok: true; text: string } | { ok: false; error: string };

function readText(file: string): FileText {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})`}` };
  }
  const decoded = decodeFile(bytes);
  if (decoded.kind === 'binary') return { ok: false, error: `${file}: not a text file (${decoded.reason})` };
  return { ok: true, text: decoded.text };
}

export type BaselineText = { ok: true; xml: string } | { ok: false; error: string };

/**
 * `virsh cpu-baseline` over files already read: every CPU each file holds,
 * read as a host CPU, then the baseline in virsh's XML. Errors are libvirt's
 * text with its class prefix.
 */
export function baselineFromTexts(catalog: Catalog, files: Array<{ name: string; text: string }>, opts: BaselineOptions): BaselineText {
  const cpus: CpuDef[] = [];
  for (const f of files) {
    const extracted = extractCpus(f.text, f.name);
    if (!extracted.ok) return { ok: false, error: extracted.error };
    for (const el of extracted.elements) {
      const parsed = parseCpuDef(el, 'host');
      if (!parsed.ok) return { ok: false, error: libvirtErrorText(parsed.error) };
      cpus.push(parsed.cpu);
    }
  }
  // libvirt picks the CPU driver by the first CPU's arch.
  const arch = cpus[0]?.arch;
  const r = isPpc64Arch(arch)
    ? baselinePpc64(catalog, cpus)
    : isArmArch(arch)
      ? baselineArm(cpus)
      : arch === 's390x' || arch === 'riscv64'
        ? ({ ok: false, error: `cannot compute baseline CPU of ${arch} architecture` } as const)
        : baselineX86(x86Map(catalog), cpus, { ...opts, virsh: true });
  return r.ok ? { ok: true, xml: formatCpuDef(r.cpu) } : { ok: false, error: libvirtErrorText(r.error) };
}

const baselineUsage = `Usage: libvirt-xml-lint baseline [--features] [--migratable] [--cpu-map DIR|auto] FILE...

Prints the CPU every given CPU can run, as 'virsh cpu-baseline' computes it.
Each FILE may hold <cpu> elements, 'virsh capabilities' output or domain XML.
  --features     list every feature of the chosen model
  --migratable   leave out features that block migration`;

const compareUsage = `Usage: libvirt-xml-lint compare [--cpu-map DIR|auto] CPU.xml HOST.xml

Compares the CPU in CPU.xml (a <cpu> element or a domain) with the host in
HOST.xml ('virsh capabilities' output, a host <cpu>, or 'virsh domcapabilities'
output for the hypervisor's view), as 'virsh cpu-compare' /
'hypervisor-cpu-compare' would on that host.
Exit status: 0 identical or superset, 1 incompatible or error, 2 usage problem.`;

interface CommandArgs {
  flags: Set<string>;
  cpuMap: string | undefined;
  files: string[];
}

function parseCommandArgs(argv: string[], known: string[]): CommandArgs | string {
  const out: CommandArgs = { flags: new Set(), cpuMap: undefined, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.files.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--cpu-map' || a.startsWith('--cpu-map=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) return '--cpu-map needs a directory or "auto"';
      out.cpuMap = v;
    } else if (known.includes(a)) out.flags.add(a);
    else if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
    else out.files.push(a);
  }
  return out;
}

function catalogFor(cpuMap: string | undefined, io: Io): Catalog | undefined {
  const loaded = chooseCatalog({ useHost: cpuMap === 'auto', cpuMapPath: cpuMap && cpuMap !== 'auto' ? cpuMap : undefined });
  if (loaded.info.fallbackReason) {
    io.err(`libvirt-xml-lint: using the bundled catalog: ${loaded.info.fallbackReason}\n`);
    if (cpuMap && cpuMap !== 'auto') return undefined;
  }
  return loaded.catalog;
}

/**
 * Runs `baseline …` or `compare …` (argv[0] is the subcommand); returns the
 * exit status. `catalog` replaces the bundled one unless --cpu-map is given.
 */
export function runHostCommand(argv: string[], io: Io = stdio, catalog?: Catalog): number {
  const [command, ...rest] = argv;
  const usage = command === 'baseline' ? baselineUsage : compareUsage;
  if (rest.includes('-h') || rest.includes('--help')) {
    io.out(usage + '\n');
    return 0;
  }
  const args = parseCommandArgs(rest, command === 'baseline' ? ['--features', '--migratable'] : []);
  if (typeof args === 'string') {
    io.err(`libvirt-xml-lint ${command}: ${args}\n\n${usage}\n`);
    return 2;
  }
  if (command === 'baseline' ? args.files.length === 0 : args.files.length !== 2) {
    io.err(`libvirt-xml-lint ${command}: ${command === 'baseline' ? 'no files given' : 'expected CPU.xml and HOST.xml'}\n\n${usage}\n`);
    return 2;
  }
  const cat = catalog && args.cpuMap === undefined ? catalog : catalogFor(args.cpuMap, io);
  if (!cat) return 2;
  const texts: Array<{ name: string; text: string }> = [];
  for (const file of args.files) {
    const r = readText(file);
    if (!r.ok) {
      io.err(`libvirt-xml-lint: ${r.error}\n`);
      return 2;
    }
    texts.push({ name: file, text: r.text });
  }
  if (command === 'baseline') {
    const r = baselineFromTexts(cat, texts, { expandFeatures: args.flags.has('--features'), migratable: args.flags.has('--migratable') });
    if (!r.ok) {
      io.err(`error: ${r.error}\n`);
      return 1;
    }
    io.out(r.xml);
    return 0;
  }
  return compareCommand(cat, texts[0], texts[1], io);
}

function compareCommand(catalog: Catalog, cpuFile: { name: string; text: string }, hostFile: { name: string; text: string }, io: Io): number {
  const extracted = extractCpus(cpuFile.text, cpuFile.name);
  if (!extracted.ok) {
    io.err(`error: ${extracted.error}\n`);
    return 1;
  }
  const parsed = parseCpuDef(extracted.elements[0], 'auto');
  const hosts = readHosts(hostFile.text, hostFile.name);
  const host = hosts.hosts[0];
  if (!host) {
    io.err(`error: ${hosts.problems[0] ?? `${hostFile.name}: no host CPU found`}\n`);
    return 1;
  }
  const hv = host.kind === 'domainCapabilities';
  const failed = () => io.err(`error: Failed to compare ${hv ? 'hypervisor' : 'host'} CPU with ${cpuFile.name}\n`);
  if (!parsed.ok) {
    io.err(`error: ${libvirtErrorText(parsed.error)}\n`);
    failed();
    return 1;
  }
  const hostArch = host.arch ?? host.cpu?.arch;
  const byName = !hv && host.cpu && (isPpc64Arch(hostArch) || isArmArch(hostArch));
  if (!comparableHost(host) && !byName) {
    io.err(`error: ${host.name}: only x86, ppc64 and arm hosts are compared (host arch ${hostArch ?? 'unknown'}${hv ? ', domain capabilities' : ''})\n`);
    return 1;
  }
  const r = byName
    ? isPpc64Arch(hostArch)
      ? comparePpc64(catalog, host.cpu!, parsed.cpu)
      : compareArm(host.cpu!, parsed.cpu)
    : compareWithHost(x86Map(catalog), host, parsed.cpu);
  const target = hv ? 'the CPU provided by hypervisor on the host' : 'host CPU';
  switch (r.result) {
    case 'identical':
      io.out(`CPU described in ${cpuFile.name} is identical to ${target}\n`);
      return 0;
    case 'superset':
      io.out(hv ? `The CPU provided by hypervisor on the host is a superset of CPU described in ${cpuFile.name}\n` : `Host CPU is a superset of CPU described in ${cpuFile.name}\n`);
      return 0;
    case 'incompatible':
      io.out(`CPU described in ${cpuFile.name} is incompatible with ${target}\n`);
      if (r.message) io.err(`error: the CPU is incompatible with host CPU: ${r.message}\n`);
      return 1;
    default:
      io.err(`error: ${libvirtErrorText(r.message ?? 'comparison failed')}\n`);
      failed();
      return 1;
  }
}

export interface LoadedHosts {
  hosts: HostCpu[];
  /** One line per problem ("file: …"); a file with problems may still contribute hosts. */
  problems: string[];
  /** Some file could not be read at all. */
  unreadable: boolean;
}

/** Reads the `--host` files. */
export function loadHostFiles(files: readonly string[]): LoadedHosts {
  const out: LoadedHosts = { hosts: [], problems: [], unreadable: false };
  for (const file of files) {
    const r = readText(file);
    if (!r.ok) {
      out.problems.push(r.error);
      out.unreadable = true;
      continue;
    }
    addHostsFromText(out, r.text, file);
  }
  return out;
}

/** Adds the x86 hosts a host description (capabilities, domcapabilities, host <cpu>) holds; other arches and unreadable text become problems. */
export function addHostsFromText(out: LoadedHosts, text: string, name: string): void {
  const read = readHosts(text, name);
  for (const h of read.hosts) {
    if (comparableHost(h) || isArchHost(h)) out.hosts.push(h);
    else out.problems.push(`${h.name}: host arch ${h.arch ?? h.cpu?.arch ?? 'unknown'}: only x86 hosts are checked; skipped`);
  }
  out.problems.push(...read.problems);
  if (read.hosts.length === 0 && read.problems.length === 0) out.problems.push(`${name}: no host CPU found`);
}
