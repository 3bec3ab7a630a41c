// Rule family: CPU-area elements, attributes, values and models, and the device
// and firmware features of domain/deviceSince.ts, newer than the
// libvirt release the user targets (setting libvirtXml.targetVersion). Runs only
// when a target older than the catalog's libvirt is set; the versions come from
// the CPU-area notes (domain/cpuAreaNotes.ts, read through domain/schema.ts).

import { textContent, textRange, type XmlElement } from '../../xml/nodes';
import {
  compareVersions,
  elementSpec,
  modelIntroducedIn,
  parseVersion,
  type ElementSpec,
} from '../../domain/schema';
import { deviceSinceByPath } from '../../domain/deviceSince';
import { attributeValue, getAttribute } from '../../xml/nodes';
import type { Finding } from '../types';
import type { RuleContext } from '../context';

/** Modes under which libvirt ignores `<model>`, so its name does not matter. */
const modesWithoutModel = new Set(['host-passthrough', 'maximum']);

/** The target release when one applies: set, well-formed, and older than the catalog's libvirt. */
export function effectiveTarget(ctx: RuleContext): string | undefined {
  const target = ctx.targetVersion?.trim();
  if (!target || !parseVersion(target)) return undefined;
  const current = ctx.catalog.libvirtVersion;
  if (parseVersion(current) && compareVersions(target, current) >= 0) return undefined;
  return target;
}

export function checkTargetVersion(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const target = effectiveTarget(ctx);
  if (!target || ctx.doc.kind !== 'domain') return out;
  const newer = (since: string | undefined): since is string => since !== undefined && compareVersions(since, target) > 0;
  const tail = `; the target is ${target}`;

  // Depth-first over the described part of the tree, without recursion.
  const stack: Array<{ el: XmlElement; path: string; spec: ElementSpec }> = [];
  const root = ctx.doc.root;
  const rootSpec = elementSpec(root.name);
  if (!rootSpec) return out;
  stack.push({ el: root, path: root.name, spec: rootSpec });
  while (stack.length > 0) {
    const { el, path, spec } = stack.pop()!;
    if (el !== root && newer(spec.since)) {
      // Its attributes and children are at least as new: one finding is enough.
      out.push({
        code: 'target-version-unsupported',
        start: el.nameStart,
        end: el.nameEnd,
        message: `\`<${el.name}>\` needs libvirt ${spec.since} or later${tail}`,
      });
      continue;
    }
    for (const attr of el.attributes) {
      const aspec = spec.attributes.find((a) => a.name === attr.name);
      if (!aspec) continue;
      if (newer(aspec.since)) {
        out.push({
          code: 'target-version-unsupported',
          start: attr.nameStart,
          end: attr.nameEnd,
          message: `\`${attr.name}\` on \`<${el.name}>\` needs libvirt ${aspec.since} or later${tail}`,
        });
        continue;
      }
      const vspec = attr.value === undefined ? undefined : aspec.values?.find((v) => v.value === attr.value);
      if (vspec && newer(vspec.since)) {
        out.push({
          code: 'target-version-unsupported',
          start: attr.valueStart,
          end: attr.valueEnd,
          message: `\`${attr.name}='${vspec.value}'\` needs libvirt ${vspec.since} or later${tail}`,
        });
      }
    }
    for (const aspec of spec.attributes) {
      if (!newer(aspec.optionalSince) || el.attributes.some((a) => a.name === aspec.name)) continue;
      out.push({
        code: 'target-version-unsupported',
        start: el.nameStart,
        end: el.nameEnd,
        message: `\`<${el.name}>\` without \`${aspec.name}\` needs libvirt ${aspec.optionalSince} or later${tail}`,
      });
    }
    if (path === 'domain/cpu/model') checkModel(el, target, out);
    if (path === 'domain') checkDeviceArea(el, target, out);
    for (let i = el.children.length - 1; i >= 0; i--) {
      const child = el.children[i];
      if (!spec.children.includes(child.name)) continue;
      const childPath = `${path}/${child.name}`;
      const childSpec = elementSpec(childPath);
      if (childSpec) stack.push({ el: child, path: childPath, spec: childSpec });
    }
  }
  return out;
}

function checkModel(model: XmlElement, target: string, out: Finding[]): void {
  const cpu = model.parent;
  const mode = cpu ? cpu.attributes.find((a) => a.name === 'mode')?.value : undefined;
  if (modesWithoutModel.has(mode ?? '')) return;
  const name = textContent(model);
  const since = modelIntroducedIn(name);
  if (since === undefined || compareVersions(since, target) <= 0) return;
  const range = textRange(model);
  out.push({
    code: 'target-version-unsupported',
    start: range.start,
    end: range.end,
    message: `CPU model \`${name}\` needs libvirt ${since} or later; the target is ${target}`,
  });
}

/** The device and firmware area: the elements, attributes and values of deviceSince.ts newer than the target. */
function checkDeviceArea(domain: XmlElement, target: string, out: Finding[]): void {
  const tail = `; the target is ${target}`;
  const stack: Array<{ el: XmlElement; path: string }> = [];
  for (const c of domain.children) if (c.name === 'devices' || c.name === 'os') stack.push({ el: c, path: `domain/${c.name}` });
  while (stack.length > 0) {
    const { el, path } = stack.pop()!;
    for (const e of deviceSinceByPath.get(path) ?? []) {
      if (compareVersions(e.since, target) <= 0) continue;
      if (e.attribute === undefined) {
        out.push({ code: 'target-version-unsupported', start: el.nameStart, end: el.nameEnd, message: `\`<${el.name}>\` needs libvirt ${e.since} or later${tail}` });
        continue;
      }
      const attr = getAttribute(el, e.attribute);
      if (!attr) continue;
      if (e.value === undefined) {
        out.push({ code: 'target-version-unsupported', start: attr.nameStart, end: attr.nameEnd, message: `\`${attr.name}\` on \`<${el.name}>\` needs libvirt ${e.since} or later${tail}` });
      } else if (attributeValue(el, e.attribute) === e.value) {
        out.push({ code: 'target-version-unsupported', start: attr.valueStart, end: attr.valueEnd, message: `\`${attr.name}='${e.value}'\` needs libvirt ${e.since} or later${tail}` });
      }
    }
    if (path.split('/').length < 5) for (const c of el.children) stack.push({ el: c, path: `${path}/${c.name}` });
  }
}
