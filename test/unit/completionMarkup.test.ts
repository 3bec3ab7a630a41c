// Completion of markup in the CPU area: child elements as snippets (also in
// half-typed tags), attribute names, enumerated values with their meaning,
// and which requests a trigger character answers. Asserted by the document
// text after accepting the item with its placeholders as offered.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionItemKind, InsertTextFormat, type TextEdit } from 'vscode-languageserver-types';
import { completeWith, completionsAt, itemAt, labelsAt } from '../helpers/features';
import { domainSchema, elementSpec } from '../../server/src/domain/schema';
import { parseXml } from '../../server/src/xml/parser';

/** Accepts `label` at `$0` and compares the whole document with `expected`. */
function check(marked: string, label: string, expected: string, trigger?: string): void {
  assert.equal(completeWith(marked, label, trigger), expected);
}

const vm = (body: string, vcpus = 8) => `<domain type='kvm'>\n  <name>vm</name>\n  <vcpu>${vcpus}</vcpu>\n${body}\n</domain>\n`;

test('child element on an empty line: the whole element, indented like the document', () => {
  check(vm(`  <cpu mode='host-passthrough'>\n    $0\n  </cpu>`), 'topology', vm(`  <cpu mode='host-passthrough'>\n    <topology sockets='1' cores='4' threads='2'/>\n  </cpu>`));
  check(vm(`  <cpu>\n    $0\n  </cpu>`), 'topology', vm(`  <cpu>\n    <topology sockets='1' cores='8' threads='1'/>\n  </cpu>`));
});

test('child element after a lone <', () => {
  check(vm(`  <cpu>\n    <$0\n  </cpu>`), 'feature', vm(`  <cpu>\n    <feature policy='require' name=''/>\n  </cpu>`));
});

test('child element from a partial name, with or without the end tag typed', () => {
  check(vm(`  <cpu>\n    <top$0\n  </cpu>`), 'topology', vm(`  <cpu>\n    <topology sockets='1' cores='8' threads='1'/>\n  </cpu>`));
  check(`<domain><vcpu>4</vcpu><cpu><top$0`, 'topology', `<domain><vcpu>4</vcpu><cpu><topology sockets='1' cores='4' threads='1'/>`);
  check(vm(`  <cpu>\n    topo$0\n  </cpu>`), 'topology', vm(`  <cpu>\n    <topology sockets='1' cores='8' threads='1'/>\n  </cpu>`));
});

test('multi-line elements follow the document indentation (four spaces here)', () => {
  const doc = `<domain>\n    <vcpu>4</vcpu>\n    <cpu>\n        $0\n    </cpu>\n</domain>`;
  check(doc, 'numa', `<domain>\n    <vcpu>4</vcpu>\n    <cpu>\n        <numa>\n            <cell id='0' cpus='0-1' memory='1' unit='GiB'/>\n            <cell id='1' cpus='2-3' memory='1' unit='GiB'/>\n        </numa>\n    </cpu>\n</domain>`);
  const item = itemAt(doc, 'numa')!;
  assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
  assert.equal(item.insertTextMode, 1, 'already indented: the client must not re-indent');
});

test('the document quote style is kept', () => {
  check(`<domain><cpu mode="custom">\n  <$0\n</cpu></domain>`, 'cache', `<domain><cpu mode="custom">\n  <cache level="3" mode="emulate"/>\n</cpu></domain>`);
});

test('renaming a tag renames its end tag, and keeps the attributes', () => {
  check(vm(`  <cpu><numa$0>\n  </numa></cpu>`), 'cache', vm(`  <cpu><cache>\n  </cache></cpu>`));
  check(vm(`  <cpu><topology$0 sockets='1'/></cpu>`), 'numa', vm(`  <cpu><numa sockets='1'/></cpu>`));
});

test('elements already present and not repeatable are left out', () => {
  const labels = labelsAt(vm(`  <cpu>\n    <model>EPYC</model>\n    <topology sockets='1' cores='8' threads='1'/>\n    <feature name='x2apic'/>\n    $0\n  </cpu>`));
  assert.ok(!labels.includes('model') && !labels.includes('topology'));
  assert.ok(labels.includes('feature'), 'feature repeats');
});

test('host-passthrough offers no <model> or <vendor> (libvirt drops them)', () => {
  const labels = labelsAt(vm(`  <cpu mode='host-passthrough'>\n    $0\n  </cpu>`));
  assert.deepEqual(labels, ['topology', 'feature', 'numa', 'cache', 'maxphysaddr']);
});

test('a <model> snippet opens the model list at its text', () => {
  const item = itemAt(vm(`  <cpu>\n    <$0\n  </cpu>`), 'model')!;
  assert.equal((item.textEdit as TextEdit).newText, "model fallback='allow'>$1</model>");
  assert.equal(item.command?.command, 'editor.action.triggerSuggest');
  // A <feature>: the name first (the feature list opens there), then the policy, likeliest first for the mode.
  const feature = itemAt(vm(`  <cpu mode='host-passthrough'>\n    <$0\n  </cpu>`), 'feature')!;
  assert.equal((feature.textEdit as TextEdit).newText, "feature policy='${2|disable,require,optional,forbid,force|}' name='$1'/>");
  assert.equal(feature.command?.command, 'editor.action.triggerSuggest');
});

test('children of <cputune>, <numa>, <vcpus> and the domain', () => {
  assert.ok(labelsAt(vm(`  <cputune>\n    $0\n  </cputune>`)).includes('vcpupin'));
  assert.deepEqual(labelsAt(vm(`  <cpu><numa>\n    $0\n  </numa></cpu>`)), ['cell', 'interconnects']);
  check(vm(`  <vcpus>\n    <vcpu id='0' enabled='yes'/>\n    <$0\n  </vcpus>`), 'vcpu', vm(`  <vcpus>\n    <vcpu id='0' enabled='yes'/>\n    <vcpu id='1' enabled='yes'/>\n  </vcpus>`));
  const domain = labelsAt(vm(`  $0`));
  assert.ok(domain.includes('cputune') && domain.includes('numatune') && domain.includes('cpu'));
  assert.ok(!domain.includes('vcpu'), '<vcpu> is already there');
});

test('attribute names not yet present, inserting name with a value to fill', () => {
  assert.deepEqual(labelsAt(vm(`  <cpu mode='custom' $0/>`)), ['match', 'check', 'deprecated_features']);
  check(vm(`  <cpu mode='custom' $0/>`), 'check', vm(`  <cpu mode='custom' check=''/>`));
  assert.equal(itemAt(vm(`  <cpu mode='custom' $0/>`), 'check')!.command?.command, 'editor.action.triggerSuggest');
  // Right after a closing quote a space is added.
  check(vm(`  <cpu mode='custom'$0/>`), 'match', vm(`  <cpu mode='custom' match=''/>`));
});

test('required attributes first; a partial name is replaced', () => {
  assert.deepEqual(labelsAt(vm(`  <cpu><topology $0/></cpu>`)), ['sockets', 'cores', 'threads', 'dies', 'clusters']);
  check(vm(`  <cpu><feature na$0/></cpu>`), 'name', vm(`  <cpu><feature name=''/></cpu>`));
  // On a name that already has a value only the name changes.
  check(vm(`  <cpu><feature polic$0='x'/></cpu>`), 'policy', vm(`  <cpu><feature policy='x'/></cpu>`));
});

test('attributes libvirt or QEMU would refuse in the current state are left out', () => {
  assert.deepEqual(labelsAt(vm(`  <cpu mode='host-passthrough' $0/>`)), ['check', 'migratable', 'deprecated_features']);
  assert.deepEqual(labelsAt(vm(`  <cpu><maxphysaddr mode='passthrough' $0/></cpu>`)), ['limit']);
  assert.deepEqual(labelsAt(vm(`  <cpu><maxphysaddr mode='emulate' $0/></cpu>`)), ['bits']);
  assert.deepEqual(labelsAt(vm(`  <cpu><cache mode='disable' $0/></cpu>`)), []);
  assert.deepEqual(labelsAt(vm(`  <cputune><vcpusched vcpus='0' scheduler='batch' $0/></cputune>`)), []);
  assert.deepEqual(labelsAt(vm(`  <cputune><vcpusched vcpus='0' scheduler='fifo' $0/></cputune>`)), ['priority']);
});

test('cache values QEMU refuses in this CPU come last, with the reason', () => {
  const items = completionsAt(vm(`  <cpu mode='custom'><cache mode='$0'/></cpu>`)).items;
  assert.deepEqual(labelsAt(vm(`  <cpu mode='custom'><cache mode='$0'/></cpu>`)), ['emulate', 'disable', 'passthrough']);
  assert.equal(items.find((i) => i.label === 'passthrough')!.labelDetails!.description, 'host-passthrough / maximum CPUs only');
  assert.equal(completionsAt(vm(`  <cpu><cache level='$0' mode='emulate'/></cpu>`)).items.find((i) => i.label === '1')!.labelDetails!.description, 'QEMU emulates level 3 only');
});

test('policy values say what happens to the feature named next to them', () => {
  const item = itemAt(vm(`  <cpu><feature policy='$0' name='vmx'/></cpu>`), 'forbid')!;
  assert.match((item.documentation as { value: string }).value, /`vmx` is turned off, and the guest refuses to start on a host CPU that has it\./);
});

test('a topology attribute that can only take one value is pre-filled', () => {
  check(vm(`  <cpu><topology sockets='2' $0 threads='2'/></cpu>`), 'cores', vm(`  <cpu><topology sockets='2' cores='2' threads='2'/></cpu>`));
});

test('enumerated values with their meaning and default', () => {
  const list = completionsAt(vm(`  <cpu mode='$0'/>`));
  assert.deepEqual(list.items.map((i) => i.label), ['custom', 'host-model', 'host-passthrough', 'maximum']);
  const passthrough = list.items.find((i) => i.label === 'host-passthrough')!;
  assert.match(passthrough.detail!, /best performance/);
  assert.match((passthrough.documentation as { value: string }).value, /\| \*\*host-passthrough\*\* \|/);
  assert.equal(list.items.find((i) => i.label === 'custom')!.labelDetails!.description, 'default');
  assert.equal(list.items.find((i) => i.label === 'maximum')!.labelDetails!.description, 'since 7.1.0');
  check(vm(`  <cpu mode='host-p$0'/>`), 'host-passthrough', vm(`  <cpu mode='host-passthrough'/>`));
});

test('every enumerated CPU-area attribute offers its values', () => {
  const cases: Array<[string, string[]]> = [
    [`<cpu match='$0'/>`, ['minimum', 'exact', 'strict']],
    [`<cpu check='$0'/>`, ['none', 'partial', 'full']],
    [`<cpu migratable='$0'/>`, ['on', 'off']],
    [`<cpu><model fallback='$0'>EPYC</model></cpu>`, ['allow', 'forbid']],
    [`<cpu><feature policy='$0' name='vmx'/></cpu>`, ['force', 'require', 'optional', 'disable', 'forbid']],
    [`<cpu mode='maximum'><cache mode='$0'/></cpu>`, ['emulate', 'passthrough', 'disable']],
    [`<cpu><cache level='$0' mode='emulate'/></cpu>`, ['3', '1', '2']],
    [`<cpu><maxphysaddr mode='$0'/></cpu>`, ['emulate', 'passthrough']],
    [`<cpu><numa><cell memAccess='$0'/></numa></cpu>`, ['shared', 'private']],
    [`<cpu><numa><cell discard='$0'/></numa></cpu>`, ['yes', 'no']],
    [`<vcpu placement='$0'>2</vcpu>`, ['static', 'auto']],
    [`<numatune><memory mode='$0'/></numatune>`, ['strict', 'preferred', 'interleave', 'restrictive']],
    [`<cputune><vcpusched vcpus='0' scheduler='$0'/></cputune>`, ['batch', 'idle', 'fifo', 'rr']],
  ];
  for (const [body, values] of cases) assert.deepEqual(labelsAt(`<domain>${body}</domain>`), values, body);
});

test('a value typed without quotes gets them', () => {
  check(vm(`  <cpu mode=$0/>`), 'host-model', vm(`  <cpu mode='host-model'/>`));
  check(vm(`  <cpu mode=$0 check='none'/>`), 'maximum', vm(`  <cpu mode='maximum' check='none'/>`));
});

test('trigger characters only open what they start', () => {
  const inCpu = vm(`  <cpu mode='custom'>\n    $0\n  </cpu>`);
  assert.deepEqual(labelsAt(inCpu, ' '), [], 'a space in content (indentation) offers nothing');
  assert.deepEqual(labelsAt(inCpu, '>'), [], 'closing a tag does not open the element list');
  assert.ok(labelsAt(vm(`  <cpu mode='custom'>\n    <$0\n  </cpu>`), '<').includes('topology'));
  assert.ok(labelsAt(vm(`  <cpu $0/>`), ' ').includes('mode'));
  assert.deepEqual(labelsAt(vm(`  <cpu mode=$0/>`), '='), ['custom', 'host-model', 'host-passthrough', 'maximum']);
  assert.ok(labelsAt(vm(`  <cpu><model>$0</model></cpu>`), '>').includes('EPYC'));
});

test('a bare <cpu> document (cpu-compare input) completes like a domain CPU', () => {
  assert.ok(labelsAt(`<cpu>\n  $0\n</cpu>`).includes('topology'));
  assert.ok(labelsAt(`<cpu><model>$0</model></cpu>`).includes('Haswell'));
});

test('every element snippet is well-formed and has the attributes the schema requires', () => {
  let checked = 0;
  for (const [path, spec] of Object.entries(domainSchema)) {
    if (spec.children.length === 0) continue;
    const names = path.split('/');
    // Open every element of the path, each on its own line, with the cursor inside the innermost.
    const open = names.map((n, i) => `${'  '.repeat(i)}<${n}>`).join('\n');
    const close = [...names].reverse().map((n, i) => `${'  '.repeat(names.length - 1 - i)}</${n}>`).join('\n');
    const marked = `${open}\n${'  '.repeat(names.length)}$0\n${close}`;
    for (const item of completionsAt(marked).items) {
      const result = completeWith(marked, String(item.label))!;
      const xml = parseXml(result);
      assert.deepEqual(xml.problems.map((p) => p.message), [], `${path} + ${item.label}:\n${result}`);
      if (item.kind === CompletionItemKind.Snippet) continue;
      const child = elementSpec(`${path}/${item.label}`);
      if (!child) continue; // a grammar item outside the CPU-area table (well-formed, checked above)
      const inserted = result.slice(marked.indexOf('$0'));
      for (const a of child.attributes.filter((x) => x.required)) assert.match(inserted, new RegExp(`<${child.name}[^>]* ${a.name}=`), `${path}/${child.name} needs ${a.name}`);
      checked++;
    }
  }
  assert.ok(checked >= 40, `${checked} element snippets checked`);
});

test('broken markup: edits stay on the cursor line and contain the cursor', () => {
  assert.deepEqual(labelsAt(`<domain><cpu><vendor>l</$0`), [], 'inside a nameless end tag');
  assert.deepEqual(labelsAt(`<domain><cpu><model><$0</`), [], "'<' right before '</'");
  assert.deepEqual(labelsAt(`<domain><cpu>\n  < $0\n</cpu></domain>`), [], "a '<' followed by a blank");
  // Text after the typed name: the name and the blanks up to the cursor are replaced.
  check(`<domain><cpu><model>Sky $0</model></cpu></domain>`, 'Skylake-Client', `<domain><cpu><model>Skylake-Client</model></cpu></domain>`);
  // A value spread over two lines: only the cursor's line is replaced.
  check(`<domain><cpu><feature name='x\ninv$0'/></cpu></domain>`, 'invtsc', `<domain><cpu><feature name='x\ninvtsc'/></cpu></domain>`);
});
