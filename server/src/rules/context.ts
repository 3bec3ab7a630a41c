// What every rule receives: the typed document, the catalog, and the catalog
// architecture the document's CPU definitions are read against.

import type { Catalog } from '../catalog/catalog';
import type { LibvirtDocument } from '../domain/libvirtDocument';

export interface RuleContext {
  doc: LibvirtDocument;
  catalog: Catalog;
  /** Catalog arch ('x86', 'arm', 'ppc64') for the document's architecture, or undefined when cpu_map has no data for it. */
  arch: string | undefined;
  /** libvirt release the document must work with (setting libvirtXml.targetVersion); empty or absent = the catalog's version. */
  targetVersion?: string;
}
