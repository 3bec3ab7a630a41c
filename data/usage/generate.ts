// Counts how often each element, attribute and enumerated attribute value is
// used in libvirt's own test documents, per document kind, and writes the most
// used ones to data/usage.json: the ranking that decides which entries get a
// description of our own (server/src/features/descriptions.ts) and that the
// coverage test reads. Build-time only; deterministic (files in sorted order,
// ties broken by key).
// Usage: node out/generateUsage.js [LIBVIRT_TESTS_DIR] [--out data/usage.json] [--check]

import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { attributeValues, schemaView } from '../../server/src/schema/assist';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { elementPath, type XmlElement } from '../../server/src/xml/nodes';
import { parseXml } from '../../server/src/xml/parser';
import { generatorArgs, writeGenerated } from '../output';

const USAGE = 'usage: node out/generateUsage.js [LIBVIRT_TESTS_DIR] [--out data/usage.json] [--check]';

/** The document kinds ranked, their test directories, and how many of each the top list takes. */
export const usageKinds: ReadonlyArray<{ kind: string; dirs: string[]; top: number }> = [
  { kind: 'domain', dirs: ['qemuxmlconfdata', 'domainschemadata', 'genericxml2xmlindata'], top: 170 },
  { kind: 'network', dirs: ['networkxml2xmlin'], top: 35 },
  { kind: 'pool', dirs: ['storagepoolxml2xmlin'], top: 25 },
  { kind: 'volume', dirs: ['storagevolxml2xmlin'], top: 20 },
];

/** How many entries per kind the file keeps (more than the top list, so a change of quota needs no new count). */
const kept = 2;

export interface UsageEntry {
  /** `parent/name`, `parent/name@attr` or `parent/name@attr=value`; the root is `name`; a device address is `*\/address`. */
  key: string;
  /** How many test documents of the kind use it. */
  documents: number;
  /** The most common full element path (for the CPU-area table's lookups). */
  path: string;
}

export interface UsageData {
  origin: string;
  kinds: Array<{ kind: string; documents: number; top: number; entries: UsageEntry[] }>;
}

/**
 * The key of an element: its parent's name and its own, since one name can mean
 * different things under different parents (disk/source, interface/source).
 * `<address>` is the same device address under every device, so it is counted
 * once as `*\/address`; under `<source>` it is the host's address and keeps its parent.
 */
export function elementKey(el: XmlElement): string {
  if (!el.parent) return el.name;
  if (el.name === 'address' && el.parent.name !== 'source') return '*/address';
  return `${el.parent.name}/${el.name}`;
}

/** The usage ranking of the test documents under `testsDir` (libvirt's tests/). */
export function countUsage(testsDir: string): UsageData {
  const grammar = bundledGrammar();
  const kinds: UsageData['kinds'] = [];
  for (const { kind, dirs, top } of usageKinds) {
    const counts = new Map<string, number>();
    const paths = new Map<string, Map<string, number>>();
    let documents = 0;
    for (const d of dirs) {
      const dir = join(testsDir, d);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        const file = join(dir, name);
        if (!name.endsWith('.xml') || !lstatSync(file).isFile()) continue;
        const xml = parseXml(readFileSync(file, 'utf8'));
        const root = xml.roots[0];
        if (!root || root.name !== kind) continue;
        documents++;
        const view = schemaView(grammar, xml);
        const seen = new Map<string, string>();
        const stack = [root];
        while (stack.length) {
          const el = stack.pop()!;
          const key = elementKey(el);
          const path = elementPath(el);
          const note = (k: string) => {
            if (!seen.has(k)) seen.set(k, path);
          };
          note(key);
          for (const a of el.attributes) {
            if (a.name.startsWith('xmlns') || a.name.includes(':')) continue;
            note(`${key}@${a.name}`);
            const values = view && attributeValues(view, el, a.name, a);
            if (a.value !== undefined && values?.values.includes(a.value)) note(`${key}@${a.name}=${a.value}`);
          }
          for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]);
        }
        for (const [k, path] of seen) {
          counts.set(k, (counts.get(k) ?? 0) + 1);
          const byPath = paths.get(k) ?? new Map<string, number>();
          byPath.set(path, (byPath.get(path) ?? 0) + 1);
          paths.set(k, byPath);
        }
      }
    }
    const ranked = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
    const entries = ranked.slice(0, top * kept).map(([key, n]) => ({ key, documents: n, path: commonest(paths.get(key)!) }));
    kinds.push({ kind, documents, top, entries });
  }
  return { origin: 'libvirt 11.3.0 tests/ (document counts)', kinds };
}

function commonest(m: Map<string, number>): string {
  return [...m].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))[0][0];
}

/** The JSON text of the ranking: one entry per line, so a diff shows what moved. */
export function usageJson(testsDir: string): string {
  const data = countUsage(testsDir);
  const kinds = data.kinds.map((k) => {
    const rows = k.entries.map((e) => `        ${JSON.stringify(e)}`).join(',\n');
    return `    {"kind": ${JSON.stringify(k.kind)}, "documents": ${k.documents}, "top": ${k.top}, "entries": [\n${rows}\n    ]}`;
  });
  return `{\n  "origin": ${JSON.stringify(data.origin)},\n  "kinds": [\n${kinds.join(',\n')}\n  ]\n}\n`;
}

export function defaultTestsDir(): string {
  return join(process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0'), 'tests');
}

function main(): number {
  const args = generatorArgs(process.argv.slice(2), USAGE, 'data/usage.json');
  if (!args) {
    console.log(USAGE);
    return 0;
  }
  const { input, out, check } = args;
  const dir = resolve(input ?? defaultTestsDir());
  if (!existsSync(join(dir, 'qemuxmlconfdata'))) throw new Error(`error: no qemuxmlconfdata in ${dir}\n${USAGE}`);
  return writeGenerated(out, usageJson(dir), check, 'generate-usage');
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  }
}
