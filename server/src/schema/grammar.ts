// The schema facade: which grammar root a document uses, and one pattern store
// per grammar, replaced when it has grown past its bound (memory stays
// bounded across any number of documents).

import type { XmlDocument } from '../xml/nodes';
import type { GrammarData } from './format';
import { PatternStore, softPatternLimit, type StoreSnapshot } from './patterns';
import { validateTree, type SchemaResult } from './validate';
import { ownMemo } from '../util/memo';

/** One validation of a document. */
export interface Analysis {
  result: SchemaResult;
  store: PatternStore;
}

export class Grammar {
  private storeInUse: PatternStore | undefined;
  private pendingWarmStart: (() => unknown) | undefined;
  private warmOutcome: string | undefined;
  /** The store and its change count at the last `snapshot`, which a long-lived process takes more than once. */
  private lastSnapshot: { store: PatternStore; changes: number } | undefined;
  /** Per document, on the document (util/memo.ts says why not a WeakMap). */
  private readonly analyses = ownMemo<XmlDocument, Analysis | null>('grammarAnalysis');

  constructor(readonly data: GrammarData) {}

  /** libvirt release of the schemas. */
  get libvirtVersion(): string {
    return this.data.libvirtVersion;
  }

  /** Is there a grammar for documents whose root element is `name`? */
  hasRoot(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.data.roots, name);
  }

  /** The schema file a root comes from ('domain.rng'). */
  rootFile(name: string): string | undefined {
    return this.hasRoot(name) ? this.data.roots[name].file : undefined;
  }

  /**
   * Starts the pattern store from a snapshot an earlier process took
   * (`snapshot`), so the first documents need not derive everything again.
   * `load` is called when the store is first needed (a run over files that
   * are not libvirt's never reads it) and returns the snapshot or why there
   * is none; `warmStatus` then tells whether it was used.
   */
  warmStartFrom(load: () => unknown): void {
    this.pendingWarmStart = load;
  }

  /** '' when the store was restored from a snapshot, else why not; undefined before the store was first needed. */
  get warmStatus(): string | undefined {
    return this.warmOutcome;
  }

  /** Starts the pattern store from `snap` now; '' when it was used, else why not (the store then starts empty). */
  warmStart(snap: unknown): string {
    this.pendingWarmStart = undefined;
    try {
      if (typeof snap === 'string') throw new Error(snap);
      this.storeInUse = PatternStore.restore(this.data, snap as StoreSnapshot);
      this.warmOutcome = '';
    } catch (e) {
      this.warmOutcome = e instanceof Error ? e.message : String(e);
    }
    return this.warmOutcome;
  }

  /**
   * The store as plain data for a later `warmStart`; undefined when it learnt
   * nothing since it was made or warm-started or since the last snapshot, or
   * holds more than `maxPatterns`.
   */
  snapshot(maxPatterns: number): StoreSnapshot | undefined {
    const s = this.storeInUse;
    if (!s || s.changes === 0 || s.size > maxPatterns) return undefined;
    if (this.lastSnapshot?.store === s && this.lastSnapshot.changes === s.changes) return undefined;
    this.lastSnapshot = { store: s, changes: s.changes };
    return s.snapshot();
  }

  /** The pattern store, fresh when the old one grew too large. */
  store(): PatternStore {
    if (this.pendingWarmStart) {
      const load = this.pendingWarmStart;
      this.pendingWarmStart = undefined;
      let snap: unknown;
      try {
        snap = load();
      } catch (e) {
        snap = e instanceof Error ? e.message : String(e);
      }
      this.warmStart(snap);
    }
    if (!this.storeInUse || this.storeInUse.size > softPatternLimit) this.storeInUse = new PatternStore(this.data);
    return this.storeInUse;
  }

  /**
   * The document validated against its root's grammar, once per parsed document.
   * (Completion and hover compute the few states they need lazily instead of
   * keeping one per element: on a 1 MB document that would be 4 maps of 50,000
   * entries.) Undefined for a root the grammar lacks.
   */
  analyse(xml: XmlDocument): Analysis | undefined {
    const hit = this.analyses.get(xml);
    if (hit !== undefined) return hit ?? undefined;
    const root = xml.roots[0];
    let out: Analysis | null = null;
    if (root && this.hasRoot(root.name)) {
      const store = this.store();
      out = { result: validateTree(store, xml, root.name), store };
    }
    this.analyses.set(xml, out);
    return out ?? undefined;
  }

  /**
   * Validates a document against the grammar of its root element (or of
   * `options.root`, e.g. 'domain', whatever the document's root is); nothing
   * for a root the grammar lacks.
   */
  validate(xml: XmlDocument, options: { root?: string } = {}): SchemaResult {
    const root = options.root ?? xml.roots[0]?.name;
    if (root === undefined || !this.hasRoot(root)) return { problems: [], complete: true };
    return validateTree(this.store(), xml, root);
  }
}
