// The one way this product runs `virsh`: execFile with an argument array (never a
// shell), a timeout that kills, no terminal and no password prompt, and errors
// that name the connection. Used by the language server (host CPUs), the CLI
// (--connect) and the VS Code client (libvirt:// documents, the libvirt view).
// Imports only Node built-ins, so the client may bundle it.

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface VirshOptions {
  /** The program to run ('' = not allowed, e.g. withheld in an untrusted workspace). */
  virshPath: string;
  /** Longest a call may take before it is killed, in milliseconds (clamped to 100 ms … 5 min). */
  timeoutMs: number;
  /** How the caller names its settings in error messages (editor settings or CLI options). */
  names?: { virshPath: string; timeout: string };
}

/** Why a call failed: `invalid` (refused before running), `missing` (no virsh), `timeout`, `unreachable` (no connection to the host), `failed` (virsh said no). */
export type VirshFailure = 'invalid' | 'missing' | 'timeout' | 'unreachable' | 'failed';

export type VirshResult =
  | { ok: true; stdout: string }
  | {
      ok: false;
      reason: VirshFailure;
      /** One line naming the URI, fit for a log or a notification. */
      error: string;
      /** libvirt's own words (virsh's `error:` lines without the prefix and without temporary file names), when virsh ran. */
      libvirt?: string;
    };

/** The objects a connection holds that this product opens and saves. */
export type VirshObjectKind = 'domain' | 'network' | 'pool';

/** virsh's command names per object kind. */
export const virshCommands: Record<VirshObjectKind, { dump: string; define: string; list: string; nameOption: string }> = {
  domain: { dump: 'dumpxml', define: 'define', list: 'list', nameOption: '--domain' },
  network: { dump: 'net-dumpxml', define: 'net-define', list: 'net-list', nameOption: '--network' },
  pool: { dump: 'pool-dumpxml', define: 'pool-define', list: 'pool-list', nameOption: '--pool' },
};

/** Largest output accepted from virsh (a domcapabilities document is about 60 KB). */
const maxOutput = 10 * 1024 * 1024;

const defaultNames = { virshPath: 'libvirtXml.hosts.virshPath', timeout: 'libvirtXml.hosts.timeoutMs' };

/**
 * Why `uri` is not passed to virsh, or undefined when it may be. Refused: empty,
 * starting with '-' (it would read as an option), control characters (a newline
 * would split log lines and may confuse ssh).
 */
export function connectionUriProblem(uri: string): string | undefined {
  if (uri.trim() === '') return 'an empty connection URI';
  if (uri.startsWith('-')) return 'starts with "-"; not a libvirt connection URI';
  if (/[\0-\x1f\x7f]/.test(uri)) return 'contains control characters; not a libvirt connection URI';
  if (uri.length > 2048) return 'longer than 2048 characters; not a libvirt connection URI';
  return undefined;
}

/**
 * Why `name` is not passed to virsh as a domain, network or pool name, or undefined.
 * libvirt refuses '/' in names; control characters and empty names are refused here.
 * Names are always passed as `--domain=NAME`, so a leading '-' is harmless.
 */
export function objectNameProblem(name: string): string | undefined {
  if (name === '') return 'an empty name';
  if (name.includes('/')) return "contains '/', which libvirt does not allow in names";
  if (/[\0-\x1f\x7f]/.test(name)) return 'contains control characters';
  if (name.length > 1024) return 'longer than 1024 characters';
  return undefined;
}

/**
 * Runs `virsh -c URI ARGS…` and returns its standard output, or why not. Never
 * throws, never uses a shell; stdin is closed, ssh may not ask for a password
 * (keys and agents only), the process is killed at the timeout. `readonly`
 * adds virsh's `-r` (a read-only connection).
 */
export function runVirsh(opts: VirshOptions, uri: string, args: readonly string[], readonly = false): Promise<VirshResult> {
  const names = opts.names ?? defaultNames;
  const command = args[0] ?? '';
  const refuse = (error: string): Promise<VirshResult> => Promise.resolve({ ok: false, reason: 'invalid', error: `${uri}: ${error}` });
  if (opts.virshPath === '') return refuse(`${names.virshPath} is empty (or withheld in an untrusted workspace); not run`);
  const uriProblem = connectionUriProblem(uri);
  if (uriProblem) return refuse(`${uriProblem}; not run`);
  const timeout = Math.min(Math.max(Math.floor(opts.timeoutMs) || 0, 100), 300_000);
  const argv = [...(readonly ? ['-r'] : []), '-c', uri, ...args];
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', SSH_ASKPASS_REQUIRE: 'never' };
  delete env.SSH_ASKPASS;
  delete env.VIRSH_DEFAULT_CONNECT_URI;
  return new Promise((resolve) => {
    const child = execFile(
      opts.virshPath,
      argv,
      { timeout, killSignal: 'SIGKILL', maxBuffer: maxOutput, windowsHide: true, encoding: 'utf8', env, shell: false },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, stdout });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number | null };
        const fail = (reason: VirshFailure, why: string, libvirt?: string) => resolve({ ok: false, reason, error: `${uri}: ${why}`, ...(libvirt ? { libvirt } : {}) });
        if (e.code === 'ENOENT') return fail('missing', `'${opts.virshPath}' not found (set ${names.virshPath})`);
        if (e.code === 'EACCES') return fail('missing', `'${opts.virshPath}' cannot be run (permission denied)`);
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return fail('failed', `virsh ${command} printed more than 10 MB; ignored`);
        if (e.killed || e.signal) return fail('timeout', `virsh ${command} gave no answer within ${timeout} ms (${names.timeout}); stopped`);
        const collapsed = String(stderr).replace(/\s+/g, ' ').trim().slice(0, 500);
        const libvirt = libvirtMessage(String(stderr));
        if (/failed to connect to the hypervisor/i.test(stderr)) return fail('unreachable', `cannot connect${libvirt ? `: ${libvirt}` : ''}`, libvirt);
        fail('failed', `virsh ${command} failed${typeof e.code === 'number' ? ` (exit status ${e.code})` : ''}${collapsed ? `: ${collapsed}` : ''}`, libvirt);
      },
    );
    child.stdin?.end();
  });
}

/**
 * libvirt's message in virsh's stderr: the `error:` lines without that prefix,
 * without virsh's own framing ("failed to connect to the hypervisor", "Failed to
 * define domain from FILE", "Failed to list pools"), joined with '; '. Capped at 2,000 characters.
 */
export function libvirtMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.replace(/^error:\s*/, ''))
    .filter((l) => !/^failed to connect to the hypervisor$/i.test(l) && !/^Failed to (define [a-z ]+ from .*|list [a-z ]+|get the number of .*)$/.test(l));
  return lines.join('; ').slice(0, 2000);
}

/** Names printed one per line by `virsh … --name` (empty lines dropped). */
function names(stdout: string): string[] {
  return stdout.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

export interface DomainEntry {
  name: string;
  state: 'running' | 'paused' | 'shut off';
}

export type Listing<T> = { ok: true; items: T[] } | Extract<VirshResult, { ok: false }>;

/** The connection's defined and running domains with their state, sorted by name. */
export async function listDomains(opts: VirshOptions, uri: string): Promise<Listing<DomainEntry>> {
  const all = await runVirsh(opts, uri, ['list', '--all', '--name'], true);
  if (!all.ok) return all;
  const running = await runVirsh(opts, uri, ['list', '--state-running', '--name'], true);
  const paused = await runVirsh(opts, uri, ['list', '--state-paused', '--name'], true);
  const runningSet = new Set(running.ok ? names(running.stdout) : []);
  const pausedSet = new Set(paused.ok ? names(paused.stdout) : []);
  const items = names(all.stdout)
    .sort()
    .map((name): DomainEntry => ({ name, state: runningSet.has(name) ? 'running' : pausedSet.has(name) ? 'paused' : 'shut off' }));
  return { ok: true, items };
}

/** The connection's networks or storage pools (defined and active), sorted by name. */
export async function listObjects(opts: VirshOptions, uri: string, kind: 'network' | 'pool'): Promise<Listing<string>> {
  const r = await runVirsh(opts, uri, [virshCommands[kind].list, '--all', '--name'], true);
  if (!r.ok) return r;
  return { ok: true, items: names(r.stdout).sort() };
}

/** `virsh dumpxml --inactive` (net-dumpxml, pool-dumpxml): the persistent definition libvirt stores. */
export function dumpXml(opts: VirshOptions, uri: string, kind: VirshObjectKind, name: string): Promise<VirshResult> {
  const problem = objectNameProblem(name);
  if (problem) return Promise.resolve({ ok: false, reason: 'invalid', error: `${uri}: ${kind} name ${problem}; not run` });
  const c = virshCommands[kind];
  return runVirsh(opts, uri, [c.dump, `${c.nameOption}=${name}`, '--inactive'], true);
}

/** `virsh domcapabilities` of the connection's host (libvirt refuses it on a read-only connection). */
export function domCapabilities(opts: VirshOptions, uri: string): Promise<VirshResult> {
  return runVirsh(opts, uri, ['domcapabilities']);
}

/**
 * Runs `virsh CMD --file=F …EXTRA` with `text` written to a private temporary
 * file (directory mode 0700, file 0600, removed afterwards). virsh reads the
 * file itself, also for remote connections.
 */
async function withTextFile(opts: VirshOptions, uri: string, command: string, text: string, extra: readonly string[], fileOption: string): Promise<VirshResult> {
  const uriProblem = connectionUriProblem(uri);
  if (uriProblem || opts.virshPath === '') return runVirsh(opts, uri, [command]);
  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(tmpdir(), 'libvirt-xml-'));
    const file = join(dir, 'document.xml');
    await writeFile(file, text, { mode: 0o600 });
    return await runVirsh(opts, uri, [command, ...extra, `${fileOption}=${file}`]);
  } catch (e) {
    return { ok: false, reason: 'failed', error: `${uri}: cannot write a temporary file (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

/** `virsh define --validate` (net-define, pool-define) of `text`: libvirt stores it or says why not. */
export function defineXml(opts: VirshOptions, uri: string, kind: VirshObjectKind, text: string): Promise<VirshResult> {
  return withTextFile(opts, uri, virshCommands[kind].define, text, ['--validate'], '--file');
}

/** `virsh domxml-to-native qemu-argv` of a domain document: the QEMU command line libvirt would run. */
export function domxmlToNative(opts: VirshOptions, uri: string, text: string): Promise<VirshResult> {
  return withTextFile(opts, uri, 'domxml-to-native', text, ['--format=qemu-argv'], '--xml');
}

/** `virsh domxml-to-native qemu-argv --domain=NAME`: the QEMU command line of a defined domain. */
export function domainToNative(opts: VirshOptions, uri: string, name: string): Promise<VirshResult> {
  const problem = objectNameProblem(name);
  if (problem) return Promise.resolve({ ok: false, reason: 'invalid', error: `${uri}: domain name ${problem}; not run` });
  return runVirsh(opts, uri, ['domxml-to-native', '--format=qemu-argv', `--domain=${name}`]);
}
