// Settings between client and server: the server pulls section `libvirtXml` through
// workspace/configuration; in Restricted Mode path and program settings are blanked on the way out.
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, type LanguageClient, type Middleware } from 'vscode-languageclient/node';

/** Settings a workspace must not control unless trusted (they point the server at files or programs to run). */
export const restrictedSettings: readonly string[] = ['libvirtXml.catalog.cpuMapPath', 'libvirtXml.schema.schemasPath', 'libvirtXml.connections', 'libvirtXml.hosts.connections', 'libvirtXml.hosts.virshPath'];

/**
 * Client middleware for the configuration messages. Every `workspace/configuration`
 * answer goes through `restrict` while the workspace is untrusted (checked per request,
 * so granting trust takes effect at the next pull). Pushes triggered by a server-side
 * didChangeConfiguration registration are dropped: `notifyConfigurationChanged`
 * sends one payload-free notification per change instead, and the server re-pulls.
 */
export function configurationMiddleware(): NonNullable<Middleware['workspace']> {
  return {
    configuration: async (params, token, next) => {
      const result = await next(params, token);
      if (vscode.workspace.isTrusted || !Array.isArray(result)) return result;
      return result.map((value, i) => restrict(params.items[i]?.section ?? undefined, value));
    },
    didChangeConfiguration: async () => {},
  };
}

/** Tell a running server that `libvirtXml` settings (or the workspace trust) changed. */
export function notifyConfigurationChanged(client: LanguageClient): void {
  if (!client.isRunning()) return;
  client.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).catch((error) => {
    client.error('Sending workspace/didChangeConfiguration failed', error, false);
  });
}

/**
 * `value`, the configuration for `section` (undefined = the whole configuration), with
 * every restricted setting under it blanked ('' for strings, [] for lists). Returns a copy;
 * missing parts stay missing.
 */
export function restrict(section: string | undefined, value: unknown): unknown {
  const prefix = section ? section.split('.') : [];
  for (const setting of restrictedSettings) {
    const path = setting.split('.');
    if (!prefix.every((part, i) => path[i] === part)) continue;
    const rest = path.slice(prefix.length);
    if (rest.length === 0) return emptyLike(value);
    value = blank(value, rest);
  }
  return value;
}

/** The blank value of a setting's type: [] for a list, '' otherwise. */
function emptyLike(value: unknown): unknown {
  return Array.isArray(value) ? [] : '';
}

/** Copy of `value` with the setting at `path` blanked, when that path exists. */
function blank(value: unknown, path: string[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const [head, ...rest] = path;
  const record = value as Record<string, unknown>;
  if (head === undefined || !Object.prototype.hasOwnProperty.call(record, head)) return value;
  return { ...record, [head]: rest.length === 0 ? emptyLike(record[head]) : blank(record[head], rest) };
}
