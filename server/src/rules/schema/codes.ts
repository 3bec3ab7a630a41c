// The diagnostic codes of the grammar family: problems libvirt's RelaxNG schema
// refuses, anywhere in the document. Kept apart from the checks so nothing imports back into them.

import type { CodeInfo } from '../types';
import { schemaOnly } from '../kit/messages';

export const schemaCodes = {
  'schema-unknown-element': { severity: 'error', summary: "An element libvirt's schema does not allow at that place (misspelt, misplaced or repeated).", libvirt: schemaOnly, fix: 'did-you-mean rename' },
  'schema-unknown-attribute': { severity: 'error', summary: "An attribute libvirt's schema does not allow on that element (in that variant).", libvirt: schemaOnly, fix: 'did-you-mean rename' },
  'schema-invalid-value': { severity: 'error', summary: "An attribute value outside the values or datatype libvirt's schema allows there.", libvirt: schemaOnly, fix: 'did-you-mean value' },
  'schema-invalid-text': { severity: 'error', summary: "Element content outside what libvirt's schema allows (a bad value, or text where none may be).", libvirt: schemaOnly, fix: 'did-you-mean value' },
  'schema-missing-attribute': { severity: 'error', summary: "An element without an attribute libvirt's schema requires.", libvirt: schemaOnly },
  'schema-missing-element': { severity: 'error', summary: "An element without a child (or value) libvirt's schema requires.", libvirt: schemaOnly },
} as const satisfies Record<string, CodeInfo>;
