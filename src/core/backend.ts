import type { Encoded } from './codec.ts';
import type { SignalKey } from './key.ts';

/**
 * What a backend stores per key. `version` starts at 0 (never written) and goes up by one with
 * every accepted write; it never goes backwards for a key, which is what makes delivery ordered
 * and idempotent. `data` is the superjson text of the value, or `null` when nothing is stored
 * (never written, or deleted) and the signal shows its initial value.
 */
export interface Stored {
  readonly version: number;
  readonly data: Encoded | null;
}

export const EMPTY: Stored = { version: 0, data: null };

/**
 * A write, as sent to a backend and (in the hub) over the wire. Values are already encoded.
 * `initial` is the signal's initial value: the base `add`/`append`/`merge` start from when
 * nothing is stored yet.
 */
export type WriteOp =
  | { readonly op: 'set'; readonly data: Encoded; readonly ifVersion?: number }
  | { readonly op: 'add'; readonly by: number; readonly initial?: Encoded }
  | {
      readonly op: 'append';
      readonly item: Encoded;
      readonly max?: number;
      readonly initial?: Encoded;
    }
  | { readonly op: 'merge'; readonly patch: Encoded; readonly initial?: Encoded }
  | { readonly op: 'delete'; readonly ifVersion?: number };

export type BackendStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export type Unsubscribe = () => void;

/** The one contract every store implements: the memory backend and the Rivet backend. */
export interface Backend {
  /** A short name for logs and benchmarks, e.g. `memory` or `rivet`. */
  readonly kind: string;
  /**
   * Which store the keys live in, where one backend can hold several (for Rivet, the actor
   * name): the same key in two stores is two signals. Carried in `SignalRef`s so that a hub
   * refuses a signal of a store it does not serve instead of reading another one's.
   */
  readonly store?: string;
  /** Largest encoded value this backend accepts, in bytes. */
  readonly maxBytes: number;
  read(key: SignalKey): Promise<Stored>;
  /** Applies one write atomically and resolves with what is stored after it. */
  write(key: SignalKey, op: WriteOp): Promise<Stored>;
  /**
   * Delivers the stored state once known, then every change, in version order and never the
   * same version twice to one listener.
   */
  subscribe(key: SignalKey, listener: (stored: Stored) => void): Unsubscribe;
  readonly status: BackendStatus;
  onStatus(listener: (status: BackendStatus) => void): Unsubscribe;
  close(): Promise<void>;
}
