// The network interface family: MAC addresses, virtio queue sizes with the
// nearest power of two as the fix, the tap backend, port forwarding and
// vhost-user's shared memory. Settled on libvirt 11.3 (differential corpus).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codesOf, findingOf, findings, guest } from '../helpers/rules';
import { interfaceCodes } from '../../server/src/rules/interfaces/codes';

const ours = codesOf(interfaceCodes);
const nic = (inner: string, type = 'user') => `<interface type='${type}'>\n      ${inner}\n    </interface>`;

test('MAC addresses: unreadable and multicast, with the unicast one as the fix', () => {
  assert.deepEqual(findings(guest(nic("<mac address='52:54:00:12:34'/><model type='virtio'/>")), ours), [['interface-mac-invalid', '52:54:00:12:34']]);
  assert.deepEqual(findings(guest(nic("<mac address='52-54-00-12-34-56'/>")), ours), [['interface-mac-invalid', '52-54-00-12-34-56']]);
  const multi = guest(nic("<mac address='01:00:5e:00:00:01'/><model type='virtio'/>"));
  assert.deepEqual(findings(multi, ours), [['interface-mac-multicast', '01:00:5e:00:00:01']]);
  assert.equal(findingOf(multi, 'interface-mac-multicast').message, "expected unicast mac address, found multicast '01:00:5e:00:00:01'");
  const fixed = applyFix(multi, 'interface-mac-multicast');
  assert.ok(fixed.after.includes("address='00:00:5e:00:00:01'"));
  assert.deepEqual(fixed.remaining.filter((c) => ours.has(c)), []);
  for (const mac of ['52:54:00:12:34:56', '4:4:0:1:3:5', '02:00:00:00:00:01']) assert.deepEqual(findings(guest(nic(`<mac address='${mac}'/>`)), ours), [], mac);
});

test('virtio queue sizes are powers of two', () => {
  const q = (size: string, model = 'virtio') => guest(nic(`<source network='default'/><model type='${model}'/><driver name='vhost' rx_queue_size='${size}'/>`, 'network'));
  assert.deepEqual(findings(q('511'), ours), [['interface-queue-size', '511']]);
  assert.equal(findingOf(q('511'), 'interface-queue-size').message, 'rx_queue_size has to be a power of two');
  assert.equal(applyFix(q('511'), 'interface-queue-size').preferred, "Change rx_queue_size to '512'");
  assert.equal(applyFix(q('300'), 'interface-queue-size').preferred, "Change rx_queue_size to '256'");
  assert.deepEqual(findings(q('512'), ours), []);
  assert.deepEqual(findings(q('511', 'e1000e'), ours), []); // only virtio models read it
});

test('tap backend, port forwarding, vhost-user', () => {
  const vu = (extra = '') => nic(`<mac address='52:54:00:12:34:56'/><source type='unix' path='/tmp/vhost.sock' mode='server'/><model type='virtio'/>${extra}`, 'vhostuser');
  const shared = { top: "<memoryBacking><access mode='shared'/></memoryBacking>" };
  assert.deepEqual(findings(guest(vu(), shared), ours), []);
  const noShm = guest(vu());
  assert.deepEqual(findings(noShm, ours), [['interface-vhostuser-memory', 'vhostuser']]);
  const fixed = applyFix(noShm, 'interface-vhostuser-memory');
  assert.ok(fixed.after.includes("<memoryBacking>\n    <access mode='shared'/>\n  </memoryBacking>"), fixed.after);
  assert.deepEqual(fixed.remaining.filter((c) => ours.has(c)), []);
  assert.deepEqual(findings(guest(vu("<backend tap='/dev/net/tun'/>"), shared), ours), [['interface-tap-backend', '/dev/net/tun']]);
  assert.deepEqual(findings(guest(nic("<source network='default'/><model type='virtio'/><backend tap='/dev/net/tun'/>", 'network')), ours), []);
  assert.deepEqual(findings(guest(nic("<model type='virtio'/><portForward proto='tcp'><range start='2222' to='22'/></portForward>")), ours), [['interface-port-forward', 'portForward']]);
  assert.deepEqual(findings(guest(nic("<model type='virtio'/><backend type='passt'/><portForward proto='tcp'><range start='2222' to='22'/></portForward>")), ours), []);
  assert.deepEqual(findings(guest(vu().replace("<model type='virtio'/>", "<model type='e1000e'/>"), shared), ours), [['interface-model-vhostuser', 'e1000e']]);
});
