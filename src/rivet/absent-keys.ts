import type { Unsubscribe } from '../core/backend.ts';
import { backoffMs } from '../core/backoff.ts';
import { keyId, type SignalKey } from '../core/key.ts';

interface Lookup {
  key: SignalKey;
  waiting: Set<() => void>;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Lookups that found no actor so far. */
  misses: number;
}

/**
 * Subscriptions to keys whose actor does not exist and that no server code declared (a browser
 * named them). Subscribing through the pool would create the actor, so a browser could fill the
 * engine with actors for names it invents; instead each such key is looked up (`exists`, which
 * creates nothing), once per key however many subscriptions wait for it, with growing pauses,
 * and at once after a write from this process, until its actor exists.
 */
export class AbsentKeys {
  readonly #exists: (key: SignalKey) => Promise<boolean>;
  readonly #lookups = new Map<string, Lookup>();

  constructor(exists: (key: SignalKey) => Promise<boolean>) {
    this.#exists = exists;
  }

  /** Calls `onExists` once the key's actor exists; the returned function stops waiting. */
  watch(key: SignalKey, onExists: () => void): Unsubscribe {
    const id = keyId(key);
    let lookup = this.#lookups.get(id);
    if (!lookup) {
      lookup = { key, waiting: new Set(), timer: undefined, misses: 0 };
      this.#lookups.set(id, lookup);
      void this.#look(id, lookup);
    }
    const entry = lookup;
    const wake = () => onExists();
    entry.waiting.add(wake);
    return () => {
      entry.waiting.delete(wake);
      if (entry.waiting.size === 0) this.#end(id, entry);
    };
  }

  /** A write from this process created the key's actor: its subscriptions attach now. */
  written(key: SignalKey): void {
    const id = keyId(key);
    const lookup = this.#lookups.get(id);
    if (lookup) this.#found(id, lookup);
  }

  /** Keys being looked up, for tests. */
  get size(): number {
    return this.#lookups.size;
  }

  async #look(id: string, lookup: Lookup): Promise<void> {
    if (this.#lookups.get(id) !== lookup) return;
    if (await this.#exists(lookup.key).catch(() => false)) return this.#found(id, lookup);
    if (this.#lookups.get(id) !== lookup) return;
    // Up to 5 s between lookups: a first write made in another process reaches this key's
    // subscribers that much later; a write from this process wakes them at once.
    lookup.timer = setTimeout(() => void this.#look(id, lookup), backoffMs(++lookup.misses, 5_000));
    lookup.timer.unref?.();
  }

  #found(id: string, lookup: Lookup): void {
    if (this.#lookups.get(id) !== lookup) return;
    this.#end(id, lookup);
    for (const wake of lookup.waiting) wake();
  }

  #end(id: string, lookup: Lookup): void {
    clearTimeout(lookup.timer);
    if (this.#lookups.get(id) === lookup) this.#lookups.delete(id);
  }
}
