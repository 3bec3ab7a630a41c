// Raw CPUID/MSR dumps (`<cpudata arch='x86'>` with `<cpuid>` and `<msr>`
// items, as in libvirt's tests/cputestdata) turned into x86 CPU data: the
// cpu_map features whose bits are set, the vendor of leaf 0 and the leaf 1
// signature. Bits no feature describes are ignored, as libvirt's decoding does.

import { attributeValue, type XmlElement } from '../xml/nodes';
import { FeatureSet, cpuidKey, msrKey, type X86Map, type X86Vendor } from './x86Data';
import type { X86CpuData } from './x86Cpu';

/** Reserved bits of the signature are masked out, as libvirt does. */
const signatureMask = 0x0fff3fff;

export type ParsedCpuid = { ok: true; data: X86CpuData } | { ok: false; error: string };

/** Reads a `<cpudata>` element; numbers may be hex (0x…) or decimal. */
export function parseCpuidData(map: X86Map, root: XmlElement): ParsedCpuid {
  if (root.name !== 'cpudata') return { ok: false, error: `expected <cpudata>, found <${root.name}>` };
  const features = new FeatureSet(map.width);
  let leaf0: { ebx: number; ecx: number; edx: number } | undefined;
  let signature = 0;
  for (const item of root.children) {
    if (item.name === 'cpuid') {
      const eaxIn = num(item, 'eax_in');
      const ecxIn = num(item, 'ecx_in') ?? 0;
      if (eaxIn === undefined) return { ok: false, error: 'cpuid item without a valid eax_in' };
      const regs = { eax: num(item, 'eax') ?? 0, ebx: num(item, 'ebx') ?? 0, ecx: num(item, 'ecx') ?? 0, edx: num(item, 'edx') ?? 0 };
      if (eaxIn === 0 && ecxIn === 0) leaf0 = regs;
      if (eaxIn === 1 && ecxIn === 0) signature = (regs.eax & signatureMask) >>> 0;
      for (const reg of ['eax', 'ebx', 'ecx', 'edx'] as const) addBits(map, features, regs[reg], (bit) => cpuidKey(eaxIn, ecxIn, reg, bit));
    } else if (item.name === 'msr') {
      const index = num(item, 'index');
      if (index === undefined) return { ok: false, error: 'msr item without a valid index' };
      for (const reg of ['eax', 'edx'] as const) addBits(map, features, num(item, reg) ?? 0, (bit) => msrKey(index, reg, bit));
    }
  }
  return { ok: true, data: { features, vendor: leaf0 && vendorOf(map, leaf0), signature } };
}

function addBits(map: X86Map, set: FeatureSet, value: number, key: (bit: number) => string): void {
  for (let bit = 0; bit < 32; bit++) {
    if (((value >>> bit) & 1) === 0) continue;
    const i = map.bitIndex.get(key(bit));
    if (i !== undefined) set.add(i);
  }
}

/** The first vendor (cpu_map order) whose string bits are all set in leaf 0, as libvirt matches it. */
export function vendorOf(map: X86Map, leaf0: { ebx: number; ecx: number; edx: number }): X86Vendor | undefined {
  const covers = (v: number, mask: number) => ((v & mask) >>> 0) === mask;
  return map.vendors.find((v) => covers(leaf0.ebx, v.ebx) && covers(leaf0.ecx, v.ecx) && covers(leaf0.edx, v.edx));
}

function num(el: XmlElement, name: string): number | undefined {
  const raw = attributeValue(el, name)?.trim();
  if (raw === undefined || raw === '') return undefined;
  const v = /^0x[0-9a-f]+$/i.test(raw) ? parseInt(raw.slice(2), 16) : /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isFinite(v) && v <= 0xffffffff ? v >>> 0 : undefined;
}
