import type { Stored, Unsubscribe } from './backend.ts';
import type { SignalKey } from './key.ts';

/**
 * One key's subscribers and the newest state seen for it. Every store that shares one source
 * among many listeners (the memory backend, the connection pool, a tab's hub client) fans out
 * through this, so "newest version wins" has one implementation.
 *
 * Invariant: `latest.version` never goes backwards, and each listener is called with strictly
 * increasing versions; a late or repeated state (a reconnect's re-read, a write's own result
 * racing its event) is dropped.
 */
export class KeyFanOut {
  readonly key: SignalKey;
  #latest: Stored | undefined;
  readonly #listeners = new Set<(stored: Stored) => void>();

  constructor(key: SignalKey) {
    this.key = key;
  }

  get latest(): Stored | undefined {
    return this.#latest;
  }

  get size(): number {
    return this.#listeners.size;
  }

  /** Adds a listener; it gets the newest state (if any) in a microtask, then every newer one. */
  listen(listener: (stored: Stored) => void): Unsubscribe {
    let delivered = -1;
    const guarded = (stored: Stored) => {
      if (stored.version <= delivered) return;
      delivered = stored.version;
      listener(stored);
    };
    this.#listeners.add(guarded);
    queueMicrotask(() => {
      if (this.#latest && this.#listeners.has(guarded)) guarded(this.#latest);
    });
    return () => this.#listeners.delete(guarded);
  }

  /** Passes `stored` to every listener if it is newer than anything seen. */
  offer(stored: Stored): void {
    if (this.#latest && stored.version <= this.#latest.version) return;
    this.#latest = stored;
    for (const listener of this.#listeners) listener(stored);
  }
}
