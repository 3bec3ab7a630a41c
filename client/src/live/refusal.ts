// Where in the saved text libvirt's refusal points, for the diagnostic a refused
// save leaves on the document. Pure.

/** Where a refusal points (offsets): a quoted, element or trailing word of the message found in the text, else the root's start tag. */
export function refusalRange(text: string, message: string): { start: number; end: number } {
  const candidates: string[] = [];
  for (const line of message.split(/;\s+|\n/)) {
    for (const m of line.matchAll(/'([^']{2,})'|"([^"]{2,})"/g)) candidates.push(m[1] ?? m[2]);
    // The schema's words: "Extra element vcpu in interleave", "Element domain has extra content: bogus".
    for (const m of line.matchAll(/\b[Ee]lement (?!domain\b|network\b|pool\b)([\w:.-]+)/g)) candidates.push(m[1]);
    const tail = /:\s*([\w.:-]{2,})\s*$/.exec(line);
    if (tail) candidates.push(tail[1]);
  }
  for (const c of candidates) {
    const at = text.search(new RegExp(`(?<=[<'"\\s/=>])${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[>'"\\s/=<])`));
    if (at >= 0) return { start: at, end: at + c.length };
  }
  const root = /<(domain|network|pool)\b[^>]*>/.exec(text);
  return root ? { start: root.index, end: root.index + root[0].length } : { start: 0, end: Math.min(text.length, 1) };
}
