// The lint run's command-line options, as one table: each entry names its
// flags, its value (if any), its help line and how it sets the options object.
// The parser and the usage text are both made from the table, so adding an
// option (e.g. `--connect URI`) is one entry here and one field in LintOptions.

export type Format = 'text' | 'json' | 'sarif' | 'github';
export const formats: readonly Format[] = ['text', 'json', 'sarif', 'github'];

export interface LintOptions {
  format: Format;
  cpuMap: string | undefined;
  /** A RelaxNG schema directory, or 'auto'; undefined = the bundled grammar. */
  schemas: string | undefined;
  targetVersion: string;
  quiet: boolean;
  /** Text format: a line per file with its kind, or why it was skipped. */
  verbose: boolean;
  /** Files, directories and globs, as given. */
  inputs: string[];
  hosts: string[];
  /** Extra `.gitignore`-style patterns, relative to the current directory. */
  excludes: string[];
  /** Read `.libvirt-xml-lintignore` in the current directory (off with --no-ignore). */
  ignoreFile: boolean;
  /** Worker threads; undefined = one per core. */
  jobs: number | undefined;
  baseline: string | undefined;
  writeBaseline: string | undefined;
  /** Where --format output goes; undefined = stdout. */
  output: string | undefined;
  /** Treat named files like found ones: checked only when their content starts with a libvirt root element. */
  byContent: boolean;
}

export function defaultOptions(): LintOptions {
  return {
    format: 'text',
    cpuMap: undefined,
    schemas: undefined,
    targetVersion: '',
    quiet: false,
    verbose: false,
    inputs: [],
    hosts: [],
    excludes: [],
    ignoreFile: true,
    jobs: undefined,
    baseline: undefined,
    writeBaseline: undefined,
    output: undefined,
    byContent: false,
  };
}

export interface OptionSpec<O> {
  /** Spellings, long first: ['--quiet', '-q']. */
  flags: string[];
  /** The value's placeholder in the help ('FILE'); absent for a switch. */
  value?: string;
  help: string;
  /** Sets the option; returns an error text for a bad value. */
  apply: (o: O, value: string) => string | void;
}

/** The lint run's options. Other modules may push entries (before parsing) for their own flags. */
export const lintOptionSpecs: OptionSpec<LintOptions>[] = [
  {
    flags: ['--format', '-f'],
    value: formats.join('|'),
    help: 'output format (default: text; github: workflow-command annotations for Actions logs)',
    apply: (o, v) => {
      if (!(formats as readonly string[]).includes(v)) return `unknown format '${v}' (expected ${formats.join(', ')})`;
      o.format = v as Format;
    },
  },
  {
    flags: ['--output', '-o'],
    value: 'FILE',
    help: 'write the report to FILE instead of standard output',
    apply: (o, v) => void (o.output = v),
  },
  {
    flags: ['--exclude'],
    value: 'PATTERN',
    help: "skip files matching this .gitignore-style pattern (repeatable); also read from\n.libvirt-xml-lintignore in the current directory",
    apply: (o, v) => void o.excludes.push(v),
  },
  {
    flags: ['--by-content'],
    help: 'check named files only when they start with a libvirt root element;\nskip other files silently (for pre-commit over all text files)',
    apply: (o) => void (o.byContent = true),
  },
  { flags: ['--no-ignore'], help: 'do not read .libvirt-xml-lintignore', apply: (o) => void (o.ignoreFile = false) },
  {
    flags: ['--jobs', '-j'],
    value: 'N',
    help: 'check files on N threads (default: one per core not already busy,\nfrom the load average)',
    apply: (o, v) => {
      if (!/^\d{1,4}$/.test(v) || Number(v) < 1) return `--jobs needs a positive number, not '${v}'`;
      o.jobs = Number(v);
    },
  },
  {
    flags: ['--baseline'],
    value: 'FILE',
    help: 'report only problems not recorded in FILE (see --write-baseline)',
    apply: (o, v) => void (o.baseline = v),
  },
  {
    flags: ['--write-baseline'],
    value: 'FILE',
    help: 'record every problem found in FILE and exit 0',
    apply: (o, v) => void (o.writeBaseline = v),
  },
  {
    flags: ['--cpu-map'],
    value: 'DIR|auto',
    help: "use a libvirt cpu_map directory instead of the bundled catalog\n('auto': /usr/share/libvirt/cpu_map when present)",
    apply: (o, v) => void (o.cpuMap = v),
  },
  {
    flags: ['--schemas'],
    value: 'DIR|auto',
    help: "check with the RelaxNG schemas of a libvirt installation instead of the\nbundled grammar ('auto': /usr/share/libvirt/schemas when present)",
    apply: (o, v) => void (o.schemas = v),
  },
  {
    flags: ['--target-version'],
    value: 'X.Y.Z',
    help: 'also flag CPU-area XML newer than this libvirt release',
    apply: (o, v) => {
      if (!/^\d+\.\d+(\.\d+)?$/.test(v)) return `--target-version needs a libvirt release such as 9.0.0, not '${v}'`;
      o.targetVersion = v;
    },
  },
  {
    flags: ['--host'],
    value: 'FILE',
    help: 'also check custom CPUs against this host (virsh capabilities,\ndomcapabilities or host <cpu> output); repeatable',
    apply: (o, v) => void o.hosts.push(v),
  },
  { flags: ['--quiet', '-q'], help: 'text format: no summary line', apply: (o) => void (o.quiet = true) },
  {
    flags: ['--verbose', '-v'],
    help: 'text format: name each file\'s kind (domain, network, storage pool…)\nand why a skipped file was skipped',
    apply: (o) => void (o.verbose = true),
  },
];

/**
 * Parses `argv` against `specs`: `--flag value`, `--flag=value`, `--` ends
 * options; everything else is an input. Returns an error text on a usage problem.
 */
export function parseOptions<O extends { inputs: string[] }>(argv: readonly string[], specs: readonly OptionSpec<O>[], into: O): O | string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      into.inputs.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      into.inputs.push(a);
      continue;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const spec = specs.find((s) => s.flags.includes(flag));
    if (!spec) return `unknown option '${flag}'`;
    let value = '';
    if (spec.value !== undefined) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') return `${flag} needs a value (${spec.value})`;
      value = v;
    } else if (eq > 0) return `${flag} takes no value`;
    const error = spec.apply(into, value);
    if (typeof error === 'string') return error;
  }
  return into;
}

/** The "Options:" block of the usage text, from the table. */
export function optionsHelp<O>(specs: readonly OptionSpec<O>[]): string {
  const heads = specs.map((s) => `${[...s.flags].reverse().join(', ')}${s.value ? ` ${s.value}` : ''}`);
  const width = Math.max(...heads.map((h) => h.length)) + 3;
  return specs
    .map((s, i) => {
      const [first, ...more] = s.help.split('\n');
      return [`  ${heads[i].padEnd(width)}${first}`, ...more.map((l) => `  ${' '.repeat(width)}${l}`)].join('\n');
    })
    .join('\n');
}
