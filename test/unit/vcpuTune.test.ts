// Diagnostics and quick-fixes for <vcpu>, <vcpus>, IOThreads, <cputune> and
// <numatune>: every code fires where libvirt 11.3 (the oracle) objects and stays
// quiet on the nearest text it accepts; every fix, once applied, clears it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type TextEdit } from 'vscode-languageserver-types';
import { applyEdits, docAt, service } from '../helpers/engine';
import { kitCodes } from '../../server/src/rules/kit/codes';
import { vcpuCodes } from '../../server/src/rules/vcpus/codes';
import { iothreadCodes } from '../../server/src/rules/iothreads/codes';
import { cputuneCodes } from '../../server/src/rules/cputune/codes';
import { numatuneCodes } from '../../server/src/rules/numatune/codes';
import { diagnosticCodes } from '../../server/src/rules/index';

const ours = new Set(Object.keys({ ...kitCodes, ...vcpuCodes, ...iothreadCodes, ...cputuneCodes, ...numatuneCodes }));

/** A QEMU/KVM x86_64 domain with `vcpu` and `body` (domain children after <os>). */
function dom(body: string, vcpu = '<vcpu>2</vcpu>', machine = ''): string {
  const m = machine ? ` machine='${machine}'` : '';
  return `<domain type='kvm'>\n  <name>t</name>\n  <memory unit='MiB'>256</memory>\n  ${vcpu}\n  <os><type arch='x86_64'${m}>hvm</type></os>\n  ${body}\n</domain>\n`;
}

const vcpus = (entries: string) => `<vcpus>${entries}</vcpus>`;
const tune = (inner: string) => `<cputune>${inner}</cputune>`;
const numatune = (inner: string) => `<numatune>${inner}</numatune>`;

/** Two guest NUMA cells, for <memnode> tests. */
const cells = "<cpu><numa><cell id='0' cpus='0' memory='128' unit='MiB'/><cell id='1' cpus='1' memory='128' unit='MiB'/></numa></cpu>";

/** [code, covered text] for this area's findings. */
function check(text: string): Array<[string, string]> {
  const { doc } = docAt(text);
  return service()
    .doValidation(doc)
    .filter((d) => ours.has(String(d.code)))
    .map((d) => [String(d.code), doc.textDocument.getText(d.range)]);
}

/** The one finding for `code`, with its message and severity. */
function finding(text: string, code: string): { message: string; severity: DiagnosticSeverity | undefined; covered: string } {
  const { doc } = docAt(text);
  const d = service().doValidation(doc).find((x) => x.code === code);
  assert.ok(d, `${code} reported`);
  return { message: String(d.message), severity: d.severity, covered: doc.textDocument.getText(d.range) };
}

/** The titles of the fixes offered for `code`. */
function fixTitles(text: string, code: string): string[] {
  const { doc } = docAt(text);
  const d = service().doValidation(doc).find((x) => x.code === code);
  assert.ok(d, `${code} reported`);
  return service()
    .doCodeActions(doc, d.range, [d])
    .filter((a) => a.diagnostics?.[0]?.code === code)
    .map((a) => a.title);
}

/** Applies the fix titled `title` (or the preferred one) for `code`; returns the text and the codes still reported. */
function fix(text: string, code: string, title?: string): { titles: string[]; after: string; remaining: string[] } {
  const { doc } = docAt(text);
  const diags = service().doValidation(doc);
  const d = diags.find((x) => x.code === code);
  assert.ok(d, `${code} reported`);
  const actions = service().doCodeActions(doc, d.range, [d]).filter((a) => a.diagnostics?.[0]?.code === code);
  const chosen = title ? actions.find((a) => a.title === title) : (actions.find((a) => a.isPreferred) ?? actions[0]);
  assert.ok(chosen, `fix ${title ?? '(preferred)'} offered; got ${actions.map((a) => a.title).join(' | ')}`);
  const after = applyEdits(doc, chosen.edit!.changes!['file:///test.xml'] as TextEdit[]);
  const again = service().parse(TextDocument.create('file:///test.xml', 'xml', 2, after));
  return {
    titles: actions.map((a) => a.title),
    after,
    remaining: service().doValidation(again).map((x) => String(x.code)).filter((c) => ours.has(c)),
  };
}

test('every code of this area is registered with a severity', () => {
  for (const code of ours) assert.ok((diagnosticCodes as Record<string, unknown>)[code], code);
});

test('a well-formed tuned domain is clean', () => {
  const text = dom(
    `<vcpus><vcpu id='0' enabled='yes' hotpluggable='no' order='1'/><vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/><vcpu id='2' enabled='no' hotpluggable='yes'/><vcpu id='3' enabled='yes' hotpluggable='yes' order='3'/></vcpus>
  <iothreads>2</iothreads>
  <iothreadids><iothread id='1' thread_pool_min='0' thread_pool_max='4'><poll max='4000' grow='2' shrink='0'/></iothread><iothread id='2'/></iothreadids>
  <defaultiothread thread_pool_min='1' thread_pool_max='8'/>
  <cputune>
    <shares>2048</shares><period>100000</period><quota>-1</quota><global_period>1000000</global_period><global_quota>50000</global_quota>
    <emulator_period>1000</emulator_period><emulator_quota>17592186044415</emulator_quota><iothread_period>100000</iothread_period><iothread_quota>-1</iothread_quota>
    <vcpupin vcpu='0' cpuset='1-3,^2'/><vcpupin vcpu='1' cpuset='4'/><emulatorpin cpuset='0'/>
    <iothreadpin iothread='2' cpuset='5'/>
    <vcpusched vcpus='0-1' scheduler='fifo' priority='10'/><vcpusched vcpus='2' scheduler='batch'/><iothreadsched iothreads='1' scheduler='rr' priority='99'/><emulatorsched scheduler='idle'/>
  </cputune>
  <numatune><memory mode='restrictive' nodeset='0'/><memnode cellid='0' mode='restrictive' nodeset='0'/><memnode cellid='1' mode='restrictive' nodeset='0'/></numatune>
  ${cells.replace("cpus='1'", "cpus='1-3'")}`,
    "<vcpu placement='static' cpuset='0-7' current='3'>4</vcpu>",
  );
  assert.deepEqual(check(text), []);
});

test('only domains are checked', () => {
  assert.deepEqual(check(`<capabilities><host><cpu><arch>x86_64</arch></cpu></host><vcpu>0</vcpu></capabilities>`), []);
});

// ---------------------------------------------------------------------------
// <vcpu> text

test('vcpu-count-invalid: libvirt refuses words, hex, trailing blanks and empty text', () => {
  assert.deepEqual(check(dom('', '<vcpu>abc</vcpu>')), [['vcpu-count-invalid', 'abc']]);
  assert.deepEqual(check(dom('', '<vcpu>0x2</vcpu>')), [['vcpu-count-invalid', '0x2']]);
  assert.deepEqual(check(dom('', '<vcpu>2 </vcpu>')), [['vcpu-count-invalid', '2 ']]);
  assert.deepEqual(check(dom('', '<vcpu/>')), [['vcpu-count-invalid', 'vcpu']]);
  assert.equal(finding(dom('', '<vcpu>abc</vcpu>'), 'vcpu-count-invalid').message, 'maximum vcpus count must be an integer');
  assert.equal(finding(dom('', '<vcpu>abc</vcpu>'), 'vcpu-count-invalid').severity, DiagnosticSeverity.Error);
});

test('vcpu-count-invalid: trailing blanks are trimmed by the fix', () => {
  const r = fix(dom('', '<vcpu>4  </vcpu>'), 'vcpu-count-invalid');
  assert.equal(r.after, dom('', '<vcpu>4</vcpu>'));
  assert.deepEqual(r.remaining, []);
  assert.deepEqual(fixTitles(dom('', '<vcpu>abc</vcpu>'), 'vcpu-count-invalid'), [], 'no guess for words');
});

test('leading blanks and + are read by libvirt but refused by the schema', () => {
  assert.deepEqual(check(dom('', '<vcpu> 2</vcpu>')), [['number-schema-syntax', ' 2']]);
  assert.deepEqual(check(dom('', '<vcpu>+2</vcpu>')), [['number-schema-syntax', '+2']]);
  const r = fix(dom('', '<vcpu>+2</vcpu>'), 'number-schema-syntax');
  assert.equal(r.after, dom('', '<vcpu>2</vcpu>'));
  assert.deepEqual(r.remaining, []);
});

test('vcpu-count-zero: 0 and -0', () => {
  assert.deepEqual(check(dom('', '<vcpu>0</vcpu>')), [['vcpu-count-zero', '0']]);
  assert.deepEqual(check(dom('', '<vcpu>-0</vcpu>')), [['vcpu-count-zero', '-0']]);
  assert.match(finding(dom('', '<vcpu>0</vcpu>'), 'vcpu-count-zero').message, /^CPU IDs in <numa> exceed the <vcpu> count/);
  assert.deepEqual(check(dom('', '<vcpu>1</vcpu>')), []);
});

test('vcpu-count-too-large: above 65535, and negative counts that wrap', () => {
  assert.deepEqual(check(dom('', '<vcpu>65536</vcpu>', 'q35')), [['vcpu-count-too-large', '65536']]);
  assert.deepEqual(check(dom('', '<vcpu>-1</vcpu>')), [['vcpu-count-too-large', '-1']]);
  assert.match(finding(dom('', '<vcpu>-1</vcpu>'), 'vcpu-count-too-large').message, /'-1' is read as 4294967295/);
  assert.deepEqual(check(dom('', '<vcpu>4294967296</vcpu>')), [['vcpu-count-invalid', '4294967296']]);
  assert.deepEqual(check(dom('', '<vcpu>65535</vcpu>', 'q35')), [['vcpu-machine-limit', '65535']]);
});

test('vcpu-machine-limit: 255 for pc and the default machine, 4096 for q35; a warning', () => {
  assert.deepEqual(check(dom('', '<vcpu>256</vcpu>')), [['vcpu-machine-limit', '256']]);
  assert.deepEqual(check(dom('', '<vcpu>256</vcpu>', 'pc-i440fx-10.0')), [['vcpu-machine-limit', '256']]);
  assert.deepEqual(check(dom('', '<vcpu>255</vcpu>', 'pc')), []);
  assert.deepEqual(check(dom('', '<vcpu>256</vcpu>', 'q35')), []);
  assert.deepEqual(check(dom('', '<vcpu>4096</vcpu>', 'pc-q35-10.0')), []);
  assert.deepEqual(check(dom('', '<vcpu>4097</vcpu>', 'pc-q35-10.0')), [['vcpu-machine-limit', '4097']]);
  const f = finding(dom('', '<vcpu>256</vcpu>'), 'vcpu-machine-limit');
  assert.equal(f.severity, DiagnosticSeverity.Warning);
  assert.match(f.message, /^Maximum CPUs greater than specified machine type limit 255/);
});

test('vcpu-machine-limit: not for other architectures or hypervisors', () => {
  assert.deepEqual(check(dom('', '<vcpu>300</vcpu>').replace("arch='x86_64'", "arch='aarch64'")), []);
  assert.deepEqual(check(dom('', '<vcpu>300</vcpu>').replace("type='kvm'", "type='xen'")), []);
});

// ---------------------------------------------------------------------------
// current, placement, cpuset

test('vcpu-current-too-high: error with the fix setting current to the maximum', () => {
  const text = dom('', "<vcpu current='3'>2</vcpu>");
  assert.deepEqual(check(text), [['vcpu-current-too-high', '3']]);
  assert.match(finding(text, 'vcpu-current-too-high').message, /^maximum vCPU count must not be less than current vCPU count/);
  const r = fix(text, 'vcpu-current-too-high');
  assert.equal(r.titles[0], 'Set current to the maximum (2)');
  assert.equal(r.after, dom('', "<vcpu current='2'>2</vcpu>"));
  assert.deepEqual(r.remaining, []);
  assert.deepEqual(check(dom('', "<vcpu current='2'>2</vcpu>")), []);
});

test('vcpu-current-invalid: negative, empty, words', () => {
  assert.deepEqual(check(dom('', "<vcpu current='-1'>2</vcpu>")), [['vcpu-current-invalid', '-1']]);
  assert.deepEqual(check(dom('', "<vcpu current=''>2</vcpu>")), [['vcpu-current-invalid', '']]);
  assert.equal(
    finding(dom('', "<vcpu current='x'>2</vcpu>"), 'vcpu-current-invalid').message,
    "Invalid value for attribute 'current' in element 'vcpu': 'x'. Expected non-negative integer value",
  );
  assert.deepEqual(check(dom('', "<vcpu current='+1'>2</vcpu>")), [['number-schema-syntax', '+1']]);
});

test("vcpu-current-zero: vCPU 0 can't be offline", () => {
  assert.deepEqual(check(dom('', "<vcpu current='0'>2</vcpu>")), [['vcpu-current-zero', '0']]);
  assert.equal(finding(dom('', "<vcpu current='0'>2</vcpu>"), 'vcpu-current-zero').message, "vcpu 0 can't be offline");
  assert.deepEqual(check(dom('', "<vcpu current='1'>2</vcpu>")), []);
});

test('vcpu-current-ignored: <vcpus> decides; a current that disagrees is a warning with a fix', () => {
  const list = "<vcpus><vcpu id='0' enabled='yes'/><vcpu id='1' enabled='no'/></vcpus>";
  assert.deepEqual(check(dom(list, "<vcpu current='3'>2</vcpu>")), [['vcpu-current-ignored', '3']]);
  assert.equal(finding(dom(list, "<vcpu current='3'>2</vcpu>"), 'vcpu-current-ignored').severity, DiagnosticSeverity.Warning);
  assert.deepEqual(check(dom(list, "<vcpu current='1'>2</vcpu>")), []);
  const r = fix(dom(list, "<vcpu current='2'>2</vcpu>"), 'vcpu-current-ignored');
  assert.equal(r.after, dom(list, "<vcpu current='1'>2</vcpu>"));
  assert.deepEqual(r.remaining, []);
  // With <vcpus>, current='0' is only refused by the schema; removing it is the fix.
  const z = fix(dom(list, "<vcpu current='0'>2</vcpu>"), 'vcpu-current-zero');
  assert.equal(z.after, dom(list, '<vcpu>2</vcpu>'));
  assert.deepEqual(z.remaining, []);
});

test('an empty <vcpus/> is not a list: current applies as usual', () => {
  assert.deepEqual(check(dom('<vcpus/>', "<vcpu current='3'>2</vcpu>")), [['vcpu-current-too-high', '3']]);
});

test('vcpu-placement-invalid: one fix per valid value', () => {
  const text = dom('', "<vcpu placement='dynamic'>2</vcpu>");
  assert.deepEqual(check(text), [['vcpu-placement-invalid', 'dynamic']]);
  assert.equal(finding(text, 'vcpu-placement-invalid').message, "Invalid value for attribute 'placement' in element 'vcpu': 'dynamic'.");
  const r = fix(text, 'vcpu-placement-invalid', "Change placement to 'static'");
  assert.deepEqual(r.titles, ["Change placement to 'static'", "Change placement to 'auto'"]);
  assert.equal(r.after, dom('', "<vcpu placement='static'>2</vcpu>"));
  assert.deepEqual(r.remaining, []);
  assert.deepEqual(check(dom('', "<vcpu placement='Static'>2</vcpu>")), [['vcpu-placement-invalid', 'Static']]);
  assert.deepEqual(check(dom('', "<vcpu placement=''>2</vcpu>")), [['vcpu-placement-invalid', '']]);
});

test('cpuset-invalid / cpuset-empty on <vcpu cpuset>', () => {
  assert.deepEqual(check(dom('', "<vcpu cpuset='a-b'>2</vcpu>")), [['cpuset-invalid', 'a-b']]);
  assert.equal(finding(dom('', "<vcpu cpuset='a-b'>2</vcpu>"), 'cpuset-invalid').message, "Failed to parse bitmap 'a-b'");
  assert.deepEqual(check(dom('', "<vcpu cpuset='16384'>2</vcpu>")), [['cpuset-invalid', '16384']]);
  assert.deepEqual(check(dom('', "<vcpu cpuset='16383'>2</vcpu>")), []);
  assert.deepEqual(check(dom('', "<vcpu cpuset='0,^0'>2</vcpu>")), [['cpuset-empty', '0,^0']]);
  assert.equal(finding(dom('', "<vcpu cpuset='0,^0'>2</vcpu>"), 'cpuset-empty').message, "Invalid value of 'cpuset': 0,^0");
});

test('cpuset typos: the fix writes the plain list', () => {
  const cases: Array<[string, string, string]> = [
    ['3-0', '0-3', 'cpuset-invalid'],
    ['0,,2', '0,2', 'cpuset-invalid'],
    [' 0 - 1 , 3 ', '0-1,3', 'cpuset-schema-syntax'],
    ['0-3,', '0-3', 'cpuset-schema-syntax'],
  ];
  for (const [bad, good, code] of cases) {
    const text = dom('', `<vcpu cpuset='${bad}'>2</vcpu>`);
    assert.deepEqual(check(text), [[code, bad]], bad);
    const r = fix(text, code);
    assert.equal(r.after, dom('', `<vcpu cpuset='${good}'>2</vcpu>`), bad);
    assert.deepEqual(r.remaining, [], bad);
  }
  assert.deepEqual(fixTitles(dom('', "<vcpu cpuset='0 1'>2</vcpu>"), 'cpuset-invalid'), [], 'ambiguous: no fix');
});

test("vcpu-cpuset-ignored: placement='auto' drops the cpuset (libvirt does not parse it, the schema still checks it)", () => {
  const text = dom('', "<vcpu placement='auto' cpuset='0-1'>2</vcpu>");
  assert.deepEqual(check(text), [['vcpu-cpuset-ignored', '0-1']]);
  assert.equal(finding(text, 'vcpu-cpuset-ignored').severity, DiagnosticSeverity.Warning);
  assert.deepEqual(check(dom('', "<vcpu placement='auto' cpuset='0,^0'>2</vcpu>")), [['vcpu-cpuset-ignored', '0,^0']]);
  assert.deepEqual(check(dom('', "<vcpu placement='auto' cpuset='garbage'>2</vcpu>")), [
    ['cpuset-invalid', 'garbage'],
    ['vcpu-cpuset-ignored', 'garbage'],
  ]);
  const r = fix(text, 'vcpu-cpuset-ignored', "Remove cpuset='0-1'");
  assert.equal(r.after, dom('', "<vcpu placement='auto'>2</vcpu>"));
  assert.deepEqual(r.remaining, []);
  const s = fix(text, 'vcpu-cpuset-ignored', "Remove placement='auto'");
  assert.equal(s.after, dom('', "<vcpu cpuset='0-1'>2</vcpu>"));
  assert.deepEqual(s.remaining, []);
  assert.deepEqual(check(dom('', "<vcpu placement='static' cpuset='0-1'>2</vcpu>")), []);
});

// ---------------------------------------------------------------------------
// <vcpus>

test('vcpus-attribute-invalid: missing id or enabled, bad values', () => {
  assert.deepEqual(check(dom(vcpus("<vcpu enabled='yes'/>"))), [['vcpus-attribute-invalid', 'vcpu']]);
  assert.equal(finding(dom(vcpus("<vcpu enabled='yes'/>")), 'vcpus-attribute-invalid').message, "Missing required attribute 'id' in element 'vcpu'");
  assert.deepEqual(check(dom(vcpus("<vcpu id='0'/><vcpu id='1' enabled='yes'/>"))), [['vcpus-attribute-invalid', 'vcpu']]);
  assert.deepEqual(check(dom(vcpus("<vcpu id='x' enabled='yes'/>"))), [['vcpus-attribute-invalid', 'x']]);
  assert.deepEqual(check(dom(vcpus("<vcpu id='0' enabled='yes' order='x'/><vcpu id='1' enabled='yes'/>"))), [['vcpus-attribute-invalid', 'x']]);
  const text = dom(vcpus("<vcpu id='0' enabled='on'/><vcpu id='1' enabled='yes'/>"));
  assert.deepEqual(check(text), [['vcpus-attribute-invalid', 'on']]);
  assert.equal(finding(text, 'vcpus-attribute-invalid').message, "Invalid value for attribute 'enabled' in element 'vcpu': 'on'.");
  const r = fix(text, 'vcpus-attribute-invalid', "Change enabled to 'yes'");
  assert.deepEqual(r.remaining, []);
  assert.deepEqual(check(dom(vcpus("<vcpu id='0' enabled='yes' hotpluggable='default'/><vcpu id='1' enabled='yes'/>"))), [['vcpus-attribute-invalid', 'default']]);
});

test('vcpus-id-out-of-range: error, the fix removes the entry', () => {
  const text = dom(vcpus("<vcpu id='0' enabled='yes'/><vcpu id='2' enabled='yes'/>"));
  assert.deepEqual(check(text), [['vcpus-id-out-of-range', '2']]);
  assert.match(finding(text, 'vcpus-id-out-of-range').message, /^vcpu id '2' is out of range of maximum vcpu count/);
  const r = fix(text, 'vcpus-id-out-of-range');
  assert.equal(r.after, dom(vcpus("<vcpu id='0' enabled='yes'/>")));
  assert.deepEqual(r.remaining, []);
});

test('vcpus-id-duplicate: the later entry wins (warning on the overridden one)', () => {
  const text = dom(vcpus("<vcpu id='0' enabled='yes'/><vcpu id='1' enabled='no'/><vcpu id='1' enabled='yes'/>"), '<vcpu>3</vcpu>');
  assert.deepEqual(check(text), [['vcpus-id-duplicate', 'vcpu']]);
  assert.equal(finding(text, 'vcpus-id-duplicate').severity, DiagnosticSeverity.Warning);
  const r = fix(text, 'vcpus-id-duplicate');
  assert.equal(r.after, dom(vcpus("<vcpu id='0' enabled='yes'/><vcpu id='1' enabled='yes'/>"), '<vcpu>3</vcpu>'));
  assert.deepEqual(r.remaining, []);
  // The effective (last) state is what the post-parse rules see: vCPU 0 ends up offline.
  assert.deepEqual(check(dom(vcpus("<vcpu id='0' enabled='yes'/><vcpu id='0' enabled='no'/><vcpu id='1' enabled='yes'/>"))), [
    ['vcpus-id-duplicate', 'vcpu'],
    ['vcpus-vcpu0-offline', 'no'],
  ]);
});

test('vcpus-vcpu0-offline: vCPU 0 disabled or not listed', () => {
  const text = dom(vcpus("<vcpu id='0' enabled='no'/><vcpu id='1' enabled='yes'/>"));
  assert.deepEqual(check(text), [['vcpus-vcpu0-offline', 'no']]);
  assert.equal(finding(text, 'vcpus-vcpu0-offline').message, "vcpu 0 can't be offline");
  const r = fix(text, 'vcpus-vcpu0-offline');
  assert.equal(r.after, dom(vcpus("<vcpu id='0' enabled='yes'/><vcpu id='1' enabled='yes'/>")));
  assert.deepEqual(r.remaining, []);
  assert.deepEqual(check(dom(vcpus("<vcpu id='1' enabled='yes'/>"))), [['vcpus-vcpu0-offline', 'vcpus']]);
  // Unlisted vCPUs other than 0 are simply offline.
  assert.deepEqual(check(dom(vcpus("<vcpu id='0' enabled='yes'/>"), '<vcpu>3</vcpu>')), []);
});

test('vcpus-vcpu0-hotpluggable and vcpus-vcpu0-order', () => {
  const hp = dom(vcpus("<vcpu id='0' enabled='yes' hotpluggable='yes'/><vcpu id='1' enabled='yes'/>"));
  assert.deepEqual(check(hp), [['vcpus-vcpu0-hotpluggable', 'yes']]);
  assert.equal(finding(hp, 'vcpus-vcpu0-hotpluggable').message, "vcpu0 can't be hotpluggable");
  const r = fix(hp, 'vcpus-vcpu0-hotpluggable');
  assert.equal(r.after, dom(vcpus("<vcpu id='0' enabled='yes'/><vcpu id='1' enabled='yes'/>")));
  assert.deepEqual(r.remaining, []);
  const ord = dom(vcpus("<vcpu id='0' enabled='yes' order='2'/><vcpu id='1' enabled='yes' order='1'/>"));
  assert.deepEqual(check(ord), [['vcpus-vcpu0-order', '2']]);
  assert.match(finding(ord, 'vcpus-vcpu0-order').message, /^vcpu0 must be enabled first/);
  const s = fix(ord, 'vcpus-vcpu0-order');
  assert.deepEqual(s.remaining, []);
  // order 0 means "no order" and is fine for everyone.
  assert.deepEqual(check(dom(vcpus("<vcpu id='0' enabled='yes' order='0'/><vcpu id='1' enabled='yes' order='0'/>"))), []);
});

test('vcpus-order-mixed: online vCPUs all ordered or none (vCPU 0 decides)', () => {
  assert.deepEqual(check(dom(vcpus("<vcpu id='0' enabled='yes' order='1'/><vcpu id='1' enabled='yes'/>"))), [['vcpus-order-mixed', 'vcpu']]);
  assert.deepEqual(check(dom(vcpus("<vcpu id='0' enabled='yes'/><vcpu id='1' enabled='yes' order='3'/>"), '<vcpu>3</vcpu>')), [['vcpus-order-mixed', '3']]);
  assert.match(finding(dom(vcpus("<vcpu id='0' enabled='yes' order='1'/><vcpu id='1' enabled='yes'/>")), 'vcpus-order-mixed').message, /^all vcpus must have either set or unset order/);
  // Offline vCPUs are exempt.
  assert.deepEqual(check(dom(vcpus("<vcpu id='0' enabled='yes' order='1'/><vcpu id='1' enabled='no'/><vcpu id='2' enabled='yes' order='2'/>"), '<vcpu>3</vcpu>')), []);
});

test('vcpus-order-hotpluggable: explicit non-hotpluggable vCPUs come first, in ascending order', () => {
  const after = dom(vcpus("<vcpu id='0' enabled='yes' hotpluggable='no'/><vcpu id='1' enabled='yes' hotpluggable='yes'/><vcpu id='2' enabled='yes' hotpluggable='no'/>"), '<vcpu>3</vcpu>');
  assert.deepEqual(check(after), [['vcpus-order-hotpluggable', 'no']]);
  assert.match(finding(after, 'vcpus-order-hotpluggable').message, /^online non-hotpluggable vcpus need to be ordered prior to hotpluggable vcpus/);
  const desc = dom(vcpus("<vcpu id='0' enabled='yes' hotpluggable='no' order='1'/><vcpu id='1' enabled='yes' hotpluggable='no' order='3'/><vcpu id='2' enabled='yes' hotpluggable='no' order='2'/>"), '<vcpu>3</vcpu>');
  assert.deepEqual(check(desc), [['vcpus-order-hotpluggable', 'no']]);
  assert.match(finding(desc, 'vcpus-order-hotpluggable').message, /^online non-hotpluggable vcpus must be ordered in ascending order/);
  // libvirt applies these only to an explicit hotpluggable='no' (oracle: both accepted).
  assert.deepEqual(check(dom(vcpus("<vcpu id='0' enabled='yes'/><vcpu id='1' enabled='yes' hotpluggable='yes'/><vcpu id='2' enabled='yes'/>"), '<vcpu>3</vcpu>')), []);
  assert.deepEqual(check(dom(vcpus("<vcpu id='0' enabled='yes' order='1'/><vcpu id='1' enabled='yes' hotpluggable='no' order='3'/><vcpu id='2' enabled='yes' order='2'/>"), '<vcpu>3</vcpu>')), []);
});

test('vcpus-offline-not-hotpluggable: the fix makes it hotpluggable', () => {
  const text = dom(vcpus("<vcpu id='0' enabled='yes'/><vcpu id='1' enabled='no' hotpluggable='no'/>"));
  assert.deepEqual(check(text), [['vcpus-offline-not-hotpluggable', 'no']]);
  assert.equal(finding(text, 'vcpus-offline-not-hotpluggable').message, "vcpu '1' is both offline and not hotpluggable");
  const r = fix(text, 'vcpus-offline-not-hotpluggable');
  assert.equal(r.after, dom(vcpus("<vcpu id='0' enabled='yes'/><vcpu id='1' enabled='no' hotpluggable='yes'/>")));
  assert.deepEqual(r.remaining, []);
});

// ---------------------------------------------------------------------------
// IOThreads

test('iothreads-count-invalid: words and negatives; empty only for the schema', () => {
  assert.deepEqual(check(dom('<iothreads>two</iothreads>')), [['iothreads-count-invalid', 'two']]);
  assert.equal(finding(dom('<iothreads>-1</iothreads>'), 'iothreads-count-invalid').message, "invalid iothreads count '-1'");
  assert.deepEqual(check(dom('<iothreads/>')), [['iothreads-count-invalid', 'iothreads']]);
  assert.deepEqual(check(dom('<iothreads> 2</iothreads>')), [['number-schema-syntax', ' 2']]);
  assert.deepEqual(check(dom('<iothreads>0</iothreads>')), []);
});

test('iothreads-count-raised: a warning with the fix raising the count', () => {
  const ids = "<iothreadids><iothread id='5'/><iothread id='7'/></iothreadids>";
  const text = dom(`<iothreads>1</iothreads>${ids}`);
  assert.deepEqual(check(text), [['iothreads-count-raised', '1']]);
  assert.equal(finding(text, 'iothreads-count-raised').severity, DiagnosticSeverity.Warning);
  const r = fix(text, 'iothreads-count-raised');
  assert.equal(r.after, dom(`<iothreads>2</iothreads>${ids}`));
  assert.deepEqual(r.remaining, []);
  assert.deepEqual(check(dom(ids)), [], 'no count written: nothing is raised');
});

test('iothreads-ids-filled: libvirt invents the lowest free ids (information)', () => {
  const text = dom("<iothreads>3</iothreads><iothreadids><iothread id='2'/></iothreadids>");
  assert.deepEqual(check(text), [['iothreads-ids-filled', '3']]);
  const f = finding(text, 'iothreads-ids-filled');
  assert.equal(f.severity, DiagnosticSeverity.Information);
  assert.match(f.message, /adds ids 1, 3$/);
  assert.deepEqual(check(dom('<iothreads>3</iothreads>')), [], 'no ids listed: plain numbering');
});

test('iothread-id-invalid and iothread-id-duplicate', () => {
  assert.deepEqual(check(dom("<iothreadids><iothread id='0'/></iothreadids>")), [['iothread-id-invalid', '0']]);
  assert.equal(
    finding(dom("<iothreadids><iothread id='0'/></iothreadids>"), 'iothread-id-invalid').message,
    "Invalid value for attribute 'id' in element 'iothread': Zero is not permitted",
  );
  assert.deepEqual(check(dom('<iothreadids><iothread/></iothreadids>')), [['iothread-id-invalid', 'iothread']]);
  assert.deepEqual(check(dom("<iothreadids><iothread id='-1'/></iothreadids>")), [['iothread-id-invalid', '-1']]);
  assert.deepEqual(check(dom("<iothreadids><iothread id='+1'/></iothreadids>")), [['number-schema-syntax', '+1']]);
  const dup = dom("<iothreadids><iothread id='1'/><iothread id='1'/></iothreadids>");
  assert.deepEqual(check(dup), [['iothread-id-duplicate', '1']]);
  assert.equal(finding(dup, 'iothread-id-duplicate').message, "duplicate iothread id '1' found");
  const r = fix(dup, 'iothread-id-duplicate');
  assert.equal(r.after, dom("<iothreadids><iothread id='1'/></iothreadids>"));
  assert.deepEqual(r.remaining, []);
});

test('thread pools: values, max 0, min above max (or without max)', () => {
  const it = (attrs: string) => dom(`<iothreadids><iothread id='1' ${attrs}/></iothreadids>`);
  assert.deepEqual(check(it("thread_pool_min='x'")), [['iothread-pool-invalid', 'x']]);
  assert.match(finding(it("thread_pool_min='x'"), 'iothread-pool-invalid').message, /Expected integer value$/);
  assert.match(finding(it("thread_pool_min='-1'"), 'iothread-pool-invalid').message, /Expected non-negative value$/);
  assert.deepEqual(check(it("thread_pool_max='0'")), [['iothread-pool-max-zero', '0']]);
  assert.deepEqual(check(it("thread_pool_min='0' thread_pool_max='0'")), [['iothread-pool-max-zero', '0']]);
  assert.deepEqual(check(it("thread_pool_min='5' thread_pool_max='2'")), [['iothread-pool-min-above-max', '5']]);
  assert.deepEqual(check(it("thread_pool_min='2' thread_pool_max='2'")), []);
  assert.deepEqual(check(it("thread_pool_max='3'")), []);
  assert.deepEqual(check(it("thread_pool_min='0'")), [['iothread-pool-min-above-max', '0']]);
  assert.deepEqual(check(dom("<defaultiothread thread_pool_min='1'/>")), [['iothread-pool-min-above-max', '1']]);
  assert.deepEqual(check(dom("<defaultiothread thread_pool_max='0'/>")), [['iothread-pool-max-zero', '0']]);
  const r = fix(it("thread_pool_min='2'"), 'iothread-pool-min-above-max', "Add thread_pool_max='2'");
  assert.equal(r.after, it("thread_pool_min='2' thread_pool_max='2'"));
  assert.deepEqual(r.remaining, []);
  assert.deepEqual(check(it("thread_pool_min=' 1' thread_pool_max='+2'")), [
    ['number-schema-syntax', ' 1'],
    ['number-schema-syntax', '+2'],
  ]);
});

test('iothread-poll-invalid', () => {
  assert.deepEqual(check(dom("<iothreadids><iothread id='1'><poll max='x' grow='-1' shrink='18446744073709551615'/></iothread></iothreadids>")), [
    ['iothread-poll-invalid', 'x'],
    ['iothread-poll-invalid', '-1'],
  ]);
  assert.equal(
    finding(dom("<iothreadids><iothread id='1'><poll max='x'/></iothread></iothreadids>"), 'iothread-poll-invalid').message,
    "Invalid value for attribute 'max' in element 'poll': 'x'. Expected non-negative integer value",
  );
});

// ---------------------------------------------------------------------------
// <cputune> values

test("cputune-value-invalid: libvirt's words per element", () => {
  assert.deepEqual(check(dom(tune('<shares>lots</shares>'))), [['cputune-value-invalid', 'lots']]);
  assert.equal(finding(dom(tune('<shares>-5</shares>')), 'cputune-value-invalid').message, "can't parse cputune shares value");
  assert.equal(finding(dom(tune('<period>1.5</period>')), 'cputune-value-invalid').message, "can't parse cputune period value");
  assert.equal(finding(dom(tune('<global_quota>x</global_quota>')), 'cputune-value-invalid').message, "can't parse cputune global quota value");
  assert.equal(finding(dom(tune('<iothread_period> </iothread_period>')), 'cputune-value-invalid').message, "can't parse cputune iothread period value");
  assert.equal(finding(dom(tune('<quota>-9223372036854775809</quota>')), 'cputune-value-invalid').message, "can't parse cputune quota value");
  assert.deepEqual(check(dom(tune('<quota>-1</quota>'))), []);
  // An empty element is not read by libvirt but refused by the schema; the fix removes it.
  const r = fix(dom(tune('<shares></shares>')), 'cputune-value-invalid');
  assert.equal(r.after, dom(tune('')));
  assert.deepEqual(r.remaining, []);
});

test('cputune-period-range and cputune-quota-range (validation), with the element named as libvirt does', () => {
  assert.deepEqual(check(dom(tune('<period>999</period>'))), [['cputune-period-range', '999']]);
  assert.equal(finding(dom(tune('<period>999</period>')), 'cputune-period-range').message, "Value of cputune 'period' must be in range [1000, 1000000]");
  assert.deepEqual(check(dom(tune('<period>1000001</period>'))), [['cputune-period-range', '1000001']]);
  assert.equal(finding(dom(tune('<emulator_period>10</emulator_period>')), 'cputune-period-range').message, "Value of cputune 'emulator_period' must be in range [1000, 1000000]");
  assert.deepEqual(check(dom(tune('<period>1000</period><global_period>1000000</global_period>'))), []);
  assert.deepEqual(check(dom(tune('<quota>500</quota>'))), [['cputune-quota-range', '500']]);
  assert.equal(finding(dom(tune('<iothread_quota>500</iothread_quota>')), 'cputune-quota-range').message, "Value of cputune 'iothread_quota' must be in range [1000, 17592186044415]");
  assert.deepEqual(check(dom(tune('<quota>17592186044416</quota>'))), [['cputune-quota-range', '17592186044416']]);
  assert.deepEqual(check(dom(tune('<quota>1000</quota><global_quota>17592186044415</global_quota>'))), []);
});

test('cputune-schema-range: period 0, quota below -1, shares above 2^32-1', () => {
  const p = fix(dom(tune('<period>0</period>')), 'cputune-schema-range');
  assert.equal(p.after, dom(tune('')));
  assert.deepEqual(p.remaining, []);
  const q = fix(dom(tune('<quota>-2</quota>')), 'cputune-schema-range');
  assert.equal(q.after, dom(tune('<quota>-1</quota>')));
  assert.deepEqual(q.remaining, []);
  assert.deepEqual(check(dom(tune('<shares>4294967296</shares>'))), [['cputune-schema-range', '4294967296']]);
  assert.deepEqual(check(dom(tune('<shares>4294967295</shares>'))), [['cputune-shares-range', '4294967295']]);
});

test('cputune-zero-dropped: a quota of 0 is information only', () => {
  const f = finding(dom(tune('<quota>0</quota>')), 'cputune-zero-dropped');
  assert.equal(f.severity, DiagnosticSeverity.Information);
  assert.deepEqual(check(dom(tune('<quota>0</quota>'))), [['cputune-zero-dropped', '0']]);
});

test('cputune-shares-range: host cgroup limits are a warning', () => {
  assert.deepEqual(check(dom(tune('<shares>0</shares>'))), [['cputune-shares-range', '0']]);
  assert.deepEqual(check(dom(tune('<shares>1</shares>'))), [['cputune-shares-range', '1']]);
  assert.deepEqual(check(dom(tune('<shares>20000</shares>'))), [['cputune-shares-range', '20000']]);
  assert.equal(finding(dom(tune('<shares>20000</shares>')), 'cputune-shares-range').severity, DiagnosticSeverity.Warning);
  assert.deepEqual(check(dom(tune('<shares>2</shares>'))), []);
  assert.deepEqual(check(dom(tune('<shares>10000</shares>'))), []);
});

test('number syntax the schema refuses in <cputune>', () => {
  assert.deepEqual(check(dom(tune('<shares> 5</shares>'))), [['number-schema-syntax', ' 5']]);
  assert.deepEqual(check(dom(tune('<quota>+1000</quota>'))), [['number-schema-syntax', '+1000']]);
  assert.deepEqual(check(dom(tune('<quota>-1000</quota>'))), [['cputune-schema-range', '-1000']]);
});

test('tuning-duplicate-element: a second value element in <cputune> is ignored', () => {
  const text = dom(tune('<period>1000</period><period>5</period>'));
  assert.deepEqual(check(text), [['tuning-duplicate-element', 'period']]);
  const r = fix(text, 'tuning-duplicate-element');
  assert.equal(r.after, dom(tune('<period>1000</period>')));
  assert.deepEqual(r.remaining, []);
});

test('tuning-duplicate-element: second <vcpu>, <iothreads>, <defaultiothread>, <numatune><memory> are ignored (removable)', () => {
  const v = fix(dom('', "<vcpu current='2'>2</vcpu><vcpu>3</vcpu>"), 'tuning-duplicate-element');
  assert.equal(v.after, dom('', "<vcpu current='2'>2</vcpu>"));
  assert.deepEqual(v.remaining, []);
  assert.deepEqual(check(dom('<iothreads>1</iothreads><iothreads>2</iothreads>')), [['tuning-duplicate-element', 'iothreads']]);
  assert.deepEqual(check(dom("<defaultiothread thread_pool_max='1'/><defaultiothread/>")), [['tuning-duplicate-element', 'defaultiothread']]);
  // Only the first <memory> is read: the bad nodeset of the second is never parsed (oracle: define accepts).
  assert.deepEqual(check(dom(numatune("<memory nodeset='0'/><memory nodeset='x'/>"))), [['tuning-duplicate-element', 'memory']]);
});

test('tuning-duplicate-element: second <vcpus>, <iothreadids>, <cputune> are merged by libvirt (no removal offered)', () => {
  const text = dom(`${tune('<shares>10</shares>')}${tune('<period>5</period>')}`);
  assert.deepEqual(check(text), [
    ['tuning-duplicate-element', 'cputune'],
    ['cputune-period-range', '5'],
  ]);
  assert.deepEqual(fixTitles(text, 'tuning-duplicate-element'), []);
  assert.deepEqual(check(dom("<iothreadids><iothread id='1'/></iothreadids><iothreadids><iothread id='1'/></iothreadids>")), [
    ['tuning-duplicate-element', 'iothreadids'],
    ['iothread-id-duplicate', '1'],
  ]);
  assert.deepEqual(check(dom(`${vcpus("<vcpu id='0' enabled='yes'/>")}${vcpus("<vcpu id='1' enabled='yes'/>")}`)), [['tuning-duplicate-element', 'vcpus']]);
});

// ---------------------------------------------------------------------------
// Pinning

test('vcpupin-vcpu-invalid: missing, negative, beyond the schema', () => {
  assert.deepEqual(check(dom(tune("<vcpupin cpuset='0'/>"))), [['vcpupin-vcpu-invalid', 'vcpupin']]);
  assert.equal(finding(dom(tune("<vcpupin cpuset='0'/>")), 'vcpupin-vcpu-invalid').message, "Missing required attribute 'vcpu' in element 'vcpupin'");
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='-1' cpuset='0'/>"))), [['vcpupin-vcpu-invalid', '-1']]);
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='65536' cpuset='0'/>"))), [['vcpupin-vcpu-invalid', '65536']]);
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='+1' cpuset='0'/>"))), [['number-schema-syntax', '+1']]);
});

test('vcpupin-out-of-range: silently dropped (warning); the fix removes it', () => {
  const text = dom(tune("<vcpupin vcpu='7' cpuset='0'/>"));
  assert.deepEqual(check(text), [['vcpupin-out-of-range', '7']]);
  assert.equal(finding(text, 'vcpupin-out-of-range').severity, DiagnosticSeverity.Warning);
  const r = fix(text, 'vcpupin-out-of-range');
  assert.equal(r.after, dom(tune('')));
  assert.deepEqual(r.remaining, []);
  // A dropped pin's cpuset is never parsed (an empty set passes), and two of them are no duplicate.
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='7' cpuset='0,^0'/>"))), [['vcpupin-out-of-range', '7']]);
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='7' cpuset='0'/><vcpupin vcpu='7' cpuset='1'/>"))), [
    ['vcpupin-out-of-range', '7'],
    ['vcpupin-out-of-range', '7'],
  ]);
  // ... but the schema still wants a valid pattern and the cpuset attribute.
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='7' cpuset='x'/>"))), [
    ['vcpupin-out-of-range', '7'],
    ['cpuset-invalid', 'x'],
  ]);
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='7'/>"))), [
    ['vcpupin-out-of-range', '7'],
    ['cputune-cpuset-missing', 'vcpupin'],
  ]);
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='1' cpuset='0'/>"))), []);
});

test('vcpupin-duplicate: error, the fix removes the second', () => {
  const text = dom(tune("<vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='0' cpuset='1'/>"));
  assert.deepEqual(check(text), [['vcpupin-duplicate', '0']]);
  assert.equal(finding(text, 'vcpupin-duplicate').message, "duplicate vcpupin for vcpu '0'");
  const r = fix(text, 'vcpupin-duplicate');
  assert.equal(r.after, dom(tune("<vcpupin vcpu='0' cpuset='0'/>")));
  assert.deepEqual(r.remaining, []);
});

test('pins: cpuset missing, unparsable, empty', () => {
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='0'/>"))), [['cputune-cpuset-missing', 'vcpupin']]);
  assert.equal(finding(dom(tune("<vcpupin vcpu='0'/>")), 'cputune-cpuset-missing').message, 'missing cpuset for vcpupin');
  assert.equal(finding(dom(tune('<emulatorpin/>')), 'cputune-cpuset-missing').message, 'missing cpuset for emulatorpin');
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='0' cpuset='1,^1'/>"))), [['cpuset-empty', '1,^1']]);
  assert.deepEqual(check(dom(tune("<emulatorpin cpuset='0,^0'/>"))), [['cpuset-empty', '0,^0']]);
  assert.deepEqual(check(dom(tune("<vcpupin vcpu='0' cpuset=' 0 - 1 '/>"))), [['cpuset-schema-syntax', ' 0 - 1 ']]);
});

test('emulatorpin-duplicate', () => {
  const text = dom(tune("<emulatorpin cpuset='0'/><emulatorpin cpuset='1'/>"));
  assert.deepEqual(check(text), [['emulatorpin-duplicate', 'emulatorpin']]);
  const r = fix(text, 'emulatorpin-duplicate');
  assert.equal(r.after, dom(tune("<emulatorpin cpuset='0'/>")));
  assert.deepEqual(r.remaining, []);
});

test("iothreadpin: the IOThread must exist (after libvirt's fill-in)", () => {
  assert.deepEqual(check(dom(`<iothreads>1</iothreads>${tune("<iothreadpin iothread='5' cpuset='0'/>")}`)), [['iothread-unknown', '5']]);
  assert.equal(finding(dom(`<iothreads>1</iothreads>${tune("<iothreadpin iothread='5' cpuset='0'/>")}`), 'iothread-unknown').message, "Cannot find 'iothread' : 5");
  assert.deepEqual(check(dom(`<iothreads>2</iothreads>${tune("<iothreadpin iothread='2' cpuset='0'/>")}`)), []);
  assert.deepEqual(check(dom(`<iothreadids><iothread id='3'/></iothreadids>${tune("<iothreadpin iothread='1' cpuset='0'/>")}`)), [['iothread-unknown', '1']]);
  // <iothreads>3 with id 2 listed: libvirt fills 1 and 3.
  const filled = "<iothreads>3</iothreads><iothreadids><iothread id='2'/></iothreadids>";
  assert.deepEqual(check(dom(`${filled}${tune("<iothreadpin iothread='3' cpuset='0'/>")}`)).filter(([c]) => c !== 'iothreads-ids-filled'), []);
  assert.deepEqual(check(dom(`${filled}${tune("<iothreadpin iothread='4' cpuset='0'/>")}`)).filter(([c]) => c !== 'iothreads-ids-filled'), [['iothread-unknown', '4']]);
});

test('iothreadpin-iothread-invalid and iothreadpin-duplicate', () => {
  assert.deepEqual(check(dom(`<iothreads>1</iothreads>${tune("<iothreadpin iothread='0' cpuset='0'/>")}`)), [['iothreadpin-iothread-invalid', '0']]);
  assert.deepEqual(check(dom(`<iothreads>1</iothreads>${tune("<iothreadpin cpuset='0'/>")}`)), [['iothreadpin-iothread-invalid', 'iothreadpin']]);
  assert.equal(finding(dom(`<iothreads>1</iothreads>${tune("<iothreadpin iothread='1'/>")}`), 'cputune-cpuset-missing').message, 'missing cpuset for iothreadpin');
  const text = dom(`<iothreads>1</iothreads>${tune("<iothreadpin iothread='1' cpuset='0'/><iothreadpin iothread='1' cpuset='1'/>")}`);
  assert.deepEqual(check(text), [['iothreadpin-duplicate', '1']]);
  assert.equal(finding(text, 'iothreadpin-duplicate').message, "duplicate iothreadpin for same iothread '1'");
  const r = fix(text, 'iothreadpin-duplicate');
  assert.deepEqual(r.remaining, []);
});

// ---------------------------------------------------------------------------
// Schedulers

test('sched-list-missing: the parser needs the list the schema leaves optional', () => {
  assert.deepEqual(check(dom(tune("<vcpusched scheduler='batch'/>"))), [['sched-list-missing', 'vcpusched']]);
  assert.equal(finding(dom(tune("<vcpusched scheduler='batch'/>")), 'sched-list-missing').message, "Missing attribute 'vcpus' in element 'vcpusched'");
  assert.equal(finding(dom(`<iothreads>1</iothreads>${tune("<iothreadsched scheduler='idle'/>")}`), 'sched-list-missing').message, "Missing attribute 'iothreads' in element 'iothreadsched'");
});

test('sched-scheduler-invalid: none, wrong case, missing; one fix per valid value', () => {
  const text = dom(tune("<vcpusched vcpus='0' scheduler='none'/>"));
  assert.deepEqual(check(text), [['sched-scheduler-invalid', 'none']]);
  assert.equal(finding(text, 'sched-scheduler-invalid').message, "Invalid value for attribute 'scheduler' in element 'vcpusched': 'none'.");
  const r = fix(text, 'sched-scheduler-invalid', "Change scheduler to 'batch'");
  assert.deepEqual(r.titles, ["Change scheduler to 'batch'", "Change scheduler to 'idle'", "Change scheduler to 'fifo'", "Change scheduler to 'rr'"]);
  assert.deepEqual(r.remaining, []);
  assert.deepEqual(check(dom(tune("<emulatorsched scheduler='FIFO' priority='1'/>"))), [['sched-scheduler-invalid', 'FIFO']]);
  assert.deepEqual(check(dom(tune("<vcpusched vcpus='0'/>"))), [['sched-scheduler-invalid', 'vcpusched']]);
});

test('sched-priority-missing / invalid / unexpected / range', () => {
  const missing = dom(tune("<vcpusched vcpus='0' scheduler='fifo'/>"));
  assert.deepEqual(check(missing), [['sched-priority-missing', 'vcpusched']]);
  assert.equal(finding(missing, 'sched-priority-missing').message, "Missing required attribute 'priority' in element 'vcpusched'");
  const m = fix(missing, 'sched-priority-missing');
  assert.equal(m.after, dom(tune("<vcpusched vcpus='0' scheduler='fifo' priority='1'/>")));
  assert.deepEqual(m.remaining, []);
  assert.equal(
    finding(dom(tune("<vcpusched vcpus='0' scheduler='rr' priority='high'/>")), 'sched-priority-invalid').message,
    "Invalid value for attribute 'priority' in element 'vcpusched': 'high'. Expected integer value",
  );
  assert.deepEqual(check(dom(tune("<vcpusched vcpus='0' scheduler='fifo' priority='2147483648'/>"))), [['sched-priority-invalid', '2147483648']]);
  assert.deepEqual(check(dom(tune("<vcpusched vcpus='0' scheduler='fifo' priority='-5'/>"))), [['sched-priority-invalid', '-5']]);
  assert.deepEqual(check(dom(tune("<vcpusched vcpus='0' scheduler='fifo' priority='70000'/>"))), [['sched-priority-invalid', '70000']]);
  const extra = dom(tune("<vcpusched vcpus='0' scheduler='batch' priority='5'/>"));
  assert.deepEqual(check(extra), [['sched-priority-unexpected', '5']]);
  const u = fix(extra, 'sched-priority-unexpected');
  assert.equal(u.after, dom(tune("<vcpusched vcpus='0' scheduler='batch'/>")));
  assert.deepEqual(u.remaining, []);
  assert.deepEqual(check(dom(tune("<vcpusched vcpus='0' scheduler='fifo' priority='100'/>"))), [['sched-priority-range', '100']]);
  assert.deepEqual(check(dom(tune("<vcpusched vcpus='0' scheduler='fifo' priority='0'/>"))), [['sched-priority-range', '0']]);
  assert.equal(finding(dom(tune("<vcpusched vcpus='0' scheduler='fifo' priority='0'/>")), 'sched-priority-range').severity, DiagnosticSeverity.Warning);
  assert.deepEqual(check(dom(tune("<vcpusched vcpus='0' scheduler='fifo' priority=' 5'/><emulatorsched scheduler='rr' priority='+99'/>"))), []);
});

test('sched-overlap and vcpusched-out-of-range', () => {
  const overlap = dom(tune("<vcpusched vcpus='0-1' scheduler='batch'/><vcpusched vcpus='1' scheduler='idle'/>"));
  assert.deepEqual(check(overlap), [['sched-overlap', '1']]);
  assert.equal(finding(overlap, 'sched-overlap').message, "'vcpusched' attributes 'vcpus' must not overlap");
  assert.deepEqual(check(dom(tune("<vcpusched vcpus='0' scheduler='batch'/><vcpusched vcpus='1' scheduler='idle'/>"))), []);
  assert.deepEqual(check(dom(tune("<vcpusched vcpus='5' scheduler='batch'/>"))), [['vcpusched-out-of-range', '5']]);
  assert.equal(finding(dom(tune("<vcpusched vcpus='0-5' scheduler='batch'/>")), 'vcpusched-out-of-range').message, "vCPU '2' is not present in domain definition");
  assert.deepEqual(check(dom(tune("<vcpusched vcpus='0,^0' scheduler='batch'/>"))), [['cpuset-empty', '0,^0']]);
  assert.equal(finding(dom(tune("<vcpusched vcpus='0,^0' scheduler='batch'/>")), 'cpuset-empty').message, "'vcpus' scheduler bitmap '0,^0' is empty");
});

test('iothreadsched: ids must exist and not overlap', () => {
  assert.deepEqual(check(dom(`<iothreads>2</iothreads>${tune("<iothreadsched iothreads='0-1' scheduler='batch'/>")}`)), [['iothread-unknown', '0-1']]);
  assert.equal(finding(dom(`<iothreads>2</iothreads>${tune("<iothreadsched iothreads='0-1' scheduler='batch'/>")}`), 'iothread-unknown').message, "Cannot find 'iothread' : 0");
  assert.deepEqual(check(dom(tune("<iothreadsched iothreads='3' scheduler='batch'/>"))), [['iothread-unknown', '3']]);
  assert.deepEqual(check(dom(`<iothreads>2</iothreads>${tune("<iothreadsched iothreads='1-2' scheduler='batch'/><iothreadsched iothreads='2' scheduler='idle'/>")}`)), [['sched-overlap', '2']]);
  assert.deepEqual(check(dom(`<iothreads>2</iothreads>${tune("<iothreadsched iothreads='1-2' scheduler='batch'/>")}`)), []);
});

test('emulatorsched-duplicate', () => {
  const text = dom(tune("<emulatorsched scheduler='batch'/><emulatorsched scheduler='idle'/>"));
  assert.deepEqual(check(text), [['emulatorsched-duplicate', 'emulatorsched']]);
  assert.equal(finding(text, 'emulatorsched-duplicate').message, 'only one emulatorsched is supported');
  assert.deepEqual(fix(text, 'emulatorsched-duplicate').remaining, []);
});

// ---------------------------------------------------------------------------
// <numatune>

test('numatune-duplicate', () => {
  assert.deepEqual(check(dom(`${numatune("<memory nodeset='0'/>")}${numatune("<memory nodeset='0'/>")}`)), [['numatune-duplicate', 'numatune']]);
  assert.deepEqual(check(dom(numatune("<memory nodeset='0'/>"))), []);
});

test('numatune-mode-invalid: <memory> and <memnode> messages differ', () => {
  const text = dom(numatune("<memory mode='fast' nodeset='0'/>"));
  assert.deepEqual(check(text), [['numatune-mode-invalid', 'fast']]);
  assert.equal(finding(text, 'numatune-mode-invalid').message, "Unsupported NUMA memory tuning mode 'fast'");
  const r = fix(text, 'numatune-mode-invalid', "Change mode to 'interleave'");
  assert.deepEqual(r.titles, ["Change mode to 'strict'", "Change mode to 'preferred'", "Change mode to 'interleave'", "Change mode to 'restrictive'"]);
  assert.equal(r.after, dom(numatune("<memory mode='interleave' nodeset='0'/>")));
  assert.deepEqual(r.remaining, []);
  assert.deepEqual(check(dom(numatune("<memory mode='' nodeset='0'/>"))), [['numatune-mode-invalid', '']]);
  const node = dom(numatune("<memnode cellid='0' mode='bogus' nodeset='0'/>") + cells);
  assert.equal(finding(node, 'numatune-mode-invalid').message, "Invalid value for attribute 'mode' in element 'memnode': 'bogus'.");
});

test("numatune-placement-invalid, including 'default' (parser yes, schema no)", () => {
  const text = dom(numatune("<memory placement='dynamic'/>"));
  assert.deepEqual(check(text), [['numatune-placement-invalid', 'dynamic']]);
  assert.equal(finding(text, 'numatune-placement-invalid').message, "Unsupported NUMA memory placement mode 'dynamic'");
  const def = dom(numatune("<memory placement='default' nodeset='0'/>"));
  assert.deepEqual(check(def), [['numatune-placement-invalid', 'default']]);
  const r = fix(def, 'numatune-placement-invalid');
  assert.equal(r.after, dom(numatune("<memory nodeset='0'/>")));
  assert.deepEqual(r.remaining, []);
});

test('numatune-nodeset-missing: static placement, given or by default', () => {
  assert.deepEqual(check(dom(numatune("<memory placement='static'/>"))), [['numatune-nodeset-missing', 'static']]);
  assert.deepEqual(check(dom(numatune("<memory mode='strict'/>"))), [['numatune-nodeset-missing', 'memory']]);
  assert.match(finding(dom(numatune("<memory mode='strict'/>")), 'numatune-nodeset-missing').message, /^nodeset for NUMA memory tuning must be set if 'placement' is 'static'/);
  // With <vcpu placement='auto'> the default placement is auto; a bare <memory/> specifies nothing.
  assert.deepEqual(check(dom(numatune("<memory mode='interleave'/>"), "<vcpu placement='auto'>2</vcpu>")), []);
  assert.deepEqual(check(dom(numatune('<memory/>'))), []);
  assert.deepEqual(check(dom(numatune("<memory placement='auto'/>"))), []);
});

test("numatune-nodeset-with-auto: schema error; libvirt drops the nodeset", () => {
  const text = dom(numatune("<memory placement='auto' nodeset='0'/>"));
  assert.deepEqual(check(text), [['numatune-nodeset-with-auto', '0']]);
  const r = fix(text, 'numatune-nodeset-with-auto', "Remove nodeset='0'");
  assert.equal(r.after, dom(numatune("<memory placement='auto'/>")));
  assert.deepEqual(r.remaining, []);
});

test('numatune nodesets use the list rules with nodeset in the message', () => {
  assert.deepEqual(check(dom(numatune("<memory nodeset='x'/>"))), [['cpuset-invalid', 'x']]);
  assert.equal(finding(dom(numatune("<memory mode='strict' nodeset='0,^0'/>")), 'cpuset-empty').message, "Invalid value of 'nodeset': 0,^0");
  assert.deepEqual(check(dom(numatune("<memory nodeset=' 0'/>"))), [['cpuset-schema-syntax', ' 0']]);
  assert.equal(finding(dom(numatune("<memnode cellid='0' mode='strict' nodeset='0,^0'/>") + cells), 'cpuset-empty').message, "Invalid value of 'nodeset': 0,^0");
});

test('memnode-with-auto-placement: explicit, or implied by <vcpu placement=auto>', () => {
  const node = "<memnode cellid='0' mode='strict' nodeset='0'/>";
  assert.deepEqual(check(dom(numatune(`<memory placement='auto'/>${node}`) + cells)), [['memnode-with-auto-placement', 'memnode']]);
  assert.equal(finding(dom(numatune(node) + cells, "<vcpu placement='auto'>2</vcpu>"), 'memnode-with-auto-placement').message, 'Per-node binding is not compatible with automatic NUMA placement.');
  assert.deepEqual(check(dom(numatune(`<memory mode='strict' nodeset='0'/>${node}`) + cells, "<vcpu placement='auto'>2</vcpu>")), []);
});

test('memnode-without-cells and memnode-cellid-out-of-range', () => {
  const node = "<memnode cellid='0' mode='strict' nodeset='0'/>";
  assert.deepEqual(check(dom(numatune(node))), [['memnode-without-cells', 'memnode']]);
  assert.equal(finding(dom(numatune(node)), 'memnode-without-cells').message, "Element 'memnode' is invalid without any guest NUMA cells");
  const far = dom(numatune("<memnode cellid='3' mode='strict' nodeset='0'/>") + cells);
  assert.deepEqual(check(far), [['memnode-cellid-out-of-range', '3']]);
  assert.match(finding(far, 'memnode-cellid-out-of-range').message, /^Argument 'cellid' in memnode element must correspond to existing guest's NUMA cell/);
  assert.deepEqual(check(dom(numatune("<memnode cellid='1' mode='strict' nodeset='0'/>") + cells)), []);
});

test('memnode-cellid-invalid, memnode-duplicate, memnode-nodeset-missing', () => {
  assert.deepEqual(check(dom(numatune("<memnode cellid='x' mode='strict' nodeset='0'/>") + cells)), [['memnode-cellid-invalid', 'x']]);
  assert.equal(finding(dom(numatune("<memnode mode='strict' nodeset='0'/>") + cells), 'memnode-cellid-invalid').message, "Missing required attribute 'cellid' in element 'memnode'");
  const dup = dom(numatune("<memnode cellid='0' mode='strict' nodeset='0'/><memnode cellid='0' mode='strict' nodeset='1'/>") + cells);
  assert.deepEqual(check(dup), [['memnode-duplicate', '0']]);
  assert.equal(finding(dup, 'memnode-duplicate').message, 'Multiple memnode elements with cellid 0');
  const r = fix(dup, 'memnode-duplicate');
  assert.equal(r.after, dom(numatune("<memnode cellid='0' mode='strict' nodeset='0'/>") + cells));
  assert.deepEqual(r.remaining, []);
  assert.deepEqual(check(dom(numatune("<memnode cellid='0' mode='strict'/>") + cells)), [['memnode-nodeset-missing', 'memnode']]);
});

test("memnode-mode-missing: the schema's requirement; the fix writes libvirt's default", () => {
  const text = dom(numatune("<memnode cellid='0' nodeset='0'/>") + cells);
  assert.deepEqual(check(text), [['memnode-mode-missing', 'memnode']]);
  const r = fix(text, 'memnode-mode-missing');
  assert.equal(r.after, dom(numatune("<memnode cellid='0' nodeset='0' mode='strict'/>") + cells));
  assert.deepEqual(r.remaining, []);
});

test("numatune-restrictive-mismatch: 'restrictive' on both or neither", () => {
  const one = dom(numatune("<memory mode='restrictive' nodeset='0'/><memnode cellid='0' mode='strict' nodeset='0'/>") + cells);
  assert.deepEqual(check(one), [['numatune-restrictive-mismatch', 'strict']]);
  assert.equal(finding(one, 'numatune-restrictive-mismatch').message, "'restrictive' mode is required in memnode element when mode is 'restrictive' in memory element");
  const r = fix(one, 'numatune-restrictive-mismatch');
  assert.deepEqual(r.remaining, []);
  const other = dom(numatune("<memnode cellid='0' mode='restrictive' nodeset='0'/>") + cells);
  assert.equal(finding(other, 'numatune-restrictive-mismatch').message, "'restrictive' mode is required in memory element when mode is 'restrictive' in memnode element");
  assert.deepEqual(check(dom(numatune("<memory mode='restrictive' nodeset='0'/><memnode cellid='0' mode='restrictive' nodeset='0'/>") + cells)), []);
});

// ---------------------------------------------------------------------------
// Robustness

test('half-typed markup does not throw and reports nothing odd', () => {
  const inputs = [
    dom('<cputune><vcpupin vcpu=', '<vcpu'),
    dom("<cputune><vcpusched vcpus='0-' scheduler"),
    dom('<numatune><memnode cellid></numatune>'),
    dom("<vcpus><vcpu id='0'", "<vcpu current='"),
    dom('<iothreadids><iothread id=></iothreadids><iothreads>'),
  ];
  for (const text of inputs) assert.doesNotThrow(() => check(text));
});

test('a huge vCPU count and a huge IOThread count stay fast', () => {
  const t0 = performance.now();
  check(dom(`<iothreads>4294967295</iothreads>${tune("<iothreadpin iothread='4000000000' cpuset='0'/><vcpupin vcpu='65535' cpuset='0'/>")}`, '<vcpu>65535</vcpu>'));
  check(dom(vcpus("<vcpu id='0' enabled='yes'/>"), '<vcpu>65535</vcpu>'));
  assert.ok(performance.now() - t0 < 5000, 'no work per vCPU or IOThread id beyond the list (generous bound for loaded machines)');
});
