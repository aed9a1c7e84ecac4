import { describe, expect } from 'vitest';
import { z } from 'zod';
import { createReactiveStateActor, reactiveStateActor } from '../../actors/index.ts';
import type { Stored } from '../../src/core/backend.ts';
import { decode, encode, ValidationError, validate } from '../../src/index.ts';
import { createRivetBackend } from '../../src/rivet/index.ts';
import { startAppServer } from '../fixtures/runner-processes.ts';
import { rivetTest } from '../fixtures/test.ts';

// Write combining: concurrent adds, appends and merges to one key from one process become a few
// actions, each caller answered with a state that holds its write, nothing lost or reordered.
const test = rivetTest({
  reactiveState: reactiveStateActor,
  // A count from 0 to 10, checked by the actor whoever writes it.
  checkedState: createReactiveStateActor({
    validate: (_key, value) => validate(z.number().int().min(0).max(10), value, 'count'),
  }),
});

const add = { op: 'add', by: 1, initial: encode(0) } as const;
const countIn = (stored: Stored) => decode<number>(stored.data as string);

describe('write combining', () => {
  test('64 concurrent add(1) from one process: exactly 64, in a few actions, each answer holding its write', async ({
    rivet,
  }) => {
    const backend = createRivetBackend({ registry: rivet.registry });
    const key = ['combine', 'adds'] as const;
    const answers = await Promise.all(Array.from({ length: 64 }, () => backend.write(key, add)));
    const stored = await backend.read(key);
    expect(countIn(stored)).toBe(64);
    // Applied in call order: the state the i-th caller was given holds the first i + 1 adds.
    for (const [i, answer] of answers.entries()) {
      expect(countIn(answer)).toBeGreaterThanOrEqual(i + 1);
    }
    // One version per action: far fewer than 64.
    const actions = new Set(answers.map((a) => a.version)).size;
    expect(stored.version).toBe(actions);
    expect(actions).toBeLessThan(16);
    console.log(`64 concurrent add(1): ${actions} actions`);

    // Without combining, every write is its own version.
    const single = createRivetBackend({ registry: rivet.registry, combineWrites: false });
    const other = ['combine', 'adds-alone'] as const;
    await Promise.all(Array.from({ length: 16 }, () => single.write(other, add)));
    expect(await single.read(other)).toMatchObject({ version: 16 });
    await single.close();
    await backend.close();
  });

  test('appends and merges keep call order; a set waits for the batch before it', async ({
    rivet,
  }) => {
    const backend = createRivetBackend({ registry: rivet.registry });
    const list = ['combine', 'list'] as const;
    const appends = Array.from({ length: 20 }, (_, i) =>
      backend.write(list, { op: 'append', item: encode(i), max: 10, initial: encode([]) }),
    );
    await Promise.all(appends);
    expect(decode(((await backend.read(list)).data as string) ?? 'null')).toEqual([
      10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);

    const doc = ['combine', 'doc'] as const;
    const initial = encode({});
    const writes = [
      backend.write(doc, { op: 'merge', patch: encode({ a: 1 }), initial }),
      backend.write(doc, { op: 'merge', patch: encode({ a: 2, b: 1 }), initial }),
      backend.write(doc, { op: 'set', data: encode({ reset: true }) }),
      backend.write(doc, { op: 'merge', patch: encode({ c: 1 }), initial }),
    ];
    await Promise.all(writes);
    expect(decode((await backend.read(doc)).data as string)).toEqual({ reset: true, c: 1 });
    await backend.close();
  });

  test('a batch refused for one write: that write is refused, the others are stored', async ({
    rivet,
  }) => {
    const backend = createRivetBackend({ registry: rivet.registry, actorName: 'checkedState' });
    const key = ['combine', 'checked'] as const;
    // The first goes at once; the next three wait and go as one batch (2 + 100 + 3), which the
    // actor's validate refuses; then each is tried alone.
    const results = await Promise.allSettled(
      [1, 2, 100, 3].map((by) => backend.write(key, { op: 'add', by, initial: encode(0) })),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    expect(countIn(await backend.read(key))).toBe(6);
    await backend.close();
  });

  test('3 processes × 16 concurrent add(1): exactly 48', async ({ rivet }) => {
    const servers = await Promise.all(
      [0, 1, 2].map(() => startAppServer(rivet.engine, { NAMESPACE: 'combined' })),
    );
    const told = await Promise.all(
      servers.map((s) => s.call<number[]>({ cmd: 'add', name: 'likes', writers: 16 })),
    );
    const backend = createRivetBackend({ registry: rivet.registry });
    expect(countIn(await backend.read(['combined', 'likes']))).toBe(48);
    // Every caller was told a count that holds its own add: at least its place in its process.
    for (const values of told) {
      for (const [i, value] of values.entries()) expect(value).toBeGreaterThanOrEqual(i + 1);
    }
    await backend.close();
    await Promise.all(servers.map((s) => s.stop()));
  }, 60_000);
});
