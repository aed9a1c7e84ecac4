import { describe, expect } from 'vitest';
import { createReactiveBackend } from '../../src/rivet/index.ts';
import { startAppServer } from '../fixtures/runner-processes.ts';
import { rivetTest } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

const test = rivetTest();

describe('sharded counters', () => {
  test('3 processes × 8 writers × 125 add(1) over 8 shards: exactly 3,000, and a subscriber ends there', async ({
    rivet,
  }) => {
    const reactive = createReactiveBackend({ registry: rivet.registry, namespace: 'sharded' });
    const likes = reactive.counter('likes', { shards: 8 });
    const seen: number[] = [];
    const off = likes.subscribe((total) => seen.push(total));
    const servers = await Promise.all(
      [0, 1, 2].map(() => startAppServer(rivet.engine, { NAMESPACE: 'sharded' })),
    );
    await Promise.all(
      servers.map((s) =>
        s.call({ cmd: 'counterAdd', name: 'likes', shards: 8, writers: 8, times: 125 }),
      ),
    );
    expect(await likes.get()).toBe(3_000);
    await waitFor(() => seen.at(-1) === 3_000, 'the subscriber to see 3,000');
    expect(likes.value).toBe(3_000);
    // Each process added to a shard of its own, each shard its own actor (keys likes#0 … #7):
    // the 3,000 sit in one to three shards, each holding whole multiples of one process's 1,000.
    const perShard = await Promise.all(likes.shards.map((shard) => shard.get()));
    const used = perShard.filter((n) => n > 0);
    expect(used.length).toBeGreaterThanOrEqual(1);
    expect(used.length).toBeLessThanOrEqual(3);
    for (const n of used) expect(n % 1_000).toBe(0);
    expect(likes.shards.map((shard) => shard.key[1])).toEqual(
      Array.from({ length: 8 }, (_, i) => `likes#${i}`),
    );
    off();
    await Promise.all(servers.map((s) => s.stop()));
    await reactive.backend.close();
  }, 90_000);

  test('a counter keeps its shards; the shard count is checked', async ({ rivet }) => {
    const reactive = createReactiveBackend({ registry: rivet.registry, namespace: 'sharded' });
    expect(reactive.counter('views', { shards: 4 })).toBe(reactive.counter('views', { shards: 4 }));
    expect(() => reactive.counter('views', { shards: 8 })).toThrow(/keeps its shards/);
    expect(() => reactive.counter('other', { shards: 0 })).toThrow(RangeError);
    expect(() => reactive.counter('other', { shards: 1.5 })).toThrow(RangeError);
    await reactive.backend.close();
  });
});
