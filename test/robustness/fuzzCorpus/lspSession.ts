// Starts the bundled language server (dist/server.js) over stdio and talks JSON-RPC to it
// as an editor would, recording every notification. Shared by the robustness and
// security tests and the benchmark; waits are conditions re-checked on each message, never sleeps.

import { spawn, type ChildProcess } from 'node:child_process';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';

export interface Published {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
  /** performance.now() in this process when the notification arrived. */
  at: number;
}

export interface LspSession {
  rpc: MessageConnection;
  child: ChildProcess;
  /** performance.now() just before the process was spawned. */
  spawnedAt: number;
  published: Published[];
  logs: Array<{ type: number; message: string }>;
  catalogInfo: Array<Record<string, unknown>>;
  /** libvirtXml/hostsInfo notifications (host CPU descriptions loaded from the workspace). */
  hostsInfo: Array<Record<string, unknown>>;
  stderr: () => string;
  /** Resolves when `check` returns something other than undefined, re-checking on every message; rejects after `ms`. */
  waitFor<T>(check: () => T | undefined, what: string, ms?: number): Promise<T>;
  /** The latest diagnostics for `uri`, once some are published (optionally for `version`). */
  diagnosticsFor(uri: string, version?: number, ms?: number): Promise<Published>;
  open(uri: string, text: string, version?: number): void;
  /** Shutdown and exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface SessionOptions {
  /** Extra environment (merged over process.env). */
  env?: Record<string, string>;
  /** Node options placed before the script, e.g. ['--require', preload]. */
  nodeArgs?: string[];
  /** The answer to workspace/configuration (one value per item). Default: the bundled catalog and grammar. */
  configuration?: unknown;
  serverPath?: string;
  cwd?: string;
  /** Workspace folders (absolute paths) announced in initialize. */
  workspaceFolders?: string[];
}

export async function startServer(options: SessionOptions = {}): Promise<LspSession> {
  const serverPath = options.serverPath ?? join(process.cwd(), 'dist/server.js');
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), serverPath, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: Array<() => void> = [];
  const notify = () => {
    for (const w of waiters.splice(0)) w();
  };
  const published: Published[] = [];
  const logs: Array<{ type: number; message: string }> = [];
  const catalogInfo: Array<Record<string, unknown>> = [];
  const hostsInfo: Array<Record<string, unknown>> = [];
  rpc.onNotification('textDocument/publishDiagnostics', (p: Omit<Published, 'at'>) => {
    published.push({ ...p, at: performance.now() });
    notify();
  });
  rpc.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    logs.push(p);
    notify();
  });
  rpc.onNotification('libvirtXml/catalogInfo', (info: Record<string, unknown>) => {
    catalogInfo.push(info);
    notify();
  });
  const configuration = options.configuration ?? { catalog: { useHostCpuMap: false }, schema: { useHostSchemas: false } };
  rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => configuration));
  rpc.onRequest('client/registerCapability', () => null);
  rpc.onRequest('window/workDoneProgress/create', () => null);
  rpc.onRequest('workspace/workspaceFolders', () => (options.workspaceFolders ?? []).map((path) => ({ uri: pathToFileURL(path).href, name: basename(path) })));
  rpc.onNotification('libvirtXml/hostsInfo', (info: Record<string, unknown>) => {
    hostsInfo.push(info);
    notify();
  });
  rpc.onClose(notify);
  child.on('exit', notify);
  rpc.listen();

  const session: LspSession = {
    rpc,
    child,
    spawnedAt,
    published,
    logs,
    catalogInfo,
    hostsInfo,
    stderr: () => stderr,
    waitFor<T>(check: () => T | undefined, what: string, ms = 20_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}; server stderr: ${stderr.slice(-2000)}`)), ms);
        const poll = () => {
          const v = check();
          if (v !== undefined) {
            clearTimeout(timer);
            resolve(v);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            reject(new Error(`server exited (${child.exitCode ?? child.signalCode}) while waiting for ${what}; stderr: ${stderr.slice(-2000)}`));
          } else waiters.push(poll);
        };
        poll();
      });
    },
    diagnosticsFor(uri: string, version?: number, ms?: number): Promise<Published> {
      return session.waitFor(
        () => {
          for (let i = published.length - 1; i >= 0; i--) {
            const p = published[i];
            if (p.uri === uri && (version === undefined || p.version === version)) return p;
          }
          return undefined;
        },
        `diagnostics for ${uri}${version === undefined ? '' : ` v${version}`}`,
        ms,
      );
    },
    open(uri: string, text: string, version = 1): void {
      void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version, text } });
    },
    async stop(): Promise<number | null> {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        try {
          await Promise.race([rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
          await rpc.sendNotification('exit');
        } catch {
          // Connection already gone: the exit handler below still runs.
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rpc.dispose();
      return child.exitCode;
    },
  };

  const folders = (options.workspaceFolders ?? []).map((path) => ({ uri: pathToFileURL(path).href, name: basename(path) }));
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folders[0]?.uri ?? null,
    workspaceFolders: folders.length ? folders : null,
    capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } } },
  });
  await rpc.sendNotification('initialized', {});
  return session;
}

/** LSP position of `offset` in `text` (UTF-16 columns, \n, \r\n and \r line ends). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
