// The layer order of the shipped code (server/, client/, data/), enforced:
// util → xml → catalog → schema → domain → hosts → rules → features → wiring
// (server, CLI, worker, io/) → client. A file imports only its own layer or
// lower ones; the pure layers (up to features) never reach the file system, a
// process, the network or an editor API; the import graph has no cycle.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { repoFile } from '../helpers/fixtures';

const order = ['util', 'xml', 'catalog', 'schema', 'domain', 'hosts', 'rules', 'features', 'wiring', 'client'] as const;
type Layer = (typeof order)[number];
const pureUpTo = order.indexOf('features');

/** The layer of a repository file, or undefined for files outside the shipped code. */
function layerOf(file: string): Layer | undefined {
  if (file.startsWith('client/src/')) return 'client';
  if (file.startsWith('data/')) return 'wiring';
  const m = /^server\/src\/([^/]+)(\/|\.ts$)/.exec(file);
  if (!m) return undefined;
  const top = m[1];
  if ((order as readonly string[]).includes(top) && top !== 'wiring' && top !== 'client') return top as Layer;
  // The facade and the typed protocol are pure and serve the features' callers.
  if (top === 'languageService' || top === 'protocol') return 'features';
  return 'wiring'; // server.ts, cli.ts, cli/, validationWorker.ts, hostRegistry.ts, io/
}

/** Packages and built-ins a pure layer may not import: editor APIs, the LSP connection, files, processes, network. */
const impure = /^(node:|fs$|fs\/|child_process$|worker_threads$|net$|http|os$|path$|url$|vscode$|vscode-languageclient|vscode-languageserver(\/|$))/;
/** What the client may take from the server's tree: modules without imports of their own (virsh.ts, codeCache.ts: Node built-ins only). */
const clientMayImport = new Set(['server/src/protocol.ts', 'server/src/domain/documentKind.ts', 'server/src/io/virsh.ts', 'server/src/cli/codeCache.ts']);

function importsOf(source: string): string[] {
  return [
    ...source.matchAll(/^\s*(?:import|export)[^;'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
}

function resolve(from: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  return [base, `${base}.ts`, `${base}/index.ts`].find((c) => files.has(c));
}

/** Every violation in a tree of sources (path → text): wrong-way imports, impure imports in pure layers, cycles. */
export function layerViolations(sources: ReadonlyMap<string, string>): string[] {
  const files = new Set(sources.keys());
  const out: string[] = [];
  const edges = new Map<string, string[]>();
  for (const [file, source] of sources) {
    const layer = layerOf(file);
    if (!layer) continue;
    const rank = order.indexOf(layer);
    const targets: string[] = [];
    for (const spec of importsOf(source)) {
      if (!spec.startsWith('.')) {
        if (rank <= pureUpTo && impure.test(spec)) out.push(`${file} (${layer}) imports ${spec}`);
        continue;
      }
      const target = resolve(file, spec, files);
      if (!target) continue;
      targets.push(target);
      const tl = layerOf(target);
      if (!tl) continue;
      if (layer === 'client' && tl !== 'client' && !clientMayImport.has(target)) out.push(`${file} (client) imports ${target}: the client bundles only the protocol, documentKind, io/virsh and the code cache`);
      else if (layer !== 'client' && order.indexOf(tl) > rank) out.push(`${file} (${layer}) imports ${target} (${tl}), a higher layer`);
    }
    edges.set(file, targets);
  }
  // Cycles: iterative depth-first search, reporting each back edge's loop once.
  const state = new Map<string, 1 | 2>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ file: string; next: number }> = [{ file: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const targets = edges.get(top.file) ?? [];
      if (top.next >= targets.length) {
        state.set(top.file, 2);
        stack.pop();
        continue;
      }
      const t = targets[top.next++];
      if (state.get(t) === 1) {
        const loop = stack.slice(stack.findIndex((s) => s.file === t)).map((s) => s.file);
        out.push(`import cycle: ${[...loop, t].join(' → ')}`);
      } else if (!state.has(t)) {
        state.set(t, 1);
        stack.push({ file: t, next: 0 });
      }
    }
  }
  return out;
}

function shippedSources(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(repoFile(dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts')) out.set(rel, readFileSync(repoFile(rel), 'utf8'));
    }
  };
  for (const dir of ['server/src', 'client/src', 'data']) walk(dir);
  return out;
}

test('the shipped code keeps the layer order, has no impure pure layer and no import cycle', () => {
  const sources = shippedSources();
  assert.ok(sources.size > 60, `read ${sources.size} files`);
  assert.deepEqual(layerViolations(sources), []);
});

test('every shipped folder belongs to a layer', () => {
  for (const file of shippedSources().keys()) assert.ok(layerOf(file), `${file} has no layer`);
  assert.equal(layerOf('server/src/io/hostSources.ts'), 'wiring');
  assert.equal(layerOf('server/src/rules/kit/index.ts'), 'rules');
  assert.equal(layerOf('server/src/languageService.ts'), 'features');
});

test('the server modules the client bundles import nothing of the server', () => {
  for (const file of clientMayImport) {
    const relative = importsOf(readFileSync(repoFile(file), 'utf8')).filter((spec) => spec.startsWith('.'));
    assert.deepEqual(relative, [], `${file} must stay self-contained: the client bundle takes it whole`);
  }
});

test('the checker catches each kind of violation', () => {
  const tree = (files: Record<string, string>) => layerViolations(new Map(Object.entries(files)));
  // A lower layer importing a higher one.
  assert.match(tree({ 'server/src/xml/a.ts': "import { x } from '../rules/b';", 'server/src/rules/b.ts': '' }).join(), /xml\/a\.ts \(xml\) imports server\/src\/rules\/b\.ts \(rules\), a higher layer/);
  // A pure layer reaching the file system, a process, or the editor.
  for (const spec of ['node:fs', 'fs', 'child_process', 'vscode', 'vscode-languageserver/node']) {
    assert.equal(tree({ 'server/src/rules/a.ts': `import x from '${spec}';` }).length, 1, spec);
  }
  assert.deepEqual(tree({ 'server/src/features/a.ts': "import type { Range } from 'vscode-languageserver-types';" }), []);
  // io/ is wiring: nothing pure may use it; wiring may.
  assert.equal(tree({ 'server/src/features/a.ts': "import { r } from '../io/b';", 'server/src/io/b.ts': "import { readFileSync } from 'node:fs';" }).length, 1);
  assert.deepEqual(tree({ 'server/src/cli.ts': "import { r } from './io/b';", 'server/src/io/b.ts': "import { readFileSync } from 'node:fs';" }), []);
  // The client takes only the protocol, documentKind, io/virsh and the code cache from the server.
  assert.equal(tree({ 'client/src/a.ts': "import { x } from '../../server/src/rules/b';", 'server/src/rules/b.ts': '' }).length, 1);
  assert.deepEqual(tree({ 'client/src/a.ts': "import { x } from '../../server/src/protocol';", 'server/src/protocol.ts': '' }), []);
  // A cycle inside one layer.
  assert.match(tree({ 'server/src/rules/a.ts': "import { b } from './b';", 'server/src/rules/b.ts': "export { a } from './a';" }).join(), /import cycle: server\/src\/rules\/a\.ts → server\/src\/rules\/b\.ts → server\/src\/rules\/a\.ts/);
});
