// `libvirt-xml-lint --connect URI --domain NAME | --all-domains`: the domains a
// libvirt host has defined, fetched with `virsh dumpxml --inactive` (io/virsh.ts,
// read-only connection) and checked like files, each against its own host's
// domcapabilities. A host that does not answer is reported and the others
// are still checked.

import type { HostCpu } from '../hosts/hostCpu';
import { domCapabilities, dumpXml, listDomains, type VirshOptions } from '../io/virsh';
import { addHostsFromText, type LoadedHosts } from './hostCommands';

export const liveUsage = `Live hosts (virsh is run without a shell; ssh keys or agents only, never a password):
  --connect URI              check domains defined on this libvirt connection (repeatable),
                             each against that host's domcapabilities
  --domain NAME              the domain to check (repeatable; needs --connect)
  --all-domains              check every domain defined on each --connect URI
  --virsh PATH               the virsh program (default: virsh)
  --timeout MS               longest one virsh call may take (default: 30000)
A domain is named URI/domain/NAME in the output; a URI that does not answer is
reported and exits 2 after the other domains are checked.`;

/** One domain's definition as libvirt stores it. */
export interface LiveDocument {
  /** `URI/domain/NAME`, the name the output uses. */
  name: string;
  text: string;
  /** The host CPUs of its connection (empty when domcapabilities gave none). */
  hosts: HostCpu[];
}

export interface LiveInput {
  documents: LiveDocument[];
  /** Each connection or domain that could not be checked (exit status 2): its name (URI or URI/domain/NAME) and why. */
  failures: Array<{ name: string; error: string }>;
  /** One line per host-data problem that does not stop the check (printed, no exit status). */
  notes: string[];
}

export interface LiveRequest {
  connections: string[];
  domains: string[];
  allDomains: boolean;
  virsh: VirshOptions;
  /** The arguments left for the file linter. */
  rest: string[];
}

/** Whether the arguments ask for live hosts at all (any of this module's options before `--`). */
export function wantsLive(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    const flag = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (flag === '--connect' || flag === '--domain' || flag === '--all-domains') return true;
  }
  return false;
}

/** This module's options taken out of `argv`; the rest is left for the file linter. A string is a usage error. */
export function parseLiveArgs(argv: readonly string[]): LiveRequest | string {
  const req: LiveRequest = { connections: [], domains: [], allDomains: false, virsh: { virshPath: 'virsh', timeoutMs: 30_000, names: { virshPath: '--virsh', timeout: '--timeout' } }, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      req.rest.push(...argv.slice(i));
      break;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (flag === '--connect') {
      const v = value();
      if (v === undefined || v === '') return '--connect needs a libvirt URI such as qemu:///system';
      req.connections.push(v);
    } else if (flag === '--domain') {
      const v = value();
      if (v === undefined || v === '') return '--domain needs a domain name';
      req.domains.push(v);
    } else if (flag === '--all-domains') req.allDomains = true;
    else if (flag === '--virsh') {
      const v = value();
      if (!v) return '--virsh needs a program';
      req.virsh.virshPath = v;
    } else if (flag === '--timeout') {
      const v = value();
      if (!v || !/^\d+$/.test(v) || Number(v) < 100) return `--timeout needs milliseconds (at least 100), not '${v ?? ''}'`;
      req.virsh.timeoutMs = Number(v);
    } else req.rest.push(a);
  }
  if (req.connections.length === 0) return `${req.allDomains ? '--all-domains' : '--domain'} needs --connect URI`;
  if (!req.allDomains && req.domains.length === 0) return '--connect needs --domain NAME or --all-domains';
  if (req.allDomains && req.domains.length > 0) return '--domain and --all-domains exclude each other';
  return req;
}

/** How many `virsh dumpxml` calls run at once per connection. */
const parallelDumps = 4;

/** Fetches every requested domain of every connection (connections in parallel). Never throws. */
export async function fetchLive(req: LiveRequest): Promise<LiveInput> {
  const perConnection = await Promise.all([...new Set(req.connections)].map((uri) => fetchConnection(req, uri)));
  return {
    documents: perConnection.flatMap((c) => c.documents),
    failures: perConnection.flatMap((c) => c.failures),
    notes: perConnection.flatMap((c) => c.notes),
  };
}

async function fetchConnection(req: LiveRequest, uri: string): Promise<LiveInput> {
  const out: LiveInput = { documents: [], failures: [], notes: [] };
  let names = [...new Set(req.domains)];
  if (req.allDomains) {
    const listed = await listDomains(req.virsh, uri);
    if (!listed.ok) {
      out.failures.push({ name: uri, error: withoutUri(uri, listed.error) });
      return out;
    }
    names = listed.items.map((d) => d.name);
    if (names.length === 0) out.notes.push(`${uri}: no domains defined`);
  }
  const hosts = await connectionHosts(req.virsh, uri);
  if (hosts.unreachable) {
    out.failures.push({ name: uri, error: withoutUri(uri, hosts.unreachable) });
    return out;
  }
  out.notes.push(...hosts.problems);
  let next = 0;
  const results: Array<LiveDocument | { name: string; error: string }> = [];
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      const name = names[i];
      const r = await dumpXml(req.virsh, uri, 'domain', name);
      results[i] = r.ok ? { name: liveName(uri, name), text: r.stdout, hosts: hosts.hosts } : { name: liveName(uri, name), error: r.libvirt || withoutUri(uri, r.error) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelDumps, names.length) }, worker));
  for (const r of results) {
    if ('error' in r) out.failures.push(r);
    else out.documents.push(r);
  }
  return out;
}

/** The host CPUs from `virsh domcapabilities`; `unreachable` set when the host did not answer at all. */
async function connectionHosts(virsh: VirshOptions, uri: string): Promise<LoadedHosts & { unreachable?: string }> {
  const loaded: LoadedHosts = { hosts: [], problems: [], unreadable: false };
  const caps = await domCapabilities(virsh, uri);
  if (!caps.ok) {
    if (caps.reason === 'unreachable' || caps.reason === 'timeout' || caps.reason === 'missing' || caps.reason === 'invalid') return { ...loaded, unreachable: caps.error };
    loaded.problems.push(`${caps.error}; domains are checked without host checks`);
    return loaded;
  }
  addHostsFromText(loaded, caps.stdout, `${uri} (domcapabilities)`);
  return loaded;
}

/** A virsh error without its leading "URI: ". */
function withoutUri(uri: string, error: string): string {
  return error.startsWith(`${uri}: `) ? error.slice(uri.length + 2) : error;
}

/** The name a live domain has in the output: `qemu:///system/domain/NAME`. */
export function liveName(uri: string, name: string): string {
  return `${uri}${uri.endsWith('/') ? '' : '/'}domain/${name}`;
}
