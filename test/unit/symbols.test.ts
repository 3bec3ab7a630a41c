// Document symbols: the outline names what a libvirt user looks for (domain
// name, vCPU count, CPU mode and model, features, NUMA cells, pins; devices by
// target, MAC, source address, type and index; the parts of network, storage,
// nwfilter, secret, interface and node device documents) and stays bounded on
// absurdly deep documents.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { docAt, service } from '../helpers/engine';
import { maxSymbolDepth } from '../../server/src/features/symbols';
import { pciText, shortPath, sizeText } from '../../server/src/features/symbolNames';
import { parseXml } from '../../server/src/xml/parser';

/** The outline of `text` as indented "name — detail" lines, `depth` levels deep. */
function outline(text: string, depth = Infinity): string[] {
  const { doc } = docAt(text);
  const lines: string[] = [];
  const stack: Array<[DocumentSymbol, string]> = service()
    .findDocumentSymbols(doc)
    .reverse()
    .map((s) => [s, '']);
  while (stack.length) {
    const [s, indent] = stack.pop()!;
    lines.push(`${indent}${s.name}${s.detail ? ` — ${s.detail}` : ''}`);
    if (indent.length / 2 + 1 < depth) for (const c of [...(s.children ?? [])].reverse()) stack.push([c, `${indent}  `]);
  }
  return lines;
}

const domain = `<domain type='kvm'>
  <name>web01</name>
  <vcpu placement='static' current='4'>8</vcpu>
  <cputune>
    <vcpupin vcpu='0' cpuset='2'/>
    <emulatorpin cpuset='0-1'/>
  </cputune>
  <cpu mode='custom' match='exact'>
    <model fallback='allow'>Skylake-Client</model>
    <topology sockets='1' cores='4' threads='2'/>
    <feature policy='require' name='pcid'/>
    <feature policy='disable' name='vmx'/>
    <numa>
      <cell id='0' cpus='0-3' memory='4' unit='GiB'/>
      <cell id='1' cpus='4-7' memory='4194304'/>
    </numa>
  </cpu>
  <devices>
    <disk type='file' device='disk'/>
  </devices>
</domain>
`;

test('the outline of a domain', () => {
  assert.deepEqual(outline(domain), [
    'domain web01 — kvm',
    '  name — web01',
    '  vcpu 8 — current 4 · static',
    '  cputune',
    '    vcpupin 0 — → 2',
    '    emulatorpin — → 0-1',
    '  cpu custom Skylake-Client — 2 features',
    '    model Skylake-Client — allow',
    '    topology — 1s × 4c × 2t = 8 vCPUs',
    '    feature pcid — require',
    '    feature vmx — disable',
    '    numa',
    '      cell 0 — vCPUs 0-3 · 4 GiB',
    '      cell 1 — vCPUs 4-7 · 4194304 KiB',
    '  devices — 1 device',
    '    disk — file',
  ]);
});

test('ranges: the element, with its name as the selection', () => {
  const { doc } = docAt(domain);
  const cpu = service().findDocumentSymbols(doc)[0].children!.find((s) => s.name.startsWith('cpu '))!;
  assert.equal(cpu.kind, SymbolKind.Class);
  const text = doc.textDocument.getText(cpu.range);
  assert.ok(text.startsWith("<cpu mode='custom'") && text.endsWith('</cpu>'));
  assert.equal(doc.textDocument.getText(cpu.selectionRange), 'cpu');
});

test('half-typed markup still gives an outline', () => {
  assert.deepEqual(outline(`<domain><vcpu>2</vcpu><cpu mode='host-passthrough'><feature name='vmx`), [
    'domain',
    '  vcpu 2',
    '  cpu host-passthrough — 1 feature',
    '    feature vmx',
  ]);
});

test('nothing for other XML', () => {
  assert.deepEqual(outline(`<project><name>x</name></project>`), []);
});

test('a document 100,000 levels deep: no stack overflow, depth capped', () => {
  const depth = 100_000;
  const text = `<domain>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</domain>`;
  const { doc } = docAt(text);
  const symbols = service().findDocumentSymbols(doc);
  let levels = 0;
  for (let s: DocumentSymbol | undefined = symbols[0]; s; s = s.children?.[0]) levels++;
  assert.equal(levels, maxSymbolDepth);
  assert.doesNotThrow(() => JSON.stringify(symbols));
});

/** The outline of the children of `<devices>` in a domain holding `devices`. */
function devicesOutline(devices: string): string[] {
  return outline(`<domain type='kvm'><name>d</name><devices>\n${devices}\n</devices></domain>`, 3).slice(3).map((l) => l.trim());
}

test('devices: disks by target and source, interfaces by MAC and source, host devices by source address', () => {
  assert.deepEqual(
    devicesOutline(`
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/builds/fedora-40-server.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='network' device='disk'><source protocol='rbd' name='pool/image'><host name='mon1' port='6789'/></source><target dev='vdb'/></disk>
    <disk type='network'><source protocol='nbd'><host name='nbd.example' port='10809'/></source><target dev='vdc'/></disk>
    <disk type='volume' device='disk'><source pool='default' volume='data.raw'/><target dev='sdb' bus='scsi'/><readonly/></disk>
    <disk type='block' device='lun'><source dev='/dev/sdc'/><target dev='sda' bus='scsi'/></disk>
    <disk type='file' device='cdrom'><target dev='sdc' bus='sata'/><readonly/></disk>
    <interface type='network'><mac address='52:54:00:6b:3c:58'/><source network='default' portgroup='web'/><model type='virtio'/></interface>
    <interface type='bridge'><source bridge='br0'/></interface>
    <interface type='direct'><mac address='52:54:00:00:00:02'/><source dev='eth0' mode='vepa'/></interface>
    <interface type='user'/>
    <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/></source></hostdev>
    <hostdev mode='subsystem' type='usb'><source><vendor id='0x046d'/><product id='0xc52b'/></source></hostdev>
    <hostdev mode='subsystem' type='mdev' model='vfio-pci'><source><address uuid='c2177883-f1bb-47f0-914d-32a22e3a8804'/></source></hostdev>
    <hostdev mode='capabilities' type='storage'><source><block>/dev/sdf1</block></source></hostdev>`),
    [
      'emulator — /usr/bin/qemu-system-x86_64',
      'disk vda — file /var/lib/…/fedora-40-server.qcow2 · qcow2',
      'disk vdb — rbd pool/image',
      'disk vdc — nbd nbd.example:10809',
      'disk sdb — volume default/data.raw · read-only',
      'lun sda — block /dev/sdc',
      'cdrom sdc — empty',
      'interface 52:54:00:6b:3c:58 — network default (web) · virtio',
      'interface bridge br0',
      'interface 52:54:00:00:00:02 — direct eth0 (vepa)',
      'interface user',
      'hostdev PCI 0000:01:00.1 — managed',
      'hostdev USB 046d:c52b',
      'hostdev mdev c2177883-f1bb-47f0-914d-32a22e3a8804',
      'hostdev storage /dev/sdf1',
    ],
  );
});

test('devices: controllers by type, index and model; graphics, character devices, filesystems, memory and the rest', () => {
  assert.deepEqual(
    devicesOutline(`
    <controller type='pci' index='0' model='pcie-root'/>
    <controller type='pci' index='1' model='pcie-root-port'><target chassis='1' port='0x10'/></controller>
    <controller type='usb' index='0' model='qemu-xhci' ports='15'/>
    <controller type='sata'/>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>
    <graphics type='spice' port='5901' tlsPort='5902'><listen type='address' address='0.0.0.0'/></graphics>
    <serial type='pty'><target type='isa-serial' port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
    <filesystem type='mount' accessmode='passthrough'><driver type='virtiofs'/><source dir='/srv/share'/><target dir='share'/></filesystem>
    <memory model='dimm'><target><size unit='KiB'>524288</size><node>0</node></target></memory>
    <memory model='virtio-mem'><target><size unit='GiB'>4</size><node>1</node><block unit='MiB'>2</block></target></memory>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
    <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
    <tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>
    <watchdog model='i6300esb' action='reset'/>
    <video><model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='2' primary='yes'/></video>
    <sound model='ich9'><codec type='micro'/></sound>
    <input type='tablet' bus='usb'/>
    <memballoon model='virtio'><stats period='10'/></memballoon>
    <vsock model='virtio'><cid auto='yes'/></vsock>`),
    [
      'controller pci 0 — pcie-root',
      'controller pci 1 — pcie-root-port · chassis 1',
      'controller usb 0 — qemu-xhci · 15 ports',
      'controller sata',
      'graphics vnc — autoport · listen 127.0.0.1',
      'graphics spice — port 5901 · tls 5902 · listen 0.0.0.0',
      'serial pty — isa-serial port 0',
      'console pty — serial port 0',
      'channel unix — virtio org.qemu.guest_agent.0',
      'filesystem share — mount /srv/share · virtiofs',
      'memory dimm — 512 MiB · node 0',
      'memory virtio-mem — 4 GiB · node 1',
      'rng virtio — random /dev/urandom',
      'tpm tpm-crb — emulator 2.0',
      'tpm tpm-tis — passthrough /dev/tpm0',
      'watchdog i6300esb — reset',
      'video qxl — vram 64 MiB · 2 heads · primary',
      'sound ich9 — micro',
      'input tablet — usb',
      'memballoon virtio — stats every 10 s',
      'vsock virtio — cid auto',
    ],
  );
});

test('symbol kinds: disks and filesystems are files, interfaces interfaces, controllers structs', () => {
  const { doc } = docAt(`<domain><devices><disk type='file'/><interface type='user'/><controller type='usb'/><filesystem/><hostdev/></devices></domain>`);
  const devices = service().findDocumentSymbols(doc)[0].children![0].children!;
  assert.deepEqual(
    devices.map((d) => d.kind),
    [SymbolKind.File, SymbolKind.Interface, SymbolKind.Struct, SymbolKind.File, SymbolKind.Object],
  );
});

test('a network: name, forward mode and bridge; addresses, DHCP ranges and hosts', () => {
  assert.deepEqual(
    outline(`<network>
  <name>default</name>
  <forward mode='nat' dev='eth0'/>
  <bridge name='virbr0' stp='on' delay='0'/>
  <mac address='52:54:00:0a:cd:21'/>
  <dns><host ip='192.168.122.2'><hostname>myhost</hostname><hostname>myhostalias</hostname></host></dns>
  <ip address='192.168.122.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='192.168.122.2' end='192.168.122.254'/>
      <host mac='00:16:3e:77:e2:ed' name='a.example.com' ip='192.168.122.10'/>
      <host mac='00:16:3e:3e:a9:1a' ip='192.168.122.11'/>
    </dhcp>
  </ip>
  <ip family='ipv6' address='2001:db8:ca2:2::1' prefix='64'/>
  <route address='10.0.0.0' prefix='8' gateway='192.168.122.2'/>
</network>`),
    [
      'network default — nat · virbr0',
      '  name — default',
      '  forward nat — dev eth0',
      '  bridge virbr0',
      '  mac 52:54:00:0a:cd:21',
      '  dns',
      '    host 192.168.122.2 — myhost · myhostalias',
      '      hostname — myhost',
      '      hostname — myhostalias',
      '  ip 192.168.122.1/24',
      '    dhcp — 1 range · 2 hosts',
      '      range 192.168.122.2 – 192.168.122.254',
      '      host a.example.com — 00:16:3e:77:e2:ed · → 192.168.122.10',
      '      host 00:16:3e:3e:a9:1a — → 192.168.122.11',
      '  ip 2001:db8:ca2:2::1/64 — ipv6',
      '  route 10.0.0.0/8 — via 192.168.122.2',
    ],
  );
  assert.deepEqual(outline(`<network><name>isolated</name></network>`), ['network isolated', '  name — isolated']);
  assert.deepEqual(outline(`<network><name>host</name><forward/></network>`, 1), ['network host — nat'], 'no mode: libvirt\'s default, nat');
});

test('a storage pool and a volume: name, type, target path; capacity and format', () => {
  assert.deepEqual(
    outline(`<pool type='dir'>
  <name>default</name>
  <capacity unit='bytes'>0</capacity>
  <target><path>/var/lib/libvirt/images</path></target>
</pool>`),
    ['pool default — dir · /var/lib/libvirt/images', '  name — default', '  capacity — 0 bytes', '  target — /var/lib/libvirt/images', '    path — /var/lib/libvirt/images'],
  );
  assert.deepEqual(outline(`<pool type='rbd'><name>ceph</name><source><name>rbd</name><host name='mon1' port='6789'/></source></pool>`, 3), [
    'pool ceph — rbd',
    '  name — ceph',
    '  source — mon1:6789 · rbd',
    '    name — rbd',
    '    host mon1:6789',
  ]);
  assert.deepEqual(
    outline(`<volume type='file'>
  <name>guest.qcow2</name>
  <capacity unit='G'>20</capacity>
  <allocation>3221225472</allocation>
  <target><path>/var/lib/libvirt/images/guest.qcow2</path><format type='qcow2'/></target>
  <backingStore><path>/var/lib/libvirt/images/base.qcow2</path><format type='qcow2'/></backingStore>
</volume>`, 2),
    [
      'volume guest.qcow2 — 20 GiB · qcow2',
      '  name — guest.qcow2',
      '  capacity — 20 GiB',
      '  allocation — 3 GiB',
      '  target — /var/lib/libvirt/images/guest.qcow2 · qcow2',
      '  backingStore — /var/lib/libvirt/images/base.qcow2 · qcow2',
    ],
  );
});

test('the other roots: nwfilter rules, secrets by usage, host interfaces, node devices, network ports, capabilities', () => {
  assert.deepEqual(
    outline(`<filter name='no-ip-spoofing' chain='ipv4' priority='-710'>
  <filterref filter='clean-traffic'><parameter name='IP' value='10.0.0.1'/></filterref>
  <rule action='drop' direction='out' priority='500'><ip match='no' srcipaddr='$IP'/></rule>
</filter>`),
    [
      'filter no-ip-spoofing — ipv4 · priority -710',
      '  filterref clean-traffic — IP',
      '    parameter IP',
      '  rule drop out — ip · priority 500',
      '    ip — match=no srcipaddr=$IP',
    ],
  );
  assert.deepEqual(outline(`<secret ephemeral='no' private='yes'><usage type='ceph'><name>client.admin secret</name></usage></secret>`, 1), ['secret ceph client.admin secret — private']);
  assert.deepEqual(outline(`<interface type='bridge' name='br0'><start mode='onboot'/><mtu size='1500'/><protocol family='ipv4'><ip address='192.168.0.5' prefix='24'/></protocol></interface>`, 2), [
    'interface br0 — bridge · onboot',
    '  start onboot',
    '  mtu 1500',
    '  protocol ipv4 — 192.168.0.5/24',
  ]);
  assert.deepEqual(outline(`<device><name>net_eth0_52_54_00</name><parent>pci_0000_00_03_0</parent><capability type='net'><interface>eth0</interface></capability></device>`, 2), [
    'device net_eth0_52_54_00 — net',
    '  name — net_eth0_52_54_00',
    '  parent — pci_0000_00_03_0',
    '  capability net — eth0',
  ]);
  assert.deepEqual(outline(`<networkport><owner><name>web</name></owner><mac address='52:54:00:7b:35:93'/><plug type='bridge' bridge='virbr0'/></networkport>`, 1), ['networkport web — 52:54:00:7b:35:93 · bridge virbr0']);
  assert.deepEqual(outline(`<capabilities><host><cpu><arch>x86_64</arch><model>Skylake-Client-IBRS</model></cpu></host><guest><os_type>hvm</os_type><arch name='x86_64'/></guest></capabilities>`, 2), [
    'capabilities — x86_64 · Skylake-Client-IBRS',
    '  host',
    '  guest hvm x86_64',
  ]);
});

test('words: long paths lose their middle, sizes their unit noise, PCI addresses their 0x', () => {
  assert.equal(shortPath('/var/lib/libvirt/images/fedora.qcow2'), '/var/lib/libvirt/images/fedora.qcow2');
  assert.equal(shortPath('/var/lib/libvirt/images/pool-a/very-long-image-name.qcow2'), '/var/lib/…/very-long-image-name.qcow2');
  assert.equal(sizeText('524288', 'KiB', 1n), '512 MiB');
  assert.equal(sizeText('1536', 'MiB', 1n), '1536 MiB');
  assert.equal(sizeText('1500', undefined, 1024n), '1500 KiB');
  assert.equal(sizeText('10', 'G', 1n), '10 GiB');
  assert.equal(sizeText('1000000', 'KB', 1n), '953.7 MiB', 'decimal units read as libvirt reads them');
  assert.equal(sizeText('lots', 'MiB', 1n), 'lots MiB', 'unreadable: as written');
  assert.equal(sizeText('', 'MiB', 1n), undefined);
  const [address] = parseXml(`<address type='pci' domain='0' bus='0x6' slot='18' function='0x5'/>`).roots;
  assert.equal(pciText(address), '0000:06:12.5');
  const [bad] = parseXml(`<address type='pci' bus='zz'/>`).roots;
  assert.equal(pciText(bad), undefined);
});

test('half-typed devices still get names', () => {
  assert.deepEqual(devicesOutline(`<disk type='file'><source file='/a.img'/><target dev='vd`), ['disk vd — file /a.img']);
});
