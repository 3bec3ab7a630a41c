// What the <cpu> element's checks share: the CPU under check (a Reporter, so the
// kit's `report` records its findings), its mode as libvirt reads it, and the
// edits that switch modes. Everything generic lives in ../kit.

import { attributeValue, firstChild, getAttribute, textContent, type XmlElement } from '../../xml/nodes';
import type { CpuDefinition } from '../../domain/libvirtDocument';
import { domainFacts } from '../../domain/facts';
import { utf8Length } from '../../util/strings';
import type { RuleContext } from '../context';
import type { Finding, TextEdit } from '../types';
import type { CpuElementCode } from './codes';
import { removeAttribute, setAttribute, type Reporter } from '../kit';

export type CpuMode = 'custom' | 'host-model' | 'host-passthrough' | 'maximum';

const modes: readonly string[] = ['custom', 'host-model', 'host-passthrough', 'maximum'];

/** What the checks of one guest `<cpu>` share. */
export interface CpuCheck extends Reporter<CpuElementCode> {
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
  const facts = domainFacts(ctx.doc);
  const written = attributeValue(cpu.element, 'mode');
  const mode = written === undefined ? 'custom' : modes.includes(written) ? (written as CpuMode) : undefined;
  return {
    ctx,
    cpu,
    el: cpu.element,
    text: ctx.doc.xml.text,
    mode,
    modelText: cpu.model ? textContent(cpu.model) : '',
    x86: facts.x86,
    qemu: facts.qemuDriver || ctx.doc.kind !== 'domain',
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
