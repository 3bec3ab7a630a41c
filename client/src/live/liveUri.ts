// `libvirt:` document addresses: `libvirt:/KIND/NAME.xml?CONNECTION`, e.g.
// `libvirt:/domain/web.xml?qemu:///system`. The path names the object (so the
// tab reads "web.xml"), the query carries the connection URI unchanged. Pure:
// works on the path and query strings of a vscode.Uri.

import { objectNameProblem, type VirshObjectKind } from '../../../server/src/io/virsh';

export const liveScheme = 'libvirt';

export interface LiveRef {
  connection: string;
  kind: VirshObjectKind;
  name: string;
}

const kinds: readonly VirshObjectKind[] = ['domain', 'network', 'pool'];

/** The path and query of a live object's document. */
export function liveParts(ref: LiveRef): { path: string; query: string } {
  return { path: `/${ref.kind}/${ref.name}.xml`, query: ref.connection };
}

/** The object a `libvirt:` path and query stand for, or why they do not name one. */
export function parseLive(path: string, query: string): LiveRef | string {
  const m = /^\/(domain|network|pool)\/(.+)\.xml$/.exec(path);
  if (!m || !kinds.includes(m[1] as VirshObjectKind)) return `not a libvirt object address: ${path} (expected /domain/NAME.xml, /network/NAME.xml or /pool/NAME.xml)`;
  const problem = objectNameProblem(m[2]);
  if (problem) return `the name in ${path} ${problem}`;
  if (query === '') return `${path}: no connection URI (the address must end in ?URI)`;
  return { connection: query, kind: m[1] as VirshObjectKind, name: m[2] };
}

/** How the object is named in messages and titles: `domain web on qemu:///system`. */
export function describeLive(ref: LiveRef): string {
  return `${ref.kind === 'pool' ? 'storage pool' : ref.kind} ${ref.name} on ${ref.connection}`;
}
