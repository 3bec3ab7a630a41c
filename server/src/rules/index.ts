// Every rule family and every diagnostic code, in one place. Each family
// module declares its own codes (stable id, default severity, summary) next to
// its checks; this file merges them into the one table the server, the CLI,
// SARIF output and the README use.

import type { CodeInfo, Finding } from './types';
import type { RuleContext } from './context';
import { xmlSyntaxCodes } from './xmlSyntax';
import { checkCpuNames, cpuNameCodes } from './cpuNames';
import { checkTargetVersion, targetVersionCodes } from './targetVersion';
import { checkCpuElement, cpuElementCodes } from './cpuElement';
import { tuningSharedCodes } from './vcpuTune';
import { checkVcpus, vcpuCodes } from './vcpus';
import { checkIothreads, iothreadCodes } from './vcpuIothreads';
import { checkCputune, cputuneCodes } from './cputune';
import { checkNumatune, numatuneCodes } from './cputuneNuma';
import { hostCodes } from '../hosts/hostFindings';
import { checkNuma, numaCodes } from './numa';

export const diagnosticCodes = {
  ...xmlSyntaxCodes,
  ...cpuNameCodes,
  ...targetVersionCodes,
  ...cpuElementCodes,
  ...tuningSharedCodes,
  ...vcpuCodes,
  ...iothreadCodes,
  ...cputuneCodes,
  ...numatuneCodes,
  ...hostCodes,
  ...numaCodes,
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof diagnosticCodes;

/** Rule families run on libvirt documents, after the XML syntax check. */
export const ruleFamilies: ReadonlyArray<(ctx: RuleContext) => Finding[]> = [checkCpuNames, checkTargetVersion, checkCpuElement, checkVcpus, checkIothreads, checkCputune, checkNumatune, checkNuma];

/** The table entry for `code`; undefined for a code no family declares (a bug the tests catch). */
export function codeInfo(code: string): CodeInfo | undefined {
  return (diagnosticCodes as Record<string, CodeInfo>)[code];
}
