// What opening and saving a libvirt object means, apart from the editor: read
// = `virsh dumpxml --inactive` (remembered as the base the user edits); save =
// check the host still has that base (else: a conflict, nothing written), then
// `virsh define --validate`, then read back what libvirt stored and say whether
// it differs from what was saved. No vscode import: tested with a stand-in virsh.

import { defineXml, dumpXml, type VirshOptions } from '../../../server/src/io/virsh';
import { describeLive, type LiveRef } from './liveUri';
import { canonicalXml, objectName, rewritten } from './xmlCompare';

export type ReadOutcome = { ok: true; text: string; mtime: number } | { ok: false; message: string; missing: boolean };

export type SaveOutcome =
  /** Stored; `stored` is libvirt's text, `rewritten` whether it says more or less than the saved one. */
  | { kind: 'saved'; stored: string; rewritten: boolean; mtime: number }
  /** libvirt refused the definition: its own message. */
  | { kind: 'refused'; message: string }
  /** The host's definition changed since it was read: `current` is the host's text; nothing was written. */
  | { kind: 'conflict'; current: string }
  /** The save never reached libvirt's judgement (host unreachable, virsh missing, the name changed). */
  | { kind: 'failed'; message: string };

interface Entry {
  /** The definition as last read from or stored on the host. */
  base: string;
  mtime: number;
}

export class LiveStore {
  private readonly entries = new Map<string, Entry>();
  private clock = 0;

  constructor(private readonly virsh: () => VirshOptions) {}

  /** The stat of an object already read (size of the base text in bytes, a change counter as mtime). */
  known(key: string): { size: number; mtime: number } | undefined {
    const e = this.entries.get(key);
    return e && { size: Buffer.byteLength(e.base, 'utf8'), mtime: e.mtime };
  }

  /** The definition libvirt stores, remembered as the base of later saves. */
  async read(key: string, ref: LiveRef): Promise<ReadOutcome> {
    const r = await dumpXml(this.virsh(), ref.connection, ref.kind, ref.name);
    if (!r.ok) return { ok: false, message: r.libvirt ? `${describeLive(ref)}: ${r.libvirt}` : r.error, missing: r.reason === 'failed' && /^failed to get /i.test(r.libvirt ?? '') };
    return { ok: true, text: r.stdout, mtime: this.remember(key, r.stdout) };
  }

  /**
   * Saves `text` as the object's definition. Unless `force`, first checks that
   * the host still has the base this document was read from (compared in
   * canonical form); a host that changed is a conflict and nothing is written.
   */
  async save(key: string, ref: LiveRef, text: string, force = false): Promise<SaveOutcome> {
    const virsh = this.virsh();
    const named = objectName(text);
    if (named !== undefined && named !== ref.name) {
      return { kind: 'failed', message: `The XML names the ${ref.kind} '${named}', but this document is ${describeLive(ref)}: saving would define another ${ref.kind}. Put back <name>${ref.name}</name> (to rename a domain, use virsh domrename).` };
    }
    const base = this.entries.get(key)?.base;
    if (!force && base !== undefined) {
      const now = await dumpXml(virsh, ref.connection, ref.kind, ref.name);
      if (now.ok && canonicalXml(now.stdout) !== canonicalXml(base)) return { kind: 'conflict', current: now.stdout };
      if (!now.ok && now.reason !== 'failed') return { kind: 'failed', message: now.error };
    }
    const defined = await defineXml(virsh, ref.connection, ref.kind, text);
    if (!defined.ok) {
      if (defined.reason === 'failed' && defined.libvirt) return { kind: 'refused', message: defined.libvirt };
      return { kind: 'failed', message: defined.error };
    }
    const stored = await dumpXml(virsh, ref.connection, ref.kind, ref.name);
    // Defined but not readable back (should not happen): keep the saved text as the base.
    const storedText = stored.ok ? stored.stdout : text;
    return { kind: 'saved', stored: storedText, rewritten: rewritten(text, storedText), mtime: this.remember(key, storedText) };
  }

  /** Moves the mtime on without a change of text, so the editor reads the object again. */
  touch(key: string): void {
    const e = this.entries.get(key);
    if (e) e.mtime = Math.max(Date.now(), e.mtime + 1);
  }

  private remember(key: string, base: string): number {
    const previous = this.entries.get(key);
    // The mtime moves only when the text does, and never backwards.
    const mtime = previous && previous.base === base ? previous.mtime : Math.max(Date.now(), (previous?.mtime ?? 0) + 1, ++this.clock);
    this.entries.set(key, { base, mtime });
    return mtime;
  }
}
