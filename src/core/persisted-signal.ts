import { signal as coreSignal, type Signal } from '@preact/signals-core';
import { VersionConflictError } from '../errors.ts';
import type { Backend, Stored, Unsubscribe, WriteOp } from './backend.ts';
import { decode, type Encoded, encode } from './codec.ts';
import type { SignalKey } from './key.ts';
import { renderHooks } from './render-hooks.ts';
import { type Schema, validate } from './schema.ts';
import { validatedWrite } from './validated-write.ts';

export interface PersistedSignalOptions<T> {
  /** Tries of a functional `set(fn)` before it gives up with `VersionConflictError`. */
  maxAttempts: number;
  /** Checks every value written through this signal (see `SignalOptions`). */
  schema?: Schema<T>;
  /** A state known at creation, e.g. what the server rendered with. */
  snapshot?: Stored;
}

declare const valueType: unique symbol;

/**
 * A persisted signal as plain data, to hand from a server component to a client component:
 * its key, its initial value and the state the server rendered with, typed by the value.
 */
export interface SignalRef<T> {
  readonly key: SignalKey;
  readonly initial: Encoded;
  readonly version: number;
  readonly data: Encoded | null;
  /** The backend's store (for Rivet, the actor name), when it names one. */
  readonly store?: string;
  /** Carries `T` in the type only. */
  readonly [valueType]?: T;
}

/**
 * A value stored under a key in a backend. `.value` is the last value this process knows of; it
 * is kept live while anything watches it (an effect, a computed, `subscribe`), and every write
 * from anywhere reaches it then.
 */
export interface PersistedSignal<T> {
  readonly key: SignalKey;
  readonly initial: T;
  /** The schema every value written through this signal must match, if it was given one. */
  readonly schema: Schema<T> | undefined;
  /** The last known value; reading it inside an effect or computed subscribes to the backend. */
  readonly value: T;
  /** The version of `value`: 0 before the first write anywhere, then +1 per accepted write. */
  readonly version: number;
  /** The last known value, without subscribing. */
  peek(): T;
  /** Reads the latest value from the backend. */
  get(): Promise<T>;
  /** Reads the latest value and its version from the backend. */
  read(): Promise<{ value: T; version: number }>;
  /**
   * Writes a value, or a function of the latest value: the function runs here, and its result
   * is written only if nobody wrote in between (compare-and-set), else it runs again.
   */
  set(next: T | ((prev: T) => T)): Promise<T>;
  /** Adds to a number atomically in the backend. */
  add(this: PersistedSignal<number>, by: number): Promise<number>;
  /** Appends to a list atomically, keeping only the last `max` items when `max` is given. */
  append<I>(this: PersistedSignal<I[]>, item: I, options?: { max?: number }): Promise<I[]>;
  /** Shallow-merges into an object atomically. */
  merge<O extends object>(this: PersistedSignal<O>, patch: Partial<O>): Promise<O>;
  /** Removes the stored value; the signal shows its initial value again. */
  delete(): Promise<T>;
  /** Calls `listener` with the current value now and with every newer value after. */
  subscribe(listener: (value: T) => void): Unsubscribe;
  /** This signal as plain data for a client component, with the state this process knows. */
  ref(): SignalRef<T>;
}

interface Snapshot<T> {
  readonly value: T;
  readonly version: number;
}

// Jittered, growing pauses spread contending writers out without slowing the uncontended case.
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20, 2 ** attempt)));

export class PersistedSignalImpl<T> implements PersistedSignal<T> {
  readonly key: SignalKey;
  readonly initial: T;
  readonly schema: Schema<T> | undefined;
  readonly #backend: Backend;
  readonly #options: PersistedSignalOptions<T>;
  readonly #encodedInitial: Encoded;
  readonly #state: Signal<Snapshot<T>>;
  #unsubscribe: Unsubscribe | undefined;
  #updates: Promise<unknown> = Promise.resolve();

  constructor(backend: Backend, key: SignalKey, initial: T, options: PersistedSignalOptions<T>) {
    this.#backend = backend;
    this.key = key;
    this.initial = initial;
    this.schema = options.schema;
    this.#options = options;
    this.#encodedInitial = encode(initial, backend.maxBytes);
    const known = options.snapshot;
    this.#state = coreSignal<Snapshot<T>>(
      known
        ? { value: this.#decode(known), version: known.version }
        : { value: initial, version: 0 },
      {
        watched: () => {
          this.#unsubscribe = backend.subscribe(key, (stored) => this.#accept(stored));
        },
        unwatched: () => {
          this.#unsubscribe?.();
          this.#unsubscribe = undefined;
        },
      },
    );
  }

  get value(): T {
    // Inside a live view's render: the value loaded for that render, recorded as a dependency.
    const scoped = renderHooks()?.read(this);
    return scoped ? scoped.value : this.#state.value.value;
  }

  get version(): number {
    return this.#state.peek().version;
  }

  peek(): T {
    return this.#state.peek().value;
  }

  async get(): Promise<T> {
    return (await this.#read()).value;
  }

  read(): Promise<{ value: T; version: number }> {
    return this.#read();
  }

  async set(next: T | ((prev: T) => T)): Promise<T> {
    if (typeof next !== 'function') {
      return this.#write({ op: 'set', data: await this.#encodeValid(next, 'set') });
    }
    // Functional updates from this process run one at a time, so they never conflict with each
    // other and only writers in other processes can make one retry (no local starvation).
    const run = this.#updates.then(() => this.#update(next as (prev: T) => T));
    this.#updates = run.catch(() => {});
    return run;
  }

  async #update(update: (prev: T) => T): Promise<T> {
    // While subscribed, the local snapshot is usually current: try it before paying for a read.
    let base: Snapshot<T> = this.#unsubscribe ? this.#state.peek() : await this.#read();
    for (let attempt = 1; ; attempt++) {
      const data = await this.#encodeValid(update(base.value), 'set(fn)');
      let conflict: VersionConflictError;
      try {
        return await this.#write({ op: 'set', data, ifVersion: base.version });
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        conflict = error;
      }
      if (attempt >= this.#options.maxAttempts) {
        throw new VersionConflictError(
          `set(fn) on ${this.key.join('/')} lost to concurrent writes ${attempt} times in a row`,
          { cause: conflict, current: conflict.current },
        );
      }
      await backoff(attempt);
      if (conflict.current) this.#accept(conflict.current);
      // The conflict usually says what is stored now; only when it does not, read it.
      base = conflict.current ? this.#state.peek() : await this.#read();
    }
  }

  add(this: PersistedSignalImpl<number>, by: number): Promise<number> {
    return this.#write({ op: 'add', by, initial: this.#encodedInitial });
  }

  append<I>(this: PersistedSignalImpl<I[]>, item: I, options: { max?: number } = {}) {
    const encoded = encode(item, this.#backend.maxBytes);
    return this.#write({
      op: 'append',
      item: encoded,
      max: options.max,
      initial: this.#encodedInitial,
    });
  }

  merge<O extends object>(this: PersistedSignalImpl<O>, patch: Partial<O>): Promise<O> {
    const encoded = encode(patch, this.#backend.maxBytes);
    return this.#write({ op: 'merge', patch: encoded, initial: this.#encodedInitial });
  }

  delete(): Promise<T> {
    return this.#write({ op: 'delete' });
  }

  subscribe(listener: (value: T) => void): Unsubscribe {
    return this.#state.subscribe((snapshot) => listener(snapshot.value));
  }

  ref(): SignalRef<T> {
    const { value, version } = this.#state.peek();
    const data = version === 0 ? null : encode(value, Number.POSITIVE_INFINITY);
    const store = this.#backend.store;
    return { key: this.key, initial: this.#encodedInitial, version, data, ...(store && { store }) };
  }

  /** The value as stored: checked against the schema (its output, if it transforms), encoded. */
  async #encodeValid(value: T, what: string): Promise<Encoded> {
    const valid = this.schema
      ? await validate(this.schema, value, `${what} on ${this.key.join('/')}`)
      : value;
    return encode(valid, this.#backend.maxBytes);
  }

  /** The newest state known after reading the backend. */
  async #read(): Promise<Snapshot<T>> {
    this.#accept(await this.#backend.read(this.key));
    return this.#state.peek();
  }

  /**
   * Resolves with the value this write produced, even if a newer one has arrived since. With a
   * schema, `add`, `append` and `merge` become a checked compare-and-set (`validatedWrite`).
   */
  async #write(op: WriteOp): Promise<T> {
    const { schema, maxAttempts } = this.#options;
    const stored =
      schema && op.op !== 'set'
        ? await validatedWrite(this.#backend, this.key, op, schema, { maxAttempts })
        : await this.#backend.write(this.key, op);
    this.#accept(stored);
    return this.#decode(stored);
  }

  /** Takes a stored state only if it is newer than what we hold: versions never go backwards. */
  #accept(stored: Stored): void {
    if (stored.version > this.#state.peek().version) {
      this.#state.value = { value: this.#decode(stored), version: stored.version };
    }
  }

  #decode(stored: Stored): T {
    return stored.data === null ? this.initial : decode<T>(stored.data);
  }
}
