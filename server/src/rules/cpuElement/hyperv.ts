// <features><hyperv><vendor_id value>, a different thing from <cpu><model vendor_id>: up to
// 12 characters (bytes for libvirt's parser), no comma, and a value whenever state='on'.

import { attributeValue, childrenNamed, firstChild, getAttribute, type XmlAttribute } from '../../xml/nodes';
import type { RuleContext } from '../context';
import type { Finding, Fix } from '../types';
import { bySchema, escapeAttribute, nameRange, setAttribute, valueRange } from '../kit';
import { charLength, utf8Length } from '../../util/strings';

const MAX = 12;
/** QEMU's own Hyper-V vendor string, a safe value to offer. */
const qemuDefault = 'Microsoft Hv';

export function checkHypervVendorId(ctx: RuleContext, out: Finding[]): void {
  const features = firstChild(ctx.doc.root, 'features');
  const hyperv = features && firstChild(features, 'hyperv');
  if (!hyperv) return;
  // libvirt reads the children only in custom mode (the default); the schema checks them always.
  const parsed = (attributeValue(hyperv, 'mode') ?? 'custom') === 'custom';
  for (const el of childrenNamed(hyperv, 'vendor_id')) {
    const attr = getAttribute(el, 'value');
    const value = attributeValue(el, 'value');
    const on = parsed && attributeValue(el, 'state') === 'on';
    if (on && !attr) {
      out.push({
        code: 'hyperv-vendor-id-invalid',
        ...nameRange(el),
        message: "missing 'value' attribute for HyperV feature 'vendor_id'",
        fixes: [{ title: `Add value='${qemuDefault}' (QEMU's default)`, edits: [setAttribute(el, 'value', qemuDefault)], preferred: true }],
      });
      continue;
    }
    if (!attr || value === undefined) continue;
    const comma = value.includes(',');
    let message: string | undefined;
    if (on && utf8Length(value) > MAX) message = `HyperV vendor_id value must not be more than ${MAX} characters.`;
    else if (on && comma) message = 'HyperV vendor_id value is invalid';
    else if (charLength(value) > MAX || comma) message = `the Hyper-V vendor_id value must be at most ${MAX} characters, none of them a comma (${bySchema})`;
    if (message === undefined) continue;
    if (on && utf8Length(value) > MAX && charLength(value) <= MAX) message += ' (libvirt counts bytes: use plain ASCII)';
    out.push({ code: 'hyperv-vendor-id-invalid', ...valueRange(attr), message, fixes: fixesFor(attr, value) });
  }
}

/** The typed value without commas, cut to 12 bytes on a character boundary. */
function fixesFor(attr: XmlAttribute, value: string): Fix[] {
  let fixed = '';
  for (const ch of value.replace(/,/g, '')) {
    if (utf8Length(fixed + ch) > MAX) break;
    fixed += ch;
  }
  const fixes: Fix[] = [];
  if (fixed !== '') fixes.push({ title: `Change to '${fixed}'`, edits: [{ ...valueRange(attr), newText: escapeAttribute(fixed, attr.quote ?? "'") }], preferred: true });
  fixes.push({ title: `Change to '${qemuDefault}' (QEMU's default)`, edits: [{ ...valueRange(attr), newText: qemuDefault }] });
  return fixes;
}
