// Generates data/catalog.json from a libvirt cpu_map directory (or old cpu_map.xml).
// Usage: node out/generate.js [CPU_MAP_DIR] [--out data/catalog.json] [--libvirt-version X] [--check]

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { CpuMapError, formatCatalogJson, parseCpuMap } from '../server/src/catalog/cpuMap';
import { cpuMapFingerprint, cpuMapReader, detectLibvirtVersion, sourceTreeVersion } from '../server/src/io/cpuMapDir';

const USAGE = 'usage: node out/generate.js [CPU_MAP_DIR] [--out data/catalog.json] [--libvirt-version X] [--check]';

interface Args {
  input: string;
  out: string;
  version?: string;
  check: boolean;
}

function defaultInput(): string {
  const src = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');
  return join(src, 'src/cpu_map');
}

function parseArgs(argv: string[]): Args {
  const args: Args = { input: defaultInput(), out: 'data/catalog.json', check: false };
  let input: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--out') args.out = value();
    else if (a === '--libvirt-version') args.version = value();
    else if (a === '--check') args.check = true;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('-') || input !== undefined) throw new Error(`unexpected argument '${a}'\n${USAGE}`);
    else input = a;
  }
  if (input !== undefined) args.input = input;
  return args;
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const input = resolve(args.input);
  const out = resolve(args.out);
  if (!existsSync(input)) throw new Error(`error: no cpu_map directory or cpu_map.xml at ${input}\n${USAGE}`);
  const inTree = sourceTreeVersion(input);
  const version = args.version ?? detectLibvirtVersion(input);
  if (version === 'unknown') console.warn(`warning: could not tell the libvirt version of ${input}; use --libvirt-version`);
  // The origin must not depend on where the tree was unpacked, or the output would differ per machine.
  const origin = inTree ? `libvirt ${version} source, src/cpu_map` : `cpu_map directory ${args.input}`;

  const start = performance.now();
  const data = parseCpuMap(cpuMapReader(input), { libvirtVersion: version, origin, validate: true });
  data.source.fingerprint = cpuMapFingerprint(input);
  const text = formatCatalogJson(data);
  const ms = performance.now() - start;

  const summary = Object.entries(data.archs)
    .map(([arch, a]) => `${arch}: ${a.vendors.length} vendors, ${a.features.length} features, ${a.models.length} models`)
    .join('; ');
  const shown = relative(process.cwd(), out) || out;
  let existing: string | undefined;
  try {
    existing = readFileSync(out, 'utf8');
  } catch {
    existing = undefined;
  }
  if (args.check) {
    if (existing === text) {
      console.log(`${shown} is up to date (libvirt ${version}; ${summary})`);
      return 0;
    }
    console.error(
      existing === undefined
        ? `${shown} does not exist; run node out/generate.js to create it`
        : `${shown} differs from a fresh run on ${input}; run node out/generate.js to update it`,
    );
    return 1;
  }
  if (existing !== text) writeFileSync(out, text);
  console.log(
    `${existing === text ? 'unchanged' : 'wrote'} ${shown}: ${text.length} bytes in ${ms.toFixed(0)} ms (libvirt ${version}; ${summary})`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(e instanceof CpuMapError ? `error: ${e.message}` : e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
