// Generates data/grammar.json from libvirt's RelaxNG schemas (src/conf/schemas
// of a libvirt source tree, or an installed /usr/share/libvirt/schemas).
// Usage: node out/generateGrammar.js [SCHEMA_DIR] [--out data/grammar.json] [--libvirt-version X] [--check]

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { sourceTreeVersion } from '../../server/src/io/cpuMapDir';
import { detectSchemaVersion, schemaDigest } from '../../server/src/io/schemaDir';
import { compileGrammar, formatGrammarJson, GrammarError, libvirtRootFiles } from '../../server/src/schema/compile';
import { grammarDocs } from './docs';
import { generatorArgs, writeGenerated } from '../output';

const USAGE = 'usage: node out/generateGrammar.js [SCHEMA_DIR] [--out data/grammar.json] [--libvirt-version X] [--check]';

/** The root schema files compiled, one per document kind. */
export const rootFiles = libvirtRootFiles;

export function defaultSchemaDir(): string {
  const src = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');
  return join(src, 'src/conf/schemas');
}

/** Builds the grammar JSON text for a schema directory. */
export function generateGrammarJson(schemaDir: string, version?: string): string {
  const treeVersion = basename(dirname(schemaDir)) === 'conf' ? sourceTreeVersion(schemaDir) : undefined;
  const inTree = treeVersion !== undefined;
  const libvirtVersion = version ?? treeVersion ?? detectSchemaVersion(schemaDir)?.version ?? 'unknown';
  const data = compileGrammar({
    files: rootFiles,
    read: (file) => readFileSync(join(schemaDir, file), 'utf8'),
    libvirtVersion,
    origin: inTree ? `libvirt ${libvirtVersion} source, src/conf/schemas` : `libvirt ${libvirtVersion} schemas, installed`,
    docs: (names) => grammarDocs(rootFiles, names, (page) => {
      const rst = join(schemaDir, '../../../docs', `${page}.rst`);
      return existsSync(rst) ? readFileSync(rst, 'utf8') : undefined;
    }),
    digest: schemaDigest,
  });
  return formatGrammarJson(data);
}

function main(): number {
  const args = generatorArgs(process.argv.slice(2), USAGE, 'data/grammar.json', true);
  if (!args) {
    console.log(USAGE);
    return 0;
  }
  const { input, out, check, version } = args;
  const dir = resolve(input ?? defaultSchemaDir());
  if (!existsSync(join(dir, 'domain.rng'))) throw new Error(`error: no domain.rng in ${dir}\n${USAGE}`);
  const t0 = performance.now();
  const text = generateGrammarJson(dir, version);
  const ms = performance.now() - t0;
  return writeGenerated(out, text, check, 'generate-grammar', `: ${text.length} bytes in ${ms.toFixed(0)} ms`);
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(e instanceof GrammarError ? `error: ${e.message}` : e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  }
}
