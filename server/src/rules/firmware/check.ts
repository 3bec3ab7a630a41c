// Rule family: firmware and boot. libvirt's OS validation (domain_validate.c
// virDomainDefOSValidate, virDomainDefBootValidate), the boot order post-parse
// (domain_postparse.c) and the QEMU driver's ACPI/UEFI and secure-boot rules
// (qemu_validate.c).

import { attributeValue, childrenNamed, firstChild, getAttribute, textContent } from '../../xml/nodes';
import { domainFacts } from '../../domain/facts';
import { domainDevices } from '../../domain/devices';
import { parseUIntStrict } from '../../domain/numbers';
import type { Finding } from '../types';
import type { RuleContext } from '../context';
import { appendChild, changeValueFix, fix, nameRange, removeElement, report, reporter, valueRange, type Reporter } from '../kit';
import type { FirmwareCode } from './codes';

export function checkFirmware(ctx: RuleContext): Finding[] {
  const facts = domainFacts(ctx.doc);
  const r: Reporter<FirmwareCode> = reporter(ctx.doc.xml.text);
  if (!facts.isDomain) return r.out;
  checkBoot(r, ctx);
  const os = facts.os;
  if (!os) return r.out;
  const firmware = attributeValue(os, 'firmware');
  const loader = firstChild(os, 'loader');
  const nvram = firstChild(os, 'nvram');
  const fwFeatures = firstChild(os, 'firmware');
  const features = fwFeatures ? childrenNamed(fwFeatures, 'feature') : [];
  const nvramPath = nvram !== undefined && (textContent(nvram).trim() !== '' || firstChild(nvram, 'source') !== undefined);
  const nvramTemplate = nvram && attributeValue(nvram, 'template') !== undefined;
  const hasLoader = loader !== undefined || nvram !== undefined;
  const stateless = loader && attributeValue(loader, 'stateless');
  const loaderType = loader && attributeValue(loader, 'type');
  if (firmware !== undefined) {
    const state = (name: string) => features.find((f) => attributeValue(f, 'name') === name && attributeValue(f, 'enabled') !== undefined);
    const enrolled = state('enrolled-keys');
    const secure = state('secure-boot');
    if (enrolled && secure && attributeValue(enrolled, 'enabled') === 'yes' && attributeValue(secure, 'enabled') === 'no') {
      report(r, 'firmware-enrolled-keys', nameRange(enrolled), "firmware feature 'enrolled-keys' cannot be enabled when firmware feature 'secure-boot' is disabled");
    }
    if (hasLoader && nvramPath && firmware !== 'efi') {
      report(r, 'firmware-nvram-type', nameRange(nvram!), `firmware type '${firmware}' does not support nvram`);
      return r.out;
    }
  } else {
    if (fwFeatures && features.length > 0) {
      report(r, 'firmware-features-manual', nameRange(fwFeatures), 'cannot use feature-based firmware autoselection when firmware autoselection is disabled');
      return r.out;
    }
    if (hasLoader && (!loader || textContent(loader).trim() === '')) {
      report(r, 'firmware-loader-path', nameRange(loader ?? nvram!), 'no loader path specified and firmware auto selection disabled');
      return r.out;
    }
  }
  if (loader && stateless === 'yes') {
    if (nvramTemplate) report(r, 'firmware-stateless-nvram', valueRange(getAttribute(nvram!, 'template')!), 'NVRAM template is not permitted when loader is stateless');
    else if (nvramPath) report(r, 'firmware-stateless-nvram', nameRange(nvram!), 'NVRAM is not permitted when loader is stateless');
  } else if (loader && stateless === 'no') {
    if (firmware === undefined && loaderType !== 'pflash') {
      report(r, 'firmware-nvram-type', valueRange(getAttribute(loader, 'stateless')!), 'Only pflash loader type permits NVRAM');
    } else if (firmware !== undefined && firmware !== 'efi') {
      report(r, 'firmware-nvram-type', valueRange(getAttribute(loader, 'stateless')!), 'Only EFI firmware permits NVRAM');
    }
  }
  if (!facts.qemuDriver) return r.out;
  const uefi = firmware === 'efi' || loaderType === 'pflash';
  const acpiEl = facts.features && firstChild(facts.features, 'acpi');
  const acpiOn = acpiEl !== undefined && (attributeValue(acpiEl, 'state') ?? 'on') === 'on';
  const arch = ctx.doc.arch ?? 'x86_64';
  if (uefi && (arch === 'x86_64' || arch === 'i686') && !acpiOn) {
    const where = firmware === 'efi' ? valueRange(getAttribute(os, 'firmware')!) : nameRange(loader!);
    const addAcpi = facts.features ? fix('Add <acpi/> to <features>', [appendChild(r.text, facts.features, ['<acpi/>'])], true) : undefined;
    report(r, 'firmware-acpi-uefi', where, 'UEFI requires ACPI on this architecture', [addAcpi]);
  }
  if (acpiOn && arch === 'aarch64' && !uefi) {
    report(r, 'firmware-acpi-uefi', nameRange(acpiEl!), 'ACPI requires UEFI on this architecture');
  }
  const secure = loader && getAttribute(loader, 'secure');
  if (loader && secure && attributeValue(loader, 'secure') === 'yes') {
    const smm = facts.features && firstChild(facts.features, 'smm');
    const smmOn = smm !== undefined && (attributeValue(smm, 'state') ?? 'on') === 'on';
    if (!facts.q35) report(r, 'firmware-secure-boot', valueRange(secure), 'Secure boot is supported with q35 machine types only');
    else if (arch !== 'x86_64') report(r, 'firmware-secure-boot', valueRange(secure), 'Secure boot is supported for x86_64 architecture only');
    else if (firmware === undefined && !smmOn) {
      const addSmm = facts.features && !smm ? fix("Add <smm state='on'/> to <features>", [appendChild(r.text, facts.features, ["<smm state='on'/>"])], true) : undefined;
      report(r, 'firmware-secure-boot', valueRange(secure), 'Secure boot requires SMM feature enabled', [addSmm]);
    }
  }
  return r.out;
}

function checkBoot(r: Reporter<FirmwareCode>, ctx: RuleContext): void {
  const facts = domainFacts(ctx.doc);
  const os = facts.os;
  const osBoots = os ? childrenNamed(os, 'boot') : [];
  const devs = domainDevices(ctx.doc);
  const orders = new Map<number, boolean>();
  let allOrders: Set<string | undefined> | undefined;
  let firstPerDevice: { start: number; end: number } | undefined;
  for (const d of devs.all) {
    const boot = d.boot;
    if (!boot) continue;
    // A hostdev inside an <interface type='hostdev'> is the interface; <boot> of other kinds is not a boot order.
    const orderAttr = getAttribute(boot, 'order');
    const order = parseUIntStrict(attributeValue(boot, 'order') ?? '');
    if (!orderAttr || order === undefined || order === 0) continue;
    firstPerDevice ??= nameRange(boot);
    if (orders.has(order)) {
      let free = 1;
      allOrders ??= new Set(devs.all.map((o) => o.boot && attributeValue(o.boot, 'order')));
      while (orders.has(free) || allOrders.has(String(free))) free++;
      report(r, 'boot-order-duplicate', valueRange(orderAttr), `boot order '${order}' used for more than one device`, [changeValueFix(orderAttr, String(free), true)]);
    } else orders.set(order, true);
  }
  if (osBoots.length > 0 && firstPerDevice) {
    report(r, 'boot-mixed', nameRange(osBoots[0]), 'per-device boot elements cannot be used together with os/boot elements', [
      fix('Remove the <os><boot> elements', osBoots.map((b) => removeElement(r.text, b)), true),
    ]);
  }
  const menu = os && firstChild(os, 'bootmenu');
  const timeout = menu && getAttribute(menu, 'timeout');
  const t = menu && parseUIntStrict(attributeValue(menu, 'timeout') ?? '');
  if (timeout && t !== undefined && t > 65535 && attributeValue(menu!, 'enable') === 'yes') {
    report(r, 'boot-menu-timeout', valueRange(timeout), 'invalid value for boot menu timeout, must be in range [0,65535]', [changeValueFix(timeout, '65535', true)]);
  }
}
