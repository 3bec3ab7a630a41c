// The fuzzer's machinery: seed documents, seeded mutations, the checks every feature's
// result must pass (exercise), and a delta-debugging minimiser. Driven by ../fuzz.test.ts;
// importable from a scratch script to replay one seed.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { assertWellFormedResult, repoFile, seededRandom } from '../../helpers/fixtures';
import { parseXml } from '../../../server/src/xml/parser';
import { walkElements } from '../../../server/src/xml/nodes';
import { decodeFile } from '../../../server/src/io/fileText';
import type { LanguageService } from '../../../server/src/languageService';
import { realisticDomain } from './domains';

// ---------------------------------------------------------------- the corpus

/** Seed documents: examples/*.xml, the fixtures next to this file, and generated domains. */
export function corpus(): string[] {
  const docs: string[] = [];
  const examples = repoFile('examples');
  for (const f of readdirSync(examples).sort()) if (f.endsWith('.xml')) docs.push(readFileSync(join(examples, f), 'utf8'));
  const fixtures = repoFile('test/robustness/fuzzCorpus');
  for (const f of readdirSync(fixtures).sort()) if (f.endsWith('.xml')) docs.push(readFileSync(join(fixtures, f), 'utf8'));
  for (let seed = 1; seed <= 4; seed++) docs.push(realisticDomain({ lines: 60 + seed * 30, seed }));
  return docs;
}

/** Names and values worth splicing in: libvirt's CPU-area vocabulary and classic edge cases. */
const tagNames = ['domain', 'cpu', 'model', 'vendor', 'feature', 'topology', 'numa', 'cell', 'cache', 'maxphysaddr', 'vcpu', 'vcpus', 'cputune', 'vcpupin', 'emulatorpin', 'numatune', 'memnode', 'os', 'type', 'arch', 'capabilities', 'host', 'domainCapabilities', 'mode', 'enum', 'value', 'blockers', 'distances', 'sibling', 'iothreads', 'devices', 'disk', 'target', 'address', 'controller', 'interface', 'mac', 'driver', 'source', 'boot', 'hostdev', 'video', 'graphics', 'tpm', 'backend', 'serial', 'channel', 'shmem', 'iommu', 'panic', 'hub', 'input', 'loader', 'nvram', 'firmware', 'hugepages', 'page', 'seclabel', 'sysinfo', 'entry', 'x'];
const attrNames = ['mode', 'match', 'check', 'migratable', 'policy', 'name', 'fallback', 'sockets', 'dies', 'clusters', 'cores', 'threads', 'id', 'cpus', 'memory', 'unit', 'vcpu', 'cpuset', 'placement', 'current', 'arch', 'machine', 'level', 'limit', 'bits', 'nodeset', 'cellid', 'supported', 'deprecated', 'vendor_id', 'dev', 'bus', 'slot', 'function', 'domain', 'port', 'index', 'model', 'type', 'device', 'address', 'order', 'rx_queue_size', 'stateless', 'secure', 'primary', 'ramfb', 'display', 'reg', 'uid', 'size'];
const values = [
  '', ' ', 'host-model', 'host-passthrough', 'maximum', 'custom', 'exact', 'minimum', 'strict', 'none', 'partial', 'full', 'require', 'disable', 'optional', 'force', 'forbid', 'allow', 'on', 'off', 'yes', 'no',
  'Skylake-Client', 'Skylake-Clinet', 'EPYC-Milan-v2', 'cortex-a57', 'POWER9', 'z14', 'sse4_2', 'sse4.2', 'avx512f', 'invtsc', 'vmx', 'svm', 'x86_64', 'aarch64', 'ppc64le', 's390x', 'i686', 'armv7l',
  '0', '1', '2', '-1', '00', '007', '1e3', '0x10', '4294967295', '4294967296', '18446744073709551616', '99999999999999999999999', '1.5', 'NaN', '0-3', '3-0', '0-', '^1', '0,^0', '0-3,^2', '0-1023', '1-2-3', ',,', 'KiB', 'GiB', 'TB', 'bogus',
  'vda', 'vdb1', 'sdb', 'hdaxxxxxxxxxxxx', 'virtio', 'sata', 'scsi', 'usb', 'fdc', 'pci', 'drive', 'ccw', 'pcie-root', 'pci-root', 'qemu-xhci', '0x1f', '0x20', '0x100', '1.2.3', '1.1.1.1.1', '01:00:5e:00:00:01', '511', 'efi', 'bios', 'vhostuser', 'egl-headless', 'ramfb', 'vfio-pci',
  '&amp;', '&lt;', '&#0;', '&#x110000;', '&#xD800;', '&unknown;', '&', ']]>', '<', '"', "'",
];
const unicode = ['\u{1F600}', '\u{10FFFF}', '\uD800', '\uDC00', '\uDBFF\uDBFF', '\uFFFE', '\uFFFF', '\uFEFF', '\u0000', '\u0007', '\u200B', '\u202E', '\u0301', 'é', 'ß', '中', '\r', '\r\n', '\n', '\t', '\u2028', '\u0085', 'İ'];

// ---------------------------------------------------------------- mutations

type Rng = () => number;
type Mutation = (text: string, rnd: Rng, others: string[]) => string;

const int = (rnd: Rng, n: number) => Math.floor(rnd() * n);
const pick = <T>(rnd: Rng, xs: readonly T[]): T => xs[int(rnd, xs.length)];
const at = (rnd: Rng, text: string) => int(rnd, text.length + 1);
const splice = (text: string, start: number, end: number, insert: string) => text.slice(0, start) + insert + text.slice(end);

/** Offsets of every match of `re` (global) in `text`, with the match and its groups. */
function matches(text: string, re: RegExp): RegExpExecArray[] {
  re.lastIndex = 0;
  const out: RegExpExecArray[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && out.length < 2000) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/** [start, end) of elements in `text`, from our own parser (tolerant of anything). */
function elementRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  walkElements(parseXml(text), (el) => {
    if (out.length < 500) out.push([el.start, el.end]);
  });
  return out;
}

const mutations: Record<string, Mutation> = {
  flipChar: (t, r) => {
    const i = int(r, t.length);
    const c = r() < 0.5 ? pick(r, ['<', '>', '/', '=', "'", '"', '&', ';', '!', '?', '-', ' ', '\n']) : String.fromCharCode(int(r, r() < 0.8 ? 128 : 0x10000));
    return splice(t, i, i + 1, c);
  },
  flipBits: (t, r) => {
    // As a file: UTF-8 bytes with a few bits flipped, read back the way the CLI reads files.
    const bytes = Buffer.from(t, 'utf8');
    for (let k = 1 + int(r, 3); k > 0 && bytes.length; k--) bytes[int(r, bytes.length)] ^= 1 << int(r, 8);
    const decoded = decodeFile(bytes);
    return decoded.kind === 'text' ? decoded.text : bytes.toString('latin1');
  },
  truncate: (t, r) => t.slice(0, at(r, t)),
  deleteRange: (t, r) => {
    const i = at(r, t);
    return splice(t, i, Math.min(t.length, i + 1 + int(r, 40)), '');
  },
  swapTagName: (t, r) => {
    const tags = matches(t, /<\/?([A-Za-z_][\w.:-]*)/g);
    if (!tags.length) return t;
    const m = pick(r, tags);
    const start = m.index + m[0].length - m[1].length;
    return splice(t, start, start + m[1].length, pick(r, tagNames));
  },
  swapTwoTags: (t, r) => {
    const tags = matches(t, /<([A-Za-z_][\w.:-]*)/g);
    if (tags.length < 2) return t;
    const [a, b] = [pick(r, tags), pick(r, tags)].sort((x, y) => x.index - y.index);
    if (a.index === b.index) return t;
    // Swap the names only, keeping offsets consistent by replacing the later one first.
    const t1 = splice(t, b.index + 1, b.index + 1 + b[1].length, a[1]);
    return splice(t1, a.index + 1, a.index + 1 + a[1].length, b[1]);
  },
  swapAttributeName: (t, r) => {
    const attrs = matches(t, /([A-Za-z_][\w.:-]*)\s*=\s*(['"])/g);
    if (!attrs.length) return t;
    const m = pick(r, attrs);
    return splice(t, m.index, m.index + m[1].length, pick(r, attrNames));
  },
  replaceValue: (t, r) => {
    const vals = matches(t, /(['"])([^'"<]*)\1/g);
    if (!vals.length) return t;
    const m = pick(r, vals);
    return splice(t, m.index + 1, m.index + 1 + m[2].length, pick(r, values));
  },
  swapValues: (t, r) => {
    const vals = matches(t, /(['"])([^'"<]*)\1/g);
    if (vals.length < 2) return t;
    const [a, b] = [pick(r, vals), pick(r, vals)].sort((x, y) => x.index - y.index);
    if (a.index === b.index) return t;
    const t1 = splice(t, b.index + 1, b.index + 1 + b[2].length, a[2]);
    return splice(t1, a.index + 1, a.index + 1 + a[2].length, b[2]);
  },
  replaceText: (t, r) => {
    const texts = matches(t, />([^<>]+)</g);
    if (!texts.length) return t;
    const m = pick(r, texts);
    return splice(t, m.index + 1, m.index + 1 + m[1].length, pick(r, values));
  },
  insertMarkup: (t, r) => {
    const name = pick(r, tagNames);
    const bits = [`<${name}>`, `</${name}>`, `<${name}/>`, `<${name} ${pick(r, attrNames)}='${pick(r, values)}'>`, `<${name} ${pick(r, attrNames)}="${pick(r, values)}"/>`, '<!--', '-->', '<![CDATA[', ']]>', '<?x', '?>', '<!DOCTYPE d [<!ENTITY e "&e;">]>', '&e;', ' a', '=', `${pick(r, attrNames)}=`];
    const i = at(r, t);
    return splice(t, i, i, pick(r, bits));
  },
  wrapRange: (t, r) => {
    const name = pick(r, tagNames);
    const i = at(r, t);
    const j = Math.min(t.length, i + int(r, 200));
    return t.slice(0, i) + `<${name}>` + t.slice(i, j) + `</${name}>` + t.slice(j);
  },
  insertUnicode: (t, r) => {
    let s = '';
    for (let k = 1 + int(r, 3); k > 0; k--) s += pick(r, unicode);
    const i = at(r, t);
    return splice(t, i, i, s);
  },
  deleteQuoteOrBracket: (t, r) => {
    const ms = matches(t, /['"<>]/g);
    if (!ms.length) return t;
    const m = pick(r, ms);
    return splice(t, m.index, m.index + 1, '');
  },
  duplicateSubtree: (t, r) => {
    const els = elementRanges(t);
    if (!els.length) return t;
    const [s, e] = pick(r, els);
    const where = r() < 0.5 ? e : at(r, t);
    return splice(t, where, where, t.slice(s, e));
  },
  deleteSubtree: (t, r) => {
    const els = elementRanges(t);
    if (!els.length) return t;
    const [s, e] = pick(r, els);
    return splice(t, s, e, '');
  },
  crossover: (t, r, others) => {
    const o = pick(r, others);
    const els = elementRanges(o);
    if (!els.length) return t;
    const [s, e] = pick(r, els);
    const i = at(r, t);
    return splice(t, i, i, o.slice(s, e));
  },
  repeat: (t, r) => {
    // A short slice repeated: long attribute values, runs of '<', deep nesting.
    const i = at(r, t);
    const piece = t.slice(i, i + 1 + int(r, 12)) || '<a>';
    return splice(t, i, i, piece.repeat(2 + int(r, 200)));
  },
};
const mutationNames = Object.keys(mutations);

/** The input with index `i`: a seed document and 1–4 stacked mutations, all from the input's own seed. */
export function makeInput(docs: string[], seed: number): { text: string; applied: string[] } {
  const rnd = seededRandom(seed);
  let text = pick(rnd, docs);
  const applied: string[] = [];
  for (let k = 1 + int(rnd, 4); k > 0; k--) {
    const name = pick(rnd, mutationNames);
    text = mutations[name](text, rnd, docs);
    applied.push(name);
  }
  return { text, applied };
}

// ---------------------------------------------------------------- checks

export class Invalid extends Error {}

function fail(what: string): never {
  throw new Invalid(what);
}

/** `p` is a position inside `td` (line exists; character within the line, end-of-line excluded). */
function checkPosition(td: TextDocument, p: Position, what: string): void {
  if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0 || p.line >= td.lineCount) fail(`${what}: position ${JSON.stringify(p)} outside the document`);
  const lineStart = td.offsetAt({ line: p.line, character: 0 });
  const nextLine = p.line + 1 < td.lineCount ? td.offsetAt({ line: p.line + 1, character: 0 }) : td.getText().length;
  const text = td.getText();
  let lineEnd = nextLine;
  if (lineEnd > lineStart && text[lineEnd - 1] === '\n') lineEnd--;
  if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
  if (lineEnd === nextLine && p.line + 1 < td.lineCount && text[lineEnd - 1] === '\r') lineEnd--;
  if (p.character > lineEnd - lineStart) fail(`${what}: character ${p.character} beyond line ${p.line} (length ${lineEnd - lineStart})`);
}

export function checkRange(td: TextDocument, r: Range | undefined, what: string): void {
  if (!r || !r.start || !r.end) fail(`${what}: no range`);
  checkPosition(td, r.start, `${what} start`);
  checkPosition(td, r.end, `${what} end`);
  if (td.offsetAt(r.start) > td.offsetAt(r.end)) fail(`${what}: start after end ${JSON.stringify(r)}`);
}

const contains = (td: TextDocument, r: Range, offset: number) => td.offsetAt(r.start) <= offset && offset <= td.offsetAt(r.end);

/** The edits of a code action for `uri`: ranges valid, sorted non-overlapping, applicable. */
export function editsOf(td: TextDocument, action: CodeAction, what: string): TextEdit[] {
  const edit = action.edit;
  if (!edit) return [];
  const fromChanges = edit.changes ? Object.entries(edit.changes) : [];
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap((c) => ('edits' in c ? [[c.textDocument.uri, c.edits as TextEdit[]] as const] : []));
  const all = [...fromChanges, ...fromDocumentChanges];
  for (const [uri] of all) if (uri !== td.uri) fail(`${what}: edits another document (${uri})`);
  const edits = all.flatMap(([, e]) => e);
  for (const e of edits) {
    checkRange(td, e.range, `${what} edit`);
    if (typeof e.newText !== 'string') fail(`${what}: edit without newText`);
  }
  const sorted = edits.map((e) => [td.offsetAt(e.range.start), td.offsetAt(e.range.end)]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < sorted.length; i++) if (sorted[i][0] < sorted[i - 1][1]) fail(`${what}: overlapping edits ${JSON.stringify(sorted)}`);
  return edits;
}

function checkDiagnostics(td: TextDocument, diags: Diagnostic[], what: string): void {
  if (!Array.isArray(diags)) fail(`${what}: not an array`);
  for (const d of diags) {
    checkRange(td, d.range, `${what} ${String(d.code)}`);
    if (typeof d.message !== 'string' || !d.message) fail(`${what} ${String(d.code)}: empty message`);
    if (d.severity !== undefined && ![1, 2, 3, 4].includes(d.severity)) fail(`${what} ${String(d.code)}: severity ${d.severity}`);
    if (typeof d.code !== 'string' || !d.code) fail(`${what}: diagnostic without a code`);
  }
}

const maxDiagnosticsForActions = 40;
const maxRevalidations = 4;
const triggers = [undefined, '<', ' ', '=', '>', "'", '"'];

/** The slowest single operation of an `exercise` run: what an editor would wait for at most. */
export interface Slowest {
  op: string;
  ms: number;
}

/**
 * Runs every feature over `text`; throws (Invalid for a broken result) on the first
 * problem. Returns the slowest single operation (parse and validation count as one,
 * as an edit costs both; each request on its own), checks excluded.
 */
export function exercise(svc: LanguageService, text: string, seed: number): Slowest {
  const rnd = seededRandom(seed ^ 0x5bd1e995);
  const uri = 'file:///fuzz/input.xml';
  const slowest: Slowest = { op: '', ms: 0 };
  const timed = <T>(op: string, fn: () => T): T => {
    const t0 = performance.now();
    const result = fn();
    const ms = performance.now() - t0;
    if (ms > slowest.ms) {
      slowest.op = op;
      slowest.ms = ms;
    }
    return result;
  };
  const td = TextDocument.create(uri, 'xml', 1, text);
  const [doc, diags] = timed('parse and validation', () => {
    const d = svc.parse(td);
    return [d, svc.doValidation(d)] as const;
  });
  if (doc.xml.roots.length || doc.xml.problems.length) assertWellFormedResult(doc.xml);
  checkDiagnostics(td, diags, 'diagnostic');

  // Completion and hover at a few offsets: random, and at places that matter (inside values and texts).
  const offsets = [at(rnd, text), at(rnd, text), text.length, 0];
  const interesting = matches(text, /name=['"]|<model[^>]*>|<vendor>|mode=['"]|policy=['"]|<\/?[a-z]*|=/g);
  for (let k = 0; k < 3 && interesting.length; k++) {
    const m = pick(rnd, interesting);
    offsets.push(Math.min(text.length, m.index + m[0].length + int(rnd, 3)));
  }
  for (const raw of offsets) {
    const pos = td.positionAt(raw);
    // A cursor never sits between the \r and \n of a line break: the position maps back before the \r.
    const offset = td.offsetAt(pos);
    const where = `at offset ${offset}`;
    const trigger = pick(rnd, triggers);
    const list = timed(`completion ${where}`, () => svc.doComplete(doc, pos, trigger ? { triggerKind: 2, triggerCharacter: trigger } : { triggerKind: 1 }));
    if (!list || !Array.isArray(list.items)) fail(`completion ${where}: no list`);
    for (const item of list.items) {
      if (typeof item.label !== 'string' || !item.label) fail(`completion ${where}: item without a label`);
      const te = item.textEdit;
      if (te) {
        const ranges = 'range' in te ? [te.range] : [te.insert, te.replace];
        for (const r of ranges) {
          checkRange(td, r, `completion '${item.label}' ${where}`);
          if (r.start.line !== r.end.line) fail(`completion '${item.label}' ${where}: edit range spans lines ${JSON.stringify(r)}`);
          if (!contains(td, r, offset)) fail(`completion '${item.label}' ${where}: edit range ${JSON.stringify(r)} does not contain the cursor`);
        }
      }
      for (const e of item.additionalTextEdits ?? []) checkRange(td, e.range, `completion '${item.label}' additional edit ${where}`);
    }
    const hover = timed(`hover ${where}`, () => svc.doHover(doc, pos));
    if (hover) {
      if (!hover.contents) fail(`hover ${where}: no contents`);
      if (hover.range) {
        checkRange(td, hover.range, `hover ${where}`);
        if (!contains(td, hover.range, offset)) fail(`hover ${where}: range ${JSON.stringify(hover.range)} does not contain the cursor`);
      }
    }
  }

  // Outline, folding and selection ranges.
  const stack = [...timed('document symbols', () => svc.findDocumentSymbols(doc))];
  for (let n = 0; stack.length && n < 10_000; n++) {
    const s = stack.pop()!;
    checkRange(td, s.range, `symbol ${s.name}`);
    checkRange(td, s.selectionRange, `symbol ${s.name} selection`);
    if (td.offsetAt(s.selectionRange.start) < td.offsetAt(s.range.start) || td.offsetAt(s.selectionRange.end) > td.offsetAt(s.range.end)) fail(`symbol ${s.name}: selection range outside its range`);
    stack.push(...(s.children ?? []));
  }
  for (const f of timed('folding ranges', () => svc.getFoldingRanges(doc))) {
    if (!(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < td.lineCount)) fail(`folding range ${JSON.stringify(f)} outside the document`);
  }
  const selPositions = offsets.slice(0, 3).map((o) => td.positionAt(o));
  for (const [i, sel] of timed('selection ranges', () => svc.getSelectionRanges(doc, selPositions)).entries()) {
    let cur: typeof sel | undefined = sel;
    let prev: Range | undefined;
    for (let n = 0; cur && n < 10_000; n++, cur = cur.parent) {
      checkRange(td, cur.range, `selection range ${i}`);
      if (prev && (td.offsetAt(cur.range.start) > td.offsetAt(prev.start) || td.offsetAt(cur.range.end) < td.offsetAt(prev.end))) fail(`selection range ${i}: parent ${JSON.stringify(cur.range)} does not contain ${JSON.stringify(prev)}`);
      prev = cur.range;
    }
  }

  // Quick-fixes, as the editor asks for them: over each diagnostic's range (a sample of
  // `maxDiagnosticsForActions` when there are more) and once over the whole document.
  // Every offered edit is checked and applied; up to `maxRevalidations` distinct results
  // are validated again (a document with a thousand findings would otherwise cost a
  // thousand validations, a cost of the fuzzer, not of the editor).
  const sample = diags.length <= maxDiagnosticsForActions ? diags : Array.from({ length: maxDiagnosticsForActions }, () => pick(rnd, diags));
  const requests: Array<[Range, Diagnostic[]]> = sample.map((d) => [d.range, [d]]);
  requests.push([{ start: td.positionAt(0), end: td.positionAt(text.length) }, diags]);
  const revalidated = new Set<string>();
  for (const [range, context] of requests) {
    for (const action of timed('code actions', () => svc.doCodeActions(doc, range, context))) {
      const what = `code action '${action.title}' for ${context.length === 1 ? String(context[0].code) : 'the whole document'}`;
      if (!action.title) fail(`${what}: no title`);
      const edits = editsOf(td, action, what);
      if (!edits.length) continue;
      const fixed = TextDocument.applyEdits(td, edits);
      if (revalidated.size >= maxRevalidations || revalidated.has(fixed)) continue;
      revalidated.add(fixed);
      const td2 = TextDocument.create(uri, 'xml', 2, fixed);
      checkDiagnostics(td2, timed('parse and validation after a fix', () => svc.doValidation(svc.parse(td2))), `after ${what}`);
    }
  }

  // No hidden state: the same text validated again, after all the above, gives the same diagnostics.
  const again = svc.doValidation(svc.parse(TextDocument.create(uri, 'xml', 3, text)));
  try {
    assert.deepEqual(again, diags);
  } catch {
    fail('validating the same text twice gave different diagnostics');
  }
  return slowest;
}

/** A failure's kind, to decide while minimising whether a smaller input still fails the same way. */
function signature(e: unknown): string {
  if (e instanceof Invalid) return `invalid: ${e.message.replace(/\d+/g, 'N').replace(/\{.*\}/g, '{…}').slice(0, 120)}`;
  if (e instanceof Error) return `threw ${e.name}: ${e.message.replace(/\d+/g, 'N').slice(0, 120)}`;
  return `threw ${String(e)}`;
}

/** What running `text` gives: the failure (signature and message) if any, and the slowest operation. */
export function outcome(svc: LanguageService, text: string, seed: number): { failure?: { signature: string; message: string }; slowest: Slowest } {
  try {
    return { slowest: exercise(svc, text, seed) };
  } catch (e) {
    const message = e instanceof Error ? (e instanceof Invalid ? e.message : (e.stack ?? e.message)) : String(e);
    return { failure: { signature: signature(e), message }, slowest: { op: '', ms: 0 } };
  }
}

/** Delta debugging: drops ever smaller chunks while `stillFails` holds; at most `maxTries` runs. */
export function minimise(text: string, stillFails: (candidate: string) => boolean, maxTries = 4000): string {
  let cur = text;
  let tries = 0;
  for (let chunk = Math.max(1, Math.ceil(cur.length / 2)); chunk >= 1 && tries < maxTries; ) {
    let progressed = false;
    for (let i = 0; i < cur.length && tries < maxTries; ) {
      const candidate = cur.slice(0, i) + cur.slice(i + chunk);
      tries++;
      if (stillFails(candidate)) {
        cur = candidate;
        progressed = true;
      } else i += chunk;
    }
    if (!progressed) {
      if (chunk === 1) break;
      chunk = Math.max(1, Math.floor(chunk / 2));
    }
  }
  return cur;
}

