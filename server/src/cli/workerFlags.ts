// What the CLI launcher (dist/cli.js) shares with the lint workers, apart from
// workers.ts so the launcher, which runs before the code cache is in use,
// stays a few lines.

/** In a worker's process.argv: tells the CLI to serve (checked before loading worker_threads, which a one-file run never needs). */
export const workerFlag = '--libvirt-xml-lint-worker';

/**
 * V8 settings for a run whose threads keep every core busy. Alone, a run's
 * main thread gets V8's optimising compiler and GC helpers working on the idle
 * cores for it (a one-job run over 5,000 files uses 1.35 cores); with a lint
 * thread per core they compete with the linting, and each isolate compiles
 * the same hot functions again. Smaller inlining budgets and a later tier-up
 * make that compile work a fraction, for slightly slower optimised code:
 * `--jobs 2` over the bench's 5,000 files went from 1.9 s to 1.55 s, while the
 * same flags made a one-job run slower (1.87 s to 2.1 s), so they are set only
 * for parallel runs (cli/workers.ts). They are read when a function is
 * compiled, so setting them applies to the workers about to start and to what
 * the main thread compiles from then on (GC flags could not be changed this
 * late). V8 refuses a code cache made under other flags, so the workers keep
 * a code cache of their own (cli.ts).
 */
export const parallelJitFlags = ['--max-inlined-bytecode-size-cumulative=100', '--interrupt-budget=300000'];
