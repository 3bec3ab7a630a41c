// <cpu><topology>: each count read as libvirt reads it, then the product against the maximum
// vCPU count (the <vcpu> text, 1 when absent; never `current`).

import { UINT_MAX } from '../../domain/numbers';
import { domainFacts } from '../../domain/facts';
import { attributeValue, firstChild, getAttribute, type XmlElement } from '../../xml/nodes';
import { isSchemaUInt, parseUIntStrict } from '../../domain/numbers';
import type { Fix } from '../types';
import { type CpuCheck } from './cpuCheck';
import { bySchema, elementRange, insertBefore, nameRange, report, setAttribute, setElementText, valueRange } from '../kit';

const counts = ['sockets', 'dies', 'clusters', 'cores', 'threads'] as const;
type Count = (typeof counts)[number];
const required: ReadonlySet<Count> = new Set(['sockets', 'cores', 'threads']);

/** A vCPU count every x86 machine type accepts (pc's limit); the "set <vcpu>" fix stays below it. */
const VCPU_SAFE_MAX = 255;

interface Problem {
  name: Count;
  range: { start: number; end: number };
  message: string;
  missing: boolean;
}

export function checkTopology(c: CpuCheck): void {
  const topo = firstChild(c.el, 'topology');
  if (!topo) return;
  const values = new Map<Count, number>();
  const problems: Problem[] = [];
  for (const name of counts) {
    const attr = getAttribute(topo, name);
    const value = attributeValue(topo, name);
    if (!attr) {
      if (required.has(name)) {
        problems.push({ name, range: nameRange(topo), message: `Missing required attribute '${name}' in element 'topology'`, missing: true });
      } else values.set(name, 1);
      continue;
    }
    if (value === undefined) return; // valueless attribute: the XML syntax rules report it
    const n = parseUIntStrict(value);
    if (n === undefined) {
      problems.push({
        name,
        range: valueRange(attr),
        message: `Invalid value for attribute '${name}' in element 'topology': '${value}'. Expected non-negative integer value`,
        missing: false,
      });
    } else if (n === 0) {
      problems.push({ name, range: valueRange(attr), message: `Invalid value for attribute '${name}' in element 'topology': Zero is not permitted`, missing: false });
    } else {
      values.set(name, n);
      if (!isSchemaUInt(value)) {
        report(c, 'cpu-number-syntax', valueRange(attr), `'${value}' is read as ${n} by libvirt, but the schema only takes plain digits (${bySchema})`, [
          { title: `Write ${n}`, edits: [{ ...valueRange(attr), newText: String(n) }], preferred: true },
        ]);
      }
    }
  }
  const facts = domainFacts(c.ctx.doc);
  const max = { count: facts.vcpu ? facts.schemaVcpus : 1, element: facts.vcpu };
  for (const p of problems) {
    const fixes: Fix[] = [];
    if (problems.length === 1) {
      const k = completing(values, p.name, max.count);
      if (k !== undefined) {
        fixes.push({ title: `${p.missing ? 'Add' : 'Set'} ${p.name}='${k}'`, edits: [setAttribute(topo, p.name, String(k), p.name === 'sockets')], preferred: true });
      }
    }
    report(c, p.missing ? 'cpu-attribute-missing' : 'cpu-topology-invalid', p.range, p.message, fixes);
  }
  // The product is compared by the QEMU driver's validation; other drivers have their own rules.
  if (problems.length > 0 || !c.qemu) return;
  const product = productOf(values);
  if (product === undefined) {
    report(c, 'cpu-topology-overflow', elementRange(topo), `cpu topology results in more than ${UINT_MAX} cpus`);
    return;
  }
  if (max.count === undefined || product === max.count) return;
  const fixes: Fix[] = [];
  for (const name of ['cores', 'sockets'] as const) {
    const k = completing(values, name, max.count);
    if (k !== undefined && k !== values.get(name)) {
      fixes.push({ title: `Set ${name}='${k}' to make ${max.count} vCPUs`, edits: [setAttribute(topo, name, String(k))] });
    }
  }
  const vcpuFix = setVcpuFix(c, max.element, max.count, product);
  if (vcpuFix) fixes.push(vcpuFix);
  const written = counts.filter((n) => getAttribute(topo, n)).map((n) => `${n}=${values.get(n)}`);
  report(
    c,
    'cpu-topology-mismatch',
    elementRange(topo),
    `CPU topology doesn't match maximum vcpu count (${written.join(' × ')} = ${product} vCPUs, <vcpu> is ${max.count}${max.element ? '' : ' when absent'})`,
    fixes,
  );
}

/** The product libvirt computes, or undefined when it passes 2^32-1 (checked after every step, as libvirt does). */
function productOf(values: Map<Count, number>): number | undefined {
  let p = 1;
  for (const name of counts) {
    p *= values.get(name) ?? 1;
    if (p > UINT_MAX) return undefined;
  }
  return p;
}

/** The value of `name` that makes the product equal `target`, given the other counts; undefined when none does. */
function completing(values: Map<Count, number>, name: Count, target: number | undefined): number | undefined {
  let rest = 1;
  for (const other of counts) if (other !== name) rest *= values.get(other) ?? 1;
  if (target === undefined) return rest <= UINT_MAX ? 1 : undefined;
  return target % rest === 0 ? target / rest : undefined;
}

/**
 * "Set <vcpu> to the product", when that stays valid: at most 255 vCPUs, not
 * below `current`, and when lowering the count, no per-vCPU settings
 * (`<vcpus>`, `<cputune>`, guest NUMA) that could name a vCPU that goes away.
 */
function setVcpuFix(c: CpuCheck, vcpu: XmlElement | undefined, max: number, product: number): Fix | undefined {
  if (product > VCPU_SAFE_MAX) return undefined;
  const root = c.ctx.doc.root;
  if (product < max && (firstChild(root, 'vcpus') || firstChild(root, 'cputune') || firstChild(c.el, 'numa'))) return undefined;
  const title = `Set <vcpu> to ${product}`;
  if (!vcpu) return { title, edits: [insertBefore(c.text, c.el, `<vcpu>${product}</vcpu>`)] };
  const current = attributeValue(vcpu, 'current');
  if (current !== undefined) {
    const n = parseUIntStrict(current);
    if (n === undefined || n > product) return undefined;
  }
  return { title, edits: [setElementText(c.text, vcpu, String(product))] };
}
