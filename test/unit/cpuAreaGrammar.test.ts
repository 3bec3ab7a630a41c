// The CPU-area table against libvirt's grammar: the notes (domain/cpuAreaNotes.ts)
// name only elements, attributes and values data/grammar.json has, and the grammar
// has nothing in the area without a note, so drift either way fails; the structure
// joined from the grammar answers every question the hand-written table of earlier
// releases answered, the same way (the expected text below is that table's).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledGrammar } from '../../server/src/schema/bundled';
import type { GrammarData, PatternData } from '../../server/src/schema/format';
import { outlineAt } from '../../server/src/schema/outline';
import { cpuAreaNotes, type ElementNote } from '../../server/src/domain/cpuAreaNotes';
import { cpuPeriodLimits, cpuQuotaLimits, domainSchema, elementSpec, vcpuCountLimits, type ElementSpec } from '../../server/src/domain/schema';

/** What disagrees between the notes and the grammar, one line each; [] when they agree. */
function noteProblems(notes: Readonly<Record<string, ElementNote>>, grammar: GrammarData): string[] {
  const out: string[] = [];
  for (const [path, note] of Object.entries(notes)) {
    const outline = outlineAt(grammar, path);
    if (!outline) {
      out.push(`${path}: no such element in the grammar`);
      continue;
    }
    const cut = path.lastIndexOf('/');
    if (cut >= 0 && !Object.hasOwn(notes, path.slice(0, cut))) out.push(`${path}: its parent has no note`);
    for (const c of outline.children) {
      if (!note.partial && !Object.hasOwn(notes, `${path}/${c.name}`)) out.push(`${path}/${c.name}: in the grammar without a note`);
    }
    if (note.partial) {
      if (note.attributes) out.push(`${path}: a partial element describes no attributes`);
      continue;
    }
    const attributes = note.attributes ?? {};
    for (const name of Object.keys(attributes)) {
      if (!outline.attributes.some((a) => a.name === name)) out.push(`${path}@${name}: no such attribute in the grammar`);
    }
    for (const a of outline.attributes) {
      const n = Object.hasOwn(attributes, a.name) ? attributes[a.name] : undefined;
      if (!n) {
        out.push(`${path}@${a.name}: in the grammar without a note`);
        continue;
      }
      const enumeration = a.values.length > 0 && a.data.length === 0 && !a.text;
      const noted = Object.keys(n.values ?? {});
      if (!enumeration && noted.length > 0) out.push(`${path}@${a.name}: values noted for an attribute the grammar does not enumerate`);
      if (!enumeration) continue;
      for (const v of noted) if (!a.values.includes(v)) out.push(`${path}@${a.name}='${v}': no such value in the grammar`);
      for (const v of a.values) if (!noted.includes(v)) out.push(`${path}@${a.name}='${v}': in the grammar without a note`);
      if (n.default !== undefined && !a.values.includes(n.default)) out.push(`${path}@${a.name}: default '${n.default}' is not a value`);
    }
    if (note.text && !outline.text) out.push(`${path}: text noted for an element without text`);
    if (!note.text && outline.text) out.push(`${path}: text in the grammar without a note`);
  }
  return out;
}

const grammar = bundledGrammar().data;

test('the notes and the grammar name the same elements, attributes and values', () => {
  assert.deepEqual(noteProblems(cpuAreaNotes, grammar), []);
  assert.equal(Object.keys(cpuAreaNotes).length, 51);
});

test('a note the grammar lacks, or grammar without a note, is found', () => {
  const cpu = cpuAreaNotes['domain/cpu'];
  const tampered = {
    ...cpuAreaNotes,
    'domain/cpu': { ...cpu, attributes: { ...cpu.attributes, modes: { doc: 'A misspelt attribute.' } } },
    'domain/cpu/arch': { doc: 'Host CPU descriptions only.' },
  };
  assert.deepEqual(noteProblems(tampered, grammar), ['domain/cpu@modes: no such attribute in the grammar', 'domain/cpu/arch: no such element in the grammar']);
  // A grammar where <cpu>'s deprecated_features is spelt differently and <topology> has no clusters.
  const copy = JSON.parse(JSON.stringify(grammar)) as GrammarData;
  for (const p of copy.patterns as PatternData[]) {
    if (p[0] === 'at' && p[1][0] === 0 && p[1][1] === 'deprecated_features') p[1] = [0, 'deprecatedFeatures'];
    if (p[0] === 'at' && p[1][0] === 0 && p[1][1] === 'clusters') p[1] = [0, 'clusterz'];
  }
  assert.deepEqual(noteProblems(cpuAreaNotes, copy), [
    'domain/cpu@deprecated_features: no such attribute in the grammar',
    'domain/cpu@deprecatedFeatures: in the grammar without a note',
    'domain/cpu/topology@clusters: no such attribute in the grammar',
    'domain/cpu/topology@clusterz: in the grammar without a note',
  ]);
});

/** One element's structure as text: flags, attributes (! = required) with kind, bounds and values, text, children. */
function renderStructure(path: string, s: ElementSpec): string {
  const range = (min?: number, max?: number) => (min === undefined && max === undefined ? '' : ` ${min ?? ''}..${max ?? ''}`);
  const flags = [s.required && 'required', s.repeatable && 'repeatable', s.partial && 'partial'].filter(Boolean);
  const lines = [`${path}${flags.length ? ` (${flags.join(', ')})` : ''}`];
  for (const a of s.attributes) {
    lines.push(`  @${a.name}${a.required ? '!' : ''} ${a.kind}${range(a.min, a.max)}${a.values ? ` ${a.values.map((v) => v.value).join('|')}` : ''}`);
  }
  if (s.text) lines.push(`  text ${s.text.kind}${range(s.text.min, s.text.max)}`);
  if (s.children.length) lines.push(`  > ${s.children.join(' ')}`);
  return lines.join('\n');
}

/**
 * The structure the hand-written table (until this release) gave, rendered by
 * renderStructure, with the one place where the grammar now says more: the
 * unsignedLong attributes (poll max/grow/shrink, cachetune cache size) have the
 * lower bound 0 of their XSD type, which the table left unstated.
 */
const handWrittenStructure = `
domain (partial)
  > vcpu vcpus iothreads iothreadids defaultiothread cputune numatune cpu
domain/vcpu
  @placement enum static|auto
  @cpuset cpuset
  @current uint 1..65535
  text uint 1..65535
domain/vcpus
  > vcpu
domain/vcpus/vcpu (repeatable)
  @id! uint 0..4294967295
  @enabled! yesno yes|no
  @hotpluggable yesno yes|no
  @order uint 0..4294967295
domain/iothreads
  text uint 0..4294967295
domain/iothreadids
  > iothread
domain/iothreadids/iothread (repeatable)
  @id! uint 0..4294967295
  @thread_pool_min uint 0..4294967295
  @thread_pool_max uint 0..4294967295
  > poll
domain/iothreadids/iothread/poll
  @max ullong 0..
  @grow ullong 0..
  @shrink ullong 0..
domain/defaultiothread
  @thread_pool_min uint 0..4294967295
  @thread_pool_max uint 0..4294967295
domain/cputune
  > shares period quota global_period global_quota emulator_period emulator_quota iothread_period iothread_quota vcpupin emulatorpin iothreadpin vcpusched iothreadsched emulatorsched cachetune memorytune
domain/cputune/shares
  text uint 0..4294967295
domain/cputune/period
  text ullong 1000..1000000
domain/cputune/quota
  text llong -1..17592186044415
domain/cputune/global_period
  text ullong 1000..1000000
domain/cputune/global_quota
  text llong -1..17592186044415
domain/cputune/emulator_period
  text ullong 1000..1000000
domain/cputune/emulator_quota
  text llong -1..17592186044415
domain/cputune/iothread_period
  text ullong 1000..1000000
domain/cputune/iothread_quota
  text llong -1..17592186044415
domain/cputune/vcpupin (repeatable)
  @vcpu! uint 0..65535
  @cpuset! cpuset
domain/cputune/emulatorpin
  @cpuset! cpuset
domain/cputune/iothreadpin (repeatable)
  @iothread! uint 0..4294967295
  @cpuset! cpuset
domain/cputune/vcpusched (repeatable)
  @vcpus cpuset
  @scheduler! enum batch|idle|fifo|rr
  @priority uint 0..65535
domain/cputune/iothreadsched (repeatable)
  @iothreads cpuset
  @scheduler! enum batch|idle|fifo|rr
  @priority uint 0..65535
domain/cputune/emulatorsched
  @scheduler! enum batch|idle|fifo|rr
  @priority uint 0..65535
domain/cputune/cachetune (repeatable)
  @vcpus! cpuset
  @id text
  > cache monitor
domain/cputune/cachetune/cache (repeatable)
  @id! uint 0..4294967295
  @level! uint 0..4294967295
  @type! enum both|code|data
  @size! ullong 0..
  @unit unit
domain/cputune/cachetune/monitor (repeatable)
  @level! uint 0..4294967295
  @vcpus! cpuset
domain/cputune/memorytune (repeatable)
  @vcpus! cpuset
  > node monitor
domain/cputune/memorytune/node (repeatable)
  @id! uint 0..4294967295
  @bandwidth! uint 0..4294967295
domain/cputune/memorytune/monitor (repeatable)
  @vcpus! cpuset
domain/numatune
  > memory memnode
domain/numatune/memory
  @mode enum strict|preferred|interleave|restrictive
  @placement enum static|auto
  @nodeset cpuset
domain/numatune/memnode (repeatable)
  @cellid! uint 0..4294967295
  @mode! enum strict|preferred|interleave|restrictive
  @nodeset! cpuset
domain/cpu
  @mode enum custom|host-model|host-passthrough|maximum
  @match enum minimum|exact|strict
  @check enum none|partial|full
  @migratable onoff on|off
  @deprecated_features onoff on|off
  > model vendor topology feature numa cache maxphysaddr
domain/cpu/model
  @fallback enum allow|forbid
  @vendor_id text
  text modelName
domain/cpu/vendor
  text vendorName
domain/cpu/topology
  @sockets! uint 1..
  @dies uint 1..
  @clusters uint 1..
  @cores! uint 1..
  @threads! uint 1..
domain/cpu/feature (repeatable)
  @policy! enum force|require|optional|disable|forbid
  @name! featureName
domain/cpu/numa
  > cell interconnects
domain/cpu/numa/cell (required, repeatable)
  @id uint 0..4294967295
  @cpus cpuset
  @memory! scaledInteger 0..
  @unit unit
  @memAccess enum shared|private
  @discard yesno yes|no
  > distances cache
domain/cpu/numa/cell/distances
  > sibling
domain/cpu/numa/cell/distances/sibling (required, repeatable)
  @id! uint 0..4294967295
  @value! uint 10..255
domain/cpu/numa/cell/cache (repeatable)
  @level! uint 0..4294967295
  @associativity! enum none|direct|full
  @policy! enum none|writeback|writethrough
  > size line
domain/cpu/numa/cell/cache/size (required)
  @value! uint 0..4294967295
  @unit! unit
domain/cpu/numa/cell/cache/line (required)
  @value! uint 0..4294967295
  @unit! unit
domain/cpu/numa/interconnects
  > latency bandwidth
domain/cpu/numa/interconnects/latency (repeatable)
  @initiator! uint 0..4294967295
  @target! uint 0..4294967295
  @cache uint 0..4294967295
  @type! enum access|read|write
  @value! uint 0..4294967295
domain/cpu/numa/interconnects/bandwidth (repeatable)
  @initiator! uint 0..4294967295
  @target! uint 0..4294967295
  @cache uint 0..4294967295
  @type! enum access|read|write
  @value! uint 0..4294967295
  @unit! unit
domain/cpu/cache
  @level enum 1|2|3
  @mode! enum emulate|passthrough|disable
domain/cpu/maxphysaddr
  @mode! enum emulate|passthrough
  @bits uint 0..4294967295
  @limit uint 0..4294967295
`;

test('the structure from the grammar is the hand-written table\'s, element by element', () => {
  const expected = handWrittenStructure.trim().split(/\n(?=\S)/);
  const actual = Object.keys(domainSchema).map((p) => renderStructure(p, elementSpec(p)!));
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.equal(actual[i], expected[i]);
});

test('the bounds the CPU rules quote come from the grammar', () => {
  assert.deepEqual({ ...vcpuCountLimits }, { min: 1, max: 65535, vcpuIdMax: 65535 });
  assert.deepEqual({ ...cpuPeriodLimits }, { min: 1000, max: 1000000 });
  assert.deepEqual({ ...cpuQuotaLimits }, { min: -1, max: 17592186044415 });
});

test('kinds the grammar cannot tell come from the notes, the rest from its datatypes and defines', () => {
  assert.equal(elementSpec('domain/cpu/model')!.text?.kind, 'modelName');
  assert.equal(elementSpec('domain/cpu/vendor')!.text?.kind, 'vendorName');
  const kinds = (path: string) => Object.fromEntries(elementSpec(path)!.attributes.map((a) => [a.name, a.kind]));
  assert.deepEqual(kinds('domain/cpu/feature'), { policy: 'enum', name: 'featureName' });
  assert.deepEqual(kinds('domain/cpu/numa/cell'), { id: 'uint', cpus: 'cpuset', memory: 'scaledInteger', unit: 'unit', memAccess: 'enum', discard: 'yesno' });
  assert.deepEqual(kinds('domain/cputune/vcpusched'), { vcpus: 'cpuset', scheduler: 'enum', priority: 'uint' });
  assert.equal(elementSpec('domain/cputune/quota')!.text?.kind, 'llong');
});
