// The diagnostic codes of this rule family: stable id, default severity, and the
// README table's columns. Kept apart from the checks so nothing imports back into them.

import type { CodeInfo } from '../types';

export const cpuNameCodes = {
  'cpu-model-unknown': { severity: 'error', summary: "A guest CPU model that is not in libvirt's cpu_map: refused when the domain starts.", libvirt: 'Unknown CPU model NAME (at start)', fix: 'did-you-mean replacements' },
  'cpu-model-not-in-catalog': { severity: 'warning', summary: 'A model in host data or under host-model that the catalog in use does not list (another libvirt version?).', fix: 'did-you-mean replacements' },
  'cpu-model-whitespace': { severity: 'error', summary: 'Blanks around a model name: libvirt does not trim them, so the name is unknown.', libvirt: 'Unknown CPU model NAME (at start)', fix: 'trim the blanks' },
  'cpu-feature-unknown': { severity: 'error', summary: "A feature name that is not in libvirt's cpu_map: refused when the domain starts.", libvirt: 'unknown CPU feature: NAME (at start)', fix: 'did-you-mean replacements' },
  'cpu-feature-alias': { severity: 'error', summary: "Another program's spelling of a feature: libvirt only accepts its own name.", libvirt: 'unknown CPU feature: NAME (at start)', fix: "libvirt's spelling" },
  'cpu-feature-not-in-catalog': { severity: 'warning', summary: 'A feature in host data that the catalog in use does not list.', fix: 'did-you-mean replacements' },
} as const satisfies Record<string, CodeInfo>;
