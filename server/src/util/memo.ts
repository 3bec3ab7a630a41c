// Memos whose entries are kept on their key object, so an entry lives exactly
// as long as its key.
//
// Why not a WeakMap: in the V8 that Node 20 ships (11.3), a long-lived WeakMap
// keeps an entry whose value refers back to its key (as a document's facts
// refer to its elements) alive through every young-generation GC, even when
// nothing else reaches the key; only a full GC drops it. Every parsed
// document's facts, devices and schema analysis were memoised that way,
// so all of them outlived each scavenge, were copied and promoted, and made
// full GCs frequent: about a fifth of a 5,000-file lint run was garbage
// collection (docs/performance.md, 3 December 2026). A property on the key
// dies with the key at the first scavenge after it.

/** A memo keyed by object identity; the value is stored on the key under a private symbol. */
export interface OwnMemo<K extends object, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): V;
}

/**
 * A memo for per-document values keyed by a document (or an object made for
 * one). The property is non-enumerable, so it never shows in JSON, key lists
 * or deep comparisons; a key that cannot take properties (frozen) falls back
 * to a WeakMap.
 */
export function ownMemo<K extends object, V>(name: string): OwnMemo<K, V> {
  const slot = Symbol(name);
  let frozen: WeakMap<K, V> | undefined;
  return {
    get(key) {
      // The fallback first: a key frozen after its first entry keeps that one as a stale own property.
      const late = frozen?.get(key);
      return late !== undefined ? late : (key as Record<symbol, V | undefined>)[slot];
    },
    set(key, value) {
      if (Object.isExtensible(key)) Object.defineProperty(key, slot, { value, writable: true, configurable: true, enumerable: false });
      else (frozen ??= new WeakMap()).set(key, value);
      return value;
    },
  };
}
