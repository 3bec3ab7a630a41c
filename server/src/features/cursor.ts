// Where the cursor is, in libvirt terms: inside a CPU model's text or a
// feature's name value, with the replace range a completion must use. Shared
// by completion and hover so both read the tree the same way.

import { findAttributeAt, findElementAt, textRange, type XmlAttribute, type XmlElement } from '../xml/nodes';
import { cpuDefinitionOf, type CpuDefinition, type LibvirtDocument } from '../domain/libvirtDocument';

export type CursorContext =
  | { kind: 'modelName'; cpu: CpuDefinition | undefined; element: XmlElement; start: number; end: number }
  | { kind: 'featureName'; cpu: CpuDefinition | undefined; element: XmlElement; attribute: XmlAttribute; start: number; end: number };

/** The CPU-name context at `offset`, or undefined elsewhere. */
export function cursorContext(doc: LibvirtDocument, offset: number): CursorContext | undefined {
  const el = findElementAt(doc.xml, offset);
  if (!el) return undefined;
  if (el.name === 'feature') {
    const attr = findAttributeAt(el, offset);
    if (attr && attr.name === 'name' && attr.valueStart >= 0 && offset >= attr.valueStart && offset <= attr.valueEnd) {
      return { kind: 'featureName', cpu: cpuDefinitionOf(doc, el), element: el, attribute: attr, start: attr.valueStart, end: attr.valueEnd };
    }
    return undefined;
  }
  if (el.name === 'model' && el.startTagClosed && !el.selfClosing && offset >= el.startTagEnd && offset <= (el.endTagStart ?? el.end)) {
    if (el.children.length > 0) return undefined;
    const cpu = cpuDefinitionOf(doc, el);
    const inCustomList = doc.customModels.includes(el);
    if (!cpu && !inCustomList) return undefined;
    const range = textRange(el);
    // An empty or whitespace-only text: insert at the cursor.
    if (range.start === range.end) return { kind: 'modelName', cpu, element: el, start: offset, end: offset };
    return { kind: 'modelName', cpu, element: el, ...range };
  }
  return undefined;
}
