// Custom LSP messages shared by the server and the VS Code client, and the
// settings object both sides agree on. Type-only plus string constants: safe
// to import from the client bundle.

/** Server → client notification: which CPU catalog the server is using. */
export const catalogInfoNotification = 'libvirtXml/catalogInfo';

/**
 * Node options the client starts the server with. Semi-spaces of at most 4 MB
 * (V8 grows them to 16 MB, 32 MB of memory for the young generation, after a
 * large document): with a 1 MB document open the server's RSS was 109 MB and
 * is 94-97 MB, its diagnostics as fast (330-345 ms), and each scavenge, now
 * cheap since per-document data no longer survives them (util/memo.ts), is
 * shorter. The benchmarks start the server the same way.
 */
export const serverNodeOptions: readonly string[] = ['--max-semi-space-size=4'];

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
  /** The RelaxNG grammar diagnostics, completion and hover use. */
  grammar?: GrammarInfo;
}

export interface GrammarInfo {
  /** 'bundled' (data/grammar.json) or 'host' (a schema directory on this machine, compiled at run time). */
  kind: 'bundled' | 'host';
  /** libvirt version of the schemas, e.g. "11.3.0"; "unknown" when nothing on the machine says. */
  libvirtVersion: string;
  /** How the version was found ("the libvirt installed under /usr", "the same files as the bundled libvirt 11.3.0 grammar"). */
  versionFrom?: string;
  /** The schema directory, or "bundled". */
  origin: string;
  /** Document roots the grammar covers. */
  roots: string[];
  patterns: number;
  /** How it was obtained: compiled now, from this process's memory, from the cache on disk, or the bundled grammar itself (same files). */
  source: 'bundled' | 'compiled' | 'memory' | 'disk cache' | 'same as bundled';
  loadMs: number;
  /** Why the host schemas were not used, when the bundled grammar is a fallback. */
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
  schema: {
    /** Use the RelaxNG schemas of the libvirt installed on this machine when found (default true). */
    useHostSchemas: boolean;
    /** Machine-scoped: a schema directory to compile instead of /usr/share/libvirt/schemas. */
    schemasPath: string;
  };
  diagnostics: {
    /** Turn all diagnostics off (default true = on). */
    enable: boolean;
    /** Per-code severity overrides, e.g. { "cpu-model-unknown": "warning" }. */
    severity: Record<string, SeverityOverride>;
  };
  /** libvirt release to check against, e.g. "9.0.0"; '' = the catalog's version. Newer CPU-area XML is flagged. */
  targetVersion: string;
  /** Host CPU descriptions the domain's CPU is checked against. */
  hosts: {
    /** Globs relative to each workspace folder: `virsh capabilities` / `domcapabilities` output or bare host `<cpu>` files. */
    files: string[];
    /** Machine-scoped, trusted workspaces only: libvirt URIs queried with `virsh -c URI domcapabilities`. */
    connections: string[];
    /** Machine-scoped, trusted workspaces only: the virsh program ('' = never run it). */
    virshPath: string;
    /** How long one virsh call may take, in ms. */
    timeoutMs: number;
  };
  /** Server log verbosity. */
  logLevel: 'error' | 'warn' | 'info' | 'debug';
}

export const defaultSettings: Settings = {
  catalog: { useHostCpuMap: true, cpuMapPath: '' },
  schema: { useHostSchemas: true, schemasPath: '' },
  diagnostics: { enable: true, severity: {} },
  targetVersion: '',
  hosts: { files: [], connections: [], virshPath: 'virsh', timeoutMs: 10000 },
  logLevel: 'info',
};

/** Server → client notification, after every host reload: what was loaded and what failed. */
export const hostsInfoNotification = 'libvirtXml/hostsInfo';

/** One host description (or one source that gave none). */
export interface HostInfo {
  /** The name diagnostics use: the file's path relative to its workspace folder, or the connection URI. */
  name: string;
  /** Absolute file path, or the libvirt URI. */
  source: string;
  kind: 'capabilities' | 'domainCapabilities' | 'cpu' | undefined;
  arch: string | undefined;
  model: string | undefined;
  vendor: string | undefined;
  /** Why this source gave no usable host (unreadable, malformed, not x86, virsh failed…). */
  error?: string;
}

export interface HostsInfo {
  /** Loaded hosts first, then sources with an error. */
  hosts: HostInfo[];
  /** Every problem met while loading (also problems of files that still gave hosts). */
  problems: string[];
  /** Number of hosts the CPU is checked against. */
  loaded: number;
  loadMs: number;
}

/** Client → server request: reload the host descriptions now; answers the new HostsInfo. */
export const reloadHostsRequest = 'libvirtXml/reloadHosts';

/**
 * workspace/executeCommand commands the server offers. computeBaseline takes
 * (uri, BaselineCommandOptions) and applies its edit with workspace/applyEdit;
 * checkHosts takes (uri) and answers the markdown report.
 */
export const computeBaselineCommand = 'libvirtXml.computeBaseline';
export const checkHostsCommand = 'libvirtXml.checkHosts';

export interface BaselineCommandOptions {
  /** List every feature of the chosen model (virsh cpu-baseline --features). */
  expandFeatures?: boolean;
  /** Leave out features that block migration (--migratable). */
  migratable?: boolean;
}

export interface BaselineCommandResult {
  /** The edit was applied by the client. */
  applied: boolean;
  /** What happened, for the user. */
  message: string;
  /** The `<cpu>` block computed, when there was one. */
  xml?: string;
}

/**
 * Client → server request: the data of the pinning and topology picture for
 * an open domain document on one loaded host (by name; the first host with a
 * topology when absent or unknown). Computed by the server; the client only draws.
 */
export const topologyPictureRequest = 'libvirtXml/topologyPicture';

export interface TopologyPictureParams {
  uri: string;
  host?: string;
}

export interface TopologyPictureResult {
  /** Names of the loaded hosts that have a topology (capabilities files). */
  hosts: string[];
  /** The host drawn. */
  host?: string;
  picture?: TopologyPicture;
  /** Why there is no picture (no host with a topology, not a domain, document not open). */
  message?: string;
}

// The picture's data (computed by features/hosts/topologyMap.ts, drawn by the client).

export interface PictureCpu {
  id: number;
  /** vCPUs whose affinity includes this CPU, at most 64 (empty when they float over the whole host). */
  vcpus: number[];
  emulator: boolean;
  iothreads: number[];
  /** Two vCPUs pinned here alone, or the emulator/an IOThread on a pinned vCPU's CPU. */
  conflict: boolean;
}

export interface PictureCore {
  /** "core 3", with the cluster and die when the host names them. */
  label: string;
  threads: PictureCpu[];
}

export interface PictureNode {
  id: number;
  memory: string | undefined;
  /** "10 21": distances to cells in id order, when listed. */
  distances: string | undefined;
  sockets: Array<{ label: string; cores: PictureCore[] }>;
}

export interface PictureTask {
  /** "vCPU 0", "emulator", "IOThread 1". */
  label: string;
  kind: 'vcpu' | 'emulator' | 'iothread';
  /** Host CPUs it may run on, as a cpuset; "all" when unrestricted. */
  cpus: string;
  /** y/- for every host CPU id from 0 to the highest. */
  affinity: string;
  /** vCPUs: "socket 0 core 1 thread 0" from the guest topology, and the guest cell. */
  guest?: string;
  /** Host cells its CPUs belong to. */
  hostCells: string;
  /** CPUs it names that the host lacks. */
  missing?: string;
}

export interface TopologyPicture {
  host: string;
  summary: string;
  nodes: PictureNode[];
  guest: {
    vcpus: number;
    topology: string;
    cells: Array<{ id: number; vcpus: string; memory: string; memnode: string | undefined }>;
    memory: string | undefined;
    notes: string[];
  };
  tasks: PictureTask[];
  /** The host checks' findings on this host; `line` (1-based) is filled in by the server. */
  problems: Array<{ code: string; severity: string; message: string; start: number; end: number; line?: number }>;
}
