// The libvirt releases that added the device- and firmware-area elements,
// attributes and values the whole-domain rule families check, for the
// target-version rule (from the "Since" notes of libvirt 11.3's
// docs/formatdomain.rst). Paths are element names from the root.

export interface SinceEntry {
  /** Element path, e.g. 'domain/devices/disk/throttlefilters'. */
  path: string;
  /** An attribute of that element (absent: the element itself). */
  attribute?: string;
  /** One value of that attribute (absent: the attribute itself). */
  value?: string;
  since: string;
}

export const deviceSince: readonly SinceEntry[] = [
  { path: 'domain/devices/disk/throttlefilters', since: '11.2.0' },
  { path: 'domain/os/loader', attribute: 'stateless', since: '8.6.0' },
  { path: 'domain/devices/panic', attribute: 'model', value: 'pvpanic', since: '9.1.0' },
  { path: 'domain/devices/iommu', attribute: 'model', value: 'smmuv3', since: '5.5.0' },
  { path: 'domain/devices/iommu', attribute: 'model', value: 'virtio', since: '8.3.0' },
  { path: 'domain/devices/tpm', attribute: 'model', value: 'tpm-crb', since: '4.4.0' },
  { path: 'domain/devices/tpm', attribute: 'model', value: 'tpm-spapr', since: '6.1.0' },
  { path: 'domain/devices/tpm', attribute: 'model', value: 'spapr-tpm-proxy', since: '6.5.0' },
  { path: 'domain/devices/graphics', attribute: 'type', value: 'egl-headless', since: '4.6.0' },
  { path: 'domain/devices/video/model', attribute: 'type', value: 'ramfb', since: '5.9.0' },
  { path: 'domain/devices/hostdev', attribute: 'ramfb', since: '5.10.0' },
  { path: 'domain/devices/filesystem/driver', attribute: 'type', value: 'virtiofs', since: '6.2.0' },
];

/** The entries by element path. */
export const deviceSinceByPath: ReadonlyMap<string, readonly SinceEntry[]> = (() => {
  const m = new Map<string, SinceEntry[]>();
  for (const e of deviceSince) {
    const list = m.get(e.path) ?? [];
    list.push(e);
    m.set(e.path, list);
  }
  return m;
})();
