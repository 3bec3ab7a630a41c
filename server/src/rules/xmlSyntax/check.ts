// Rule family: XML well-formedness. The parser already found the problems;
// this turns them into findings (libvirt refuses any document libxml2 rejects).

import type { XmlDocument } from '../../xml/nodes';
import type { Finding } from '../types';

export function checkXmlSyntax(xml: XmlDocument): Finding[] {
  return xml.problems.map((p) => ({ code: p.code, start: p.start, end: p.end, message: p.message }));
}

/** libxml2 (libvirt's parser) refuses a document with any of these, except a DOCTYPE. */

/** `xml-invalid-encoding` at `offset` of the decoded text: the file's bytes are not valid UTF-8 (found while decoding, so only the CLI reports it). */
export function encodingFinding(offset: number): Finding {
  return {
    code: 'xml-invalid-encoding',
    start: offset,
    end: offset + 1,
    message: 'Input is not proper UTF-8: libvirt refuses the file (the bad bytes are shown as U+FFFD).',
  };
}
