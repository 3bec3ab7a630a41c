// Which documents are libvirt's: the one check client and server share. A
// foreign document with a common root name must get nothing from us.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLibvirtDocument, looksLikeLibvirt, rootElementName } from '../../server/src/domain/documentKind';
import { findings } from '../helpers/rules';

test('libvirt roots, with or without prefixed extension namespaces, are libvirt documents', () => {
  assert.equal(rootElementName("<?xml version='1.0'?>\n<!-- c -->\n<domain type='kvm'>"), 'domain');
  assert.ok(looksLikeLibvirt("<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><name>a</name></domain>"));
  assert.ok(looksLikeLibvirt("<interface type='ethernet' name='eth0'/>"));
  assert.ok(isLibvirtDocument('xml', "<network><name>default</name></network>"));
});

test('a root that declares a default namespace is foreign XML, whatever its name', () => {
  const wsdl = '<?xml version="1.0"?>\n<interface xmlns="http://www.w3.org/ns/wsdl" name="x"><operation/></interface>\n';
  assert.equal(rootElementName(wsdl), '{}interface');
  assert.ok(!looksLikeLibvirt(wsdl));
  assert.ok(!isLibvirtDocument('xml', wsdl));
  assert.ok(!isLibvirtDocument('libvirt-xml', wsdl), 'a foreign root stays foreign in the libvirt-xml language too');
  assert.ok(!looksLikeLibvirt("<filter\n   xmlns = 'urn:other'><include/></filter>"));
  assert.deepEqual(findings(wsdl), [], 'no diagnostics at all');
  // A prefixed declaration is not a default namespace.
  assert.ok(looksLikeLibvirt("<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0' type='kvm'/>"));
});
