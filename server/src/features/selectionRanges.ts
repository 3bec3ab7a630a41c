// Selection ranges ("expand selection"): from the innermost token outwards,
// attribute value → quoted value → attribute → start tag → element → the
// parent's content → the parent … up to the root, capped for deep documents.

import type { Position, Range, SelectionRange } from 'vscode-languageserver-types';
import { findAttributeAt, findElementAt, textRange, type XmlElement } from '../xml/nodes';
import { toRange, type ParsedDocument } from './parsedDocument';

/** Ancestors walked per position; LSP clients nest the answer as deeply, so it stays bounded. */
export const maxSelectionDepth = 256;

/** One selection-range chain per position; a position outside the tree gets an empty range there. */
export function getSelectionRanges(doc: ParsedDocument, positions: Position[]): SelectionRange[] {
  return positions.map((p) => chainAt(doc, doc.textDocument.offsetAt(p)));
}

function chainAt(doc: ParsedDocument, offset: number): SelectionRange {
  const spans: Array<[number, number]> = [];
  const add = (start: number, end: number) => {
    const last = spans[spans.length - 1];
    if (last && last[0] === start && last[1] === end) return;
    if (last && (start > last[0] || end < last[1])) return; // must contain the previous one
    spans.push([start, end]);
  };
  const text = doc.xml.text;
  let el = doc.libvirt ? findElementAt(doc.xml, offset) : undefined;
  if (el && offset === el.start && el.parent) el = el.parent;
  if (el) {
    const startTagEnd = el.startTagEnd;
    if (offset > el.start && offset <= startTagEnd) {
      const attr = findAttributeAt(el, offset);
      if (attr) {
        let attrEnd = attr.valueStart >= 0 ? attr.valueEnd : attr.nameEnd;
        if (attr.valueStart >= 0 && offset >= attr.valueStart && offset <= attr.valueEnd) {
          add(attr.valueStart, attr.valueEnd);
          if (attr.quote && attr.valueClosed) {
            add(attr.valueStart - 1, attr.valueEnd + 1);
          }
        } else add(attr.nameStart, attr.nameEnd);
        if (attr.quote && attr.valueClosed) attrEnd = attr.valueEnd + 1;
        add(attr.nameStart, attrEnd);
      } else if (offset >= el.nameStart && offset <= el.nameEnd) add(el.nameStart, el.nameEnd);
      add(el.start, startTagEnd);
    } else if (el.children.length === 0 && el.startTagClosed && !el.selfClosing) {
      const t = textRange(el);
      if (offset >= t.start && offset <= t.end && t.end > t.start) add(t.start, t.end);
    }
    let depth = 0;
    for (let e: XmlElement | undefined = el; e && depth < maxSelectionDepth; e = e.parent, depth++) {
      if (e !== el || !(offset > e.start && offset <= e.startTagEnd)) {
        const inner = contentOf(e);
        if (inner && offset >= inner[0] && offset <= inner[1]) add(inner[0], inner[1]);
      }
      add(e.start, Math.max(e.end, e.startTagEnd));
    }
  }
  if (spans.length === 0) spans.push([offset, offset]);
  if (text.length > 0) add(0, text.length);
  let result: SelectionRange | undefined;
  for (let i = spans.length - 1; i >= 0; i--) {
    const range: Range = toRange(doc.textDocument, spans[i][0], spans[i][1]);
    result = result ? { range, parent: result } : { range };
  }
  return result!;
}

/** The span between the start tag and the end tag, when the element has both. */
function contentOf(el: XmlElement): [number, number] | undefined {
  if (!el.startTagClosed || el.selfClosing) return undefined;
  const end = el.endTagStart ?? el.end;
  return end > el.startTagEnd ? [el.startTagEnd, end] : undefined;
}
