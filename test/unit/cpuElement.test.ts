// The <cpu> element rules: each code on its case and quiet on the near miss, with severity,
// covered text, and quick-fixes that leave no errors behind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { applyEdits, docAt, service } from '../helpers/engine';
import { cpuElementCodes } from '../../server/src/rules/cpuElement/codes';

const mine: ReadonlySet<string> = new Set(Object.keys(cpuElementCodes));

/** A domain with `body` (a <cpu>, plus anything else) and `<vcpu>` text `vcpus` (left out when null). */
function domain(body: string, vcpus: string | null = '2', arch = 'x86_64', type = 'kvm'): string {
  const vcpu = vcpus === null ? '' : `\n  <vcpu>${vcpus}</vcpu>`;
  return `<domain type='${type}'>\n  <name>t</name>\n  <memory unit='MiB'>256</memory>${vcpu}\n  <os><type arch='${arch}'>hvm</type></os>\n  ${body}\n</domain>\n`;
}

/** A diagnostic with its message as plain text. */
type Diag = Diagnostic & { message: string };

function diagnostics(text: string): { text: string; list: Diag[]; covered: (d: Diagnostic) => string } {
  const { doc } = docAt(text);
  const list = service()
    .doValidation(doc)
    .map((d) => ({ ...d, message: typeof d.message === 'string' ? d.message : d.message.value }));
  return { text, list, covered: (d) => doc.textDocument.getText(d.range) };
}

/** This family's findings as [code, covered text]. */
function check(text: string): Array<[string, string]> {
  const r = diagnostics(text);
  return r.list.filter((d) => mine.has(String(d.code))).map((d) => [String(d.code), r.covered(d)]);
}

/** Every error from any rule family, as code: message. */
function errors(text: string): string[] {
  return diagnostics(text)
    .list.filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.code}: ${d.message}`);
}

/** The one finding with `code`. */
function only(text: string, code: string): Diag {
  const found = diagnostics(text).list.filter((d) => d.code === code);
  assert.equal(found.length, 1, `${code} once in ${text}`);
  return found[0];
}

interface Fixed {
  titles: string[];
  preferred: string | undefined;
  /** Text after applying the fix with `title` (or the preferred one). */
  apply(title?: string): string;
}

function fixes(text: string, code: string, nth = 0): Fixed {
  const { doc } = docAt(text);
  const d = service().doValidation(doc).filter((x) => x.code === code)[nth];
  assert.ok(d, `${code} reported`);
  const actions = service()
    .doCodeActions(doc, d.range, [d])
    .filter((a) => a.diagnostics?.[0] === d);
  return {
    titles: actions.map((a) => a.title),
    preferred: actions.find((a) => a.isPreferred)?.title,
    apply(title) {
      const a = title === undefined ? actions.find((x) => x.isPreferred) : actions.find((x) => x.title === title);
      assert.ok(a, `fix ${title ?? '(preferred)'} among ${actions.map((x) => x.title).join(' | ')}`);
      return applyEdits(doc, a.edit!.changes!['file:///test.xml'] as TextEdit[]);
    },
  };
}

/** Applies every fix offered for `code` and checks each result has no errors left. */
function everyFixClean(text: string, code: string): string[] {
  const f = fixes(text, code);
  assert.ok(f.titles.length > 0, `fixes for ${code}`);
  for (const title of f.titles) {
    const after = f.apply(title);
    assert.deepEqual(errors(after), [], `after "${title}":\n${after}`);
  }
  return f.titles;
}

function severity(code: string): DiagnosticSeverity {
  return { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint }[
    cpuElementCodes[code as keyof typeof cpuElementCodes].severity
  ];
}

test('a clean, complete guest CPU has no findings', () => {
  const cpu = `<cpu mode='custom' match='exact' check='partial'>
    <model fallback='forbid' vendor_id='GenuineIntel'>Skylake-Client</model>
    <vendor>Intel</vendor>
    <topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/>
    <cache level='3' mode='emulate'/>
    <maxphysaddr mode='emulate' bits='39'/>
    <feature policy='require' name='pcid'/>
    <feature policy='disable' name='hle'/>
  </cpu>`;
  assert.deepEqual(check(domain(cpu)), []);
  assert.deepEqual(errors(domain(cpu)), []);
});

test('every code is documented with a severity and a summary', () => {
  for (const [code, info] of Object.entries(cpuElementCodes)) {
    assert.ok(['error', 'warning', 'information', 'hint'].includes(info.severity), code);
    assert.ok(info.summary.length > 20, code);
  }
});

// --- cpu attributes --------------------------------------------------------------

test('mode: invalid value, libvirt message, one fix per mode', () => {
  const text = domain(`<cpu mode='Host-Model'/>`);
  assert.deepEqual(check(text), [['cpu-mode-invalid', 'Host-Model']]);
  const d = only(text, 'cpu-mode-invalid');
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.equal(d.message, "Invalid mode attribute 'Host-Model'");
  const f = fixes(text, 'cpu-mode-invalid');
  assert.deepEqual(f.titles, ["Change mode to 'custom'", "Change mode to 'host-model'", "Change mode to 'host-passthrough'", "Change mode to 'maximum'"]);
  assert.equal(f.preferred, "Change mode to 'host-model'");
  everyFixClean(text, 'cpu-mode-invalid');
  assert.deepEqual(check(domain(`<cpu mode='host-model'/>`)), []);
});

test('mode fixes drop migratable where it is not allowed, and skip modes that would still fail', () => {
  const text = domain(`<cpu mode='passthrough' migratable='on'><cache mode='passthrough'/></cpu>`);
  const titles = everyFixClean(text, 'cpu-mode-invalid');
  assert.deepEqual(titles, ["Change mode to 'host-passthrough'", "Change mode to 'maximum'"]);
  const custom = domain(`<cpu mode='bogus' migratable='off'><model>qemu64</model></cpu>`);
  assert.equal(fixes(custom, 'cpu-mode-invalid').apply("Change mode to 'custom'"), domain(`<cpu mode='custom'><model>qemu64</model></cpu>`));
});

test('migratable: only for host-passthrough and maximum', () => {
  const text = domain(`<cpu mode='custom' migratable='on'><model>qemu64</model></cpu>`);
  assert.deepEqual(check(text), [['cpu-migratable-not-allowed', "migratable='on'"]]);
  assert.equal(only(text, 'cpu-migratable-not-allowed').message, "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode");
  assert.equal(fixes(text, 'cpu-migratable-not-allowed').apply(), domain(`<cpu mode='custom'><model>qemu64</model></cpu>`));
  assert.deepEqual(check(domain(`<cpu mode='host-model' migratable='off'/>`)), [['cpu-migratable-not-allowed', "migratable='off'"]]);
  // Default mode is custom.
  assert.deepEqual(check(domain(`<cpu migratable='on'><model>qemu64</model></cpu>`)), [['cpu-migratable-not-allowed', "migratable='on'"]]);
  assert.deepEqual(check(domain(`<cpu mode='maximum' migratable='on'/>`)), [['cpu-mode-not-portable', 'maximum']]);
});

test('migratable: invalid value (yes, default) with on/off fixes', () => {
  const text = domain(`<cpu mode='maximum' migratable='yes'/>`);
  assert.ok(check(text).some(([c, t]) => c === 'cpu-migratable-invalid' && t === 'yes'));
  assert.equal(only(text, 'cpu-migratable-invalid').message, "Invalid value for attribute 'migratable' in element 'cpu': 'yes'.");
  const f = fixes(text, 'cpu-migratable-invalid');
  assert.equal(f.preferred, "Change migratable to 'on'");
  everyFixClean(text, 'cpu-migratable-invalid');
  assert.ok(check(domain(`<cpu mode='maximum' migratable='default'/>`)).some(([c]) => c === 'cpu-migratable-invalid'));
  // On a custom CPU the only way out is removing it.
  assert.deepEqual(fixes(domain(`<cpu migratable='yes'><model>qemu64</model></cpu>`), 'cpu-migratable-invalid').titles, ["Remove migratable='yes'"]);
});

test('match: invalid value', () => {
  const text = domain(`<cpu match='Exact'><model>qemu64</model></cpu>`);
  assert.deepEqual(check(text), [['cpu-match-invalid', 'Exact']]);
  assert.equal(only(text, 'cpu-match-invalid').message, "Invalid value for attribute 'match' in element 'cpu': 'Exact'.");
  assert.equal(fixes(text, 'cpu-match-invalid').preferred, "Change match to 'exact'");
  everyFixClean(text, 'cpu-match-invalid');
  for (const m of ['exact', 'minimum', 'strict']) assert.deepEqual(check(domain(`<cpu match='${m}'><model>qemu64</model></cpu>`)), []);
});

test('match: dropped outside custom mode (warning), remove or switch to custom', () => {
  const text = domain(`<cpu mode='host-model' match='minimum'><model>qemu64</model></cpu>`);
  assert.deepEqual(check(text), [['cpu-match-ignored', "match='minimum'"]]);
  assert.equal(only(text, 'cpu-match-ignored').severity, DiagnosticSeverity.Warning);
  const f = fixes(text, 'cpu-match-ignored');
  assert.deepEqual(f.titles, ['Remove the ignored match', "Change mode to 'custom' to keep match"]);
  assert.equal(f.apply(), domain(`<cpu mode='host-model'><model>qemu64</model></cpu>`));
  assert.equal(f.apply("Change mode to 'custom' to keep match"), domain(`<cpu mode='custom' match='minimum'><model>qemu64</model></cpu>`));
  assert.deepEqual(check(domain(`<cpu mode='host-passthrough' match='exact'/>`)), [
    ['cpu-mode-not-portable', 'host-passthrough'],
    ['cpu-match-ignored', "match='exact'"],
  ]);
  assert.deepEqual(check(domain(`<cpu mode='custom' match='minimum'><model>qemu64</model></cpu>`)), []);
});

test('match and check on a custom CPU without a model are overwritten (x86 QEMU)', () => {
  const text = domain(`<cpu match='minimum' check='partial'><topology sockets='1' cores='2' threads='1'/></cpu>`);
  assert.deepEqual(check(text), [
    ['cpu-match-ignored', "match='minimum'"],
    ['cpu-check-ignored', "check='partial'"],
  ]);
  assert.equal(only(text, 'cpu-check-ignored').severity, DiagnosticSeverity.Warning);
  everyFixClean(text, 'cpu-check-ignored');
  // What libvirt writes back anyway is not flagged.
  assert.deepEqual(check(domain(`<cpu match='exact' check='none'/>`)), []);
  // Non-x86: libvirt may not fill in a model; stay quiet.
  assert.deepEqual(check(domain(`<cpu check='partial' match='minimum'/>`, '2', 'aarch64')), []);
});

test("check: invalid value; 'default' passes define but not the schema", () => {
  const bad = domain(`<cpu check='foo'><model>qemu64</model></cpu>`);
  assert.deepEqual(check(bad), [['cpu-check-invalid', 'foo']]);
  assert.equal(only(bad, 'cpu-check-invalid').message, "Invalid value for attribute 'check' in element 'cpu': 'foo'.");
  everyFixClean(bad, 'cpu-check-invalid');
  const dflt = domain(`<cpu check='default'><model>qemu64</model></cpu>`);
  const d = only(dflt, 'cpu-check-invalid');
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.match(d.message, /schema/);
  const f = fixes(dflt, 'cpu-check-invalid');
  assert.equal(f.apply(), domain(`<cpu><model>qemu64</model></cpu>`));
  everyFixClean(dflt, 'cpu-check-invalid');
});

test("check='none' on a CPU libvirt would compare: information", () => {
  const text = domain(`<cpu mode='custom' check='none'><model>qemu64</model></cpu>`);
  assert.deepEqual(check(text), [['cpu-check-none', 'none']]);
  assert.equal(only(text, 'cpu-check-none').severity, DiagnosticSeverity.Information);
  everyFixClean(text, 'cpu-check-none');
  assert.deepEqual(check(domain(`<cpu mode='host-model' check='none'/>`)), [['cpu-check-none', 'none']]);
  assert.deepEqual(check(domain(`<cpu mode='custom' check='partial'><model>qemu64</model></cpu>`)), []);
});

test('deprecated_features: invalid value, and unsupported outside s390x', () => {
  const bad = domain(`<cpu deprecated_features='maybe'><model>qemu64</model></cpu>`);
  assert.deepEqual(check(bad), [['cpu-deprecated-features-invalid', 'maybe']]);
  assert.equal(only(bad, 'cpu-deprecated-features-invalid').message, "Invalid value for attribute 'deprecated_features' in element 'cpu': 'maybe'.");
  const x86 = domain(`<cpu deprecated_features='off'><model>qemu64</model></cpu>`);
  assert.deepEqual(check(x86), [['cpu-deprecated-features-unsupported', "deprecated_features='off'"]]);
  const d = only(x86, 'cpu-deprecated-features-unsupported');
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.match(d.message, /^toggling deprecated features for CPU model is unsupported/);
  assert.equal(fixes(x86, 'cpu-deprecated-features-unsupported').apply(), domain(`<cpu><model>qemu64</model></cpu>`));
  assert.deepEqual(check(domain(`<cpu mode='host-model' deprecated_features='off'/>`, '2', 's390x')), []);
});

test('host-passthrough and maximum: migration advice on the mode', () => {
  const text = domain(`<cpu mode='host-passthrough' check='none' migratable='on'/>`);
  assert.deepEqual(check(text), [['cpu-mode-not-portable', 'host-passthrough']]);
  const d = only(text, 'cpu-mode-not-portable');
  assert.equal(d.severity, DiagnosticSeverity.Information);
  assert.match(d.message, /identical|same CPU/);
  const f = fixes(text, 'cpu-mode-not-portable');
  assert.equal(f.preferred, undefined);
  assert.equal(f.apply("Change mode to 'host-model'"), domain(`<cpu mode='host-model' check='none'/>`));
  assert.deepEqual(check(domain(`<cpu mode='host-model'/>`)), []);
});

// --- <model> and <vendor> ------------------------------------------------------------

test('model and vendor are dropped under host-passthrough and maximum', () => {
  const text = domain(`<cpu mode='maximum'>\n    <model fallback='forbid'>qemu64</model>\n    <vendor>AMD</vendor>\n  </cpu>`);
  assert.deepEqual(check(text), [
    ['cpu-mode-not-portable', 'maximum'],
    ['cpu-model-ignored', "<model fallback='forbid'>qemu64</model>"],
    ['cpu-vendor-ignored', '<vendor>AMD</vendor>'],
  ]);
  assert.equal(only(text, 'cpu-model-ignored').severity, DiagnosticSeverity.Warning);
  assert.equal(only(text, 'cpu-vendor-ignored').severity, DiagnosticSeverity.Warning);
  // Removing the model takes the vendor along (a vendor without a model is an error).
  const m = fixes(text, 'cpu-model-ignored');
  assert.deepEqual(m.titles, ['Remove the ignored <model> and <vendor>', "Change mode to 'custom' to keep the model"]);
  assert.equal(m.apply(), domain(`<cpu mode='maximum'>\n  </cpu>`));
  assert.equal(m.apply("Change mode to 'custom' to keep the model"), domain(`<cpu mode='custom'>\n    <model fallback='forbid'>qemu64</model>\n    <vendor>AMD</vendor>\n  </cpu>`));
  everyFixClean(text, 'cpu-model-ignored');
  everyFixClean(text, 'cpu-vendor-ignored');
  assert.deepEqual(check(domain(`<cpu mode='host-model'><model>qemu64</model><vendor>AMD</vendor></cpu>`)), []);
});

test('switching to custom is not offered when the model attributes would then fail', () => {
  const text = domain(`<cpu mode='host-passthrough' migratable='on'><model vendor_id='short'>qemu64</model></cpu>`);
  assert.deepEqual(fixes(text, 'cpu-model-ignored').titles, ['Remove the ignored <model>']);
});

test('vendor without model: error in every mode', () => {
  for (const mode of ['custom', 'host-model', 'host-passthrough']) {
    const text = domain(`<cpu mode='${mode}'><vendor>Intel</vendor></cpu>`);
    const d = only(text, 'cpu-vendor-without-model');
    assert.equal(d.message, 'CPU vendor specified without CPU model');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(diagnostics(text).covered(d), '<vendor>Intel</vendor>');
    everyFixClean(text, 'cpu-vendor-without-model');
  }
  // An empty <model/> is no model; an empty <vendor/> is no vendor.
  assert.ok(check(domain(`<cpu><model/><vendor>Intel</vendor></cpu>`)).some(([c]) => c === 'cpu-vendor-without-model'));
  assert.deepEqual(check(domain(`<cpu><vendor/></cpu>`)), []);
});

test('fallback: libvirt message where it reads it, schema message under host-passthrough', () => {
  const text = domain(`<cpu><model fallback='never'>qemu64</model></cpu>`);
  assert.deepEqual(check(text), [['cpu-fallback-invalid', 'never']]);
  assert.equal(only(text, 'cpu-fallback-invalid').message, 'Invalid fallback attribute');
  everyFixClean(text, 'cpu-fallback-invalid');
  const hpt = domain(`<cpu mode='host-passthrough'><model fallback='bogus'/></cpu>`);
  const d = only(hpt, 'cpu-fallback-invalid');
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.match(d.message, /schema/);
  assert.deepEqual(check(domain(`<cpu><model fallback='allow'>qemu64</model></cpu>`)), []);
});

test('vendor_id: exactly 12 bytes and no comma, with vendor strings and a padded variant', () => {
  const short = domain(`<cpu><model vendor_id='Intel'>qemu64</model></cpu>`);
  assert.deepEqual(check(short), [['cpu-vendor-id-invalid', 'Intel']]);
  assert.equal(only(short, 'cpu-vendor-id-invalid').message, 'vendor_id must be exactly 12 characters long');
  const f = fixes(short, 'cpu-vendor-id-invalid');
  assert.deepEqual(f.titles, [
    "Set vendor_id to 'GenuineIntel' (Intel)",
    "Set vendor_id to 'AuthenticAMD' (AMD)",
    "Set vendor_id to 'HygonGenuine' (Hygon)",
    "Pad vendor_id to 12 characters: 'Intel       '",
  ]);
  assert.equal(f.preferred, "Set vendor_id to 'GenuineIntel' (Intel)");
  everyFixClean(short, 'cpu-vendor-id-invalid');
  const long = domain(`<cpu><model vendor_id='MyVendorStringIsLong'>qemu64</model></cpu>`);
  assert.equal(fixes(long, 'cpu-vendor-id-invalid').apply("Cut vendor_id to 12 characters: 'MyVendorStri'"), domain(`<cpu><model vendor_id='MyVendorStri'>qemu64</model></cpu>`));
  const comma = domain(`<cpu><model vendor_id='Genuine,ntel'>qemu64</model></cpu>`);
  assert.equal(only(comma, 'cpu-vendor-id-invalid').message, 'vendor id is invalid');
  everyFixClean(comma, 'cpu-vendor-id-invalid');
  assert.deepEqual(check(domain(`<cpu><model vendor_id='AuthenticAMD'>qemu64</model></cpu>`)), []);
});

test('vendor_id: bytes for libvirt, characters for the schema', () => {
  // 12 two-byte characters: the schema is happy, libvirt counts 24 bytes.
  const wide = domain(`<cpu><model vendor_id='ÄÄÄÄÄÄÄÄÄÄÄÄ'>qemu64</model></cpu>`);
  assert.equal(only(wide, 'cpu-vendor-id-invalid').message, 'vendor_id must be exactly 12 characters long (libvirt counts bytes, not characters: use plain ASCII)');
  // 6 two-byte characters: 12 bytes for libvirt, 6 characters for the schema.
  const six = domain(`<cpu><model vendor_id='ÄÄÄÄÄÄ'>qemu64</model></cpu>`);
  assert.match(only(six, 'cpu-vendor-id-invalid').message, /schema/);
  // Under host-passthrough only the schema looks at it.
  const hpt = domain(`<cpu mode='host-passthrough'><model vendor_id='short'/></cpu>`);
  assert.match(only(hpt, 'cpu-vendor-id-invalid').message, /schema/);
});

// --- <topology> -------------------------------------------------------------------------

test('topology: missing required count, with the value that makes it match', () => {
  const text = domain(`<cpu><topology sockets='1' threads='1'/></cpu>`);
  assert.deepEqual(check(text), [['cpu-attribute-missing', 'topology']]);
  assert.equal(only(text, 'cpu-attribute-missing').message, "Missing required attribute 'cores' in element 'topology'");
  const f = fixes(text, 'cpu-attribute-missing');
  assert.equal(f.apply(), domain(`<cpu><topology sockets='1' threads='1' cores='2'/></cpu>`));
  everyFixClean(text, 'cpu-attribute-missing');
  assert.equal(fixes(domain(`<cpu><topology cores='2' threads='1'/></cpu>`), 'cpu-attribute-missing').apply(), domain(`<cpu><topology sockets='1' cores='2' threads='1'/></cpu>`));
});

test('topology: zero, negative and non-numeric counts', () => {
  const zero = domain(`<cpu><topology sockets='0' cores='2' threads='1'/></cpu>`);
  assert.deepEqual(check(zero), [['cpu-topology-invalid', '0']]);
  assert.equal(only(zero, 'cpu-topology-invalid').message, "Invalid value for attribute 'sockets' in element 'topology': Zero is not permitted");
  assert.equal(fixes(zero, 'cpu-topology-invalid').apply(), domain(`<cpu><topology sockets='1' cores='2' threads='1'/></cpu>`));
  const neg = domain(`<cpu><topology sockets='1' cores='-1' threads='1'/></cpu>`);
  assert.equal(only(neg, 'cpu-topology-invalid').message, "Invalid value for attribute 'cores' in element 'topology': '-1'. Expected non-negative integer value");
  everyFixClean(neg, 'cpu-topology-invalid');
  const abc = domain(`<cpu><topology sockets='1' clusters='abc' cores='2' threads='1'/></cpu>`);
  assert.deepEqual(check(abc), [['cpu-topology-invalid', 'abc']]);
  const dies0 = domain(`<cpu><topology sockets='1' dies='0' cores='2' threads='1'/></cpu>`);
  assert.deepEqual(check(dies0), [['cpu-topology-invalid', '0']]);
  // Trailing blanks are refused by libvirt's parser itself.
  assert.deepEqual(check(domain(`<cpu><topology sockets='1' cores='2 ' threads='1'/></cpu>`)), [['cpu-topology-invalid', '2 ']]);
  // More than 2^32-1 does not parse either.
  assert.deepEqual(check(domain(`<cpu><topology sockets='4294967296' cores='1' threads='1'/></cpu>`)), [['cpu-topology-invalid', '4294967296']]);
});

test("topology: '+1' and ' 2' pass libvirt's parser but not the schema", () => {
  const text = domain(`<cpu><topology sockets='+1' cores=' 2' threads='1'/></cpu>`);
  assert.deepEqual(check(text), [
    ['cpu-number-syntax', '+1'],
    ['cpu-number-syntax', ' 2'],
  ]);
  const d = diagnostics(text).list.find((x) => x.code === 'cpu-number-syntax')!;
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.match(d.message, /schema/);
  assert.equal(fixes(text, 'cpu-number-syntax').apply(), domain(`<cpu><topology sockets='1' cores=' 2' threads='1'/></cpu>`));
  assert.equal(fixes(text, 'cpu-number-syntax', 1).apply(), domain(`<cpu><topology sockets='+1' cores='2' threads='1'/></cpu>`));
  // Leading zeros are plain digits to the schema.
  assert.deepEqual(check(domain(`<cpu><topology sockets='01' cores='2' threads='1'/></cpu>`)), []);
});

test('topology: product against the maximum vCPU count, not current', () => {
  const text = domain(`<cpu><topology sockets='1' cores='4' threads='1'/></cpu>`);
  assert.deepEqual(check(text), [['cpu-topology-mismatch', "<topology sockets='1' cores='4' threads='1'/>"]]);
  const d = only(text, 'cpu-topology-mismatch');
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.match(d.message, /^CPU topology doesn't match maximum vcpu count \(sockets=1 × cores=4 × threads=1 = 4 vCPUs, <vcpu> is 2\)$/);
  const f = fixes(text, 'cpu-topology-mismatch');
  assert.deepEqual(f.titles, ["Set cores='2' to make 2 vCPUs", 'Set <vcpu> to 4']);
  assert.equal(f.preferred, undefined);
  assert.equal(f.apply("Set cores='2' to make 2 vCPUs"), domain(`<cpu><topology sockets='1' cores='2' threads='1'/></cpu>`));
  assert.equal(f.apply('Set <vcpu> to 4'), domain(`<cpu><topology sockets='1' cores='4' threads='1'/></cpu>`, '4'));
  everyFixClean(text, 'cpu-topology-mismatch');
  // current does not count; dies and clusters do.
  assert.deepEqual(check(domain(`<cpu><topology sockets='1' cores='2' threads='2'/></cpu>`).replace('<vcpu>2</vcpu>', "<vcpu current='2'>4</vcpu>")), []);
  assert.deepEqual(check(domain(`<cpu><topology sockets='1' dies='2' clusters='2' cores='1' threads='1'/></cpu>`, '4')), []);
  assert.deepEqual(check(domain(`<cpu><topology sockets='1' clusters='2' cores='2' threads='1'/></cpu>`)).map(([c]) => c), ['cpu-topology-mismatch']);
  // The comparison is the QEMU driver's.
  assert.deepEqual(check(domain(`<cpu><topology sockets='1' cores='4' threads='1'/></cpu>`, '2', 'x86_64', 'xen')), []);
});

test('topology: without <vcpu> the maximum is 1', () => {
  const text = domain(`<cpu><topology sockets='2' cores='1' threads='1'/></cpu>`, null);
  const d = only(text, 'cpu-topology-mismatch');
  assert.match(d.message, /<vcpu> is 1 when absent/);
  const f = fixes(text, 'cpu-topology-mismatch');
  assert.deepEqual(f.titles, ["Set sockets='1' to make 1 vCPUs", 'Set <vcpu> to 2']);
  assert.match(f.apply('Set <vcpu> to 2'), /\n  <vcpu>2<\/vcpu>\n  <cpu>/);
  everyFixClean(text, 'cpu-topology-mismatch');
  assert.deepEqual(check(domain(`<cpu><topology sockets='1' cores='1' threads='1'/></cpu>`, null)), []);
});

test('topology: the <vcpu> fix is withheld when it would break other settings', () => {
  // Lowering below current.
  const current = domain(`<cpu><topology sockets='1' cores='2' threads='1'/></cpu>`).replace('<vcpu>2</vcpu>', "<vcpu current='4'>4</vcpu>");
  assert.deepEqual(fixes(current, 'cpu-topology-mismatch').titles, ["Set cores='4' to make 4 vCPUs", "Set sockets='2' to make 4 vCPUs"]);
  // Lowering with per-vCPU tuning around.
  const tuned = domain(`<cputune><vcpupin vcpu='3' cpuset='0'/></cputune>\n  <cpu><topology sockets='1' cores='2' threads='1'/></cpu>`, '4');
  assert.ok(!fixes(tuned, 'cpu-topology-mismatch').titles.some((t) => t.includes('<vcpu>')));
  // Above what every machine type takes.
  const big = domain(`<cpu><topology sockets='2' cores='128' threads='1'/></cpu>`);
  assert.deepEqual(fixes(big, 'cpu-topology-mismatch').titles, ["Set cores='1' to make 2 vCPUs"]);
});

test('topology: overflow past 2^32-1 CPUs', () => {
  const text = domain(`<cpu><topology sockets='65536' cores='65536' threads='2'/></cpu>`);
  assert.deepEqual(check(text), [['cpu-topology-overflow', "<topology sockets='65536' cores='65536' threads='2'/>"]]);
  assert.equal(only(text, 'cpu-topology-overflow').message, 'cpu topology results in more than 4294967295 cpus');
  // 65536 × 65535 fits: an ordinary mismatch.
  assert.deepEqual(check(domain(`<cpu><topology sockets='65536' cores='65535' threads='1'/></cpu>`)).map(([c]) => c), ['cpu-topology-mismatch']);
});

test('topology: an unreadable <vcpu> is left to the vCPU rules', () => {
  assert.deepEqual(check(domain(`<cpu><topology sockets='1' cores='4' threads='1'/></cpu>`, 'x')), []);
  assert.deepEqual(check(domain(`<cpu><topology sockets='1' cores='4' threads='1'/></cpu>`, '0')), []);
});

// --- <feature> -------------------------------------------------------------------------

test('feature without a model in a custom CPU', () => {
  const text = domain(`<cpu>\n    <feature policy='require' name='sse2'/>\n  </cpu>`);
  assert.deepEqual(check(text), [['cpu-feature-without-model', "<feature policy='require' name='sse2'/>"]]);
  assert.equal(only(text, 'cpu-feature-without-model').message, 'Non-empty feature list specified without CPU model');
  const f = fixes(text, 'cpu-feature-without-model');
  assert.deepEqual(f.titles, ["Add <model>qemu64</model> (libvirt's default model)", "Change mode to 'host-model'"]);
  assert.equal(f.apply(f.titles[0]), domain(`<cpu>\n    <model>qemu64</model>\n    <feature policy='require' name='sse2'/>\n  </cpu>`));
  everyFixClean(text, 'cpu-feature-without-model');
  // An empty <model/> gets its text filled in.
  const empty = domain(`<cpu><model fallback='allow'/><feature policy='require' name='sse2'/></cpu>`);
  assert.equal(fixes(empty, 'cpu-feature-without-model').apply(f.titles[0]), domain(`<cpu><model fallback='allow'>qemu64</model><feature policy='require' name='sse2'/></cpu>`));
  // Other modes take features without a model.
  assert.deepEqual(check(domain(`<cpu mode='host-model'><feature policy='require' name='sse2'/></cpu>`)), []);
});

test('feature policy: invalid value, one fix per policy', () => {
  const text = domain(`<cpu><model>qemu64</model><feature policy='Disable' name='sse2'/></cpu>`);
  assert.deepEqual(check(text), [['cpu-feature-policy-invalid', 'Disable']]);
  assert.equal(only(text, 'cpu-feature-policy-invalid').message, 'Invalid CPU feature policy');
  const f = fixes(text, 'cpu-feature-policy-invalid');
  assert.equal(f.titles.length, 5);
  assert.equal(f.preferred, "Change policy to 'disable'");
  everyFixClean(text, 'cpu-feature-policy-invalid');
});

test('feature policy missing: only the schema minds; add require', () => {
  const text = domain(`<cpu><model>qemu64</model><feature name='sse4.2'/></cpu>`);
  assert.deepEqual(check(text), [['cpu-feature-policy-missing', 'feature']]);
  const d = only(text, 'cpu-feature-policy-missing');
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.match(d.message, /schema/);
  assert.equal(fixes(text, 'cpu-feature-policy-missing').apply(), domain(`<cpu><model>qemu64</model><feature policy='require' name='sse4.2'/></cpu>`));
});

test('feature name missing or empty', () => {
  const none = domain(`<cpu><model>qemu64</model><feature policy='require'/></cpu>`);
  assert.deepEqual(check(none), [['cpu-feature-name-invalid', 'feature']]);
  assert.equal(only(none, 'cpu-feature-name-invalid').message, 'Invalid CPU feature name');
  everyFixClean(none, 'cpu-feature-name-invalid');
  const empty = domain(`<cpu><model>qemu64</model><feature policy='require' name=''/></cpu>`);
  assert.deepEqual(check(empty), [['cpu-feature-name-invalid', "name=''"]]);
});

test('duplicate feature: libvirt message; remove the later one', () => {
  const text = domain(`<cpu>\n    <model>qemu64</model>\n    <feature policy='require' name='sse2'/>\n    <feature policy='require' name='sse2'/>\n  </cpu>`);
  assert.deepEqual(check(text), [['cpu-feature-duplicate', 'sse2']]);
  const d = only(text, 'cpu-feature-duplicate');
  assert.equal(d.message, "CPU feature 'sse2' specified more than once");
  assert.equal(d.range.start.line, 8);
  assert.equal(fixes(text, 'cpu-feature-duplicate').apply(), domain(`<cpu>\n    <model>qemu64</model>\n    <feature policy='require' name='sse2'/>\n  </cpu>`));
  // Different policies: both removals offered, none preferred.
  const clash = domain(`<cpu><model>qemu64</model><feature policy='require' name='sse2'/><feature policy='disable' name='sse2'/></cpu>`);
  const f = fixes(clash, 'cpu-feature-duplicate');
  assert.equal(f.preferred, undefined);
  assert.deepEqual(f.titles, ['Remove this duplicate <feature>', "Keep this one, remove the earlier <feature> (policy 'require')"]);
  everyFixClean(clash, 'cpu-feature-duplicate');
  // Names are case-sensitive for libvirt.
  assert.deepEqual(check(domain(`<cpu><model>qemu64</model><feature policy='require' name='sse2'/><feature policy='require' name='pni'/></cpu>`)), []);
});

test('non-migratable features: information, warning against migratable=on, silent with a TSC frequency', () => {
  const text = domain(`<cpu mode='host-model'><feature policy='require' name='invtsc'/></cpu>`);
  assert.deepEqual(check(text), [['cpu-feature-not-migratable', 'invtsc']]);
  assert.equal(only(text, 'cpu-feature-not-migratable').severity, DiagnosticSeverity.Information);
  assert.match(only(text, 'cpu-feature-not-migratable').message, /domain has 'invtsc' CPU feature but TSC frequency is not specified/);
  const hpt = domain(`<cpu mode='host-passthrough' migratable='on'><feature policy='require' name='invtsc'/></cpu>`);
  assert.deepEqual(check(hpt), [
    ['cpu-mode-not-portable', 'host-passthrough'],
    ['cpu-feature-contradicts-migratable', 'invtsc'],
  ]);
  assert.equal(only(hpt, 'cpu-feature-contradicts-migratable').severity, DiagnosticSeverity.Warning);
  // Turning it off is fine; so is a TSC frequency for invtsc.
  assert.deepEqual(check(domain(`<cpu mode='host-model'><feature policy='disable' name='invtsc'/></cpu>`)), []);
  assert.deepEqual(check(domain(`<clock offset='utc'><timer name='tsc' frequency='3000000000'/></clock>\n  <cpu mode='host-model'><feature policy='require' name='invtsc'/></cpu>`)), []);
});

// --- <cache> ----------------------------------------------------------------------------

test('cache level: range, integer, sign', () => {
  const four = domain(`<cpu><model>qemu64</model><cache level='4' mode='emulate'/></cpu>`);
  assert.deepEqual(check(four), [['cpu-cache-level-invalid', '4']]);
  assert.equal(only(four, 'cpu-cache-level-invalid').message, 'invalid CPU cache level, must be in range [1,3]');
  assert.equal(fixes(four, 'cpu-cache-level-invalid').apply(), domain(`<cpu><model>qemu64</model><cache level='3' mode='emulate'/></cpu>`));
  const neg = domain(`<cpu><model>qemu64</model><cache level='-1' mode='emulate'/></cpu>`);
  assert.equal(only(neg, 'cpu-cache-level-invalid').message, "Invalid value for attribute 'level' in element 'cache': '-1'. Expected non-negative value");
  const text = domain(`<cpu mode='maximum'><cache level='x' mode='disable'/></cpu>`);
  assert.equal(only(text, 'cpu-cache-level-invalid').message, "Invalid value for attribute 'level' in element 'cache': 'x'. Expected integer value");
  everyFixClean(text, 'cpu-cache-level-invalid');
  // Blanks around the number are fine for both; '+3' only for libvirt.
  assert.deepEqual(check(domain(`<cpu><model>qemu64</model><cache level=' 3' mode='emulate'/></cpu>`)), []);
  assert.deepEqual(check(domain(`<cpu><model>qemu64</model><cache level='+3' mode='emulate'/></cpu>`)), [['cpu-number-syntax', '+3']]);
});

test('cache mode: missing, invalid', () => {
  const missing = domain(`<cpu><model>qemu64</model><cache level='3'/></cpu>`);
  assert.deepEqual(check(missing), [['cpu-attribute-missing', 'cache']]);
  assert.equal(only(missing, 'cpu-attribute-missing').message, "Missing required attribute 'mode' in element 'cache'");
  assert.deepEqual(everyFixClean(missing, 'cpu-attribute-missing'), ["Add mode='emulate'", "Add mode='disable'"]);
  const bad = domain(`<cpu mode='host-passthrough'><cache mode='fake'/></cpu>`);
  assert.deepEqual(check(bad).filter(([c]) => c !== 'cpu-mode-not-portable'), [['cpu-cache-mode-invalid', 'fake']]);
  assert.equal(only(bad, 'cpu-cache-mode-invalid').message, "Invalid value for attribute 'mode' in element 'cache': 'fake'.");
  assert.equal(fixes(bad, 'cpu-cache-mode-invalid').titles.length, 3);
  everyFixClean(bad, 'cpu-cache-mode-invalid');
});

test('cache: level and mode must agree; passthrough only for host CPUs', () => {
  const emulate = domain(`<cpu><model>qemu64</model><cache mode='emulate'/></cpu>`);
  assert.deepEqual(check(emulate), [['cpu-cache-level-mode', 'cache']]);
  assert.equal(only(emulate, 'cpu-cache-level-mode').message, "CPU cache mode 'emulate' can only be used with level='3'");
  assert.equal(fixes(emulate, 'cpu-cache-level-mode').apply(), domain(`<cpu><model>qemu64</model><cache level='3' mode='emulate'/></cpu>`));
  const disable = domain(`<cpu><model>qemu64</model><cache level='3' mode='disable'/></cpu>`);
  assert.deepEqual(check(disable), [['cpu-cache-level-mode', "level='3'"]]);
  assert.equal(only(disable, 'cpu-cache-level-mode').message, "unsupported CPU cache level for mode 'disable'");
  everyFixClean(disable, 'cpu-cache-level-mode');
  const pt = domain(`<cpu><model>qemu64</model><cache mode='passthrough'/></cpu>`);
  assert.deepEqual(check(pt), [['cpu-cache-passthrough-not-allowed', 'passthrough']]);
  assert.equal(only(pt, 'cpu-cache-passthrough-not-allowed').message, "CPU cache mode 'passthrough' can only be used with 'host-passthrough' / 'maximum' CPUs");
  assert.deepEqual(everyFixClean(pt, 'cpu-cache-passthrough-not-allowed'), ["Use mode='emulate' with level='3'", "Change to mode='disable'"]);
  assert.deepEqual(check(domain(`<cpu mode='maximum'><cache mode='passthrough'/></cpu>`)), [['cpu-mode-not-portable', 'maximum']]);
  // The level/mode rules are the QEMU driver's: other hypervisors are left alone.
  assert.deepEqual(check(domain(`<cpu><model>qemu64</model><cache mode='emulate'/></cpu>`, '2', 'x86_64', 'xen')), []);
});

test('cache and maxphysaddr are x86-only in QEMU', () => {
  const text = domain(`<cpu mode='host-passthrough'><cache mode='passthrough'/><maxphysaddr mode='passthrough'/></cpu>`, '2', 'aarch64');
  assert.deepEqual(check(text).filter(([c]) => c === 'cpu-arch-unsupported'), [
    ['cpu-arch-unsupported', 'cache'],
    ['cpu-arch-unsupported', 'maxphysaddr'],
  ]);
  assert.equal(diagnostics(text).list.find((d) => d.code === 'cpu-arch-unsupported')!.message, "CPU cache specification is not supported for 'aarch64' architecture");
});

test('two <cache> elements: libvirt itself refuses', () => {
  const text = domain(`<cpu mode='host-passthrough'><cache mode='passthrough'/><cache mode='disable'/></cpu>`);
  const d = only(text, 'cpu-element-duplicate');
  assert.equal(d.message, 'at most one CPU cache element may be specified');
  assert.equal(diagnostics(text).covered(d), 'cache');
  everyFixClean(text, 'cpu-element-duplicate');
});

// --- <maxphysaddr> -----------------------------------------------------------------------

test('maxphysaddr: mode missing or invalid', () => {
  const missing = domain(`<cpu><model>qemu64</model><maxphysaddr bits='40'/></cpu>`);
  assert.deepEqual(check(missing), [['cpu-attribute-missing', 'maxphysaddr']]);
  assert.equal(only(missing, 'cpu-attribute-missing').message, "Missing required attribute 'mode' in element 'maxphysaddr'");
  assert.equal(fixes(missing, 'cpu-attribute-missing').apply(), domain(`<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits='40'/></cpu>`));
  const bad = domain(`<cpu><model>qemu64</model><maxphysaddr mode=' emulate' bits='40'/></cpu>`);
  assert.deepEqual(check(bad), [['cpu-maxphysaddr-mode-invalid', ' emulate']]);
  assert.equal(only(bad, 'cpu-maxphysaddr-mode-invalid').message, "Invalid value for attribute 'mode' in element 'maxphysaddr': ' emulate'.");
  assert.equal(fixes(bad, 'cpu-maxphysaddr-mode-invalid').preferred, "Change mode to 'emulate'");
  everyFixClean(bad, 'cpu-maxphysaddr-mode-invalid');
});

test('maxphysaddr: bits and limit values', () => {
  const neg = domain(`<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits='-1'/></cpu>`);
  assert.deepEqual(check(neg), [['cpu-maxphysaddr-bits-invalid', '-1']]);
  assert.equal(only(neg, 'cpu-maxphysaddr-bits-invalid').message, "Invalid value for attribute 'bits' in element 'maxphysaddr': '-1'. Expected non-negative value");
  const text = domain(`<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits='many'/></cpu>`);
  assert.equal(only(text, 'cpu-maxphysaddr-bits-invalid').message, "Invalid value for attribute 'bits' in element 'maxphysaddr': 'many'. Expected integer value");
  everyFixClean(text, 'cpu-maxphysaddr-bits-invalid');
  const zero = domain(`<cpu mode='host-passthrough'><maxphysaddr mode='passthrough' limit='0'/></cpu>`);
  assert.equal(only(zero, 'cpu-maxphysaddr-limit-invalid').message, "Invalid value for attribute 'limit' in element 'maxphysaddr': Zero is not permitted");
  assert.deepEqual(check(domain(`<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits='+40'/></cpu>`)), [['cpu-number-syntax', '+40']]);
  assert.deepEqual(check(domain(`<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits=' 40'/></cpu>`)), [['cpu-number-syntax', ' 40']]);
});

test('maxphysaddr: limit only with passthrough, bits only with emulate', () => {
  const limit = domain(`<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits='40' limit='39'/></cpu>`);
  assert.deepEqual(check(limit), [['cpu-maxphysaddr-limit-not-allowed', "limit='39'"]]);
  assert.equal(only(limit, 'cpu-maxphysaddr-limit-not-allowed').message, "attribute 'limit' is only supported for maxphysaddr mode 'passthrough'");
  assert.equal(fixes(limit, 'cpu-maxphysaddr-limit-not-allowed').apply(), domain(`<cpu><model>qemu64</model><maxphysaddr mode='emulate' bits='40'/></cpu>`));
  const bits = domain(`<cpu mode='maximum'><maxphysaddr mode='passthrough' bits='40'/></cpu>`);
  assert.deepEqual(check(bits), [
    ['cpu-mode-not-portable', 'maximum'],
    ['cpu-maxphysaddr-bits-not-allowed', "bits='40'"],
  ]);
  assert.equal(only(bits, 'cpu-maxphysaddr-bits-not-allowed').message, "CPU maximum physical address bits number specification cannot be used with mode='passthrough'");
  assert.deepEqual(everyFixClean(bits, 'cpu-maxphysaddr-bits-not-allowed'), ["Remove bits='40'", "Change mode to 'emulate' to keep bits"]);
  assert.deepEqual(check(domain(`<cpu mode='maximum'><maxphysaddr mode='passthrough' limit='39'/></cpu>`)), [['cpu-mode-not-portable', 'maximum']]);
});

// --- schema shape -------------------------------------------------------------------------

test('unknown child elements, with a rename for near misses', () => {
  const text = domain(`<cpu><model>qemu64</model><topolgy sockets='1' cores='2' threads='1'/><frequency mhz='3000'/></cpu>`);
  assert.deepEqual(check(text), [
    ['cpu-element-unknown', 'topolgy'],
    ['cpu-element-unknown', 'frequency'],
  ]);
  assert.match(only(text.replace('<frequency mhz=\'3000\'/>', ''), 'cpu-element-unknown').message, /not allowed in <cpu>.*schema/);
  const f = fixes(text, 'cpu-element-unknown');
  assert.equal(f.preferred, 'Rename to <topology>');
  assert.equal(f.apply(), domain(`<cpu><model>qemu64</model><topology sockets='1' cores='2' threads='1'/><frequency mhz='3000'/></cpu>`));
  assert.equal(fixes(text, 'cpu-element-unknown', 1).apply(), domain(`<cpu><model>qemu64</model><topolgy sockets='1' cores='2' threads='1'/></cpu>`));
  // A guest <arch> has its own explanation; children of leaf elements are unknown too.
  assert.match(only(domain(`<cpu><arch>x86_64</arch><model>qemu64</model></cpu>`), 'cpu-element-unknown').message, /host CPU/);
  assert.deepEqual(check(domain(`<cpu><model>qemu64<x/></model></cpu>`)), [['cpu-element-unknown', 'x']]);
});

test('unknown attributes on <cpu> and its children', () => {
  const text = domain(`<cpu mode='host-model' foo='bar'><feature polcy='require' name='sse2' note='x'/></cpu>`);
  assert.deepEqual(check(text), [
    ['cpu-feature-policy-missing', 'feature'],
    ['cpu-attribute-unknown', "foo='bar'"],
    ['cpu-attribute-unknown', "polcy='require'"],
    ['cpu-attribute-unknown', "note='x'"],
  ]);
  assert.equal(fixes(text, 'cpu-attribute-unknown').apply(), domain(`<cpu mode='host-model'><feature polcy='require' name='sse2' note='x'/></cpu>`));
  const rename = fixes(text, 'cpu-attribute-unknown', 1);
  assert.equal(rename.preferred, 'Rename to policy');
  assert.equal(rename.apply(), domain(`<cpu mode='host-model' foo='bar'><feature policy='require' name='sse2' note='x'/></cpu>`));
  assert.equal(only(text.replace(" note='x'", '').replace(" foo='bar'", ''), 'cpu-attribute-unknown').severity, DiagnosticSeverity.Error);
});

test('a second <model>, <topology> or <cpu> is ignored by libvirt and refused by the schema', () => {
  const text = domain(`<cpu>\n    <model>qemu64</model>\n    <model>Broadwell</model>\n  </cpu>`);
  assert.deepEqual(check(text), [['cpu-element-duplicate', 'model']]);
  const d = only(text, 'cpu-element-duplicate');
  assert.equal(d.range.start.line, 7);
  assert.match(d.message, /only one <model> is allowed in <cpu>.*schema/);
  assert.equal(fixes(text, 'cpu-element-duplicate').apply(), domain(`<cpu>\n    <model>qemu64</model>\n  </cpu>`));
  const topo = domain(`<cpu><topology sockets='1' cores='2' threads='1'/><topology sockets='1' cores='4' threads='1'/></cpu>`);
  assert.deepEqual(check(topo), [['cpu-element-duplicate', 'topology']]);
  const two = domain(`<cpu><model>qemu64</model></cpu>\n  <cpu mode='foo'><model>Haswell</model></cpu>`);
  assert.deepEqual(check(two), [['cpu-element-duplicate', 'cpu']]);
  everyFixClean(two, 'cpu-element-duplicate');
  // Features repeat freely.
  assert.deepEqual(check(domain(`<cpu><model>qemu64</model><feature policy='require' name='sse2'/><feature policy='require' name='pni'/></cpu>`)), []);
});

// --- Hyper-V vendor_id ------------------------------------------------------------------------

function hyperv(vendorId: string, mode = 'custom'): string {
  return domain(`<features><acpi/><hyperv mode='${mode}'>${vendorId}</hyperv></features>\n  <cpu><model>qemu64</model></cpu>`);
}

test('Hyper-V vendor_id: at most 12 characters, no comma, a value when on', () => {
  const long = hyperv(`<vendor_id state='on' value='KVMKVMKVMKVMX'/>`);
  assert.deepEqual(check(long), [['hyperv-vendor-id-invalid', 'KVMKVMKVMKVMX']]);
  assert.equal(only(long, 'hyperv-vendor-id-invalid').message, 'HyperV vendor_id value must not be more than 12 characters.');
  assert.equal(fixes(long, 'hyperv-vendor-id-invalid').apply(), hyperv(`<vendor_id state='on' value='KVMKVMKVMKVM'/>`));
  everyFixClean(long, 'hyperv-vendor-id-invalid');
  const comma = hyperv(`<vendor_id state='on' value='KVM,KVM'/>`);
  assert.equal(only(comma, 'hyperv-vendor-id-invalid').message, 'HyperV vendor_id value is invalid');
  const missing = hyperv(`<vendor_id state='on'/>`);
  assert.equal(only(missing, 'hyperv-vendor-id-invalid').message, "missing 'value' attribute for HyperV feature 'vendor_id'");
  assert.equal(fixes(missing, 'hyperv-vendor-id-invalid').apply(), hyperv(`<vendor_id state='on' value='Microsoft Hv'/>`));
  // Shorter than 12 is fine here, unlike <model vendor_id>; so is an empty value.
  assert.deepEqual(check(hyperv(`<vendor_id state='on' value='KVMKVM'/>`)), []);
  assert.deepEqual(check(hyperv(`<vendor_id state='on' value=''/>`)), []);
});

test('Hyper-V vendor_id: switched off, only the schema checks it', () => {
  const off = hyperv(`<vendor_id state='off' value='KVMKVMKVMKVMX'/>`);
  assert.match(only(off, 'hyperv-vendor-id-invalid').message, /schema/);
  assert.deepEqual(check(hyperv(`<vendor_id state='off'/>`)), []);
  // libvirt counts bytes, the schema characters.
  assert.match(only(hyperv(`<vendor_id state='on' value='ÄÄÄÄÄÄÄ'/>`), 'hyperv-vendor-id-invalid').message, /counts bytes/);
});

// --- scope -------------------------------------------------------------------------------------

test('only domain guest CPUs are checked', () => {
  assert.deepEqual(check(`<cpu mode='foo'><model>qemu64</model></cpu>`), []);
  assert.deepEqual(check(`<capabilities><host><cpu><arch>x86_64</arch><model>Skylake-Client</model><topology sockets='1' cores='4' threads='2'/></cpu></host></capabilities>`), []);
});

test('broken markup does not throw and still checks what it can', () => {
  for (const text of [
    domain(`<cpu mode=`),
    domain(`<cpu mode='custom'><topology sockets='1' cores`),
    domain(`<cpu><feature policy='require' name`),
    domain(`<cpu><model vendor_id='x`),
    `<domain><cpu mode='x'>`,
  ]) {
    assert.doesNotThrow(() => check(text), text);
  }
});

test('severities match the code table', () => {
  const text = domain(`<cpu mode='host-passthrough' match='exact'><model>qemu64</model></cpu>`);
  for (const d of diagnostics(text).list.filter((x) => mine.has(String(x.code)))) assert.equal(d.severity, severity(String(d.code)), String(d.code));
});
