import { applyOp, parseWriteOp } from './apply-op.ts';
import {
  type Backend,
  EMPTY,
  inVersionOrder,
  type Stored,
  type Unsubscribe,
  type WriteOp,
} from './backend.ts';
import { DEFAULT_MAX_BYTES } from './codec.ts';
import { assertKey, keyId, type SignalKey } from './key.ts';

export interface MemoryBackendOptions {
  /** Largest encoded value accepted, in bytes. Default 1 MiB. */
  maxBytes?: number;
}

/**
 * The backend for one process's temporary state and for tests: the same contract and the same
 * write semantics as the Rivet backend, kept in a Map. Always `live`.
 */
export function createMemoryBackend(options: MemoryBackendOptions = {}): Backend {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const store = new Map<string, Stored>();
  const listeners = new Map<string, Set<(stored: Stored) => void>>();

  return {
    kind: 'memory',
    maxBytes,
    status: 'live',
    async read(key) {
      assertKey(key);
      return store.get(keyId(key)) ?? EMPTY;
    },
    async write(key: SignalKey, op: WriteOp) {
      assertKey(key);
      const id = keyId(key);
      const stored = applyOp(store.get(id) ?? EMPTY, parseWriteOp(op), maxBytes);
      store.set(id, stored);
      for (const listener of listeners.get(id) ?? []) listener(stored);
      return stored;
    },
    subscribe(key, listener): Unsubscribe {
      assertKey(key);
      const id = keyId(key);
      const set = listeners.get(id) ?? new Set();
      listeners.set(id, set);
      // Writes are delivered synchronously in order, so only the first delivery needs a guard.
      const deliver = inVersionOrder(listener);
      set.add(deliver);
      queueMicrotask(() => {
        if (set.has(deliver)) deliver(store.get(id) ?? EMPTY);
      });
      return () => {
        set.delete(deliver);
        if (set.size === 0) listeners.delete(id);
      };
    },
    onStatus: () => () => {},
    async close() {
      listeners.clear();
    },
  };
}
