// Shared by the tests that consult the live libvirt oracle: whether virsh and
// virt-xml-validate can be used here (the tests skip with a message when not).

import { execFile, execFileSync } from 'node:child_process';

export const oracleUri = 'qemu:///system';

export function oracleUsable(): boolean {
  try {
    execFileSync('virsh', ['-c', oracleUri, 'version'], { stdio: 'ignore', timeout: 20_000 });
    execFileSync('virt-xml-validate', ['--help'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Refusals that depend on this machine, not on the document: its CPU, NUMA
 * nodes, QEMU build and capabilities, installed firmware descriptors, device
 * files, hugetlbfs mounts, helper programs (swtpm, virtiofsd) and the drivers
 * running (the secret driver).
 */
export const hostDependent = new RegExp(
  [
    'incompatible with host CPU', 'Host CPU', 'not supported by hypervisor', 'is unavailable', 'numad', 'host NUMA',
    'cannot be reliably used with this QEMU', 'this QEMU binary', "This QEMU doesn't support", 'with this QEMU', 'KVM is not supported', '/dev/kvm',
    "Unable to find '[a-z]+' firmware", 'no connection driver available', "host doesn't support passthrough", 'cannot open directory',
    'No such file or directory', 'device file .* cannot be found', "TPM version '[0-9.]+' is not supported", 'Could not open',
    'virtiofsd', 'hugetlbfs', 'does not support video model',
  ].join('|'),
);

/** Runs a program (never a shell) and gives its exit status and output; `timeoutMs` bounds a hung call. */
export function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ ok: !error, out: (stderr || stdout || String(error ?? '')).trim() });
    });
  });
}

export interface Verdict {
  refused: boolean;
  hostDependent: boolean;
  message: string;
}

export async function libvirtVerdict(file: string): Promise<Verdict> {
  const schema = await run('virt-xml-validate', [file, 'domain']);
  if (!schema.ok) return { refused: true, hostDependent: false, message: `schema: ${lastLine(schema.out)}` };
  const native = await run('virsh', ['-c', oracleUri, 'domxml-to-native', 'qemu-argv', file]);
  if (native.ok) return { refused: false, hostDependent: false, message: '' };
  const message = lastLine(native.out);
  return { refused: true, hostDependent: hostDependent.test(message), message };
}

function lastLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l && !/^-+\^?$/.test(l));
  const err = lines.filter((l) => l.startsWith('error:'));
  return (err.length ? err[err.length - 1] : lines[lines.length - 1] ?? '').replace(/^error: /, '');
}

/** Runs `fn` over `items` with at most `width` in flight. */
export async function pool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}
