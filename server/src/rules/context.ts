// What every rule receives: the typed document, the catalog, the catalog
// architecture the document's CPU definitions are read against, the target
// libvirt release and the loaded hosts. Facts about the document come from
// domain/facts.ts (`domainFacts(ctx.doc)`), never from the raw tree again.

import type { Catalog } from '../catalog/catalog';
import type { LibvirtDocument } from '../domain/libvirtDocument';
import type { HostCpu } from '../hosts/hostCpu';
import type { HostTopology } from '../hosts/topology';
import type { Grammar } from '../schema/grammar';

export interface RuleContext {
  doc: LibvirtDocument;
  catalog: Catalog;
  /** Catalog arch ('x86', 'arm', 'ppc64') for the document's architecture, or undefined when cpu_map has no data for it. */
  arch: string | undefined;
  /** libvirt release the document must work with (setting libvirtXml.targetVersion); empty or absent = the catalog's version. */
  targetVersion?: string;
  /** Hosts the user loaded (files, live connections); empty when none. Host-dependent families stay quiet without them. */
  hosts: readonly HostCpu[];
  /** Host topologies (capabilities files of any architecture) for the pinning family; empty or absent when none. */
  topologies?: readonly HostTopology[];
  /** libvirt's RelaxNG grammar the schema family checks with; absent = the bundled one. */
  grammar?: Grammar;
}
