// The CPU-area schema table: lookups by path, the table's own consistency
// (docs are single lines, since-versions parse, children resolve), and versions.
// Its agreement with the grammar is cpuAreaGrammar.test.ts's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attributeSpec,
  childSpecs,
  compareVersions,
  domainSchema,
  elementSpec,
  modelIntroducedIn,
  modelSince,
  parseVersion,
  valueSpec,
} from '../../server/src/domain/schema';

const paths = Object.keys(domainSchema);

test('lookups by path, attribute and value', () => {
  assert.equal(elementSpec('domain/cpu/topology')?.name, 'topology');
  assert.equal(attributeSpec('domain/cpu/topology', 'dies')?.since, '6.1.0');
  assert.equal(attributeSpec('domain/cpu/topology', 'clusters')?.since, '10.1.0');
  assert.equal(attributeSpec('domain/cpu/topology', 'sockets')?.required, true);
  assert.equal(valueSpec('domain/cpu', 'mode', 'maximum')?.since, '7.1.0');
  assert.equal(attributeSpec('domain/cpu', 'migratable')?.since, '6.5.0');
  assert.equal(elementSpec('domain/cpu/maxphysaddr')?.since, '8.7.0');
  assert.equal(attributeSpec('domain/cpu/maxphysaddr', 'limit')?.since, '9.3.0');
  assert.equal(attributeSpec('domain/cpu', 'check')?.since, '3.2.0');
  assert.equal(elementSpec('domain/cpu/cache')?.since, '3.3.0');
  assert.equal(elementSpec('domain/vcpus')?.since, '2.2.0');
  assert.equal(attributeSpec('domain/cpu', 'deprecated_features')?.since, '11.0.0');
  assert.equal(attributeSpec('domain/cputune/vcpupin', 'cpuset')?.kind, 'cpuset');
});

test('the same element name means different things at different paths', () => {
  assert.deepEqual(
    elementSpec('domain/cpu/cache')!.attributes.map((a) => a.name),
    ['level', 'mode'],
  );
  assert.deepEqual(
    elementSpec('domain/cpu/numa/cell/cache')!.attributes.map((a) => a.name),
    ['level', 'associativity', 'policy'],
  );
  assert.deepEqual(
    elementSpec('domain/cputune/cachetune/cache')!.attributes.map((a) => a.name),
    ['id', 'level', 'type', 'size', 'unit'],
  );
  assert.equal(elementSpec('domain/vcpu')!.text?.kind, 'uint');
  assert.equal(elementSpec('domain/vcpus/vcpu')!.text, undefined);
});

test('unknown paths, attributes and values give undefined or empty', () => {
  assert.equal(elementSpec('domain/devices'), undefined);
  assert.equal(elementSpec('cpu'), undefined);
  assert.equal(elementSpec('toString'), undefined);
  assert.equal(elementSpec('__proto__'), undefined);
  assert.equal(attributeSpec('domain/cpu', 'bogus'), undefined);
  assert.equal(attributeSpec('domain/nowhere', 'mode'), undefined);
  assert.equal(valueSpec('domain/cpu', 'mode', 'Custom'), undefined);
  assert.deepEqual(childSpecs('domain/nowhere'), []);
  assert.deepEqual(childSpecs('domain/cpu/topology'), []);
});

test('childSpecs lists the children in table order', () => {
  assert.deepEqual(
    childSpecs('domain/cpu').map((c) => c.name),
    ['model', 'vendor', 'topology', 'feature', 'numa', 'cache', 'maxphysaddr'],
  );
  assert.deepEqual(
    childSpecs('domain').map((c) => c.name),
    ['vcpu', 'vcpus', 'iothreads', 'iothreadids', 'defaultiothread', 'cputune', 'numatune', 'cpu'],
  );
  assert.equal(childSpecs('domain/cputune').length, 17);
});

test('every path ends in its element name and every child has an entry', () => {
  for (const path of paths) {
    const spec = domainSchema[path];
    assert.equal(path.split('/').pop(), spec.name, path);
    for (const child of spec.children) assert.ok(elementSpec(`${path}/${child}`), `${path}/${child}`);
    if (path !== 'domain') {
      const parent = path.slice(0, path.lastIndexOf('/'));
      assert.ok(elementSpec(parent)?.children.includes(spec.name), `${parent} lists ${spec.name}`);
    }
  }
});

test('docs are non-empty single lines, attribute and value names unique', () => {
  const checkDoc = (where: string, doc: string) => {
    assert.ok(doc.trim().length > 0, `${where}: empty doc`);
    assert.ok(!/[\r\n]/.test(doc), `${where}: doc spans lines`);
    assert.equal(doc, doc.trim(), `${where}: doc has surrounding blanks`);
  };
  for (const path of paths) {
    const spec = domainSchema[path];
    checkDoc(path, spec.doc);
    if (spec.text?.doc !== undefined) checkDoc(`${path} text`, spec.text.doc);
    const names = spec.attributes.map((a) => a.name);
    assert.equal(new Set(names).size, names.length, `${path}: duplicate attribute`);
    assert.equal(new Set(spec.children).size, spec.children.length, `${path}: duplicate child`);
    for (const a of spec.attributes) {
      checkDoc(`${path}@${a.name}`, a.doc);
      if (a.parserDiffers !== undefined) checkDoc(`${path}@${a.name} parserDiffers`, a.parserDiffers);
      if (a.kind === 'enum' || a.kind === 'yesno' || a.kind === 'onoff') {
        assert.ok(a.values && a.values.length > 0, `${path}@${a.name}: enum without values`);
      }
      const values = (a.values ?? []).map((v) => v.value);
      assert.equal(new Set(values).size, values.length, `${path}@${a.name}: duplicate value`);
      for (const v of a.values ?? []) checkDoc(`${path}@${a.name}=${v.value}`, v.doc);
      if (a.default !== undefined && a.values) {
        assert.ok(values.includes(a.default), `${path}@${a.name}: default ${a.default} not a value`);
      }
      if (a.min !== undefined && a.max !== undefined) assert.ok(a.min <= a.max, `${path}@${a.name}: min > max`);
    }
  }
});

test('every since-version parses and a value is never older than its attribute', () => {
  const versions: string[] = [];
  for (const path of paths) {
    const spec = domainSchema[path];
    if (spec.since) versions.push(spec.since);
    for (const a of spec.attributes) {
      if (a.since) versions.push(a.since);
      if (a.optionalSince) versions.push(a.optionalSince);
      for (const v of a.values ?? []) {
        if (!v.since) continue;
        versions.push(v.since);
        if (a.since) assert.ok(compareVersions(v.since, a.since) > 0, `${path}@${a.name}=${v.value}`);
      }
      if (a.since && spec.since) assert.ok(compareVersions(a.since, spec.since) >= 0, `${path}@${a.name}`);
    }
  }
  versions.push(...Object.values(modelSince));
  assert.ok(versions.length > 50);
  for (const v of versions) {
    assert.match(v, /^\d+\.\d+\.\d+$/, v);
    assert.ok(parseVersion(v), v);
    assert.ok(compareVersions(v, '11.3.0') <= 0, `${v} is newer than the libvirt the table describes`);
  }
});

test('a child element is never older than its parent', () => {
  for (const path of paths) {
    const spec = domainSchema[path];
    for (const child of childSpecs(path)) {
      if (spec.since && child.since) assert.ok(compareVersions(child.since, spec.since) >= 0, `${path}/${child.name}`);
    }
  }
});

test('parseVersion and compareVersions', () => {
  assert.deepEqual(parseVersion('9.0.0'), [9, 0, 0]);
  assert.deepEqual(parseVersion('10.1'), [10, 1, 0]);
  assert.deepEqual(parseVersion(' 8 '), [8, 0, 0]);
  for (const bad of ['', 'v9.0.0', '9.0.0.1', '9..0', 'nine', '9.0.0-rc1', '99999.0.0']) {
    assert.equal(parseVersion(bad), undefined, bad);
  }
  assert.ok(compareVersions('6.1.0', '5.10.0') > 0);
  assert.ok(compareVersions('10.1.0', '9.10.0') > 0);
  assert.ok(compareVersions('9.2', '9.2.0') === 0);
  assert.ok(compareVersions('9.2.1', '9.2.0') > 0);
  assert.ok(compareVersions('junk', '1.0.0') < 0);
});

test('models with a known first release', () => {
  assert.equal(modelIntroducedIn('EPYC-Rome'), '6.9.0');
  assert.equal(modelIntroducedIn('Skylake-Server-v4'), '10.10.0');
  assert.equal(modelIntroducedIn('Haswell'), undefined);
  assert.equal(modelIntroducedIn('constructor'), undefined);
});
