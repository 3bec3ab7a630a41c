// The documentation links of grammar hovers (data/grammar.json `docs`, used by
// features/grammarDocs.ts): every recorded anchor is a real section anchor of
// its libvirt.org page (derived from the page's .rst the way docutils does:
// test/helpers/rstAnchors.ts, which gives the same ids as docutils 0.19 on all
// 92 pages of libvirt 11.3's docs/), and well-known elements link their own section.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { docsUrl } from '../../server/src/features/grammarDocs';
import { parseXml } from '../../server/src/xml/parser';
import type { XmlElement } from '../../server/src/xml/nodes';
import { libvirtSrc } from '../helpers/schemaCorpus';
import { docutilsId, rstAnchors, rstSections, titleText, anchoredSections } from '../helpers/rstAnchors';

const docsDir = join(libvirtSrc, 'docs');

test('the rst anchor derivation follows docutils', () => {
  assert.equal(docutilsId(titleText('Block I/O tuning')), 'block-i-o-tuning');
  assert.equal(docutilsId(titleText('Using a macvtap "direct" connection')), 'using-a-macvtap-direct-connection');
  assert.equal(docutilsId(titleText(':since:`Since 1.0` ``<vcpu>`` and `links <https://x>`__')), 'since-1-0-vcpu-and-links');
  assert.equal(docutilsId('3D acceleration'), 'd-acceleration');
  const rst = '.. role:: since\n\n=====\nTitle\n=====\n\nIntro\n-----\n\ntext\n\nIntro\n-----\n\n.. _my-target:\n\nSub part\n~~~~~~~~\n\n   Indented\n   --------\n';
  assert.deepEqual(rstSections(rst).map((s) => [s.id, s.level]), [['title', 1], ['intro', 2], ['intro-1', 2], ['sub-part', 3]]);
  assert.deepEqual([...rstAnchors(rst)].sort(), ['intro', 'intro-1', 'my-target', 'sub-part']);
  // Text before the first title keeps it a section with its own anchor.
  assert.deepEqual(anchoredSections(` .. role:: since\n\nTitle\n=====\n`).map((s) => s.id), ['title']);
});

test('every recorded anchor is a section anchor of its page', (t) => {
  if (!existsSync(join(docsDir, 'formatdomain.rst'))) return t.skip(`libvirt documentation not found at ${docsDir} (set LIBVIRT_SRC to a libvirt 11.3.0 tree)`);
  const bad: string[] = [];
  let checked = 0;
  for (const [file, { page, anchors }] of Object.entries(bundledGrammar().data.docs)) {
    const rst = join(docsDir, `${page}.rst`);
    assert.ok(existsSync(rst), `${file}: no docs/${page}.rst`);
    const real = rstAnchors(readFileSync(rst, 'utf8'));
    for (const [key, anchor] of Object.entries(anchors)) {
      checked++;
      if (!real.has(anchor)) bad.push(`${file} ${key} → ${page}.html#${anchor}`);
    }
  }
  console.log(`# ${checked} recorded anchors checked`);
  assert.deepEqual(bad, []);
});

/** The element at `path` ('domain/devices/disk/source') of a document built from the path. */
function elementAt(path: string): XmlElement {
  const names = path.split('/');
  const xml = parseXml(names.map((n) => `<${n}>`).join('') + [...names].reverse().map((n) => `</${n}>`).join(''));
  let el = xml.roots[0];
  for (const n of names.slice(1)) el = el.children.find((c) => c.name === n)!;
  return el;
}

const expected: Array<[file: string, path: string, anchor: string]> = [
  ['domain.rng', 'domain/name', 'general-metadata'],
  ['domain.rng', 'domain/uuid', 'general-metadata'],
  ['domain.rng', 'domain/os', 'operating-system-booting'],
  ['domain.rng', 'domain/os/loader', 'bios-bootloader'],
  ['domain.rng', 'domain/os/boot', 'bios-bootloader'],
  ['domain.rng', 'domain/memory', 'memory-allocation'],
  ['domain.rng', 'domain/currentMemory', 'memory-allocation'],
  ['domain.rng', 'domain/memoryBacking', 'memory-backing'],
  ['domain.rng', 'domain/memtune', 'memory-tuning'],
  ['domain.rng', 'domain/blkiotune', 'block-i-o-tuning'],
  ['domain.rng', 'domain/vcpu', 'cpu-allocation'],
  ['domain.rng', 'domain/cputune', 'cpu-tuning'],
  ['domain.rng', 'domain/cpu', 'cpu-model-and-topology'],
  ['domain.rng', 'domain/numatune', 'numa-node-tuning'],
  ['domain.rng', 'domain/on_poweroff', 'events-configuration'],
  ['domain.rng', 'domain/pm', 'power-management'],
  ['domain.rng', 'domain/features', 'hypervisor-features'],
  ['domain.rng', 'domain/clock', 'time-keeping'],
  ['domain.rng', 'domain/seclabel', 'security-label'],
  ['domain.rng', 'domain/sysinfo', 'smbios-system-information'],
  ['domain.rng', 'domain/devices', 'devices'],
  ['domain.rng', 'domain/devices/emulator', 'devices'],
  ['domain.rng', 'domain/devices/disk', 'hard-drives-floppy-disks-cdroms'],
  ['domain.rng', 'domain/devices/disk/source', 'hard-drives-floppy-disks-cdroms'],
  ['domain.rng', 'domain/devices/disk/target', 'hard-drives-floppy-disks-cdroms'],
  ['domain.rng', 'domain/devices/disk/driver', 'hard-drives-floppy-disks-cdroms'],
  ['domain.rng', 'domain/devices/disk/address', 'device-addresses'],
  ['domain.rng', 'domain/devices/controller/address', 'device-addresses'],
  ['domain.rng', 'domain/devices/filesystem', 'filesystems'],
  ['domain.rng', 'domain/devices/controller', 'controllers'],
  ['domain.rng', 'domain/devices/hostdev', 'host-device-assignment'],
  ['domain.rng', 'domain/devices/interface', 'network-interfaces'],
  ['domain.rng', 'domain/devices/interface/model', 'setting-the-nic-model'],
  ['domain.rng', 'domain/devices/interface/target', 'overriding-the-target-element'],
  ['domain.rng', 'domain/devices/input', 'input-devices'],
  ['domain.rng', 'domain/devices/hub', 'hub-devices'],
  ['domain.rng', 'domain/devices/graphics', 'graphical-framebuffers'],
  ['domain.rng', 'domain/devices/graphics/listen', 'graphical-framebuffers'],
  ['domain.rng', 'domain/devices/video', 'video-devices'],
  ['domain.rng', 'domain/devices/parallel', 'parallel-port'],
  ['domain.rng', 'domain/devices/serial', 'serial-port'],
  ['domain.rng', 'domain/devices/console', 'console'],
  ['domain.rng', 'domain/devices/channel', 'channel'],
  ['domain.rng', 'domain/devices/sound', 'sound-devices'],
  ['domain.rng', 'domain/devices/audio', 'audio-backends'],
  ['domain.rng', 'domain/devices/watchdog', 'watchdog-devices'],
  ['domain.rng', 'domain/devices/memballoon', 'memory-balloon-device'],
  ['domain.rng', 'domain/devices/rng', 'random-number-generator-device'],
  ['domain.rng', 'domain/devices/tpm', 'tpm-device'],
  ['domain.rng', 'domain/devices/panic', 'panic-device'],
  ['domain.rng', 'domain/devices/shmem', 'shared-memory-device'],
  ['domain.rng', 'domain/devices/memory', 'memory-devices'],
  ['domain.rng', 'domain/devices/iommu', 'iommu-devices'],
  ['domain.rng', 'domain/devices/vsock', 'vsock'],
  ['domain.rng', 'domain/devices/redirdev', 'redirected-devices'],
  ['domain.rng', 'domain/devices/smartcard', 'smartcard-devices'],
  ['network.rng', 'network/name', 'general-metadata'],
  ['network.rng', 'network/uuid', 'general-metadata'],
  ['network.rng', 'network/forward', 'connectivity'],
  ['network.rng', 'network/bridge', 'connectivity'],
  ['network.rng', 'network/bandwidth', 'quality-of-service'],
  ['network.rng', 'network/portgroup', 'portgroups'],
  ['network.rng', 'network/route', 'static-routes'],
  ['network.rng', 'network/mac', 'addressing'],
  ['network.rng', 'network/ip', 'addressing'],
  ['network.rng', 'network/ip/dhcp', 'addressing'],
  ['network.rng', 'network/ip/dhcp/range', 'addressing'],
  ['network.rng', 'network/ip/dhcp/host', 'addressing'],
  ['network.rng', 'network/dns', 'addressing'],
  ['storagepool.rng', 'pool/name', 'storage-pool-general-metadata'],
  ['storagepool.rng', 'pool/uuid', 'storage-pool-general-metadata'],
  ['storagepool.rng', 'pool/capacity', 'storage-pool-general-metadata'],
  ['storagepool.rng', 'pool/source', 'source-elements'],
  ['storagepool.rng', 'pool/source/host', 'source-elements'],
  ['storagepool.rng', 'pool/target', 'storage-pool-target-elements'],
  ['storagepool.rng', 'pool/target/path', 'storage-pool-target-elements'],
  ['storagepool.rng', 'pool/target/permissions', 'storage-pool-target-elements'],
  ['storagevol.rng', 'volume/name', 'storage-volume-general-metadata'],
  ['storagevol.rng', 'volume/key', 'storage-volume-general-metadata'],
  ['storagevol.rng', 'volume/capacity', 'storage-volume-general-metadata'],
  ['storagevol.rng', 'volume/allocation', 'storage-volume-general-metadata'],
  ['storagevol.rng', 'volume/target', 'storage-volume-target-elements'],
  ['storagevol.rng', 'volume/target/path', 'storage-volume-target-elements'],
  ['storagevol.rng', 'volume/target/format', 'storage-volume-target-elements'],
  ['storagevol.rng', 'volume/target/permissions', 'storage-volume-target-elements'],
  ['storagevol.rng', 'volume/backingStore', 'backing-store-elements'],
];

test('well-known elements link their own section', () => {
  const wrong: string[] = [];
  for (const [file, path, anchor] of expected) {
    const page = bundledGrammar().data.docs[file].page;
    const url = docsUrl(file, elementAt(path));
    if (url !== `https://libvirt.org/${page}.html#${anchor}`) wrong.push(`${path}: ${url} (want #${anchor})`);
  }
  assert.deepEqual(wrong, []);
});
