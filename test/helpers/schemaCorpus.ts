// libvirt's schema-test corpus (the directories tests/virschematest.c checks,
// those in the 11.3 test tree) and xmllint run in batches as the reference:
// shared by the agreement test and the differential fuzzer.

import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const libvirtSrc = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');
export const schemaDir = join(libvirtSrc, 'src/conf/schemas');

/** Schema file → its root element name in data/grammar.json → test directories (virschematest.c). */
export const corpusDirs: ReadonlyArray<{ schema: string; root: string; dirs: string[] }> = [
  { schema: 'capability.rng', root: 'capabilities', dirs: ['capabilityschemadata', 'vircaps2xmldata', 'qemucaps2xmloutdata'] },
  {
    schema: 'domain.rng',
    root: 'domain',
    dirs: [
      'domainschemadata', 'qemuxmlconfdata', 'xmconfigdata', 'lxcxml2xmldata', 'lxcxml2xmloutdata', 'bhyvexml2argvdata',
      'bhyvexml2xmloutdata', 'genericxml2xmlindata', 'genericxml2xmloutdata', 'xlconfigdata', 'libxlxml2domconfigdata',
      'qemuhotplugtestdomains', 'qemuhotplugtestcpus', 'securityselinuxlabeldata', 'domainconfdata', 'lxcconf2xmldata',
      'qemumemlockdata', 'vmx2xmldata', 'xml2vmxdata', 'bhyveargv2xmldata', 'qemuagentdata', 'chxml2xmlin', 'chxml2xmlout',
    ],
  },
  { schema: 'domaincaps.rng', root: 'domainCapabilities', dirs: ['domaincapsdata'] },
  { schema: 'interface.rng', root: 'interface', dirs: ['interfaceschemadata'] },
  { schema: 'network.rng', root: 'network', dirs: ['networkxml2xmlin', 'networkxml2xmlout', 'networkxml2confdata', 'networkxml2xmlupdateout', 'networkxml2firewalldata'] },
  { schema: 'networkport.rng', root: 'networkport', dirs: ['virnetworkportxml2xmldata'] },
  { schema: 'nodedev.rng', root: 'device', dirs: ['nodedevschemadata', 'nodedevxml2xmlout'] },
  { schema: 'nwfilter.rng', root: 'filter', dirs: ['nwfilterxml2xmlout', 'nwfilterxml2xmlin', 'nwfilterxml2firewalldata'] },
  { schema: 'secret.rng', root: 'secret', dirs: ['secretxml2xmlin'] },
  { schema: 'storagepool.rng', root: 'pool', dirs: ['storagepoolxml2xmlin', 'storagepoolxml2xmlout', 'storagepoolschemadata'] },
  { schema: 'storagevol.rng', root: 'volume', dirs: ['storagevolxml2xmlin', 'storagevolxml2xmlout', 'storagevolschemadata'] },
];

/** Files libvirt's schema test skips (broken XML). */
const skipped = new Set(['broken-xml-invalid.xml']);

export interface CorpusFile {
  path: string;
  schema: string;
  root: string;
}

/** Every corpus file present in the local tree (regular *.xml files, no symlinks), in a stable order. */
export function corpusFiles(): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const entry of corpusDirs) {
    for (const d of entry.dirs) {
      const dir = join(libvirtSrc, 'tests', d);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        if (!name.endsWith('.xml') || skipped.has(name)) continue;
        const path = join(dir, name);
        if (!lstatSync(path).isFile()) continue;
        out.push({ path, schema: entry.schema, root: entry.root });
      }
    }
  }
  return out;
}

export function haveLibvirtSchemas(): boolean {
  return existsSync(join(schemaDir, 'domain.rng'));
}

export function haveXmllint(): boolean {
  return spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * xmllint's verdict (true = validates) for each file, validated against
 * `schema` in batches of up to 400 files per process.
 */
export function xmllintVerdicts(schema: string, files: readonly string[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (let i = 0; i < files.length; i += 400) {
    const batch = files.slice(i, i + 400);
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--relaxng', join(schemaDir, schema), ...batch], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const text = (r.stderr ?? '') + (r.stdout ?? '');
    for (const line of text.split('\n')) {
      const m = /^(.*) (validates|fails to validate)$/.exec(line);
      if (m) out.set(m[1], m[2] === 'validates');
    }
    for (const f of batch) if (!out.has(f)) out.set(f, false); // not even parsed: invalid
  }
  return out;
}

export function xmllintVersion(): string {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  return ((r.stderr || r.stdout || '').split('\n')[0] ?? '').trim() || 'xmllint';
}
