// The large-guest IOMMU family: more than 255 vCPUs on x86 q35 need an IOMMU
// with extended interrupt mode. Each case was run on libvirt 11.3 (define +
// dumpxml --inactive, and domxml-to-native): libvirt adds an intel IOMMU when
// there is none, fills eim/intremap into an intel one, refuses the rest.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findingOf, findings } from '../helpers/rules';
import { iommuCodes } from '../../server/src/rules/iommu/codes';

const ours = new Set(Object.keys(iommuCodes));

/** A QEMU q35 domain with `n` vCPUs (a matching topology) and `devices` (omitted: no <devices> at all). */
function dom(n: number, devices?: string, machine = 'q35', type = 'qemu'): string {
  const dev = devices === undefined ? '' : `  <devices>\n${devices}  </devices>\n`;
  return (
    `<domain type='${type}'>\n  <name>t</name>\n  <memory unit='MiB'>512</memory>\n  <vcpu>${n}</vcpu>\n` +
    `  <os><type arch='x86_64' machine='${machine}'>hvm</type></os>\n` +
    `  <cpu mode='custom' match='exact'><model>qemu64</model><topology sockets='1' dies='1' clusters='1' cores='${n}' threads='1'/></cpu>\n${dev}</domain>\n`
  );
}

test('vcpu-iommu-added: more than 255 vCPUs on q35 without an <iommu>', () => {
  assert.deepEqual(findings(dom(256, ''), ours), [['vcpu-iommu-added', 'vcpu']]);
  const f = findingOf(dom(300), 'vcpu-iommu-added');
  assert.equal(f.severity, 2);
  assert.match(f.message, /libvirt adds <iommu model='intel'> with intremap='on' and eim='on'/);
  // The fix writes what libvirt would add, inside <devices> or in a new one.
  const into = applyFix(dom(256, "    <disk type='file' device='disk'/>\n"), 'vcpu-iommu-added');
  assert.equal(into.preferred, "Add the <iommu model='intel'> libvirt adds");
  assert.ok(into.after.includes("    <disk type='file' device='disk'/>\n    <iommu model='intel'>\n      <driver intremap='on' eim='on'/>\n    </iommu>\n  </devices>"), into.after);
  assert.ok(!into.remaining.some((c) => ours.has(c)), into.remaining.join());
  const fresh = applyFix(dom(256), 'vcpu-iommu-added');
  assert.ok(fresh.after.includes("  <devices>\n    <iommu model='intel'>\n      <driver intremap='on' eim='on'/>\n    </iommu>\n  </devices>\n</domain>"), fresh.after);
  assert.ok(!fresh.remaining.some((c) => ours.has(c)));
  const selfClosing = applyFix(dom(256).replace('</domain>', '  <devices/>\n</domain>'), 'vcpu-iommu-added');
  assert.ok(selfClosing.after.includes("<devices>\n    <iommu model='intel'>"), selfClosing.after);
});

test('quiet where libvirt adds nothing and refuses nothing', () => {
  for (const text of [
    dom(255), // the limit itself needs no EIM
    dom(256, "    <iommu model='intel'/>\n"), // libvirt fills intremap and eim
    dom(256, "    <iommu model='intel'><driver caching_mode='on'/></iommu>\n"),
    dom(256, "    <iommu model='intel'><driver intremap='on' eim='on'/></iommu>\n"),
    dom(300, undefined, 'pc-i440fx-10.0'), // not q35: another rule speaks
    dom(300, undefined, 'pc-q35-10.0').replace("arch='x86_64'", "arch='aarch64'"), // not x86
    dom(300, undefined, 'q35', 'xen'), // not the QEMU driver
    dom(300).replace("<vcpu>300</vcpu>", '<vcpu>30x</vcpu>'), // unreadable count: the vcpu rules speak
  ]) {
    assert.deepEqual(findings(text, ours), [], text);
  }
  // A machine name starting with pc-q35- is q35 too.
  assert.deepEqual(findings(dom(256, undefined, 'pc-q35-10.0'), ours), [['vcpu-iommu-added', 'vcpu']]);
});

test('vcpu-iommu-eim-required: an IOMMU whose extended interrupt mode cannot be on', () => {
  assert.deepEqual(findings(dom(256, "    <iommu model='virtio'/>\n"), ours), [['vcpu-iommu-eim-required', 'iommu']]);
  assert.deepEqual(findings(dom(256, "    <iommu model='smmuv3'/>\n"), ours), [['vcpu-iommu-eim-required', 'iommu']]);
  const off = dom(256, "    <iommu model='intel'><driver eim='off'/></iommu>\n");
  const f = findingOf(off, 'vcpu-iommu-eim-required');
  assert.equal(f.severity, 1);
  assert.equal(f.covered, 'off');
  assert.match(f.message, /^more than 255 vCPUs require extended interrupt mode enabled on the iommu device$/);
  const fixed = applyFix(off, 'vcpu-iommu-eim-required');
  assert.equal(fixed.preferred, "Change eim to 'on'");
  assert.ok(!fixed.remaining.some((c) => ours.has(c)));
  const noRemap = dom(256, "    <iommu model='intel'><driver intremap='off'/></iommu>\n");
  assert.equal(findingOf(noRemap, 'vcpu-iommu-eim-required').message, 'IOMMU eim requires interrupt remapping to be enabled');
  assert.ok(!applyFix(noRemap, 'vcpu-iommu-eim-required').remaining.some((c) => ours.has(c)));
});
