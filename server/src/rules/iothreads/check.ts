// Rule family: IOThreads — the <iothreads> count, <iothreadids>/<iothread> ids,
// their worker-pool and polling attributes, and <defaultiothread> — as libvirt
// 11.3 parses, fills in and validates them.

import { attributeValue, childrenNamed, firstChild, getAttribute, textContent, type XmlElement } from '../../xml/nodes';
import { isSchemaUInt, parseInt64, parseUIntStrict } from '../../domain/numbers';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { checkSingleElement, checkUIntAttribute, nameRange, numberSchemaFinding, removeElement, schemaTools, setAttributeFix, setElementText, valueRange } from '../kit';
import { guestFacts } from '../../domain/facts';

export function checkIothreads(ctx: RuleContext): Finding[] {
  const facts = guestFacts(ctx.doc);
  const out: Finding[] = [];
  if (!facts) return out;
  const text = ctx.doc.xml.text;
  const domain = facts.root;
  checkSingleElement(text, domain, 'iothreads', false, out);
  checkSingleElement(text, domain, 'iothreadids', true, out);
  checkSingleElement(text, domain, 'defaultiothread', false, out);
  const countEl = firstChild(domain, 'iothreads');
  const count = countEl ? checkCount(countEl, out) : undefined;
  const entries = childrenNamed(domain, 'iothreadids').flatMap((ids) => childrenNamed(ids, 'iothread'));
  const seen = new Set<number>();
  for (const el of entries) {
    const { value: id, attr } = checkUIntAttribute(el, 'id', 'iothread-id-invalid', out, { required: true, nonZero: true });
    if (id !== undefined && attr) {
      if (seen.has(id)) {
        out.push({
          code: 'iothread-id-duplicate',
          ...valueRange(attr),
          message: `duplicate iothread id '${id}' found`,
          fixes: [{ title: `Remove this duplicate <iothread id='${id}'>`, edits: [removeElement(text, el)] }],
        });
      }
      seen.add(id);
    }
    checkPool(el, out);
    const poll = firstChild(el, 'poll');
    if (poll) for (const name of ['max', 'grow', 'shrink']) checkPollAttribute(poll, name, out);
  }
  const defaultThread = firstChild(domain, 'defaultiothread');
  if (defaultThread) checkPool(defaultThread, out);
  if (countEl && count !== undefined) checkCountAgainstIds(text, countEl, count, entries.length, seen, out);
  return out;
}

/** The count as libvirt reads it (0 for an empty element), or undefined when refused. */
function checkCount(el: XmlElement, out: Finding[]): number | undefined {
  const raw = textContent(el);
  const range = raw.trim() === '' ? nameRange(el) : { start: el.texts[0].start, end: el.texts[el.texts.length - 1].end };
  if (raw === '') {
    out.push({
      code: 'iothreads-count-invalid',
      ...range,
      message: `An empty <iothreads> is refused by the schema (${schemaTools}); libvirt's parser reads it as 0`,
    });
    return 0;
  }
  const n = parseUIntStrict(raw);
  if (n === undefined) {
    out.push({ code: 'iothreads-count-invalid', ...range, message: `invalid iothreads count '${raw}'` });
    return undefined;
  }
  if (!isSchemaUInt(raw)) out.push(numberSchemaFinding(raw, n, range));
  return n;
}

function checkCountAgainstIds(text: string, countEl: XmlElement, count: number, listed: number, ids: Set<number>, out: Finding[]): void {
  const range = countEl.texts.length > 0 ? { start: countEl.texts[0].start, end: countEl.texts[countEl.texts.length - 1].end } : nameRange(countEl);
  if (listed > count) {
    out.push({
      code: 'iothreads-count-raised',
      ...range,
      message: `<iothreads> says ${count} but ${listed} <iothread> ids are listed: libvirt raises the count to ${listed}`,
      fixes: [{ title: `Set <iothreads> to ${listed}`, edits: [setElementText(text, countEl, String(listed))], preferred: true }],
    });
  } else if (count > listed && listed > 0 && ids.size === listed) {
    const added = firstFreeIds(ids, count - listed, 5);
    const more = count - listed > added.length ? ', …' : '';
    out.push({
      code: 'iothreads-ids-filled',
      ...range,
      message: `<iothreads> asks for ${count} but only ${listed} ids are listed: libvirt adds ids ${added.join(', ')}${more}`,
    });
  }
}

/** The first `limit` (at most `wanted`) positive ids not in `used`, lowest first, as libvirt fills them. */
function firstFreeIds(used: Set<number>, wanted: number, limit: number): number[] {
  const out: number[] = [];
  for (let id = 1; out.length < Math.min(wanted, limit); id++) if (!used.has(id)) out.push(id);
  return out;
}

/** thread_pool_min / thread_pool_max: read as non-negative C ints, then libvirt's validation of the pair. */
function checkPool(el: XmlElement, out: Finding[]): void {
  const min = poolValue(el, 'thread_pool_min', out);
  const max = poolValue(el, 'thread_pool_max', out);
  if (min === null || max === null) return;
  if (max === 0) {
    out.push({ code: 'iothread-pool-max-zero', ...valueRange(getAttribute(el, 'thread_pool_max')!), message: 'thread_pool_max must be a positive integer' });
    return;
  }
  if (min === undefined || (max !== undefined && min <= max)) return;
  const minAttr = getAttribute(el, 'thread_pool_min')!;
  if (max === undefined) {
    const suggested = String(Math.max(min, 1));
    out.push({
      code: 'iothread-pool-min-above-max',
      ...valueRange(minAttr),
      message: 'thread_pool_min must be smaller or equal to thread_pool_max (without thread_pool_max libvirt refuses any thread_pool_min)',
      fixes: [setAttributeFix(`Add thread_pool_max='${suggested}'`, el, 'thread_pool_max', suggested)],
    });
  } else {
    out.push({
      code: 'iothread-pool-min-above-max',
      ...valueRange(minAttr),
      message: `thread_pool_min must be smaller or equal to thread_pool_max (${min} > ${max})`,
    });
  }
}

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;

/** A pool attribute: its value, undefined when absent, null when refused (finding added). */
function poolValue(el: XmlElement, name: string, out: Finding[]): number | undefined | null {
  const attr = getAttribute(el, name);
  const value = attributeValue(el, name);
  if (!attr || value === undefined) return undefined;
  const range = valueRange(attr);
  const n = parseInt64(value, true);
  if (n === undefined || n < INT_MIN || n > INT_MAX) {
    out.push({ code: 'iothread-pool-invalid', ...range, message: `Invalid value for attribute '${name}' in element '${el.name}': '${value}'. Expected integer value` });
    return null;
  }
  if (n < 0n) {
    out.push({ code: 'iothread-pool-invalid', ...range, message: `Invalid value for attribute '${name}' in element '${el.name}': '${value}'. Expected non-negative value` });
    return null;
  }
  if (!isSchemaUInt(value)) out.push(numberSchemaFinding(value, n, range));
  return Number(n);
}

function checkPollAttribute(poll: XmlElement, name: string, out: Finding[]): void {
  const attr = getAttribute(poll, name);
  const value = attributeValue(poll, name);
  if (!attr || value === undefined) return;
  const range = valueRange(attr);
  const n = parseInt64(value, false);
  if (n === undefined) {
    out.push({ code: 'iothread-poll-invalid', ...range, message: `Invalid value for attribute '${name}' in element 'poll': '${value}'. Expected non-negative integer value` });
  } else if (!isSchemaUInt(value)) {
    out.push(numberSchemaFinding(value, n, range));
  }
}
