import type { ReadonlySignal } from '@preact/signals-core';
import type { Unsubscribe } from './backend.ts';
import type { PersistedSignal } from './persisted-signal.ts';

/**
 * A counter spread over several signals, `name#0` … `name#N-1`, each its own actor: each app
 * server adds to a shard of its own, so many servers writing one count do not queue on one
 * actor; a read sums the shards.
 * Only for add-only counts (likes, views, votes): there is no `set`, and a total is as fresh
 * as its newest shard.
 */
export interface ShardedCounter {
  readonly name: string;
  readonly shards: readonly PersistedSignal<number>[];
  /** The sum as this process knows it (tracked, like a computed's `.value`). */
  readonly value: number;
  /** The sum as a computed: for `useReactive` in live views, effects and other computeds. */
  readonly total: ReadonlySignal<number>;
  /** Adds `by` to this process's shard. */
  add(by: number): Promise<void>;
  /** The sum of every shard, read from the backend. */
  get(): Promise<number>;
  /** Calls `listener` with the sum now, then on every change of a shard. */
  subscribe(listener: (total: number) => void): Unsubscribe;
}

/** The most shards a counter may have: each is an actor, and a read touches all of them. */
export const MAX_SHARDS = 256;

export function createShardedCounter(
  name: string,
  shardCount: number,
  signal: (name: string, initial: number) => PersistedSignal<number>,
  computed: <T>(fn: () => T) => ReadonlySignal<T>,
): ShardedCounter {
  if (!Number.isSafeInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARDS) {
    throw new RangeError(`A counter has 1 to ${MAX_SHARDS} shards, not ${shardCount}`);
  }
  const shards = Array.from({ length: shardCount }, (_, i) => signal(`${name}#${i}`, 0));
  const total = computed(() => shards.reduce((sum, shard) => sum + shard.value, 0));
  // One shard per process, picked at random: this process's adds then combine into batches on
  // one actor (write-combiner.ts) while other processes' land on others. A shard per add would
  // spread one process's adds over every actor and combine none of them.
  const home = shards[Math.floor(Math.random() * shards.length)] as PersistedSignal<number>;
  return {
    name,
    shards,
    total,
    get value() {
      return total.value;
    },
    async add(by) {
      await home.add(by);
    },
    async get() {
      const values = await Promise.all(shards.map((shard) => shard.get()));
      return values.reduce((sum, value) => sum + value, 0);
    },
    subscribe: (listener) => total.subscribe(listener),
  };
}
