// Host files of non-x86 hosts, as libvirt's own test data has them (domaincapsdata for
// aarch64, ppc64 and s390x; vircaps2xmldata for an aarch64 host without a model), load
// and drive the host checks of guests of the same arch.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/src/languageService';
import { readHosts, type HostCpu } from '../../server/src/hosts/hostCpu';
import { isArchHost } from '../../server/src/hosts/archHosts';
import { service } from '../helpers/engine';

const tests = join(process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0'), 'tests');
const have = existsSync(join(tests, 'domaincapsdata'));

function hostsOf(rel: string): HostCpu[] {
  const r = readHosts(readFileSync(join(tests, rel), 'utf8'), rel);
  assert.deepEqual(r.problems, [], rel);
  return r.hosts;
}

function findings(hosts: HostCpu[], arch: string, cpu: string, type = 'kvm'): string[] {
  const svc = new LanguageService(service().catalog, service().settings);
  svc.hosts = hosts;
  const xml = `<domain type='${type}'><name>t</name><memory unit='MiB'>512</memory><vcpu>2</vcpu><os><type arch='${arch}'>hvm</type></os>${cpu}</domain>`;
  const doc = svc.parse(TextDocument.create('file:///h.xml', 'xml', 1, xml));
  return svc
    .doValidation(doc)
    .filter((d) => d.code === 'cpu-arch-host-incompatible')
    .map((d) => String(d.message));
}

test('non-x86 host files load', (t) => {
  if (!have) return t.skip('libvirt source tree not found');
  for (const [rel, arch] of [
    ['domaincapsdata/qemu_8.2.0-virt.aarch64.xml', 'aarch64'],
    ['domaincapsdata/qemu_7.1.0.ppc64.xml', 'ppc64'],
    ['domaincapsdata/qemu_10.0.0.s390x.xml', 's390x'],
    ['vircaps2xmldata/vircaps-aarch64-basic.xml', 'aarch64'],
  ]) {
    const [h] = hostsOf(rel);
    assert.equal(h.arch, arch, rel);
    assert.ok(isArchHost(h), rel);
  }
});

test('aarch64 and ppc64 domain capabilities: models and modes their QEMU offers', (t) => {
  if (!have) return t.skip('libvirt source tree not found');
  const arm = hostsOf('domaincapsdata/qemu_8.2.0-virt.aarch64.xml');
  assert.deepEqual(findings(arm, 'aarch64', `<cpu mode='custom'><model>cortex-a57</model></cpu>`), []);
  assert.deepEqual(findings(arm, 'aarch64', `<cpu mode='host-passthrough'/>`), []);
  assert.match(findings(arm, 'aarch64', `<cpu mode='host-model'/>`)[0], /CPU mode 'host-model' is not supported by the hypervisor there/);
  const ppc = hostsOf('domaincapsdata/qemu_7.1.0.ppc64.xml');
  assert.deepEqual(findings(ppc, 'ppc64', `<cpu mode='custom'><model>POWER9</model></cpu>`), []);
  assert.match(findings(ppc, 'ppc64', `<cpu mode='maximum'/>`)[0], /mode 'maximum' is not supported/);
  // another arch's host is not consulted
  assert.deepEqual(findings(ppc, 'aarch64', `<cpu mode='host-model'/>`), []);
});

test('s390x domain capabilities: usability and blockers of a KVM host', (t) => {
  if (!have) return t.skip('libvirt source tree not found');
  const z = hostsOf('domaincapsdata/qemu_10.0.0.s390x.xml');
  const text = readFileSync(join(tests, 'domaincapsdata/qemu_10.0.0.s390x.xml'), 'utf8');
  const unusable = /<model usable='no'[^>]*>([^<]+)</.exec(text)?.[1];
  assert.ok(unusable, 'the file lists an unusable model');
  assert.match(findings(z, 's390x', `<cpu mode='custom'><model>${unusable}</model></cpu>`)[0], new RegExp(`QEMU reports ${unusable} not usable there \\(missing: `));
  assert.deepEqual(findings(z, 's390x', `<cpu mode='custom'><model>gen15a</model></cpu>`), []);
  assert.match(findings(z, 's390x', `<cpu mode='custom'><model>z15</model></cpu>`)[0], /its QEMU does not offer CPU model z15/);
  // TCG domains are not held to what KVM can run
  assert.deepEqual(findings(z, 's390x', `<cpu mode='custom'><model>${unusable}</model></cpu>`, 'qemu'), []);
});

test('ppc64 host capabilities: a KVM guest must name the host POWER model', () => {
  const caps = `<capabilities><host><cpu><arch>ppc64le</arch><model>POWER9</model><vendor>IBM</vendor></cpu></host></capabilities>`;
  const hosts = readHosts(caps, 'power9-host.xml').hosts;
  assert.equal(hosts.length, 1);
  assert.match(findings(hosts, 'ppc64le', `<cpu mode='custom'><model>POWER8</model></cpu>`)[0], /host CPU model does not match required CPU model POWER8/);
  assert.deepEqual(findings(hosts, 'ppc64le', `<cpu mode='custom'><model>POWER9</model></cpu>`), []);
  assert.deepEqual(findings(hosts, 'ppc64le', `<cpu mode='custom' check='none'><model>POWER8</model></cpu>`), []);
});
