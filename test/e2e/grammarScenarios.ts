// The grammar end-to-end scenarios: libvirt's schema outside the CPU area, in
// code-server with the real language server. A misspelt disk type reported and
// fixed by its quick-fix; <source> offering the attributes of its disk's type;
// a hover on <interface> with the grammar's facts and libvirt's documentation
// link; a hover on an attribute value with what it means and the allowed values. Called by runEndToEnd.ts, which owns code-server, the browser and the
// workbench (fixtures: test/e2e/fixtures/devices.xml and sources.xml).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diag, DomDocument, Workbench } from './runEndToEnd';

// The page-side global for the functions run in the browser (the runner's declaration).
declare const document: DomDocument;

export interface GrammarDeps {
  wb: Workbench;
  ws: string;
  /** What the CLI reports per workspace file (devices.xml among them). */
  expected: Map<string, Diag[]>;
  scenario: (name: string, fn: () => Promise<string> | string, wb?: Workbench) => Promise<void>;
  applyQuickFix: (wb: Workbench, text: string, needle: string, titlePart: string, shot?: string, shotParts?: string[]) => Promise<string>;
  waitForProblems: (wb: Workbench, file: string, expected: Diag[]) => Promise<{ aria: string; text: string }[]>;
  waitForProblemGone: (wb: Workbench, file: string, what: string, left: number) => Promise<void>;
  lineColOf: (text: string, needle: string, delta?: number, after?: string) => { line: number; col: number };
  readmeShots: Map<string, string>;
  /** How long the language server may take to publish (ms). */
  timeoutMs: number;
}

/** The section of libvirt's domain page that the hover on <interface> links to. */
const interfaceDocs = 'https://libvirt.org/formatdomain.html#network-interfaces';
/** The section the hover on a disk's type value links to. */
const diskDocs = 'https://libvirt.org/formatdomain.html#hard-drives-floppy-disks-cdroms';

export async function runGrammarScenarios(d: GrammarDeps): Promise<void> {
  await d.scenario('j. grammar: a device-area diagnostic and its quick-fix', () => scenarioDeviceQuickFix(d), d.wb);
  await d.scenario('k. grammar: <source> attributes follow <disk type>', () => scenarioSourceCompletion(d), d.wb);
  await d.scenario('l. grammar: hover on <interface> with its documentation link', () => scenarioDeviceHover(d), d.wb);
  await d.scenario('m. grammar: hover on an attribute value', () => scenarioValueHover(d), d.wb);
}

/**
 * `<disk type='fiel'>` is listed in the Problems panel as the CLI reports it (with
 * "did you mean 'file'"); Ctrl+. offers "Change to 'file'", applying it removes the
 * problem, and the saved file differs from the fixture by exactly that value.
 */
async function scenarioDeviceQuickFix({ wb, ws, expected, applyQuickFix, waitForProblems, waitForProblemGone }: GrammarDeps): Promise<string> {
  const file = 'devices.xml';
  const text = readFileSync(join(ws, file), 'utf8');
  const want = expected.get(file) ?? [];
  const typo = want.find((p) => p.code === 'schema-invalid-value' && p.message.includes("invalid value 'fiel' for attribute type of disk") && p.message.includes("did you mean 'file'?"));
  if (!typo) throw new Error(`the engine no longer reports "invalid value 'fiel' … did you mean 'file'?" for ${file} (got ${JSON.stringify(want)})`);
  await wb.openFile(file);
  const rows = await waitForProblems(wb, file, want);
  const row = rows.find((r) => r.aria.includes(typo.message));
  if (!row || !row.text.includes('schema-invalid-value') || !row.text.includes('libvirt-xml')) throw new Error(`row for schema-invalid-value lacks source/code: ${JSON.stringify(row)}`);
  await wb.focusEditor();
  // The picture shows the squiggle, the menu and the Problems panel's message.
  const title = await applyQuickFix(wb, text, "fiel'", "Change to 'file'", 'grammar-quickfix', ['.part.editor', '.action-widget', '.part.panel']);
  await waitForProblemGone(wb, file, "invalid value 'fiel'", want.length - 1);
  await wb.focusEditor();
  const fixed = text.replace("<disk type='fiel'", "<disk type='file'");
  await wb.saveAndRead(file, (t) => t === fixed, "<disk type='file'> and no other change");
  return `Problems: "${typo.message.split(';')[0]}" (line ${typo.line}); applied "${title}"; the problem is gone, ${file} on disk has type='file' and nothing else changed`;
}

/**
 * Ctrl+Space after `<source ` in a `<disk type='file'>` offers file= and not
 * protocol=; in a `<disk type='network'>` it offers protocol= and name= and not
 * file=. Accepting protocol opens its values; picking nbd writes it.
 */
async function scenarioSourceCompletion({ wb, ws, lineColOf, readmeShots }: GrammarDeps): Promise<string> {
  const file = 'sources.xml';
  const text = readFileSync(join(ws, file), 'utf8');
  await wb.openFile(file);
  const fileDisk = "<disk type='file'";
  const networkDisk = "<disk type='network'";
  let at = lineColOf(text, '<source />', '<source '.length, fileDisk);
  await wb.goTo(at.line, at.col);
  const forFile = await wb.suggestionLabels();
  if (!forFile.includes('file') || forFile.includes('protocol')) throw new Error(`<source> in ${fileDisk}> offers ${JSON.stringify(forFile)}: expected file and not protocol`);
  at = lineColOf(text, '<source />', '<source '.length, networkDisk);
  await wb.goTo(at.line, at.col);
  const forNetwork = await wb.suggestionLabels('grammar-completion');
  readmeShots.set('grammar-completion', wb.shotPath('grammar-completion'));
  if (!forNetwork.includes('protocol') || !forNetwork.includes('name') || forNetwork.includes('file')) {
    throw new Error(`<source> in ${networkDisk}> offers ${JSON.stringify(forNetwork)}: expected protocol and name, not file`);
  }
  // Accepting an attribute inserts protocol='' and asks for its values.
  await wb.selectSuggestion('protocol', 'protocol');
  await wb.page.keyboard.press('Enter');
  await wb.waitFor(
    'the values of protocol (nbd among them)',
    () => [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')].some((r) => (r.getAttribute('aria-label') ?? '').split(',')[0] === 'nbd'),
    null,
  );
  await wb.complete('nbd', 'nbd');
  const net = text.indexOf(networkDisk);
  const want = text.slice(0, net) + text.slice(net).replace('<source />', "<source protocol='nbd'/>");
  await wb.saveAndRead(file, (t) => t === want, "<source protocol='nbd'/> in the network disk and no other change");
  return `type='file': ${forFile.join(' ')}; type='network': ${forNetwork.join(' ')}; protocol then nbd written`;
}

/** What a visible hover shows: its text and its links (the URL VS Code keeps for each). */
interface HoverDom {
  text: string;
  links: string[];
}

async function visibleHovers(wb: Workbench): Promise<HoverDom[]> {
  return wb.page.evaluate(
    () =>
      [...document.querySelectorAll('.monaco-hover')]
        .filter((h) => h.offsetParent !== null)
        .map((h) => ({ text: h.innerText, links: [...h.querySelectorAll('a')].map((a) => a.getAttribute('data-href') || a.getAttribute('href') || '') })),
    null,
  );
}

/**
 * Opens sources.xml at `needle` (+ `delta`), shows the hover (Ctrl+K Ctrl+I) until one
 * with a libvirt.org link is visible, and checks it links `docs`: its text, with
 * non-breaking spaces as spaces.
 */
async function hoverLinking({ wb, ws, lineColOf }: GrammarDeps, needle: string, delta: number, docs: string): Promise<string> {
  const file = 'sources.xml';
  const text = readFileSync(join(ws, file), 'utf8');
  await wb.openFile(file);
  const at = lineColOf(text, needle, delta);
  await wb.goTo(at.line, at.col);
  await wb.pressUntil(
    'a hover with a link to libvirt.org',
    ['Control+K', 'Control+I'],
    () =>
      [...document.querySelectorAll('.monaco-hover')].some(
        (h) => h.offsetParent !== null && [...h.querySelectorAll('a')].some((a) => (a.getAttribute('data-href') || a.getAttribute('href') || '').startsWith('https://libvirt.org/')),
      ),
    null,
  );
  const hover = (await visibleHovers(wb)).find((h) => h.links.some((l) => l.startsWith('https://libvirt.org/')));
  if (!hover) throw new Error('the hover closed before it could be read');
  const links = hover.links.filter((l) => l.startsWith('https://libvirt.org/'));
  if (!links.includes(docs)) throw new Error(`hover links ${JSON.stringify(links)}, expected ${docs}`);
  return hover.text.replace(/\u00a0/g, ' ');
}

/**
 * Show Hover on `<interface>`: the grammar's facts (its required child <source>) and a
 * link to the section of libvirt's domain page about network interfaces. Text a
 * description may add above the facts does not matter.
 */
async function scenarioDeviceHover(d: GrammarDeps): Promise<string> {
  const facts = await hoverLinking(d, '<interface', '<inter'.length, interfaceDocs);
  for (const want of ['<interface>', 'Required children', '<source>']) if (!facts.includes(want)) throw new Error(`hover lacks "${want}": ${facts}`);
  d.readmeShots.set('grammar-hover', await d.wb.shot('grammar-hover', ['.part.editor', '.monaco-hover']));
  await d.wb.dismiss();
  return `hover on <interface>: "${facts.split('\n').find((l) => l.includes('Required children'))}", link ${interfaceDocs}`;
}

/**
 * Show Hover on the value `network` of `<disk type='network'>`: which attribute and
 * element it is, our description of what the choice means, the values the grammar
 * allows, and the link to the disk section of libvirt's domain page.
 */
async function scenarioValueHover(d: GrammarDeps): Promise<string> {
  const shown = await hoverLinking(d, "type='network' device", "type='net".length, diskDocs);
  for (const want of ['type = network', '<disk>', 'one of block, dir, file, network', 'Where the data lives']) {
    if (!shown.includes(want)) throw new Error(`value hover lacks "${want}": ${shown}`);
  }
  await d.wb.dismiss();
  return `hover on type='network': "${shown.split('\n').find((l) => l.includes('one of'))}", link ${diskDocs}`;
}
