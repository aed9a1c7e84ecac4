import { computed as coreComputed, type ReadonlySignal } from '@preact/signals-core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { InvalidKeyError, ValidationError } from '../errors.ts';
import type { Backend } from './backend.ts';
import { encode } from './codec.ts';
import { declareKey } from './declared-keys.ts';
import { assertKeyPart, keyId, type SignalKey } from './key.ts';
import { type PersistedSignal, PersistedSignalImpl } from './persisted-signal.ts';
import { type StreamProducer, withBody } from './render-hooks.ts';
import type { Schema } from './schema.ts';
import { useReactive, useReactiveStream, useServerState } from './server-hooks.ts';
import { createShardedCounter, type ShardedCounter } from './sharded-counter.ts';

export interface ReactiveBackendOptions {
  backend: Backend;
  /** First part of every key this backend's signals use. Default `'default'`. */
  namespace?: string;
  /** Tries of a functional `set(fn)` under contention before `VersionConflictError`. Default 100. */
  maxAttempts?: number;
}

export interface SignalOptions<T> {
  /**
   * Any Standard Schema validator (zod, valibot, arktype…): every value written through this
   * signal, by `set`, `set(fn)`, `add`, `append` or `merge`, here or by the hub for a browser,
   * is checked before it is sent, and a refused one is a `ValidationError` that stores nothing.
   * The signal is typed by the schema's output.
   */
  schema?: Schema<T>;
}

export interface ReactiveBackend {
  /** The first part of the keys of this backend's signals. */
  readonly namespace: string;
  /**
   * The persisted signal named `name` in this backend's namespace. The name is the signal's
   * identity across processes and restarts; the same name returns the same signal object.
   */
  signal<S extends StandardSchemaV1>(
    name: string,
    initial: StandardSchemaV1.InferOutput<S>,
    options: { schema: S },
  ): PersistedSignal<StandardSchemaV1.InferOutput<S>>;
  signal<T>(name: string, initial: T): PersistedSignal<T>;
  /**
   * A computed over signals (persisted or not): live in client components and scripts; in a
   * live view, `useReactive(computed)` makes the signals it reads the view's dependencies.
   */
  computed<T>(fn: () => T): ReadonlySignal<T>;
  /**
   * A counter over `shards` signals (default 16), `name#0` … `name#15`: for counts written
   * faster than one signal takes. The same name returns the same counter.
   */
  counter(name: string, options?: { shards?: number }): ShardedCounter;
  /**
   * Server components: `useReactive(signal)` is the signal's value, and the enclosing live view
   * re-renders when it changes; `useReactive(initial, producer, deps)` is `useReactiveStream`.
   */
  useReactive: typeof useReactive;
  /** Server components: the signal's value, re-rendering the live view when it changes. */
  useServerState<T>(signal: PersistedSignal<T>): T;
  /** Server components: a server-side producer whose values re-render the live view. */
  useReactiveStream<T>(initial: T, producer: StreamProducer<T>, deps?: readonly unknown[]): T;
  backend: Backend;
}

export function createReactiveBackend(options: ReactiveBackendOptions): ReactiveBackend {
  const { backend, namespace = 'default', maxAttempts = 100 } = options;
  assertKeyPart(namespace, 'namespace');
  const signals = new Map<string, PersistedSignal<unknown>>();

  function signal<T>(name: string, initial: T, options: SignalOptions<T> = {}): PersistedSignal<T> {
    if (typeof name !== 'string') {
      throw new InvalidKeyError(
        'A persisted signal needs a name, as in signal(name, initial): the name is its identity ' +
          "across servers and restarts. For temporary state use signal(initial) from 'reactive-rsc'.",
      );
    }
    assertKeyPart(name, 'name');
    const key: SignalKey = [namespace, name];
    const id = keyId(key);
    let existing = signals.get(id);
    if (!existing) {
      if (options.schema) assertValidInitial(options.schema, initial, id);
      declareKey(backend.store ?? backend.kind, key, {
        initial: encode(initial, backend.maxBytes),
        schema: options.schema as Schema<unknown> | undefined,
      });
      existing = new PersistedSignalImpl(backend, key, initial, {
        maxAttempts,
        schema: options.schema,
      });
      signals.set(id, existing);
    }
    return existing as PersistedSignal<T>;
  }

  const computed = <T>(fn: () => T) => withBody(coreComputed(fn), fn);
  const counters = new Map<string, ShardedCounter>();
  function counter(name: string, options: { shards?: number } = {}): ShardedCounter {
    const shards = options.shards ?? 16;
    let existing = counters.get(name);
    if (existing && existing.shards.length !== shards) {
      throw new RangeError(
        `Counter ${name} has ${existing.shards.length} shards here, not ${shards}: a counter keeps its shards`,
      );
    }
    if (!existing) {
      existing = createShardedCounter(name, shards, signal, computed);
      counters.set(name, existing);
    }
    return existing;
  }

  return {
    namespace,
    signal,
    computed,
    counter,
    useReactive,
    useServerState,
    useReactiveStream,
    backend,
  };
}

/** A declared initial value its own schema refuses is a bug to report at once (sync schemas). */
function assertValidInitial<T>(schema: Schema<T>, initial: T, id: string): void {
  const result = schema['~standard'].validate(initial);
  if (result instanceof Promise || !result.issues) return;
  throw new ValidationError(
    `The initial value of signal ${id} does not match its schema: ${result.issues[0]?.message}`,
  );
}
