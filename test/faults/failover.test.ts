import { describe, expect } from 'vitest';
import { type AppServer, startAppServer } from '../fixtures/runner-processes.ts';
import { engineTest as test } from '../fixtures/test.ts';

describe('faults: app servers die', () => {
  let servers: AppServer[];
  test.beforeAll(async ({ engine }) => {
    servers = await Promise.all(
      // Calls wait long enough for the engine to move a dead runner's actors (seconds).
      [0, 1, 2].map(() => startAppServer(engine, { NAMESPACE: 'failover', TIMEOUT_MS: '60000' })),
    );
  }, 60_000);
  test.afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  test('actors hosted by killed app servers come back on the survivor with their state, and adds made meanwhile land exactly once', async () => {
    // Six signals, so the engine spreads their actors over the three runners.
    const names = Array.from({ length: 6 }, (_, i) => `f${i}`);
    const counters = names.map((name) => `${name}-count`);
    for (const [i, name] of names.entries()) {
      await servers[i % 3]!.call({ cmd: 'set', name, value: { written: 1, by: i % 3 } });
      await servers[i % 3]!.call({ cmd: 'set', name: counters[i]!, value: 0 });
    }
    const survivor = servers[2]!;
    // The survivor keeps adding to six counters while the other two die under them.
    const adding = survivor.call<number[]>({
      cmd: 'addLoops',
      names: counters,
      writers: 4,
      times: 25,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const killedAt = Date.now();
    await Promise.all([servers[0]!.kill('SIGKILL'), servers[1]!.kill('SIGKILL')]);
    const gaps: number[] = [];
    for (const name of names) {
      // One call: the backend sends it again (same write id) until the actor answers.
      const written = await survivor.call<{ version: number }>({
        cmd: 'set',
        name,
        value: { written: 2 },
      });
      // The first write's state survived the move, and the second landed exactly once.
      expect(written.version).toBe(2);
      gaps.push(Date.now() - killedAt);
    }
    // Every add was told it succeeded, and each landed once: exactly 4 × 25 on each counter.
    expect(await adding).toEqual(counters.map(() => 100));
    for (const name of counters) {
      expect(await survivor.call({ cmd: 'get', name })).toMatchObject({ value: 100 });
    }
    console.log(
      `2 of 3 app servers killed: all 6 signals writable again after ${(Math.max(...gaps) / 1000).toFixed(1)} s`,
    );
  }, 180_000);
});
