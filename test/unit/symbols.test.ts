// Document symbols: the outline names what a libvirt user looks for (domain
// name, vCPU count, CPU mode and model, features, NUMA cells, pins) and stays
// bounded on absurdly deep documents.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { docAt, service } from '../helpers/engine';
import { maxSymbolDepth } from '../../server/src/features/symbols';

/** The outline of `text` as indented "name — detail" lines. */
function outline(text: string): string[] {
  const { doc } = docAt(text);
  const lines: string[] = [];
  const stack: Array<[DocumentSymbol, string]> = service()
    .findDocumentSymbols(doc)
    .reverse()
    .map((s) => [s, '']);
  while (stack.length) {
    const [s, indent] = stack.pop()!;
    lines.push(`${indent}${s.name}${s.detail ? ` — ${s.detail}` : ''}`);
    for (const c of [...(s.children ?? [])].reverse()) stack.push([c, `${indent}  `]);
  }
  return lines;
}

const domain = `<domain type='kvm'>
  <name>web01</name>
  <vcpu placement='static' current='4'>8</vcpu>
  <cputune>
    <vcpupin vcpu='0' cpuset='2'/>
    <emulatorpin cpuset='0-1'/>
  </cputune>
  <cpu mode='custom' match='exact'>
    <model fallback='allow'>Skylake-Client</model>
    <topology sockets='1' cores='4' threads='2'/>
    <feature policy='require' name='pcid'/>
    <feature policy='disable' name='vmx'/>
    <numa>
      <cell id='0' cpus='0-3' memory='4' unit='GiB'/>
      <cell id='1' cpus='4-7' memory='4194304'/>
    </numa>
  </cpu>
  <devices>
    <disk type='file' device='disk'/>
  </devices>
</domain>
`;

test('the outline of a domain', () => {
  assert.deepEqual(outline(domain), [
    'domain web01 — kvm',
    '  name — web01',
    '  vcpu 8 — current 4 · static',
    '  cputune',
    '    vcpupin 0 — → 2',
    '    emulatorpin — → 0-1',
    '  cpu custom Skylake-Client — 2 features',
    '    model Skylake-Client — allow',
    '    topology — 1s × 4c × 2t = 8 vCPUs',
    '    feature pcid — require',
    '    feature vmx — disable',
    '    numa',
    '      cell 0 — vCPUs 0-3 · 4 GiB',
    '      cell 1 — vCPUs 4-7 · 4194304 KiB',
    '  devices',
    '    disk file',
  ]);
});

test('ranges: the element, with its name as the selection', () => {
  const { doc } = docAt(domain);
  const cpu = service().findDocumentSymbols(doc)[0].children!.find((s) => s.name.startsWith('cpu '))!;
  assert.equal(cpu.kind, SymbolKind.Class);
  const text = doc.textDocument.getText(cpu.range);
  assert.ok(text.startsWith("<cpu mode='custom'") && text.endsWith('</cpu>'));
  assert.equal(doc.textDocument.getText(cpu.selectionRange), 'cpu');
});

test('half-typed markup still gives an outline', () => {
  assert.deepEqual(outline(`<domain><vcpu>2</vcpu><cpu mode='host-passthrough'><feature name='vmx`), [
    'domain',
    '  vcpu 2',
    '  cpu host-passthrough — 1 feature',
    '    feature vmx',
  ]);
});

test('nothing for other XML', () => {
  assert.deepEqual(outline(`<project><name>x</name></project>`), []);
});

test('a document 100,000 levels deep: no stack overflow, depth capped', () => {
  const depth = 100_000;
  const text = `<domain>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</domain>`;
  const { doc } = docAt(text);
  const symbols = service().findDocumentSymbols(doc);
  let levels = 0;
  for (let s: DocumentSymbol | undefined = symbols[0]; s; s = s.children?.[0]) levels++;
  assert.equal(levels, maxSymbolDepth);
  assert.doesNotThrow(() => JSON.stringify(symbols));
});
