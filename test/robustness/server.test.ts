// Server robustness over stdio: a crashing request handler, a storm of edits, a huge
// document next to a small one, and the client's restart policy for a dead server.
// The server runs with LIBVIRT_XML_TEST_HOOKS=1 for its test-only requests.

// First: serves a stub for require('vscode') to the client module imported below.
import { vscodeStub } from './fuzzCorpus/vscodeStub';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { Hover } from 'vscode-languageserver-types';
import { CloseAction, ErrorAction } from 'vscode-languageclient/node';
import { CrashHandler } from '../../client/src/crashHandler';
import { positionAt, startServer, type LspSession } from './fuzzCorpus/lspSession';
import { realisticDomain, realisticDomainOfSize } from './fuzzCorpus/domains';

interface Stats {
  parses: Record<string, number>;
  validations: Record<string, number>;
  memory: NodeJS.MemoryUsage;
}

let server: LspSession;

before(async () => {
  server = await startServer({ env: { LIBVIRT_XML_TEST_HOOKS: '1' } });
});

after(async () => {
  await server.stop();
});

const small = realisticDomain({ lines: 120, seed: 7 });
const featureOffset = small.indexOf("name='", small.indexOf('<feature ')) + 8;

function hover(uri: string, text: string, offset: number): Promise<Hover | null> {
  return server.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(text, offset) });
}

const stats = (): Promise<Stats> => server.rpc.sendRequest('libvirtXml/test/stats');

test('a request handler that throws is answered with an error, logged, and the server keeps serving', async () => {
  server.open('file:///crash/small.xml', small);
  await server.diagnosticsFor('file:///crash/small.xml');
  for (let round = 0; round < 3; round++) {
    const failure = await server.rpc.sendRequest('libvirtXml/test/throw').then(
      () => assert.fail('the test hook answered without an error'),
      (e: unknown) => e,
    );
    assert.ok(failure instanceof ResponseError, `expected a ResponseError, got ${String(failure)}`);
    assert.equal(failure.code, -32603); // InternalError
    assert.match(failure.message, /deliberate failure/);
    await server.waitFor(() => server.logs.filter((l) => l.type === 1 && /Test hook failed: Error: deliberate failure/.test(l.message)).length > round || undefined, 'the error in the log');
    // The next request is served normally.
    const h = await hover('file:///crash/small.xml', small, featureOffset);
    assert.ok(h, 'hover answered after the failure');
  }
  assert.equal(server.child.exitCode, null, 'the server is still running');
});

test('test-only requests do not exist without LIBVIRT_XML_TEST_HOOKS=1', async () => {
  const plain = await startServer({ env: { LIBVIRT_XML_TEST_HOOKS: '' } });
  try {
    for (const method of ['libvirtXml/test/throw', 'libvirtXml/test/stats']) {
      const failure = await plain.rpc.sendRequest(method).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(failure instanceof ResponseError, `${method} answered`);
      assert.equal(failure.code, -32601, `${method}: expected MethodNotFound`); // MethodNotFound
    }
  } finally {
    await plain.stop();
  }
});

test('a storm of 200 edits is validated once, for the final version, and unchanged documents are not re-parsed', async () => {
  const stormUri = 'file:///storm/edited.xml';
  const quietUri = 'file:///storm/unchanged.xml';
  server.open(quietUri, small);
  server.open(stormUri, small);
  await server.diagnosticsFor(quietUri, 1);
  const first = await server.diagnosticsFor(stormUri, 1);
  const before = await stats();
  assert.equal(before.parses[quietUri], 1);
  assert.equal(before.parses[stormUri], 1);
  const publishedBefore = server.published.length;

  // Type a feature name one character at a time (and back), as fast as the pipe takes it.
  const at = positionAt(small, featureOffset);
  let text = small;
  for (let v = 2; v <= 201; v++) {
    const insert = v % 2 === 0;
    const range = insert ? { start: at, end: at } : { start: at, end: { line: at.line, character: at.character + 1 } };
    text = insert ? text.slice(0, featureOffset) + 'x' + text.slice(featureOffset) : text.slice(0, featureOffset) + text.slice(featureOffset + 1);
    void server.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri: stormUri, version: v },
      contentChanges: [{ range, text: insert ? 'x' : '' }],
    });
  }
  const final = await server.diagnosticsFor(stormUri, 201);
  const during = server.published.slice(publishedBefore);
  assert.deepEqual(
    during.map((p) => `${p.uri} v${p.version}`),
    [`${stormUri} v201`],
    'one publish, for the final version',
  );
  assert.equal(text, small, 'the edits cancel out');
  assert.deepEqual(final.diagnostics, first.diagnostics, 'the final version, equal to the first, gets the same diagnostics');

  // A hover on the unchanged document uses the cached parse.
  assert.ok(await hover(quietUri, small, featureOffset));
  const afterStorm = await stats();
  assert.equal(afterStorm.parses[quietUri], 1, 'the unchanged document was parsed once');
  assert.equal(afterStorm.validations[quietUri], 1, 'the unchanged document was validated once');
  assert.equal(afterStorm.validations[stormUri], 2, 'the edited document was validated for v1 and v201 only');
  assert.ok(afterStorm.parses[stormUri] <= 2, `the edited document was parsed ${afterStorm.parses[stormUri]} times`);
});

test('a hover on a small document is answered while a 20 MB document is being validated', async (t) => {
  const smallUri = 'file:///busy/small.xml';
  const bigUri = 'file:///busy/big.xml';
  server.open(smallUri, small);
  await server.diagnosticsFor(smallUri, 1);
  const big = realisticDomainOfSize(20_000_000, 3);
  const t0 = performance.now();
  server.open(bigUri, big);
  // One hover right behind the didOpen, then one every 50 ms until the big document's diagnostics arrive.
  const bigDone = server.diagnosticsFor(bigUri, 1, 180_000);
  let done = false;
  void bigDone.then(() => (done = true));
  const hovers: Array<Promise<{ sent: number; answered: number; ok: boolean }>> = [];
  const ask = () => {
    const sent = performance.now();
    hovers.push(hover(smallUri, small, featureOffset).then((h) => ({ sent, answered: performance.now(), ok: !!h })));
  };
  ask();
  while (!done) {
    await new Promise((r) => setTimeout(r, 50));
    if (!done) ask();
  }
  const published = await bigDone;
  const answers = await Promise.all(hovers);
  const latencies = answers.map((a) => a.answered - a.sent);
  const worst = Math.max(...latencies);
  const total = published.at - t0;
  t.diagnostic(
    `20 MB document: diagnostics after ${total.toFixed(0)} ms; ${answers.length} hovers on the small document, first answered after ${latencies[0].toFixed(0)} ms, slowest ${worst.toFixed(0)} ms`,
  );
  assert.ok(answers.every((a) => a.ok), 'every hover answered');
  assert.ok(answers[0].answered < published.at, `the hover queued behind the didOpen waited for the whole validation (${latencies[0].toFixed(0)} ms)`);
  // The big document is validated on a worker thread: hovers meanwhile are answered at once, not after its parse.
  const median = [...latencies].sort((a, b) => a - b)[latencies.length >> 1];
  assert.ok(median < 300, `half the hovers waited more than ${median.toFixed(0)} ms`);
  // Close the big document so later tests and the memory it holds are not affected.
  void server.rpc.sendNotification('textDocument/didClose', { textDocument: { uri: bigUri } });
  await server.waitFor(() => server.published.some((p) => p.uri === bigUri && p.diagnostics.length === 0 && p.version === undefined) || undefined, 'cleared diagnostics');
});

test('client crash policy: restarts up to 4 times in 3 minutes, then stops and tells the user', () => {
  const realNow = Date.now;
  let now = 1_000_000;
  Date.now = () => now;
  try {
    vscodeStub.reset();
    vscodeStub.set('window.showErrorMessage()', () => Promise.resolve(undefined));
    let shown = 0;
    const handler = new CrashHandler(() => shown++);
    for (let i = 1; i <= 4; i++) {
      now += 10_000;
      const r = handler.closed();
      assert.equal(r.action, CloseAction.Restart, `crash ${i} restarts`);
      assert.match(r.message ?? '', new RegExp(`\\(${i} of 4 restarts`));
    }
    assert.equal(vscodeStub.calls.filter((c) => c.path === 'window.showWarningMessage').length, 4);
    now += 10_000;
    const fifth = handler.closed();
    assert.equal(fifth.action, CloseAction.DoNotRestart, 'the fifth crash within 3 minutes is not restarted');
    assert.equal(fifth.handled, true);
    assert.equal(vscodeStub.calls.filter((c) => c.path === 'window.showErrorMessage').length, 1);
    // Three minutes after the first crashes they no longer count.
    now += 3 * 60 * 1000 - 30_000;
    assert.equal(handler.closed().action, CloseAction.Restart, 'old crashes age out of the window');
    // After a restart the user asked for, the count starts again.
    now += 1000;
    handler.closed();
    handler.closed();
    assert.equal(handler.closed().action, CloseAction.DoNotRestart);
    handler.reset();
    assert.equal(handler.closed().action, CloseAction.Restart, 'reset() forgets past crashes');
    assert.equal(shown, 0, 'the output is shown only when the user picks it');
    // Connection errors: a few are tolerated, then the server is shut down.
    assert.equal(handler.error(new Error('x'), undefined, 1).action, ErrorAction.Continue);
    assert.equal(handler.error(new Error('x'), undefined, 3).action, ErrorAction.Continue);
    assert.equal(handler.error(new Error('x'), undefined, 4).action, ErrorAction.Shutdown);
    assert.equal(handler.error(new Error('x'), undefined, undefined).action, ErrorAction.Shutdown);
  } finally {
    Date.now = realNow;
  }
});
