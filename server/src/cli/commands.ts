// The CLI's subcommands, as one table: `libvirt-xml-lint NAME …` runs the
// entry's `run` with the arguments after NAME. Each entry loads its module
// only when chosen (require inside run), so a plain lint run never pays for
// them. Adding a subcommand = one entry here.

import type { Io } from './hostCommands';

export interface Subcommand {
  name: string;
  /** The usage line shown in the main help, after `libvirt-xml-lint `. */
  synopsis: string;
  /** Runs with the arguments after the name; returns the exit status. */
  run: (args: string[], io: Io) => number | Promise<number>;
}

export const subcommands: Subcommand[] = [
  {
    name: 'baseline',
    synopsis: 'baseline [--features] [--migratable] HOST...',
    run: (args, io) => (require('./hostCommands') as typeof import('./hostCommands')).runHostCommand(['baseline', ...args], io),
  },
  {
    name: 'compare',
    synopsis: 'compare CPU.xml HOST.xml',
    run: (args, io) => (require('./hostCommands') as typeof import('./hostCommands')).runHostCommand(['compare', ...args], io),
  },
  {
    name: 'pin',
    synopsis: 'pin --host CAPS.xml [--reserve CPUS] DOMAIN.xml',
    run: (args, io) => (require('./pinCommands') as typeof import('./pinCommands')).runPinCommand(['pin', ...args], io),
  },
  {
    name: 'topology',
    synopsis: 'topology --host CAPS.xml DOMAIN.xml',
    run: (args, io) => (require('./pinCommands') as typeof import('./pinCommands')).runPinCommand(['topology', ...args], io),
  },
];
