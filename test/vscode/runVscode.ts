// Runs the in-editor suite (test/vscode/suite) in a downloaded VS Code via @vscode/test-electron.
// Without network it prints one line, "skipped: cannot download VS Code (<reason>)", and exits 0.
import { downloadAndUnzipVSCode, ProgressReportStage, runTests, type ProgressReport, type ProgressReporter } from '@vscode/test-electron';
import type * as esbuildApi from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixtures } from './suite/fixtures';

/** Give up when no bytes have arrived for this long (covers an offline or blackholed network). */
const stallLimitMs = 20_000;

async function main(): Promise<number> {
  const root = projectRoot();
  const version = process.env.LIBVIRT_XML_VSCODE_VERSION || 'stable';

  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadWithStallLimit(version, join(root, '.vscode-test'));
  } catch (error) {
    console.log(`skipped: cannot download VS Code (${oneLine(error)})`);
    return 0;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.log('skipped: no display for VS Code (run under xvfb-run -a)');
    return 0;
  }
  for (const bundle of ['dist/client.js', 'dist/server.js']) {
    if (!existsSync(join(root, bundle))) {
      console.error(`error: ${bundle} is missing; run \`node scripts/build.mjs\` first`);
      return 1;
    }
  }

  const extensionTestsPath = await bundleSuite(root);
  const workspace = makeWorkspace();
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-gpu'],
    });
  } catch (error) {
    console.error(`error: VS Code integration suite failed (${oneLine(error)})`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** downloadAndUnzipVSCode, rejected when the download makes no progress for `stallLimitMs`. */
async function downloadWithStallLimit(version: string, cachePath: string): Promise<string> {
  const finishing = new Set<ProgressReportStage>([
    ProgressReportStage.ExtractingSynchonrously,
    ProgressReportStage.NewInstallComplete,
    ProgressReportStage.FoundMatchingInstall,
  ]);
  let lastProgress = Date.now();
  let bytes = -1;
  const reporter: ProgressReporter = {
    report(report: ProgressReport) {
      // Retries do not count as progress, or an offline machine would wait once per attempt.
      if (report.stage === ProgressReportStage.Downloading) {
        if (report.bytesSoFar <= bytes) return;
        bytes = report.bytesSoFar;
      } else if (!finishing.has(report.stage)) {
        return;
      }
      lastProgress = Date.now();
    },
    error() {},
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (Date.now() - lastProgress > stallLimitMs) reject(new Error(`no download progress for ${stallLimitMs / 1000} s`));
    }, 250);
  });
  try {
    return await Promise.race([downloadAndUnzipVSCode({ version, cachePath, reporter, timeout: stallLimitMs }), stalled]);
  } finally {
    clearInterval(timer);
  }
}

/** Bundles test/vscode/suite/index.ts to out/vscode-suite/index.js (outside out/test, which `node --test` runs: it needs `vscode`). */
async function bundleSuite(root: string): Promise<string> {
  const esbuild = createRequire(join(root, 'package.json'))('esbuild') as typeof esbuildApi;
  const outfile = join(root, 'out', 'vscode-suite', 'index.js');
  await esbuild.build({
    entryPoints: [join(root, 'test', 'vscode', 'suite', 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    outfile,
  });
  return outfile;
}

/** A throwaway workspace holding the fixtures, pinned to the bundled catalog for stable hovers. */
function makeWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-vscode-'));
  mkdirSync(join(dir, '.vscode'));
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'libvirtXml.catalog.useHostCpuMap': false }, null, 2));
  for (const [name, text] of Object.entries(fixtures)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The directory holding this project's package.json, searched upwards from this file. */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'libvirt-xml') return dir;
    if (dirname(dir) === dir) throw new Error('cannot find the libvirt-xml package.json above ' + __dirname);
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
  return line.trim().slice(0, 200);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${oneLine(error)}`);
    process.exit(1);
  },
);
