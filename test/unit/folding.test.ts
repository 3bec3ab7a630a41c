// Folding ranges: multi-line elements fold up to the line before their end
// tag, multi-line comments fold whole; CDATA is not mistaken for a comment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docAt, service } from '../helpers/engine';

/** Each fold as "first line text … last folded line text", trimmed. */
function folds(text: string, rangeLimit?: number): string[] {
  const { doc } = docAt(text);
  const lines = text.split('\n');
  return service()
    .getFoldingRanges(doc, { rangeLimit })
    .map((r) => `${lines[r.startLine].trim()} … ${lines[r.endLine].trim()}${r.kind ? ` (${r.kind})` : ''}`);
}

const domain = `<domain type='kvm'>
  <!-- CPU layout
       agreed with the host team -->
  <cpu mode='host-passthrough'>
    <topology sockets='1' cores='2' threads='1'/>
    <numa>
      <cell id='0' cpus='0-1' memory='1' unit='GiB'/>
    </numa>
  </cpu>
  <description><![CDATA[
    <!-- not a comment -->
  ]]></description>
  <vcpu>2</vcpu>
</domain>`;

test('elements and comments', () => {
  assert.deepEqual(folds(domain), [
    "<domain type='kvm'> … <vcpu>2</vcpu>",
    '<!-- CPU layout … agreed with the host team --> (comment)',
    "<cpu mode='host-passthrough'> … </numa>",
    "<numa> … <cell id='0' cpus='0-1' memory='1' unit='GiB'/>",
    '<description><![CDATA[ … <!-- not a comment -->',
  ]);
});

test('range limit keeps the outermost folds', () => {
  assert.deepEqual(folds(domain, 2), ["<domain type='kvm'> … <vcpu>2</vcpu>", '<!-- CPU layout … agreed with the host team --> (comment)']);
});

test('unclosed elements fold to where recovery ends them', () => {
  assert.deepEqual(folds(`<domain>\n  <cpu>\n    <feature name='vmx'/>\n`), ['<domain> … ', '<cpu> … ']);
});

test('nothing for other XML', () => {
  assert.deepEqual(folds(`<project>\n  <a/>\n</project>`), []);
});

test('a deep document folds without recursion', () => {
  const depth = 50_000;
  const text = `<domain>\n${'<a>\n'.repeat(depth)}${'</a>\n'.repeat(depth)}</domain>`;
  const { doc } = docAt(text);
  // The domain and every <a> but the innermost, whose end tag is on the next line.
  assert.equal(service().getFoldingRanges(doc).length, depth);
});

test('collapsed text, for clients that show it: a folded device reads as its outline entry', () => {
  const text = `<domain type='kvm'>
  <name>web</name>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/web.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
\t<interface type='network'>
\t  <source network='default'/>
\t</interface>
  </devices>
</domain>`;
  const { doc } = docAt(text);
  assert.deepEqual(
    service()
      .getFoldingRanges(doc, { collapsedText: true })
      .map((r) => r.collapsedText),
    ['<domain> web — kvm', '  <devices> 2 devices', '    <disk> vda — file /var/lib/libvirt/images/web.qcow2', '\t<interface> network default'],
  );
  assert.ok(
    service()
      .getFoldingRanges(doc)
      .every((r) => r.collapsedText === undefined),
    'only when asked for',
  );
});
