// Shared by the tests that consult the live libvirt oracle: whether virsh and
// virt-xml-validate can be used here (the tests skip with a message when not).

import { execFileSync } from 'node:child_process';

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
