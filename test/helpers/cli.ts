// Running the built CLI (dist/cli.js) the way users and CI do, in a temporary
// directory tree made from inline files. No test logic here.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoFile } from './fixtures';

export const cliPath = repoFile('dist/cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ...args` in `cwd`; the code cache goes to a private directory unless `env` says otherwise. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, LIBVIRT_XML_LINT_CACHE: join(cwd, '.cache-test'), ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr + (r.error ? String(r.error) : '') };
}

/** A fresh temporary directory holding `files` (relative path → content). */
export function tree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-cli-'));
  writeTree(dir, files);
  return dir;
}

export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
}

/** A domain with `cpu` inside; `model` 'Skylake-Clinet' gives one error (cpu-model-unknown). */
export function domain(name: string, model = 'Skylake-Client', prefix = ''): string {
  return `${prefix}<domain type='kvm'>
  <name>${name}</name>
  <memory unit='GiB'>4</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <cpu mode='custom' match='exact'>
    <model>${model}</model>
  </cpu>
</domain>
`;
}

/** The `file:line:col` heads of the text output's problem lines. */
export function problemFiles(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => /:\d+:\d+: /.test(l))
    .map((l) => l.slice(0, l.indexOf(':')));
}

/**
 * The cache files in `dir` ending in `ext` (V8 code caches unless told),
 * each as "name inode mtime" (`name` through
 * `rename`), sorted: equal lists mean no file was rewritten (a rewrite renames a
 * new file over the old one).
 */
export function cacheFileStamps(dir: string, rename: (file: string) => string = (f) => f, ext = '.v8'): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => {
      const st = statSync(join(dir, f), { bigint: true });
      return `${rename(f)} ${st.ino} ${st.mtimeNs}`;
    });
}
