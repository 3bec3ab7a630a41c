// The format of data/qemu-cpus.json (written by data/generateQemu.ts): per guest
// architecture, what libvirt + QEMU offer an emulated domain's CPU. Plain JSON.

export interface QemuModel {
  name: string;
  /** Vendor domcapabilities reports (IBM for POWER and s390x); absent when 'unknown'. */
  vendor?: string;
  deprecated?: true;
  canonical?: string;
  /** aarch64: the boolean properties QEMU expands for this model (the only feature names `-cpu MODEL,x=on` takes). */
  features?: string[];
  /** riscv64 vendor CPUs: QEMU refuses to turn extensions on ("CPU does not allow enabling extensions"). */
  fixedExtensions?: true;
}

export interface QemuArchData {
  /** The QEMU binary libvirt uses for the arch. */
  binary: string;
  /** The default machine type (canonical name) and its vCPU limit. */
  machine: string;
  maxCpus: number;
  /** `<mode supported>` per CPU mode, for type='qemu' on the generating host. */
  modes: Record<'host-passthrough' | 'host-model' | 'maximum' | 'custom', boolean>;
  /** Models QEMU accepts on the default machine (arm 'virt' takes only some), when QEMU says; others fail at start. */
  machineModels?: string[];
  /** The custom models libvirt accepts (sorted); any other name is refused at start. */
  models: QemuModel[];
  /** Feature property names QEMU takes on `-cpu` for this arch (s390x, riscv64: arch-wide; aarch64: union of the models'). */
  features?: string[];
  /** How `features` was obtained. */
  featureSource: string;
}

export interface QemuCpuData {
  source: {
    libvirtVersion: string;
    qemuVersion: string;
    commands: string[];
    generator: string;
  };
  /** Keyed by domain arch (x86_64, aarch64, armv7l, ppc64, ppc64le, s390x, riscv64). */
  arches: Record<string, QemuArchData>;
}
