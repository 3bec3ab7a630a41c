// Rule family: guests with more than 255 vCPUs on x86 q35 machines need an
// IOMMU with extended interrupt mode (EIM). libvirt's QEMU post-parse adds an
// intel IOMMU when there is none and turns eim/intremap on when they are left
// out; its validation refuses an IOMMU whose EIM cannot be on
// (qemu_postparse.c, qemu_validate.c: QEMU_MAX_VCPUS_WITHOUT_EIM = 255).

import { attributeValue, firstChild, getAttribute } from '../../xml/nodes';
import { domainFacts } from '../../domain/facts';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { appendChild, changeValueFix, fix, nameRange, report, reporter, valueRange, type Reporter } from '../kit';
import type { IommuCode } from './codes';

/** libvirt's QEMU_MAX_VCPUS_WITHOUT_EIM. */
const maxVcpusWithoutEim = 255;

/** The IOMMU libvirt writes for a large q35 guest, one line per entry. */
const addedIommu = ["<iommu model='intel'>", "  <driver intremap='on' eim='on'/>", '</iommu>'];

export function checkIommu(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: Reporter<IommuCode> = reporter(ctx.doc.xml.text);
  if (!facts.isDomain || !facts.qemuDriver || !facts.q35 || facts.maxVcpus === undefined || facts.maxVcpus <= maxVcpusWithoutEim) return r.out;
  const vcpu = facts.vcpu!;
  const iommu = facts.iommu;
  if (!iommu) {
    const where = facts.devices ?? facts.root;
    const lines = facts.devices ? addedIommu : ['<devices>', ...addedIommu.map((l) => `  ${l}`), '</devices>'];
    report(
      r,
      'vcpu-iommu-added',
      nameRange(vcpu),
      `${facts.maxVcpus} vCPUs on q35 need an IOMMU with extended interrupt mode: libvirt adds <iommu model='intel'> with intremap='on' and eim='on' when the domain is defined`,
      [fix("Add the <iommu model='intel'> libvirt adds", [appendChild(r.text, where, lines)], true)],
    );
    return r.out;
  }
  const model = attributeValue(iommu, 'model');
  const driver = firstChild(iommu, 'driver');
  const eim = driver && getAttribute(driver, 'eim');
  const intremap = driver && getAttribute(driver, 'intremap');
  if (model !== 'intel') {
    // Only an intel IOMMU gets eim filled in; libvirt refuses the rest (an unknown model is the schema's to report).
    if (model === 'virtio' || model === 'smmuv3') {
      report(r, 'vcpu-iommu-eim-required', nameRange(iommu), `more than ${maxVcpusWithoutEim} vCPUs require extended interrupt mode enabled on the iommu device (a ${model} IOMMU has none)`);
    }
    return r.out;
  }
  if (eim && attributeValue(driver!, 'eim') === 'off') {
    report(r, 'vcpu-iommu-eim-required', valueRange(eim), `more than ${maxVcpusWithoutEim} vCPUs require extended interrupt mode enabled on the iommu device`, [changeValueFix(eim, 'on', true)]);
  } else if (intremap && attributeValue(driver!, 'intremap') === 'off') {
    // eim is on or filled in, and libvirt's validation wants interrupt remapping for it.
    report(r, 'vcpu-iommu-eim-required', valueRange(intremap), 'IOMMU eim requires interrupt remapping to be enabled', [changeValueFix(intremap, 'on', true)]);
  }
  return r.out;
}
