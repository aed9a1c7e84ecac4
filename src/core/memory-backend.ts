import { applyOp, parseWriteOp } from './apply-op.ts';
import { type Backend, EMPTY, type Stored, type Unsubscribe, type WriteOp } from './backend.ts';
import { DEFAULT_MAX_BYTES } from './codec.ts';
import { KeyFanOut } from './fan-out.ts';
import { assertKey, keyId, type SignalKey } from './key.ts';
import { randomId } from './random-id.ts';

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
  const fanOuts = new Map<string, KeyFanOut>();

  return {
    kind: 'memory',
    // Each memory backend is a store of its own: its keys are not another one's.
    store: `memory-${randomId(9)}`,
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
      fanOuts.get(id)?.offer(stored);
      return stored;
    },
    subscribe(key, listener): Unsubscribe {
      assertKey(key);
      const id = keyId(key);
      let fanOut = fanOuts.get(id);
      if (!fanOut) {
        fanOut = new KeyFanOut(key);
        fanOut.offer(store.get(id) ?? EMPTY);
        fanOuts.set(id, fanOut);
      }
      const channel = fanOut;
      const stop = channel.listen(listener);
      return () => {
        stop();
        if (channel.size === 0 && fanOuts.get(id) === channel) fanOuts.delete(id);
      };
    },
    onStatus: () => () => {},
    async close() {
      fanOuts.clear();
    },
  };
}
