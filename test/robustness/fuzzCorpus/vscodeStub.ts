// A stand-in for the `vscode` module so client code (client/src/*.ts) can be loaded
// outside VS Code: every property is a callable, constructible stub; tests set the
// few values they care about (e.g. `workspace.isTrusted`) through `vscodeStub.set`.
// Import this module before any module that imports `vscode`.

import Module = require('node:module');

interface Calls {
  /** Every call made through the stub, as `path` (e.g. "window.showErrorMessage") and its arguments. */
  calls: Array<{ path: string; args: unknown[] }>;
}

/**
 * Top-level names listed when the module is enumerated: esbuild's `import * as vscode`
 * copies the enumerable names of the required module, so these must be listed; any
 * other name still resolves when read directly (as bundled CommonJS libraries do).
 */
const topLevel = [
  'commands', 'env', 'extensions', 'l10n', 'languages', 'window', 'workspace', 'tasks', 'debug', 'authentication',
  'CancellationError', 'CancellationTokenSource', 'CodeAction', 'CodeActionKind', 'CompletionItem', 'CompletionItemKind',
  'ConfigurationTarget', 'Diagnostic', 'DiagnosticSeverity', 'Disposable', 'EventEmitter', 'Hover', 'Location',
  'MarkdownString', 'Position', 'ProgressLocation', 'Range', 'StatusBarAlignment', 'TextEdit', 'ThemeColor',
  'ThemeIcon', 'Uri', 'WorkspaceEdit',
];

const overrides = new Map<string, unknown>();
const record: Calls = { calls: [] };
const cache = new Map<string, unknown>();

/** A function-object proxy standing for `path`: property reads give deeper stubs, calls are recorded. */
function stub(path: string): unknown {
  const hit = cache.get(path);
  if (hit) return hit;
  const target = function () {} as unknown as object;
  const proxy: unknown = new Proxy(target, {
    ownKeys: (t) => (path === '' ? [...new Set([...Reflect.ownKeys(t), ...topLevel])] : Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, prop) =>
      Reflect.getOwnPropertyDescriptor(t, prop) ??
      (path === '' && typeof prop === 'string' && topLevel.includes(prop) ? { configurable: true, enumerable: true, value: stub(prop) } : undefined),
    get(_t, prop) {
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === 'then') return undefined; // not a thenable
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'prototype') return Object.prototype;
      if (typeof prop === 'symbol') return undefined;
      const child = path ? `${path}.${prop}` : prop;
      if (overrides.has(child)) return overrides.get(child);
      return stub(child);
    },
    // Writes (e.g. a library naming a function) land in the overrides, so reading them back works.
    set(_t, prop, value) {
      if (typeof prop === 'string') overrides.set(path ? `${path}.${prop}` : prop, value);
      return true;
    },
    defineProperty(_t, prop, descriptor) {
      if (typeof prop === 'string') overrides.set(path ? `${path}.${prop}` : prop, descriptor.value ?? descriptor.get?.());
      return true;
    },
    apply(_t, _this, args: unknown[]) {
      record.calls.push({ path, args });
      if (overrides.has(`${path}()`)) return (overrides.get(`${path}()`) as (...a: unknown[]) => unknown)(...args);
      return stub(`${path}()`);
    },
    construct(_t, args: unknown[]) {
      record.calls.push({ path: `new ${path}`, args });
      return stub(`new ${path}`) as object;
    },
  });
  cache.set(path, proxy);
  return proxy;
}

export const vscodeStub = {
  module: stub(''),
  /** Set the value read at `path` (e.g. "workspace.isTrusted"), or the implementation of a call with a "()" suffix. */
  set(path: string, value: unknown): void {
    overrides.set(path, value);
  },
  calls: record.calls,
  reset(): void {
    overrides.clear();
    record.calls.length = 0;
  },
};

// Serve the stub for require('vscode'): the test bundles leave 'vscode' external.
const M = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const originalLoad = M._load;
M._load = function (request: string, parent: unknown, isMain: boolean) {
  if (request === 'vscode') return vscodeStub.module;
  return originalLoad.call(this, request, parent, isMain);
};
