// Short descriptions, in our own words, of the most used elements, attributes
// and attribute values of domain, network, storage pool and volume XML (the
// ranking is data/usage.json, counted over libvirt's test documents). Hover and
// grammar completion show them above the grammar's facts. The CPU area has its
// own prose in domain/schema.ts and is not repeated here.
//
// Keys, per document kind: `name` (anywhere), `parent/name` (where the meaning
// depends on the parent: disk/source vs interface/source), and either of those
// followed by `@attr` or `@attr=value`. A lookup tries the parent-qualified key
// first, then the bare one.

import type { XmlElement } from '../xml/nodes';

export type DescribedKind = 'domain' | 'network' | 'pool' | 'volume';

const domain: Record<string, string> = {
  // The document and its general metadata
  domain: 'One virtual machine: its identity, resources, boot setup and devices. `virsh define` stores it as a persistent guest; `virsh create` starts a transient one.',
  'domain@type': 'Which hypervisor driver runs the guest. `kvm` uses hardware virtualization, `qemu` emulates the CPU in software; others are `xen`, `lxc`, `hvf`, `test`…',
  'domain@type=kvm': 'Run under QEMU with KVM acceleration: guest code executes directly on the host CPU. Needs /dev/kvm on the host, and a guest architecture the host CPU can run natively.',
  'domain@type=qemu': 'Plain QEMU emulation (TCG) without KVM. Works on any host and for foreign architectures, but is many times slower; pick `kvm` when the host supports it.',
  'domain/name': 'The short name of the guest, used by `virsh` commands (`virsh start NAME`). Must be unique on the host; avoid `/` and leading dots, as it is also used in file names.',
  'domain/uuid': 'The guest\'s permanent identifier, in the form 8-4-4-4-12 hex digits. Generated when left out; keep it when copying a definition to another host, change it when cloning a guest.',
  'domain/os': 'How the guest boots: the machine type and architecture, firmware, boot order, or a kernel to load directly.',
  'domain/devices': 'Holds every virtual device of the guest: disks, network cards, controllers, graphics, consoles and the rest.',
  'domain/memory': 'The most memory the guest can have at boot (default unit KiB). With a memory balloon the guest may run with less (`<currentMemory>`).',
  'domain/memory@unit': 'The unit of the number: `KiB` when left out; `b`, `KB`, `MiB`, `MB`, `GiB`, `GB`, `TiB`… Binary units (KiB = 1024 bytes) and decimal ones (KB = 1000) both exist, so `G` and `GB` differ.',
  'domain/currentMemory': 'The memory the guest actually gets at start when a balloon driver can give some back; at most `<memory>`. Leave it out to give the guest all of `<memory>`.',
  'domain/currentMemory@unit': 'The unit of the number: `KiB` when left out; also `MiB`, `GiB`, `MB`, `GB` and others (binary and decimal units differ).',
  'domain/clock': 'How the guest\'s real-time clock is set at boot and which virtual timers it sees.',
  'domain/clock@offset': 'What the guest\'s real-time clock starts at: `utc`, `localtime` (the host\'s time zone), `timezone` (a named zone) or `variable` (an offset kept across restarts).',
  'domain/clock@offset=utc': 'The guest clock starts at the host\'s UTC time: right for Linux and most other systems. Windows expects `localtime` unless told its clock is UTC.',
  'domain/on_poweroff': 'What libvirt does when the guest powers itself off: usually `destroy` (stop it); `restart`, `preserve` and `rename-restart` are the other choices.',
  'domain/on_reboot': 'What libvirt does when the guest reboots: usually `restart`; `destroy` turns a reboot into a stop (handy for installers that should not boot again).',
  'domain/on_crash': 'What libvirt does when the guest crashes (as seen through a panic device): `destroy`, `restart`, `preserve` (keep it for debugging), or the `coredump-` variants that save a memory dump first.',
  'domain/features': 'Machine features switched on or off for the guest: ACPI, APIC, PAE, Hyper-V enlightenments, the ARM GIC version, and so on.',
  'features/acpi': 'Give the guest ACPI tables. Needed for a clean shutdown via `virsh shutdown` and for most modern operating systems; on aarch64 it also needs UEFI firmware.',
  'features/apic': 'Give the guest an APIC interrupt controller (x86). Needed by practically every SMP or modern guest; `eoi` tunes end-of-interrupt handling.',
  // Operating system and boot
  'os/type': 'The kind of guest: `hvm` for a fully virtualized machine (what QEMU/KVM runs), `linux` for a Xen paravirtualized one, `exe` for a container\'s program.',
  'os/type@arch': 'The CPU architecture the guest sees, such as `x86_64`, `aarch64`, `ppc64le` or `s390x`. A different one than the host\'s needs `type=\'qemu\'` emulation.',
  'os/type@arch=x86_64': '64-bit x86 (Intel and AMD). The usual architecture for KVM on PC servers.',
  'os/type@arch=aarch64': '64-bit ARM. With KVM it needs an ARM host; the usual machine type is `virt`, booted with UEFI firmware.',
  'os/type@arch=ppc64': 'Big-endian 64-bit POWER. Most current POWER Linux guests are little-endian and use `ppc64le` instead; the machine type is `pseries`.',
  'os/type@arch=s390x': 'IBM Z mainframe. The machine type is `s390-ccw-virtio`; devices sit on the channel subsystem (`ccw` addresses) rather than PCI.',
  'os/type@machine': 'The QEMU machine type: `pc` (i440FX) or `q35` on x86, `virt` on ARM, `pseries` on POWER. A versioned name such as `pc-q35-9.2` keeps the virtual hardware the same across QEMU upgrades; a bare alias is expanded to the newest version when the guest is defined.',
  'os/boot': 'One boot device to try, in the order the elements are written. It cannot be mixed with per-device `<boot order=\'N\'/>` elements; use one scheme or the other.',
  'os/boot@dev': 'Which kind of device to boot from: `hd` (disk), `cdrom`, `network` (PXE) or `fd` (floppy).',
  'os/boot@dev=hd': 'Boot from the first hard disk the firmware finds.',
  'os/boot@dev=cdrom': 'Boot from the CD/DVD drive, typically an installer ISO.',
  'os/boot@dev=network': 'Boot over the network (PXE), through the first network card that has boot firmware.',
  'os/loader': 'The firmware image the guest starts from, such as an OVMF/AAVMF UEFI build (`/usr/share/OVMF/OVMF_CODE.fd`). Usually simpler to let `<os firmware=\'efi\'>` pick one.',
  'os/loader@type': '`pflash` maps the firmware as flash memory (UEFI, with a writable variable store) and `rom` as read-only memory (SeaBIOS style).',
  // Devices
  'devices/emulator': 'The program that runs the guest, e.g. `/usr/bin/qemu-system-x86_64` (`/usr/libexec/qemu-kvm` on RHEL and similar). It must exist on the host; the path differs between distributions, so drop the line when moving a definition.',
  disk: 'A storage device the guest sees: a disk, CD-ROM, floppy or SCSI LUN, backed by a file, block device, network volume or pool volume.',
  'disk@type': 'Where the data lives: `file` (an image file), `block` (a host block device), `network` (NBD, iSCSI, Ceph RBD…), `volume` (a libvirt storage pool volume), `dir`, `nvme`, `vhostuser`.',
  'disk@type=file': 'The disk is an image file on the host, named by `<source file=…>`. The file\'s format (raw, qcow2…) goes in `<driver type=…>`.',
  'disk@type=block': 'The disk is a host block device (a partition, LVM volume or multipath device), named by `<source dev=…>`.',
  'disk@device': 'How the guest sees it: `disk` (a hard disk), `cdrom`, `floppy`, or `lun` (SCSI pass-through of a real LUN). Defaults to `disk`.',
  'disk@device=disk': 'A normal hard disk.',
  'disk@device=cdrom': 'A CD/DVD drive; always read-only. The `<source>` may be left out for an empty drive, and the medium changed with `virsh change-media`.',
  'disk/source': 'Where the disk\'s data comes from on the host: the attribute depends on the disk type (`file=`, `dev=`, `protocol=` with `name=`, `pool=` with `volume=`…).',
  'disk/source@file': 'The path of the image file on the host. The QEMU process must be allowed to read it (file permissions, SELinux or AppArmor labels that libvirt applies).',
  'disk/source@dev': 'The path of the host block device, such as `/dev/vg0/guest` or a `/dev/disk/by-id/…` name (stable across reboots, unlike `/dev/sdb`).',
  'disk/target': 'How the disk appears inside the guest: its device name and the bus it is attached to.',
  'disk/target@dev': 'The device name suggested to the guest (`vda`, `sda`, `hda`…); the prefix should match the bus. libvirt uses it to order the disks and pick addresses, but the guest\'s own naming may still differ, so mount by UUID or label inside the guest.',
  'disk/target@bus': 'The bus the disk hangs on: `virtio` (fastest, needs drivers in the guest), `sata`, `scsi`, `ide` (old but widely supported), `usb`, `fdc` for floppies.',
  'disk/target@bus=virtio': 'A paravirtual virtio-blk disk: the fastest choice. Linux has the driver built in; Windows needs the virtio-win drivers installed first.',
  'disk/target@bus=ide': 'An emulated IDE disk: slow, but understood by almost any guest. Only on the `pc` (i440FX) machine type; q35 has SATA instead.',
  'disk/driver': 'How the hypervisor opens the disk: the driver, the image format, and caching and I/O options.',
  'disk/driver@name': 'The backend driver; with QEMU it is always `qemu`.',
  'disk/driver@type': 'The format of the image: `raw`, `qcow2`, `vmdk`… Set it explicitly: libvirt does not guess the format from the image\'s content (a guest could forge a header), so a qcow2 file without it is not read as qcow2.',
  'disk/driver@type=raw': 'A plain byte-for-byte image, or a block device. Fastest, but no snapshots or backing files inside the image.',
  'disk/driver@type=qcow2': 'QEMU\'s copy-on-write format: grows as data is written, supports internal snapshots and backing files. Declaring a qcow2 file as `raw` would show the guest the qcow2 metadata instead of its data.',
  'disk/readonly': 'The guest may only read this disk. CD-ROMs are always read-only.',
  controller: 'A bus controller the other devices attach to (PCI, USB, SATA, SCSI, IDE, virtio-serial…). libvirt adds the ones a device needs when they are missing.',
  'controller@type': 'The kind of bus: `pci`, `usb`, `sata`, `scsi`, `ide`, `fdc`, `virtio-serial`, `ccid`, `xenbus`, `isa`.',
  'controller@type=pci': 'A PCI or PCIe bus, root port or bridge. The machine type decides the root (`pci-root` on pc, `pcie-root` on q35); libvirt adds root ports and bridges as devices need them.',
  'controller@type=usb': 'A USB host controller for USB disks, tablets, keyboards and redirected devices; `model` picks UHCI, EHCI or xHCI (USB 3).',
  'controller@type=ide': 'The IDE controller built into the `pc` machine type; IDE disks and CD-ROMs attach to it.',
  'controller@type=sata': 'A SATA (AHCI) controller. The q35 machine has one built in at index 0, where SATA disks and CD-ROMs go.',
  'controller@type=scsi': 'A SCSI host adapter. Use `model=\'virtio-scsi\'` for good performance with many disks, TRIM/discard or SCSI LUN pass-through.',
  'controller@type=virtio-serial': 'A virtio-serial controller that carries the guest\'s virtio channels and consoles (such as the QEMU guest agent channel).',
  'controller@index': 'The number of this controller among those of its type, starting at 0. Device addresses refer to it (`bus=` for PCI, `controller=` for drive addresses), so it must be unique per type.',
  'controller@model': 'The exact device emulated, depending on the type: `pcie-root-port`, `qemu-xhci`, `virtio-scsi`, `piix3-uhci`…',
  'controller@model=pci-root': 'The root PCI bus of the `pc` (i440FX) machine type; it is implied and cannot be removed.',
  'controller@model=pcie-root': 'The root PCIe complex of the `q35` and ARM `virt` machines. Devices are not plugged into it directly but into root ports.',
  'controller@model=pcie-root-port': 'A PCIe root port: one slot for one device, which can be hot-plugged. On q35 every PCIe device needs one; leave a few spare ones to hot-plug devices later.',
  'controller@model=piix3-uhci': 'The USB 1.1 controller of the old PIIX3 chipset: slow; `qemu-xhci` (USB 3) works better with modern guests.',
  'controller@model=none': 'No USB controller at all (and so no USB devices). Often used for headless servers.',
  'controller/target': 'Settings of a PCI controller as the guest sees it, such as the chassis and port numbers of a root port.',
  'controller/model': 'The QEMU device that implements a PCI controller (for example `pcie-root-port` or `ioh3420`); libvirt fills it in.',
  'controller/model@name': 'The QEMU device name of the controller, filled in by libvirt so the virtual hardware stays the same across upgrades.',
  address: 'Where the device sits on its bus as the guest sees it. libvirt assigns addresses when left out and keeps them, so the guest sees a stable layout.',
  'address@type': 'The kind of address: `pci`, `drive` (controller/bus/target/unit for IDE, SATA, SCSI disks), `virtio-serial`, `ccw` (s390), `usb`, `isa`…',
  'address@type=pci': 'A PCI address: domain, bus, slot and function (`0000:00:03.0`). The bus is the index of a PCI controller.',
  'address@type=drive': 'A disk\'s place on an IDE, SATA or SCSI controller: controller index, bus, target and unit.',
  'address@domain': 'The PCI domain (segment); practically always `0x0000`.',
  'address@bus': 'The bus number: for PCI, the index of the PCI controller; for a drive address, the bus on that controller (IDE has 0 and 1).',
  'address@slot': 'The PCI slot (0x00–0x1f). Slot 0 of a bus and the slots the machine type uses itself are not free for devices.',
  'address@function': 'The PCI function (0–7) within a slot; non-zero only for multifunction devices.',
  'address@multifunction': 'Turn on the multifunction bit of function 0 so further functions of the same slot can be used. Needed when putting several devices into one slot.',
  'address@multifunction=on': 'This slot holds several functions; set it on function 0 of the slot.',
  'address@controller': 'The index of the disk controller (of the disk\'s bus type) the drive attaches to.',
  'address@target': 'The target number on the controller\'s bus (SCSI target ID).',
  'address@unit': 'The unit number on the bus: for IDE 0 is the master and 1 the slave; for SCSI it is the LUN.',
  input: 'An input device: mouse, keyboard, tablet (absolute pointer) or a host device passed through.',
  'input@type': '`mouse`, `keyboard`, `tablet` (reports absolute positions, so the pointer follows the cursor over VNC/SPICE without drifting), `passthrough` or `evdev`.',
  'input@type=mouse': 'A relative-motion mouse. On x86 a PS/2 mouse is always present; over VNC or SPICE a tablet tracks the pointer better.',
  'input@type=keyboard': 'A keyboard. On x86 a PS/2 keyboard is always present; a virtio or USB one may be added.',
  'input@bus': 'How the input device is connected: `ps2` (built into x86 machines), `usb`, `virtio`, `xen`.',
  'input@bus=ps2': 'The PS/2 port of x86 machines; libvirt lists the implied PS/2 mouse and keyboard even when they are not written.',
  audio: 'An audio backend: where the guest\'s sound goes on the host (nowhere, PulseAudio, PipeWire, SPICE, a file…). Sound devices refer to it by id.',
  'audio@id': 'The number of this audio backend, from 1; sound devices and graphics refer to it.',
  'audio@type': 'Where the sound goes on the host: `none`, `pulseaudio`, `pipewire`, `alsa`, `spice`, `file`, `dbus`…',
  'audio@type=none': 'Sound is accepted but thrown away: the guest\'s sound card works and nothing is heard. libvirt often adds this backend itself when none is written.',
  memballoon: 'The memory balloon device, through which the host can reclaim memory from a running guest and read its memory statistics. libvirt adds a virtio one for QEMU guests when left out.',
  'memballoon@model': 'The device: `virtio` (also `virtio-transitional` or `virtio-non-transitional`), `xen`, or `none` to have no balloon at all.',
  'memballoon@model=virtio': 'A virtio balloon; needs a balloon driver in the guest (Linux has one; Windows needs virtio-win).',
  'memballoon@model=none': 'No balloon: the guest always keeps all of `<memory>`. Common with passed-through PCI devices or pinned memory, where ballooning cannot work.',
  video: 'The guest\'s graphics adapter, which `<graphics>` shows remotely. libvirt adds a default one when a `<graphics>` is written without any.',
  'video/model': 'Which adapter is emulated and how much video memory it has.',
  'video/model@type': '`virtio` (recommended for modern Linux), `qxl` (SPICE), `vga`/`bochs` (simple and compatible), `cirrus` (very old), `ramfb`, or `none`.',
  'video/model@type=cirrus': 'An emulated Cirrus Logic card: understood by very old guests, but slow and limited in resolution; prefer `virtio`, `qxl` or `vga`.',
  'video/model@vram': 'Video memory in KiB. Larger values allow higher resolutions or more screens.',
  'video/model@heads': 'How many screens (monitors) the adapter offers; usually 1.',
  'video/model@primary': 'With several video devices, marks the one the guest boots on and shows first.',
  'video/model@primary=yes': 'This adapter is the primary display; at most one may say so.',
  graphics: 'How the guest\'s screen is reached from outside: a VNC or SPICE server, a local SDL window, or D-Bus.',
  'graphics@type': '`vnc`, `spice`, `sdl` (a window on the host), `rdp`, `egl-headless`, `dbus`.',
  'graphics@type=vnc': 'A VNC server for the console. Set a password or listen on localhost only: anyone who can reach the port otherwise gets the console.',
  'graphics/listen': 'Where the graphics server accepts connections: an address, a libvirt network, a UNIX socket, or none.',
  'graphics/listen@type': '`address` (an IP address, `127.0.0.1` by default), `network` (the address of a libvirt network), `socket` (a UNIX socket) or `none`.',
  interface: 'A network card of the guest and how it connects to the host: a libvirt network, a host bridge, user-mode networking, macvtap, or a passed-through device.',
  'interface@type': '`network` (a libvirt virtual network), `bridge` (an existing host bridge), `user` (no host setup needed), `direct` (macvtap on a host NIC), `ethernet`, `hostdev`, `vhostuser`, `vdpa`…',
  'interface@type=user': 'User-mode networking (SLIRP or passt): works without root or any host setup, but the guest is behind NAT and cannot be reached from outside without port forwarding.',
  'interface/mac': 'The card\'s MAC address. libvirt generates one (52:54:00:…) when it is left out; keep it fixed, since guests bind settings and licences to it.',
  'interface/mac@address': 'A unicast MAC address, such as `52:54:00:12:34:56`. It must be unique on the network it joins; a copied definition with the same MAC causes hard-to-trace network problems.',
  'interface/model': 'Which network card is emulated.',
  'interface/model@type': '`virtio` (fastest; drivers needed on Windows), `e1000e` or `e1000` (Intel, widely supported), `rtl8139` (old)…',
  console: 'A text console for the guest, reachable with `virsh console`. It often shares the first serial port.',
  'console@type': 'How the host side is exposed: `pty` (a pseudo-terminal, what `virsh console` uses), `file`, `unix`, `tcp`…',
  'console@type=pty': 'A pseudo-terminal that libvirt allocates at start; `virsh console` connects to it.',
  'console/target': 'What the console is in the guest: a serial port, a virtio console, or the s390 SCLP console.',
  'console/target@type': '`serial` (the first serial port), `virtio` (a virtio console, `hvc0` in Linux), `sclp`/`sclplm` (s390), `xen`…',
  'console/target@type=serial': 'The console is the guest\'s first serial port (`ttyS0` in Linux); `<serial>` and `<console>` then describe the same device.',
  'console/target@port': 'The port number of the console in the guest, from 0.',
  serial: 'A serial port of the guest and where its data goes on the host.',
  'serial@type': 'The host side: `pty`, `file`, `unix` (a socket), `tcp`, `udp`, `null`, `stdio`…',
  'serial@type=pty': 'The serial port is connected to a pseudo-terminal on the host.',
  'serial/target': 'The kind of serial port the guest sees and its number.',
  'serial/target@port': 'The serial port\'s number in the guest (0 is COM1 or `ttyS0`).',
  'serial/target@type': 'The kind of serial port: `isa-serial` (x86), `pci-serial`, `usb-serial`, `system-serial` (ARM/POWER), `sclp-serial` (s390)…',
  'target/model': 'The QEMU device that implements the serial port (`isa-serial`, `pl011`, `spapr-vty`…); libvirt usually fills it in.',
  'target/model@name': 'The QEMU device name of the serial port; it must fit the target type.',
  watchdog: 'A virtual watchdog timer: if the guest stops resetting it (for instance because it hung), libvirt takes the `action`.',
  'watchdog@model': '`i6300esb` (PCI), `ib700` (ISA), `itco` (built into q35), `diag288` (s390). The guest needs the matching driver and a watchdog daemon.',
  'watchdog@model=itco': 'The Intel TCO watchdog that is part of the q35 chipset.',
  'watchdog@action': 'What happens when the watchdog fires: `reset`, `shutdown`, `poweroff`, `pause`, `dump`, `inject-nmi` or `none`.',
  'watchdog@action=reset': 'The guest is reset (like pressing the reset button) when it stops feeding the watchdog.',
  panic: 'A device through which the guest reports that its kernel crashed, so libvirt can apply `<on_crash>`.',
  'panic@model': '`isa` (pvpanic on x86), `pvpanic` (PCI), `pseries`, `s390`, `hyperv` (Windows crash reporting).',
  hostdev: 'A physical host device given to the guest: a PCI card, a USB device, a SCSI disk or a mediated device (vGPU).',
  'hostdev@mode': '`subsystem` passes a device through to a virtual machine; `capabilities` (containers only) gives a container access to a host device node.',
  'hostdev@mode=subsystem': 'Pass a PCI, USB, SCSI or mediated device to the guest. PCI needs an IOMMU on the host and VFIO.',
  'hostdev@type': 'What kind of device: `pci`, `usb`, `scsi`, `scsi_host`, `mdev`.',
  'hostdev/source': 'Which host device to hand over: for PCI its host address, for USB its vendor/product or bus/device numbers.',
  'source/address': 'The host\'s address of the passed-through device, as `lspci` (PCI) or `lsusb` (USB) shows it; not the address in the guest.',
};

const network: Record<string, string> = {
  network: 'A virtual network on the host that guests join with `<interface type=\'network\'>`. The usual `default` network gives guests NAT access through a private bridge.',
  'network/name': 'The network\'s name, used by `virsh net-*` commands and by guests\' `<source network=…>`. Must be unique on the host.',
  'network/uuid': 'The network\'s permanent identifier; generated when left out.',
  'network/forward': 'How traffic leaves the network for the outside world. Without it the network is isolated: guests reach each other and the host only.',
  'network/forward@mode': '`nat` (masqueraded through the host, the default), `route` (routed without NAT), `open`, `bridge` (an existing host bridge), `private`/`vepa`/`passthrough` (macvtap), `hostdev` (SR-IOV functions).',
  'network/forward@mode=nat': 'Guests get private addresses and reach the outside through the host\'s address; they cannot be reached from outside unless you add port forwards.',
  'network/forward@mode=bridge': 'Guests join an existing host bridge (or Open vSwitch) that libvirt does not manage: no DHCP or NAT from libvirt, the LAN provides them.',
  'network/forward@mode=hostdev': 'Each guest gets one SR-IOV virtual function of the host NIC from a pool, passed through with VFIO.',
  'network/forward@dev': 'Restrict forwarding to this host interface (for example `eth0`); for the macvtap and hostdev modes, the physical device to use.',
  'network/forward@managed': 'For `hostdev` mode: let libvirt detach each virtual function from its host driver and bind it for passthrough automatically.',
  'network/forward@managed=yes': 'libvirt unbinds the functions from the host driver and rebinds them when the guest stops.',
  'forward/interface': 'One host interface in the pool this network hands out to guests (macvtap and hostdev modes).',
  'forward/interface@dev': 'The host interface\'s name, such as `enp3s0f1`.',
  address: 'The host PCI address of one device in the pool of a `hostdev` network, usually an SR-IOV virtual function.',
  'network/bridge': 'The host bridge device of the network: libvirt creates it (e.g. `virbr0`) for NAT, routed and isolated networks; for `forward mode=\'bridge\'` it names one that exists already.',
  'network/bridge@name': 'The bridge device\'s name, at most 15 characters. libvirt picks a free `virbrN` when left out.',
  'network/bridge@stp': 'Run the Spanning Tree Protocol on the bridge (on by default); it prevents loops when several bridges are connected.',
  'network/bridge@stp=on': 'Spanning tree is on: safe when bridges are linked, at the cost of a short delay before a port forwards traffic.',
  'network/bridge@delay': 'The bridge\'s forward delay in seconds: how long a new port waits before forwarding. 0 is usual for virtual networks.',
  'network/mac': 'The MAC address of the bridge device itself, kept so the host side stays the same across restarts.',
  'network/mac@address': 'A unicast MAC address for the bridge; libvirt generates one when left out.',
  'network/ip': 'An IPv4 or IPv6 address of the host on this network, which is also the guests\' gateway; may carry DHCP and TFTP settings.',
  'network/ip@address': 'The host\'s address on the network, such as `192.168.122.1`.',
  'network/ip@netmask': 'The IPv4 netmask, such as `255.255.255.0`; or use `prefix`.',
  'network/ip@prefix': 'The prefix length (`24` for IPv4 /24, usually `64` for IPv6), in place of a netmask.',
  'network/ip@family': '`ipv4` (the default) or `ipv6`.',
  'ip/dhcp': 'libvirt runs a DHCP server (dnsmasq) on this network and leases addresses to guests.',
  'dhcp/range': 'A range of addresses the DHCP server leases out. It must lie within the network\'s subnet and should leave the host\'s own address out.',
  'dhcp/range@start': 'The first address leased.',
  'dhcp/range@end': 'The last address leased.',
  'dhcp/host': 'A fixed lease: one guest, recognised by MAC address (or name), always gets the same IP address.',
  'dhcp/host@mac': 'The MAC address of the guest\'s interface that gets this lease.',
  'dhcp/host@ip': 'The address given to that guest. It may lie outside the `<range>`.',
  'dhcp/host@name': 'A host name handed to the guest and served by the network\'s DNS.',
  'network/dns': 'The network\'s DNS server (dnsmasq): extra host names, SRV and TXT records, forwarders; `enable=\'no\'` turns it off.',
};

const pool: Record<string, string> = {
  pool: 'A storage pool: a place where libvirt keeps and manages volumes (disk images), such as a directory, an LVM volume group, an NFS share or a Ceph pool.',
  'pool@type': 'What backs the pool: `dir`, `fs` (a local file system libvirt mounts), `netfs` (NFS, CIFS, GlusterFS), `logical` (LVM), `disk`, `iscsi`, `iscsi-direct`, `scsi`, `mpath`, `rbd` (Ceph), `gluster`, `zfs`, `vstorage`.',
  'pool@type=netfs': 'A network file system (NFS, CIFS or GlusterFS) that libvirt mounts on the target directory when the pool starts.',
  'pool/name': 'The pool\'s name, used by `virsh pool-*` and `vol-*` commands and by disks with `<source pool=…>`. Must be unique on the host.',
  'pool/uuid': 'The pool\'s permanent identifier; generated when left out.',
  'pool/capacity': 'The pool\'s total size in bytes. Reported by libvirt and ignored when defining a pool.',
  'pool/allocation': 'How much of the pool is in use, in bytes. Reported by libvirt and ignored when defining a pool.',
  'pool/available': 'The free space left for new volumes, in bytes. Reported by libvirt and ignored when defining a pool.',
  'pool/source': 'Where the pool\'s storage comes from: a host and export, a device, an iSCSI target, a volume group or Ceph pool name, depending on the type.',
  'source/host': 'The server that provides the storage: NFS or Gluster server, iSCSI portal, Ceph monitor.',
  'source/host@name': 'The server\'s host name or IP address.',
  'source/device': 'A host device the pool is made from: a disk to partition, a physical volume for LVM, a block device to mount, or an iSCSI target\'s IQN.',
  'source/device@path': 'The device path (`/dev/sdb`), or for iSCSI the target\'s IQN.',
  'source/dir': 'The exported directory on the server (for `netfs`).',
  'source/dir@path': 'The export\'s path, such as `/srv/images` for `server:/srv/images`.',
  'source/format': 'The format of the source: file system type for `fs`/`netfs` (`nfs`, `cifs`, `glusterfs`, `ext4`…), `lvm2` for `logical`, the partition table for `disk` (`dos`, `gpt`).',
  'source/format@type': 'The format name. Left out, `fs` and `netfs` pools use `auto` and let `mount` work out the file system.',
  'source/name': 'A name that identifies the source: the LVM volume group, the Ceph pool, the Gluster volume, the ZFS pool.',
  'auth/secret': 'The libvirt secret holding the password or key (`virsh secret-define`), named by `uuid` or `usage`.',
  'pool/target': 'Where the pool appears on the host: the directory (or device directory) where its volumes are found.',
  'target/path': 'The host directory of the pool: the directory itself for `dir`, the mount point for `fs`/`netfs`, `/dev/VGNAME` for LVM, `/dev/disk/by-path` for iSCSI.',
  'target/permissions': 'The owner, group, mode and security label libvirt gives the pool\'s directory when it builds the pool.',
  'permissions/mode': 'The octal file mode, such as `0755`.',
  'permissions/owner': 'The numeric user id of the owner (`0` for root, or the id of the QEMU user).',
  'permissions/group': 'The numeric group id.',
};

const volume: Record<string, string> = {
  volume: 'A storage volume: one disk image or device inside a storage pool, created with `virsh vol-create` and given to guests as a disk.',
  'volume/name': 'The volume\'s name, unique within its pool; for file-based pools it is also the file name.',
  'volume/key': 'A unique key libvirt derives for the volume (usually its path). Reported only: ignored when creating a volume.',
  'volume/capacity': 'The size the guest sees. With a sparse or qcow2 image less space may be in use (see `<allocation>`).',
  'volume/capacity@unit': 'The unit of the size: bytes when left out; `K`, `M`, `G` (binary, like `KiB`, `MiB`, `GiB`), or `KB`, `MB`, `GB` (decimal).',
  'volume/allocation': 'How much space to set aside at creation; less than the capacity makes a sparse (thin) volume, 0 allocates as data is written.',
  'volume/source': 'The parts of host devices the volume occupies (extents on a disk or LVM physical volume). Reported by libvirt only.',
  'volume/target': 'Where the volume appears on the host and in which format.',
  'target/path': 'The volume\'s path on the host (the file or device node). Reported by libvirt; the pool decides where it goes.',
  'target/format': 'The image format of the volume.',
  'target/format@type': '`raw`, `qcow2`, `vmdk`, `vdi`…, depending on what the pool supports. A disk using the volume must declare the same format in `<driver type=…>`.',
  'target/format@type=qcow2': 'QEMU\'s copy-on-write format: thin, with snapshots and backing files.',
  'target/permissions': 'The owner, group, mode and security label the new volume\'s file gets.',
  'permissions/mode': 'The octal file mode, such as `0600`.',
  'permissions/owner': 'The numeric user id of the owner.',
  'permissions/group': 'The numeric group id.',
  'permissions/label': 'The SELinux (or other security driver) label of the file.',
  'volume/backingStore': 'The base image of a copy-on-write volume: the new volume records only the changes, and reads everything else from it.',
  'backingStore/path': 'The path of the base image. It must stay in place, unchanged, for as long as any volume uses it.',
  'backingStore/format': 'The format of the base image; state it, since libvirt does not guess formats.',
};

export const descriptions: Readonly<Record<DescribedKind, Readonly<Record<string, string>>>> = { domain, network, pool, volume };

/** The kind of description table for a document's root element name; undefined for the others. */
export function describedKind(rootName: string | undefined): DescribedKind | undefined {
  return rootName === 'domain' || rootName === 'network' || rootName === 'pool' || rootName === 'volume' ? rootName : undefined;
}

/**
 * The description for `key` (`parent/name`, with an optional `@attr` or
 * `@attr=value`; the root is `name`; `*\/name` means any parent): the
 * parent-qualified entry first, then the one for the name anywhere.
 */
export function describeKey(kind: DescribedKind, key: string): string | undefined {
  const table = descriptions[kind];
  const own = (k: string) => (Object.prototype.hasOwnProperty.call(table, k) ? table[k] : undefined);
  const slash = key.indexOf('/');
  const at = key.indexOf('@');
  const hasParent = slash >= 0 && (at < 0 || slash < at);
  if (hasParent && !key.startsWith('*/')) {
    const found = own(key);
    if (found) return found;
  }
  return own(hasParent ? key.slice(slash + 1) : key);
}

function elementKey(el: XmlElement): string {
  return el.parent ? `${el.parent.name}/${el.name}` : el.name;
}

/** What `el` is for, when it is among the described entries. */
export function elementDescription(kind: DescribedKind, el: XmlElement): string | undefined {
  return describeKey(kind, elementKey(el));
}

/** What a child `name` of `parent` (not written yet: a completion item) is for. */
export function childDescription(kind: DescribedKind, parent: XmlElement | undefined, name: string): string | undefined {
  return describeKey(kind, parent ? `${parent.name}/${name}` : name);
}

/** What attribute `name` of `el` is for. */
export function attributeDescription(kind: DescribedKind, el: XmlElement, name: string): string | undefined {
  return describeKey(kind, `${elementKey(el)}@${name}`);
}

/** What `value` of attribute `name` of `el` means. */
export function valueDescription(kind: DescribedKind, el: XmlElement, name: string, value: string): string | undefined {
  return describeKey(kind, `${elementKey(el)}@${name}=${value}`);
}
