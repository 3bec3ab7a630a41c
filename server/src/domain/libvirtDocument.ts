// A typed view of a libvirt document over the XML tree: which kind of document
// it is (domain, capabilities, domainCapabilities, bare <cpu>), its
// architecture, and every CPU definition in it. Keeps the elements, so every
// accessor's source range is at hand; never re-parses.

import {
  attributeValue,
  childrenNamed,
  firstChild,
  rootOf,
  textContent,
  type XmlDocument,
  type XmlElement,
} from '../xml/nodes';

export type { DocumentKind } from './documentKind';

/**
 * Where a CPU definition sits, which decides how libvirt reads it:
 * - `guest`: a domain's `<cpu>` (mode, match, check, policies);
 * - `host`: a host CPU (`virsh capabilities` host/cpu, or a bare `<cpu>` with `<arch>`);
 * - `hostModel`: domain capabilities' `<mode name='host-model'>` (libvirt's own expansion);
 * - `bare`: a bare `<cpu>` document without `<arch>`, as given to `virsh cpu-compare` (read as a guest CPU).
 */
export type CpuContext = 'guest' | 'host' | 'hostModel' | 'bare';

export interface CpuDefinition {
  element: XmlElement;
  context: CpuContext;
  /** The mode attribute as written (undefined = libvirt's default, custom). */
  mode: string | undefined;
  model: XmlElement | undefined;
  vendor: XmlElement | undefined;
  features: XmlElement[];
}

export interface LibvirtDocument {
  xml: XmlDocument;
  kind: DocumentKind;
  root: XmlElement;
  /** Architecture as written (domain os/type@arch, capabilities host/cpu/arch, domcaps arch); undefined = not stated. */
  arch: string | undefined;
  /** Element holding the architecture, when written. */
  archElement: XmlElement | undefined;
  cpus: CpuDefinition[];
  /** domainCapabilities `<mode name='custom'>` model list (each `<model>` names a model). */
  customModels: XmlElement[];
}

/** The root element name when it is one libvirt document kind we serve, else undefined. */
export function documentKindOf(xml: XmlDocument): DocumentKind | undefined {
  const root = rootOf(xml);
  return root && libvirtRoots.has(root.name) ? (root.name as DocumentKind) : undefined;
}

import { libvirtRoots, type DocumentKind } from './documentKind';
export { looksLikeLibvirt } from './documentKind';

/** Builds the typed view, or undefined when the root is not a libvirt document. */
export function libvirtDocument(xml: XmlDocument): LibvirtDocument | undefined {
  const kind = documentKindOf(xml);
  const root = rootOf(xml);
  if (!kind || !root) return undefined;
  const doc: LibvirtDocument = { xml, kind, root, arch: undefined, archElement: undefined, cpus: [], customModels: [] };
  switch (kind) {
    case 'domain': {
      const type = firstChild(root, 'os') && firstChild(firstChild(root, 'os')!, 'type');
      if (type) {
        doc.arch = attributeValue(type, 'arch');
        doc.archElement = doc.arch === undefined ? undefined : type;
      }
      for (const cpu of childrenNamed(root, 'cpu')) doc.cpus.push(cpuDefinition(cpu, 'guest'));
      break;
    }
    case 'capabilities': {
      const host = firstChild(root, 'host');
      const cpu = host && firstChild(host, 'cpu');
      if (cpu) {
        setArchFromChild(doc, cpu);
        doc.cpus.push(cpuDefinition(cpu, 'host'));
      }
      break;
    }
    case 'domainCapabilities': {
      setArchFromChild(doc, root);
      const cpu = firstChild(root, 'cpu');
      for (const mode of cpu ? childrenNamed(cpu, 'mode') : []) {
        const name = attributeValue(mode, 'name');
        if (name === 'host-model') doc.cpus.push({ ...cpuDefinition(mode, 'hostModel'), mode: 'host-model' });
        else if (name === 'custom') doc.customModels.push(...childrenNamed(mode, 'model'));
      }
      break;
    }
    case 'cpu': {
      const hasArch = setArchFromChild(doc, root);
      doc.cpus.push(cpuDefinition(root, hasArch ? 'host' : 'bare'));
      break;
    }
  }
  return doc;
}

function setArchFromChild(doc: LibvirtDocument, parent: XmlElement): boolean {
  const arch = firstChild(parent, 'arch');
  if (!arch) return false;
  doc.arch = textContent(arch).trim();
  doc.archElement = arch;
  return true;
}

function cpuDefinition(element: XmlElement, context: CpuContext): CpuDefinition {
  return {
    element,
    context,
    mode: context === 'guest' || context === 'bare' ? attributeValue(element, 'mode') : undefined,
    model: firstChild(element, 'model'),
    vendor: firstChild(element, 'vendor'),
    features: childrenNamed(element, 'feature'),
  };
}

/** The enclosing CPU definition of `el` (itself or an ancestor), if any. */
export function cpuDefinitionOf(doc: LibvirtDocument, el: XmlElement | undefined): CpuDefinition | undefined {
  for (let e = el; e; e = e.parent) {
    const found = doc.cpus.find((c) => c.element === e);
    if (found) return found;
  }
  return undefined;
}
