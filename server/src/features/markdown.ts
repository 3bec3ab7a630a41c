// Markdown for hovers as the editor renders it: text that names elements
// (<disk>, <devices>) outside code spans must not be read as raw HTML.

/**
 * `markdown` with every `<` outside code spans escaped, so `**<disk>** in <devices>`
 * shows as written: a bare `<` starts raw HTML, which VS Code's renderer drops
 * (it showed " in "). Code spans are left as they are; unclosed backticks count as text.
 */
export function literalAngles(markdown: string): string {
  return markdown
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '\\<')))
    .join('');
}
