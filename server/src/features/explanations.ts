// Prose the editor features add on top of schema.ts's one-liners: the trade-off
// behind each CPU mode, what each feature policy does at start, and why people
// toggle the features they toggle on host CPUs. Our own words throughout.

/** Performance versus migration, per `<cpu mode>`. */
export const modeTradeoffs: Readonly<Record<string, { performance: string; migration: string; qemu: string }>> = {
  'host-passthrough': {
    performance: 'best: every host feature, the real model name, cache and microcode details',
    migration: 'worst: only to hosts with the identical CPU (and often the same microcode and kernel)',
    qemu: '-cpu host',
  },
  'host-model': {
    performance: 'close to the host: the nearest named model plus the host’s extra features',
    migration: 'in between: to hosts with the same or a newer CPU (the expansion is fixed when the guest starts)',
    qemu: 'a named model plus features, worked out from the host when the guest starts',
  },
  custom: {
    performance: 'limited to the chosen model and features',
    migration: 'best: to any host that can run the model',
    qemu: '-cpu MODEL,feature=on|off,…',
  },
  maximum: {
    performance: 'every feature QEMU can offer, emulated ones included (can be slower than host-passthrough)',
    migration: 'not meant for it: for testing what the hypervisor supports',
    qemu: '-cpu max',
  },
};

/** One Markdown table of the four modes, the row for `current` in bold. */
export function modeTable(current?: string): string {
  const rows = ['| mode | performance | migration |', '|---|---|---|'];
  for (const [mode, t] of Object.entries(modeTradeoffs)) {
    const name = mode === current ? `**${mode}**` : mode;
    rows.push(`| ${name} | ${t.performance} | ${t.migration} |`);
  }
  return rows.join('\n');
}

/** What each `<feature policy>` does with the feature, in more words than the schema's line. */
export const policyMeanings: Readonly<Record<string, string>> = {
  force: 'turned on in the guest even if the host CPU lacks it (QEMU may emulate it or the guest may crash using it)',
  require: 'turned on in the guest; the guest does not start unless the host and hypervisor can provide it',
  optional: 'turned on only if the host CPU has it; otherwise silently left out',
  disable: 'turned off in the guest, whatever the host has',
  forbid: 'turned off, and the guest refuses to start on a host CPU that has it',
};

/**
 * Features people commonly toggle on `host-passthrough`/`maximum` CPUs (or
 * add to a named model), in the order offered, with the usual reason.
 */
export const commonlyToggled: ReadonlyArray<readonly [string, string]> = [
  ['vmx', 'disable to turn off nested virtualization (Intel)'],
  ['svm', 'disable to turn off nested virtualization (AMD)'],
  ['topoext', 'AMD: needed for guests to see SMT threads (threads > 1)'],
  ['invtsc', 'stable TSC for timekeeping; blocks migration'],
  ['hypervisor', 'disable to hide that the guest runs in a VM'],
  ['x2apic', 'faster interrupts, needed for more than 255 vCPUs'],
  ['pdpe1gb', '1 GiB huge pages inside the guest'],
  ['pcid', 'cheaper Meltdown mitigation on Intel'],
  ['spec-ctrl', 'Spectre v2 mitigation (IBRS/IBPB) on Intel'],
  ['ssbd', 'Speculative Store Bypass mitigation (Intel)'],
  ['md-clear', 'MDS mitigation: VERW clears CPU buffers'],
  ['arch-capabilities', 'lets the guest see which CPU flaws the host is immune to'],
  ['stibp', 'cross-thread Spectre v2 protection'],
  ['ibpb', 'AMD: indirect branch predictor barrier'],
  ['amd-ssbd', 'AMD: Speculative Store Bypass mitigation'],
  ['virt-ssbd', 'AMD: SSBD through the virtual MSR'],
  ['amd-stibp', 'AMD: cross-thread Spectre v2 protection'],
  ['tsc-deadline', 'precise timer interrupts'],
  ['la57', '5-level paging: more than 256 TiB of guest address space'],
  ['rdtscp', 'fast timestamp with CPU id; some guests need it'],
  ['monitor', 'disable to stop guests using MONITOR/MWAIT for idle'],
  ['umip', 'blocks user-mode SGDT/SIDT; disable for old software'],
  ['hle', 'disable: TSX (broken or removed by microcode on many hosts)'],
  ['rtm', 'disable: TSX (broken or removed by microcode on many hosts)'],
  ['mpx', 'disable: MPX is gone from newer CPUs and kernels'],
  ['avx512f', 'disable to keep AVX-512 away from guests'],
];
