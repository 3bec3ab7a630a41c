// Diagnostics and quick-fixes for the guest NUMA topology (<cpu><numa>): each
// code fires where libvirt 11.3 or QEMU 10.0 (the oracle) objects and stays quiet
// on the nearest text they accept; each fix, once applied, clears its problem.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type TextEdit } from 'vscode-languageserver-types';
import { applyEdits, docAt, service } from '../helpers/engine';
import { numaCodes } from '../../server/src/rules/numa/codes';
import { codeInfo } from '../../server/src/rules/index';

interface DomainOptions {
  vcpu?: number | string;
  /** Domain children placed before <vcpu> (e.g. <memory>). */
  memory?: string;
  /** Markup inside <cpu> before <numa> (e.g. <topology>). */
  topology?: string;
  type?: string;
  /** Domain children after <cpu>. */
  extra?: string;
}

/** An x86_64 domain (TCG by default, which the oracle host runs) whose <cpu> holds `numa`. */
export function dom(numa: string, o: DomainOptions = {}): string {
  const memory = o.memory ? `  ${o.memory}\n` : '';
  const extra = o.extra ? `  ${o.extra}\n` : '';
  return (
    `<domain type='${o.type ?? 'qemu'}'>\n  <name>NAME</name>\n${memory}  <vcpu>${o.vcpu ?? 2}</vcpu>\n` +
    `  <os><type arch='x86_64'>hvm</type></os>\n  <cpu>${o.topology ?? ''}${numa}</cpu>\n${extra}</domain>\n`
  );
}

const M = "memory='128' unit='MiB'";
/** Two cells, vCPU 0 and 1, with optional extra attributes and children. */
function two(children0 = '', children1 = '', tail = ''): string {
  const cell = (id: number, children: string) =>
    children ? `<cell id='${id}' cpus='${id}' ${M}>${children}</cell>` : `<cell id='${id}' cpus='${id}' ${M}/>`;
  return `<numa>${cell(0, children0)}${cell(1, children1)}${tail}</numa>`;
}
const size = "<size value='10' unit='KiB'/><line value='8' unit='B'/>";
const cache = (attrs: string, body = size) => `<cache ${attrs}>${body}</cache>`;
/** Latency and bandwidth to cell 0, which QEMU wants before any cache of that cell. */
const lb0 =
  "<interconnects><latency initiator='0' target='0' type='access' value='5'/>" +
  "<bandwidth initiator='0' target='0' type='access' value='204800' unit='KiB'/></interconnects>";
/** One cell with vCPUs 0-1 and `children`, plus the latency and bandwidth QEMU wants. */
const hmatCell = (children: string, tail = lb0) => `<numa><cell id='0' cpus='0-1' ${M}>${children}</cell>${tail}</numa>`;

export interface Case {
  name: string;
  xml: string;
  /** [code, covered text] of every NUMA finding, in document order. */
  expect: Array<[string, string]>;
}

/** Every case: the oracle-check script (not part of `npm test`) runs these same texts through libvirt. */
export const cases: Case[] = [
  // --- accepted as written ---
  { name: 'two cells', xml: dom(two()), expect: [] },
  { name: 'cells without ids', xml: dom(`<numa><cell cpus='0' ${M}/><cell cpus='1' ${M}/></numa>`), expect: [] },
  { name: 'a CPU-less cell', xml: dom(`<numa><cell id='0' memory='64' unit='MiB'/><cell id='1' cpus='0-3' ${M}/></numa>`, { vcpu: 4 }), expect: [] },
  {
    name: 'asymmetric distances',
    xml: dom(two("<distances><sibling id='0' value='10'/><sibling id='1' value='20'/></distances>", "<distances><sibling id='0' value='30'/><sibling id='1' value='10'/></distances>")),
    expect: [],
  },
  { name: 'distances given on one side only', xml: dom(two("<distances><sibling id='1' value='21'/></distances>")), expect: [] },
  { name: 'a blank before a distance', xml: dom(two("<distances><sibling id='1' value=' 20'/></distances>")), expect: [] },
  { name: 'HMAT cache with latency and bandwidth', xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'"))), expect: [] },
  {
    name: 'two cache levels growing in size',
    xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'") + cache("level='2' associativity='full' policy='writethrough'", "<size value='50' unit='k'/><line value='8' unit='bytes'/>"))),
    expect: [],
  },
  {
    name: 'latency to a cache, bandwidth in MiB',
    xml: dom(hmatCell(cache("level='1' associativity='none' policy='none'"), "<interconnects><latency initiator='0' target='0' cache='1' type='read' value='5'/><bandwidth initiator='0' target='0' type='write' value='1' unit='MiB'/></interconnects>")),
    expect: [],
  },
  { name: 'memory with a leading blank (the schema collapses it)', xml: dom(`<numa><cell id='0' cpus='0-1' memory=' 131072'/></numa>`), expect: [] },
  { name: 'units in any case', xml: dom(`<numa><cell id='0' cpus='0' memory='128' unit='mb'/><cell id='1' cpus='1' memory='131072' unit='kib'/></numa>`), expect: [] },
  { name: 'memAccess and discard', xml: dom(`<numa><cell id='0' cpus='0-1' ${M} memAccess='private' discard='yes'/></numa>`), expect: [] },
  { name: '<memory> equal to the cells', xml: dom(two(), { memory: "<memory unit='MiB'>256</memory>" }), expect: [] },

  // --- <numa> and cell ids ---
  { name: 'numa without cells', xml: dom('<numa/>'), expect: [['numa-no-cells', 'numa']] },
  { name: 'numa with only interconnects', xml: dom('<numa><interconnects/></numa>'), expect: [['numa-no-cells', 'numa']] },
  { name: 'a second <numa>', xml: dom(`<numa><cell id='0' cpus='0-1' ${M}/></numa><numa><cell id='0' cpus='0-1' memory='64' unit='MiB'/></numa>`), expect: [['numa-schema-invalid', 'numa']] },
  { name: 'cell id not a number', xml: dom(`<numa><cell id='x' cpus='0-1' ${M}/></numa>`), expect: [['numa-cell-id-invalid', 'x']] },
  { name: 'negative cell id', xml: dom(`<numa><cell id='-1' cpus='0-1' ${M}/></numa>`), expect: [['numa-cell-id-invalid', '-1']] },
  { name: 'empty cell id', xml: dom(`<numa><cell id='' cpus='0-1' ${M}/></numa>`), expect: [['numa-cell-id-invalid', "id=''"]] },
  { name: 'cell id past 32 bits', xml: dom(`<numa><cell id='4294967296' cpus='0-1' ${M}/></numa>`), expect: [['numa-cell-id-invalid', '4294967296']] },
  { name: 'cell id not below the cell count', xml: dom(`<numa><cell id='1' cpus='0-1' ${M}/></numa>`), expect: [['numa-cell-id-invalid', '1']] },
  { name: 'cell id with a plus sign', xml: dom(`<numa><cell id='0' cpus='0' ${M}/><cell id='+1' cpus='1' ${M}/></numa>`), expect: [['numa-schema-invalid', '+1']] },
  { name: 'cell id with a leading blank', xml: dom(`<numa><cell id='0' cpus='0' ${M}/><cell id=' 1' cpus='1' ${M}/></numa>`), expect: [['numa-schema-invalid', ' 1']] },
  { name: 'duplicate cell id', xml: dom(`<numa><cell id='0' cpus='0' ${M}/><cell id='0' cpus='1' ${M}/></numa>`), expect: [['numa-cell-id-duplicate', '0']] },
  { name: 'implicit id taken again', xml: dom(`<numa><cell cpus='0' ${M}/><cell id='0' cpus='1' ${M}/></numa>`), expect: [['numa-cell-id-duplicate', '0']] },
  {
    name: 'id reused after a cell without memory',
    xml: dom(`<numa><cell id='0' cpus='0' memory='0'/><cell id='0' cpus='1' ${M}/></numa>`),
    expect: [['numa-qemu-refuses', '0'], ['numa-cell-id-reused', '0']],
  },
  { name: 'cells out of id order', xml: dom(`<numa><cell id='1' cpus='1' ${M}/><cell id='0' cpus='0' ${M}/></numa>`), expect: [['numa-cell-order', '1']] },

  // --- vCPU lists ---
  { name: 'cpus not a list', xml: dom(`<numa><cell id='0' cpus='x' ${M}/></numa>`), expect: [['numa-cpus-invalid', 'x']] },
  { name: 'empty cpus', xml: dom(`<numa><cell id='0' cpus='' ${M}/></numa>`), expect: [['numa-cpus-invalid', "cpus=''"]] },
  { name: 'cpus past the bitmap limit', xml: dom(`<numa><cell id='0' cpus='16384' ${M}/></numa>`), expect: [['numa-cpus-invalid', '16384']] },
  { name: 'reversed range', xml: dom(`<numa><cell id='0' cpus='1-0' ${M}/></numa>`), expect: [['numa-cpus-invalid', '1-0']] },
  { name: 'blanks in cpus', xml: dom(`<numa><cell id='0' cpus=' 0 - 1 ' ${M}/></numa>`), expect: [['numa-schema-invalid', ' 0 - 1 ']] },
  { name: 'a list that cancels itself', xml: dom(`<numa><cell id='0' cpus='0,^0' ${M}/><cell id='1' cpus='1' ${M}/></numa>`), expect: [['numa-cpus-unassigned', '0,^0']] },
  {
    name: 'overlap with the lowest earlier cell',
    xml: dom(`<numa><cell id='0' cpus='0-1' ${M}/><cell id='1' cpus='2' ${M}/><cell id='2' cpus='1-2' ${M}/></numa>`, { vcpu: 4 }),
    expect: [['numa-cpus-overlap', '1-2']],
  },
  {
    name: 'overlap named by id, not position',
    xml: dom(`<numa><cell id='1' cpus='0-1' ${M}/><cell id='0' cpus='1' ${M}/></numa>`, { vcpu: 4 }),
    expect: [['numa-cell-order', '1'], ['numa-cpus-overlap', '1']],
  },
  { name: 'more vCPUs than <vcpu>', xml: dom(`<numa><cell id='0' cpus='0-3' ${M}/></numa>`), expect: [['numa-cpus-exceed-vcpu', '0-3']] },
  { name: 'a vCPU number past <vcpu>', xml: dom(`<numa><cell id='0' cpus='0,5' ${M}/></numa>`), expect: [['numa-cpus-exceed-vcpu', '0,5']] },
  { name: 'vCPU 5 of 6, others unassigned', xml: dom(`<numa><cell id='0' cpus='0,5' ${M}/></numa>`, { vcpu: 6 }), expect: [['numa-cpus-unassigned', '0,5']] },
  { name: 'unassigned vCPUs go to cell 0', xml: dom(`<numa><cell id='0' cpus='2' ${M}/><cell id='1' cpus='3' ${M}/></numa>`, { vcpu: 4 }), expect: [['numa-cpus-unassigned', '2']] },
  { name: 'one cell without cpus', xml: dom(`<numa><cell id='0' ${M}/></numa>`), expect: [['numa-cpus-unassigned', 'cell']] },
  {
    name: 'threads of a core split across cells',
    xml: dom(`<numa><cell id='0' cpus='0' ${M}/><cell id='1' cpus='1-3' ${M}/></numa>`, { vcpu: 4, topology: "<topology sockets='1' dies='1' cores='2' threads='2'/>" }),
    expect: [['numa-cpus-split-core', '1-3']],
  },
  {
    name: 'sockets split across cells, cores whole',
    xml: dom(`<numa><cell id='0' cpus='0,2' ${M}/><cell id='1' cpus='1,3' ${M}/></numa>`, { vcpu: 4, topology: "<topology sockets='2' dies='1' cores='2' threads='1'/>" }),
    expect: [],
  },

  // --- memory and cell attributes ---
  { name: 'cell without memory', xml: dom(`<numa><cell id='0' cpus='0-1'/></numa>`), expect: [['numa-memory-missing', 'cell']] },
  { name: 'empty memory', xml: dom(`<numa><cell id='0' cpus='0-1' memory=''/></numa>`), expect: [['numa-memory-missing', "memory=''"]] },
  { name: 'memory not a number', xml: dom(`<numa><cell id='0' cpus='0-1' memory='abc'/></numa>`), expect: [['numa-memory-invalid', 'abc']] },
  { name: 'negative memory', xml: dom(`<numa><cell id='0' cpus='0-1' memory='-1'/></numa>`), expect: [['numa-memory-invalid', '-1']] },
  { name: 'memory with a trailing blank', xml: dom(`<numa><cell id='0' cpus='0-1' memory='131072 '/></numa>`), expect: [['numa-memory-invalid', '131072 ']] },
  { name: 'memory overflowing', xml: dom(`<numa><cell id='0' cpus='0-1' memory='9999999' unit='EiB'/></numa>`), expect: [['numa-memory-invalid', '9999999']] },
  { name: 'memory at the KiB limit', xml: dom(`<numa><cell id='0' cpus='0-1' memory='9223372036854775807' unit='b'/></numa>`), expect: [['numa-memory-invalid', '9223372036854775807']] },
  { name: 'memory with a plus sign', xml: dom(`<numa><cell id='0' cpus='0-1' memory='+131072'/></numa>`), expect: [['numa-schema-invalid', '+131072']] },
  { name: 'unknown unit', xml: dom(`<numa><cell id='0' cpus='0-1' memory='256' unit='furlong'/></numa>`), expect: [['numa-unit-invalid', 'furlong']] },
  { name: 'unit with a trailing blank', xml: dom(`<numa><cell id='0' cpus='0-1' memory='128' unit='MiB '/></numa>`), expect: [['numa-unit-invalid', 'MiB ']] },
  { name: 'empty unit', xml: dom(`<numa><cell id='0' cpus='0-1' memory='131072' unit=''/></numa>`), expect: [['numa-schema-invalid', "unit=''"]] },
  { name: 'memAccess not an access mode', xml: dom(`<numa><cell id='0' cpus='0-1' ${M} memAccess='public'/></numa>`), expect: [['numa-attribute-invalid', 'public']] },
  { name: "memAccess 'default'", xml: dom(`<numa><cell id='0' cpus='0-1' ${M} memAccess='default'/></numa>`), expect: [['numa-attribute-invalid', 'default']] },
  { name: 'discard on', xml: dom(`<numa><cell id='0' cpus='0-1' ${M} discard='on'/></numa>`), expect: [['numa-attribute-invalid', 'on']] },
  { name: 'a cell without memory under QEMU', xml: dom(`<numa><cell id='0' cpus='0' ${M}/><cell id='1' cpus='1' memory='0'/></numa>`), expect: [['numa-qemu-refuses', '0']] },
  { name: 'cells without memory and no <memory>', xml: dom(`<numa><cell id='0' cpus='0-1' memory='0'/></numa>`), expect: [['numa-memory-unspecified', 'numa'], ['numa-qemu-refuses', '0']] },
  {
    name: '<memory> replaced by the cells',
    xml: dom(`<numa><cell id='0' cpus='0-1' ${M}/></numa>`, { memory: "<memory unit='MiB'>1024</memory>\n  <currentMemory unit='MiB'>1024</currentMemory>" }),
    expect: [['numa-memory-replaced', '1024']],
  },

  // --- distances ---
  { name: 'distances without siblings', xml: dom(two('<distances/>')), expect: [['numa-distances-empty', 'distances']] },
  { name: 'sibling without id', xml: dom(two("<distances><sibling value='20'/></distances>")), expect: [['numa-attribute-missing', 'sibling']] },
  { name: 'sibling without value', xml: dom(two("<distances><sibling id='1'/></distances>")), expect: [['numa-attribute-missing', 'sibling']] },
  { name: 'sibling value not a number', xml: dom(two("<distances><sibling id='1' value='abc'/></distances>")), expect: [['numa-attribute-invalid', 'abc']] },
  { name: 'sibling value with a trailing blank', xml: dom(two("<distances><sibling id='1' value='20 '/></distances>")), expect: [['numa-attribute-invalid', '20 ']] },
  { name: 'sibling id past the cells', xml: dom(two("<distances><sibling id='2' value='20'/></distances>")), expect: [['numa-distance-sibling-invalid', '2']] },
  { name: 'distance below 10', xml: dom(two("<distances><sibling id='1' value='9'/></distances>")), expect: [['numa-distance-invalid', '9']] },
  { name: 'distance above 255', xml: dom(two("<distances><sibling id='1' value='256'/></distances>")), expect: [['numa-distance-invalid', '256']] },
  { name: 'distance to itself not 10', xml: dom(two("<distances><sibling id='0' value='20'/></distances>")), expect: [['numa-distance-invalid', '20']] },
  { name: 'distance 10 to another cell', xml: dom(two("<distances><sibling id='1' value='10'/></distances>")), expect: [['numa-distance-invalid', '10']] },
  { name: 'distance 255', xml: dom(two("<distances><sibling id='0' value='10'/><sibling id='1' value='255'/></distances>")), expect: [] },
  { name: 'sibling id with a plus sign', xml: dom(two("<distances><sibling id='+1' value='20'/></distances>")), expect: [['numa-schema-invalid', '+1']] },
  { name: 'distance with a plus sign', xml: dom(two("<distances><sibling id='1' value='+20'/></distances>")), expect: [['numa-schema-invalid', '+20']] },
  { name: 'sibling twice', xml: dom(two("<distances><sibling id='1' value='20'/><sibling id='1' value='30'/></distances>")), expect: [['numa-distance-duplicate', '1']] },
  { name: 'a second <distances>', xml: dom(two("<distances><sibling id='1' value='20'/></distances><distances><sibling id='1' value='30'/></distances>")), expect: [['numa-schema-invalid', 'distances']] },

  // --- memory-side caches ---
  { name: 'cache level 0', xml: dom(hmatCell(cache("level='0' associativity='direct' policy='writeback'"))), expect: [['numa-cache-level-invalid', '0']] },
  { name: 'cache level 4', xml: dom(hmatCell(cache("level='4' associativity='direct' policy='writeback'"))), expect: [['numa-cache-level-invalid', '4']] },
  { name: 'cache without level', xml: dom(hmatCell(cache("associativity='direct' policy='writeback'"))), expect: [['numa-attribute-missing', 'cache']] },
  {
    name: 'cache level twice',
    xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'") + cache("level='1' associativity='full' policy='writeback'"))),
    expect: [['numa-cache-level-duplicate', '1']],
  },
  { name: 'unknown associativity', xml: dom(hmatCell(cache("level='1' associativity='bad' policy='writeback'"))), expect: [['numa-attribute-invalid', 'bad']] },
  { name: 'cache without associativity', xml: dom(hmatCell(cache("level='1' policy='writeback'"))), expect: [['numa-attribute-missing', 'cache']] },
  { name: 'policy in the wrong case', xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeBack'"))), expect: [['numa-attribute-invalid', 'writeBack']] },
  { name: 'cache without size', xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'", "<line value='8' unit='B'/>"))), expect: [['numa-attribute-missing', 'cache']] },
  { name: 'cache without line', xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'", "<size value='10' unit='KiB'/>"))), expect: [['numa-attribute-missing', 'cache']] },
  { name: 'cache size not a number', xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'", "<size value='x' unit='KiB'/><line value='8' unit='B'/>"))), expect: [['numa-attribute-invalid', 'x']] },
  {
    name: 'cache units libvirt ignores',
    xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'", "<size value='10' unit='MiB'/><line value='1' unit='KiB'/>"))),
    expect: [['numa-cache-unit-ignored', 'MiB'], ['numa-cache-unit-ignored', 'KiB']],
  },
  {
    name: 'cache without units',
    xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'", "<size value='10'/><line value='8'/>"))),
    expect: [['numa-schema-invalid', 'size'], ['numa-schema-invalid', 'line']],
  },
  {
    name: 'cache unit the schema refuses',
    xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'", "<size value='10' unit='furlong'/><line value='8' unit='B'/>"))),
    expect: [['numa-schema-invalid', 'furlong']],
  },

  // --- interconnects ---
  { name: 'target past the cells', xml: dom(two('', '', "<interconnects><latency initiator='0' target='2' type='access' value='5'/></interconnects>")), expect: [['numa-interconnect-node-invalid', '2']] },
  { name: 'initiator past the cells', xml: dom(two('', '', "<interconnects><latency initiator='3' target='0' type='access' value='5'/></interconnects>")), expect: [['numa-interconnect-node-invalid', '3']] },
  {
    name: 'initiator without vCPUs',
    xml: dom(`<numa><cell id='0' cpus='0-1' ${M}/><cell id='1' ${M}/><interconnects><latency initiator='1' target='0' type='access' value='5'/></interconnects></numa>`),
    expect: [['numa-interconnect-initiator-no-cpus', '1']],
  },
  {
    name: 'cell 0 as initiator once filled',
    xml: dom(`<numa><cell id='0' ${M}/><cell id='1' cpus='1' ${M}/><interconnects><latency initiator='0' target='1' type='access' value='5'/></interconnects></numa>`),
    expect: [['numa-cpus-unassigned', 'cell']],
  },
  {
    name: 'cell 0 as initiator with nothing to fill',
    xml: dom(`<numa><cell id='0' ${M}/><cell id='1' cpus='0-1' ${M}/><interconnects><latency initiator='0' target='1' type='access' value='5'/></interconnects></numa>`),
    expect: [['numa-interconnect-initiator-no-cpus', '0']],
  },
  { name: 'cache the target lacks', xml: dom(two('', '', "<interconnects><latency initiator='0' target='1' cache='1' type='access' value='5'/></interconnects>")), expect: [['numa-interconnect-cache-invalid', '1']] },
  {
    name: 'the same latency twice',
    xml: dom(two('', '', "<interconnects><latency initiator='0' target='1' type='access' value='5'/><latency initiator='0' target='1' type='access' value='6'/></interconnects>")),
    expect: [['numa-interconnect-duplicate', 'latency']],
  },
  {
    name: 'a link in both directions',
    xml: dom(two('', '', "<interconnects><latency initiator='0' target='1' type='access' value='5'/><bandwidth initiator='1' target='0' type='access' value='204800' unit='KiB'/></interconnects>")),
    expect: [['numa-interconnect-duplicate', 'bandwidth']],
  },
  { name: "type 'none'", xml: dom(two('', '', "<interconnects><latency initiator='0' target='1' type='none' value='5'/></interconnects>")), expect: [['numa-attribute-invalid', 'none']] },
  { name: 'latency without type', xml: dom(two('', '', "<interconnects><latency initiator='0' target='1' value='5'/></interconnects>")), expect: [['numa-attribute-missing', 'latency']] },
  { name: 'latency without value', xml: dom(two('', '', "<interconnects><latency initiator='0' target='1' type='access'/></interconnects>")), expect: [['numa-attribute-missing', 'latency']] },
  { name: 'latency without initiator', xml: dom(two('', '', "<interconnects><latency target='1' type='access' value='5'/></interconnects>")), expect: [['numa-attribute-missing', 'latency']] },
  { name: 'latency past 32 bits', xml: dom(two('', '', "<interconnects><latency initiator='0' target='0' type='access' value='4294967296'/></interconnects>")), expect: [['numa-schema-invalid', '4294967296']] },
  { name: 'bandwidth without unit', xml: dom(two('', '', "<interconnects><bandwidth initiator='0' target='1' type='access' value='204800'/></interconnects>")), expect: [['numa-schema-invalid', 'bandwidth']] },
  { name: 'bandwidth in an unknown unit', xml: dom(two('', '', "<interconnects><bandwidth initiator='0' target='1' type='access' value='2' unit='furlong'/></interconnects>")), expect: [['numa-unit-invalid', 'furlong']] },
  {
    name: 'unknown child and a second <interconnects>',
    xml: dom(two('', '', "<interconnects><foo/><latency initiator='0' target='0' type='read' value='5'/></interconnects><interconnects><latency initiator='9' target='0' type='read' value='5'/></interconnects>")),
    expect: [['numa-schema-invalid', 'foo'], ['numa-schema-invalid', 'interconnects']],
  },

  // --- what QEMU refuses at start ---
  {
    name: 'bandwidth not in whole MiB',
    xml: dom(`<numa><cell id='0' cpus='0-1' ${M}/><interconnects><bandwidth initiator='0' target='0' type='access' value='100' unit='KiB'/></interconnects></numa>`),
    expect: [['numa-qemu-refuses', '100']],
  },
  {
    name: 'bandwidth in decimal gigabytes',
    xml: dom(`<numa><cell id='0' cpus='0-1' ${M}/><interconnects><bandwidth initiator='0' target='0' type='access' value='1' unit='GB'/></interconnects></numa>`),
    expect: [['numa-qemu-refuses', '1']],
  },
  { name: 'cache without latency and bandwidth', xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'"), '')), expect: [['numa-qemu-refuses', 'cache']] },
  {
    name: 'cache with latency only',
    xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'"), "<interconnects><latency initiator='0' target='0' type='access' value='5'/></interconnects>")),
    expect: [['numa-qemu-refuses', 'cache']],
  },
  { name: 'cache level 2 without level 1', xml: dom(hmatCell(cache("level='2' associativity='direct' policy='writeback'"))), expect: [['numa-qemu-refuses', 'cache']] },
  {
    name: 'level 2 cache smaller than level 1',
    xml: dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'") + cache("level='2' associativity='direct' policy='writeback'", "<size value='5' unit='KiB'/><line value='8' unit='B'/>"))),
    expect: [['numa-qemu-refuses', 'cache']],
  },
  {
    name: 'more than 128 cells',
    xml: dom(`<numa><cell id='0' cpus='0-1' memory='2' unit='MiB'/>${Array.from({ length: 128 }, (_, i) => `<cell id='${i + 1}' memory='2' unit='MiB'/>`).join('')}</numa>`),
    expect: [['numa-qemu-refuses', 'cell']],
  },
];

/** [code, covered text] of the NUMA findings in `text`. */
function check(text: string): Array<[string, string]> {
  const { doc } = docAt(text);
  return service()
    .doValidation(doc)
    .filter((d) => String(d.code).startsWith('numa-'))
    .map((d) => [String(d.code), doc.textDocument.getText(d.range)]);
}

/** The first finding for `code` in `text`. */
function finding(text: string, code: string): { message: string; severity: DiagnosticSeverity | undefined } {
  const { doc } = docAt(text);
  const d = service().doValidation(doc).find((x) => x.code === code);
  assert.ok(d, `${code} reported`);
  return { message: typeof d.message === 'string' ? d.message : d.message.value, severity: d.severity };
}

/** Applies the fix for `code` whose title contains `title` (default: the preferred one); returns the new text and its NUMA codes. */
export function fix(text: string, code: string, title?: string): { after: string; remaining: string[]; titles: string[] } {
  const { doc } = docAt(text);
  const diags = service().doValidation(doc);
  const d = diags.find((x) => x.code === code);
  assert.ok(d, `${code} reported`);
  const actions = service()
    .doCodeActions(doc, d.range, [d])
    .filter((a) => a.diagnostics?.some((x) => x.code === code));
  const chosen = title === undefined ? actions.find((a) => a.isPreferred) : actions.find((a) => a.title.includes(title));
  assert.ok(chosen, `fix ${title ?? '(preferred)'} offered for ${code}; got ${actions.map((a) => a.title).join(' | ')}`);
  const after = applyEdits(doc, chosen.edit!.changes!['file:///test.xml'] as TextEdit[]);
  const again = service().parse(TextDocument.create('file:///test.xml', 'xml', 2, after));
  const remaining = service()
    .doValidation(again)
    .map((x) => String(x.code))
    .filter((c) => c.startsWith('numa-'));
  return { after, remaining, titles: actions.map((a) => a.title) };
}

for (const c of cases) {
  test(`diagnostics: ${c.name}`, () => {
    assert.deepEqual(check(c.xml), c.expect);
  });
}

test('every NUMA code is registered, and every code has a positive and a negative case', () => {
  for (const code of Object.keys(numaCodes)) {
    assert.ok(codeInfo(code), `${code} registered in rules/index.ts`);
    assert.ok(
      cases.some((c) => c.expect.some(([k]) => k === code)),
      `${code} has a case where it fires`,
    );
  }
  assert.ok(cases.filter((c) => c.expect.length === 0).length >= 10, 'clean cases');
});

test('severities follow where libvirt or QEMU objects', () => {
  const sev = (code: keyof typeof numaCodes) => numaCodes[code].severity;
  assert.equal(sev('numa-cpus-overlap'), 'error');
  assert.equal(sev('numa-schema-invalid'), 'error');
  assert.equal(sev('numa-cpus-unassigned'), 'warning');
  assert.equal(sev('numa-qemu-refuses'), 'warning');
  assert.equal(sev('numa-memory-replaced'), 'information');
  assert.equal(finding(dom(`<numa><cell id='0' cpus='2' ${M}/><cell id='1' cpus='3' ${M}/></numa>`, { vcpu: 4 }), 'numa-cpus-unassigned').severity, DiagnosticSeverity.Warning);
});

// --- messages: libvirt's own text, prefix dropped ---

test("messages carry libvirt's text", () => {
  const m = (xml: string, code: string) => finding(xml, code).message;
  assert.equal(m(dom('<numa/>'), 'numa-no-cells'), 'NUMA topology defined without NUMA cells');
  assert.equal(m(dom(`<numa><cell id='x' cpus='0-1' ${M}/></numa>`), 'numa-cell-id-invalid'), "Invalid value for attribute 'id' in element 'cell': 'x'. Expected non-negative integer value");
  assert.match(m(dom(`<numa><cell id='1' cpus='0-1' ${M}/></numa>`), 'numa-cell-id-invalid'), /^Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous ranges or ranges not starting from 0 are not allowed/);
  assert.equal(m(dom(`<numa><cell id='0' cpus='0' ${M}/><cell id='0' cpus='1' ${M}/></numa>`), 'numa-cell-id-duplicate'), "Duplicate NUMA cell info for cell id '0'");
  assert.equal(m(dom(`<numa><cell id='0' cpus='x' ${M}/></numa>`), 'numa-cpus-invalid'), "Failed to parse bitmap 'x'");
  assert.match(m(dom(`<numa><cell id='0' cpus='0-1' ${M}/><cell id='1' cpus='2' ${M}/><cell id='2' cpus='1-2' ${M}/></numa>`, { vcpu: 4 }), 'numa-cpus-overlap'), /^NUMA cells 2 and 0 have overlapping vCPU ids/);
  assert.match(m(dom(`<numa><cell id='1' cpus='0-1' ${M}/><cell id='0' cpus='1' ${M}/></numa>`, { vcpu: 4 }), 'numa-cpus-overlap'), /^NUMA cells 0 and 1 have overlapping vCPU ids/);
  assert.match(m(dom(`<numa><cell id='0' cpus='0-3' ${M}/></numa>`), 'numa-cpus-exceed-vcpu'), /^Number of CPUs in <numa> exceeds the <vcpu> count/);
  assert.match(m(dom(`<numa><cell id='0' cpus='0,5' ${M}/></numa>`), 'numa-cpus-exceed-vcpu'), /^CPU IDs in <numa> exceed the <vcpu> count/);
  assert.equal(m(dom(`<numa><cell id='0' cpus='0-1'/></numa>`), 'numa-memory-missing'), "missing element or attribute './@memory'");
  assert.equal(m(dom(`<numa><cell id='0' cpus='0-1' memory='abc'/></numa>`), 'numa-memory-invalid'), "Invalid value 'abc' for element or attribute './@memory'");
  assert.equal(m(dom(`<numa><cell id='0' cpus='0-1' memory='9999999' unit='EiB'/></numa>`), 'numa-memory-invalid'), 'value too large: 9999999EiB');
  assert.equal(m(dom(`<numa><cell id='0' cpus='0-1' memory='9007199254740992'/></numa>`), 'numa-memory-invalid'), 'value too large: 9007199254740992');
  assert.equal(m(dom(`<numa><cell id='0' cpus='0-1' memory='9223372036854775807' unit='b'/></numa>`), 'numa-memory-invalid'), 'size value too large');
  assert.equal(m(dom(`<numa><cell id='0' cpus='0-1' memory='256' unit='furlong'/></numa>`), 'numa-unit-invalid'), "unknown suffix 'furlong'");
  assert.equal(m(dom(`<numa><cell id='0' cpus='0-1' ${M} memAccess='default'/></numa>`), 'numa-attribute-invalid'), "Invalid value for attribute 'memAccess' in element 'cell': 'default'.");
  assert.equal(m(dom(`<numa><cell id='0' cpus='0-1' memory='0'/></numa>`), 'numa-memory-unspecified'), 'Memory size must be specified via <memory> or in the <numa> configuration');
  assert.equal(m(dom(two('<distances/>')), 'numa-distances-empty'), 'NUMA distances defined without siblings');
  assert.equal(m(dom(two("<distances><sibling value='20'/></distances>")), 'numa-attribute-missing'), "Missing required attribute 'id' in element 'sibling'");
  assert.match(m(dom(two("<distances><sibling id='2' value='20'/></distances>")), 'numa-distance-sibling-invalid'), /^'sibling_id 2' does not refer to a valid cell within NUMA 'cell id 0'/);
  assert.match(m(dom(two("<distances><sibling id='1' value='10'/></distances>")), 'numa-distance-invalid'), /^'value 10' is invalid for 'sibling id 1' under NUMA 'cell id 0'/);
  assert.match(m(dom(two("<distances><sibling id='1' value='4294967295'/></distances>")), 'numa-distance-invalid'), /^'value -1' is invalid/);
  assert.match(m(dom(hmatCell(cache("level='4' associativity='direct' policy='writeback'"))), 'numa-cache-level-invalid'), /^Ain't nobody heard of that much cache level/);
  assert.match(m(dom(hmatCell(cache("level='0' associativity='direct' policy='writeback'"))), 'numa-cache-level-invalid'), /^Invalid value for attribute 'level' in element 'cache': Zero is not permitted/);
  assert.equal(m(dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'", "<line value='8' unit='B'/>"))), 'numa-attribute-missing'), "missing element or attribute './size/@value'");
  assert.equal(m(dom(two('', '', "<interconnects><latency initiator='0' target='1' type='none' value='5'/></interconnects>")), 'numa-attribute-invalid'), "Invalid value for attribute 'type' in element 'latency': 'none'.");
  assert.match(m(dom(two('', '', "<interconnects><latency initiator='0' target='2' type='access' value='5'/></interconnects>")), 'numa-interconnect-node-invalid'), /^'target' refers to a non-existent NUMA node/);
  assert.match(m(dom(two('', '', "<interconnects><latency initiator='0' target='1' cache='1' type='access' value='5'/></interconnects>")), 'numa-interconnect-cache-invalid'), /^'cache' refers to a non-existent NUMA node cache/);
  assert.equal(
    m(dom(two('', '', "<interconnects><latency initiator='0' target='1' type='access' value='5'/><latency initiator='0' target='1' type='access' value='6'/></interconnects>")), 'numa-interconnect-duplicate'),
    'Duplicate info for NUMA latencies',
  );
  assert.match(
    m(dom(two('', '', "<interconnects><latency initiator='0' target='1' type='access' value='5'/><bandwidth initiator='1' target='0' type='access' value='204800' unit='KiB'/></interconnects>")), 'numa-interconnect-duplicate'),
    /^Link already defined/,
  );
  assert.match(m(dom(`<numa><cell id='0' cpus='0-1' ${M}/><cell id='1' ${M}/><interconnects><latency initiator='1' target='0' type='access' value='5'/></interconnects></numa>`), 'numa-interconnect-initiator-no-cpus'), /^NUMA nodes without CPUs can't be initiator/);
  assert.match(
    m(dom(`<numa><cell id='0' cpus='0-1' ${M}/><interconnects><bandwidth initiator='0' target='0' type='access' value='100' unit='KiB'/></interconnects></numa>`), 'numa-qemu-refuses'),
    /Bandwidth 102400 between initiator=0 and target=0 should be 1MB aligned$/,
  );
  assert.match(m(dom(hmatCell(cache("level='2' associativity='direct' policy='writeback'"))), 'numa-qemu-refuses'), /Cache level=1 shall be defined first$/);
});

// --- quieter cases: the nearest text libvirt accepts ---

test('no vCPU checks against a <vcpu> the vCPU rules already refuse', () => {
  assert.deepEqual(check(dom(`<numa><cell id='0' cpus='0-3' ${M}/></numa>`, { vcpu: 'x' })), []);
});

test('other drivers do not fill cell 0, and QEMU-only limits stay quiet', () => {
  assert.deepEqual(check(dom(`<numa><cell id='0' cpus='2' ${M}/><cell id='1' cpus='3' memory='0'/></numa>`, { vcpu: 4, type: 'xen' })), []);
});

test('a <cpu> without <numa> gives no NUMA findings', () => {
  assert.deepEqual(check(dom("<topology sockets='1' dies='1' cores='2' threads='1'/>", { memory: "<memory unit='MiB'>256</memory>" })), []);
});

test('without <numa>, <memory> absent or 0 is refused at define', () => {
  assert.deepEqual(check(dom('')), [['numa-memory-unspecified', 'domain']]);
  assert.deepEqual(check(dom('', { memory: "<memory unit='MiB'>0</memory>" })), [['numa-memory-unspecified', 'memory']]);
  assert.deepEqual(check(dom('', { memory: "<memory unit='MiB'>1</memory>" })), []);
});

// --- quick-fixes: applied, then checked again ---

test('fix: one cell with every vCPU and the domain memory', () => {
  const r = fix(dom('<numa/>', { memory: "<memory unit='MiB'>256</memory>" }), 'numa-no-cells');
  assert.match(r.after, /<numa><cell id='0' cpus='0-1' memory='262144' unit='KiB'\/><\/numa>/);
  assert.deepEqual(r.remaining, []);
});

test('fix: renumbering cells moves every reference along', () => {
  const xml = dom(
    "<numa><cell id='1' cpus='0' memory='128' unit='MiB'><distances><sibling id='1' value='10'/><sibling id='2' value='20'/></distances></cell>" +
      "<cell id='2' cpus='1' memory='128' unit='MiB'><distances><sibling id='2' value='10'/><sibling id='1' value='20'/></distances></cell>" +
      "<interconnects><latency initiator='1' target='2' type='access' value='5'/></interconnects></numa>",
    { extra: "<numatune><memnode cellid='2' mode='strict' nodeset='0'/></numatune>" },
  );
  const r = fix(xml, 'numa-cell-id-invalid');
  assert.equal(
    r.after,
    dom(
      "<numa><cell id='0' cpus='0' memory='128' unit='MiB'><distances><sibling id='0' value='10'/><sibling id='1' value='20'/></distances></cell>" +
        "<cell id='1' cpus='1' memory='128' unit='MiB'><distances><sibling id='1' value='10'/><sibling id='0' value='20'/></distances></cell>" +
        "<interconnects><latency initiator='0' target='1' type='access' value='5'/></interconnects></numa>",
      { extra: "<numatune><memnode cellid='1' mode='strict' nodeset='0'/></numatune>" },
    ),
  );
  assert.deepEqual(r.remaining, []);
});

test('fix: duplicate ids renumbered', () => {
  const r = fix(dom(`<numa><cell id='0' cpus='0' ${M}/><cell id='0' cpus='1' ${M}/></numa>`), 'numa-cell-id-duplicate');
  assert.equal(r.after, dom(two()));
  assert.deepEqual(r.remaining, []);
});

test('fix: cells sorted by id', () => {
  const r = fix(dom(`<numa><cell id='1' cpus='1' ${M}/><cell id='0' cpus='0' ${M}/></numa>`), 'numa-cell-order');
  assert.equal(r.after, dom(two()));
  assert.deepEqual(r.remaining, []);
});

test('fix: the shared vCPUs leave the later cell', () => {
  const r = fix(dom(`<numa><cell id='0' cpus='0-1' ${M}/><cell id='1' cpus='2' ${M}/><cell id='2' cpus='1-3' ${M}/></numa>`, { vcpu: 4 }), 'numa-cpus-overlap');
  assert.match(r.after, /<cell id='2' cpus='3' /);
  assert.deepEqual(r.remaining, []);
  const empty = fix(dom(`<numa><cell id='0' cpus='0-1' ${M}/><cell id='1' cpus='2' ${M}/><cell id='2' cpus='1-2' ${M}/></numa>`, { vcpu: 3 }), 'numa-cpus-overlap');
  assert.match(empty.after, /<cell id='2' memory=/);
  assert.deepEqual(empty.remaining, []);
});

test('fix: vCPUs past <vcpu> dropped, or <vcpu> raised', () => {
  const xml = dom(`<numa><cell id='0' cpus='0-3' ${M}/></numa>`);
  const drop = fix(xml, 'numa-cpus-exceed-vcpu', 'Remove vCPU 2-3');
  assert.match(drop.after, /cpus='0-1'/);
  assert.deepEqual(drop.remaining, []);
  const raise = fix(xml, 'numa-cpus-exceed-vcpu', 'Raise <vcpu> to 4');
  assert.match(raise.after, /<vcpu>4<\/vcpu>/);
  assert.deepEqual(raise.remaining, []);
  assert.ok(!fix(dom(`<numa><cell id='0' cpus='0-3' ${M}/></numa>`, { topology: "<topology sockets='1' dies='1' cores='2' threads='1'/>" }), 'numa-cpus-exceed-vcpu', 'Remove').titles.some((t) => t.startsWith('Raise')));
});

test('fix: unassigned vCPUs written into cell 0', () => {
  const r = fix(dom(`<numa><cell id='0' cpus='2' ${M}/><cell id='1' cpus='3' ${M}/></numa>`, { vcpu: 4 }), 'numa-cpus-unassigned');
  assert.match(r.after, /<cell id='0' cpus='0-2' /);
  assert.deepEqual(r.remaining, []);
  const none = fix(dom(`<numa><cell id='0' ${M}/></numa>`), 'numa-cpus-unassigned');
  assert.match(none.after, /<cell id='0' memory='128' unit='MiB' cpus='0-1'\/>/);
  assert.deepEqual(none.remaining, []);
});

test('fix: cpus typos and schema forms', () => {
  assert.match(fix(dom(`<numa><cell id='0' cpus='1-0' ${M}/></numa>`), 'numa-cpus-invalid').after, /cpus='0-1'/);
  const empty = fix(dom(`<numa><cell id='0' cpus='' ${M}/></numa>`), 'numa-cpus-invalid');
  assert.match(empty.after, /<cell id='0' memory=/);
  const blanks = fix(dom(`<numa><cell id='0' cpus=' 0 - 1 ' ${M}/></numa>`), 'numa-schema-invalid');
  assert.match(blanks.after, /cpus='0-1'/);
  assert.deepEqual(blanks.remaining, []);
});

test('fix: memory, unit, memAccess and discard values', () => {
  const cases: Array<[string, string, RegExp]> = [
    [`<numa><cell id='0' cpus='0-1' memory='131072 '/></numa>`, 'numa-memory-invalid', /memory='131072'/],
    [`<numa><cell id='0' cpus='0-1' memory='+131072'/></numa>`, 'numa-schema-invalid', /memory='131072'/],
    [`<numa><cell id='0' cpus='0-1' memory='128' unit='MiB '/></numa>`, 'numa-unit-invalid', /unit='MiB'/],
    [`<numa><cell id='0' cpus='0-1' memory='128' unit='megs'/></numa>`, 'numa-unit-invalid', /unit='MiB'/],
    [`<numa><cell id='0' cpus='0-1' memory='131072' unit=''/></numa>`, 'numa-schema-invalid', /memory='131072'\/>/],
    [`<numa><cell id='0' cpus='0-1' ${M} memAccess='Shared'/></numa>`, 'numa-attribute-invalid', /memAccess='shared'/],
    [`<numa><cell id='0' cpus='0-1' ${M} discard='on'/></numa>`, 'numa-attribute-invalid', /discard='yes'/],
    [`<numa><cell id='0' cpus='0' ${M}/><cell id='+1' cpus='1' ${M}/></numa>`, 'numa-schema-invalid', /id='1'/],
  ];
  for (const [numa, code, expected] of cases) {
    const r = fix(dom(numa), code);
    assert.match(r.after, expected, numa);
    assert.deepEqual(r.remaining, [], numa);
  }
});

test('fix: <memory> set to the cells total', () => {
  const r = fix(dom(`<numa><cell id='0' cpus='0-1' ${M}/></numa>`, { memory: "<memory unit='MiB'>1024</memory>\n  <currentMemory unit='MiB'>1024</currentMemory>" }), 'numa-memory-replaced');
  assert.match(r.after, /<memory unit='MiB'>128<\/memory>\n  <currentMemory unit='MiB'>128<\/currentMemory>/);
  assert.deepEqual(r.remaining, []);
  const kib = fix(dom(`<numa><cell id='0' cpus='0-1' memory='1000'/></numa>`, { memory: '<memory>2048</memory>' }), 'numa-memory-replaced');
  assert.match(kib.after, /<memory unit='KiB'>1000<\/memory>/);
  assert.deepEqual(kib.remaining, []);
});

test('fix: distances', () => {
  const self = fix(dom(two("<distances><sibling id='0' value='20'/></distances>")), 'numa-distance-invalid');
  assert.match(self.after, /<sibling id='0' value='10'\/>/);
  assert.deepEqual(self.remaining, []);
  const remote = fix(dom(two("<distances><sibling id='1' value='10'/></distances>")), 'numa-distance-invalid');
  assert.match(remote.after, /<sibling id='1' value='20'\/>/);
  assert.deepEqual(remote.remaining, []);
  assert.deepEqual(fix(dom(two('<distances/>')), 'numa-distances-empty').after, dom(two('<!---->').replace('<!---->', '')));
  const twice = fix(dom(two("<distances><sibling id='1' value='20'/><sibling id='1' value='30'/></distances>")), 'numa-distance-duplicate');
  assert.equal(twice.after, dom(two("<distances><sibling id='1' value='30'/></distances>")));
  assert.deepEqual(twice.remaining, []);
  assert.deepEqual(fix(dom(two("<distances><sibling id='2' value='20'/><sibling id='1' value='20'/></distances>")), 'numa-distance-sibling-invalid', 'Remove').remaining, []);
});

test('fix: cache units converted to what libvirt reads', () => {
  const xml = dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'", "<size value='10' unit='MiB'/><line value='1' unit='KiB'/>")));
  const size = fix(xml, 'numa-cache-unit-ignored');
  assert.match(size.after, /<size value='10240' unit='KiB'\/>/);
  const both = fix(size.after, 'numa-cache-unit-ignored');
  assert.match(both.after, /<line value='1024' unit='B'\/>/);
  assert.deepEqual(both.remaining, []);
  const missing = fix(dom(hmatCell(cache("level='1' associativity='direct' policy='writeback'", "<size value='10'/><line value='8' unit='B'/>"))), 'numa-schema-invalid');
  assert.match(missing.after, /<size value='10' unit='KiB'\/>/);
  assert.deepEqual(missing.remaining, []);
});

test('fix: repeated interconnects removed, bandwidth rounded to MiB', () => {
  const dup = fix(dom(two('', '', "<interconnects><latency initiator='0' target='1' type='access' value='5'/><latency initiator='0' target='1' type='access' value='6'/></interconnects>")), 'numa-interconnect-duplicate');
  assert.equal(dup.after, dom(two('', '', "<interconnects><latency initiator='0' target='1' type='access' value='5'/></interconnects>")));
  assert.deepEqual(dup.remaining, []);
  const bw = fix(dom(`<numa><cell id='0' cpus='0-1' ${M}/><interconnects><bandwidth initiator='0' target='0' type='access' value='100' unit='KiB'/></interconnects></numa>`), 'numa-qemu-refuses', 'Round up');
  assert.match(bw.after, /value='1' unit='MiB'/);
  assert.deepEqual(bw.remaining, []);
});

test('fix: extra <numa> removed', () => {
  const r = fix(dom(`<numa><cell id='0' cpus='0-1' ${M}/></numa><numa><cell id='0' cpus='0-1' memory='64' unit='MiB'/></numa>`), 'numa-schema-invalid');
  assert.equal(r.after, dom(`<numa><cell id='0' cpus='0-1' ${M}/></numa>`));
  assert.deepEqual(r.remaining, []);
});

test('hostile input: many cells with full lists stay fast and bounded', () => {
  const cells = Array.from({ length: 3000 }, (_, i) => `<cell id='${i}' cpus='0-16383' memory='1'/>`).join('');
  const started = Date.now();
  const found = check(dom(`<numa>${cells}</numa>`, { vcpu: 16384 }));
  assert.ok(Date.now() - started < 3000, 'under 3 s');
  assert.ok(found.some(([code]) => code === 'numa-cpus-overlap'));
});
