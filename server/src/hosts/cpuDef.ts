// A CPU definition as libvirt's cpu_conf reads it (host or guest type), read
// from our XML tree with libvirt's rules and error texts, and written back in
// the layout `virsh cpu-baseline` prints. Pure data; no catalog needed.

import { attributeValue, decodeEntities, firstChild, type XmlElement } from '../xml/nodes';

export type CpuType = 'host' | 'guest';
export type CpuMode = 'custom' | 'host-model' | 'host-passthrough' | 'maximum';
export type CpuMatch = 'exact' | 'minimum' | 'strict';
export type FeaturePolicy = 'force' | 'require' | 'optional' | 'disable' | 'forbid';

export interface CpuFeature {
  name: string;
  /** undefined for a host CPU: every listed feature is simply present. */
  policy: FeaturePolicy | undefined;
}

export interface CpuSignature {
  family: number;
  model: number;
  stepping: number;
}

export interface CpuDef {
  type: CpuType;
  /** Guest CPUs only (libvirt's default: custom). */
  mode: CpuMode | undefined;
  /** Guest CPUs only (default exact). */
  match: CpuMatch;
  /** Guest CPUs: the check attribute when written. */
  check: string | undefined;
  /** Guest CPUs: model fallback (default allow). */
  fallback: 'allow' | 'forbid';
  /** Host CPUs: the `<arch>` text. */
  arch: string | undefined;
  model: string | undefined;
  vendor: string | undefined;
  signature: CpuSignature | undefined;
  features: CpuFeature[];
}

/** libvirt's architecture names (virArchFromString). */
const knownArchs = new Set(
  (
    'alpha armv6l armv7l armv7b aarch64 cris i686 ia64 lm32 loongarch64 m68k microblaze microblazeel mips mipsel mips64 mips64el ' +
    'openrisc parisc parisc64 ppc ppcle ppc64 ppc64le ppcemb riscv32 riscv64 s390 s390x sh4 sh4eb sparc sparc64 unicore32 x86_64 xtensa xtensaeb'
  ).split(' '),
);

const modes: ReadonlySet<string> = new Set<CpuMode>(['custom', 'host-model', 'host-passthrough', 'maximum']);
const matches: ReadonlySet<string> = new Set<CpuMatch>(['exact', 'minimum', 'strict']);
const checks: ReadonlySet<string> = new Set(['default', 'none', 'partial', 'full']);
const policies: ReadonlySet<string> = new Set<FeaturePolicy>(['force', 'require', 'optional', 'disable', 'forbid']);
const onOff: ReadonlySet<string> = new Set(['on', 'off']);

export type ParsedCpu = { ok: true; cpu: CpuDef } | { ok: false; error: string };

/**
 * Reads a `<cpu>` element (or any element holding a CPU definition, such as
 * domain capabilities' host-model `<mode>`) the way libvirt does for `type`:
 * 'auto' makes it a host CPU when it has `<arch>`, a guest CPU otherwise.
 * Returns libvirt's error text (without the "XML error: " prefix) when
 * libvirt would refuse it.
 */
export function parseCpuDef(el: XmlElement, type: CpuType | 'auto'): ParsedCpu {
  const fail = (error: string): ParsedCpu => ({ ok: false, error });
  let cpuType: CpuType;
  if (type === 'auto') {
    if (firstChild(el, 'arch')) {
      if (attributeValue(el, 'match') !== undefined) return fail("'arch' element cannot be used inside 'cpu' element with 'match' attribute'");
      cpuType = 'host';
    } else cpuType = 'guest';
  } else cpuType = type;

  const def: CpuDef = {
    type: cpuType,
    mode: undefined,
    match: 'exact',
    check: undefined,
    fallback: 'allow',
    arch: undefined,
    model: undefined,
    vendor: undefined,
    signature: undefined,
    features: [],
  };

  const mode = attributeValue(el, 'mode');
  if (mode !== undefined) {
    if (cpuType === 'host') return fail('Attribute mode is only allowed for guest CPU');
    if (!modes.has(mode)) return fail(`Invalid mode attribute '${mode}'`);
    def.mode = mode as CpuMode;
  } else if (cpuType === 'guest') def.mode = 'custom';

  const migratable = attributeValue(el, 'migratable');
  if (migratable !== undefined) {
    if (!onOff.has(migratable)) return fail(invalidValue('migratable', el.name, migratable));
    if (def.mode !== 'host-passthrough' && def.mode !== 'maximum') {
      return fail("Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode");
    }
  }

  if (cpuType === 'guest') {
    const match = attributeValue(el, 'match');
    if (match !== undefined) {
      if (!matches.has(match)) return fail(invalidValue('match', el.name, match));
      def.match = match as CpuMatch;
    }
    const check = attributeValue(el, 'check');
    if (check !== undefined) {
      if (!checks.has(check)) return fail(invalidValue('check', el.name, check));
      if (check !== 'default') def.check = check;
    }
    const deprecated = attributeValue(el, 'deprecated_features');
    if (deprecated !== undefined && !onOff.has(deprecated)) return fail(invalidValue('deprecated_features', el.name, deprecated));
  } else {
    const arch = xpathString(firstChild(el, 'arch'));
    if (arch === undefined) return fail('Missing CPU architecture');
    if (!knownArchs.has(arch)) return fail(`Unknown architecture ${arch}`);
    def.arch = arch;
    const microcode = firstChild(el, 'microcode');
    const version = microcode && attributeValue(microcode, 'version');
    if (version !== undefined && parseUInt(version) === undefined) return fail('invalid microcode version');
    const sig = firstChild(el, 'signature');
    if (sig) {
      const family = uintAttr(sig, 'family', true, true);
      if (typeof family === 'string') return fail(family);
      const model = uintAttr(sig, 'model', true, false);
      if (typeof model === 'string') return fail(model);
      const stepping = uintAttr(sig, 'stepping', true, false);
      if (typeof stepping === 'string') return fail(stepping);
      def.signature = { family: family!, model: model!, stepping: stepping! };
    }
  }

  const modelEl = firstChild(el, 'model');
  def.model = xpathString(modelEl);
  if (def.model === undefined && cpuType === 'host') return fail('Missing CPU model name');

  if (cpuType === 'guest' && def.mode !== 'host-passthrough' && def.mode !== 'maximum' && modelEl) {
    const fallback = attributeValue(modelEl, 'fallback');
    if (fallback !== undefined) {
      if (fallback !== 'allow' && fallback !== 'forbid') return fail('Invalid fallback attribute');
      def.fallback = fallback;
    }
    const vendorId = attributeValue(modelEl, 'vendor_id');
    if (vendorId !== undefined && vendorId !== '') {
      if ([...vendorId].length !== 12) return fail('vendor_id must be exactly 12 characters long');
      if (vendorId.includes(',')) return fail('vendor id is invalid');
    }
  }

  def.vendor = xpathString(firstChild(el, 'vendor'));
  if (def.vendor !== undefined && def.model === undefined) return fail('CPU vendor specified without CPU model');

  const topology = firstChild(el, 'topology');
  if (topology) {
    for (const [name, required] of [['sockets', true], ['dies', false], ['clusters', false], ['cores', true], ['threads', true]] as const) {
      const v = uintAttr(topology, name, required, true);
      if (typeof v === 'string') return fail(v);
    }
  }

  const featureEls = el.children.filter((c) => c.name === 'feature');
  if (featureEls.length > 0 && def.model === undefined && def.mode === 'custom') {
    return fail('Non-empty feature list specified without CPU model');
  }
  const seen = new Set<string>();
  for (const f of featureEls) {
    let policy: FeaturePolicy | undefined;
    if (cpuType === 'guest') {
      const p = attributeValue(f, 'policy');
      if (p === undefined) policy = 'require';
      else if (policies.has(p)) policy = p as FeaturePolicy;
      else return fail('Invalid CPU feature policy');
    }
    const name = attributeValue(f, 'name');
    if (name === undefined || name === '') return fail('Invalid CPU feature name');
    if (seen.has(name)) return fail(`CPU feature '${name}' specified more than once`);
    seen.add(name);
    def.features.push({ name, policy });
  }
  return { ok: true, cpu: def };
}

function invalidValue(attr: string, element: string, value: string): string {
  return `Invalid value for attribute '${attr}' in element '${element}': '${value}'.`;
}

/** An unsigned attribute with libvirt's messages; undefined when absent and optional. */
function uintAttr(el: XmlElement, name: string, required: boolean, nonZero: boolean): number | undefined | string {
  const raw = attributeValue(el, name);
  if (raw === undefined) return required ? `Missing required attribute '${name}' in element '${el.name}'` : undefined;
  const v = parseUInt(raw);
  if (v === undefined) return `Invalid value for attribute '${name}' in element '${el.name}': '${raw}'. Expected non-negative integer value`;
  if (nonZero && v === 0) return `Invalid value for attribute '${name}' in element '${el.name}': Zero is not permitted`;
  return v;
}

/** Decimal unsigned 32-bit number as strtoul reads it (leading blanks allowed, nothing after). */
export function parseUInt(raw: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*\+?(\d+)$/.exec(raw);
  if (!m) return undefined;
  const v = Number(m[1]);
  return v <= 0xffffffff ? v : undefined;
}

/**
 * XPath string() of an element: all descendant text, untrimmed; undefined
 * for a missing element or an empty string (libvirt treats both as absent).
 * Iterative.
 */
export function xpathString(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  let out = '';
  const stack: Array<XmlElement | string> = [el];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out += item;
      continue;
    }
    // Interleave texts and children by source position.
    const parts: Array<{ at: number; v: XmlElement | string }> = [];
    for (const t of item.texts) parts.push({ at: t.start, v: t.cdata ? t.raw : decodeEntities(t.raw) });
    for (const c of item.children) parts.push({ at: c.start, v: c });
    parts.sort((a, b) => a.at - b.at);
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i].v);
  }
  return out === '' ? undefined : out;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

/**
 * Formats a CPU definition as libvirt's virCPUDefFormat does (two-space
 * indentation, single quotes, trailing newline): mode/match/check on guest
 * CPUs with a model, `<arch>`, `<model fallback>`, `<vendor>`, `<signature>`
 * on host CPUs, then the features in their current order.
 */
export function formatCpuDef(def: CpuDef): string {
  let attrs = '';
  if (def.type === 'guest' && (def.mode !== 'custom' || def.model !== undefined)) {
    attrs += ` mode='${def.mode ?? 'custom'}'`;
    if ((def.mode ?? 'custom') === 'custom') attrs += ` match='${def.match}'`;
    if (def.check !== undefined) attrs += ` check='${def.check}'`;
  }
  const lines: string[] = [];
  if (def.type === 'host' && def.arch) lines.push(`<arch>${escapeText(def.arch)}</arch>`);
  const formatModel = def.type === 'host' || def.mode === 'custom' || def.mode === 'host-model';
  if (formatModel && def.model !== undefined) {
    const fallback = def.type === 'guest' ? ` fallback='${def.fallback}'` : '';
    lines.push(`<model${fallback}>${escapeText(def.model)}</model>`);
  }
  if (formatModel && def.vendor !== undefined) lines.push(`<vendor>${escapeText(def.vendor)}</vendor>`);
  if (def.type === 'host' && def.signature && def.signature.family) {
    const s = def.signature;
    lines.push(`<signature family='${s.family}' model='${s.model}' stepping='${s.stepping}'/>`);
  }
  for (const f of def.features) {
    if (def.type === 'guest') lines.push(`<feature policy='${f.policy ?? 'require'}' name='${escapeAttr(f.name)}'/>`);
    else lines.push(`<feature name='${escapeAttr(f.name)}'/>`);
  }
  if (lines.length === 0) return `<cpu${attrs}/>\n`;
  return `<cpu${attrs}>\n${lines.map((l) => `  ${l}\n`).join('')}</cpu>\n`;
}
