export type { Backend, BackendStatus, Stored, Unsubscribe, WriteOp } from './core/backend.ts';
export { DEFAULT_MAX_BYTES, decode, type Encoded, encode } from './core/codec.ts';
export { MAX_KEY_PART_LENGTH, type SignalKey } from './core/key.ts';
export { createMemoryBackend, type MemoryBackendOptions } from './core/memory-backend.ts';
export type { PersistedSignal, SignalRef } from './core/persisted-signal.ts';
export * from './core/reactive.ts';
export {
  createReactiveBackend,
  type ReactiveBackend,
  type ReactiveBackendOptions,
  type SignalOptions,
} from './core/reactive-backend.ts';
export type { StreamProducer } from './core/render-hooks.ts';
export { type Schema, validate } from './core/schema.ts';
export type { ShardedCounter } from './core/sharded-counter.ts';
export * from './errors.ts';
