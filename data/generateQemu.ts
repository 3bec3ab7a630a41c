// Generates data/qemu-cpus.json: what the installed libvirt + QEMU offer per guest
// architecture for emulated (type='qemu') domains — the CPU models libvirt accepts
// (`virsh domcapabilities --arch A --virttype qemu`), the modes it supports, the default
// machine and its vCPU limit, and the CPU feature properties QEMU takes on `-cpu`
// (query-cpu-model-expansion over QMP, `-cpu help`, and short `-S` probes that never run a guest).
// Needs the live oracle (virsh + qemu-system-*); re-runnable: the output is sorted and has no dates.
// Usage: node out/generateQemu.js [--out data/qemu-cpus.json] [--uri qemu:///system] [--check]

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import type { QemuArchData, QemuCpuData, QemuModel } from '../server/src/catalog/qemuCpuTypes';

const ARCHES = ['x86_64', 'aarch64', 'armv7l', 'ppc64', 'ppc64le', 's390x', 'riscv64'];

interface Args {
  out: string;
  uri: string;
  check: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { out: 'data/qemu-cpus.json', uri: 'qemu:///system', check: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') a.out = argv[++i];
    else if (argv[i] === '--uri') a.uri = argv[++i];
    else if (argv[i] === '--check') a.check = true;
    else throw new Error(`unexpected argument '${argv[i]}'`);
  }
  return a;
}

function virsh(uri: string, ...args: string[]): string {
  return execFileSync('virsh', ['-c', uri, ...args], { encoding: 'utf8', timeout: 120_000 });
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['mode', 'model', 'value', 'enum'].includes(name) });

type Node = Record<string, unknown>;

function domcaps(uri: string, arch: string): { binary: string; machine: string; maxCpus: number; modes: QemuArchData['modes']; models: QemuModel[] } {
  const xml = virsh(uri, 'domcapabilities', '--arch', arch, '--virttype', 'qemu');
  const root = (parser.parse(xml) as Node).domainCapabilities as Node;
  const cpu = root.cpu as Node;
  const modes: QemuArchData['modes'] = { 'host-passthrough': false, 'host-model': false, maximum: false, custom: false };
  const models: QemuModel[] = [];
  for (const mode of cpu.mode as Node[]) {
    const name = mode['@name'] as keyof QemuArchData['modes'];
    modes[name] = mode['@supported'] === 'yes';
    if (name !== 'custom') continue;
    for (const m of (mode.model as Array<Node | string>) ?? []) {
      const node = typeof m === 'string' ? { '#text': m } : m;
      const model: QemuModel = { name: String(node['#text']) };
      const vendor = node['@vendor'];
      if (typeof vendor === 'string' && vendor !== 'unknown') model.vendor = vendor;
      if (node['@deprecated'] === 'yes') model.deprecated = true;
      if (typeof node['@canonical'] === 'string') model.canonical = node['@canonical'];
      models.push(model);
    }
  }
  models.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { binary: String(root.path), machine: String(root.machine), maxCpus: Number((root.vcpu as Node)['@max']), modes, models };
}

/** Starts QEMU stopped (-S) with `-cpu cpu` and reports its complaint, or '' when it stays up (accepted). */
function probe(binary: string, machine: string, cpu: string): string {
  const r = spawnSync(binary, ['-S', '-display', 'none', '-nodefaults', '-monitor', 'none', '-serial', 'none', '-machine', machine, '-accel', 'tcg', '-cpu', cpu], {
    encoding: 'utf8',
    timeout: 2500,
  });
  if (r.error || r.signal) return '';
  return r.status === 0 ? '' : (r.stderr || '').trim().split('\n').pop() ?? 'refused';
}

/** query-cpu-model-expansion (full) for each model, over one QMP session; props per model (undefined when QEMU cannot expand it). */
async function expansions(binary: string, machine: string, models: string[]): Promise<Map<string, string[] | undefined>> {
  const out = new Map<string, string[] | undefined>();
  const p = spawn(binary, ['-S', '-display', 'none', '-nodefaults', '-machine', machine, '-accel', 'tcg', '-qmp', 'stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let buf = '';
  const waiters: Array<(m: Node) => void> = [];
  p.stdout.setEncoding('utf8');
  p.stdout.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const msg = JSON.parse(line) as Node;
      if ('return' in msg || 'error' in msg || 'QMP' in msg) waiters.shift()?.(msg);
    }
  });
  const next = () => new Promise<Node>((resolve) => waiters.push(resolve));
  const send = (cmd: unknown) => {
    const r = next();
    p.stdin.write(JSON.stringify(cmd) + '\n');
    return r;
  };
  await next(); // greeting
  await send({ execute: 'qmp_capabilities' });
  for (const name of models) {
    const r = await send({ execute: 'query-cpu-model-expansion', arguments: { type: 'full', model: { name } } });
    const props = (((r.return as Node | undefined)?.model as Node | undefined)?.props ?? undefined) as Node | undefined;
    out.set(name, props ? Object.keys(props).filter((k) => typeof props[k] === 'boolean').sort() : undefined);
  }
  await send({ execute: 'quit' }).catch(() => undefined);
  p.kill();
  return out;
}

/** s390x: the "Recognized feature flags" section of `-cpu help`. */
function s390Flags(binary: string): string[] {
  const text = execFileSync(binary, ['-cpu', 'help'], { encoding: 'utf8' });
  const at = text.indexOf('Recognized feature flags:');
  if (at < 0) return [];
  return [...text.slice(at).matchAll(/^\s{2}(\S+)\s/gm)].map((m) => m[1]).sort();
}

function union(lists: Array<string[] | undefined>): string[] {
  return [...new Set(lists.flatMap((l) => l ?? []))].sort();
}

async function archData(uri: string, arch: string): Promise<QemuArchData> {
  const caps = domcaps(uri, arch);
  const data: QemuArchData = { ...caps, featureSource: 'none' };
  const names = caps.models.map((m) => m.name);
  if (arch === 'aarch64' || arch === 'armv7l') {
    // The virt machine takes only some of the models: QEMU lists them when refusing another one.
    for (const candidate of names.filter((n) => /^(pxa|arm9|sa1)/.test(n)).slice(0, 3)) {
      const m = /valid models are: (.*)$/.exec(probe(caps.binary, caps.machine, candidate));
      if (m) {
        data.machineModels = m[1].split(/,\s*/).map((x) => x.trim()).filter(Boolean).sort();
        break;
      }
    }
  }
  if (arch === 'aarch64') {
    const props = await expansions(caps.binary, caps.machine, names);
    for (const m of caps.models) {
      const p = props.get(m.name);
      if (p) m.features = p;
    }
    data.features = union([...props.values()]);
    data.featureSource = 'query-cpu-model-expansion per model';
  } else if (arch === 's390x') {
    data.features = s390Flags(caps.binary);
    data.featureSource = 'qemu-system-s390x -cpu help (Recognized feature flags)';
  } else if (arch === 'riscv64') {
    const props = await expansions(caps.binary, caps.machine, names);
    // Single-letter (misa) extensions are properties too but not in the expansion: probe them on rv64.
    const letters = 'abcdefghijklmnopqrstuvwxyz'.split('').filter((l) => !/Property .* not found/.test(probe(caps.binary, caps.machine, `rv64,${l}=on`)));
    data.features = union([...props.values(), letters]);
    data.featureSource = 'query-cpu-model-expansion per model, plus single-letter extensions probed on rv64';
    for (const m of caps.models) {
      const refuses = (ext: string) => /does not allow enabling extensions/.test(probe(caps.binary, caps.machine, `${m.name},${ext}=on`));
      if (refuses('v') || refuses('zbkb')) m.fixedExtensions = true;
    }
  } else if (arch === 'ppc64' || arch === 'ppc64le') {
    // QEMU's POWER CPU models have no feature properties: any -cpu MODEL,NAME=on|off is refused.
    data.features = [];
    data.featureSource = 'none: every -cpu MODEL,feature=… is refused by QEMU (probed)';
    const complaint = probe(caps.binary, caps.machine, `${names[0]},vmx=on`);
    if (!/Property .* not found/.test(complaint)) throw new Error(`${arch}: expected QEMU to refuse a CPU feature property, got '${complaint}'`);
  }
  return data;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const version = virsh(args.uri, 'version');
  const libvirt = /Using library: libvirt (\S+)/.exec(version)?.[1] ?? 'unknown';
  const qemu = /Running hypervisor: QEMU (\S+)/.exec(version)?.[1] ?? 'unknown';
  const data: QemuCpuData = {
    source: {
      libvirtVersion: libvirt,
      qemuVersion: qemu,
      commands: [
        'virsh domcapabilities --arch ARCH --virttype qemu',
        'QMP query-cpu-model-expansion type=full (aarch64, riscv64)',
        'qemu-system-s390x -cpu help',
        'qemu-system-ARCH -S -machine M -accel tcg -cpu MODEL,FEATURE=on (probes; no guest runs)',
      ],
      generator: 'data/generateQemu.ts',
    },
    arches: {},
  };
  for (const arch of ARCHES) data.arches[arch] = await archData(args.uri, arch);
  const text = JSON.stringify(data, null, 1) + '\n';
  let existing: string | undefined;
  try {
    existing = readFileSync(args.out, 'utf8');
  } catch {
    existing = undefined;
  }
  if (args.check) {
    console.log(existing === text ? `${args.out} is up to date` : `${args.out} differs from a fresh run`);
    return existing === text ? 0 : 1;
  }
  writeFileSync(args.out, text);
  const summary = Object.entries(data.arches)
    .map(([a, d]) => `${a}: ${d.models.length} models, ${d.features?.length ?? 0} features`)
    .join('; ');
  console.log(`wrote ${args.out} (libvirt ${libvirt}, QEMU ${qemu}; ${summary})`);
  return 0;
}

main().then(
  (rc) => (process.exitCode = rc),
  (e) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  },
);
