// CLI wiring for host topologies: `libvirt-xml-lint pin` prints the domain
// with its vCPUs laid out on a host, `libvirt-xml-lint topology` prints the
// map of where its threads may run; `--host` files also give lint runs their
// pinning checks. Reads files; the work is done by the pure modules.

import { readFileSync } from 'node:fs';
import { parseXml } from '../xml/parser';
import { libvirtDocument } from '../domain/libvirtDocument';
import { parseCpuset } from '../domain/cpuset';
import { decodeFile } from '../io/fileText';
import { readTopologies, type HostTopology } from '../hosts/topology';
import { applyTextEdits, pinDomain } from '../features/hosts/pinning';
import { topologyPicture, topologyText } from '../features/hosts/topologyMap';
import { stdio } from './stdio';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}


const pinUsage = `Usage: libvirt-xml-lint pin --host CAPS.xml [--reserve CPUS] DOMAIN.xml

Prints DOMAIN.xml with its vCPUs pinned to the host described by CAPS.xml
('virsh capabilities' output): whole cores with their thread siblings, guest
threads per core as on the host, the fewest NUMA cells (memory bound with
<numatune>; guest cells mirroring them when more than one is needed), the
emulator and IOThreads on CPUs no vCPU uses. The rest of the file is kept as
written. A summary goes to stderr.
  --reserve CPUS   host CPUs to leave alone (e.g. 0-1)`;

const topologyUsage = `Usage: libvirt-xml-lint topology --host CAPS.xml DOMAIN.xml

Prints the host's NUMA cells, sockets, cores and threads with the vCPUs,
emulator and IOThreads of DOMAIN.xml placed on them, one 'CPU Affinity:'
line per thread, and the pinning problems found.`;

type Text = { ok: true; text: string } | { ok: false; error: string };

function readText(file: string): Text {
  try {
    const decoded = decodeFile(readFileSync(file));
    return decoded.kind === 'binary' ? { ok: false, error: `${file}: not a text file (${decoded.reason})` } : { ok: true, text: decoded.text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})`}` };
  }
}

/** The topologies of the `--host` files (files without one are skipped quietly: the CPU checks still use them). */
export function loadTopologyFiles(files: readonly string[]): HostTopology[] {
  const out: HostTopology[] = [];
  for (const f of files) {
    const r = readText(f);
    if (r.ok) out.push(...readTopologies(r.text, f));
  }
  return out;
}

/** Runs `pin …` or `topology …` (argv[0] is the subcommand); returns the exit status. */
export function runPinCommand(argv: string[], io: Io = stdio): number {
  const [command, ...rest] = argv;
  const usage = command === 'pin' ? pinUsage : topologyUsage;
  if (rest.includes('-h') || rest.includes('--help')) {
    io.out(usage + '\n');
    return 0;
  }
  let hostFile: string | undefined;
  let reserve: number[] = [];
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? rest[++i];
    if (flag === '--host') hostFile = value();
    else if (flag === '--reserve' && command === 'pin') {
      const v = value() ?? '';
      const parsed = parseCpuset(v);
      if (!parsed.ok) return fail(io, command, `--reserve needs a CPU list such as 0-1, not '${v}'`, usage);
      reserve = parsed.cpus;
    } else if (flag.startsWith('-') && flag !== '-') return fail(io, command, `unknown option '${flag}'`, usage);
    else files.push(a);
  }
  if (!hostFile) return fail(io, command, '--host CAPS.xml is required', usage);
  if (files.length !== 1) return fail(io, command, 'expected one DOMAIN.xml', usage);
  const hostText = readText(hostFile);
  const domText = readText(files[0]);
  for (const r of [hostText, domText]) {
    if (!r.ok) {
      io.err(`libvirt-xml-lint: ${r.error}\n`);
      return 2;
    }
  }
  const host = readTopologies((hostText as { text: string }).text, hostFile)[0];
  if (!host) {
    io.err(`libvirt-xml-lint: ${hostFile}: no <capabilities> with <host><topology> CPUs (use 'virsh capabilities' output)\n`);
    return 2;
  }
  const text = (domText as { text: string }).text;
  const doc = libvirtDocument(parseXml(text));
  if (!doc || doc.kind !== 'domain') {
    io.err(`libvirt-xml-lint: ${files[0]}: not a domain definition\n`);
    return 2;
  }
  if (command === 'topology') {
    const pic = topologyPicture(doc, host)!;
    io.out(topologyText(pic, (offset) => lineOf(text, offset)));
    return 0;
  }
  const r = pinDomain(doc, host, { reserve });
  if (!r.ok) {
    io.err(`libvirt-xml-lint pin: ${r.error}\n`);
    return 1;
  }
  io.out(applyTextEdits(text, r.edits));
  io.err(`${r.summary}\n`);
  return 0;
}

function fail(io: Io, command: string, message: string, usage: string): number {
  io.err(`libvirt-xml-lint ${command}: ${message}\n\n${usage}\n`);
  return 2;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
