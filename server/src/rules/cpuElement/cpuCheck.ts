// Shared by the <cpu> element rules: the CPU under check, schema-only wording, libvirt's
// number readers, and "change it to one of these values" fixes.

import { attributeValue, firstChild, getAttribute, textContent, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import type { CpuDefinition } from '../../domain/libvirtDocument';
import { attributeSpec } from '../../domain/schema';
import type { RuleContext } from '../context';
import type { Finding, Fix, TextEdit } from '../types';
import type { CpuElementCode } from './codes';
import { removeAttribute, setAttribute, valueRange } from '../kit/edits';

export type CpuMode = 'custom' | 'host-model' | 'host-passthrough' | 'maximum';

const modes: readonly string[] = ['custom', 'host-model', 'host-passthrough', 'maximum'];

/** What the checks of one guest `<cpu>` share. */
export interface CpuCheck {
  ctx: RuleContext;
  cpu: CpuDefinition;
  el: XmlElement;
  text: string;
  /** The mode libvirt reads (custom when absent); undefined when the attribute is invalid. */
  mode: CpuMode | undefined;
  /** The first `<model>`'s text as libvirt reads it ('' = no model). */
  modelText: string;
  /** The guest is x86 (i686/x86_64, or no arch written). */
  x86: boolean;
  /** The domain goes through the QEMU driver (type kvm, qemu or hvf), whose validation rules apply. */
  qemu: boolean;
  /** `<model>`'s fallback and vendor_id would pass libvirt's parser (which reads them only in custom and host-model). */
  modelAttributesValid: boolean;
  out: Finding[];
}

export function cpuCheck(ctx: RuleContext, cpu: CpuDefinition, out: Finding[]): CpuCheck {
  const written = attributeValue(cpu.element, 'mode');
  const mode = written === undefined ? 'custom' : modes.includes(written) ? (written as CpuMode) : undefined;
  const type = attributeValue(ctx.doc.root, 'type');
  return {
    ctx,
    cpu,
    el: cpu.element,
    text: ctx.doc.xml.text,
    mode,
    modelText: cpu.model ? textContent(cpu.model) : '',
    x86: ctx.doc.arch === undefined || ctx.doc.arch === 'x86_64' || ctx.doc.arch === 'i686',
    qemu: type === undefined || type === 'kvm' || type === 'qemu' || type === 'hvf',
    modelAttributesValid: cpu.model === undefined || modelAttributesValid(cpu.model),
    out,
  };
}

function modelAttributesValid(model: XmlElement): boolean {
  const fallback = attributeValue(model, 'fallback');
  if (fallback !== undefined && fallback !== 'allow' && fallback !== 'forbid') return false;
  const vendorId = attributeValue(model, 'vendor_id');
  return vendorId === undefined || (utf8Length(vendorId) === 12 && !vendorId.includes(','));
}

/** Whether libvirt reads `<model>`'s attributes (fallback, vendor_id) in this mode. */
export function readsModelAttributes(mode: CpuMode | undefined): boolean {
  return mode === 'custom' || mode === 'host-model';
}

/** Host-passthrough and maximum: libvirt drops `<model>` and `<vendor>`. */
export function dropsModel(mode: CpuMode | undefined): boolean {
  return mode === 'host-passthrough' || mode === 'maximum';
}

/** The tail of every message about something only the RelaxNG schema refuses. */
export { bySchema } from '../kit/messages';

export function push(c: CpuCheck, code: CpuElementCode, range: { start: number; end: number }, message: string, fixes?: Fix[]): void {
  c.out.push({ code, start: range.start, end: range.end, message, ...(fixes && fixes.length > 0 ? { fixes } : {}) });
}

/** libvirt's message for a bad enumerated attribute value (the final period is libvirt's). */
export function invalidValueMessage(attr: string, element: string, value: string): string {
  return `Invalid value for attribute '${attr}' in element '${element}': '${value}'.`;
}

/** The allowed values of an enumerated attribute, from the schema table. */
export function enumValues(path: string, attr: string): string[] {
  return attributeSpec(path, attr)?.values?.map((v) => v.value) ?? [];
}

const onWords = new Set(['yes', 'true', '1', 'enable', 'enabled', 'y']);
const offWords = new Set(['no', 'false', '0', 'disable', 'disabled', 'n']);

/** The one value the user most likely meant (case, '_' for '-', yes for on…), if there is exactly one. */
export function likelyValue(typed: string, values: string[]): string | undefined {
  const norm = (s: string) => s.trim().toLowerCase().replace(/[_\s]+/g, '-');
  const t = norm(typed);
  const hits = values.filter((v) => norm(v) === t);
  if (hits.length === 1) return hits[0];
  if (values.includes('on') && values.includes('off')) {
    if (onWords.has(t)) return 'on';
    if (offWords.has(t)) return 'off';
  }
  return undefined;
}

/** One "Change attr to 'v'" fix per allowed value; the likely one preferred. */
export function valueFixes(attr: XmlAttribute, values: string[], typed: string, skip: (v: string) => boolean = () => false): Fix[] {
  const likely = likelyValue(typed, values);
  return values
    .filter((v) => !skip(v))
    .map((v) => ({
      title: `Change ${attr.name} to '${v}'`,
      edits: [{ ...valueRange(attr), newText: v }],
      ...(v === likely ? { preferred: true } : {}),
    }));
}

/** A fix removing one attribute. */
export function removeAttributeFix(c: CpuCheck, attr: XmlAttribute, title?: string, preferred = false): Fix {
  return { title: title ?? `Remove ${attr.name}`, edits: [removeAttribute(c.text, attr)], ...(preferred ? { preferred } : {}) };
}

/** The attribute and its decoded value, when written with a value. */
export function valued(el: XmlElement, name: string): { attr: XmlAttribute; value: string } | undefined {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  return attr && value !== undefined ? { attr, value } : undefined;
}

/** C isspace(). */
function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * libvirt's signed int attribute reader (virStrToLong_i, base 10): leading
 * blanks and a sign allowed, nothing after the digits, 32-bit range.
 */
export function parseIntStrict(text: string): number | undefined {
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  const m = /^[+-]?[0-9]+$/.exec(text.slice(i));
  if (!m) return undefined;
  const n = Number(m[0]);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

/** UTF-8 length in bytes (what libvirt's strlen counts). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Length in characters (what the schema's patterns count). */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * The edits that switch the CPU to `target` mode, or undefined when the switch
 * would leave the definition refused (e.g. a passthrough cache in custom mode).
 * Drops `migratable`, which only host-passthrough and maximum allow.
 */
export function modeSwitch(c: CpuCheck, target: CpuMode): TextEdit[] | undefined {
  const edits: TextEdit[] = [setAttribute(c.el, 'mode', target, true)];
  if (readsModelAttributes(target)) {
    const migratable = getAttribute(c.el, 'migratable');
    if (migratable) edits.push(removeAttribute(c.text, migratable));
    const cache = firstChild(c.el, 'cache');
    if (cache && attributeValue(cache, 'mode') === 'passthrough') return undefined;
    if (!c.modelAttributesValid) return undefined;
  }
  if (target === 'custom' && c.modelText === '' && c.cpu.features.length > 0) return undefined;
  return edits;
}
