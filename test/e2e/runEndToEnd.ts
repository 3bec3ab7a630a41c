// End-to-end test of the packaged extension in a real VS Code: code-server (VS Code in
// the browser) with libvirt-xml.vsix installed into a fresh profile, driven by headless
// Chromium through playwright-core, with the keyboard and the command palette, reading
// results from the DOM and, for edits, from the saved files on disk.
//
// Usage: npm run test:e2e   (= npm run package, build the runner, run it)
//        node out/tools/e2e/runEndToEnd.js [--update-images] [--keep]
//   --update-images  also copy the README screenshots into images/
//   --keep           keep the temporary profile, workspace and logs (path is printed)
// Environment: VSCODE_WEB_PREFIX (default ~/.cache/vscode-web), VSCODE_WEB_SETUP (the
// setup script; default ../shared/tools/vscode-web-setup.sh next to the repository).
// Prints PASS/FAIL per scenario, screenshots to test-results/e2e/, and a last line
// "N passed, M failed"; exits 1 when any scenario failed.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { intelTwoSocket } from '../helpers/topologyHosts';
import { runGrammarScenarios } from './grammarScenarios';
import { runLiveScenarios } from './liveScenarios';

// ---------------------------------------------------------------------------------------
// The parts of playwright-core used here (it is loaded at run time from the setup prefix,
// so the project does not depend on it).

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface ElementHandle {
  boundingBox(): Promise<Box | null>;
}
interface Keyboard {
  press(key: string): Promise<void>;
  type(text: string, options?: { delay?: number }): Promise<void>;
}
interface ConsoleMessage {
  type(): string;
  text(): string;
}
interface Frame {
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
}
export interface Page {
  keyboard: Keyboard;
  /** Every frame, nested ones included (webviews are iframes inside iframes). */
  frames(): Frame[];
  goto(url: string, options?: { timeout?: number; waitUntil?: string }): Promise<unknown>;
  waitForSelector(selector: string, options?: { state?: string; timeout?: number }): Promise<ElementHandle | null>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A, options?: { timeout?: number; polling?: number | 'raf' }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  $$(selector: string): Promise<ElementHandle[]>;
  screenshot(options: { path: string; clip?: Box }): Promise<unknown>;
  setDefaultTimeout(ms: number): void;
  viewportSize(): { width: number; height: number } | null;
  on(event: 'console', fn: (m: ConsoleMessage) => void): void;
  on(event: 'pageerror', fn: (e: Error) => void): void;
  close(): Promise<void>;
}
export interface Browser {
  newPage(options: { viewport: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(options: { executablePath: string; headless: boolean; args: string[]; timeout?: number }): Promise<Browser> };
}

// The page-side globals used by the functions that run in the browser (page.evaluate,
// waitForFunction); declared here because the project's tsconfig has no DOM library.
export interface DomElement {
  textContent: string | null;
  innerText: string;
  offsetParent: unknown;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): DomElement[];
}
export interface DomDocument {
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): DomElement[];
  getElementById(id: string): DomElement | null;
}
declare const document: DomDocument;

// ---------------------------------------------------------------------------------------
// Configuration

const root = resolve(__dirname, '..', '..', '..'); // out/tools/e2e/runEndToEnd.js → repository
const args = new Set(process.argv.slice(2));
const prefix = process.env.VSCODE_WEB_PREFIX || join(homedir(), '.cache', 'vscode-web');
const setupScript = process.env.VSCODE_WEB_SETUP || resolve(root, '..', 'shared', 'tools', 'vscode-web-setup.sh');
const codeServerBin = join(prefix, 'code-server', 'node_modules', '.bin', 'code-server');
const playwrightDir = join(prefix, 'pw', 'node_modules', 'playwright-core');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const resultsDir = join(root, 'test-results', 'e2e');
const imagesDir = join(root, 'images');

/** Generous bounds for a loaded 2-core machine: every wait below ends in one of these. */
const T = {
  setup: 30 * 60_000,
  install: 180_000,
  serverListen: 60_000,
  workbench: 120_000,
  activation: 120_000,
  ui: 30_000,
  diagnostics: 60_000,
  disk: 30_000,
  shutdown: 10_000,
};

/** A path no machine has: if a workspace could set cpuMapPath, the server would log it. */
const bogusCpuMapPath = '/nonexistent/libvirt-xml-e2e/bogus-cpu_map';

const baseSettings = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  // Sticky scroll hides lines under its header; screenshots read better without it.
  'editor.stickyScroll.enabled': false,
  // Only our completion items, and only when asked for (Ctrl+Space).
  'editor.wordBasedSuggestions': 'off',
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'on',
  'editor.suggest.preview': false,
  // The bundled catalog: results must not depend on the libvirt of this machine.
  'libvirtXml.catalog.useHostCpuMap': false,
  'libvirtXml.logLevel': 'info',
};
const trustedSettings = { ...baseSettings, 'security.workspace.trust.enabled': false };
const restrictedSettings = {
  ...baseSettings,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
  'security.workspace.trust.untrustedFiles': 'open',
};

// ---------------------------------------------------------------------------------------
// Small utilities

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n').filter((l) => l.trim() !== '')[0]?.slice(0, 400) ?? text;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** 1-based line and column of `needle` (+ `delta` characters) in `text`, its first occurrence after `after` when given; throws when absent. */
function lineColOf(text: string, needle: string, delta = 0, after?: string): { line: number; col: number } {
  const from = after === undefined ? 0 : text.indexOf(after);
  if (from < 0) throw new Error(`fixture does not contain ${JSON.stringify(after)}`);
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`fixture does not contain ${JSON.stringify(needle)}${after === undefined ? '' : ` after ${JSON.stringify(after)}`}`);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/** Resolves when `check()` is truthy, polling every `everyMs`; rejects after `ms`. */
async function until<R>(check: () => R | undefined | false, what: string, ms: number, everyMs = 100): Promise<R> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds(ms)} waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `until` for checks that must await (reading frames): polls every `everyMs` until `check` gives a value. */
async function untilAsync<R>(check: () => Promise<R | undefined>, what: string, ms: number, everyMs = 100): Promise<R> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds(ms)} waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Kills a detached child's whole process group (code-server and its extension hosts). */
async function killGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, T.shutdown);
  await exited;
  clearTimeout(timer);
}

/** Runs a command to completion with a time limit; resolves with its exit code and output. */
function run(cmd: string, argv: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string }): Promise<{ code: number | null; out: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, argv, { env: options.env ?? process.env, cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b) => (out += b));
    child.stderr!.on('data', (b) => (out += b));
    const timer = setTimeout(() => {
      void killGroup(child);
      reject(new Error(`${basename(cmd)} ${argv.join(' ')} did not finish within ${seconds(options.timeoutMs)}`));
    }, options.timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, out });
    });
  });
}

// ---------------------------------------------------------------------------------------
// Scenario bookkeeping

interface Outcome {
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
}
const outcomes: Outcome[] = [];
const notes: string[] = [];
/** Screenshots worth copying into images/ (README), by image name. */
const readmeShots = new Map<string, string>();

// ---------------------------------------------------------------------------------------
// Driving VS Code

export class Workbench {
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page, readonly folder: string) {
    page.setDefaultTimeout(T.ui);
    page.on('console', (m) => {
      if (m.type() === 'error') this.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => this.consoleErrors.push(`pageerror: ${e.message}`));
  }

  /** Waits for a condition evaluated in the page; the message says what was awaited. */
  async waitFor<A>(what: string, fn: (arg: A) => unknown, arg: A, timeout = T.ui): Promise<void> {
    try {
      await this.page.waitForFunction(fn, arg, { timeout, polling: 100 });
    } catch (e) {
      throw new Error(`timed out after ${seconds(timeout)} waiting for ${what} (${oneLine(e)})`);
    }
  }

  /**
   * Presses `keys` (one after the other) until the page condition holds: a key press can
   * be lost while the workbench is busy, so it is repeated, at most `attempts` times,
   * each attempt waiting up to `eachMs` for the condition.
   */
  async pressUntil<A>(what: string, keys: string[], fn: (arg: A) => unknown, arg: A, attempts = 3, eachMs = 20_000): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      for (const k of keys) await this.page.keyboard.press(k);
      try {
        await this.waitFor(what, fn, arg, eachMs);
        return;
      } catch (e) {
        if (attempt >= attempts) throw new Error(`${oneLine(e)} (after ${attempts} attempts)`);
        await this.dismiss();
      }
    }
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url, { timeout: T.workbench, waitUntil: 'domcontentloaded' });
    await this.waitFor('the workbench', () => !!document.querySelector('.monaco-workbench .part.statusbar'), null, T.workbench);
    // The explorer shows the folder once the remote file system is connected.
    await this.waitFor('the explorer', () => !!document.querySelector('.explorer-folders-view .monaco-list-row'), null, T.workbench);
  }

  /** Quick Open (Ctrl+P): opens a workspace file by name and waits for its editor to be active and focused. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.waitFor('Quick Open', () => !!document.querySelector('.quick-input-widget:not([style*="display: none"]) input'), null);
    await this.page.keyboard.type(name);
    await this.waitFor(
      `Quick Open to offer ${name}`,
      (n) => (document.querySelector('.quick-input-list .monaco-list-row.focused')?.getAttribute('aria-label') ?? '').startsWith(n),
      name,
    );
    await this.page.keyboard.press('Enter');
    await this.waitFor(
      `${name} to be the active editor`,
      (n) => {
        const tab = document.querySelector('.editor-group-container.active .tab.active');
        return (tab?.getAttribute('aria-label') ?? '').startsWith(n) && !!document.querySelector('.editor-group-container.active .monaco-editor.focused');
      },
      name,
    );
  }

  /** Go to Line/Column (Ctrl+G), 1-based; waits until the status bar shows the position. */
  async goTo(line: number, col: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.waitFor('Go to Line', () => !!document.querySelector('.quick-input-widget:not([style*="display: none"]) input'), null);
    await this.page.keyboard.type(`${line}:${col}`);
    await this.page.keyboard.press('Enter');
    await this.waitFor(
      `the cursor at ${line}:${col}`,
      (s) => (document.getElementById('status.editor.selection')?.textContent ?? '').includes(s) && !!document.querySelector('.monaco-editor.focused'),
      `Ln ${line}, Col ${col}`,
    );
  }

  /** Focuses the active editor again (View: Focus Active Editor Group, Ctrl+1). */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Control+1');
    await this.waitFor('the editor to have focus', () => !!document.querySelector('.editor-group-container.active .monaco-editor.focused'), null);
  }

  /** Runs a command from the command palette (F1) by its label. */
  async command(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.waitFor('the command palette', () => !!document.querySelector('.quick-input-widget:not([style*="display: none"]) input'), null);
    await this.page.keyboard.type(label);
    await this.waitFor(
      `the command "${label}"`,
      (l) => (document.querySelector('.quick-input-list .monaco-list-row.focused')?.getAttribute('aria-label') ?? '').startsWith(l),
      label,
    );
    await this.page.keyboard.press('Enter');
    await this.waitFor('the command palette to close', () => !document.querySelector('.quick-input-widget:not([style*="display: none"]) input'), null);
  }

  /** Saves the active editor (Ctrl+S) and waits until the file on disk satisfies `check`. */
  async saveAndRead(file: string, check: (text: string) => boolean, what: string): Promise<string> {
    await this.page.keyboard.press('Control+S');
    return until(() => {
      const text = readFileSync(join(this.folder, file), 'utf8');
      return check(text) ? text : undefined;
    }, `${file} on disk to have ${what}`, T.disk);
  }

  /** Presses Escape until no suggest widget, hover, action widget or quick input is visible. */
  async dismiss(): Promise<void> {
    for (let i = 0; i < 4; i++) {
      const open = await this.page.evaluate(
        () =>
          !!document.querySelector(
            '.suggest-widget.visible, .action-widget:not([style*="display: none"]) .monaco-list-row, .monaco-hover.visible, .quick-input-widget:not([style*="display: none"]) input',
          ),
        null,
      );
      if (!open) return;
      await this.page.keyboard.press('Escape');
    }
  }

  /** Problems panel rows: file rows ("N problems in file X") and marker rows (aria-label and visible text). */
  async problems(): Promise<{ aria: string; text: string }[]> {
    return this.page.evaluate(
      () =>
        [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((e) => ({
          aria: e.getAttribute('aria-label') ?? '',
          text: e.innerText,
        })),
      null,
    );
  }

  /** Opens the Problems panel (Ctrl+Shift+M). */
  async showProblems(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+M');
    await this.waitFor('the Problems panel', () => !!document.querySelector('.markers-panel'), null);
  }

  /** Text of the status bar item with this id, or undefined when it is not shown. */
  async statusItem(id: string): Promise<string | undefined> {
    return this.page.evaluate((i) => {
      const e = document.getElementById(i);
      return e && e.offsetParent !== null ? (e.textContent ?? '').trim() : undefined;
    }, id);
  }

  /** Focused suggest row's label (the aria-label up to its first comma), or undefined. */
  async focusedSuggestion(): Promise<string | undefined> {
    return this.page.evaluate(() => {
      const row = document.querySelector('.suggest-widget.visible .monaco-list-row.focused');
      return row ? (row.getAttribute('aria-label') ?? '').split(',')[0] : undefined;
    }, null);
  }

  /**
   * Completion at the cursor: Ctrl+Space, type `filter`, move the selection to the
   * item labelled `label` and accept it with Enter. Returns the label focused first
   * after filtering. `shot` names a screenshot taken with the list open.
   */
  async complete(filter: string, label: string, shot?: string): Promise<string | undefined> {
    const first = await this.selectSuggestion(filter, label, shot);
    await this.page.keyboard.press('Enter');
    await this.waitFor('the suggest widget to close', () => !document.querySelector('.suggest-widget.visible'), null);
    return first;
  }

  /**
   * Ctrl+Space, type `filter` and move the selection to the item labelled `label`,
   * leaving the list open (Enter accepts it). Returns the label focused first after
   * filtering; `shot` names a screenshot taken with the item selected.
   */
  async selectSuggestion(filter: string, label: string, shot?: string): Promise<string | undefined> {
    await this.pressUntil('the suggest widget', ['Control+Space'], () => !!document.querySelector('.suggest-widget.visible .monaco-list-row'), null);
    await this.page.keyboard.type(filter);
    await this.waitFor(
      `a completion item labelled ${label}`,
      (l) => [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')].some((r) => (r.getAttribute('aria-label') ?? '').split(',')[0] === l),
      label,
    );
    const first = await this.focusedSuggestion();
    for (let i = 0; i < 40 && (await this.focusedSuggestion()) !== label; i++) {
      const before = await this.focusedSuggestion();
      await this.page.keyboard.press('ArrowDown');
      await this.waitFor('the selection to move', (b) => {
        const row = document.querySelector('.suggest-widget.visible .monaco-list-row.focused');
        return (row?.getAttribute('aria-label') ?? '').split(',')[0] !== b;
      }, before);
    }
    if ((await this.focusedSuggestion()) !== label) throw new Error(`could not select the completion item ${label}`);
    if (shot) await this.shot(shot, ['.part.editor', '.suggest-widget.visible']);
    return first;
  }

  /** Labels in the suggest widget after Ctrl+Space, or [] when it says there are no suggestions; `shot` names a screenshot taken with the list open. */
  async suggestionLabels(shot?: string): Promise<string[]> {
    await this.pressUntil(
      'the suggest widget to settle',
      ['Control+Space'],
      () => {
        const w = document.querySelector('.suggest-widget.visible');
        if (!w) return false;
        const message = w.querySelector('.message')?.innerText ?? '';
        const messageShown = w.querySelector('.message')?.offsetParent !== null && message !== '';
        if (messageShown && /loading/i.test(message)) return false;
        return messageShown || !!w.querySelector('.monaco-list-row');
      },
      null,
    );
    const labels = await this.page.evaluate(
      () => [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')].map((r) => (r.getAttribute('aria-label') ?? '').split(',')[0]),
      null,
    );
    if (shot) await this.shot(shot, ['.part.editor', '.suggest-widget.visible']);
    await this.dismiss();
    return labels;
  }

  /** Where the screenshot `name` is written. */
  shotPath(name: string): string {
    return join(resultsDir, `${name}.png`);
  }

  /** Screenshot clipped to the union of the visible elements matching `selectors`, into test-results/e2e. */
  async shot(name: string, selectors: string[]): Promise<string> {
    const boxes: Box[] = [];
    for (const s of selectors) {
      for (const h of await this.page.$$(s)) {
        const b = await h.boundingBox();
        if (b && b.width > 0 && b.height > 0) boxes.push(b);
      }
    }
    const path = this.shotPath(name);
    const view = this.page.viewportSize() ?? { width: 1280, height: 800 };
    if (boxes.length === 0) {
      await this.page.screenshot({ path });
      return path;
    }
    const pad = 6;
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - pad);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - pad);
    const right = Math.min(view.width, Math.max(...boxes.map((b) => b.x + b.width)) + pad);
    const bottom = Math.min(view.height, Math.max(...boxes.map((b) => b.y + b.height)) + pad);
    await this.page.screenshot({ path, clip: { x, y, width: right - x, height: bottom - y } });
    return path;
  }
}

// ---------------------------------------------------------------------------------------
// Setup: tools, profile, workspace, code-server, browser

/** Installs code-server, Chromium and playwright-core when any is missing (the script is idempotent). */
function ensureTools(): void {
  if (existsSync(codeServerBin) && existsSync(join(playwrightDir, 'package.json')) && existsSync(chromiumPath)) return;
  if (!existsSync(setupScript)) throw new Error(`code-server is not installed under ${prefix} and the setup script ${setupScript} is missing (set VSCODE_WEB_SETUP)`);
  log(`setup: installing code-server, Chromium and playwright-core into ${prefix} (one time)…`);
  const r = spawnSync('bash', [setupScript, prefix], { stdio: ['ignore', 'inherit', 'inherit'], timeout: T.setup });
  if (r.status !== 0) throw new Error(`${setupScript} failed (status ${r.status}${r.error ? `, ${r.error.message}` : ''})`);
}

export interface Diag {
  code: string;
  message: string;
  line: number;
  col: number;
}

/** What the engine itself reports for `files` (the CLI over the same bundled catalog): the expected Problems. */
function expectedDiagnostics(files: string[]): Map<string, Diag[]> {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), '--format', 'json', ...files], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`dist/cli.js failed (status ${r.status}): ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; message: string; range: { start: { line: number; character: number } } }[] }[];
  return new Map(
    report.map((f) => [
      basename(f.file),
      f.diagnostics.map((d) => ({ code: d.code, message: d.message, line: d.range.start.line + 1, col: d.range.start.character + 1 })),
    ]),
  );
}

function catalogNames(): { version: string; models: Set<string>; features: Set<string> } {
  const data = JSON.parse(readFileSync(join(root, 'data', 'catalog.json'), 'utf8')) as {
    source: { libvirtVersion: string };
    archs: Record<string, { models: { name: string }[]; features: { name: string }[] }>;
  };
  const models = new Set<string>();
  const features = new Set<string>();
  for (const arch of Object.values(data.archs)) {
    for (const m of arch.models) models.add(m.name);
    for (const f of arch.features) features.add(f.name);
  }
  return { version: data.source.libvirtVersion, models, features };
}

interface CodeServer {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function codeServerEnv(tmp: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(prefix, 'node', 'bin')}:${process.env.PATH ?? ''}`,
    // Keep code-server's own state out of the real home directory.
    XDG_DATA_HOME: join(tmp, 'xdg-data'),
    XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
    // No marketplace: any gallery request goes to a closed loopback port.
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: 'http://127.0.0.1:9/gallery',
      itemUrl: 'http://127.0.0.1:9/items',
      resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}',
    }),
  };
}

function codeServerArgs(tmp: string): string[] {
  return [
    '--config', join(tmp, 'code-server.yaml'),
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', join(tmp, 'user-data'),
    '--extensions-dir', join(tmp, 'extensions'),
  ];
}

/** Starts code-server on a free loopback port (port 0; the real one is read from its log). */
async function startCodeServer(tmp: string): Promise<CodeServer> {
  const child = spawn(codeServerBin, [...codeServerArgs(tmp), '--bind-addr', '127.0.0.1:0', '--ignore-last-opened'], {
    env: codeServerEnv(tmp),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  const url = await until(() => {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}: ${out}`);
    return /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
  }, 'code-server to listen', T.serverListen);
  return { child, url, output: () => out };
}

// ---------------------------------------------------------------------------------------
// Scenarios

interface Env {
  wb: Workbench;
  ws: string;
  expected: Map<string, Diag[]>;
  catalog: ReturnType<typeof catalogNames>;
}

const statusId = 'libvirt-xml.libvirt-xml.libvirtXml.catalog';

/** Waits until the Problems panel lists `expected.length` problems for `file`, each expected message at its line and column; returns all rows. */
async function waitForProblems(wb: Workbench, file: string, expected: Diag[]): Promise<{ aria: string; text: string }[]> {
  await wb.showProblems();
  const lines = expected.map((d) => `${d.message} at line ${d.line} and character ${d.col}. generated by libvirt-xml`);
  // The file row's label: "N problems in file F of folder D" (VS Code 1.139 says "problems" for 1 too).
  const countLabel = `${expected.length} problem(s) in file ${file}`;
  try {
    await wb.waitFor(
      `${countLabel} in the Problems panel`,
      ({ n, file, lines }) => {
        const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((e) => e.getAttribute('aria-label') ?? '');
        return rows.some((r) => r.startsWith(`${n} problem`) && r.includes(` in file ${file} `)) && lines.every((l) => rows.some((r) => r.endsWith(l)));
      },
      { n: expected.length, file, lines },
      T.diagnostics,
    );
  } catch (e) {
    const seen = (await wb.problems()).map((r) => r.aria).join(' | ');
    throw new Error(`${oneLine(e)}; expected ${JSON.stringify(lines)}; panel shows: ${seen}`);
  }
  return wb.problems();
}

/** Waits until no Problems panel row shows `what` (a code or a message part no other file has) and `left` problems remain for `file` (no file row when 0). */
async function waitForProblemGone(wb: Workbench, file: string, what: string, left: number): Promise<void> {
  await wb.showProblems();
  await wb.waitFor(
    `the ${what} problem to disappear from ${file}`,
    ({ file, what, n }) => {
      const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')];
      const gone = !rows.some((r) => r.innerText.includes(what));
      const fileRows = rows.map((r) => r.getAttribute('aria-label') ?? '').filter((a) => a.includes(` in file ${file} `));
      const count = n === 0 ? fileRows.length === 0 : fileRows.some((a) => a.startsWith(`${n} problem`));
      return gone && count;
    },
    { file, what, n: left },
    T.diagnostics,
  );
}

async function scenarioDiagnostics({ wb, expected }: Env): Promise<string> {
  const want = expected.get('typos.xml') ?? [];
  const codes = want.map((d) => d.code);
  for (const c of ['cpu-model-unknown', 'cpu-feature-unknown']) if (!codes.includes(c)) throw new Error(`the engine no longer reports ${c} for typos.xml (got ${codes.join(', ')})`);
  await wb.openFile('typos.xml');
  const rows = await waitForProblems(wb, 'typos.xml', want);
  // The visible row text carries the source and the code, as VS Code renders them.
  for (const d of want) {
    const row = rows.find((r) => r.aria.startsWith('Error: ' + d.message) || r.aria.includes(d.message));
    if (!row || !row.text.includes('libvirt-xml') || !row.text.includes(d.code)) throw new Error(`row for ${d.code} lacks source/code: ${JSON.stringify(row)}`);
  }
  readmeShots.set('problems', await wb.shot('problems', ['.part.editor', '.part.panel']));
  await wb.focusEditor();
  return `${want.length} problems in typos.xml, as the CLI reports them (${codes.join(', ')}), each with source libvirt-xml and its code`;
}

async function scenarioStatusBar({ wb, catalog }: Env): Promise<string> {
  await wb.openFile('typos.xml');
  const want = `libvirt ${catalog.version}`;
  await wb.waitFor(
    `the status bar item to say "${want} (bundled)"`,
    ({ id, want }) => (document.getElementById(id)?.textContent ?? '').includes(`${want} (bundled)`),
    { id: statusId, want },
    T.activation,
  );
  const text = await wb.statusItem(statusId);
  if (!text?.includes(want)) throw new Error(`status bar item says ${JSON.stringify(text)}`);
  return `status bar: "${text}"`;
}

async function scenarioCompletion({ wb, ws }: Env): Promise<string> {
  const file = 'complete.xml';
  const original = readFileSync(join(ws, file), 'utf8');
  await wb.openFile(file);
  let at = lineColOf(original, '<model></model>', '<model>'.length);
  await wb.goTo(at.line, at.col);
  const firstModel = await wb.complete('Skylake-Client', 'Skylake-Client', 'completion');
  readmeShots.set('completion', join(resultsDir, 'completion.png'));
  let text = await wb.saveAndRead(file, (t) => t.includes('<model>Skylake-Client</model>'), '<model>Skylake-Client</model>');
  if (firstModel !== 'Skylake-Client') notes.push(`typing "Skylake-Client" in <model> pre-selects "${firstModel}", not the exact match "Skylake-Client"`);

  at = lineColOf(text, "name=''", "name='".length);
  await wb.goTo(at.line, at.col);
  const firstFeature = await wb.complete('pcid', 'pcid', 'completion-feature');
  text = await wb.saveAndRead(file, (t) => t.includes("<feature policy='require' name='pcid'/>"), "name='pcid'");
  if (firstFeature !== 'pcid') notes.push(`typing "pcid" in <feature name=''> pre-selects "${firstFeature}", not the exact match "pcid"`);
  const stray = text.replace("<model>Skylake-Client</model>", '<model></model>').replace("name='pcid'", "name=''");
  if (stray !== original) throw new Error('accepting the completions changed more than the two values');
  return `<model>Skylake-Client</model> and name='pcid' written (first items offered: ${firstModel}, ${firstFeature})`;
}

async function scenarioHover({ wb, ws }: Env): Promise<string> {
  const file = 'complete.xml';
  const text = readFileSync(join(ws, file), 'utf8');
  await wb.openFile(file);
  const at = lineColOf(text, "name='avx512f'", "name='avx".length);
  await wb.goTo(at.line, at.col);
  const line = 'CPUID leaf 7, sub-leaf 0, EBX bit 16';
  // Ctrl+K Ctrl+I: Show or Focus Hover.
  await wb.pressUntil(
    `a hover with "${line}"`,
    ['Control+K', 'Control+I'],
    (l) => [...document.querySelectorAll('.monaco-hover')].some((h) => h.offsetParent !== null && h.innerText.includes(l)),
    line,
  );
  const hoverText = await wb.page.evaluate(
    () => [...document.querySelectorAll('.monaco-hover')].map((h) => h.innerText).find((t) => t.includes('CPUID')) ?? '',
    null,
  );
  if (!/avx512f/.test(hoverText)) throw new Error(`hover does not name avx512f: ${hoverText}`);
  readmeShots.set('hover', await wb.shot('hover', ['.part.editor', '.monaco-hover']));
  await wb.dismiss();
  return `hover: ${hoverText.split('\n').filter(Boolean).slice(0, 2).join(' / ')}`;
}

/** Ctrl+. at `needle`, pick the action whose title includes `titlePart`, apply it; returns its title. `shot` is taken of `shotParts` with the menu open. */
async function applyQuickFix(wb: Workbench, text: string, needle: string, titlePart: string, shot?: string, shotParts = ['.part.editor', '.action-widget']): Promise<string> {
  const at = lineColOf(text, needle, 2);
  await wb.goTo(at.line, at.col);
  await wb.pressUntil(
    `a quick-fix containing "${titlePart}"`,
    ['Control+.'],
    (t) => [...document.querySelectorAll('.action-widget .monaco-list-row.action')].some((r) => r.innerText.includes(t)),
    titlePart,
  );
  const focused = () =>
    wb.page.evaluate(() => document.querySelector('.action-widget .monaco-list-row.action.focused')?.innerText ?? '', null);
  const preferred = await focused();
  for (let i = 0; i < 20 && !(await focused()).includes(titlePart); i++) await wb.page.keyboard.press('ArrowDown');
  const title = await focused();
  if (!title.includes(titlePart)) throw new Error(`could not select the quick-fix "${titlePart}"`);
  if (shot) readmeShots.set(shot, await wb.shot(shot, shotParts));
  await wb.page.keyboard.press('Enter');
  await wb.waitFor('the quick-fix menu to close', () => !document.querySelector('.action-widget .monaco-list-row.action'), null);
  if (!preferred.includes(titlePart)) notes.push(`quick-fix "${title}" was not the first (pre-selected) action; "${preferred}" was`);
  return title;
}

async function scenarioQuickFixAlias({ wb, ws, expected }: Env): Promise<string> {
  const file = 'custom-model.xml';
  const text = readFileSync(join(ws, file), 'utf8');
  const before = expected.get(file) ?? [];
  if (!before.some((d) => d.code === 'cpu-feature-alias')) throw new Error('the engine no longer reports cpu-feature-alias for custom-model.xml');
  await wb.openFile(file);
  await waitForProblems(wb, file, before);
  await wb.focusEditor();
  const title = await applyQuickFix(wb, text, "name='sse4_2'", "'sse4.2'", 'quickfix');
  // The diagnostic disappears; the others stay.
  const after = before.filter((d) => d.code !== 'cpu-feature-alias');
  await waitForProblemGone(wb, file, 'cpu-feature-alias', after.length);
  await wb.focusEditor();
  await wb.saveAndRead(file, (t) => t.includes("name='sse4.2'") && !t.includes('sse4_2'), "name='sse4.2'");
  return `applied "${title}"; sse4_2 → sse4.2 on disk, cpu-feature-alias gone, ${after.length} other problem(s) left`;
}

async function scenarioQuickFixModel({ wb, ws }: Env): Promise<string> {
  const file = 'typos.xml';
  const text = readFileSync(join(ws, file), 'utf8');
  await wb.openFile(file);
  const title = await applyQuickFix(wb, text, 'Skylake-Clinet', "'Skylake-Client'");
  await wb.showProblems();
  await wb.waitFor(
    'the cpu-model-unknown problem to disappear',
    () => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.innerText.includes('cpu-model-unknown')),
    null,
    T.diagnostics,
  );
  await wb.focusEditor();
  await wb.saveAndRead(file, (t) => t.includes('<model>Skylake-Client</model>'), '<model>Skylake-Client</model>');
  return `applied "${title}"; model fixed on disk, cpu-model-unknown gone`;
}

async function scenarioForeignXml({ wb, ws, catalog }: Env): Promise<string> {
  const ours = (labels: string[]) => labels.filter((l) => catalog.models.has(l) || catalog.features.has(l));
  const found: string[] = [];
  for (const [file, needle] of [
    ['pom.xml', '<modelVersion>'],
    ['not-libvirt.xml', '<model>'],
  ] as const) {
    const text = readFileSync(join(ws, file), 'utf8');
    await wb.openFile(file);
    const at = lineColOf(text, needle, needle.length);
    await wb.goTo(at.line, at.col);
    // The completion answer comes after the server has seen the document (didOpen is
    // ordered before it), so by now diagnostics for it would have been published.
    const labels = await wb.suggestionLabels();
    if (ours(labels).length > 0) throw new Error(`${file}: completion offered our items ${ours(labels).slice(0, 5).join(', ')}`);
    const status = await wb.statusItem(statusId);
    if (status !== undefined) throw new Error(`${file}: the libvirt status bar item is shown ("${status}")`);
    found.push(`${file}: ${labels.length} completion items, status item hidden`);
  }
  await wb.showProblems();
  const rows = await wb.problems();
  const leaked = rows.filter((r) => /in file (pom|not-libvirt)\.xml/.test(r.aria));
  if (leaked.length > 0) throw new Error(`Problems lists foreign files: ${leaked.map((r) => r.aria).join(' | ')}`);
  await wb.focusEditor();
  return `${found.join('; ')}; no problems listed for them`;
}

async function scenarioRestricted({ wb, ws, expected, catalog }: Env, tmp: string): Promise<string> {
  await wb.waitFor(
    'the Restricted Mode indicator',
    () => /Restricted Mode/.test(document.getElementById('status.workspaceTrust')?.textContent ?? ''),
    null,
    T.activation,
  );
  await wb.openFile('typos.xml');
  await waitForProblems(wb, 'typos.xml', expected.get('typos.xml') ?? []);
  const want = `libvirt ${catalog.version} (bundled)`;
  await wb.waitFor(`the status bar item to say "${want}"`, ({ id, want }) => (document.getElementById(id)?.textContent ?? '').includes(want), { id: statusId, want }, T.activation);
  await wb.focusEditor();
  const text = readFileSync(join(ws, 'complete.xml'), 'utf8');
  await wb.openFile('complete.xml');
  const at = lineColOf(text, '<model></model>', '<model>'.length);
  await wb.goTo(at.line, at.col);
  await wb.complete('Skylake-Client', 'Skylake-Client');
  await wb.saveAndRead('complete.xml', (t) => t.includes('<model>Skylake-Client</model>'), '<model>Skylake-Client</model>');
  // The server logged which catalog it loaded; a workspace-set cpuMapPath must not appear.
  const logs = findFiles(join(tmp, 'user-data', 'logs'), (p) => basename(p) === 'libvirt XML.log');
  const texts = logs.map((p) => readFileSync(p, 'utf8'));
  const mention = texts.find((t) => t.includes(bogusCpuMapPath));
  if (mention) throw new Error(`the server used the workspace's cpuMapPath: ${mention.split('\n').find((l) => l.includes(bogusCpuMapPath))}`);
  if (!texts.some((t) => t.includes(`CPU catalog: libvirt ${catalog.version} (bundled`))) throw new Error(`no "CPU catalog: … (bundled" line in ${logs.length} output-channel log(s)`);
  return `Restricted Mode on; diagnostics, completion work; status "${await wb.statusItem(statusId)}"; workspace cpuMapPath ignored`;
}

function findFiles(dir: string, match: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) stack.push(p);
      else if (match(p)) out.push(p);
    }
  }
  return out.sort();
}

function scenarioLogs(tmp: string, consoleErrors: string[]): string {
  const logsDir = join(tmp, 'user-data', 'logs');
  const hostLogs = findFiles(logsDir, (p) => /exthost\.log$/i.test(basename(p)));
  if (hostLogs.length === 0) throw new Error(`no extension host log under ${logsDir}`);
  const activated = hostLogs.filter((p) => readFileSync(p, 'utf8').includes('_doActivateExtension libvirt-xml.libvirt-xml'));
  if (activated.length === 0) throw new Error(`no extension host log shows libvirt-xml.libvirt-xml activating (${hostLogs.length} logs)`);
  const problems: string[] = [];
  for (const p of hostLogs) {
    const lines = readFileSync(p, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!/\[error\]/i.test(line) || !/libvirt/i.test(line)) return;
      // VS Code logs "[error] [ext] provider FAILED" and the error itself on the next line.
      const next = /^\S+ \S+ \[error\] (?!\[)/.test(lines[i + 1] ?? '') ? ` → ${lines[i + 1].replace(/^\S+ \S+ \[error\] /, '')}` : '';
      problems.push(`${basename(dirname(p))}/${basename(p)}: ${line.slice(0, 200)}${next.slice(0, 200)}`);
    });
  }
  // Our own output channel (the server's log): nothing at error level.
  const channelLogs = findFiles(logsDir, (p) => basename(p) === 'libvirt XML.log');
  for (const p of channelLogs) {
    for (const line of readFileSync(p, 'utf8').split('\n')) if (/\[error\]/i.test(line)) problems.push(`libvirt XML.log: ${line.slice(0, 300)}`);
  }
  for (const e of consoleErrors) if (/libvirt/i.test(e)) problems.push(`browser console: ${e.slice(0, 300)}`);
  if (problems.length > 0) throw new Error(problems.join('\n    '));
  return `${hostLogs.length} extension host logs (${activated.length} with our activation), ${channelLogs.length} output-channel logs: no errors from libvirt-xml`;
}

// ---------------------------------------------------------------------------------------

/** What the pinning picture's webview shows, read from its own document; undefined until it has drawn. */
interface PictureDom {
  host: string;
  nodes: number;
  cpus: number;
  vcpuChips: number;
  emulatorOn: string[];
  conflicts: string[];
  problems: string[];
  ok: boolean;
}

async function pictureDom(wb: Workbench): Promise<PictureDom | undefined> {
  for (const frame of wb.page.frames()) {
    const dom = await frame
      .evaluate(() => {
        const name = document.getElementById('host-name');
        if (!name) return undefined;
        const all = (s: string) => [...document.querySelectorAll(s)];
        return {
          host: name.textContent ?? '',
          nodes: all('.node').length,
          cpus: all('.cpu').length,
          vcpuChips: all('.chip.vcpu').length,
          emulatorOn: all('.cpu').filter((c) => !!c.querySelector('.chip.emu')).map((c) => c.getAttribute('data-cpu') ?? ''),
          conflicts: all('.cpu.conflict').map((c) => c.getAttribute('data-cpu') ?? ''),
          problems: all('.problem .code').map((c) => c.textContent ?? ''),
          ok: !!document.querySelector('#problems.ok'),
        };
      }, null)
      .catch(() => undefined);
    if (dom) return dom;
  }
  return undefined;
}

/**
 * The pinning picture: with a host capabilities file in libvirtXml.hosts.files,
 * "Show Pinning and Topology" opens a webview beside pinned.xml drawing the
 * host's cells, cores and threads with the vCPUs and the emulator on them and
 * the overlap as a problem; fixing the emulator pin in the editor redraws it.
 */
async function scenarioPinningPicture({ wb, ws }: Env): Promise<string> {
  mkdirSync(join(ws, 'hosts'), { recursive: true });
  writeFileSync(join(ws, 'hosts', 'intel.xml'), intelTwoSocket());
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'libvirtXml.hosts.files': ['hosts/*.xml'] }, null, 2));
  const file = 'pinned.xml';
  const text = readFileSync(join(ws, file), 'utf8');
  await wb.openFile(file);
  await wb.command('libvirt XML: Show Pinning and Topology');
  const first = await untilAsync(async () => {
    const d = await pictureDom(wb);
    return d && d.host === 'hosts/intel.xml' && d.problems.length > 0 ? d : undefined;
  }, 'the picture of pinned.xml on hosts/intel.xml with its problem', T.diagnostics, 250);
  const want = { nodes: 2, cpus: 16, vcpuChips: 4, emulatorOn: ['0'], conflicts: ['0'], problems: ['host-emulator-on-vcpus'] };
  for (const [k, v] of Object.entries(want)) {
    if (JSON.stringify(first[k as keyof PictureDom]) !== JSON.stringify(v)) throw new Error(`picture ${k} is ${JSON.stringify(first[k as keyof PictureDom])}, expected ${JSON.stringify(v)}`);
  }
  readmeShots.set('topology', await wb.shot('topology', ['.part.editor']));
  // Move the emulator to a free core: the picture follows the edit without a save.
  await wb.focusEditor();
  const at = lineColOf(text, "<emulatorpin cpuset='0'", "<emulatorpin cpuset='".length);
  await wb.goTo(at.line, at.col);
  await wb.page.keyboard.press('Delete');
  await wb.page.keyboard.type('3,11');
  const fixed = await untilAsync(async () => {
    const d = await pictureDom(wb);
    return d && d.ok && d.emulatorOn.join(',') === '3,11' ? d : undefined;
  }, 'the picture to redraw with the emulator on CPUs 3 and 11 and no problem', T.diagnostics, 250);
  await wb.page.keyboard.press('Control+Z');
  return `webview drew 2 NUMA cells, ${first.cpus} CPUs, ${first.vcpuChips} vCPUs, the emulator on CPU 0 flagged (${first.problems.join(', ')}); after the edit: emulator on ${fixed.emulatorOn.join(', ')}, no problems`;
}

async function scenario(name: string, fn: () => Promise<string> | string, wb?: Workbench): Promise<void> {
  const t = Date.now();
  try {
    const detail = await fn();
    outcomes.push({ name, ok: true, ms: Date.now() - t, detail });
    log(`PASS ${name} (${seconds(Date.now() - t)}): ${detail}`);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    outcomes.push({ name, ok: false, ms: Date.now() - t, detail });
    log(`FAIL ${name} (${seconds(Date.now() - t)}): ${detail}`);
    if (wb) {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await wb.page.screenshot({ path: join(resultsDir, `fail-${slug}.png`) }).catch(() => {});
      await wb.dismiss().catch(() => {});
      await wb.focusEditor().catch(() => {});
    }
  }
}

function prepareWorkspace(dir: string, files: string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) copyFileSync(f, join(dir, basename(f)));
}

async function main(): Promise<number> {
  const started = Date.now();
  mkdirSync(resultsDir, { recursive: true });
  for (const f of readdirSync(resultsDir)) if (f.endsWith('.png')) rmSync(join(resultsDir, f));
  const vsix = join(root, 'libvirt-xml.vsix');
  for (const f of [vsix, join(root, 'dist', 'cli.js'), join(root, 'data', 'catalog.json')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing; run \`npm run package\` first`);
  }
  ensureTools();
  const { chromium } = createRequire(__filename)(playwrightDir) as Playwright;

  const tmp = mkdtempSync(join(tmpdir(), 'libvirt-xml-e2e-'));
  const ws = join(tmp, 'workspace');
  const rws = join(tmp, 'restricted');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const onExit = () => {
    if (server?.child.pid) {
      try {
        process.kill(-server.child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  process.once('exit', onExit);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
  try {
    const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.xml')).map((f) => join(root, 'examples', f));
    const fixtures = readdirSync(join(root, 'test', 'e2e', 'fixtures')).filter((f) => f.endsWith('.xml')).map((f) => join(root, 'test', 'e2e', 'fixtures', f));
    prepareWorkspace(ws, [...examples, ...fixtures]);
    prepareWorkspace(rws, [join(root, 'examples', 'typos.xml'), join(root, 'test', 'e2e', 'fixtures', 'complete.xml')]);
    mkdirSync(join(rws, '.vscode'));
    // A workspace trying to point the server at a cpu_map of its choosing.
    writeFileSync(join(rws, '.vscode', 'settings.json'), JSON.stringify({ 'libvirtXml.catalog.cpuMapPath': bogusCpuMapPath }, null, 2));
    const expected = expectedDiagnostics([join(ws, 'typos.xml'), join(ws, 'custom-model.xml'), join(ws, 'devices.xml')]);
    const catalog = catalogNames();

    for (const d of ['user-data/User', 'extensions', 'xdg-data', 'xdg-config']) mkdirSync(join(tmp, d), { recursive: true });
    writeFileSync(join(tmp, 'code-server.yaml'), 'auth: none\ncert: false\n');
    const settingsFile = join(tmp, 'user-data', 'User', 'settings.json');
    writeFileSync(settingsFile, JSON.stringify(trustedSettings, null, 2));

    let t = Date.now();
    const install = await run(codeServerBin, [...codeServerArgs(tmp), '--install-extension', vsix], { env: codeServerEnv(tmp), timeoutMs: T.install });
    if (install.code !== 0 || !/successfully installed/i.test(install.out)) throw new Error(`installing the .vsix failed (${install.code}): ${install.out}`);
    log(`setup: installed ${basename(vsix)} into a fresh profile in ${seconds(Date.now() - t)}`);

    t = Date.now();
    server = await startCodeServer(tmp);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      timeout: T.workbench,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
        // Loopback only: nothing the workbench asks for may leave the machine.
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      ],
    });
    const consoleErrors: string[] = [];

    // Trusted workspace: scenarios a–e, g and i–l.
    let page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let wb = new Workbench(page, ws);
    await wb.open(`${server.url}/?folder=${encodeURIComponent(ws)}`);
    log(`setup: code-server at ${server.url}, workbench ready in ${seconds(Date.now() - t)}`);
    const env: Env = { wb, ws, expected, catalog };
    await scenario('a. diagnostics in the Problems panel', () => scenarioDiagnostics(env), wb);
    await scenario('g. status bar names the catalog', () => scenarioStatusBar(env), wb);
    await scenario('b. completion in <model> and <feature name>', () => scenarioCompletion(env), wb);
    await scenario('c. hover on a feature name', () => scenarioHover(env), wb);
    await scenario('d. quick-fix for a feature alias', () => scenarioQuickFixAlias(env), wb);
    await scenario('d2. quick-fix for a misspelt model', () => scenarioQuickFixModel(env), wb);
    await runGrammarScenarios({ ...env, scenario, applyQuickFix, waitForProblems, waitForProblemGone, lineColOf, readmeShots, timeoutMs: T.diagnostics });
    await scenario('e. non-libvirt XML is left alone', () => scenarioForeignXml(env), wb);
    await scenario('i. pinning and topology picture', () => scenarioPinningPicture(env), wb);
    consoleErrors.push(...wb.consoleErrors);
    await page.close();

    // Untrusted workspace (Restricted Mode): scenario f.
    writeFileSync(settingsFile, JSON.stringify(restrictedSettings, null, 2));
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    wb = new Workbench(page, rws);
    const renv: Env = { wb, ws: rws, expected, catalog };
    await scenario('f. Restricted Mode', async () => {
      await wb.open(`${server!.url}/?folder=${encodeURIComponent(rws)}`);
      return scenarioRestricted(renv, tmp);
    }, wb);
    consoleErrors.push(...wb.consoleErrors);
    await page.close();

    // A live libvirt host (libvirtd from the oracle script): the live: scenarios.
    await runLiveScenarios({
      browser, serverUrl: server.url, tmp, settingsFile, trustedSettings, restrictedSettings, scenario, applyQuickFix, lineColOf, readmeShots, consoleErrors,
      newWorkbench: (p, folder) => new Workbench(p, folder),
      timeoutMs: T.diagnostics,
    });

    await scenario('h. extension host log has no errors from us', () => scenarioLogs(tmp, consoleErrors));

    if (args.has('--update-images')) {
      mkdirSync(imagesDir, { recursive: true });
      for (const [name, path] of readmeShots) {
        if (existsSync(path)) copyFileSync(path, join(imagesDir, `${name}.png`));
      }
      log(`images: copied ${[...readmeShots.keys()].map((n) => `${n}.png`).join(', ')} into images/`);
    }
  } catch (e) {
    outcomes.push({ name: 'setup', ok: false, ms: 0, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    log(`FAIL setup: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    if (server) log(`code-server output:\n${server.output().slice(-4000)}`);
  } finally {
    await browser?.close().catch(() => {});
    await killGroup(server?.child);
    process.removeListener('exit', onExit);
    if (args.has('--keep')) log(`kept: ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }

  for (const n of notes) log(`note: ${n}`);
  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed;
  log(`screenshots: ${resultsDir}`);
  log(`total time: ${seconds(Date.now() - started)}`);
  log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(`FAIL setup: ${e instanceof Error ? e.message : String(e)}`);
    log('0 passed, 1 failed');
    process.exit(1);
  },
);
