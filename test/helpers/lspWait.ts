// Shared by the protocol tests: wait for a condition that server messages make
// true (never a fixed sleep), and shut a server down the way an editor does.

import type { ChildProcess } from 'node:child_process';
import type { MessageConnection } from 'vscode-jsonrpc/node';

export interface Waiters {
  /** Resolves when `check` returns a value, re-checking on every `notify()`; rejects after `ms`. */
  waitFor<T>(check: () => T | undefined, what: string, ms?: number): Promise<T>;
  /** Call on every message from the server. */
  notify(): void;
}

export function createWaiters(defaultMs = 10_000): Waiters {
  const waiters: Array<() => void> = [];
  return {
    waitFor<T>(check: () => T | undefined, what: string, ms = defaultMs): Promise<T> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
        const poll = () => {
          const v = check();
          if (v !== undefined) {
            clearTimeout(timer);
            resolve(v);
          } else waiters.push(poll);
        };
        poll();
      });
    },
    notify() {
      for (const w of waiters.splice(0)) w();
    },
  };
}

/** shutdown, exit, and wait for the process to end. */
export async function shutdownServer(rpc: MessageConnection, server: ChildProcess): Promise<void> {
  await rpc.sendRequest('shutdown');
  await rpc.sendNotification('exit');
  rpc.dispose();
  await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
}
