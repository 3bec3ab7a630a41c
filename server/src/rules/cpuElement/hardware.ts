// <cpu><cache> and <cpu><maxphysaddr>: libvirt's parser checks, then the QEMU driver's validation
// (level vs mode, passthrough only for host CPUs, x86 only).

import { attributeValue, childrenNamed, firstChild, getAttribute, type XmlAttribute, type XmlElement } from '../../xml/nodes';
import { isSchemaUInt, parseUIntStrict } from '../../domain/numbers';
import type { Fix, TextEdit } from '../types';
import { dropsModel, type CpuCheck } from './cpuCheck';
import { parseIntStrict } from '../../domain/numbers';
import { bySchema, enumValues, invalidEnum, likelyValue, nameRange, removeAttribute, removeAttributeFix, removeElement, report, setAttribute, valueRange, wholeAttribute } from '../kit';

// --- <cache> -------------------------------------------------------------------

export function checkCache(c: CpuCheck): void {
  const cache = childrenNamed(c.el, 'cache')[0];
  if (!cache) return;
  let ok = true;
  let level: number | undefined;
  const levelAttr = getAttribute(cache, 'level');
  const levelText = attributeValue(cache, 'level');
  if (levelAttr && levelText !== undefined) {
    const n = parseIntStrict(levelText);
    const fixes = levelFixes(c, cache);
    if (n === undefined) {
      report(c, 'cpu-cache-level-invalid', valueRange(levelAttr), `Invalid value for attribute 'level' in element 'cache': '${levelText}'. Expected integer value`, fixes);
      ok = false;
    } else if (n < 0) {
      report(c, 'cpu-cache-level-invalid', valueRange(levelAttr), `Invalid value for attribute 'level' in element 'cache': '${levelText}'. Expected non-negative value`, fixes);
      ok = false;
    } else if (n < 1 || n > 3) {
      report(c, 'cpu-cache-level-invalid', valueRange(levelAttr), 'invalid CPU cache level, must be in range [1,3]', fixes);
      ok = false;
    } else {
      level = n;
      // The schema lists the values 1, 2 and 3 as tokens: blanks around them pass, '+3' or '03' do not.
      if (!['1', '2', '3'].includes(levelText.trim())) {
        report(c, 'cpu-number-syntax', valueRange(levelAttr), `'${levelText}' is read as ${n} by libvirt, but the schema only takes 1, 2 or 3 (${bySchema})`, [
          { title: `Write ${n}`, edits: [{ ...valueRange(levelAttr), newText: String(n) }], preferred: true },
        ]);
      }
    }
  }
  const modeAttr = getAttribute(cache, 'mode');
  const mode = attributeValue(cache, 'mode');
  const modes = enumValues('domain/cpu/cache', 'mode');
  if (!modeAttr) {
    report(c, 'cpu-attribute-missing', nameRange(cache), "Missing required attribute 'mode' in element 'cache'", cacheModeFixes(c, cache, modes, undefined));
    return;
  }
  if (mode === undefined) return;
  if (!modes.includes(mode)) {
    report(c, 'cpu-cache-mode-invalid', valueRange(modeAttr), invalidEnum('mode', 'cache', mode), cacheModeFixes(c, cache, modes, mode));
    return;
  }
  if (!ok || !c.qemu) return;
  if (!c.x86) {
    report(c, 'cpu-arch-unsupported', nameRange(cache), `CPU cache specification is not supported for '${c.ctx.doc.arch}' architecture`, [
      { title: 'Remove <cache>', edits: [removeElement(c.text, cache)], preferred: true },
    ]);
    return;
  }
  if (mode === 'passthrough' && c.mode !== undefined && !dropsModel(c.mode)) {
    report(
      c,
      'cpu-cache-passthrough-not-allowed',
      valueRange(modeAttr),
      "CPU cache mode 'passthrough' can only be used with 'host-passthrough' / 'maximum' CPUs",
      cacheModeFixes(c, cache, modes.filter((m) => m !== 'passthrough'), mode),
    );
  }
  if (mode === 'emulate' && level !== 3) {
    const range = levelAttr ? valueRange(levelAttr) : nameRange(cache);
    report(c, 'cpu-cache-level-mode', range, "CPU cache mode 'emulate' can only be used with level='3'", [
      { title: "Set level='3'", edits: [setAttribute(cache, 'level', '3', true)], preferred: true },
    ]);
  } else if (mode !== 'emulate' && levelAttr) {
    report(c, 'cpu-cache-level-mode', wholeAttribute(levelAttr), `unsupported CPU cache level for mode '${mode}'`, [
      removeAttributeFix(c.text, levelAttr, undefined, true),
    ]);
  }
}

/** Level fixes that keep the mode valid: 3 for emulate, no level for the other modes. */
function levelFixes(c: CpuCheck, cache: XmlElement): Fix[] {
  const mode = attributeValue(cache, 'mode');
  const levelAttr = getAttribute(cache, 'level')!;
  if (mode === 'emulate') return [{ title: "Set level='3'", edits: [{ ...valueRange(levelAttr), newText: '3' }], preferred: true }];
  if (mode === 'passthrough' || mode === 'disable') return [removeAttributeFix(c.text, levelAttr, undefined, true)];
  return [];
}

/** One fix per cache mode, adjusting level so the result validates; passthrough only for host CPUs. */
function cacheModeFixes(c: CpuCheck, cache: XmlElement, modes: string[], typed: string | undefined): Fix[] {
  const likely = typed === undefined ? undefined : likelyValue(typed, modes);
  const levelAttr = getAttribute(cache, 'level');
  const fixes: Fix[] = [];
  for (const m of modes) {
    if (m === 'passthrough' && !dropsModel(c.mode)) continue;
    const edits: TextEdit[] = [setAttribute(cache, 'mode', m)];
    if (m === 'emulate') {
      if (attributeValue(cache, 'level') !== '3') edits.push(setAttribute(cache, 'level', '3', true));
    } else if (levelAttr) edits.push(removeAttribute(c.text, levelAttr));
    const title = m === 'emulate' && attributeValue(cache, 'level') !== '3' ? "Use mode='emulate' with level='3'" : `${typed === undefined ? 'Add' : 'Change to'} mode='${m}'`;
    fixes.push({ title, edits, ...(m === likely ? { preferred: true } : {}) });
  }
  return fixes;
}

// --- <maxphysaddr> ----------------------------------------------------------------

export function checkMaxPhysAddr(c: CpuCheck): void {
  const el = firstChild(c.el, 'maxphysaddr');
  if (!el) return;
  const modes = enumValues('domain/cpu/maxphysaddr', 'mode');
  const modeAttr = getAttribute(el, 'mode');
  const mode = attributeValue(el, 'mode');
  const bitsAttr = getAttribute(el, 'bits');
  const limitAttr = getAttribute(el, 'limit');
  const usable = (m: string) => (m === 'emulate' ? !limitAttr : !bitsAttr);
  if (!modeAttr) {
    const fixes = modes.filter(usable).map((m) => ({ title: `Add mode='${m}'`, edits: [setAttribute(el, 'mode', m, true)] }));
    if (fixes.length === 1) Object.assign(fixes[0], { preferred: true });
    report(c, 'cpu-attribute-missing', nameRange(el), "Missing required attribute 'mode' in element 'maxphysaddr'", fixes);
    return;
  }
  if (mode === undefined) return;
  if (!modes.includes(mode)) {
    const likely = likelyValue(mode, modes);
    const fixes = modes
      .filter(usable)
      .map((m) => ({ title: `Change mode to '${m}'`, edits: [{ ...valueRange(modeAttr), newText: m }], ...(m === likely ? { preferred: true } : {}) }));
    report(c, 'cpu-maxphysaddr-mode-invalid', valueRange(modeAttr), invalidEnum('mode', 'maxphysaddr', mode), fixes);
    return;
  }
  let ok = true;
  const bitsText = attributeValue(el, 'bits');
  if (bitsAttr && bitsText !== undefined) {
    const n = parseIntStrict(bitsText);
    const remove = removeAttributeFix(c.text, bitsAttr);
    if (n === undefined) {
      report(c, 'cpu-maxphysaddr-bits-invalid', valueRange(bitsAttr), `Invalid value for attribute 'bits' in element 'maxphysaddr': '${bitsText}'. Expected integer value`, [remove]);
      ok = false;
    } else if (n < 0) {
      report(c, 'cpu-maxphysaddr-bits-invalid', valueRange(bitsAttr), `Invalid value for attribute 'bits' in element 'maxphysaddr': '${bitsText}'. Expected non-negative value`, [remove]);
      ok = false;
    } else if (!isSchemaUInt(bitsText)) {
      numberSyntax(c, bitsAttr, bitsText, n);
    }
  }
  const limitText = attributeValue(el, 'limit');
  if (limitAttr && limitText !== undefined) {
    const n = parseUIntStrict(limitText);
    const remove = removeAttributeFix(c.text, limitAttr);
    if (n === undefined) {
      report(c, 'cpu-maxphysaddr-limit-invalid', valueRange(limitAttr), `Invalid value for attribute 'limit' in element 'maxphysaddr': '${limitText}'. Expected non-negative integer value`, [remove]);
      ok = false;
    } else if (n === 0) {
      report(c, 'cpu-maxphysaddr-limit-invalid', valueRange(limitAttr), "Invalid value for attribute 'limit' in element 'maxphysaddr': Zero is not permitted", [remove]);
      ok = false;
    } else if (mode !== 'passthrough') {
      report(c, 'cpu-maxphysaddr-limit-not-allowed', wholeAttribute(limitAttr), "attribute 'limit' is only supported for maxphysaddr mode 'passthrough'", [
        removeAttributeFix(c.text, limitAttr, undefined, true),
      ]);
      ok = false;
    } else if (!isSchemaUInt(limitText)) {
      numberSyntax(c, limitAttr, limitText, n);
    }
  }
  if (!ok || !c.qemu) return;
  if (!c.x86) {
    report(c, 'cpu-arch-unsupported', nameRange(el), `CPU maximum physical address bits specification is not supported for '${c.ctx.doc.arch}' architecture`, [
      { title: 'Remove <maxphysaddr>', edits: [removeElement(c.text, el)], preferred: true },
    ]);
    return;
  }
  if (mode === 'passthrough' && bitsAttr) {
    const fixes: Fix[] = [removeAttributeFix(c.text, bitsAttr, undefined, true)];
    if (!limitAttr) fixes.push({ title: "Change mode to 'emulate' to keep bits", edits: [{ ...valueRange(modeAttr), newText: 'emulate' }] });
    report(c, 'cpu-maxphysaddr-bits-not-allowed', wholeAttribute(bitsAttr), "CPU maximum physical address bits number specification cannot be used with mode='passthrough'", fixes);
  }
}

function numberSyntax(c: CpuCheck, attr: XmlAttribute, text: string, n: number): void {
  report(c, 'cpu-number-syntax', valueRange(attr), `'${text}' is read as ${n} by libvirt, but the schema only takes plain digits (${bySchema})`, [
    { title: `Write ${n}`, edits: [{ ...valueRange(attr), newText: String(n) }], preferred: true },
  ]);
}
