// libvirt 11.3's refusal cases (tests/qemuxmlconfdata/*.err) that no check on
// the document alone can decide, with the reason. libvirt's suite runs each
// case with fake QEMU capabilities of one version and architecture
// (tests/qemuxmlconftest.c), a fake host and fake firmware descriptors; these
// cases fail because of that setting, not because of the document. Every
// other refusal case is counted as caught or missed by qemuxmlconf.test.ts.

export type Undecidable = 'host' | 'qemu-caps' | 'accepted-elsewhere' | 'no-input';

/** Test name → why the document alone does not decide it. */
export const undecidableCases: Readonly<Record<string, [Undecidable, string]>> = {
  'nonexistent-file': ['no-input', 'the test checks a missing input file'],
  'cpu-qemu-host-passthrough': ['host', 'host-passthrough for a TCG domain depends on the hypervisor'],
  'cpu-model-deprecated-features-off': ['qemu-caps', 'runs with QEMU 8.2 capabilities (no deprecated-feature toggling)'],
  'disk-network-rbd-encryption-layering': ['qemu-caps', 'runs with QEMU 7.2 capabilities'],
  'disk-network-rbd-encryption-luks-any': ['qemu-caps', 'runs with QEMU 7.2 capabilities'],
  'disk-network-tlsx509-nbd-hostname': ['qemu-caps', 'runs with QEMU 6.2 capabilities'],
  'machine-i8042-on': ['qemu-caps', 'runs with QEMU 6.2 capabilities'],
  'machine-i8042-off': ['qemu-caps', 'runs with QEMU 6.2 capabilities'],
  'firmware-auto-efi-loader-path-nonstandard': ['host', 'firmware auto-selection reads the firmware descriptors installed on the host'],
  'firmware-auto-efi-nvram-template-nonstandard': ['host', 'firmware auto-selection reads the firmware descriptors installed on the host'],
  'firmware-auto-efi-rw': ['host', 'firmware auto-selection reads the firmware descriptors installed on the host'],
  'firmware-auto-efi-rw-pflash': ['host', 'firmware auto-selection reads the firmware descriptors installed on the host'],
  'hugepages-default-5M': ['host', 'needs a hugetlbfs mount for that page size on the host'],
  'hvf-x86_64-q35-headless': ['host', "the host's emulator must support virt type hvf (macOS only)"],
  'missing-machine': ['host', "the host's emulators decide which architectures exist"],
  'numatune-memnode-unavailable-restrictive': ['host', 'depends on the host NUMA nodes'],
  'numatune-memnode-unavailable-strict': ['host', 'depends on the host NUMA nodes'],
  'numatune-static-nodeset-exceed-hostnode': ['host', 'depends on the host NUMA nodes'],
  'pseries-cpu-compat-power9': ['host', "depends on the host's CPU"],
  'pseries-cpu-compat-power10': ['host', "depends on the host's CPU"],
  'hostdev-vfio-zpci-wrong-arch': ['qemu-caps', 'zPCI exists only in an s390x QEMU binary (capability check)'],
  'usb-controller-nec-xhci-unavailable': ['qemu-caps', 'runs with the nec-xhci capability removed'],
  'usb-controller-default-unavailable-g3beige': ['qemu-caps', 'runs with the default USB controller capabilities removed'],
  'usb-controller-default-unavailable-i440fx': ['qemu-caps', 'runs with the default USB controller capabilities removed'],
  'usb-controller-default-unavailable-mac99': ['qemu-caps', 'runs with the default USB controller capabilities removed'],
  'usb-controller-default-unavailable-mac99ppc': ['qemu-caps', 'runs with the default USB controller capabilities removed'],
  'usb-controller-default-unavailable-powernv9': ['qemu-caps', 'runs with the default USB controller capabilities removed'],
  'usb-controller-default-unavailable-pseries': ['qemu-caps', 'runs with the default USB controller capabilities removed'],
  'usb-controller-default-unavailable-q35': ['qemu-caps', 'runs with the default USB controller capabilities removed'],
  'usb-controller-default-unavailable-versatilepb-armv7l': ['qemu-caps', 'runs with the default USB controller capabilities removed'],
  'tpm-emulator': ['accepted-elsewhere', 'accepted in the normal run; fails only with a fake swtpm that lacks TPM 1.2 (host)'],
  'tpm-emulator-tpm2': ['accepted-elsewhere', 'accepted in the normal run; fails only with a fake swtpm that lacks TPM 2.0 (host)'],
  'virtio-lun': ['accepted-elsewhere', "accepted with QEMU 9.0 capabilities; refused by the latest QEMU (no SCSI emulation in virtio-blk)"],
  's390x-ccw-acpi': ['accepted-elsewhere', 'accepted for an existing domain; refused only when the ABI may be updated (a new define)'],
  'aarch64-noacpi-acpi': ['qemu-caps', "whether machine 'borzoi' has ACPI comes from the QEMU capabilities"],
};
