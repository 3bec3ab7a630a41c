// Host CPU descriptions read from user files: `virsh capabilities` (host/cpu),
// `virsh domcapabilities` (host-model CPU plus the custom models with their
// usability and blockers) and bare `<cpu>` documents. Also the CPU list
// `virsh cpu-baseline`/`cpu-compare` extract from a file. Pure: text in,
// host descriptions and readable problems out; never throws.

import { parseXml } from '../xml/parser';
import { attributeValue, childrenNamed, firstChild, textContent, type XmlDocument, type XmlElement } from '../xml/nodes';
import { libvirtDocument } from '../domain/libvirtDocument';
import { parseCpuDef, type CpuDef } from './cpuDef';

/** One CPU model of domain capabilities' custom mode. */
export interface DomCapsModel {
  name: string;
  usable: 'yes' | 'no' | 'unknown';
  /** Features QEMU says block the model (`<blockers model=…>`), when listed. */
  blockers: string[] | undefined;
  vendor: string | undefined;
  canonical: string | undefined;
}

export interface HostCpu {
  /** A label for messages: the file name, with "#n" when the file holds several CPUs. */
  name: string;
  kind: 'capabilities' | 'domainCapabilities' | 'cpu';
  /** Architecture as written (capabilities/bare cpu: `<arch>`; domcaps: the document's `<arch>`). */
  arch: string | undefined;
  /**
   * capabilities / bare `<cpu>`: the host CPU as libvirt reads it.
   * domainCapabilities: the host-model CPU (undefined when host-model is not supported).
   */
  cpu: CpuDef | undefined;
  /** domainCapabilities only: the custom models, in document order. */
  models?: DomCapsModel[];
  /** domainCapabilities only: whether each CPU mode is supported (`<mode name supported>`). */
  modes?: Record<string, boolean>;
}

export interface HostRead {
  hosts: HostCpu[];
  /** Readable problems ("name: line 3: …"); a file with problems may still yield hosts. */
  problems: string[];
}

/** Largest host file read (virsh refuses XML files above 10 MiB). */
export const maxHostFileChars = 10 * 1024 * 1024;

/** XML problems that libxml2 would also reject, i.e. the file is not usable as written. */
function fatalProblems(xml: XmlDocument): XmlDocument['problems'] {
  return xml.problems.filter((p) => p.code !== 'xml-multiple-roots' && p.code !== 'xml-doctype');
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Reads every host CPU in `text` (one file). Several top-level elements are
 * accepted, as virsh accepts them. Malformed XML, unknown roots and CPU
 * definitions libvirt would refuse are reported and skipped.
 */
export function readHosts(text: string, name: string): HostRead {
  const problems: string[] = [];
  if (text.length > maxHostFileChars) return { hosts: [], problems: [`${name}: larger than ${maxHostFileChars} characters; not read`] };
  const xml = parseXml(text);
  const fatal = fatalProblems(xml);
  if (fatal.length > 0) {
    const p = fatal[0];
    return { hosts: [], problems: [`${name}: line ${lineOf(text, p.start)}: not well-formed XML: ${p.message}`] };
  }
  const found: Array<Omit<HostCpu, 'name'>> = [];
  for (const root of xml.roots) {
    const view = libvirtDocument({ ...xml, roots: [root] });
    const kind = view?.kind;
    if (kind === 'capabilities') {
      const host = firstChild(root, 'host');
      const cpuEl = host && firstChild(host, 'cpu');
      if (!cpuEl) {
        problems.push(`${name}: capabilities without <host><cpu>`);
        continue;
      }
      const parsed = parseCpuDef(cpuEl, 'auto');
      // Non-x86 hosts often report no model (aarch64): the host is still known by its arch.
      if (!parsed.ok && parsed.error === 'Missing CPU model name' && view!.arch !== undefined && !isX86Name(view!.arch)) found.push({ kind, arch: view!.arch, cpu: undefined });
      else if (!parsed.ok) problems.push(`${name}: line ${lineOf(text, cpuEl.start)}: ${parsed.error}`);
      else found.push({ kind, arch: view!.arch, cpu: parsed.cpu });
    } else if (kind === 'cpu') {
      const parsed = parseCpuDef(root, 'auto');
      if (!parsed.ok) problems.push(`${name}: line ${lineOf(text, root.start)}: ${parsed.error}`);
      else found.push({ kind, arch: parsed.cpu.arch, cpu: parsed.cpu });
    } else if (kind === 'domainCapabilities') {
      const r = readDomainCapabilities(root);
      if (r.problem) problems.push(`${name}: line ${lineOf(text, r.at)}: ${r.problem}`);
      found.push({ kind, arch: view!.arch, cpu: r.cpu, models: r.models, modes: r.modes });
    } else if (kind === 'domain') {
      problems.push(`${name}: a domain definition, not a host description (use virsh capabilities or domcapabilities output)`);
    } else {
      problems.push(`${name}: <${root.name}> is not a host description (expected <capabilities>, <domainCapabilities> or <cpu>)`);
    }
  }
  if (xml.roots.length === 0) problems.push(`${name}: no XML element found`);
  const hosts = found.map((h, i) => ({ ...h, name: found.length > 1 ? `${name}#${i + 1}` : name }));
  return { hosts, problems };
}

function isX86Name(arch: string): boolean {
  return arch === 'x86_64' || arch === 'i686';
}

function readDomainCapabilities(root: XmlElement): { cpu: CpuDef | undefined; models: DomCapsModel[]; modes: Record<string, boolean>; problem?: string; at: number } {
  const cpuEl = firstChild(root, 'cpu');
  const modes: Record<string, boolean> = {};
  let cpu: CpuDef | undefined;
  let problem: string | undefined;
  let at = root.start;
  const models: DomCapsModel[] = [];
  for (const mode of cpuEl ? childrenNamed(cpuEl, 'mode') : []) {
    const modeName = attributeValue(mode, 'name');
    if (modeName !== undefined) modes[modeName] = attributeValue(mode, 'supported') === 'yes';
    if (modeName === 'host-model' && attributeValue(mode, 'supported') === 'yes') {
      const parsed = parseCpuDef(mode, 'guest');
      if (parsed.ok) cpu = parsed.cpu;
      else {
        problem = `host-model CPU: ${parsed.error}`;
        at = mode.start;
      }
    } else if (modeName === 'custom') {
      const blockers = new Map<string, string[]>();
      for (const b of childrenNamed(mode, 'blockers')) {
        const model = attributeValue(b, 'model');
        if (model !== undefined) blockers.set(model, childrenNamed(b, 'feature').flatMap((f) => attributeValue(f, 'name') ?? []));
      }
      for (const m of childrenNamed(mode, 'model')) {
        const modelName = textContent(m);
        if (modelName === '') continue;
        const usable = attributeValue(m, 'usable');
        models.push({
          name: modelName,
          usable: usable === 'yes' || usable === 'no' ? usable : 'unknown',
          blockers: blockers.get(modelName),
          vendor: attributeValue(m, 'vendor'),
          canonical: attributeValue(m, 'canonical'),
        });
      }
    }
  }
  return { cpu, models, modes, problem, at };
}

/**
 * The CPU definitions `virsh cpu-baseline` and `cpu-compare` take from a file,
 * in document order: top-level `<cpu>`, `<domain><cpu>`, capabilities'
 * `<host><cpu>` and domain capabilities' supported host-model `<mode>`.
 */
export function extractCpuElements(xml: XmlDocument): XmlElement[] {
  const out: XmlElement[] = [];
  for (const root of xml.roots) {
    if (root.name === 'cpu') out.push(root);
    else if (root.name === 'domain') out.push(...childrenNamed(root, 'cpu'));
    else if (root.name === 'capabilities') for (const host of childrenNamed(root, 'host')) out.push(...childrenNamed(host, 'cpu'));
    else if (root.name === 'domainCapabilities') {
      for (const cpu of childrenNamed(root, 'cpu')) {
        for (const mode of childrenNamed(cpu, 'mode')) {
          if (attributeValue(mode, 'name') === 'host-model' && attributeValue(mode, 'supported') === 'yes') out.push(mode);
        }
      }
    }
  }
  return out;
}

export type ExtractedCpus = { ok: true; elements: XmlElement[] } | { ok: false; error: string };

/** Parses a file for `virsh cpu-baseline`/`cpu-compare`: its CPU elements, or virsh's complaint. */
export function extractCpus(text: string, name: string): ExtractedCpus {
  if (text.length > maxHostFileChars) return { ok: false, error: `${name}: larger than ${maxHostFileChars} characters; not read` };
  // virsh drops a leading XML declaration and wraps the rest in one element.
  const xml = parseXml(text);
  const fatal = fatalProblems(xml);
  if (fatal.length > 0) return { ok: false, error: `${name}: line ${lineOf(text, fatal[0].start)}: not well-formed XML: ${fatal[0].message}` };
  const elements = extractCpuElements(xml);
  if (elements.length === 0) {
    return {
      ok: false,
      error: `File '${name}' does not contain any <cpu> element or valid domain XML, host capabilities XML, or domain capabilities XML`,
    };
  }
  return { ok: true, elements };
}

/** Short description of a host CPU for messages: "Intel Haswell-noTSX" or "EPYC-Milan". */
export function describeHost(host: HostCpu): string {
  const cpu = host.cpu;
  if (!cpu) return host.kind === 'domainCapabilities' ? 'no host-model CPU' : 'no CPU';
  return [cpu.vendor, cpu.model].filter((s) => s !== undefined).join(' ');
}
