// Which documents are libvirt's: the one check client, server and CLI share. A
// foreign document with a common root name must get nothing from us; a libvirt
// document with such a root is told apart by what it holds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ambiguousRoots,
  examineDocument,
  isLibvirtDocument,
  libvirtRoots,
  looksLikeLibvirt,
  rootElementName,
  rootEvidenceChildren,
  sniffLength,
} from '../../server/src/domain/documentKind';
import { bundledGrammar } from '../../server/src/schema/bundled';
import { Kind, nameClassNames, walkLeaves, type Pattern } from '../../server/src/schema/patterns';
import { childElementNames, forAttributes } from '../../server/src/schema/expect';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findings } from '../helpers/rules';
import { service } from '../helpers/engine';
import { labelsAt } from '../helpers/features';

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

// --- Ambiguous roots: libvirt's only when what they hold fits libvirt's grammar.

/** The attributes and child element names the grammar allows on `els` (namespaced names as {ns}local). */
function vocabularyOf(els: Pattern[]): { attributes: string[]; children: string[] } {
  const s = bundledGrammar().store();
  const attributes = new Set<string>();
  const children = new Set<string>();
  for (const el of els) {
    const content = s.contentOf(el);
    forAttributes(content, (a) => {
      for (const n of nameClassNames(a.nc!)) attributes.add(n.ns ? `{${n.ns}}${n.local}` : n.local);
    });
    for (const c of childElementNames(content)) children.add(c);
  }
  return { attributes: [...attributes].sort(), children: [...children].sort() };
}

/** The element patterns named `name` among `p`'s leaves (`p` a start pattern or an element's content). */
function elementsNamed(p: Pattern, name: string): Pattern[] {
  const out: Pattern[] = [];
  walkLeaves(p, (q) => {
    if (q.kind === Kind.Element && nameClassNames(q.nc!).some((n) => n.ns === '' && n.local === name)) out.push(q);
  });
  return out;
}

test('the vocabulary of each ambiguous root is what libvirt 11.3 grammar allows there', () => {
  const s = bundledGrammar().store();
  for (const [root, table] of Object.entries(ambiguousRoots)) {
    let els: Pattern[];
    if (root === 'cpu') {
      // A bare CPU is a domain's <cpu> or a host's (capabilities host/cpu).
      const [domain] = elementsNamed(s.root('domain')!, 'domain');
      const [caps] = elementsNamed(s.root('capabilities')!, 'capabilities');
      const [host] = elementsNamed(s.contentOf(caps), 'host');
      els = [...elementsNamed(s.contentOf(domain), 'cpu'), ...elementsNamed(s.contentOf(host), 'cpu')];
      assert.equal(els.length, 2, 'one <cpu> in each');
    } else els = elementsNamed(s.root(root)!, root);
    const v = vocabularyOf(els);
    assert.deepEqual([...table.attributes].sort(), v.attributes, `${root} attributes`);
    assert.deepEqual([...table.children].sort(), v.children.filter((c) => !c.startsWith('{')), `${root} children`);
    for (const c of v.children.filter((c) => c.startsWith('{'))) assert.ok(c.startsWith('{http://libvirt.org/schemas/'), c);
  }
  const named = [...libvirtRoots].filter((r) => !(r in ambiguousRoots)).sort();
  assert.deepEqual(named, ['capabilities', 'domain', 'domainCapabilities', 'networkport'], 'the roots taken by name alone');
});

/** Foreign documents that share a root name with libvirt's, as their tools write them. */
const foreign: Record<string, string> = {
  'servlet filter (web.xml fragment)': `<?xml version="1.0" encoding="UTF-8"?>
<filter>
  <filter-name>encodingFilter</filter-name>
  <filter-class>org.springframework.web.filter.CharacterEncodingFilter</filter-class>
  <init-param>
    <param-name>encoding</param-name>
    <param-value>UTF-8</param-value>
  </init-param>
</filter>
`,
  'logback filter': `<filter class="ch.qos.logback.classic.filter.LevelFilter">
  <level>INFO</level>
  <onMatch>ACCEPT</onMatch>
  <onMismatch>DENY</onMismatch>
</filter>`,
  'WSDL 2.0 interface without its default namespace': `<interface name="reservationInterface" styleDefault="http://www.w3.org/ns/wsdl/style/iri">
  <fault name="invalidDataFault" element="ghns:invalidDataError"/>
  <operation name="opCheckAvailability" pattern="http://www.w3.org/ns/wsdl/in-out">
    <input messageLabel="In" element="ghns:checkAvailability"/>
    <output messageLabel="Out" element="ghns:checkAvailabilityResponse"/>
  </operation>
</interface>`,
  'D-Bus introspection interface': `<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<interface name="org.freedesktop.DBus.Properties">
  <method name="Get">
    <arg name="interface" direction="in" type="s"/>
    <arg name="property" direction="in" type="s"/>
    <arg name="value" direction="out" type="v"/>
  </method>
  <signal name="PropertiesChanged"/>
</interface>`,
  'Android power profile': `<?xml version="1.0" encoding="utf-8"?>
<!-- Most values are the consumption in mA -->
<device name="Android">
  <item name="none">0</item>
  <item name="screen.on">100</item>
  <array name="cpu.clusters.cores">
    <value>4</value>
  </array>
</device>`,
  'WildFly datasource pool': `<pool>
  <min-pool-size>5</min-pool-size>
  <max-pool-size>20</max-pool-size>
  <prefill>true</prefill>
</pool>`,
  'container volume': `<volume name="data"><mountPath>/var/lib/data</mountPath><readOnly>false</readOnly></volume>`,
  'hardware inventory cpu': `<cpu><name>Intel(R) Xeon(R) Silver 4214</name><cores>12</cores><threads>24</threads><model>85</model></cpu>`,
  'graph network': `<network><node id="a"/><node id="b"/><link from="a" to="b"/></network>`,
  'Jenkins secret text': `<secret>{AQAAABAAAAAQqU+m+mC6ZnLa0+yaanj2eBSbTk+h4VBT3lk=}</secret>`,
  'pom.xml': `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
</project>`,
  'Android resources': `<?xml version="1.0" encoding="utf-8"?>
<resources>
  <string name="app_name">Example</string>
  <color name="primary">#6200EE</color>
</resources>`,
};

test('foreign XML with a common root name is not libvirt\'s, in the editor, the client and the CLI', () => {
  for (const [what, text] of Object.entries(foreign)) {
    assert.ok(!looksLikeLibvirt(text), what);
    assert.ok(!isLibvirtDocument('xml', text), what);
    assert.notEqual(examineDocument(text).verdict, 'libvirt', what);
    assert.deepEqual(findings(text), [], `${what}: no diagnostics`);
  }
  assert.equal(examineDocument(foreign['servlet filter (web.xml fragment)']).reason, "root <filter> with <filter-name>, <filter-class>, <init-param>, which libvirt's network filter has not");
  assert.equal(examineDocument(foreign['pom.xml']).reason, 'root <project> declares a default namespace');
  assert.equal(examineDocument(foreign['Android resources']).reason, 'root <resources>');
  assert.equal(examineDocument(foreign['Jenkins secret text']).verdict, 'unsure', 'text only: nothing to go by');
  assert.ok(!isLibvirtDocument('libvirt-xml', foreign['servlet filter (web.xml fragment)']), 'content that contradicts stays foreign in the libvirt-xml language');
});

test('libvirt documents with an ambiguous root are recognised from their content', () => {
  const libvirt: Record<string, string> = {
    nwfilter: "<filter name='clean-traffic' chain='root'>\n  <uuid>6ef53069-ba34-94a0-d33d-17751b9b8cb1</uuid>\n  <filterref filter='no-mac-spoofing'/>\n</filter>",
    'nwfilter, attributes only': "<filter name='allow-all' chain='root'/>",
    interface: "<interface type='ethernet' name='eth0'>\n  <start mode='onboot'/>\n  <protocol family='ipv4'><dhcp/></protocol>\n</interface>",
    secret: "<secret ephemeral='no' private='yes'>\n  <usage type='volume'><volume>/var/lib/libvirt/images/x.img</volume></usage>\n</secret>",
    pool: "<pool type='dir'>\n  <name>default</name>\n  <target><path>/var/lib/libvirt/images</path></target>\n</pool>",
    volume: '<volume>\n  <name>x.qcow2</name>\n  <capacity unit="G">10</capacity>\n</volume>',
    nodedev: '<device>\n  <name>pci_0000_00_02_0</name>\n  <capability type="pci"><domain>0</domain></capability>\n</device>',
    network: "<network xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'>\n  <name>default</name>\n  <dnsmasq:options><dnsmasq:option value='x'/></dnsmasq:options>\n</network>",
    'a network with one misspelt child': '<network>\n  <nmae>default</nmae>\n  <bridge name="virbr0"/>\n  <forward mode="nat"/>\n</network>',
    cpu: "<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>Skylake-Client</model>\n  <feature policy='require' name='pcid'/>\n</cpu>",
    'host cpu': '<cpu>\n  <arch>x86_64</arch>\n  <model>Skylake-Client-IBRS</model>\n  <vendor>Intel</vendor>\n</cpu>',
    'comments and CDATA inside': "<network>\n  <!-- <filter-name> in a comment -->\n  <description><![CDATA[<bogus/>]]></description>\n  <name>n</name>\n</network>",
  };
  for (const [what, text] of Object.entries(libvirt)) {
    assert.equal(examineDocument(text).verdict, 'libvirt', what);
    assert.ok(looksLikeLibvirt(text) && isLibvirtDocument('xml', text), what);
  }
  // A misspelt child is still reported: the document is served.
  assert.ok(findings(libvirt['a network with one misspelt child']).some(([code]) => code.startsWith('schema-')));
});

test('an ambiguous root with nothing in it yet: completion helps start it, diagnostics wait for content', () => {
  for (const text of ['<network>\n', '<pool></pool>', '<filter/>', '<volume>\n  <!-- to do -->\n</volume>', '<volume>\n  <na\n</volume>', '<secret>AQAAABAAAA==</secret>']) {
    assert.equal(examineDocument(text).verdict, 'unsure', text);
    assert.ok(!looksLikeLibvirt(text) && !isLibvirtDocument('xml', text), text);
    assert.ok(looksLikeLibvirt(text, 'libvirt-xml') && isLibvirtDocument('libvirt-xml', text), text);
    const xml = service().parse(TextDocument.create('file:///new.xml', 'xml', 1, text));
    assert.ok(xml.libvirt && xml.tentative, `${text}: served, tentatively`);
    assert.deepEqual(service().doValidation(xml), [], `${text}: no diagnostics in plain XML`);
    const chosen = service().parse(TextDocument.create('file:///new.xml', 'libvirt-xml', 1, text));
    assert.ok(chosen.libvirt && !chosen.tentative, `${text}: in the libvirt-xml language, a libvirt document`);
  }
  assert.ok(labelsAt('<volume>\n  $0\n</volume>').includes('capacity'), 'completion in a new volume');
  assert.ok(service().doValidation(service().parse(TextDocument.create('file:///n.xml', 'libvirt-xml', 1, '<volume/>'))).length > 0, 'libvirt-xml: <name> missing is reported');
  // Roots taken by name need no content.
  assert.equal(examineDocument('<domain>').verdict, 'libvirt');
  assert.equal(examineDocument('<capabilities/>').verdict, 'libvirt');
});

test('the look stays within the start of the text', () => {
  // Only the first children count: what comes after them does not change the verdict.
  const first = Array.from({ length: rootEvidenceChildren }, () => '<rule action="accept" direction="in"/>').join('');
  assert.equal(examineDocument(`<filter>${first}${'<filter-name/>'.repeat(100)}</filter>`).verdict, 'libvirt');
  // Attribute values with markup, a start tag cut off, a huge document: no throw, bounded.
  assert.equal(examineDocument("<pool type='a>b<c'><name>x</name></pool>").verdict, 'libvirt');
  assert.equal(examineDocument("<pool type='dir").verdict, 'unsure');
  // Nothing past sniffLength is read: the fitting children after the padding are not seen.
  const padded = `<volume><x>${'text '.repeat(sniffLength / 5)}</x><name>v</name><capacity>1</capacity></volume>`;
  assert.equal(examineDocument(padded).verdict, 'foreign');
  assert.equal(examineDocument(padded.replace(/text /g, '')).verdict, 'libvirt', 'the same children, within reach');
  const huge = `<volume>${'<x>'.repeat(200_000)}`;
  const t0 = performance.now();
  assert.equal(examineDocument(huge).verdict, 'foreign');
  assert.ok(performance.now() - t0 < 2000);
});
