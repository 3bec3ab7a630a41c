// Quick-fixes: applying each one and re-checking leaves the problem fixed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { applyEdits, docAt, domainWith, service } from '../helpers/engine';

/** The titles of the fixes offered for `code`, and the text after applying the preferred (or first) one. */
function fix(text: string, code: string): { titles: string[]; after: string; remaining: string[] } {
  const { doc } = docAt(text);
  const diags = service().doValidation(doc);
  const d = diags.find((x) => x.code === code)!;
  assert.ok(d, `${code} reported`);
  const actions = service().doCodeActions(doc, d.range, [d]);
  const chosen = actions.find((a) => a.isPreferred) ?? actions[0];
  const after = applyEdits(doc, chosen.edit!.changes!['file:///test.xml'] as TextEdit[]);
  const again = service().parse(TextDocument.create('file:///test.xml', 'xml', 2, after));
  return { titles: actions.map((a) => a.title), after, remaining: service().doValidation(again).map((x) => String(x.code)) };
}

test('unknown model: did-you-mean replacement', () => {
  const r = fix(domainWith(`<cpu><model>Skylake-Clinet</model></cpu>`), 'cpu-model-unknown');
  assert.equal(r.titles[0], "Change model to 'Skylake-Client'");
  assert.equal(r.after, domainWith(`<cpu><model>Skylake-Client</model></cpu>`));
  assert.deepEqual(r.remaining, []);
});

test('feature alias: canonical name is the preferred fix', () => {
  const r = fix(domainWith(`<cpu><model>qemu64</model><feature policy='require' name='sse4_2'/></cpu>`), 'cpu-feature-alias');
  assert.equal(r.after, domainWith(`<cpu><model>qemu64</model><feature policy='require' name='sse4.2'/></cpu>`));
  assert.deepEqual(r.remaining, []);
});

test('model with blanks: trimmed', () => {
  const r = fix(domainWith(`<cpu><model>\n  Haswell\n</model></cpu>`), 'cpu-model-whitespace');
  assert.equal(r.after, domainWith(`<cpu><model>Haswell</model></cpu>`));
  assert.deepEqual(r.remaining, []);
});

test('unknown feature: suggestions', () => {
  const r = fix(domainWith(`<cpu><model>qemu64</model><feature policy='require' name='avx512'/></cpu>`), 'cpu-feature-unknown');
  assert.ok(r.titles.includes("Change feature to 'avx512f'"));
  assert.deepEqual(r.remaining, []);
});
