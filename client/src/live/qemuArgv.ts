// The QEMU command line `virsh domxml-to-native qemu-argv` prints, laid out one
// option per line (shell continuation backslashes, so it can be pasted), with the
// options this product explains marked: -cpu, -smp, -numa. Pure.

/** The options highlighted in the command line view. */
export const highlightedOptions = ['-cpu', '-smp', '-numa'] as const;

export interface ArgvLayout {
  /** The command line, one option (with its value) per line. */
  text: string;
  /** Lines (0-based) holding a highlighted option, with the option. */
  highlights: Array<{ line: number; option: string; start: number; end: number }>;
}

/**
 * Splits virsh's one-line output into words (it quotes values with spaces in
 * single quotes) and puts each option that starts with '-' on its own line,
 * together with its value. Environment assignments before the program stay on
 * the first lines.
 */
export function layoutArgv(stdout: string): ArgvLayout {
  const words = splitWords(stdout.trim());
  const lines: string[] = [];
  for (const w of words) {
    if (lines.length === 0 || w.startsWith('-') || /^[A-Z_][A-Z0-9_]*=/.test(w)) lines.push(w);
    else lines[lines.length - 1] += ` ${w}`;
  }
  const highlights: ArgvLayout['highlights'] = [];
  lines.forEach((l, i) => {
    const option = highlightedOptions.find((o) => l === o || l.startsWith(`${o} `));
    if (option) highlights.push({ line: i, option, start: 0, end: l.length });
  });
  return { text: lines.map((l, i) => (i < lines.length - 1 ? `${l} \\` : l)).join('\n') + '\n', highlights };
}

/** The value of the first `-cpu` option, or undefined when there is none. */
export function cpuArgument(stdout: string): string | undefined {
  const words = splitWords(stdout.trim());
  const i = words.indexOf('-cpu');
  return i >= 0 && i + 1 < words.length ? words[i + 1] : undefined;
}

/** Words of a virsh argv line: blanks separate, '…' quotes (kept as written, so the text can be pasted into a shell). */
function splitWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}
