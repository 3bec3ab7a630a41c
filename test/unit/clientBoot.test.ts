// The extension's main module (dist/client.js, client/src/boot.ts) runs the
// client's body through V8's code cache and hands VS Code the body's exports:
// loaded twice in fresh processes (with a stand-in `vscode`), it exports
// activate and deactivate both times, writes its cache once and then reads it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cacheFileStamps } from '../helpers/cli';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A `vscode` module whose every property is a constructible, callable stub: enough for the body's top-level code.
const loader = `
const Module = require('node:module');
const stub = (name) => new Proxy(function () {}, { get: (t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => name : stub(name + '.' + String(k))), apply: () => stub(name + '()'), construct: () => stub('new ' + name) });
const vscode = stub('vscode');
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const main = require(process.argv[1]);
process.stdout.write([typeof main.activate, typeof main.deactivate].join(' '));
`;

test('dist/client.js loads its body through a code cache and exports activate and deactivate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-client-boot-'));
  const env = { ...process.env, LIBVIRT_XML_LINT_CACHE: dir };
  const load = () => spawnSync(process.execPath, ['-e', loader, join(process.cwd(), 'dist/client.js')], { env, encoding: 'utf8' });
  const state = () => cacheFileStamps(dir);
  const first = load();
  assert.equal(first.stdout, 'function function', first.stderr);
  const written = state();
  assert.equal(written.length, 1);
  assert.match(written[0], /^client-[0-9a-f]{8}-[0-9a-f]{8}\.v8 /);
  const second = load();
  assert.equal(second.stdout, 'function function', second.stderr);
  assert.deepEqual(state(), written, 'the second load read the cache and left it as it was');
  rmSync(dir, { recursive: true, force: true });
});
