// The silent-rewrite family: an interface without type, a current memory
// above the maximum, video memory that is not a power of two. Each was found
// with virsh define + dumpxml --inactive on libvirt 11.3, and each fixed text
// defines to the same thing it says.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codesOf, findingOf, findings, guest } from '../helpers/rules';
import { dropCodes } from '../../server/src/rules/drops/codes';

const ours = codesOf(dropCodes);

test('an interface without type becomes user and loses its source', () => {
  const text = guest("<interface>\n      <source network='default'/>\n      <model type='virtio'/>\n    </interface>");
  assert.deepEqual(findings(text, ours), [['interface-type-missing', 'interface']]);
  const f = findingOf(text, 'interface-type-missing');
  assert.equal(f.severity, 2);
  assert.equal(f.message, "An <interface> without type is defined as type='user', and its <source> is dropped");
  const fixed = applyFix(text, 'interface-type-missing');
  assert.ok(fixed.after.includes("<interface type='network'>"), fixed.after);
  assert.deepEqual(fixed.remaining.filter((c) => ours.has(c)), []);
  assert.equal(applyFix(guest("<interface><model type='virtio'/></interface>"), 'interface-type-missing').preferred, "Set type to 'user'");
});

test('currentMemory above memory is lowered to it', () => {
  const text = guest('', { top: "<currentMemory unit='GiB'>1</currentMemory>" });
  assert.deepEqual(findings(text, ours), [['memory-current-clamped', 'currentMemory']]);
  const fixed = applyFix(text, 'memory-current-clamped');
  assert.ok(fixed.after.includes("<currentMemory unit='MiB'>512</currentMemory>"), fixed.after);
  assert.deepEqual(fixed.remaining.filter((c) => ours.has(c)), []);
  assert.deepEqual(findings(guest('', { top: "<currentMemory unit='MiB'>256</currentMemory>" }), ours), []);
});

test('video memory rounds up to a power of two', () => {
  const text = guest("<video><model type='virtio' vram='10000'/></video>");
  assert.deepEqual(findings(text, ours), [['video-ram-rounded', '10000']]);
  assert.equal(applyFix(text, 'video-ram-rounded').preferred, "Change vram to '16384'");
  assert.deepEqual(findings(guest("<video><model type='virtio' vram='16384'/></video>"), ours), []);
});
