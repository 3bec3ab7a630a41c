// Unit tests of the tree lookups in nodes.ts: findElementAt, findAttributeAt,
// textRange, elementPath, walkElements, decodeEntities and friends.

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseXml } from '../../server/src/xml/parser';
import {
  attributeValue,
  childrenNamed,
  decodeEntities,
  elementPath,
  findAttributeAt,
  findElementAt,
  firstChild,
  getAttribute,
  rootOf,
  textContent,
  textRange,
  walkElements,
} from '../../server/src/xml/nodes';
import { cursor, mustFind } from '../helpers/fixtures';

/** Asserts the path of the element found at the `$0` marker (undefined: none). */
function checkElementAt(marked: string, expected: string | undefined): void {
  const { text, offset } = cursor(marked);
  const el = findElementAt(parseXml(text), offset);
  assert.equal(el && elementPath(el), expected, `at ${offset} in ${marked}`);
}

/** Asserts the name of the attribute found at the `$0` marker, on the element there. */
function checkAttributeAt(marked: string, expected: string | undefined): void {
  const { text, offset } = cursor(marked);
  const el = findElementAt(parseXml(text), offset);
  assert.ok(el, `no element at ${offset}`);
  assert.equal(findAttributeAt(el, offset)?.name, expected, marked);
}

/** Asserts the text covered by textRange of the element at `path`, and where the range starts. */
function checkTextRange(text: string, path: string, expected: string, expectedStart?: number): void {
  const range = textRange(mustFind(parseXml(text), path));
  assert.equal(text.slice(range.start, range.end), expected);
  if (expectedStart !== undefined) assert.equal(range.start, expectedStart);
}

describe('findElementAt', () => {
  const doc = "<domain><cpu mode='x'>text</cpu></domain>";

  test('at the start of an element and inside its start tag', () => {
    checkElementAt("$0<domain><cpu mode='x'>text</cpu></domain>", 'domain');
    checkElementAt("<domain>$0<cpu mode='x'>text</cpu></domain>", 'domain/cpu');
    checkElementAt("<domain><c$0pu mode='x'>text</cpu></domain>", 'domain/cpu');
    checkElementAt("<domain><cpu mode='$0x'>text</cpu></domain>", 'domain/cpu');
  });

  test('in text and inside the end tag', () => {
    checkElementAt("<domain><cpu mode='x'>te$0xt</cpu></domain>", 'domain/cpu');
    checkElementAt("<domain><cpu mode='x'>text</c$0pu></domain>", 'domain/cpu');
    checkElementAt("<domain><cpu mode='x'>text</cpu$0></domain>", 'domain/cpu');
  });

  test('at the end of a closed element: outside it', () => {
    checkElementAt("<domain><cpu mode='x'>text</cpu>$0</domain>", 'domain');
    checkElementAt("<domain><cpu mode='x'>text</cpu></domain>$0", undefined);
    checkElementAt('<a><b/>$0</a>', 'a');
    checkElementAt('<a/>$0\n', undefined);
  });

  test('outside any element', () => {
    const parsed = parseXml(doc);
    assert.equal(findElementAt(parsed, -1), undefined);
    assert.equal(findElementAt(parsed, doc.length + 1), undefined);
    checkElementAt('\n$0 <a/>', undefined);
    assert.equal(findElementAt(parseXml(''), 0), undefined);
  });

  test('at the end of input inside unclosed elements: the innermost', () => {
    checkElementAt('<domain><cpu>$0', 'domain/cpu');
    checkElementAt('<domain><cpu>\n  <model>Sky$0', 'domain/cpu/model');
    checkElementAt('<domain><cpu$0', 'domain/cpu');
    checkElementAt('<domain><cpu><feature policy=$0', 'domain/cpu/feature');
  });

  test('an element closed by recovery extends to where it was closed', () => {
    checkElementAt('<a><b>x$0</a>', 'a/b');
    checkElementAt('<a><b>x</a$0>', 'a');
  });

  test('among many siblings (binary search)', () => {
    const items = Array.from({ length: 50 }, (_, i) => `<i n='${i}'/>`);
    for (const k of [0, 1, 24, 25, 48, 49]) {
      const marked = `<r>${items.slice(0, k).join('')}<i n$0='${k}'/>${items.slice(k + 1).join('')}</r>`;
      const { text, offset } = cursor(marked);
      const el = findElementAt(parseXml(text), offset);
      assert.equal(el && attributeValue(el, 'n'), String(k));
    }
  });

  test(
    'a start tag cut off by the next tag: the same answer whatever the number of siblings',
    () => {
      checkElementAt("<r><a x='1'$0<b/></r>", 'r/a');
      checkElementAt("<r><a x='1'$0<b/><c/></r>", 'r/a');
    },
  );
});

describe('findAttributeAt', () => {
  test('on the name, its end (inclusive) and the value, its end (inclusive)', () => {
    checkAttributeAt("<cpu $0mode='custom' match=''/>", 'mode');
    checkAttributeAt("<cpu mo$0de='custom' match=''/>", 'mode');
    checkAttributeAt("<cpu mode$0='custom' match=''/>", 'mode');
    checkAttributeAt("<cpu mode='$0custom' match=''/>", 'mode');
    checkAttributeAt("<cpu mode='cus$0tom' match=''/>", 'mode');
    checkAttributeAt("<cpu mode='custom$0' match=''/>", 'mode');
    checkAttributeAt("<cpu mode='custom' match='$0'/>", 'match');
  });

  test('between attributes, on quotes and the tag name: none', () => {
    checkAttributeAt("<cpu mode=$0'custom' match=''/>", undefined);
    checkAttributeAt("<cpu mode='custom'$0 match=''/>", undefined);
    checkAttributeAt("<c$0pu mode='custom' match=''/>", undefined);
    checkAttributeAt("<cpu mode='custom' match=''$0/>", undefined);
  });

  test('an attribute without a value is found by its name only', () => {
    checkAttributeAt('<boot $0dev/>', 'dev');
    checkAttributeAt('<boot dev$0/>', 'dev');
  });

  test('an unclosed value at the end of input', () => {
    checkAttributeAt("<domain><cpu mode='cus$0", 'mode');
  });
});

describe('textRange', () => {
  test('trims surrounding whitespace', () => {
    checkTextRange('<model>  Skylake-Server \n</model>', 'model', 'Skylake-Server', 9);
    checkTextRange('<model>Skylake</model>', 'model', 'Skylake', 7);
  });

  test('empty element: empty range just after the start tag', () => {
    checkTextRange('<model></model>', 'model', '', 7);
    checkTextRange('<model/>', 'model', '', 6);
    checkTextRange('<r><model</r>', 'r/model', '', 9);
  });

  test('whitespace only: an empty range', () => {
    const range = textRange(mustFind(parseXml('<model>   </model>'), 'model'));
    assert.equal(range.start, range.end);
  });

  test('CDATA: the contents', () => {
    checkTextRange('<model><![CDATA[Sky]]></model>', 'model', 'Sky', 16);
  });

  test('text split by a comment or a child: trimmed at both ends', () => {
    checkTextRange('<model>\n  Skylake\n  <!-- c -->\n</model>', 'model', 'Skylake');
    checkTextRange('<model> a <!-- c --> b </model>', 'model', 'a <!-- c --> b');
  });
});

describe('elementPath, walkElements and other accessors', () => {
  test('elementPath from the root', () => {
    const doc = parseXml("<domain><devices><disk><source file='x'/></disk></devices></domain>");
    const source = mustFind(doc, 'domain/devices/disk/source');
    assert.equal(elementPath(source), 'domain/devices/disk/source');
    assert.equal(elementPath(rootOf(doc)!), 'domain');
  });

  test('walkElements visits in document order, across roots', () => {
    const doc = parseXml('<a><b><c/></b><d/></a><e/>');
    const seen: string[] = [];
    walkElements(doc, (el) => {
      seen.push(el.name);
    });
    assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'e']);
  });

  test('walkElements skips the children of an element when visit returns false', () => {
    const doc = parseXml('<a><b><c/></b><d/></a><e/>');
    const seen: string[] = [];
    walkElements(doc, (el) => {
      seen.push(el.name);
      return el.name !== 'b';
    });
    assert.deepEqual(seen, ['a', 'b', 'd', 'e']);
  });

  test('getAttribute (first wins), attributeValue (decoded), childrenNamed, firstChild, textContent', () => {
    const doc = parseXml("<cpu a='1' a='2' b='&lt;x&gt;' c><f n='1'/><m>S&amp;k<![CDATA[&lt;]]></m><f n='2'/></cpu>");
    const cpu = rootOf(doc)!;
    assert.equal(getAttribute(cpu, 'a')?.value, '1');
    assert.equal(attributeValue(cpu, 'b'), '<x>');
    assert.equal(attributeValue(cpu, 'c'), undefined);
    assert.equal(attributeValue(cpu, 'missing'), undefined);
    assert.deepEqual(
      childrenNamed(cpu, 'f').map((f) => attributeValue(f, 'n')),
      ['1', '2'],
    );
    assert.equal(firstChild(cpu, 'f'), cpu.children[0]);
    assert.equal(firstChild(cpu, 'x'), undefined);
    assert.equal(textContent(firstChild(cpu, 'm')!), 'S&k&lt;');
    assert.equal(rootOf(parseXml('')), undefined);
  });
});

describe('decodeEntities', () => {
  test('predefined entities', () => {
    assert.equal(decodeEntities('&lt;&gt;&amp;&quot;&apos;'), `<>&"'`);
    assert.equal(decodeEntities('a &amp;lt; b'), 'a &lt; b');
  });

  test('decimal and hexadecimal references, including astral characters', () => {
    assert.equal(decodeEntities('&#65;&#x42;&#x63;&#128512;&#x1F600;'), 'ABc😀😀');
    assert.equal(decodeEntities('&#9;&#10;'), '\t\n');
  });

  test('invalid numeric references are kept', () => {
    for (const raw of ['&#0;', '&#x0;', '&#xD800;', '&#xFFFE;', '&#x110000;', '&#;', '&#x;', '&#12a;', '&#X41;', '&#99999999999999999999;']) {
      assert.equal(decodeEntities(raw), raw);
    }
  });

  test('undefined entities and bare & are kept', () => {
    assert.equal(decodeEntities('&nbsp;&copy;'), '&nbsp;&copy;');
    assert.equal(decodeEntities('a & b &'), 'a & b &');
    assert.equal(decodeEntities('&&lt;&;'), '&<&;');
    assert.equal(decodeEntities('&averyveryverylongname;'), '&averyveryverylongname;');
    assert.equal(decodeEntities('no references'), 'no references');
  });

  test(
    'object property names are not entities',
    () => {
      for (const raw of ['&constructor;', '&toString;', '&__proto__;', '&valueOf;', '&hasOwnProperty;']) {
        assert.equal(decodeEntities(raw), raw);
      }
    },
  );
});

describe('a 100,000-level tree', () => {
  const depth = 100_000;
  const text = '<a>'.repeat(depth) + 'x' + '</a>'.repeat(depth);
  const doc = parseXml(text);

  test('walkElements visits every level without stack overflow', () => {
    let count = 0;
    let deepest = -1;
    walkElements(doc, (el) => {
      count++;
      deepest = Math.max(deepest, el.depth);
    });
    assert.equal(count, depth);
    assert.equal(deepest, depth - 1);
  });

  test('findElementAt and elementPath reach the innermost element', () => {
    const el = findElementAt(doc, text.indexOf('x'))!;
    assert.equal(el.depth, depth - 1);
    assert.equal(textContent(el), 'x');
    const path = elementPath(el);
    assert.equal(path.length, depth * 2 - 1);
    const outer = findElementAt(doc, text.length - 1)!;
    assert.equal(outer.depth, 0);
  });
});
