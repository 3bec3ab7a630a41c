// Conformance of the CPU-area schema table (server/src/domain/schema.ts) with
// libvirt 11.3's RelaxNG schemas: same attributes, enum values, children,
// required/repeatable flags, text content and bounds, element by element. The
// table takes its structure from data/grammar.json (schema/outline.ts); this
// test reads the .rng files themselves with a small reader of its own, so it
// cross-checks the grammar compiler and the outline against libvirt's source.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { attributeValue, textContent, type XmlElement } from '../../server/src/xml/nodes';
import { parseXml } from '../../server/src/xml/parser';
import { attributeSpec, domainSchema, elementSpec, type AttributeSpec } from '../../server/src/domain/schema';

const srcTree = process.env.LIBVIRT_SRC || join(homedir(), '.cache/libvirt-tests/libvirt-11.3.0');
const schemaDir = join(srcTree, 'src/conf/schemas');
const haveSource = existsSync(join(schemaDir, 'domain.rng'));
const SKIP = `libvirt source not found at ${srcTree} (set LIBVIRT_SRC to a libvirt 11.3.0 tree)`;

function needSource(t: TestContext): boolean {
  if (haveSource) return false;
  t.skip(SKIP);
  return true;
}

// ---------------------------------------------------------------------------
// A small RelaxNG reader: enough of the XML syntax libvirt's schemas use.

/** Every <define> of domain.rng and the files it includes, by name (several = combined as a choice). */
function loadDefines(): Map<string, XmlElement[]> {
  const defines = new Map<string, XmlElement[]>();
  const queue = ['domain.rng'];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const doc = parseXml(readFileSync(join(schemaDir, file), 'utf8'));
    assert.deepEqual(doc.problems, [], `${file} parses cleanly`);
    for (const node of doc.roots[0].children) {
      if (node.name === 'include') queue.push(attributeValue(node, 'href')!);
      else if (node.name === 'define') {
        const name = attributeValue(node, 'name')!;
        const list = defines.get(name) ?? [];
        list.push(node);
        defines.set(name, list);
      }
    }
  }
  return defines;
}

interface DataInfo {
  type: string;
  params: Record<string, string>;
}

interface RngAttribute {
  /** <value>s allowed (union over every occurrence). */
  values: Set<string>;
  /** <data> types allowed, with their params. */
  data: DataInfo[];
  /** Free <text/> allowed. */
  text: boolean;
  required: boolean;
}

interface RngChild {
  nodes: XmlElement[];
  required: boolean;
  repeatable: boolean;
}

interface RngElement {
  attributes: Map<string, RngAttribute>;
  children: Map<string, RngChild>;
  /** Text content: <text/>, <data> or <value> directly in the element. */
  text: DataInfo[] | undefined;
}

const combinators = new Set(['group', 'interleave', 'choice', 'optional', 'zeroOrMore', 'oneOrMore', 'mixed']);

class Rng {
  private readonly requiredMemo = new Map<XmlElement, Set<string>>();
  constructor(private readonly defines: Map<string, XmlElement[]>) {}

  /** The pattern nodes a <ref> stands for (a <define>'s children; several defines combine as a choice). */
  private refTargets(ref: XmlElement): XmlElement[] {
    const name = attributeValue(ref, 'name')!;
    const defs = this.defines.get(name);
    assert.ok(defs, `define ${name}`);
    return defs;
  }

  /**
   * Names that must occur ('@attr' for attributes, 'el' for elements) in the
   * pattern `node`, computed bottom-up without recursion: a group needs all of
   * its parts, a choice only what every branch needs, optional parts nothing.
   */
  required(node: XmlElement): Set<string> {
    const memo = this.requiredMemo;
    const stack: Array<{ node: XmlElement; expanded: boolean }> = [{ node, expanded: false }];
    const parts = (n: XmlElement): XmlElement[] => {
      if (n.name === 'ref') return this.refTargets(n);
      if (n.name === 'define' || combinators.has(n.name)) return n.children;
      return [];
    };
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (memo.has(top.node)) {
        stack.pop();
        continue;
      }
      const n = top.node;
      if (!top.expanded) {
        top.expanded = true;
        if (n.name !== 'optional' && n.name !== 'zeroOrMore') {
          for (const p of parts(n)) if (!memo.has(p)) stack.push({ node: p, expanded: false });
        }
        continue;
      }
      stack.pop();
      let result: Set<string>;
      if (n.name === 'attribute') result = new Set([`@${attributeValue(n, 'name')}`]);
      else if (n.name === 'element') result = new Set([attributeValue(n, 'name')!]);
      else if (n.name === 'optional' || n.name === 'zeroOrMore') result = new Set();
      else if (n.name === 'choice' || (n.name === 'ref' && this.refTargets(n).length > 1)) {
        const sets = parts(n).map((p) => memo.get(p)!);
        result = sets.length === 0 ? new Set() : new Set([...sets[0]].filter((x) => sets.every((s) => s.has(x))));
      } else {
        result = new Set();
        for (const p of parts(n)) for (const x of memo.get(p)!) result.add(x);
      }
      memo.set(n, result);
    }
    return memo.get(node)!;
  }

  /** What an <element> pattern allows directly: attributes, child elements and text. */
  analyse(element: XmlElement): RngElement {
    const out: RngElement = { attributes: new Map(), children: new Map(), text: undefined };
    const required = this.required({ ...element, name: 'group' } as XmlElement);
    const stack: Array<{ node: XmlElement; repeat: boolean }> = element.children.map((node) => ({ node, repeat: false }));
    const visited = new Set<string>();
    while (stack.length > 0) {
      const { node, repeat } = stack.pop()!;
      switch (node.name) {
        case 'attribute': {
          const name = attributeValue(node, 'name')!;
          const info = out.attributes.get(name) ?? { values: new Set(), data: [], text: false, required: false };
          info.required = required.has(`@${name}`);
          this.collectValues(node, info);
          out.attributes.set(name, info);
          break;
        }
        case 'element': {
          const name = attributeValue(node, 'name')!;
          const child = out.children.get(name) ?? { nodes: [], required: false, repeatable: false };
          child.nodes.push(node);
          child.required = required.has(name);
          child.repeatable ||= repeat;
          out.children.set(name, child);
          break;
        }
        case 'ref': {
          const key = `${attributeValue(node, 'name')}:${repeat}`;
          if (visited.has(key)) break;
          visited.add(key);
          for (const def of this.refTargets(node)) for (const c of def.children) stack.push({ node: c, repeat });
          break;
        }
        case 'text':
          (out.text ??= []).push({ type: 'text', params: {} });
          break;
        case 'data':
          (out.text ??= []).push(dataInfo(node));
          break;
        case 'value':
          (out.text ??= []).push({ type: 'value', params: { value: textContent(node) } });
          break;
        case 'empty':
          break;
        default:
          assert.ok(combinators.has(node.name), `unexpected RNG pattern <${node.name}>`);
          for (const c of node.children) {
            stack.push({ node: c, repeat: repeat || node.name === 'zeroOrMore' || node.name === 'oneOrMore' });
          }
      }
    }
    return out;
  }

  private collectValues(attribute: XmlElement, info: RngAttribute): void {
    const stack = [...attribute.children];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.name === 'value') info.values.add(textContent(n));
      else if (n.name === 'data') info.data.push(dataInfo(n));
      else if (n.name === 'text') info.text = true;
      else if (n.name === 'ref') for (const def of this.refTargets(n)) stack.push(...def.children);
      else if (n.name === 'choice') stack.push(...n.children);
      else assert.fail(`unexpected <${n.name}> inside attribute ${attributeValue(attribute, 'name')}`);
    }
  }
}

function dataInfo(node: XmlElement): DataInfo {
  const params: Record<string, string> = {};
  for (const p of node.children) if (p.name === 'param') params[attributeValue(p, 'name')!] = textContent(p);
  return { type: attributeValue(node, 'type')!, params };
}

/** The bounds an XSD type and its params imply (undefined = unbounded on that side). */
function bounds(d: DataInfo): { min?: number; max?: number } {
  const implied: Record<string, { min?: number; max?: number }> = {
    unsignedInt: { min: 0, max: 4294967295 },
    unsignedShort: { min: 0, max: 65535 },
    unsignedLong: { min: 0 },
    positiveInteger: { min: 1 },
  };
  const b = { ...(implied[d.type] ?? {}) };
  if (d.params.minInclusive !== undefined) b.min = Number(d.params.minInclusive);
  if (d.params.maxInclusive !== undefined) b.max = Number(d.params.maxInclusive);
  return b;
}

// ---------------------------------------------------------------------------
// The RNG element at every path of the table.

const tablePaths = Object.keys(domainSchema);

function rngByPath(): Map<string, RngElement> {
  const defines = loadDefines();
  const rng = new Rng(defines);
  const domainNode = defines.get('domain')![0].children.find((c) => c.name === 'element' && attributeValue(c, 'name') === 'domain');
  assert.ok(domainNode, '<define name="domain"> holds <element name="domain">');
  const byPath = new Map<string, RngElement>([['domain', rng.analyse(domainNode)]]);
  for (const path of tablePaths) {
    if (path === 'domain') continue;
    const parent = byPath.get(path.slice(0, path.lastIndexOf('/')));
    assert.ok(parent, `parent of ${path} analysed first`);
    const child = parent.children.get(path.slice(path.lastIndexOf('/') + 1));
    assert.ok(child, `the RNG allows ${path}`);
    byPath.set(path, merge(child.nodes.map((n) => rng.analyse(n))));
  }
  return byPath;
}

/** Several RNG elements of the same name under one parent read as one. */
function merge(list: RngElement[]): RngElement {
  if (list.length === 1) return list[0];
  const out: RngElement = { attributes: new Map(), children: new Map(), text: undefined };
  for (const e of list) {
    for (const [k, v] of e.attributes) out.attributes.set(k, v);
    for (const [k, v] of e.children) out.children.set(k, v);
    if (e.text) (out.text ??= []).push(...e.text);
  }
  return out;
}

let cached: Map<string, RngElement> | undefined;
function rngTable(): Map<string, RngElement> {
  cached ??= rngByPath();
  return cached;
}

// ---------------------------------------------------------------------------
// Exceptions, each on purpose.

/**
 * Children of `<domain>` the table leaves out: the table covers the CPU area
 * only. Everything else under `<domain>` (devices, memory, os, …) is someone
 * else's business; the check is that the table's children are a subset.
 */
const PARTIAL_ELEMENTS = new Set(['domain']);

// ---------------------------------------------------------------------------

test('every element of the table exists in the RNG at the same path', (t) => {
  if (needSource(t)) return;
  const rng = rngTable();
  assert.equal(rng.size, tablePaths.length);
});

test('attribute names match the RNG exactly, element by element', (t) => {
  if (needSource(t)) return;
  for (const [path, rng] of rngTable()) {
    const spec = elementSpec(path)!;
    if (PARTIAL_ELEMENTS.has(path)) continue;
    assert.deepEqual(
      spec.attributes.map((a) => a.name).sort(),
      [...rng.attributes.keys()].sort(),
      `attributes of ${path}`,
    );
  }
});

test('child element names match the RNG (a subset for the partial <domain>)', (t) => {
  if (needSource(t)) return;
  for (const [path, rng] of rngTable()) {
    const spec = elementSpec(path)!;
    const rngChildren = [...rng.children.keys()].sort();
    if (PARTIAL_ELEMENTS.has(path)) {
      for (const c of spec.children) assert.ok(rngChildren.includes(c), `${path}/${c} in the RNG`);
      // What the table covers of <domain> must not miss a CPU-area child.
      for (const c of ['vcpu', 'vcpus', 'iothreads', 'iothreadids', 'defaultiothread', 'cputune', 'numatune', 'cpu']) {
        assert.ok(spec.children.includes(c), `${path}/${c} in the table`);
      }
      continue;
    }
    assert.deepEqual([...spec.children].sort(), rngChildren, `children of ${path}`);
  }
});

test('enum values equal the RNG <choice> of <value>s', (t) => {
  if (needSource(t)) return;
  let enums = 0;
  for (const [path, rng] of rngTable()) {
    if (PARTIAL_ELEMENTS.has(path)) continue;
    for (const [name, attr] of rng.attributes) {
      const spec = attributeSpec(path, name)!;
      const isEnum = attr.values.size > 0 && attr.data.length === 0 && !attr.text;
      assert.equal(spec.values !== undefined, isEnum, `${path}@${name}: enum in the table iff in the RNG`);
      if (!isEnum) continue;
      enums++;
      assert.deepEqual(
        spec.values!.map((v) => v.value).sort(),
        [...attr.values].sort(),
        `values of ${path}@${name}`,
      );
      const expectedKind = setEq(attr.values, ['yes', 'no']) ? 'yesno' : setEq(attr.values, ['on', 'off']) ? 'onoff' : 'enum';
      assert.equal(spec.kind, expectedKind, `kind of ${path}@${name}`);
    }
  }
  assert.ok(enums >= 20, `${enums} enumerated attributes compared`);
});

test('required attributes and required/repeatable children match the RNG', (t) => {
  if (needSource(t)) return;
  for (const [path, rng] of rngTable()) {
    if (PARTIAL_ELEMENTS.has(path)) continue;
    for (const [name, attr] of rng.attributes) {
      assert.equal(attributeSpec(path, name)!.required ?? false, attr.required, `${path}@${name} required`);
    }
    for (const [name, child] of rng.children) {
      const spec = elementSpec(`${path}/${name}`)!;
      assert.equal(spec.required ?? false, child.required, `${path}/${name} required`);
      assert.equal(spec.repeatable ?? false, child.repeatable, `${path}/${name} repeatable`);
    }
  }
});

test('text content where the RNG has text, with its bounds', (t) => {
  if (needSource(t)) return;
  for (const [path, rng] of rngTable()) {
    if (PARTIAL_ELEMENTS.has(path)) continue;
    const spec = elementSpec(path)!;
    assert.equal(spec.text !== undefined, rng.text !== undefined, `${path}: text content`);
    const data = rng.text?.filter((d) => d.type !== 'text' && d.type !== 'value') ?? [];
    if (data.length !== 1) continue;
    const b = bounds(data[0]);
    if (b.min !== undefined) assert.equal(spec.text!.min, b.min, `${path} text min`);
    if (b.max !== undefined) assert.equal(spec.text!.max, b.max, `${path} text max`);
  }
});

test('attribute bounds match the RNG data types', (t) => {
  if (needSource(t)) return;
  let compared = 0;
  for (const [path, rng] of rngTable()) {
    if (PARTIAL_ELEMENTS.has(path)) continue;
    for (const [name, attr] of rng.attributes) {
      if (attr.data.length !== 1) continue;
      const spec: AttributeSpec = attributeSpec(path, name)!;
      const d = attr.data[0];
      const b = bounds(d);
      // An explicit range in the schema must be in the table; a range only implied by the type, if the table states one.
      if (d.params.minInclusive !== undefined || spec.min !== undefined) assert.equal(spec.min, b.min, `${path}@${name} min`);
      if (d.params.maxInclusive !== undefined || spec.max !== undefined) assert.equal(spec.max, b.max, `${path}@${name} max`);
      compared++;
    }
  }
  assert.ok(compared >= 60, `${compared} typed attributes compared`);
});

test('values the C parser accepts but the schema rejects stay out of the table', (t) => {
  if (needSource(t)) return;
  // libvirt's parser reads check='default' (virCPUCheck's first name) and
  // memAccess='default', but `virsh define --validate` and virt-xml-validate refuse
  // them; the table follows the schema and notes the check case in parserDiffers.
  const rng = rngTable();
  assert.ok(!rng.get('domain/cpu')!.attributes.get('check')!.values.has('default'));
  assert.equal(attributeSpec('domain/cpu', 'check')!.values!.some((v) => v.value === 'default'), false);
  assert.match(attributeSpec('domain/cpu', 'check')!.parserDiffers ?? '', /default/);
  assert.equal(attributeSpec('domain/cpu/numa/cell', 'memAccess')!.values!.some((v) => v.value === 'default'), false);
});

function setEq(set: Set<string>, list: string[]): boolean {
  return set.size === list.length && list.every((x) => set.has(x));
}
