import { describe, expect } from 'vitest';
import { type AppServer, startAppServer } from '../fixtures/runner-processes.ts';
import { engineTest as test } from '../fixtures/test.ts';
import { untilAnswered } from '../fixtures/wait.ts';

describe('faults: app servers die', () => {
  let servers: AppServer[];
  test.beforeAll(async ({ engine }) => {
    servers = await Promise.all(
      [0, 1, 2].map(() => startAppServer(engine, { NAMESPACE: 'failover' })),
    );
  }, 60_000);
  test.afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  test('actors hosted by killed app servers come back on the survivor with their state', async () => {
    // Six signals, so the engine spreads their actors over the three runners.
    const names = Array.from({ length: 6 }, (_, i) => `f${i}`);
    for (const [i, name] of names.entries()) {
      await servers[i % 3]!.call({ cmd: 'set', name, value: { written: 1, by: i % 3 } });
    }
    const killedAt = Date.now();
    await Promise.all([servers[0]!.kill('SIGKILL'), servers[1]!.kill('SIGKILL')]);
    const survivor = servers[2]!;
    const gaps: number[] = [];
    for (const name of names) {
      const written = await untilAnswered(
        () => survivor.call<{ version: number }>({ cmd: 'set', name, value: { written: 2 } }),
        120_000,
      );
      // The first write's state survived the move (a timed-out try may have landed too).
      expect(written.version).toBeGreaterThanOrEqual(2);
      gaps.push(Date.now() - killedAt);
    }
    console.log(
      `2 of 3 app servers killed: all 6 signals writable again after ${(Math.max(...gaps) / 1000).toFixed(1)} s`,
    );
  }, 180_000);
});
