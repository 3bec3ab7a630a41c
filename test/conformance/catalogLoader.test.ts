// The catalog the server and CLI choose: bundled by default, the host's
// cpu_map when asked, reusing the bundled data when the files are identical,
// parsing them when they differ, and falling back with a reason on failure.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseCatalog } from '../../server/src/io/catalogLoader';

const dataDir = join(process.cwd(), 'data');
const cpuMapDir = join(process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0'), 'src/cpu_map');

test('bundled unless the host is asked for', () => {
  const { info } = chooseCatalog({ useHost: false, dataDir });
  assert.equal(info.kind, 'bundled');
  assert.equal(info.models, 150);
});

test('an identical cpu_map reuses the bundled data', (t) => {
  if (!existsSync(cpuMapDir)) return t.skip(`libvirt source not found at ${cpuMapDir}`);
  const bundled = chooseCatalog({ useHost: false, dataDir });
  const host = chooseCatalog({ useHost: true, cpuMapPath: cpuMapDir, dataDir });
  assert.equal(host.info.kind, 'host');
  assert.equal(host.info.origin, cpuMapDir);
  assert.deepEqual(host.catalog.data.archs, bundled.catalog.data.archs);
  assert.equal(host.catalog.data.source.fingerprint, bundled.catalog.data.source.fingerprint);
});

test('a different cpu_map is parsed, and a broken one falls back with a reason', (t) => {
  if (!existsSync(cpuMapDir)) return t.skip(`libvirt source not found at ${cpuMapDir}`);
  const dir = mkdtempSync(join(tmpdir(), 'cpumap-'));
  try {
    cpSync(cpuMapDir, dir, { recursive: true });
    const features = join(dir, 'x86_features.xml');
    writeFileSync(features, readFileSync(features, 'utf8').replace("<feature name='invtsc' migratable='no'>", "<feature name='invtsc'>"));
    const changed = chooseCatalog({ useHost: true, cpuMapPath: dir, dataDir });
    assert.equal(changed.info.kind, 'host');
    assert.equal(changed.catalog.getFeature('x86', 'invtsc')?.migratable, undefined);
    writeFileSync(features, '<cpus><feature name=');
    const broken = chooseCatalog({ useHost: true, cpuMapPath: dir, dataDir });
    assert.equal(broken.info.kind, 'bundled');
    assert.match(broken.info.fallbackReason ?? '', /x86_features\.xml/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
