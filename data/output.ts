// Writing a generated data file, shared by the generators: with --check only
// compare it with the committed one; else write it when it changed. Build-time only.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/** Writes (or with `check`, compares) `text` at `out`; the exit code. `regenerate` names the npm script. */
export function writeGenerated(out: string, text: string, check: boolean, regenerate: string, detail = ''): number {
  const target = resolve(out);
  const shown = relative(process.cwd(), target) || target;
  const existing = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (check) {
    if (existing === text) {
      console.log(`${shown} is up to date`);
      return 0;
    }
    console.error(`${shown} ${existing === undefined ? 'does not exist' : 'differs from a fresh run'}; run npm run ${regenerate}`);
    return 1;
  }
  if (existing !== text) writeFileSync(target, text);
  console.log(`${existing === text ? 'unchanged' : 'wrote'} ${shown}${detail}`);
  return 0;
}

export interface GeneratorArgs {
  input?: string;
  out: string;
  check: boolean;
  version?: string;
}

/** The generators' command line: [INPUT] [--out FILE] [--check] (and --libvirt-version X when taken); undefined for --help. */
export function generatorArgs(argv: readonly string[], usage: string, out: string, takesVersion = false): GeneratorArgs | undefined {
  const args: GeneratorArgs = { out, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') args.out = argv[++i] ?? '';
    else if (a === '--libvirt-version' && takesVersion) args.version = argv[++i];
    else if (a === '--check') args.check = true;
    else if (a === '--help' || a === '-h') return undefined;
    else if (a.startsWith('-') || args.input !== undefined) throw new Error(`unexpected argument '${a}'\n${usage}`);
    else args.input = a;
  }
  return args;
}
