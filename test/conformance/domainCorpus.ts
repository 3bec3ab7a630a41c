// The whole-domain corpus for the differential oracle test: documents that
// each differ from one valid q35 base domain (disks, controllers, an
// interface, a serial port, input, graphics, video) in exactly one place,
// across the device, address, firmware, interface, host device and machine
// families. Deterministic: every knob's alternatives are enumerated. Most
// mutations stay inside libvirt's schema, so they exercise what libvirt's
// parser and the QEMU driver refuse beyond the grammar.

import type { OracleCase } from './oracleCorpus';

interface Parts {
  type: string;
  uuid: string;
  memory: string;
  /** Top-level elements after <vcpu> (maxMemory, memoryBacking, sysinfo, cpu, clock, seclabel…). */
  top: string;
  arch: string;
  machine: string;
  /** <os> attributes (firmware='efi'). */
  osAttrs: string;
  /** <os> children after <type>. */
  os: string;
  features: string;
  disks: string;
  controllers: string;
  interfaces: string;
  chardevs: string;
  inputs: string;
  graphics: string;
  video: string;
  /** Devices appended at the end of <devices>. */
  extra: string;
}

const disk0 = "<disk type='file' device='disk'>\n      <driver name='qemu' type='qcow2'/>\n      <source file='/var/lib/libvirt/images/semantics.qcow2'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>";
const cdrom = "<disk type='file' device='cdrom'>\n      <driver name='qemu' type='raw'/>\n      <source file='/var/lib/libvirt/images/semantics.iso'/>\n      <target dev='sda' bus='sata'/>\n      <readonly/>\n    </disk>";

const base: Parts = {
  type: 'kvm',
  uuid: '<uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>',
  memory: "<memory unit='MiB'>512</memory>",
  top: '',
  arch: 'x86_64',
  machine: 'pc-q35-10.0',
  osAttrs: '',
  os: "<boot dev='hd'/>",
  features: '<acpi/>',
  disks: `${disk0}\n    ${cdrom}`,
  controllers: "<controller type='pci' index='0' model='pcie-root'/>\n    <controller type='usb' index='0' model='qemu-xhci'/>",
  interfaces: "<interface type='user'>\n      <mac address='52:54:00:12:34:56'/>\n      <model type='virtio'/>\n    </interface>",
  chardevs: "<serial type='pty'>\n      <target port='0'/>\n    </serial>",
  inputs: "<input type='tablet' bus='usb'/>",
  graphics: "<graphics type='vnc' port='-1'/>",
  video: "<video>\n      <model type='virtio' heads='1' primary='yes'/>\n    </video>",
  extra: '',
};

function render(p: Parts, name: string): string {
  const devices = [p.disks, p.controllers, p.interfaces, p.chardevs, p.inputs, p.graphics, p.video, p.extra].filter(Boolean).join('\n    ');
  return `<domain type='${p.type}'>
  <name>${name}</name>
  ${p.uuid}
  ${p.memory}
  <vcpu placement='static'>2</vcpu>${p.top ? `\n  ${p.top}` : ''}
  <os${p.osAttrs}>
    <type arch='${p.arch}' machine='${p.machine}'>hvm</type>${p.os ? `\n    ${p.os}` : ''}
  </os>${p.features ? `\n  <features>\n    ${p.features}\n  </features>` : ''}
  <devices>
    ${devices}
  </devices>
</domain>
`;
}

type Knob = [mutation: string, change: Partial<Parts>];

const pciAddr = (bus: string, slot: string, fn = '0x0', extra = '') => `<address type='pci' domain='0x0000' bus='${bus}' slot='${slot}' function='${fn}'${extra}/>`;
const nic = (inner: string, type = 'user') => `<interface type='${type}'>\n      ${inner}\n    </interface>`;
const diskWith = (target: string, extra = '', device = 'disk', type = 'file', driver = "<driver name='qemu' type='qcow2'/>", source = "<source file='/var/lib/libvirt/images/extra.img'/>") =>
  `<disk type='${type}' device='${device}'>\n      ${driver}\n      ${source}\n      ${target}${extra ? `\n      ${extra}` : ''}\n    </disk>`;

function knobs(): Knob[] {
  const k: Knob[] = [];
  const add = (mutation: string, change: Partial<Parts>) => k.push([mutation, change]);

  // Disks: target names, buses, devices, formats, addresses.
  for (const dev of ['vdb', 'vdz', 'vdaa', 'vdb1', 'vd1', 'vda', 'sdb', 'sda', 'hda', 'hdb', 'hdc', 'xvda', 'ubda', 'fda', 'foo', 'vdaxxxxxxxxxxxx', 'VDB', 'vdB', 'sdb2', 'hd']) {
    for (const bus of ['virtio', 'sata', 'scsi', 'usb', '']) {
      const b = bus ? ` bus='${bus}'` : '';
      add(`disk target ${dev} bus=${bus || '(name)'}`, { extra: diskWith(`<target dev='${dev}'${b}/>`) });
    }
  }
  for (const fmt of ['raw', 'qcow2', 'cow', 'iso', 'dir', 'vmdk', 'qed', 'vpc', 'luks']) {
    add(`disk format ${fmt}`, { extra: diskWith("<target dev='vdb' bus='virtio'/>", '', 'disk', 'file', `<driver name='qemu' type='${fmt}'/>`) });
    add(`shareable disk format ${fmt}`, { extra: diskWith("<target dev='vdb' bus='virtio'/>", '<shareable/>', 'disk', 'file', `<driver name='qemu' type='${fmt}'/>`) });
  }
  add('shareable readonly qcow2', { extra: diskWith("<target dev='vdb' bus='virtio'/>", '<shareable/>\n      <readonly/>') });
  for (const [bus, dev] of [['sata', 'sdb'], ['scsi', 'sdb'], ['usb', 'sdb'], ['virtio', 'vdb']]) {
    for (const addr of [pciAddr('0x00', '0x07'), "<address type='drive' controller='0' bus='0' target='0' unit='1'/>", "<address type='usb' bus='0' port='2'/>", "<address type='drive' controller='0' bus='0' target='0' unit='0'/>"]) {
      add(`disk ${bus} with ${addr.slice(15, 20)}`, { extra: diskWith(`<target dev='${dev}' bus='${bus}'/>`, addr) });
    }
  }
  add('two disks vdb', { extra: `${diskWith("<target dev='vdb' bus='virtio'/>")}\n    ${diskWith("<target dev='vdb' bus='virtio'/>")}` });
  add('sata sdb and sdb', { extra: `${diskWith("<target dev='sdb' bus='sata'/>")}\n    ${diskWith("<target dev='sdb' bus='sata'/>")}` });
  add('sata address conflict with sda', { extra: diskWith("<target dev='sdb' bus='sata'/>", "<address type='drive' controller='0' bus='0' target='0' unit='0'/>") });
  for (const device of ['cdrom', 'floppy', 'lun']) {
    for (const [type, source] of [['file', "<source file='/var/lib/libvirt/images/x.img'/>"], ['block', "<source dev='/dev/sdz'/>"], ['file', '']]) {
      for (const [dev, bus] of [['sdb', 'sata'], ['sdb', 'usb'], ['fda', 'fdc'], ['vdb', 'virtio'], ['sdb', 'scsi']]) {
        add(`${device} ${type}${source ? '' : ' empty'} ${dev} ${bus}`, { extra: diskWith(`<target dev='${dev}' bus='${bus}'/>`, device === 'cdrom' ? '<readonly/>' : '', device, type, "<driver name='qemu' type='raw'/>", source) });
      }
    }
  }
  add('lun with sgio on block', { extra: diskWith("<target dev='sdb' bus='scsi'/>", '', 'lun', 'block', "<driver name='qemu' type='raw'/>", "<source dev='/dev/sdz'/>").replace("device='lun'", "device='lun' sgio='filtered'") });
  add('disk with sgio', { extra: diskWith("<target dev='sdb' bus='scsi'/>").replace("device='disk'", "device='disk' sgio='filtered'") });
  add('disk with rawio', { extra: diskWith("<target dev='sdb' bus='scsi'/>").replace("device='disk'", "device='disk' rawio='yes'") });
  for (const [vendor, product, bus] of [['SEAGATE', 'ST3146707LC', 'scsi'], ['SEAGATE', 'ST3146707LC', 'sata'], ['SEAGATE', 'ST3146707LC', 'virtio'], ['TOOLONGVENDOR', 'X', 'scsi'], ['A', '12345678901234567', 'scsi'], ['', '12345678901234567', 'sata'], ['', 'P', 'virtio'], ['', 'P', 'sata']]) {
    const vp = `${vendor ? `<vendor>${vendor}</vendor>` : ''}${product ? `<product>${product}</product>` : ''}`;
    add(`disk vendor=${vendor} product=${product} bus=${bus}`, { extra: diskWith(`<target dev='${bus === 'virtio' ? 'vdb' : 'sdb'}' bus='${bus}'/>`, vp) });
  }
  const net = (proto: string, hosts: number, auth = '') =>
    `<disk type='network' device='disk'>\n      <driver name='qemu' type='raw'/>\n      <source protocol='${proto}' name='${proto === 'iscsi' ? 'iqn.1992-01.com.example:storage/1' : 'pool/image'}'>${Array.from({ length: hosts }, (_, i) => `<host name='h${i}.example.org' port='${proto === 'iscsi' ? 3260 : 6789}'/>`).join('')}${auth}</source>\n      <target dev='vdc' bus='virtio'/>\n    </disk>`;
  for (const proto of ['iscsi', 'rbd', 'nbd', 'sheepdog', 'gluster']) {
    for (const hosts of [0, 1, 2]) add(`network disk ${proto} hosts=${hosts}`, { extra: net(proto, hosts) });
  }
  for (const [proto, type] of [['iscsi', 'iscsi'], ['iscsi', 'ceph'], ['iscsi', ''], ['rbd', 'ceph'], ['rbd', 'iscsi'], ['rbd', '']]) {
    add(`network disk ${proto} secret type=${type || '(none)'}`, { extra: net(proto, 1, `<auth username='u'><secret ${type ? `type='${type}' ` : ''}usage='mysecret'/></auth>`) });
  }
  for (const [fmt, cipher] of [['raw', false], ['qcow2', false], ['vmdk', false], ['raw', true]]) {
    const enc = `<encryption format='luks'><secret type='passphrase' uuid='0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f'/>${cipher ? "<cipher name='aes' size='256'/>" : ''}</encryption>`;
    add(`luks on ${fmt}${cipher ? ' with cipher' : ''}`, { extra: diskWith("<target dev='vdb' bus='virtio'/>", '', 'disk', 'file', `<driver name='qemu' type='${fmt}'/>`, `<source file='/var/lib/libvirt/images/enc.img'>${enc}</source>`) });
  }
  add('iotune and throttlefilters', { top: "<throttlegroups><throttlegroup><total_iops_sec>100</total_iops_sec><group_name>g</group_name></throttlegroup></throttlegroups>", extra: diskWith("<target dev='vdb' bus='virtio'/>", "<iotune><total_iops_sec>100</total_iops_sec></iotune>\n      <throttlefilters><throttlefilter group='g'/></throttlefilters>") });
  add('throttlefilters alone', { top: "<throttlegroups><throttlegroup><total_iops_sec>100</total_iops_sec><group_name>g</group_name></throttlegroup></throttlegroups>", extra: diskWith("<target dev='vdb' bus='virtio'/>", "<throttlefilters><throttlefilter group='g'/></throttlefilters>") });

  // PCI addresses and controllers.
  const nicAt = (addr: string) => nic(`<mac address='52:54:00:12:34:57'/>\n      <model type='virtio'/>\n      ${addr}`);
  for (const bus of ['0x00', '0x01', '0x02', '0xff', '0x100']) {
    for (const slot of ['0x00', '0x01', '0x02', '0x03', '0x1e', '0x1f', '0x20']) {
      for (const fn of ['0x0', '0x2', '0x7', '0x8']) {
        if (bus !== '0x00' && slot !== '0x00' && fn !== '0x0' && slot !== '0x20') continue;
        add(`nic at ${bus}:${slot}.${fn}`, { extra: nicAt(pciAddr(bus, slot, fn)) });
      }
    }
  }
  for (const fn of ['0x0', '0x2', '0x3', '0x4']) add(`nic at 00:1f.${fn}`, { extra: nicAt(pciAddr('0x00', '0x1f', fn)) });
  add('nic at domain 1', { extra: nicAt("<address type='pci' domain='0x0001' bus='0x00' slot='0x05' function='0x0'/>") });
  add('two nics at 00:05.0', { extra: `${nicAt(pciAddr('0x00', '0x05'))}\n    ${nicAt(pciAddr('0x00', '0x05')).replace('57', '58')}` });
  add('two nics at 00:05.0 and 00:05.1', { extra: `${nicAt(pciAddr('0x00', '0x05', '0x0', " multifunction='on'"))}\n    ${nicAt(pciAddr('0x00', '0x05', '0x1')).replace('57', '58')}` });
  for (const [model, index] of [['pcie-root', '0'], ['pci-root', '0'], ['pcie-root', '1'], ['pcie-root-port', '1'], ['pci-bridge', '1'], ['dmi-to-pci-bridge', '1'], ['pcie-expander-bus', '1'], ['pci-expander-bus', '1'], ['pcie-to-pci-bridge', '1']]) {
    if (index === '0') add(`root controller ${model}`, { controllers: base.controllers.replace("model='pcie-root'", `model='${model}'`) });
    else add(`extra pci controller ${model} index ${index}`, { extra: `<controller type='pci' index='${index}' model='${model}'/>` });
  }
  add('pcie-root with address', { controllers: base.controllers.replace("model='pcie-root'/>", `model='pcie-root'>${pciAddr('0x00', '0x02')}</controller>`) });
  add('two usb controllers index 0', { extra: "<controller type='usb' index='0' model='ich9-ehci1'/>" });
  add('two sata controllers index 0', { extra: "<controller type='sata' index='0'/>\n    <controller type='sata' index='0'/>" });
  add('two scsi controllers index 0', { extra: "<controller type='scsi' index='0' model='virtio-scsi'/>\n    <controller type='scsi' index='0' model='virtio-scsi'/>" });
  add('two virtio-serial index 0', { extra: "<controller type='virtio-serial' index='0'/>\n    <controller type='virtio-serial' index='0'/>" });
  for (const [child, parent] of [['pcie-root-port', 'pcie-root-port'], ['dmi-to-pci-bridge', 'pcie-root-port'], ['pci-bridge', 'pcie-root-port'], ['pcie-switch-upstream-port', 'pcie-root-port'], ['pcie-expander-bus', 'pcie-root-port'], ['pci-bridge', 'dmi-to-pci-bridge'], ['pci-bridge', 'pcie-to-pci-bridge']]) {
    add(`${child} on ${parent}`, { extra: `<controller type='pci' index='1' model='${parent}'/>\n    <controller type='pci' index='2' model='${child}'>${pciAddr('0x01', '0x00')}</controller>` });
  }
  for (const slot of ['0x00', '0x01']) add(`nic on root port slot ${slot}`, { extra: `<controller type='pci' index='1' model='pcie-root-port'/>\n    ${nicAt(pciAddr('0x01', slot))}` });
  for (const ports of ['4', '15', '16', '30']) {
    for (const model of ['qemu-xhci', 'nec-xhci']) add(`usb ${model} ports=${ports}`, { controllers: base.controllers.replace("model='qemu-xhci'", `model='${model}' ports='${ports}'`) });
  }
  add('usb model none with tablet', { controllers: base.controllers.replace("model='qemu-xhci'", "model='none'") });
  add('usb model none without usb devices', { controllers: base.controllers.replace("model='qemu-xhci'", "model='none'"), inputs: "<input type='mouse' bus='ps2'/>" });
  add('usb model none and another', { controllers: `${base.controllers.replace("model='qemu-xhci'", "model='none'")}\n    <controller type='usb' index='1' model='qemu-xhci'/>`, inputs: '' });
  add('usb hub with usb none', { controllers: base.controllers.replace("model='qemu-xhci'", "model='none'"), inputs: "<hub type='usb'/>" });
  for (const port of ['1', '2', '4', '5', '16', '1.1', '1.2.3', '1.1.1.1.1', 'x', '0']) {
    add(`tablet at usb port ${port}`, { inputs: `<input type='tablet' bus='usb'><address type='usb' bus='0' port='${port}'/></input>` });
    add(`tablet at usb port ${port} behind hub at 1`, { inputs: `<hub type='usb'><address type='usb' bus='0' port='1'/></hub>\n    <input type='tablet' bus='usb'><address type='usb' bus='0' port='${port}'/></input>` });
  }
  add('tablet on usb bus 1', { inputs: "<input type='tablet' bus='usb'><address type='usb' bus='1'/></input>" });
  add('tablet on usb bus 1 port 1', { inputs: "<input type='tablet' bus='usb'><address type='usb' bus='1' port='1'/></input>" });
  add('two tablets at port 1', { inputs: "<input type='tablet' bus='usb'><address type='usb' bus='0' port='1'/></input>\n    <input type='mouse' bus='usb'><address type='usb' bus='0' port='1'/></input>" });
  add('usb companion without master', { controllers: base.controllers.replace("<controller type='usb' index='0' model='qemu-xhci'/>", "<controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>") });
  add('usb ehci with companion', { controllers: base.controllers.replace("<controller type='usb' index='0' model='qemu-xhci'/>", "<controller type='usb' index='0' model='ich9-ehci1'/>\n    <controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>") });

  // Machines: i440fx with its built-in devices.
  const pc = { machine: 'pc-i440fx-10.0', controllers: "<controller type='pci' index='0' model='pci-root'/>\n    <controller type='usb' index='0' model='piix3-uhci'/>", disks: `${disk0}\n    ${cdrom.replace("dev='sda' bus='sata'", "dev='hdc' bus='ide'")}` };
  add('i440fx base', pc);
  add('i440fx with pcie-root', { ...pc, controllers: pc.controllers.replace("model='pci-root'", "model='pcie-root'") });
  for (const fn of ['0x0', '0x1', '0x2', '0x3', '0x4']) add(`i440fx nic at 00:01.${fn}`, { ...pc, extra: nicAt(pciAddr('0x00', '0x01', fn)) });
  add('i440fx nic at 00:02.0', { ...pc, extra: nicAt(pciAddr('0x00', '0x02')) });
  add('i440fx pci-expander-bus', { ...pc, extra: "<controller type='pci' index='1' model='pci-expander-bus'><target busNr='254'/></controller>" });
  add('i440fx pcie-expander-bus', { ...pc, extra: "<controller type='pci' index='1' model='pcie-expander-bus'/>" });
  add('i440fx pci-root index 1', { ...pc, controllers: pc.controllers.replace("index='0' model='pci-root'", "index='1' model='pci-root'") });
  add('i440fx intel iommu', { ...pc, extra: "<iommu model='intel'/>" });
  add('i440fx virtio iommu', { ...pc, extra: "<iommu model='virtio'/>" });
  add('i440fx tseg', { ...pc, features: "<acpi/>\n    <smm state='on'><tseg unit='MiB'>48</tseg></smm>" });
  add('i440fx usb port 3', { ...pc, inputs: "<input type='tablet' bus='usb'><address type='usb' bus='0' port='3'/></input>" });
  add('i440fx usb port 2', { ...pc, inputs: "<input type='tablet' bus='usb'><address type='usb' bus='0' port='2'/></input>" });
  add('isapc with usb', { machine: 'isapc', controllers: "<controller type='usb' index='0'/>", disks: disk0.replace("dev='vda' bus='virtio'", "dev='hda' bus='ide'"), interfaces: '', inputs: '', video: "<video><model type='cirrus'/></video>" });

  // Firmware and boot.
  const loader = (attrs: string, path = '/usr/share/OVMF/OVMF_CODE_4M.fd') => `<loader ${attrs}>${path}</loader>`;
  for (const fw of ['', " firmware='efi'", " firmware='bios'"]) {
    for (const os of [
      "<boot dev='hd'/>",
      `${loader("readonly='yes' type='pflash'")}\n    <boot dev='hd'/>`,
      `${loader("readonly='yes' type='pflash'", '')}\n    <boot dev='hd'/>`,
      `${loader("readonly='yes' type='pflash'")}\n    <nvram>/var/lib/libvirt/qemu/nvram/x_VARS.fd</nvram>\n    <boot dev='hd'/>`,
      `${loader("readonly='yes' type='pflash' stateless='yes'")}\n    <nvram>/var/lib/libvirt/qemu/nvram/x_VARS.fd</nvram>`,
      `${loader("readonly='yes' type='pflash' stateless='yes'")}\n    <nvram template='/usr/share/OVMF/OVMF_VARS_4M.fd'/>`,
      `${loader("readonly='yes' type='pflash' stateless='yes'")}`,
      "<loader stateless='no'/>",
      `${loader("stateless='no'", '/usr/share/seabios/bios.bin')}`,
      '<nvram>/var/lib/libvirt/qemu/nvram/x_VARS.fd</nvram>',
      "<firmware><feature enabled='yes' name='secure-boot'/></firmware>",
      "<firmware><feature enabled='yes' name='enrolled-keys'/><feature enabled='no' name='secure-boot'/></firmware>",
      "<firmware><feature enabled='no' name='enrolled-keys'/></firmware>",
      `${loader("readonly='yes' secure='yes' type='pflash'")}`,
    ]) {
      for (const features of ['<acpi/>', '', "<acpi/>\n    <smm state='on'/>"]) {
        add(`os${fw} ${os.slice(0, 60).replace(/\n\s*/g, ' ')} features=${features.replace(/\n\s*/g, ' ') || 'none'}`, { osAttrs: fw, os, features });
      }
    }
  }
  add('secure boot on i440fx', { ...pc, os: loader("readonly='yes' secure='yes' type='pflash'"), features: "<acpi/>\n    <smm state='on'/>" });
  for (const timeout of ['0', '3000', '65535', '65536']) {
    for (const enable of ['yes', 'no']) add(`bootmenu enable=${enable} timeout=${timeout}`, { os: `<boot dev='hd'/>\n    <bootmenu enable='${enable}' timeout='${timeout}'/>` });
  }
  add('boot dev and boot order', { disks: base.disks.replace("<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='virtio'/>\n      <boot order='1'/>") });
  add('boot order only', { os: '', disks: base.disks.replace("<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='virtio'/>\n      <boot order='1'/>") });
  add('boot order twice', { os: '', disks: base.disks.replace("<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='virtio'/>\n      <boot order='1'/>").replace('<readonly/>', "<readonly/>\n      <boot order='1'/>") });
  add('boot order 1 and 2', { os: '', disks: base.disks.replace("<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='virtio'/>\n      <boot order='1'/>").replace('<readonly/>', "<readonly/>\n      <boot order='2'/>") });
  add('nic boot order with os boot', { interfaces: base.interfaces.replace("<model type='virtio'/>", "<model type='virtio'/>\n      <boot order='1'/>") });

  // Interfaces.
  for (const mac of ['52:54:00:12:34:56', '01:00:5e:00:00:01', '53:54:00:12:34:56', 'ff:ff:ff:ff:ff:ff', '52:54:00:12:34', '52:54:00:12:34:5g', '52-54-00-12-34-56', '52:54:00:12:34:567', '5:4:0:1:3:5', '00:00:00:00:00:00', '02:00:00:00:00:01', '03:00:00:00:00:01']) {
    add(`mac ${mac}`, { interfaces: nic(`<mac address='${mac}'/>\n      <model type='virtio'/>`) });
  }
  for (const size of ['128', '256', '300', '511', '512', '1000', '1024', '2048', '0']) {
    for (const which of ['rx_queue_size', 'tx_queue_size']) {
      for (const model of ['virtio', 'e1000e']) add(`${which}=${size} ${model}`, { interfaces: nic(`<mac address='52:54:00:12:34:56'/>\n      <model type='${model}'/>\n      <driver name='vhost' ${which}='${size}'/>`, 'network').replace("<interface type='network'>", "<interface type='network'>\n      <source network='default'/>") });
    }
  }
  for (const type of ['user', 'network', 'bridge', 'ethernet', 'vhostuser', 'direct']) {
    const source = type === 'network' ? "<source network='default'/>" : type === 'bridge' ? "<source bridge='virbr0'/>" : type === 'vhostuser' ? "<source type='unix' path='/tmp/vhost.sock' mode='server'/>" : type === 'direct' ? "<source dev='eth0' mode='bridge'/>" : '';
    for (const [label, inner] of [
      ['tap backend', "<backend tap='/dev/net/tun'/>"],
      ['portForward', "<portForward proto='tcp'><range start='2222' to='22'/></portForward>"],
      ['passt portForward', "<backend type='passt'/>\n      <portForward proto='tcp'><range start='2222' to='22'/></portForward>"],
      ['plain', ''],
      ['model e1000e', ''],
    ]) {
      const model = label === 'model e1000e' ? "<model type='e1000e'/>" : "<model type='virtio'/>";
      add(`interface ${type} ${label}`, { interfaces: nic(`<mac address='52:54:00:12:34:56'/>${source ? `\n      ${source}` : ''}\n      ${model}${inner ? `\n      ${inner}` : ''}`, type) });
    }
  }
  add('vhostuser with shared memory', { top: "<memoryBacking><access mode='shared'/></memoryBacking>", interfaces: nic("<mac address='52:54:00:12:34:56'/>\n      <source type='unix' path='/tmp/vhost.sock' mode='server'/>\n      <model type='virtio'/>", 'vhostuser') });
  add('vhostuser with private memory', { top: "<memoryBacking><access mode='private'/></memoryBacking>", interfaces: nic("<mac address='52:54:00:12:34:56'/>\n      <source type='unix' path='/tmp/vhost.sock' mode='server'/>\n      <model type='virtio'/>", 'vhostuser') });

  // Host devices.
  const pciHost = (addr: string, extra = '') => `<hostdev mode='subsystem' type='pci' managed='yes'>\n      <source><address domain='0x0000' bus='${addr}' slot='0x00' function='0x0'/></source>${extra}\n    </hostdev>`;
  add('one pci hostdev', { extra: pciHost('0x06') });
  add('two pci hostdevs same source', { extra: `${pciHost('0x06')}\n    ${pciHost('0x06')}` });
  add('two pci hostdevs different source', { extra: `${pciHost('0x06')}\n    ${pciHost('0x07')}` });
  add('pci hostdev with rawio', { extra: pciHost('0x06').replace("managed='yes'", "managed='yes' rawio='yes'") });
  add('pci hostdev with boot and os boot', { extra: pciHost('0x06', "\n      <boot order='1'/>") });
  const usbHost = (bus: string, dev: string) => `<hostdev mode='subsystem' type='usb' managed='no'>\n      <source><address bus='${bus}' device='${dev}'/></source>\n    </hostdev>`;
  add('two usb hostdevs same', { extra: `${usbHost('1', '2')}\n    ${usbHost('1', '2')}` });
  add('two usb hostdevs different', { extra: `${usbHost('1', '2')}\n    ${usbHost('1', '3')}` });
  const mdev = (model: string, attrs = '', extra = '', uuid = '53764d0e-85a0-42b4-af5c-2046b460b1dc') => `<hostdev mode='subsystem' type='mdev' model='${model}'${attrs}>\n      <source><address uuid='${uuid}'/></source>${extra}\n    </hostdev>`;
  add('mdev vfio-pci', { extra: mdev('vfio-pci') });
  add('mdev display on', { extra: mdev('vfio-pci', " display='on'") });
  add('mdev display on without graphics', { extra: mdev('vfio-pci', " display='on'"), graphics: '' });
  add('mdev display ramfb twice', { extra: `${mdev('vfio-pci', " display='on' ramfb='on'")}\n    ${mdev('vfio-pci', " display='on' ramfb='on'", '', '53764d0e-85a0-42b4-af5c-2046b460b1dd')}` });
  add('mdev twice same uuid', { extra: `${mdev('vfio-pci')}\n    ${mdev('vfio-pci')}` });
  add('mdev with drive address', { extra: mdev('vfio-pci', '', "\n      <address type='drive' controller='0' bus='0' target='0' unit='1'/>") });
  add('mdev with boot', { os: '', extra: mdev('vfio-pci', '', "\n      <boot order='1'/>") });
  const scsiHost = (unit: string, drive: string) => `<hostdev mode='subsystem' type='scsi' managed='no'>\n      <source><adapter name='scsi_host0'/><address bus='0' target='0' unit='${unit}'/></source>\n      <address type='drive' controller='0' bus='0' target='0' unit='${drive}'/>\n    </hostdev>`;
  const scsiCtl = "<controller type='scsi' index='0' model='virtio-scsi'/>";
  add('scsi hostdev', { extra: `${scsiCtl}\n    ${scsiHost('1', '1')}` });
  add('two scsi hostdevs same guest address', { extra: `${scsiCtl}\n    ${scsiHost('1', '1')}\n    ${scsiHost('2', '1')}` });
  add('two scsi hostdevs same source', { extra: `${scsiCtl}\n    ${scsiHost('1', '1')}\n    ${scsiHost('1', '2')}` });
  add('scsi disk sdb on hostdev address', { extra: `${scsiCtl}\n    ${scsiHost('1', '1')}\n    ${diskWith("<target dev='sdb' bus='scsi'/>")}` });
  add('vhost scsi with boot', { os: '', extra: "<hostdev mode='subsystem' type='scsi_host' managed='no'>\n      <source protocol='vhost' wwpn='naa.5123456789abcde0'/>\n      <boot order='1'/>\n    </hostdev>" });
  add('vhost scsi with rawio', { extra: "<hostdev mode='subsystem' type='scsi_host' rawio='yes'>\n      <source protocol='vhost' wwpn='naa.5123456789abcde0'/>\n    </hostdev>" });

  // Video, graphics, TPM, character devices, shared memory, IOMMU, panic, input.
  for (const [label, video] of [
    ['two primaries', "<video><model type='virtio' primary='yes'/></video>\n    <video><model type='vga' primary='yes'/></video>"],
    ['primary and secondary', "<video><model type='virtio' primary='yes'/></video>\n    <video><model type='vga'/></video>"],
    ['none alone', "<video><model type='none'/></video>"],
    ['none with another', "<video><model type='none'/></video>\n    <video><model type='vga'/></video>"],
    ['ramfb', "<video><model type='ramfb'/></video>"],
    ['ramfb with address', `<video><model type='ramfb'/>${pciAddr('0x00', '0x05')}</video>`],
    ['vga with ram', "<video><model type='vga' ram='65536'/></video>"],
    ['qxl with ram', "<video><model type='qxl' ram='65536' vram='65536' vgamem='16384'/></video>"],
    ['virtio with vgamem', "<video><model type='virtio' vgamem='16384'/></video>"],
    ['bochs', "<video><model type='bochs'/></video>"],
  ]) {
    add(`video ${label}`, { video });
  }
  for (const [label, graphics] of [
    ['egl-headless alone', "<graphics type='egl-headless'/>"],
    ['vnc + egl-headless', "<graphics type='vnc' port='-1'/>\n    <graphics type='egl-headless'/>"],
    ['sdl + egl-headless', "<graphics type='sdl' display=':0'/>\n    <graphics type='egl-headless'/>"],
    ['spice gl + egl-headless', "<graphics type='spice'><listen type='none'/><gl enable='yes'/></graphics>\n    <graphics type='egl-headless'/>"],
    ['spice + egl-headless', "<graphics type='spice' autoport='yes'/>\n    <graphics type='egl-headless'/>"],
    ['none', ''],
  ]) {
    add(`graphics ${label}`, { graphics });
  }
  for (const [label, tpm] of [
    ['emulator 2.0 tis', "<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>"],
    ['emulator 2.0 crb', "<tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>"],
    ['emulator 1.2 crb', "<tpm model='tpm-crb'><backend type='emulator' version='1.2'/></tpm>"],
    ['no backend', "<tpm model='tpm-tis'></tpm>"],
    ['two tpms', "<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>\n    <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>"],
    ['passthrough', "<tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>"],
  ]) {
    add(`tpm ${label}`, { extra: tpm });
  }
  for (const [label, chr] of [
    ['file without path', "<serial type='file'><target port='1'/></serial>"],
    ['file with path', "<serial type='file'><source path='/tmp/serial.log'/><target port='1'/></serial>"],
    ['unix without path', "<serial type='unix'><target port='1'/></serial>"],
    ['unix bind reconnect', "<serial type='unix'><source mode='bind' path='/tmp/s.sock'><reconnect enabled='yes' timeout='10'/></source><target port='1'/></serial>"],
    ['unix connect reconnect', "<serial type='unix'><source mode='connect' path='/tmp/s.sock'><reconnect enabled='yes' timeout='10'/></source><target port='1'/></serial>"],
    ['unix connect reconnect 0', "<serial type='unix'><source mode='connect' path='/tmp/s.sock'><reconnect enabled='yes' timeout='0'/></source><target port='1'/></serial>"],
    ['tcp telnet', "<serial type='tcp'><source mode='bind' host='127.0.0.1' service='4555'/><protocol type='telnet'/><target port='1'/></serial>"],
    ['tcp tls', "<serial type='tcp'><source mode='bind' host='127.0.0.1' service='4555'/><protocol type='tls'/><target port='1'/></serial>"],
    ['tcp telnets', "<serial type='tcp'><source mode='bind' host='127.0.0.1' service='4555'/><protocol type='telnets'/><target port='1'/></serial>"],
    ['tcp without service', "<serial type='tcp'><source mode='bind' host='127.0.0.1'/><target port='1'/></serial>"],
    ['virtio channel unix without path', "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"],
    ['spicevmc channel without spice', "<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>"],
    ['pipe without path', "<channel type='pipe'><target type='virtio' name='x.0'/></channel>"],
    ['parallel pty', "<parallel type='pty'><target port='0'/></parallel>"],
    ['serial spapr-vio target', "<serial type='pty'><target type='spapr-vio-serial' port='1'/></serial>"],
    ['serial isa target', "<serial type='pty'><target type='isa-serial' port='1'/></serial>"],
    ['serial pl011 model', "<serial type='pty'><target type='system-serial' port='1'><model name='pl011'/></target></serial>"],
    ['serial sclp target', "<serial type='pty'><target type='sclp-serial' port='1'/></serial>"],
    ['rng egd unix without path', "<rng model='virtio'><backend model='egd' type='unix'><source mode='connect' host='1.2.3.4' service='1234'/></backend></rng>"],
    ['rng egd tcp', "<rng model='virtio'><backend model='egd' type='tcp'><source mode='connect' host='1.2.3.4' service='1234'/></backend></rng>"],
  ]) {
    add(`chardev ${label}`, { extra: chr });
  }
  for (const [unit, size] of [['M', '4'], ['M', '3'], ['K', '16'], ['K', '1024'], ['K', '12345'], ['G', '1'], ['', '1048576'], ['', '4096']]) {
    add(`shmem size ${size}${unit}`, { extra: `<shmem name='shmem0'><model type='ivshmem-plain'/><size${unit ? ` unit='${unit}'` : ''}>${size}</size></shmem>` });
  }
  add('shmem msi without server', { extra: "<shmem name='shmem0'><model type='ivshmem-doorbell'/><msi/></shmem>" });
  add('shmem msi with server', { extra: "<shmem name='shmem0'><model type='ivshmem-doorbell'/><server path='/tmp/ivshmem.sock'/><msi vectors='8'/></shmem>" });
  add('shmem isa address', { extra: "<shmem name='shmem0'><model type='ivshmem-plain'/><address type='isa'/></shmem>" });
  for (const iommu of ["<iommu model='intel'/>", "<iommu model='virtio'/>", "<iommu model='smmuv3'/>", "<iommu model='virtio'><driver dma_translation='on'/></iommu>", "<iommu model='virtio'><driver caching_mode='on'/></iommu>", `<iommu model='virtio'>${pciAddr('0x00', '0x05')}</iommu>`, `<iommu model='virtio'>${pciAddr('0x01', '0x00')}</iommu>`, "<iommu model='virtio'><address type='virtio-mmio'/></iommu>", "<iommu model='intel'><driver intremap='on'/></iommu>"]) {
    add(`iommu ${iommu}`, { extra: iommu });
    add(`iommu ${iommu} without acpi`, { extra: iommu, features: '' });
  }
  for (const panic of ["<panic model='isa'/>", "<panic model='isa'><address type='isa' iobase='0x505'/></panic>", `<panic model='isa'>${pciAddr('0x00', '0x05')}</panic>`, "<panic model='pvpanic'/>", "<panic model='pvpanic'><address type='isa' iobase='0x505'/></panic>", "<panic model='hyperv'/>", "<panic model='hyperv'><address type='isa' iobase='0x505'/></panic>", '<panic/>']) {
    add(`panic ${panic}`, { extra: panic });
  }
  for (const model of ['virtio', 'virtio-transitional', 'virtio-non-transitional']) add(`input virtio keyboard ${model}`, { inputs: `${base.inputs}\n    <input type='keyboard' bus='virtio' model='${model}'/>` });
  for (const [type, model] of [['scsi', 'virtio-scsi'], ['scsi', 'lsilogic'], ['virtio-serial', '']]) {
    add(`controller ${type} ${model} iothread`, { top: '<iothreads>2</iothreads>', extra: `<controller type='${type}' index='0'${model ? ` model='${model}'` : ''}><driver iothread='1'/></controller>` });
  }
  add('virtiofs with boot order', { os: '', top: "<memoryBacking><source type='memfd'/><access mode='shared'/></memoryBacking>", extra: "<filesystem type='mount' accessmode='passthrough'><driver type='virtiofs'/><source dir='/tmp'/><target dir='tag'/><boot order='1'/></filesystem>" });

  // Machine-level settings.
  for (const f of ['<gic version="3"/>', "<hpt resizing='enabled'/>", "<htm state='on'/>", "<ioapic driver='kvm'/>", "<ps2 state='off'/>", "<vmport state='on'/>", "<smm state='on'><tseg unit='MiB'>48</tseg></smm>", "<smm state='on'><tseg unit='KiB'>12345</tseg></smm>", "<smm state='off'><tseg unit='KiB'>12345</tseg></smm>", "<nested-hv state='on'/>", "<cfpc value='fixed'/>"]) {
    add(`feature ${f}`, { features: `<acpi/>\n    ${f}` });
  }
  add('ps2 off with vmport on', { features: "<acpi/>\n    <ps2 state='off'/>\n    <vmport state='on'/>" });
  add('ps2 off with ps2 mouse', { features: "<acpi/>\n    <ps2 state='off'/>", inputs: `${base.inputs}\n    <input type='mouse' bus='ps2'/>` });
  for (const pages of [
    "<page size='2048' unit='KiB'/>",
    "<page size='1' unit='GiB'/><page size='2' unit='MiB' nodeset='0'/>",
    "<page size='1' unit='GiB'/><page size='2' unit='MiB'/>",
    "<page size='2048' unit='KiB' nodeset='0'/>",
    "<page size='2048' unit='KiB' nodeset='1'/>",
  ]) {
    add(`hugepages ${pages}`, { top: `<memoryBacking><hugepages>${pages}</hugepages></memoryBacking>` });
    add(`hugepages ${pages} with one cell`, { top: `<memoryBacking><hugepages>${pages}</hugepages></memoryBacking>\n  <cpu><numa><cell id='0' cpus='0-1' memory='512' unit='MiB'/></numa></cpu>` });
  }
  add('hugepages nodesets intersect', { top: "<memoryBacking><hugepages><page size='2' unit='MiB' nodeset='0'/><page size='1' unit='GiB' nodeset='0'/></hugepages></memoryBacking>\n  <cpu><numa><cell id='0' cpus='0-1' memory='512' unit='MiB'/></numa></cpu>" });
  const maxMem = "<maxMemory slots='4' unit='GiB'>4</maxMemory>";
  add('maxMemory without numa', { top: maxMem });
  add('maxMemory with numa', { top: `${maxMem}\n  <cpu><numa><cell id='0' cpus='0-1' memory='512' unit='MiB'/></numa></cpu>` });
  for (const node of ['0', '1']) {
    add(`dimm on node ${node}`, { top: `${maxMem}\n  <cpu><numa><cell id='0' cpus='0-1' memory='512' unit='MiB'/></numa></cpu>`, extra: `<memory model='dimm'><target><size unit='MiB'>256</size><node>${node}</node></target></memory>` });
  }
  for (const date of ['01/01/2020', '1/1/20', '13/01/2020', '01/32/2020', '01/01/1850', '2020-01-01', '01/01/99']) {
    add(`sysinfo date ${date}`, { top: `<sysinfo type='smbios'><bios><entry name='vendor'>X</entry><entry name='date'>${date}</entry></bios></sysinfo>`, os: "<boot dev='hd'/>\n    <smbios mode='sysinfo'/>" });
  }
  for (const uuid of ['c7a5fdbd-edaf-9455-926a-d65c16db1809', 'C7A5FDBD-EDAF-9455-926A-D65C16DB1809', 'a94b4335-6a14-8bc4-d6da-f7ea590b6816']) {
    add(`sysinfo uuid ${uuid}`, { top: `<sysinfo type='smbios'><system><entry name='uuid'>${uuid}</entry></system></sysinfo>`, os: "<boot dev='hd'/>\n    <smbios mode='sysinfo'/>" });
  }
  for (const [label, sec] of [
    ['none', "<seclabel type='none'/>"],
    ['none + dac', "<seclabel type='none'/>\n  <seclabel type='dynamic' model='dac'/>"],
    ['dac twice', "<seclabel type='dynamic' model='dac'/>\n  <seclabel type='dynamic' model='dac'/>"],
    ['dac static', "<seclabel type='static' model='dac' relabel='yes'><label>+0:+0</label></seclabel>"],
  ]) {
    add(`seclabel ${label}`, { top: sec });
  }
  for (const [label, sec] of [
    ['relabel no', "<seclabel model='dac' relabel='no'/>"],
    ['relabel yes without label', "<seclabel model='dac' relabel='yes'/>"],
    ['relabel yes with label', "<seclabel model='dac' relabel='yes'><label>+0:+0</label></seclabel>"],
    ['label with relabel no', "<seclabel model='dac' relabel='no'><label>+0:+0</label></seclabel>"],
    ['dac twice', "<seclabel model='dac' relabel='no'/><seclabel model='dac' relabel='no'/>"],
  ]) {
    add(`disk seclabel ${label}`, { disks: base.disks.replace("<source file='/var/lib/libvirt/images/semantics.qcow2'/>", `<source file='/var/lib/libvirt/images/semantics.qcow2'>${sec}</source>`) });
  }
  for (const t of ["<timer name='tsc' present='yes'/>", "<timer name='kvmclock' present='yes'/>", "<timer name='hpet' present='no'/>"]) add(`clock ${t}`, { top: `<clock offset='utc'>${t}</clock>` });

  // Other architectures: aarch64 virt, ppc64 pseries, s390x.
  const arm = { arch: 'aarch64', machine: 'virt', type: 'qemu', osAttrs: " firmware='efi'", os: '', controllers: "<controller type='pci' index='0' model='pcie-root'/>\n    <controller type='usb' index='0' model='qemu-xhci'/>", disks: disk0, chardevs: "<serial type='pty'><target port='0'/></serial>" };
  add('aarch64 base', arm);
  add('aarch64 acpi without uefi', { ...arm, osAttrs: '' });
  add('aarch64 gic', { ...arm, features: "<acpi/>\n    <gic version='3'/>" });
  add('aarch64 tpm 1.2', { ...arm, extra: "<tpm model='tpm-tis'><backend type='emulator' version='1.2'/></tpm>" });
  add('aarch64 smmuv3', { ...arm, extra: "<iommu model='smmuv3'/>" });
  add('aarch64 intel iommu', { ...arm, extra: "<iommu model='intel'/>" });
  add('aarch64 pl011 serial', { ...arm, chardevs: "<serial type='pty'><target type='system-serial' port='0'><model name='pl011'/></target></serial>" });
  add('aarch64 sve disabled with sve128', { ...arm, top: "<cpu mode='custom'><model>cortex-a57</model><feature policy='disable' name='sve'/><feature policy='require' name='sve128'/></cpu>" });
  const ppc = { arch: 'ppc64', machine: 'pseries', type: 'qemu', features: '', os: '', controllers: "<controller type='pci' index='0' model='pci-root'/>\n    <controller type='usb' index='0' model='qemu-xhci'/>", disks: disk0, inputs: "<input type='keyboard' bus='usb'/>", video: '', graphics: '', chardevs: "<serial type='pty'><target type='spapr-vio-serial' port='0'/></serial>" };
  add('ppc64 base', ppc);
  add('ppc64 parallel', { ...ppc, extra: "<parallel type='pty'><target port='0'/></parallel>" });
  add('ppc64 floppy', { ...ppc, extra: diskWith("<target dev='fda' bus='fdc'/>", '', 'floppy', 'file', "<driver name='qemu' type='raw'/>") });
  add('ppc64 panic with address', { ...ppc, extra: "<panic><address type='isa' iobase='0x505'/></panic>" });
  add('ppc64 hpt', { ...ppc, features: "<hpt resizing='enabled'/>" });
  add('ppc64 spapr-vio reg too big', { ...ppc, chardevs: "<serial type='pty'><target type='spapr-vio-serial' port='0'/><address type='spapr-vio' reg='0x100000000'/></serial>" });
  add('ppc64 spapr-vio clash', { ...ppc, chardevs: "<serial type='pty'><target type='spapr-vio-serial' port='0'/><address type='spapr-vio' reg='0x30000000'/></serial>\n    <serial type='pty'><target type='spapr-vio-serial' port='1'/><address type='spapr-vio' reg='0x30000000'/></serial>" });
  for (const [idx, ti] of [['1', '1'], ['1', '0'], ['1', '31'], ['1', '30']]) add(`ppc64 phb index ${idx} target ${ti}`, { ...ppc, extra: `<controller type='pci' index='${idx}' model='pci-root'><model name='spapr-pci-host-bridge'/><target index='${ti}'/></controller>` });
  add('ppc64 phb 0 target 1', { ...ppc, controllers: ppc.controllers.replace("model='pci-root'/>", "model='pci-root'><model name='spapr-pci-host-bridge'/><target index='1'/></controller>") });
  add('ppc64 vcpus not whole cores', { ...ppc, top: "<cpu><topology sockets='1' cores='1' threads='2'/></cpu>" });
  const s390 = { arch: 's390x', machine: 's390-ccw-virtio', type: 'qemu', features: '', os: '', controllers: '', disks: disk0, inputs: '', video: '', graphics: '', interfaces: '', chardevs: "<console type='pty'><target type='sclp' port='0'/></console>" };
  add('s390x base', s390);
  add('s390x parallel', { ...s390, extra: "<parallel type='pty'><target port='0'/></parallel>" });
  add('s390x tsc timer', { ...s390, top: "<clock offset='utc'><timer name='tsc' present='yes'/></clock>" });
  add('s390x panic with address', { ...s390, extra: "<panic model='s390'><address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0005'/></panic>" });
  for (const lp of ['SYS1', 'sys1', 'LOADPARM1', 'SYS1?', 'A.B C']) add(`s390x loadparm ${lp}`, { ...s390, disks: disk0.replace("<target dev='vda' bus='virtio'/>", `<target dev='vda' bus='virtio'/>\n      <boot order='1' loadparm='${lp}'/>`) });
  add('s390x ccw clash', { ...s390, disks: `${disk0.replace('</disk>', "  <address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0001'/>\n    </disk>")}\n    ${diskWith("<target dev='vdb' bus='virtio'/>", "<address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0001'/>")}` });
  for (const uid of ['0x0001', '0x0000', '0x10000']) add(`s390x zpci uid ${uid}`, { ...s390, extra: `${nicAt(`<address type='pci'><zpci uid='${uid}' fid='0x1'/></address>`)}` });
  add('s390x two zpci same uid', { ...s390, extra: `${nicAt("<address type='pci'><zpci uid='0x0005' fid='0x1'/></address>")}\n    ${nicAt("<address type='pci'><zpci uid='0x0005' fid='0x2'/></address>").replace('57', '58')}` });
  // Sweeps: the same knob over a range of values, where users' values vary most.
  for (let slot = 1; slot <= 0x1f; slot++) {
    const hex = `0x${slot.toString(16).padStart(2, '0')}`;
    add(`virtio disk at 00:${hex}.0`, { extra: diskWith("<target dev='vdb' bus='virtio'/>", pciAddr('0x00', hex)) });
    if (slot >= 3 && slot <= 0x1d) add(`two nics at 00:${hex}.0`, { extra: `${nicAt(pciAddr('0x00', hex))}\n    ${nicAt(pciAddr('0x00', hex)).replace('57', '58')}` });
  }
  for (let e = 5; e <= 12; e++) {
    for (const n of [2 ** e, 2 ** e + 1, 2 ** e - 1]) {
      add(`rx_queue_size=${n} sweep`, { interfaces: nic(`<mac address='52:54:00:12:34:56'/>\n      <source network='default'/>\n      <model type='virtio'/>\n      <driver name='vhost' rx_queue_size='${n}'/>`, 'network') });
    }
  }
  for (let b = 0; b < 16; b++) {
    const mac = `${b.toString(16).padStart(2, '0')}:16:3e:00:00:01`;
    add(`mac first byte ${mac}`, { interfaces: nic(`<mac address='${mac}'/>\n      <model type='virtio'/>`) });
  }
  for (let i = 2; i < 26; i++) add(`extra disk vd${String.fromCharCode(97 + i)}`, { extra: diskWith(`<target dev='vd${String.fromCharCode(97 + i)}' bus='virtio'/>`) });
  for (const type of ['scsi', 'sata', 'virtio-serial', 'ccid']) {
    for (const index of ['0', '1', '2']) {
      add(`two ${type} controllers index ${index}`, { extra: `<controller type='${type}' index='${index}'/>\n    <controller type='${type}' index='${index}'/>` });
      add(`${type} controllers index ${index} and ${Number(index) + 1}`, { extra: `<controller type='${type}' index='${index}'/>\n    <controller type='${type}' index='${Number(index) + 1}'/>` });
    }
  }
  for (const [unit, size] of [['MiB', '1'], ['MiB', '8'], ['MiB', '48'], ['KiB', '1024'], ['KiB', '1536'], ['B', '1048576'], ['B', '1000000'], ['GiB', '1']]) {
    add(`tseg ${size} ${unit}`, { features: `<acpi/>\n    <smm state='on'><tseg unit='${unit}'>${size}</tseg></smm>` });
  }
  for (const [unit, size] of [['M', '1'], ['M', '2'], ['M', '64'], ['M', '100'], ['K', '512'], ['K', '2048'], ['G', '2'], ['B', '2097152'], ['B', '2097153'], ['M', '0']]) {
    add(`shmem sweep ${size}${unit}`, { extra: `<shmem name='shmem1'><model type='ivshmem-plain'/><size unit='${unit}'>${size}</size></shmem>` });
  }
  for (const order of ['1', '2', '5']) {
    add(`nic and disk boot order ${order}`, { os: '', disks: base.disks.replace("<target dev='vda' bus='virtio'/>", `<target dev='vda' bus='virtio'/>\n      <boot order='${order}'/>`), interfaces: base.interfaces.replace("<model type='virtio'/>", "<model type='virtio'/>\n      <boot order='2'/>") });
  }
  for (let i = 1; i < 26; i++) add(`extra sata disk sd${String.fromCharCode(97 + i)}`, { extra: diskWith(`<target dev='sd${String.fromCharCode(97 + i)}' bus='sata'/>`) });
  for (let port = 1; port <= 9; port++) {
    add(`tablet behind hub at 1.${port}`, { inputs: `<hub type='usb'><address type='usb' bus='0' port='1'/></hub>\n    <input type='tablet' bus='usb'><address type='usb' bus='0' port='1.${port}'/></input>` });
  }
  for (const t of ['0', '1', '100', '65534', '65535', '65536', '100000']) add(`bootmenu sweep timeout=${t}`, { os: `<boot dev='hd'/>\n    <bootmenu enable='yes' timeout='${t}'/>` });
  return k;
}

/** The whole-domain corpus (every knob, in order; ids 'dd0000'…). */
export function domainCorpus(): OracleCase[] {
  return knobs().map(([mutation, change], i) => {
    const id = `dd${String(i).padStart(4, '0')}`;
    return { id, mutation, xml: render({ ...base, ...change }, `semantics-${id}`) };
  });
}

/** The unmutated base document (libvirt accepts it; we report no error). */
export function domainBaseDocument(): string {
  return render(base, 'semantics-base');
}
