// Rule family: XML well-formedness. The parser already found the problems;
// this turns them into findings (libvirt refuses any document libxml2 rejects).

import type { XmlDocument } from '../../xml/nodes';
import type { Finding } from '../types';

export function checkXmlSyntax(xml: XmlDocument): Finding[] {
  return xml.problems.map((p) => ({ code: p.code, start: p.start, end: p.end, message: p.message }));
}

/** libxml2 (libvirt's parser) refuses a document with any of these, except a DOCTYPE. */

