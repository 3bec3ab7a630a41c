// Selection ranges: each expansion step from the cursor outwards, as the
// text it selects: value, quoted value, attribute, start tag, element,
// the parent's content, the parent … the whole document.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SelectionRange } from 'vscode-languageserver-types';
import { docAt, service } from '../helpers/engine';
import { maxSelectionDepth } from '../../server/src/features/selectionRanges';

/** The texts the selection grows through from `$0`. */
function steps(marked: string): string[] {
  const { doc, offset } = docAt(marked);
  const [chain] = service().getSelectionRanges(doc, [doc.textDocument.positionAt(offset)]);
  const out: string[] = [];
  for (let r: SelectionRange | undefined = chain; r; r = r.parent) out.push(doc.textDocument.getText(r.range));
  return out;
}

const text = `<domain>\n  <cpu mode='custom'>\n    <model>EPYC</model>\n  </cpu>\n</domain>`;

test('from an attribute value outwards', () => {
  assert.deepEqual(steps(text.replace("'custom'", "'cus$0tom'")), [
    'custom',
    "'custom'",
    "mode='custom'",
    "<cpu mode='custom'>",
    "<cpu mode='custom'>\n    <model>EPYC</model>\n  </cpu>",
    "\n  <cpu mode='custom'>\n    <model>EPYC</model>\n  </cpu>\n",
    text,
  ]);
});

test('from an element name and from text', () => {
  assert.deepEqual(steps(text.replace('<cpu', '<c$0pu')).slice(0, 3), ['cpu', "<cpu mode='custom'>", "<cpu mode='custom'>\n    <model>EPYC</model>\n  </cpu>"]);
  assert.deepEqual(steps(text.replace('EPYC', 'EP$0YC')).slice(0, 3), ['EPYC', '<model>EPYC</model>', "\n    <model>EPYC</model>\n  "]);
});

test('every step contains the one before', () => {
  const { doc, offset } = docAt(text.replace("'custom'", "'cus$0tom'"));
  let r: SelectionRange | undefined = service().getSelectionRanges(doc, [doc.textDocument.positionAt(offset)])[0];
  while (r?.parent) {
    const a = doc.textDocument.offsetAt(r.range.start);
    const b = doc.textDocument.offsetAt(r.range.end);
    const pa = doc.textDocument.offsetAt(r.parent.range.start);
    const pb = doc.textDocument.offsetAt(r.parent.range.end);
    assert.ok(pa <= a && b <= pb && (pa < a || b < pb));
    r = r.parent;
  }
});

test('one chain per position; a position in other XML selects the document', () => {
  const { doc } = docAt(text);
  assert.equal(service().getSelectionRanges(doc, [{ line: 0, character: 1 }, { line: 2, character: 12 }]).length, 2);
  assert.deepEqual(steps(`<project>a$0b</project>`), ['', '<project>ab</project>']);
});

test('a deep document: the chain is capped', () => {
  const depth = 100_000;
  const deep = `<domain>${'<a>'.repeat(depth)}$0${'</a>'.repeat(depth)}</domain>`;
  const chain = steps(deep);
  assert.ok(chain.length <= 2 * maxSelectionDepth + 2, `${chain.length} steps`);
  assert.equal(chain.at(-1)!.length, deep.length - 2);
});
