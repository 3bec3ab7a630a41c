// Hostile input for the XML layer (xml-parsers.md §5): each case runs in a worker
// with a hard time limit, so a hang or crash fails its test instead of stalling the
// suite; parse time is recorded (t.diagnostic) and checked against a generous bound.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { parseXml } from '../../server/src/xml/parser';
import { decodeEntities, textContent, walkElements, type XmlDocument } from '../../server/src/xml/nodes';
import { assertWellFormedResult, mustFind, problemCounts, problems, repoFile, seededRandom } from '../helpers/fixtures';

interface HostileCase {
  name: string;
  /** Builds the input (not timed). */
  input: () => string;
  /** What is timed; parses by default. */
  run?: (text: string) => XmlDocument;
  /** Upper bound for the timed part, in ms: generous, the point is no hang. */
  boundMs: number;
  /** Further assertions on the result (run in the worker; throw to fail). */
  check?: (doc: XmlDocument) => void;
  todo?: string;
}

interface CaseResult {
  ms: number;
  chars: number;
  problems: number;
  error?: string;
}

const MB = 1_000_000;

/** A typical domain as virt-install writes it (no entity references, like most real ones). */
const realisticDomain = `
  <domain type='kvm'>
    <name>web-01</name>
    <uuid>6b3f7a52-2c4d-4c1e-9a55-0d2f5e8a9b71</uuid>
    <metadata>
      <libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>
        <libosinfo:os id='http://debian.org/debian/12'/>
      </libosinfo:libosinfo>
    </metadata>
    <memory unit='KiB'>4194304</memory>
    <currentMemory unit='KiB'>4194304</currentMemory>
    <vcpu placement='static'>4</vcpu>
    <os>
      <type arch='x86_64' machine='pc-q35-9.2'>hvm</type>
      <boot dev='hd'/>
    </os>
    <features>
      <acpi/>
      <apic/>
      <vmport state='off'/>
    </features>
    <cpu mode='custom' match='exact' check='partial'>
      <model fallback='forbid'>Skylake-Server-IBRS</model>
      <vendor>Intel</vendor>
      <topology sockets='1' dies='1' cores='2' threads='2'/>
      <feature policy='require' name='pcid'/>
      <feature policy='require' name='ssbd'/>
      <feature policy='disable' name='hle'/>
    </cpu>
    <clock offset='utc'>
      <timer name='rtc' tickpolicy='catchup'/>
      <timer name='pit' tickpolicy='delay'/>
      <timer name='hpet' present='no'/>
    </clock>
    <on_poweroff>destroy</on_poweroff>
    <on_reboot>restart</on_reboot>
    <on_crash>destroy</on_crash>
    <devices>
      <emulator>/usr/bin/qemu-system-x86_64</emulator>
      <disk type='file' device='disk'>
        <driver name='qemu' type='qcow2' discard='unmap'/>
        <source file='/var/lib/libvirt/images/web-01.qcow2'/>
        <target dev='vda' bus='virtio'/>
        <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>
      </disk>
      <controller type='usb' index='0' model='qemu-xhci' ports='15'>
        <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>
      </controller>
      <controller type='pci' index='0' model='pcie-root'/>
      <interface type='network'>
        <mac address='52:54:00:6b:3f:7a'/>
        <source network='default'/>
        <model type='virtio'/>
        <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
      </interface>
      <serial type='pty'>
        <target type='isa-serial' port='0'>
          <model name='isa-serial'/>
        </target>
      </serial>
      <console type='pty'>
        <target type='serial' port='0'/>
      </console>
      <channel type='unix'>
        <target type='virtio' name='org.qemu.guest_agent.0'/>
      </channel>
      <input type='tablet' bus='usb'/>
      <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>
      <video>
        <model type='virtio' heads='1' primary='yes'/>
      </video>
      <memballoon model='virtio'/>
      <rng model='virtio'>
        <backend model='random'>/dev/urandom</backend>
      </rng>
    </devices>
  </domain>`;

/** No text in the tree (raw or decoded text, attribute values) contains `needle`. Iterative. */
function assertTreeLacks(doc: XmlDocument, needle: string): void {
  walkElements(doc, (el) => {
    assert.ok(!el.texts.some((t) => t.raw.includes(needle)) && !textContent(el).includes(needle), `text of <${el.name}> contains ${needle}`);
    for (const a of el.attributes) assert.ok(!a.value?.includes(needle) && !decodeEntities(a.value ?? '').includes(needle), `attribute ${a.name} contains ${needle}`);
  });
}

/** The longest text or attribute value in the tree, raw or decoded. */
function longestText(doc: XmlDocument): number {
  let n = 0;
  walkElements(doc, (el) => {
    for (const t of el.texts) n = Math.max(n, t.raw.length);
    n = Math.max(n, textContent(el).length);
    for (const a of el.attributes) n = Math.max(n, a.value?.length ?? 0, decodeEntities(a.value ?? '').length);
  });
  return n;
}

/** `n` random bytes read as latin1, from a fixed seed. */
function randomLatin1(n: number, seed: number): string {
  const next = seededRandom(seed);
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(next() * 256);
  return bytes.toString('latin1');
}

const billionLaughs = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  ' <!ENTITY lol "lol">',
  ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
  ...Array.from({ length: 8 }, (_, i) => ` <!ENTITY lol${i + 2} "${`&lol${i + 1};`.repeat(10)}">`),
  ']>',
  '<lolz a="&lol9;">&lol9;</lolz>',
].join('\n');

const cases: HostileCase[] = [
  {
    name: '100,000-deep nesting',
    input: () => '<a>'.repeat(100_000) + 'x' + '</a>'.repeat(100_000),
    boundMs: 3000,
    check: (doc) => {
      assert.deepEqual(problems(doc), [['xml-too-deep', 'a']]);
      let count = 0;
      walkElements(doc, (el) => {
        count++;
        assert.ok(el.closed);
      });
      assert.equal(count, 100_000);
    },
  },
  {
    name: '100,000-deep, never closed',
    input: () => '<a>'.repeat(100_000),
    boundMs: 3000,
    check: (doc) => assert.deepEqual(problemCounts(doc), { 'xml-missing-end-tag': 100_000, 'xml-too-deep': 1 }),
  },
  {
    name: 'billion laughs: declared entities are never expanded',
    input: () => billionLaughs,
    boundMs: 1000,
    check: (doc) => {
      assert.deepEqual(problemCounts(doc), { 'xml-doctype': 1 });
      const lolz = mustFind(doc, 'lolz');
      assert.equal(lolz.texts[0].raw, '&lol9;');
      assert.equal(textContent(lolz), '&lol9;');
      assert.equal(lolz.attributes[0].value, '&lol9;');
      assert.ok(longestText(doc) <= doc.text.length, 'no text grows beyond the input');
    },
  },
  {
    name: 'quadratic blowup: one 50,000-character entity referenced 50,000 times',
    input: () => `<!DOCTYPE r [<!ENTITY a "${'x'.repeat(50_000)}">]><r>${'&a;'.repeat(50_000)}</r>`,
    boundMs: 2000,
    check: (doc) => {
      assert.deepEqual(problemCounts(doc), { 'xml-doctype': 1 });
      assert.ok(longestText(doc) <= doc.text.length);
    },
  },
  {
    name: 'external entity: file:///etc/passwd is never read',
    input: () => '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<d a="&x;">&x;</d>',
    boundMs: 1000,
    check: (doc) => {
      assert.deepEqual(problemCounts(doc), { 'xml-doctype': 1 });
      assert.equal(mustFind(doc, 'd').texts[0].raw, '&x;');
      assertTreeLacks(doc, 'root:');
    },
  },
  {
    name: 'external entity over http, parameter entity and external DTD are never fetched',
    input: () =>
      [
        '<!DOCTYPE d SYSTEM "file:///etc/passwd" [',
        '  <!ENTITY x SYSTEM "http://127.0.0.1:9/evil.xml">',
        '  <!ENTITY % ext SYSTEM "http://127.0.0.1:9/evil.dtd"> %ext;',
        ']>',
        '<d>&x;</d>',
      ].join('\n'),
    boundMs: 1000,
    check: (doc) => {
      assert.deepEqual(problemCounts(doc), { 'xml-doctype': 1 });
      assert.equal(textContent(mustFind(doc, 'd')), '&x;');
      assertTreeLacks(doc, 'root:');
    },
  },
  {
    name: '50 MB file (a realistic domain repeated)',
    input: () => `<domains>${realisticDomain.repeat(Math.ceil((50 * MB) / realisticDomain.length))}\n</domains>`,
    // Mostly allocation and GC (about 1M elements, 1.5M attributes, 1.6M texts).
    boundMs: 10_000,
    check: (doc) => {
      assert.deepEqual(problems(doc), []);
      assert.equal(doc.roots.length, 1);
      assert.equal(doc.roots[0].children.length, Math.ceil((50 * MB) / realisticDomain.length));
    },
  },
  {
    name: 'a single 10 MB attribute value',
    input: () => `<domain><name a='${'x'.repeat(10 * MB)}'/></domain>`,
    boundMs: 2000,
    check: (doc) => {
      assert.deepEqual(problems(doc), []);
      assert.equal(mustFind(doc, 'domain/name').attributes[0].value!.length, 10 * MB);
    },
  },
  {
    name: 'a 10 MB attribute value without its closing quote',
    input: () => `<domain><name a='${'x'.repeat(10 * MB)}`,
    boundMs: 2000,
    check: (doc) => {
      assert.deepEqual(Object.keys(problemCounts(doc)).sort(), ['xml-missing-end-tag', 'xml-unclosed-quote']);
      assert.equal(mustFind(doc, 'domain/name').attributes[0].value!.length, 10 * MB);
    },
  },
  {
    name: 'NUL bytes everywhere',
    input: () => `<r\0 a='\0'>${'\0'.repeat(MB)}<b\0/>\0</r>`,
    boundMs: 2000,
    check: (doc) => {
      const counts = problemCounts(doc);
      assert.ok(counts['xml-invalid-char'] > 0);
      assert.ok(doc.problems.length < 100, `NUL problems are capped, got ${doc.problems.length}`);
      for (const p of doc.problems) if (p.code === 'xml-invalid-char') assert.equal(doc.text.slice(p.start, p.end), '\0');
    },
  },
  {
    name: 'CRLF and lone CR line endings keep ranges exact',
    input: () => realisticDomain.replace(/\n/g, '\r\n') + '\r' + realisticDomain.replace(/\n/g, '\r'),
    boundMs: 1000,
    check: (doc) => {
      assert.deepEqual(problems(doc), [['xml-multiple-roots', 'domain']]);
      const { text } = doc;
      walkElements(doc, (el) => {
        assert.equal(text.slice(el.nameStart, el.nameEnd), el.name);
        assert.equal(text[el.start], '<');
        if (el.endTagStart !== undefined) assert.equal(text.slice(el.endTagStart, el.end), `</${el.name}>`);
        for (const a of el.attributes) {
          assert.equal(text.slice(a.nameStart, a.nameEnd), a.name);
          assert.equal(text.slice(a.valueStart, a.valueEnd), a.value);
          assert.equal(text[a.valueStart - 1], a.quote);
          assert.equal(text[a.valueEnd], a.quote);
        }
        for (const t of el.texts) assert.equal(text.slice(t.start, t.end), t.raw);
      });
      assert.equal(textContent(doc.roots[1].children.find((c) => c.name === 'name')!), 'web-01');
      // An unclosed value stops at a CR as it does at a LF.
      const cr = parseXml("<a x='abc\r\n<b/></a>");
      assert.equal(cr.roots[0].attributes[0].value, 'abc');
    },
  },
  ...[1, 2, 3].map(
    (seed): HostileCase => ({
      name: `1 MB of random bytes read as latin1 (seed ${seed})`,
      input: () => randomLatin1(MB, seed),
      boundMs: 3000,
      check: (doc) => assert.ok(doc.problems.length > 0),
    }),
  ),
  {
    name: 'random bytes inside a domain (seed 4)',
    input: () => realisticDomain.replace('<devices>', `<devices>${randomLatin1(100_000, 4)}`),
    boundMs: 2000,
    check: (doc) => assert.ok(doc.problems.length > 0),
  },
  {
    name: '100,000 stray end tags inside 10,000 open elements',
    input: () => '<a>'.repeat(10_000) + '</x>'.repeat(100_000),
    boundMs: 2000,
    check: (doc) => assert.deepEqual(problemCounts(doc), { 'xml-missing-end-tag': 10_000, 'xml-too-deep': 1, 'xml-unmatched-end-tag': 100_000 }),
  },
  {
    name: '100,000 stray end tags on their own lines inside 10,000 open elements',
    input: () => '<a>\n'.repeat(10_000) + '</x>\n'.repeat(100_000),
    boundMs: 2000,
    check: (doc) => assert.deepEqual(problemCounts(doc), { 'xml-missing-end-tag': 10_000, 'xml-too-deep': 1, 'xml-unmatched-end-tag': 100_000 }),
  },
  {
    name: "1M '<' characters",
    input: () => '<r>' + '<'.repeat(MB),
    // One text node and one problem per '<'.
    boundMs: 3000,
    check: (doc) => assert.deepEqual(problemCounts(doc), { 'xml-invalid-name': MB, 'xml-missing-end-tag': 1 }),
  },
  {
    name: "1M '&' characters",
    input: () => '<r>' + '&'.repeat(MB) + '</r>',
    boundMs: 3000,
    check: (doc) => assert.deepEqual(problemCounts(doc), { 'xml-entity-bare-ampersand': MB }),
  },
  {
    name: "decoding the text of 1M '&' characters",
    input: () => '<r>' + '&'.repeat(MB) + '</r>',
    run: (text) => {
      const doc = parseXml(text);
      assert.equal(textContent(doc.roots[0]).length, MB);
      return doc;
    },
    boundMs: 2000,
  },
  {
    name: 'unclosed comment',
    input: () => '<r>' + '<!--' + '<a>-- -> x'.repeat(100_000),
    boundMs: 1000,
    check: (doc) => assert.deepEqual(problems(doc), [['xml-missing-end-tag', 'r'], ['xml-unclosed-comment', '<!--']]),
  },
  {
    name: '1M spaces inside a start tag',
    input: () => '<r' + ' '.repeat(MB) + 'a="1"' + ' '.repeat(MB) + '/>',
    boundMs: 1000,
    check: (doc) => assert.deepEqual(problems(doc), []),
  },
  {
    name: '83k distinct attributes',
    input: () => '<r ' + Array.from({ length: 83_000 }, (_, i) => `a${i}="${i}"`).join(' ') + '/>',
    boundMs: 1500,
    check: (doc) => {
      assert.deepEqual(problems(doc), []);
      assert.equal(doc.roots[0].attributes.length, 83_000);
    },
  },
  {
    name: '166k duplicate attributes',
    input: () => '<r ' + 'a="" '.repeat(166_000) + '/>',
    boundMs: 1500,
    check: (doc) => assert.deepEqual(problemCounts(doc), { 'xml-attribute-duplicate': 166_000 - 1 }),
  },
  {
    name: 'attributes with no closing >',
    input: () => '<r ' + Array.from({ length: 200_000 }, (_, i) => `a${i}="1" `).join(''),
    boundMs: 1500,
    check: (doc) => assert.deepEqual(problems(doc), [['xml-unclosed-start-tag', 'r']]),
  },
  {
    name: '50k <!ENTITY> declarations',
    input: () => `<!DOCTYPE r [${'<!ENTITY e "v">'.repeat(50_000)}]><r>&e;</r>`,
    boundMs: 1000,
    check: (doc) => assert.deepEqual(problemCounts(doc), { 'xml-doctype': 1 }),
  },
];

/** Runs case `index` in a worker; resolves with its result, rejects on crash or after `limitMs`. */
function runInWorker(index: number, limitMs: number): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { index }, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`no result after ${limitMs} ms: the parser hangs or is super-linear`));
    }, limitMs);
    worker.once('message', (result: CaseResult) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with code ${code} before reporting`));
    });
  });
}

if (isMainThread) {
  for (const [index, c] of cases.entries()) {
    test(c.name, { todo: c.todo }, async (t) => {
      // Building, checking and thread start-up are outside the bound, inside the limit.
      const result = await runInWorker(index, c.boundMs + 5_000);
      t.diagnostic(`${(result.chars / MB).toFixed(1)} M chars, ${result.problems} problems, ${result.ms.toFixed(1)} ms`);
      if (result.error) assert.fail(result.error);
      assert.ok(result.ms < c.boundMs, `took ${result.ms.toFixed(0)} ms, bound ${c.boundMs} ms`);
    });
  }

  test('the XML layer imports nothing that reaches files or the network', () => {
    for (const file of ['server/src/xml/parser.ts', 'server/src/xml/nodes.ts']) {
      const source = readFileSync(repoFile(file), 'utf8');
      const imports = [
        ...source.matchAll(/^\s*(?:import|export)[^;]*?from\s+['"]([^'"]+)['"]/gm),
        ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
      ].map((m) => m[1]);
      assert.ok(imports.length > 0 || !/^\s*import\b/m.test(source), `could not read the imports of ${file}`);
      for (const spec of imports) assert.ok(spec.startsWith('./'), `${file} imports ${spec}`);
      assert.doesNotMatch(source, /\brequire\s*\(|\bimport\s*\(/, `${file} loads modules dynamically`);
      assert.doesNotMatch(source, /\b(fetch|XMLHttpRequest|process\.binding)\b/, `${file} reaches outside`);
    }
  });
} else {
  const c = cases[(workerData as { index: number }).index];
  let result: CaseResult;
  const text = c.input();
  try {
    const t0 = performance.now();
    const doc = (c.run ?? parseXml)(text);
    const ms = performance.now() - t0;
    result = { ms, chars: text.length, problems: doc.problems.length };
    try {
      assertWellFormedResult(doc);
      c.check?.(doc);
    } catch (err) {
      result.error = err instanceof Error ? err.message : String(err);
    }
  } catch (err) {
    result = { ms: 0, chars: text.length, problems: 0, error: `threw: ${err instanceof Error ? err.stack : String(err)}` };
  }
  parentPort!.postMessage(result);
}
