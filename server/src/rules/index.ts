// Every rule family and every diagnostic code, in one place. Each family
// folder declares its codes in codes.ts (stable id, default severity, summary)
// and its checks in check.ts; this file merges the tables into the one the
// server, the CLI, SARIF output and the README use, and lists the checks in
// the order they run. Adding a family = two imports and two lines here.

import type { CodeInfo, Finding } from './types';
import type { RuleContext } from './context';
import { xmlSyntaxCodes } from './xmlSyntax/codes';
import { checkCpuNames } from './cpuNames/check';
import { cpuNameCodes } from './cpuNames/codes';
import { checkTargetVersion } from './targetVersion/check';
import { targetVersionCodes } from './targetVersion/codes';
import { checkCpuElement } from './cpuElement/check';
import { cpuElementCodes } from './cpuElement/codes';
import { kitCodes } from './kit/codes';
import { checkVcpus } from './vcpus/check';
import { vcpuCodes } from './vcpus/codes';
import { checkIothreads } from './iothreads/check';
import { iothreadCodes } from './iothreads/codes';
import { checkCputune } from './cputune/check';
import { cputuneCodes } from './cputune/codes';
import { checkNumatune } from './numatune/check';
import { numatuneCodes } from './numatune/codes';
import { checkIommu } from './iommu/check';
import { iommuCodes } from './iommu/codes';
import { checkHosts } from './hosts/check';
import { checkHostsArch } from './hostsArch/check';
import { hostArchCodes } from './hostsArch/codes';
import { hostCodes } from './hosts/codes';
import { checkHostTopologyRules } from './hostTopology/check';
import { hostTopologyCodes } from './hostTopology/codes';
import { checkNuma } from './numa/check';
import { checkDisks } from './disks/check';
import { diskCodes } from './disks/codes';
import { checkAddresses } from './addresses/check';
import { addressCodes } from './addresses/codes';
import { checkFirmware } from './firmware/check';
import { firmwareCodes } from './firmware/codes';
import { checkHostdevs } from './hostdevs/check';
import { hostdevCodes } from './hostdevs/codes';
import { checkInterfaces } from './interfaces/check';
import { interfaceCodes } from './interfaces/codes';
import { checkDevices } from './devices/check';
import { deviceCodes } from './devices/codes';
import { checkMachine } from './machine/check';
import { machineCodes } from './machine/codes';
import { checkDrops } from './drops/check';
import { dropCodes } from './drops/codes';
import { numaCodes } from './numa/codes';
import { checkCpuStart } from './cpuStart/check';
import { cpuStartCodes } from './cpuStart/codes';
import { cpuArchCodes } from './cpuArch/codes';
import { checkCpuArch } from './cpuArch/check';
import { checkSchema } from './schema/check';
import { schemaCodes } from './schema/codes';

export const diagnosticCodes = {
  ...xmlSyntaxCodes,
  ...cpuNameCodes,
  ...targetVersionCodes,
  ...cpuElementCodes,
  ...kitCodes,
  ...cpuStartCodes,
  ...cpuArchCodes,
  ...vcpuCodes,
  ...iothreadCodes,
  ...cputuneCodes,
  ...numatuneCodes,
  ...hostCodes,
  ...hostTopologyCodes,
  ...hostArchCodes,
  ...numaCodes,
  ...iommuCodes,
  ...diskCodes,
  ...addressCodes,
  ...firmwareCodes,
  ...hostdevCodes,
  ...interfaceCodes,
  ...deviceCodes,
  ...machineCodes,
  ...dropCodes,
  ...schemaCodes,
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof diagnosticCodes;

/** Rule families run on libvirt documents, after the XML syntax check. */
export const ruleFamilies: ReadonlyArray<(ctx: RuleContext) => Finding[]> = [
  checkCpuNames,
  checkTargetVersion,
  checkCpuElement,
  checkCpuStart,
  checkCpuArch,
  checkVcpus,
  checkIothreads,
  checkCputune,
  checkNumatune,
  checkNuma,
  checkIommu,
  checkDisks,
  checkAddresses,
  checkFirmware,
  checkHostdevs,
  checkInterfaces,
  checkDevices,
  checkMachine,
  checkDrops,
  checkHosts,
  checkHostTopologyRules,
  checkHostsArch,
];

/**
 * Every family's findings, then the grammar's (libvirt's RelaxNG schema over the
 * whole document), which leaves out the spots an earlier family already reported.
 */
export function runRuleFamilies(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const family of ruleFamilies) out.push(...family(ctx));
  out.push(...checkSchema(ctx, out.filter((f) => codeInfo(f.code)?.severity === 'error')));
  return out;
}

/** The table entry for `code`; undefined for a code no family declares (a bug the tests catch). */
export function codeInfo(code: string): CodeInfo | undefined {
  return (diagnosticCodes as Record<string, CodeInfo>)[code];
}
