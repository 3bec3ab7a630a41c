// Code-scanning outputs of the CLI: SARIF 2.1.0 checked against the OASIS
// schema (test/fixtures/sarif), with what GitHub code scanning needs (rules
// with help for every code, %SRCROOT%-relative paths, fingerprints stable
// across line shifts), and GitHub Actions workflow-command annotations with
// GitHub's escaping.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoFile } from '../helpers/fixtures';
import { validateSchema } from '../helpers/jsonSchema';
import { domain, runCli, tree } from '../helpers/cli';
import { diagnosticCodes } from '../../server/src/rules/index';
import { escapeData, escapeProperty, toGithub } from '../../server/src/cli/report';
import { fingerprintKey } from '../../server/src/cli/sarif';

const schema = JSON.parse(readFileSync(repoFile('test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;

interface SarifLog {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; help: { text: string; markdown: string }; helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }> } };
    results: Array<{ ruleId: string; ruleIndex: number; level: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }> }>;
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: unknown[] }>;
  }>;
}

test('the schema validator rejects what the SARIF schema forbids (it can fail)', () => {
  assert.deepEqual(validateSchema(schema, { version: '2.1.0', runs: [] }), []);
  assert.ok(validateSchema(schema, { version: '2.0.0', runs: [] }).length > 0, 'wrong version');
  assert.ok(validateSchema(schema, { version: '2.1.0' }).length > 0, 'runs missing');
  assert.ok(validateSchema(schema, { version: '2.1.0', runs: [{ tool: { driver: {} } }] }).length > 0, 'driver without name');
  const bad = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] };
  assert.match(validateSchema(schema, bad).join('\n'), /startLine: 0 < minimum 1/);
  assert.match(validateSchema(schema, { version: '2.1.0', runs: [], extra: 1 }).join('\n'), /'extra' is not allowed/);
  assert.throws(() => validateSchema({ allOf: [] }, {}), /not supported/);
});

test('SARIF output is valid 2.1.0, with a rule and help for every code and %SRCROOT%-relative paths', () => {
  const dir = tree({ 'vms/a.xml': domain('a', 'Skylake-Clinet'), 'vms/b c.xml': domain('b', 'Haswel'), 'vms/ok.xml': domain('ok') });
  const r = runCli(['--format', 'sarif', 'vms', 'vms/gone.xml'], dir);
  assert.equal(r.status, 2, 'the missing file makes it a failed run');
  const log = JSON.parse(r.stdout) as SarifLog;
  assert.deepEqual(validateSchema(schema, log), []);
  const run = log.runs[0];
  const rules = run.tool.driver.rules;
  assert.deepEqual(
    rules.map((x) => x.id),
    Object.keys(diagnosticCodes),
  );
  for (const rule of rules) {
    assert.ok(rule.shortDescription.text.length > 5 && rule.help.text.includes(rule.shortDescription.text) && rule.help.markdown.length > 0, rule.id);
    assert.match(rule.helpUri, /^https:\/\/github\.com\/libvirt-xml\/libvirt-xml#diagnostic-codes$/);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  assert.equal(run.results.length, 2);
  for (const res of run.results) {
    assert.equal(rules[res.ruleIndex].id, res.ruleId);
    assert.equal(res.level, 'error');
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.match(res.partialFingerprints[fingerprintKey], /^[0-9a-f]{14}:0$/);
  }
  assert.deepEqual(
    run.results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri),
    ['vms/a.xml', 'vms/b%20c.xml'],
  );
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${dir}/`);
  assert.equal(run.invocations[0].executionSuccessful, false);
  assert.equal(run.invocations[0].toolExecutionNotifications.length, 1);

  // Lines added above: same fingerprints, new line numbers.
  writeFileSync(join(dir, 'vms/a.xml'), '\n\n\n' + domain('a', 'Skylake-Clinet'));
  const shifted = JSON.parse(runCli(['--format', 'sarif', 'vms'], dir).stdout) as SarifLog;
  const [before, after] = [run.results[0], shifted.runs[0].results[0]];
  assert.equal(after.partialFingerprints[fingerprintKey], before.partialFingerprints[fingerprintKey]);
  assert.equal(after.locations[0].physicalLocation.region.startLine, before.locations[0].physicalLocation.region.startLine + 3);
  assert.equal(shifted.runs[0].invocations[0].executionSuccessful, true);
});

test('SARIF for a clean run and for files outside the current directory is valid too', () => {
  const dir = tree({ 'inside/ok.xml': domain('ok'), 'outside/bad.xml': domain('bad', 'Skylake-Clinet') });
  const clean = JSON.parse(runCli(['--format', 'sarif', 'ok.xml'], join(dir, 'inside')).stdout) as SarifLog;
  assert.deepEqual(validateSchema(schema, clean), []);
  assert.equal(clean.runs[0].results.length, 0);
  const outside = JSON.parse(runCli(['--format', 'sarif', '../outside/bad.xml'], join(dir, 'inside')).stdout) as SarifLog;
  assert.deepEqual(validateSchema(schema, outside), []);
  const loc = outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
  assert.equal(loc.uriBaseId, undefined);
  assert.equal(loc.uri, `file://${dir}/outside/bad.xml`);
});

test('GitHub annotations: one workflow command per problem, escaped as GitHub toolkit does', () => {
  assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
  assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  const dir = tree({ 'vms/a,b:c.xml': domain('a', 'Skylake-Clinet'), 'vms/w.xml': domain('w').replace('<vcpu>2</vcpu>', "<vcpu placement='static' current='4'>2</vcpu>") });
  const r = runCli(['--format', 'github', 'vms'], dir);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^::error file=vms\/a%2Cb%3Ac\.xml,line=9,col=12,endLine=9,endColumn=26,title=libvirt-xml cpu-model-unknown::Unknown CPU model Skylake-Clinet/);
  assert.ok(lines.slice(0, -1).every((l) => /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+(,endColumn=\d+)?,title=[^,:]+::\S/.test(l)), r.stdout);
  assert.match(lines.at(-1)!, /in 2 files: 2 domains$/);
  // Messages with newlines or percent signs stay on one line.
  const out = toGithub({
    checked: [{ file: 'x.xml', fingerprints: ['f'], diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } }, severity: 3, code: 'c', message: '100%\nsure' }] }],
    skipped: 0,
    failed: 0,
    inBaseline: 0,
  });
  assert.equal(out.split('\n')[0], '::notice file=x.xml,line=1,col=1,endLine=3,title=libvirt-xml c::100%25%0Asure');
});
