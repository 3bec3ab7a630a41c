// The `live:` end-to-end scenarios: the extension in code-server against the real
// libvirtd of the oracle (qemu:///system). A test domain `livehost-e2e` is defined,
// opened from the libvirt view, fixed with a quick-fix and saved through libvirt;
// refused, rewritten and conflicting saves are shown as the user would see them;
// an untrusted workspace (and workspace settings naming a URI or a virsh path)
// runs nothing. Called by runEndToEnd.ts, which owns code-server and the browser.

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, DomDocument, Page, Workbench } from './runEndToEnd';

const uri = 'qemu:///system';
const domainName = 'livehost-e2e';

/** The domain as first defined: a CPU feature spelt another program's way (cpu-feature-alias), which libvirt accepts at define. */
const domainXml = `<domain type='kvm'>
  <name>${domainName}</name>
  <memory unit='KiB'>131072</memory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <cpu mode='custom' match='exact' check='partial'>
    <model fallback='forbid'>kvm64</model>
    <feature policy='require' name='sse4_2'/>
  </cpu>
</domain>
`;

// The page-side global for the functions run in the browser (the runner's declaration).
declare const document: DomDocument;

/** The parts of playwright's Page used here beyond the runner's own. */
interface ClickPage extends Page {
  click(selector: string, options?: { button?: 'left' | 'right'; timeout?: number }): Promise<void>;
}

export interface LiveDeps {
  browser: Browser;
  serverUrl: string;
  tmp: string;
  settingsFile: string;
  trustedSettings: Record<string, unknown>;
  restrictedSettings: Record<string, unknown>;
  newWorkbench: (page: Page, folder: string) => Workbench;
  scenario: (name: string, fn: () => Promise<string> | string, wb?: Workbench) => Promise<void>;
  applyQuickFix: (wb: Workbench, text: string, needle: string, titlePart: string, shot?: string) => Promise<string>;
  lineColOf: (text: string, needle: string, delta?: number) => { line: number; col: number };
  readmeShots: Map<string, string>;
  consoleErrors: string[];
  /** How long libvirt and the language server may take (ms). */
  timeoutMs: number;
}

function virsh(...args: string[]): string {
  return execFileSync('virsh', ['-c', uri, ...args], { encoding: 'utf8', timeout: 60_000 });
}

function dumpxml(): string {
  return virsh('dumpxml', `--domain=${domainName}`, '--inactive');
}

function defineText(dir: string, text: string): void {
  const file = join(dir, 'define.xml');
  writeFileSync(file, text);
  virsh('define', `--file=${file}`);
}

/** Polls `check` on the host's stored definition; returns it once true. */
async function hostUntil(check: (xml: string) => boolean, what: string, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const xml = dumpxml();
    if (check(xml)) return xml;
    if (Date.now() > deadline) throw new Error(`timed out waiting for virsh dumpxml to show ${what}; it shows:\n${xml}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Whether libvirtd answers on qemu:///system (the oracle script started it). */
export function liveHostUsable(): string | undefined {
  const r = spawnSync('virsh', ['-c', uri, 'version'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? undefined : `no libvirtd at ${uri} (run ../shared/tools/libvirt-oracle-setup.sh): ${(r.stderr || r.error?.message || '').trim()}`;
}

export async function runLiveScenarios(d: LiveDeps): Promise<void> {
  const why = liveHostUsable();
  if (why) {
    await d.scenario('live: libvirtd available', () => {
      throw new Error(why);
    });
    return;
  }
  const dir = join(d.tmp, 'live');
  const ws = join(dir, 'workspace');
  const rws = join(dir, 'restricted');
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  mkdirSync(join(rws, '.vscode'), { recursive: true });
  // A virsh that leaves a mark: if anything ran it, the mark exists.
  const marker = join(dir, 'spy-virsh-ran');
  const spy = join(dir, 'spy-virsh');
  writeFileSync(spy, `#!/bin/sh\ntouch '${marker}'\nexec virsh "$@"\n`);
  chmodSync(spy, 0o755);
  const hostileSettings = { 'libvirtXml.connections': ['qemu+ssh://root@workspace-chose-this.invalid/system'], 'libvirtXml.hosts.virshPath': spy };
  writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify(hostileSettings, null, 2));
  writeFileSync(join(rws, '.vscode', 'settings.json'), JSON.stringify({ ...hostileSettings, 'libvirtXml.connections': [uri] }, null, 2));
  writeFileSync(join(rws, 'guest.xml'), domainXml);
  spawnSync('virsh', ['-c', uri, 'undefine', `--domain=${domainName}`], { stdio: 'ignore' });
  defineText(dir, domainXml);
  try {
    // code-server's window is a remote one: machine-scoped settings are honoured from the
    // remote (Machine) settings, not from the browser-side user settings.
    const machineFile = join(dirname(dirname(d.settingsFile)), 'Machine', 'settings.json');
    mkdirSync(dirname(machineFile), { recursive: true });
    const settings = { 'libvirtXml.connections': [uri] };
    writeFileSync(d.settingsFile, JSON.stringify(d.trustedSettings, null, 2));
    writeFileSync(machineFile, JSON.stringify(settings, null, 2));
    const page = (await d.browser.newPage({ viewport: { width: 1280, height: 800 } })) as ClickPage;
    const wb = d.newWorkbench(page, ws);
    await wb.open(`${d.serverUrl}/?folder=${encodeURIComponent(ws)}`);
    await trustedScenarios(d, wb, page, dir, marker, (n) => writeFileSync(machineFile, JSON.stringify({ ...settings, 'libvirtXml.e2eRewrite': n }, null, 2)));
    d.consoleErrors.push(...unexpected(wb.consoleErrors).map((e) => `(live, trusted) ${e}`));
    await page.close();

    writeFileSync(d.settingsFile, JSON.stringify({ ...d.restrictedSettings, 'libvirtXml.connections': [uri], 'libvirtXml.hosts.virshPath': spy }, null, 2));
    writeFileSync(machineFile, JSON.stringify({ 'libvirtXml.connections': [uri], 'libvirtXml.hosts.virshPath': spy }, null, 2));
    const rpage = (await d.browser.newPage({ viewport: { width: 1280, height: 800 } })) as ClickPage;
    const rwb = d.newWorkbench(rpage, rws);
    await d.scenario('live: untrusted workspace: no virsh runs, the view and CodeLens stay empty', async () => {
      await rwb.open(`${d.serverUrl}/?folder=${encodeURIComponent(rws)}`);
      return untrusted(d, rwb, rpage, marker);
    }, rwb);
    d.consoleErrors.push(...unexpected(rwb.consoleErrors).map((e) => `(live, Restricted Mode) ${e}`));
    await rpage.close();
  } finally {
    spawnSync('virsh', ['-c', uri, 'undefine', `--domain=${domainName}`], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Browser-console errors the live scenarios cause on purpose: VS Code logs every failed save
 * and every error notification (libvirt refusing, a host changed meanwhile). Anything else
 * still fails scenario h.
 */
const expectedErrors = /libvirt refused |was changed on the host since it was opened|was redefined on the host since you opened it/;

function unexpected(errors: readonly string[]): string[] {
  return errors.filter((e) => !expectedErrors.test(e));
}

const viewRows = '[id="workbench.view.extension.libvirtXml"] .monaco-list-row';

const viewPane = '[id="workbench.view.extension.libvirtXml"]';

/** Shows the libvirt view by clicking its activity bar entry, as a user does (a click on a shown view would hide it). */
async function focusView(wb: Workbench, page: ClickPage): Promise<void> {
  const shown = await page.evaluate((sel) => !!document.querySelector(sel)?.offsetParent, viewPane);
  if (!shown) await page.click('.part.activitybar [aria-label^="libvirt"]');
  await wb.waitFor('the libvirt view', (sel) => !!document.querySelector(sel)?.offsetParent, viewPane);
}

/** Waits for a notification toast whose text includes `part`; returns its text. */
async function notification(wb: Workbench, part: string, ms: number): Promise<string> {
  await wb.waitFor(
    `a notification saying "${part}"`,
    (p) => [...document.querySelectorAll('.notification-toast')].some((t) => t.innerText.includes(p)),
    part,
    ms,
  );
  return wb.page.evaluate((p) => [...document.querySelectorAll('.notification-toast')].map((t) => t.innerText).find((t) => t.includes(p)) ?? '', part);
}

async function clearNotifications(wb: Workbench): Promise<void> {
  await wb.command('Notifications: Clear All Notifications').catch(() => {});
}

/** Replaces the `remove` characters before the cursor at the end of `needle` in `text` by typing `insert` (no brackets or quotes typed). */
async function retype(wb: Workbench, d: LiveDeps, text: string, needle: string, remove: number, insert: string): Promise<void> {
  const at = d.lineColOf(text, needle, needle.length);
  await wb.goTo(at.line, at.col);
  for (let i = 0; i < remove; i++) await wb.page.keyboard.press('Backspace');
  await wb.page.keyboard.type(insert);
}

const activeTabDirty = () => !!document.querySelector('.editor-group-container.active .tab.active.dirty');

async function trustedScenarios(d: LiveDeps, wb: Workbench, page: ClickPage, dir: string, marker: string, rewriteSettings: (n: number) => void): Promise<void> {
  const T = d.timeoutMs;
  const row = `${viewRows}[aria-label*="${domainName}"]`;

  await d.scenario('live: the libvirt view lists qemu:///system with its domains and their state', async () => {
    await focusView(wb, page);
    // A window can start before the remote settings are read and see them only when the file
    // next changes: rewrite it until the connection shows.
    const deadline = Date.now() + T;
    let rewrites = 0;
    for (;;) {
      try {
        await wb.waitFor(`${domainName} in the libvirt view`, (sel) => !!document.querySelector(sel), row, 5000);
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        rewriteSettings(++rewrites);
      }
    }
    const rows = await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((r) => r.innerText.replace(/\s+/g, ' ').trim()), viewRows);
    if (!rows.some((r) => r.includes(uri))) throw new Error(`no ${uri} row: ${rows.join(' | ')}`);
    if (!rows.some((r) => r.includes(domainName) && r.includes('shut off'))) throw new Error(`${domainName} without its state: ${rows.join(' | ')}`);
    if (rows.some((r) => r.includes('workspace-chose-this'))) throw new Error('the view lists a connection from workspace settings');
    return `rows: ${rows.slice(0, 6).join(' | ')}${rewrites ? ` (user settings rewritten ${rewrites}× before the window saw them)` : ''}`;
  }, wb);

  await d.scenario('live: Check from the view reports the domain\'s problems', async () => {
    await page.click(row, { button: 'right' });
    const item = '.monaco-menu .action-item:not(.disabled) .action-label';
    await wb.waitFor('the context menu with Check', (sel) => [...document.querySelectorAll(sel)].some((e) => e.innerText.trim() === 'Check'), item);
    const labels = await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => e.innerText.trim()).filter(Boolean), item);
    for (const l of ['Open', 'Check', 'Show QEMU Command Line']) if (!labels.includes(l)) throw new Error(`context menu lacks ${l}: ${labels.join(', ')}`);
    // The menu takes the keyboard: move to Check and press Enter (a synthetic click on a menu item is not always taken).
    for (let i = 0; i < 6; i++) {
      const focused = await page.evaluate(() => document.querySelector('.monaco-menu .action-item.focused')?.innerText.trim() ?? '', null);
      if (focused === 'Check') break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    const text = await notification(wb, `domain ${domainName} on ${uri}: 1 error`, T);
    await clearNotifications(wb);
    return `context menu: ${labels.join(', ')}; "${text.split('\n')[0]}"`;
  }, wb);

  let opened = '';
  await d.scenario('live: open a domain from the view, fix a CPU diagnostic with its quick-fix, save; virsh dumpxml shows the change', async () => {
    opened = dumpxml();
    await page.click(row);
    await wb.waitFor(
      `${domainName}.xml to be the active editor`,
      (n) => (document.querySelector('.editor-group-container.active .tab.active')?.getAttribute('aria-label') ?? '').startsWith(n),
      `${domainName}.xml`,
      T,
    );
    await wb.showProblems();
    await wb.waitFor('cpu-feature-alias for the libvirt document', () => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.innerText.includes('cpu-feature-alias')), null, T);
    d.readmeShots.set('live-view', await wb.shot('live-view', ['.part.sidebar', '.part.editor', '.part.panel']));
    await wb.focusEditor();
    const title = await d.applyQuickFix(wb, opened, "name='sse4_2'", "'sse4.2'");
    await wb.page.keyboard.press('Control+S');
    const stored = await hostUntil((x) => x.includes("name='sse4.2'") && !x.includes('sse4_2'), "name='sse4.2'", T);
    await wb.waitFor('the tab to be saved (not dirty)', () => !document.querySelector('.editor-group-container.active .tab.active.dirty'), null, T);
    opened = stored;
    return `applied "${title}" in the libvirt: editor; virsh dumpxml --inactive now has name='sse4.2'`;
  }, wb);

  await d.scenario('live: CodeLens on <cpu> and Show QEMU Command Line give what libvirt would run', async () => {
    await wb.focusEditor();
    await wb.waitFor('the -cpu CodeLens', () => [...document.querySelectorAll('.codelens-decoration')].some((e) => e.innerText.includes('QEMU -cpu kvm64,sse4.2=on')), null, T);
    await wb.command('libvirt XML: Show QEMU Command Line');
    await wb.waitFor(
      'the QEMU command line document',
      (name) => {
        // It opens beside the domain, in the group that is now active.
        const group = document.querySelector('.editor-group-container.active');
        const tab = group?.querySelector('.tab.active')?.getAttribute('aria-label') ?? '';
        const text = [...document.querySelectorAll('.editor-group-container.active .view-line')].map((l) => l.innerText.replace(/\u00a0/g, ' ')).join('\n');
        return tab.startsWith(`QEMU command line of ${name}`) && text.includes('-cpu kvm64,sse4.2=on') && text.includes('-smp 2');
      },
      domainName,
      T,
    );
    d.readmeShots.set('live-qemu', await wb.shot('live-qemu', ['.part.editor']));
    await wb.page.keyboard.press('Control+W');
    await wb.focusEditor();
    return 'lens "QEMU -cpu kvm64,sse4.2=on"; command line shown with -cpu and -smp';
  }, wb);

  await d.scenario('live: a save libvirt refuses keeps the text and shows libvirt\'s message', async () => {
    await retype(wb, d, opened, "<vcpu placement='static'>2", 1, 'x');
    await wb.page.keyboard.press('Control+S');
    const text = await notification(wb, 'libvirt refused', T);
    if (!/Extra element vcpu|failed to validate/.test(text)) throw new Error(`the notification lacks libvirt's message: ${text}`);
    await wb.showProblems();
    await wb.waitFor("libvirt's message in the Problems panel", () => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => /Extra element vcpu/.test(r.getAttribute('aria-label') ?? '')), null, T);
    await wb.waitFor('the tab to stay dirty', activeTabDirty, null);
    d.readmeShots.set('live-refused', await wb.shot('live-refused', ['.part.editor', '.part.panel', '.notifications-toasts']));
    const host = dumpxml();
    if (!host.includes("<vcpu placement='static'>2</vcpu>")) throw new Error('the host definition changed after a refused save');
    await clearNotifications(wb);
    await wb.focusEditor();
    // Typing and deleting are separate undo steps: undo until the text is the saved one again.
    for (let i = 0; i < 4 && (await wb.page.evaluate(activeTabDirty, null)); i++) await wb.page.keyboard.press('Control+Z');
    await wb.waitFor('the undo to make the tab clean again', () => !document.querySelector('.editor-group-container.active .tab.active.dirty'), null);
    return `refused: "${text.split('\n').find((l) => l.includes('libvirt refused'))?.slice(0, 160)}"; text kept (dirty), host unchanged`;
  }, wb);

  await d.scenario('live: a save libvirt rewrites shows the difference', async () => {
    await wb.focusEditor();
    const machine = /machine='([^']+)'/.exec(opened)?.[1] ?? '';
    if (machine === 'q35') throw new Error('libvirt no longer expands q35; pick another rewrite');
    await retype(wb, d, opened, `machine='${machine}`, machine.length, 'q35');
    await wb.page.keyboard.press('Control+S');
    await wb.waitFor(
      'the diff of what libvirt stored',
      () => (document.querySelector('.tab.active')?.getAttribute('aria-label') ?? '').includes('stored by libvirt') && !!document.querySelector('.monaco-diff-editor'),
      null,
      T,
    );
    await notification(wb, 'libvirt stored', T);
    d.readmeShots.set('live-rewritten', await wb.shot('live-rewritten', ['.part.editor', '.notifications-toasts']));
    const host = dumpxml();
    if (!host.includes(`machine='${machine}'`)) throw new Error(`libvirt stored ${/machine='[^']+'/.exec(host)?.[0]}`);
    await clearNotifications(wb);
    await wb.page.keyboard.press('Control+W');
    await wb.focusEditor();
    return `saved machine='q35'; libvirt stored machine='${machine}', shown as a diff`;
  }, wb);

  await d.scenario('live: a change on the host since opening is offered as a diff, never overwritten silently', async () => {
    await wb.focusEditor();
    // Someone else redefines the domain (more memory) while it is open.
    const now = dumpxml();
    defineText(dir, now.replace(/<memory unit='KiB'>\d+<\/memory>/, "<memory unit='KiB'>262144</memory>").replace(/<currentMemory unit='KiB'>\d+<\/currentMemory>/, "<currentMemory unit='KiB'>262144</currentMemory>"));
    await retype(wb, d, opened.replace(`machine='${/machine='([^']+)'/.exec(opened)?.[1]}'`, "machine='q35'"), "<vcpu placement='static'>2", 1, '3');
    await wb.page.keyboard.press('Control+S');
    await notification(wb, 'was redefined on the host', T);
    await wb.waitFor('the diff against the host', () => (document.querySelector('.tab.active')?.getAttribute('aria-label') ?? '').includes('on the host now'), null, T);
    const host = dumpxml();
    if (!host.includes('262144') || !host.includes('>2</vcpu>')) throw new Error('the host definition was overwritten');
    d.readmeShots.set('live-conflict', await wb.shot('live-conflict', ['.part.editor', '.notifications-toasts']));
    await page.click('.notification-toast .monaco-button:has-text("Overwrite the host")');
    const after = await hostUntil((x) => x.includes('>3</vcpu>'), '<vcpu …>3</vcpu> after Overwrite', T);
    await clearNotifications(wb);
    return `host change kept until "Overwrite the host" (memory ${/<memory unit='KiB'>(\d+)/.exec(after)?.[1]} KiB, vcpu 3 after overwrite)`;
  }, wb);

  await d.scenario('live: workspace settings naming a URI or a virsh path are ignored', () => {
    if (existsSync(marker)) throw new Error(`the virsh named in the workspace settings ran (${marker} exists)`);
    return 'the workspace virshPath never ran; its URI was never listed';
  });
}

async function untrusted(d: LiveDeps, wb: Workbench, page: ClickPage, marker: string): Promise<string> {
  await wb.waitFor('the Restricted Mode indicator', () => /Restricted Mode/.test(document.getElementById('status.workspaceTrust')?.textContent ?? ''), null, d.timeoutMs);
  await focusView(wb, page);
  await wb.waitFor('the Restricted Mode welcome in the libvirt view', () => (document.querySelector('[id="workbench.view.extension.libvirtXml"]')?.innerText ?? '').includes('Restricted Mode'), null, d.timeoutMs);
  const rows = await wb.page.evaluate((sel) => document.querySelectorAll(sel).length, viewRows);
  if (rows > 0) throw new Error(`the libvirt view lists ${rows} rows in Restricted Mode`);
  await wb.openFile('guest.xml');
  await wb.showProblems();
  // The language server has seen the file once its diagnostics are listed; no lens may have come with them.
  await wb.waitFor('diagnostics for guest.xml', () => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.innerText.includes('cpu-feature-alias')), null, d.timeoutMs);
  await wb.focusEditor();
  const lenses = await wb.page.evaluate(() => document.querySelectorAll('.codelens-decoration').length, null);
  if (lenses > 0) throw new Error(`${lenses} CodeLens shown in Restricted Mode`);
  if (existsSync(marker)) throw new Error(`virsh ran in Restricted Mode (${marker} exists)`);
  d.readmeShots.set('live-restricted', await wb.shot('live-restricted', ['.part.sidebar']));
  return 'Restricted Mode: the view says so and lists nothing, no CodeLens, the spy virsh (user and workspace virshPath) never ran';
}
