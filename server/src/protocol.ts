// Custom LSP messages shared by the server and the VS Code client, and the
// settings object both sides agree on. Type-only plus string constants: safe
// to import from the client bundle.

/** Server → client notification: which CPU catalog the server is using. */
export const catalogInfoNotification = 'libvirtXml/catalogInfo';

export interface CatalogInfo {
  /** 'bundled' (data/catalog.json shipped with the extension) or 'host' (a cpu_map directory on this machine). */
  kind: 'bundled' | 'host';
  /** libvirt version of the data, e.g. "11.3.0". */
  libvirtVersion: string;
  /** Human-readable origin, e.g. "/usr/share/libvirt/cpu_map". */
  origin: string;
  /** x86 model and feature counts, for the status bar tooltip. */
  models: number;
  features: number;
  /** Milliseconds spent loading it. */
  loadMs: number;
  /** Why the host cpu_map was not used, when the bundled catalog is a fallback. */
  fallbackReason?: string;
}

export type SeverityOverride = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** The `libvirtXml.*` settings, as the server reads them (section `libvirtXml`). */
export interface Settings {
  catalog: {
    /** Use the libvirt installed on this machine when found (default true). */
    useHostCpuMap: boolean;
    /** Machine-scoped: a cpu_map directory (or an old single cpu_map.xml) to load instead of auto-detection. */
    cpuMapPath: string;
  };
  diagnostics: {
    /** Turn all diagnostics off (default true = on). */
    enable: boolean;
    /** Per-code severity overrides, e.g. { "cpu-model-unknown": "warning" }. */
    severity: Record<string, SeverityOverride>;
  };
  /** libvirt release to check against, e.g. "9.0.0"; '' = the catalog's version. Newer CPU-area XML is flagged. */
  targetVersion: string;
  /** Server log verbosity. */
  logLevel: 'error' | 'warn' | 'info' | 'debug';
}

export const defaultSettings: Settings = {
  catalog: { useHostCpuMap: true, cpuMapPath: '' },
  diagnostics: { enable: true, severity: {} },
  targetVersion: '',
  logLevel: 'info',
};
