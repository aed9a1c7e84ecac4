import type { BackendStatus } from '../core/backend.ts';
import { decode } from '../core/codec.ts';
import { keyId } from '../core/key.ts';
import {
  type PersistedSignal,
  PersistedSignalImpl,
  type SignalRef,
} from '../core/persisted-signal.ts';
import { createHubBackend, type HubBackend, type HubBackendOptions } from './hub-backend.ts';

export interface ReactiveClientOptions extends HubBackendOptions {
  /** Tries of a functional `set(fn)` under contention. Default 100. */
  maxAttempts?: number;
}

export interface ReactiveClient {
  /**
   * The tab's signal for a ref the server handed over (`sig.ref()`), typed as the server's
   * `signal<T>`: live over the tab's one connection, writable where the hub's `authorize` allows.
   */
  signal<T>(ref: SignalRef<T>): PersistedSignal<T>;
  readonly status: BackendStatus;
  backend: HubBackend;
}

/** One per tab: every signal it hands out shares the tab's one connection to the hub. */
export function createReactiveClient(options: ReactiveClientOptions): ReactiveClient {
  const backend = createHubBackend(options);
  const maxAttempts = options.maxAttempts ?? 100;
  const signals = new Map<string, PersistedSignal<unknown>>();
  return {
    signal<T>(ref: SignalRef<T>): PersistedSignal<T> {
      const id = keyId(ref.key);
      if (ref.store) backend.useStore(ref.key, ref.store);
      let existing = signals.get(id);
      if (!existing) {
        const snapshot = { version: ref.version, data: ref.data };
        existing = new PersistedSignalImpl(backend, ref.key, decode<T>(ref.initial), {
          maxAttempts,
          snapshot,
        });
        signals.set(id, existing);
      }
      return existing as PersistedSignal<T>;
    },
    get status() {
      return backend.status;
    },
    backend,
  };
}
