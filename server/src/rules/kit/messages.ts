// libvirt's message forms that several rule families give, and the one wording
// for problems only libvirt's RelaxNG schema refuses. Use these rather than
// writing the sentence again, so one mistake reads the same everywhere.

/** The two tools that apply libvirt's schema; named in every schema-only finding. */
export const schemaTools = 'virsh define --validate and virt-xml-validate';

/** For the README's libvirt column: the schema refuses it, libvirt's parser alone does not. */
export const schemaOnly = `${schemaTools} only`;

/** The tail of a message about something only the schema refuses. */
export const bySchema = "rejected by libvirt's schema: virsh edit, define --validate and virt-xml-validate refuse it";

/** virXMLPropString with VIR_XML_PROP_REQUIRED. */
export function missingAttribute(name: string, element: string): string {
  return `Missing required attribute '${name}' in element '${element}'`;
}

/** virXMLPropEnum on a value it cannot map (the trailing period is libvirt's). */
export function invalidEnum(name: string, element: string, value: string): string {
  return `Invalid value for attribute '${name}' in element '${element}': '${value}'.`;
}

/** virXMLPropUInt on text that is not an unsigned int. */
export function invalidUInt(name: string, element: string, value: string): string {
  return `${invalidEnum(name, element, value)} Expected non-negative integer value`;
}

/** virXMLPropUInt with VIR_XML_PROP_NONZERO on 0. */
export function zeroNotPermitted(name: string, element: string): string {
  return `Invalid value for attribute '${name}' in element '${element}': Zero is not permitted`;
}

/** virDomainParseScaledValue: a required scaled value is missing. */
export const missingScaled = (xpath: string) => `missing element or attribute '${xpath}'`;
/** virDomainParseScaledValue: the number does not parse. */
export const invalidScaled = (value: string, xpath: string) => `Invalid value '${value}' for element or attribute '${xpath}'`;
/** virScaleInteger: a unit it does not know. */
export const unknownSuffix = (unit: string) => `unknown suffix '${unit}'`;
