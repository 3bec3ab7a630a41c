// Unit tests of parseXml: exact node ranges, every problem code with the text it
// covers, and the trees it recovers from half-typed or broken markup.

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseXml } from '../../server/src/xml/parser';
import {
  decodeEntities,
  findAttributeAt,
  findElementAt,
  getAttribute,
  elementPath,
  textContent,
  walkElements,
  type XmlDocument,
  type XmlProblemCode,
} from '../../server/src/xml/nodes';
import { assertWellFormedResult, mustFind, offsetOf, outline, problems } from '../helpers/fixtures';

/** Parses `text`, checks the result's invariants and asserts its problems as [code, covered text]. */
function checkProblems(text: string, expected: [XmlProblemCode, string][]): XmlDocument {
  const doc = parseXml(text);
  assertWellFormedResult(doc);
  assert.deepEqual(problems(doc), expected);
  return doc;
}

/** Asserts the tree's shape (see `outline`) and returns the document. */
function checkOutline(text: string, expected: string): XmlDocument {
  const doc = parseXml(text);
  assertWellFormedResult(doc);
  assert.equal(outline(doc), expected);
  return doc;
}

describe('element ranges', () => {
  test('start, name, start-tag end, end tag and end of nested elements', () => {
    const text = "<domain type='kvm'>\n  <name>db01</name>\n</domain>";
    const doc = checkProblems(text, []);
    const domain = mustFind(doc, 'domain');
    assert.equal(domain.start, 0);
    assert.equal(text.slice(domain.nameStart, domain.nameEnd), 'domain');
    assert.equal(domain.startTagEnd, offsetOf(text, '>') + 1);
    assert.equal(domain.startTagClosed, true);
    assert.equal(domain.selfClosing, false);
    assert.equal(domain.endTagStart, offsetOf(text, '</domain>'));
    assert.equal(domain.end, text.length);
    assert.equal(domain.closed, true);
    assert.equal(domain.depth, 0);
    assert.equal(domain.parent, undefined);

    const name = mustFind(doc, 'domain/name');
    assert.equal(name.start, offsetOf(text, '<name>'));
    assert.equal(text.slice(name.nameStart, name.nameEnd), 'name');
    assert.equal(text.slice(name.start, name.startTagEnd), '<name>');
    assert.equal(text.slice(name.endTagStart, name.end), '</name>');
    assert.equal(name.parent, domain);
    assert.equal(name.depth, 1);
  });

  test('self-closing element', () => {
    const text = '<cpu><topology sockets="1" /></cpu>';
    const topology = mustFind(checkProblems(text, []), 'cpu/topology');
    assert.equal(topology.selfClosing, true);
    assert.equal(topology.startTagClosed, true);
    assert.equal(topology.closed, true);
    assert.equal(topology.endTagStart, undefined);
    assert.equal(text.slice(topology.start, topology.startTagEnd), '<topology sockets="1" />');
    assert.equal(topology.end, topology.startTagEnd);
    assert.equal(topology.children.length, 0);
  });

  test('end tag with whitespace before >', () => {
    const text = '<a></a  >';
    const a = mustFind(checkProblems(text, []), 'a');
    assert.equal(a.endTagStart, 3);
    assert.equal(a.end, text.length);
  });

  test('names with prefix, dots, dashes and digits', () => {
    const text = "<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><qemu:commandline/><a.b-c_1/></domain>";
    const doc = checkProblems(text, []);
    assert.equal(outline(doc), 'domain(qemu:commandline,a.b-c_1)');
    assert.equal(getAttribute(doc.roots[0], 'xmlns:qemu')?.value, 'http://libvirt.org/schemas/domain/qemu/1.0');
  });

  test('an empty element has no texts and no children', () => {
    const a = mustFind(checkProblems('<a></a>', []), 'a');
    assert.deepEqual(a.texts, []);
    assert.deepEqual(a.children, []);
  });
});

describe('attribute ranges', () => {
  test('name and value ranges (value without quotes) and quote char', () => {
    const text = `<cpu mode='custom' match="exact"/>`;
    const cpu = mustFind(checkProblems(text, []), 'cpu');
    const [mode, match] = cpu.attributes;
    assert.equal(mode.name, 'mode');
    assert.equal(text.slice(mode.nameStart, mode.nameEnd), 'mode');
    assert.equal(mode.value, 'custom');
    assert.equal(text.slice(mode.valueStart, mode.valueEnd), 'custom');
    assert.equal(mode.valueStart, offsetOf(text, 'custom'));
    assert.equal(mode.quote, "'");
    assert.equal(mode.valueClosed, true);
    assert.equal(text.slice(match.valueStart, match.valueEnd), 'exact');
    assert.equal(match.quote, '"');
  });

  test('whitespace around = and an empty value', () => {
    const text = `<a x = 'v'\n   y=''>`;
    const a = parseXml(text).roots[0];
    const [x, y] = a.attributes;
    assert.equal(text.slice(x.nameStart, x.nameEnd), 'x');
    assert.equal(text.slice(x.valueStart, x.valueEnd), 'v');
    assert.equal(y.value, '');
    assert.equal(y.valueStart, y.valueEnd);
    assert.equal(y.valueStart, offsetOf(text, "''") + 1);
  });

  test('values keep entity references raw; quotes of the other kind are literal', () => {
    const text = `<a x='say "hi" &amp; &lt;b&gt;'/>`;
    const x = checkProblems(text, []).roots[0].attributes[0];
    assert.equal(x.value, 'say "hi" &amp; &lt;b&gt;');
    assert.equal(decodeEntities(x.value!), 'say "hi" & <b>');
  });
});

describe('text, CDATA, comments, processing instructions', () => {
  test('text ranges: one text per run of character data, whitespace kept', () => {
    const text = '<a> x <b/>y\n</a>';
    const a = mustFind(checkProblems(text, []), 'a');
    assert.deepEqual(
      a.texts.map((t) => [t.raw, text.slice(t.start, t.end), t.cdata]),
      [
        [' x ', ' x ', false],
        ['y\n', 'y\n', false],
      ],
    );
  });

  test('CDATA is one verbatim text whose range is its contents', () => {
    const text = '<a><![CDATA[<b>&x; & ]]></a>';
    const a = mustFind(checkProblems(text, []), 'a');
    assert.equal(a.children.length, 0);
    assert.equal(a.texts.length, 1);
    const [t] = a.texts;
    assert.equal(t.cdata, true);
    assert.equal(t.raw, '<b>&x; & ');
    assert.equal(t.start, offsetOf(text, '<b>'));
    assert.equal(t.end, offsetOf(text, ']]>'));
    assert.equal(textContent(a), '<b>&x; & ');
  });

  test('comments are skipped, markup and & inside them ignored', () => {
    const text = '<a>x<!-- <b> & &nbsp; -->y</a>';
    const a = mustFind(checkProblems(text, []), 'a');
    assert.equal(a.children.length, 0);
    assert.deepEqual(
      a.texts.map((t) => t.raw),
      ['x', 'y'],
    );
  });

  test('XML declaration, processing instructions and comments around the root', () => {
    const text = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- head -->\n<?pi data?>\n<domain/>\n<!-- tail -->\n';
    const doc = checkProblems(text, []);
    assert.equal(outline(doc), 'domain');
    assert.equal(doc.roots[0].start, offsetOf(text, '<domain'));
  });

  test('processing instruction inside an element', () => {
    checkOutline('<a><?pi <b>?><c/></a>', 'a(c)');
  });
});

describe('problems, one per code, with the covered text', () => {
  test('xml-unclosed-start-tag: start tag cut off by <', () => {
    const text = "<domain><cpu mode='x'<model/></domain>";
    const doc = checkProblems(text, [['xml-unclosed-start-tag', 'cpu']]);
    assert.equal(outline(doc), 'domain(cpu,model)');
    const cpu = mustFind(doc, 'domain/cpu');
    assert.equal(cpu.startTagClosed, false);
    assert.equal(cpu.closed, false);
    assert.equal(cpu.startTagEnd, offsetOf(text, '<model'));
    assert.equal(cpu.end, cpu.startTagEnd);
    assert.equal(getAttribute(cpu, 'mode')?.value, 'x');
  });

  test('xml-unclosed-start-tag: start tag cut off by the end of input', () => {
    const text = '<domain><cpu ';
    const doc = checkProblems(text, [
      ['xml-missing-end-tag', 'domain'],
      ['xml-unclosed-start-tag', 'cpu'],
    ]);
    const cpu = mustFind(doc, 'domain/cpu');
    assert.equal(cpu.startTagEnd, text.length);
    assert.equal(cpu.end, text.length);
  });

  test('xml-missing-end-tag: closed by an ancestor end tag', () => {
    const text = '<domain><cpu><model/></domain>';
    const doc = checkProblems(text, [['xml-missing-end-tag', 'cpu']]);
    const cpu = mustFind(doc, 'domain/cpu');
    assert.equal(cpu.closed, false);
    assert.equal(cpu.endTagStart, undefined);
    assert.equal(cpu.end, offsetOf(text, '</domain>'));
    assert.equal(mustFind(doc, 'domain').closed, true);
    assert.equal(outline(doc), 'domain(cpu(model))');
  });

  test('xml-missing-end-tag: several elements skipped by one end tag', () => {
    checkProblems('<a><b><c></a>', [
      ['xml-missing-end-tag', 'b'],
      ['xml-missing-end-tag', 'c'],
    ]);
  });

  test('xml-missing-end-tag: open at the end of input, closed there', () => {
    const text = '<domain><cpu>';
    const doc = checkProblems(text, [
      ['xml-missing-end-tag', 'domain'],
      ['xml-missing-end-tag', 'cpu'],
    ]);
    assert.equal(mustFind(doc, 'domain').end, text.length);
    assert.equal(mustFind(doc, 'domain/cpu').end, text.length);
  });

  test('xml-unmatched-end-tag: inside the root and after it', () => {
    const doc = checkProblems('<domain></cpu></domain></domain>', [
      ['xml-unmatched-end-tag', '</cpu>'],
      ['xml-unmatched-end-tag', '</domain>'],
    ]);
    assert.equal(doc.roots[0].closed, true);
  });

  test('xml-malformed-end-tag: junk before >, the element is still closed', () => {
    const text = '<a><b></b x></a>';
    const doc = checkProblems(text, [['xml-malformed-end-tag', '</b']]);
    const b = mustFind(doc, 'a/b');
    assert.equal(b.closed, true);
    assert.equal(b.end, offsetOf(text, '</a>'));
  });

  test('xml-malformed-end-tag: missing > before the next tag and at the end of input', () => {
    checkProblems('<a><b></b<c/></a>', [['xml-malformed-end-tag', '</b']]);
    const doc = checkProblems('<a></a', [['xml-malformed-end-tag', '</a']]);
    assert.equal(doc.roots[0].closed, true);
  });

  test('xml-malformed-end-tag: no name', () => {
    checkProblems('<a></ a></a>', [['xml-malformed-end-tag', '</']]);
  });

  test('xml-malformed-end-tag: empty end tag </>', () => {
    checkProblems('<a></></a>', [['xml-malformed-end-tag', '</>']]);
  });

  test('xml-unclosed-quote: value recovered to the end of its line', () => {
    const text = '<a x="foo\nbar/>\n</a>';
    const doc = checkProblems(text, [
      ['xml-unclosed-quote', '"foo'],
      ['xml-unmatched-end-tag', '</a>'],
    ]);
    const x = doc.roots[0].attributes[0];
    assert.equal(x.value, 'foo');
    assert.equal(x.valueClosed, false);
    assert.equal(x.quote, '"');
    assert.equal(text.slice(x.valueStart, x.valueEnd), 'foo');
  });

  test('xml-unclosed-quote: < ends a value', () => {
    const text = "<r><a x='1<b/></r>";
    const doc = checkProblems(text, [['xml-unclosed-quote', "'1"]]);
    assert.equal(outline(doc), 'r(a,b)');
    assert.equal(getAttribute(mustFind(doc, 'r/a'), 'x')?.value, '1');
  });

  test('xml-attribute-no-value', () => {
    const doc = checkProblems('<boot dev/>', [['xml-attribute-no-value', 'dev']]);
    const dev = doc.roots[0].attributes[0];
    assert.equal(dev.value, undefined);
    assert.equal(dev.valueStart, -1);
    assert.equal(dev.valueEnd, -1);
    assert.equal(dev.quote, undefined);
    assert.equal(doc.roots[0].selfClosing, true);
  });

  test('xml-attribute-unquoted', () => {
    const text = '<a x=1 y=two/>';
    const doc = checkProblems(text, [
      ['xml-attribute-unquoted', 'x=1'],
      ['xml-attribute-unquoted', 'y=two'],
    ]);
    const [x, y] = doc.roots[0].attributes;
    assert.equal(x.value, '1');
    assert.equal(x.quote, undefined);
    assert.equal(text.slice(y.valueStart, y.valueEnd), 'two');
    assert.equal(doc.roots[0].selfClosing, true);
  });

  test('xml-attribute-unquoted: = with no value', () => {
    const doc = checkProblems('<a x=/>', [['xml-attribute-unquoted', 'x']]);
    assert.equal(doc.roots[0].attributes[0].value, '');
  });

  test('xml-attribute-duplicate: the second occurrence is covered', () => {
    const text = "<a x='1' x='2'/>";
    const doc = checkProblems(text, [['xml-attribute-duplicate', 'x']]);
    assert.equal(doc.problems[0].start, offsetOf(text, 'x', 1));
    assert.equal(getAttribute(doc.roots[0], 'x')?.value, '1');
  });

  test('xml-attribute-duplicate: more than 8 attributes (set lookup)', () => {
    const names = Array.from({ length: 10 }, (_, i) => `a${i}`);
    const text = `<e ${names.map((n) => `${n}=''`).join(' ')} a0='' a9='' a5=''/>`;
    const doc = checkProblems(text, [
      ['xml-attribute-duplicate', 'a0'],
      ['xml-attribute-duplicate', 'a9'],
      ['xml-attribute-duplicate', 'a5'],
    ]);
    assert.equal(doc.roots[0].attributes.length, 13);
    // Exactly at the switch: the ninth attribute repeats the first.
    checkProblems(`<e ${names.slice(0, 8).map((n) => `${n}=''`).join(' ')} a0=''/>`, [['xml-attribute-duplicate', 'a0']]);
    checkProblems(`<e ${names.map((n) => `${n}=''`).join(' ')}/>`, []);
  });

  test('xml-attribute-space', () => {
    checkProblems(`<a x='1'y="2"/>`, [['xml-attribute-space', 'y']]);
  });

  test('xml-invalid-name after <', () => {
    const text = '<r>a < b</r>';
    const doc = checkProblems(text, [['xml-invalid-name', '<']]);
    assert.equal(doc.roots[0].children.length, 0);
    assert.equal(
      doc.roots[0].texts.map((t) => t.raw).join(''),
      'a < b',
    );
    checkProblems('<r><1/></r>', [['xml-invalid-name', '<']]);
    checkProblems('<r><', [
      ['xml-missing-end-tag', 'r'],
      ['xml-invalid-name', '<'],
    ]);
  });

  test('xml-invalid-char: NUL, control characters, U+FFFE', () => {
    checkProblems('<r>a\0b\x07c\x1Fd\uFFFE</r>', [
      ['xml-invalid-char', '\0'],
      ['xml-invalid-char', '\x07'],
      ['xml-invalid-char', '\x1F'],
      ['xml-invalid-char', '\uFFFE'],
    ]);
    checkProblems('<r>\t\n\r ok</r>', []);
  });

  test('xml-invalid-char: lone surrogates, not pairs', () => {
    checkProblems('<r>\uD800x\uDC00 \uD83D\uDE00</r>', [
      ['xml-invalid-char', '\uD800'],
      ['xml-invalid-char', '\uDC00'],
    ]);
  });

  test("xml-invalid-char: stray '<!', a bad character in a start tag, invalid character references", () => {
    checkProblems('<r><!x></r>', [['xml-invalid-char', '<!']]);
    checkProblems('<a %/>', [['xml-invalid-char', '%']]);
    checkProblems('<r>&#0;&#X41;&#x;&#xD800;</r>', [
      ['xml-invalid-char', '&#0;'],
      ['xml-invalid-char', '&#X41;'],
      ['xml-invalid-char', '&#x;'],
      ['xml-invalid-char', '&#xD800;'],
    ]);
  });

  test('xml-unclosed-comment, -cdata, -pi, -doctype', () => {
    checkProblems('<r/><!-- x <a>', [['xml-unclosed-comment', '<!--']]);
    const doc = checkProblems('<r><![CDATA[x', [
      ['xml-missing-end-tag', 'r'],
      ['xml-unclosed-cdata', '<![CDATA['],
    ]);
    assert.deepEqual(
      doc.roots[0].texts.map((t) => [t.raw, t.cdata]),
      [['x', true]],
    );
    checkProblems('<r/><?pi', [['xml-unclosed-pi', '<?']]);
    checkProblems('<!DOCTYPE r [ <r/>', [
      ['xml-no-root', ''],
      ['xml-unclosed-doctype', '<!DOCTYPE'],
    ]);
  });

  test('xml-doctype covers the whole declaration, internal subset included', () => {
    const doc = checkProblems('<!DOCTYPE r [<!ENTITY a "x>y">]>\n<r/>', [['xml-doctype', '<!DOCTYPE r [<!ENTITY a "x>y">]>']]);
    assert.equal(doc.hasDoctype, true);
    assert.equal(parseXml('<r/>').hasDoctype, false);
  });

  test('xml-doctype: a quote inside a comment of the internal subset', () => {
    checkProblems("<!DOCTYPE r [<!-- don't -->]><r/>", [['xml-doctype', "<!DOCTYPE r [<!-- don't -->]>"]]);
  });

  test('xml-entity-undefined, in text and in attribute values', () => {
    checkProblems("<r a='&nbsp;'>&copy;</r>", [
      ['xml-entity-undefined', '&nbsp;'],
      ['xml-entity-undefined', '&copy;'],
    ]);
  });

  test('predefined and numeric references are fine', () => {
    checkProblems("<r a='&lt;&gt;&amp;&quot;&apos;&#65;&#x41;'>&lt;&#x1F600;&#9;</r>", []);
  });

  test('object property names are not entities', () => {
    checkProblems('<r>&constructor;&toString;</r>', [
      ['xml-entity-undefined', '&constructor;'],
      ['xml-entity-undefined', '&toString;'],
    ]);
  });

  test('xml-entity-bare-ampersand', () => {
    checkProblems("<r a='x&y'>a & b &; &name</r>", [
      ['xml-entity-bare-ampersand', '&'],
      ['xml-entity-bare-ampersand', '&'],
      ['xml-entity-bare-ampersand', '&'],
      ['xml-entity-bare-ampersand', '&'],
    ]);
  });

  test('with a DOCTYPE, references are not reported as undefined and nothing is expanded', () => {
    const text = '<!DOCTYPE r [<!ENTITY a "expanded">]><r x="&a;">&a;</r>';
    const doc = checkProblems(text, [['xml-doctype', '<!DOCTYPE r [<!ENTITY a "expanded">]>']]);
    const r = doc.roots[0];
    assert.equal(r.texts[0].raw, '&a;');
    assert.equal(textContent(r), '&a;');
    assert.equal(r.attributes[0].value, '&a;');
    assert.equal(decodeEntities('&a;'), '&a;');
  });

  test('xml-multiple-roots covers the second root name', () => {
    const doc = checkProblems('<a/>\n<b></b>', [['xml-multiple-roots', 'b']]);
    assert.equal(outline(doc), 'a,b');
  });

  test('xml-content-outside-root: reported once, trimmed', () => {
    checkProblems('x<a/>\n  tail \n', [['xml-content-outside-root', 'x']]);
    checkProblems('<a/>\n  tail  \n', [['xml-content-outside-root', 'tail']]);
    checkProblems('\n \t<a/>\n', []);
  });

  test('xml-no-root', () => {
    checkProblems('', [['xml-no-root', '']]);
    checkProblems('<?xml version="1.0"?>\n<!-- nothing -->\n', [['xml-no-root', '']]);
  });

  test('xml-too-deep: 256 levels are fine, the 257th is reported once', () => {
    const nest = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    checkProblems(nest(256), []);
    const doc = checkProblems(nest(257), [['xml-too-deep', 'a']]);
    assert.equal(doc.problems[0].start, 256 * 3 + 1, 'on the 257th level');
    let deepest = 0;
    walkElements(doc, (el) => {
      deepest = Math.max(deepest, el.depth);
    });
    assert.equal(deepest, 256, 'the tree is still built');
    checkProblems(nest(1000), [['xml-too-deep', 'a']]);
  });

  test('xml-too-deep: counts self-closing leaves, honours maxDepth', () => {
    checkProblems('<a>'.repeat(256) + '<b/>' + '</a>'.repeat(256), [['xml-too-deep', 'b']]);
    const doc = parseXml('<a><b><c/></b></a>', { maxDepth: 2 });
    assert.deepEqual(problems(doc), [['xml-too-deep', 'c']]);
  });

  test('problems are sorted by offset', () => {
    const text = '<a><b x=1>&nbsp;';
    checkProblems(text, [
      ['xml-missing-end-tag', 'a'],
      ['xml-missing-end-tag', 'b'],
      ['xml-attribute-unquoted', 'x=1'],
      ['xml-entity-undefined', '&nbsp;'],
    ]);
  });
});

describe('half-typed markup gives a usable tree', () => {
  test("<domain><cpu mode='cus", () => {
    const text = "<domain><cpu mode='cus";
    const doc = checkProblems(text, [
      ['xml-missing-end-tag', 'domain'],
      ['xml-unclosed-quote', "'cus"],
    ]);
    const cpu = mustFind(doc, 'domain/cpu');
    const mode = getAttribute(cpu, 'mode')!;
    assert.equal(mode.value, 'cus');
    assert.equal(mode.valueEnd, text.length);
    assert.equal(findElementAt(doc, text.length), cpu);
    assert.equal(findAttributeAt(cpu, text.length), mode);
  });

  test('<domain><cpu><model>Sky', () => {
    const text = '<domain><cpu><model>Sky';
    const doc = checkProblems(text, [
      ['xml-missing-end-tag', 'domain'],
      ['xml-missing-end-tag', 'cpu'],
      ['xml-missing-end-tag', 'model'],
    ]);
    const model = mustFind(doc, 'domain/cpu/model');
    assert.equal(textContent(model), 'Sky');
    assert.equal(findElementAt(doc, text.length), model);
  });

  test("<feature policy='require' name='av", () => {
    const text = "<domain><cpu mode='custom'>\n  <feature policy='require' name='av";
    const doc = parseXml(text);
    assertWellFormedResult(doc);
    const feature = mustFind(doc, 'domain/cpu/feature');
    assert.equal(getAttribute(feature, 'policy')?.value, 'require');
    assert.equal(getAttribute(feature, 'policy')?.valueClosed, true);
    const name = getAttribute(feature, 'name')!;
    assert.equal(name.value, 'av');
    assert.equal(name.valueClosed, false);
    assert.equal(findElementAt(doc, text.length), feature);
    assert.equal(findAttributeAt(feature, text.length), name);
    assert.equal(elementPath(feature), 'domain/cpu/feature');
  });

  test('half-typed element name on its own line becomes an empty element', () => {
    const text = '<domain><devices>\n  <inter\n</devices><on_crash/></domain>';
    const doc = checkProblems(text, [['xml-unclosed-start-tag', 'inter']]);
    assert.equal(outline(doc), 'domain(devices(inter),on_crash)');
    const inter = mustFind(doc, 'domain/devices/inter');
    assert.equal(inter.end, offsetOf(text, '</devices>'));
  });

  test("unterminated quote before '/>': the tag still ends there", () => {
    const text = "<devices>\n<model type='virtio/>\n<memballoon/>\n</devices>";
    const doc = checkProblems(text, [['xml-unclosed-quote', "'virtio"]]);
    assert.equal(outline(doc), 'devices(model,memballoon)');
    const model = mustFind(doc, 'devices/model');
    assert.equal(getAttribute(model, 'type')?.value, 'virtio');
    assert.equal(model.selfClosing, true);
  });

  test("unterminated quote before '>': the element keeps its children", () => {
    const text = "<cpu mode='host-model>\n  <model/>\n</cpu>";
    const doc = checkProblems(text, [['xml-unclosed-quote', "'host-model"]]);
    assert.equal(outline(doc), 'cpu(model)');
    assert.equal(getAttribute(doc.roots[0], 'mode')?.value, 'host-model');
    assert.equal(doc.roots[0].closed, true);
  });

  test("'>' missing on a start tag: the tag becomes empty, its end tag is unmatched", () => {
    const text = "<devices><disk type='file'\n<driver/></disk><memballoon/></devices>";
    const doc = checkProblems(text, [
      ['xml-unclosed-start-tag', 'disk'],
      ['xml-unmatched-end-tag', '</disk>'],
    ]);
    assert.equal(outline(doc), 'devices(disk,driver,memballoon)');
  });
});

describe('recovery from edits in the middle (xml-parsers.md §4.2)', () => {
  test('deleted end tag: the open element swallows its siblings until the parent closes', () => {
    const text = '<domain><devices><disk><source/></disk><disk><source/>\n<memballoon/></devices><on_crash/></domain>';
    const doc = checkProblems(text, [['xml-missing-end-tag', 'disk']]);
    assert.equal(outline(doc), 'domain(devices(disk(source),disk(source,memballoon)),on_crash)');
    const disk = doc.roots[0].children[0].children[1];
    assert.equal(disk.closed, false);
    assert.equal(disk.end, offsetOf(text, '</devices>'));
    assert.equal(mustFind(doc, 'domain/devices').closed, true);
  });

  test('misspelt end tag: reported as unmatched, the element stays open until its parent closes', () => {
    const text = '<domain><devices><interface></interfac><memballoon/></devices><on_crash/></domain>';
    const doc = checkProblems(text, [
      ['xml-missing-end-tag', 'interface'],
      ['xml-unmatched-end-tag', '</interfac>'],
    ]);
    assert.equal(outline(doc), 'domain(devices(interface(memballoon)),on_crash)');
    assert.equal(mustFind(doc, 'domain/devices').closed, true);
  });

  test('an end tag closes the nearest open element of that name', () => {
    const doc = checkProblems('<a><b><a><c></a></b></a>', [['xml-missing-end-tag', 'c']]);
    assert.equal(outline(doc), 'a(b(a(c)))');
    assert.equal(mustFind(doc, 'a/b/a').closed, true);
    assert.equal(mustFind(doc, 'a').closed, true);
  });
});

describe('names shared across documents (the parser keeps a table of recent names)', () => {
  test('many distinct names, colliding in the table, each come back exactly; repeats are one string', () => {
    const names = Array.from({ length: 9000 }, (_, i) => `n${i.toString(36)}${'x'.repeat(i % 17)}`);
    const text = `<r>${names.map((n) => `<${n} ${n}='1'/>`).join('')}${names.map((n) => `<${n}></${n}>`).join('')}</r>`;
    const doc = checkProblems(text, []);
    const kids = doc.roots[0].children;
    assert.equal(kids.length, names.length * 2);
    kids.forEach((el, i) => {
      const want = names[i % names.length];
      assert.equal(el.name, want);
      if (i < names.length) assert.equal(el.attributes[0].name, want);
    });
  });

  test('a name longer than the table keeps, and names in a second document, are read right', () => {
    const long = 'a'.repeat(200);
    const first = checkProblems(`<${long} ${long}='v'><b/></${long}>`, []);
    assert.equal(first.roots[0].name, long);
    assert.equal(first.roots[0].attributes[0].name, long);
    const second = checkProblems(`<domain><b/><${long}/><bb/></domain>`, []);
    assert.equal(outline(second), `domain(b,${long},bb)`);
  });

  test('an end tag is matched by its characters, not by a table entry that shares its hash slot', () => {
    // 'Aa' and 'BB' have the same 31-based hash; the end tag must still close the right element.
    const doc = checkProblems('<r><Aa><BB></BB></Aa></r>', []);
    assert.equal(outline(doc), 'r(Aa(BB))');
    assert.equal(mustFind(doc, 'r/Aa').closed, true);
    const bad = checkProblems('<r><Aa></BB></r>', [['xml-missing-end-tag', 'Aa'], ['xml-unmatched-end-tag', '</BB>']]);
    assert.equal(outline(bad), 'r(Aa)');
  });
});
