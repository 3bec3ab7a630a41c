// Folding ranges: every element spanning several lines (its end tag stays
// visible) and every multi-line comment. One pass over the tree and one over
// the text; no recursion. For clients that show it (LSP collapsedText, e.g.
// Neovim's vim.lsp.foldtext), a folded element reads as its outline entry:
// `<disk> vda — file /var/lib/…/x.qcow2 · qcow2`.

import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import { walkElements, type XmlElement } from '../xml/nodes';
import type { ParsedDocument } from './parsedDocument';
import { describe } from './symbols';

export interface FoldingOptions {
  /** The most ranges the client wants (LSP `rangeLimit`); the outermost ones are kept. */
  rangeLimit?: number;
  /** The client shows `collapsedText` (LSP 3.17): give folded elements their outline words. */
  collapsedText?: boolean;
}

/** Folding ranges for a libvirt document; [] for other documents. */
export function getFoldingRanges(doc: ParsedDocument, options: FoldingOptions = {}): FoldingRange[] {
  if (!doc.libvirt) return [];
  const text = doc.xml.text;
  const { lineOf, lineStart } = lineIndex(text);
  const out: FoldingRange[] = [];
  const depths: number[] = [];
  walkElements(doc.xml, (el) => {
    const startLine = lineOf(el.start);
    // Fold up to the line before the end tag, so `</cpu>` stays on screen.
    const endLine = el.endTagStart !== undefined ? lineOf(el.endTagStart) - 1 : lineOf(el.end);
    if (endLine > startLine) {
      const range: FoldingRange = { startLine, endLine };
      const collapsed = options.collapsedText ? collapsedText(el, text, lineStart(startLine)) : undefined;
      if (collapsed !== undefined) range.collapsedText = collapsed;
      out.push(range);
      depths.push(el.depth);
    }
    // An element on one line cannot hold a multi-line child.
    return endLine > startLine || lineOf(el.end) > startLine;
  });
  for (const c of comments(text)) {
    const startLine = lineOf(c.start);
    const endLine = lineOf(c.end);
    if (endLine > startLine) {
      out.push({ startLine, endLine, kind: FoldingRangeKind.Comment });
      depths.push(0);
    }
  }
  let order = out.map((_, i) => i);
  const byLine = (a: number, b: number) => out[a].startLine - out[b].startLine || out[b].endLine - out[a].endLine;
  const limit = options.rangeLimit;
  if (limit !== undefined && limit >= 0 && out.length > limit) {
    // Keep the outermost folds.
    order = order.sort((a, b) => depths[a] - depths[b] || byLine(a, b)).slice(0, limit);
  }
  return order.sort(byLine).map((i) => out[i]);
}

/**
 * `<disk> vda — file …/x.qcow2 · qcow2`, indented as the start tag: the
 * element's outline words when they say more than its name; else undefined
 * (the client's own text).
 */
function collapsedText(el: XmlElement, text: string, lineStart: number): string | undefined {
  const { name, detail } = describe(el);
  const rest = name.startsWith(el.name) ? name.slice(el.name.length).trim() : name;
  if (!rest && !detail) return undefined;
  let end = lineStart;
  while (end < el.start && end - lineStart < 200 && (text[end] === ' ' || text[end] === '\t')) end++;
  return `${text.slice(lineStart, end)}<${el.name}> ${[rest, detail].filter(Boolean).join(' — ')}`;
}

/** offset → zero-based line, by binary search over line starts (\n, \r\n and lone \r end a line, as in LSP); line → its start. */
function lineIndex(text: string): { lineOf: (offset: number) => number; lineStart: (line: number) => number } {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) starts.push(i + 1);
  }
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return { lineOf, lineStart: (line) => starts[line] };
}

/** Comment extents (`<!--` to after `-->`, or to the end), skipping CDATA sections. */
function comments(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let i = 0;
  let cdata = text.indexOf('<![CDATA[');
  for (;;) {
    const c = text.indexOf('<!--', i);
    if (c < 0) break;
    while (cdata >= 0 && cdata < i) cdata = text.indexOf('<![CDATA[', i);
    if (cdata >= 0 && cdata < c) {
      const close = text.indexOf(']]>', cdata + 9);
      if (close < 0) break;
      i = close + 3;
      continue;
    }
    const close = text.indexOf('-->', c + 4);
    const end = close < 0 ? text.length : close + 3;
    out.push({ start: c, end });
    i = end;
  }
  return out;
}
