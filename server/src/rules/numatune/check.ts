// Rule family: <numatune> — the <memory> policy (mode, placement, nodeset) and
// per-cell <memnode> bindings, including their references to the guest NUMA
// cells of <cpu><numa>, as libvirt 11.3's parser, its validation and the schema
// treat them.

import { attributeValue, childrenNamed, firstChild, getAttribute, type XmlElement } from '../../xml/nodes';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { checkEnumAttribute, checkListAttribute, checkSingleElement, checkUIntAttribute, enumFixes, enumValues, invalidEnum, nameRange, removeAttributeFixes, removeElement, schemaTools, setAttributeFix, valueRange } from '../kit';
import { guestFacts, type DomainFacts } from '../../domain/facts';

const fallbackModes = ['strict', 'preferred', 'interleave', 'restrictive'];

export function checkNumatune(ctx: RuleContext): Finding[] {
  const facts = guestFacts(ctx.doc);
  const out: Finding[] = [];
  if (!facts) return out;
  const tunes = childrenNamed(facts.root, 'numatune');
  for (const extra of tunes.slice(1)) out.push({ code: 'numatune-duplicate', ...nameRange(extra), message: 'only one numatune is supported' });
  const tune = tunes[0];
  const text = ctx.doc.xml.text;
  if (tune) checkSingleElement(text, tune, 'memory', false, out);
  const memory = tune && firstChild(tune, 'memory');
  const memoryMode = memory ? checkMemory(text, memory, out) : 'strict';
  const placement = effectivePlacement(facts, memory);
  if (memory && placement?.missingNodeset) {
    const attr = getAttribute(memory, 'placement');
    out.push({
      code: 'numatune-nodeset-missing',
      ...(attr ? valueRange(attr) : nameRange(memory)),
      message: `nodeset for NUMA memory tuning must be set if 'placement' is 'static'${attr ? '' : " (static is the default unless <vcpu placement='auto'>)"}`,
    });
  }
  if (tune) checkMemnodes(text, facts, tune, placement?.auto === true, memoryMode, out);
  return out;
}

/** Checks `<memory>`'s attributes; returns its mode as libvirt uses it ('strict' when absent), undefined when refused. */
function checkMemory(text: string, memory: XmlElement, out: Finding[]): string | undefined {
  const modes = enumValues('domain/numatune/memory', 'mode', fallbackModes);
  const mode = attributeValue(memory, 'mode');
  const validMode = checkEnumAttribute(memory, 'mode', modes, 'numatune-mode-invalid', out, (v) => `Unsupported NUMA memory tuning mode '${v}'`);
  const placementAttr = getAttribute(memory, 'placement');
  const placement = attributeValue(memory, 'placement');
  if (placementAttr && placement === 'default') {
    const placements = enumValues('domain/numatune/memory', 'placement', ['static', 'auto']);
    out.push({
      code: 'numatune-placement-invalid',
      ...valueRange(placementAttr),
      message: `The schema (${schemaTools}) accepts placement 'static' or 'auto'; libvirt's parser reads 'default' as leaving it out`,
      fixes: [...removeAttributeFixes(text, memory, 'placement', true), ...enumFixes(placementAttr, placements)],
    });
  } else {
    const placements = enumValues('domain/numatune/memory', 'placement', ['static', 'auto']);
    checkEnumAttribute(memory, 'placement', placements, 'numatune-placement-invalid', out, (v) => `Unsupported NUMA memory placement mode '${v}'`);
  }
  checkListAttribute(memory, 'nodeset', out, { emptyMessage: (v) => `Invalid value of 'nodeset': ${v}` });
  const nodeset = getAttribute(memory, 'nodeset');
  if (placement === 'auto' && nodeset) {
    out.push({
      code: 'numatune-nodeset-with-auto',
      ...valueRange(nodeset),
      message: `The schema (${schemaTools}) refuses a nodeset with placement='auto'; libvirt's parser drops it and lets numad choose the nodes`,
      fixes: [...removeAttributeFixes(text, memory, 'nodeset'), ...removeAttributeFixes(text, memory, 'placement')],
    });
  }
  if (mode === undefined) return 'strict';
  return validMode;
}

/**
 * The memory placement libvirt settles on (virDomainNumatuneSet): undefined
 * when nothing is specified or a value is refused; `auto` also when there is
 * no `<memory>` and `<vcpu placement='auto'>`.
 */
function effectivePlacement(facts: DomainFacts, memory: XmlElement | undefined): { auto: boolean; missingNodeset: boolean } | undefined {
  if (!memory) return facts.vcpuPlacementAuto ? { auto: true, missingNodeset: false } : undefined;
  const mode = attributeValue(memory, 'mode');
  const placement = attributeValue(memory, 'placement');
  const nodeset = attributeValue(memory, 'nodeset');
  if (mode === undefined && placement === undefined && nodeset === undefined) return undefined;
  if (placement !== undefined && !['default', 'static', 'auto'].includes(placement)) return undefined;
  let effective = placement ?? (nodeset !== undefined ? 'static' : 'default');
  if (effective === 'default') effective = nodeset !== undefined || !facts.vcpuPlacementAuto ? 'static' : 'auto';
  return { auto: effective === 'auto', missingNodeset: effective === 'static' && nodeset === undefined };
}

function checkMemnodes(text: string, facts: DomainFacts, tune: XmlElement, autoPlacement: boolean, memoryMode: string | undefined, out: Finding[]): void {
  const memnodes = childrenNamed(tune, 'memnode');
  if (memnodes.length === 0) return;
  if (autoPlacement) {
    out.push({ code: 'memnode-with-auto-placement', ...nameRange(memnodes[0]), message: 'Per-node binding is not compatible with automatic NUMA placement.' });
  }
  const cells = facts.cells.length;
  if (cells === 0) {
    out.push({ code: 'memnode-without-cells', ...nameRange(memnodes[0]), message: "Element 'memnode' is invalid without any guest NUMA cells" });
  }
  const modes = enumValues('domain/numatune/memnode', 'mode', fallbackModes);
  const seen = new Set<number>();
  for (const el of memnodes) {
    const { value: cellid, attr } = checkUIntAttribute(el, 'cellid', 'memnode-cellid-invalid', out, { required: true });
    let known = false;
    if (cellid !== undefined && attr && cells > 0) {
      if (cellid >= cells) {
        out.push({
          code: 'memnode-cellid-out-of-range',
          ...valueRange(attr),
          message: `Argument 'cellid' in memnode element must correspond to existing guest's NUMA cell (the domain has ${cells}: 0..${cells - 1})`,
        });
      } else if (seen.has(cellid)) {
        out.push({
          code: 'memnode-duplicate',
          ...valueRange(attr),
          message: `Multiple memnode elements with cellid ${cellid}`,
          fixes: [{ title: `Remove this second memnode for cell ${cellid}`, edits: [removeElement(text, el)], preferred: true }],
        });
      } else {
        known = true;
        seen.add(cellid);
      }
    }
    let mode: string | undefined = 'strict';
    if (attributeValue(el, 'mode') === undefined) {
      out.push({
        code: 'memnode-mode-missing',
        ...nameRange(el),
        message: `The schema (${schemaTools}) requires mode on <memnode>; libvirt's parser assumes 'strict'`,
        fixes: [setAttributeFix("Add mode='strict'", el, 'mode', 'strict', true)],
      });
    } else {
      mode = checkEnumAttribute(el, 'mode', modes, 'numatune-mode-invalid', out, (v) => invalidEnum('mode', 'memnode', v));
    }
    const hasNodeset = attributeValue(el, 'nodeset') !== undefined;
    if (!hasNodeset) {
      out.push({ code: 'memnode-nodeset-missing', ...nameRange(el), message: 'Missing required nodeset attribute in memnode element' });
    } else {
      checkListAttribute(el, 'nodeset', out, { emptyMessage: (v) => `Invalid value of 'nodeset': ${v}` });
    }
    if (known && hasNodeset && mode !== undefined && memoryMode !== undefined && (mode === 'restrictive') !== (memoryMode === 'restrictive')) {
      const modeAttr = getAttribute(el, 'mode');
      out.push({
        code: 'numatune-restrictive-mismatch',
        ...(modeAttr ? valueRange(modeAttr) : nameRange(el)),
        message:
          memoryMode === 'restrictive'
            ? "'restrictive' mode is required in memnode element when mode is 'restrictive' in memory element"
            : "'restrictive' mode is required in memory element when mode is 'restrictive' in memnode element",
        fixes: memoryMode === 'restrictive' ? [setAttributeFix("Set mode='restrictive'", el, 'mode', 'restrictive', true)] : undefined,
      });
    }
  }
}
