import { describe, expect } from 'vitest';
import { reactiveStateActor } from '../../actors/index.ts';
import { createReactiveBackend } from '../../src/rivet/index.ts';
import { testRegistry } from '../fixtures/rivet.ts';
import { engineTest as test } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

describe('faults: the engine dies under load', () => {
  test('50 subscribers on 10 signals end with the final values after a kill and restart, versions never going back; writes resume', async ({
    engine,
  }) => {
    const registry = testRegistry(engine.endpoint, { reactiveState: reactiveStateActor });
    await registry.startAndWait();
    const reader = createReactiveBackend({ registry, namespace: 'load', timeoutMs: 5_000 });
    // Params of its own give the writer a pool of its own: subscribers hear the actor's events.
    const writer = createReactiveBackend({
      registry,
      namespace: 'load',
      timeoutMs: 5_000,
      params: { role: 'writer' },
    });
    const names = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const statuses: string[] = [];
    reader.backend.onStatus((s) => statuses.push(s));
    const subscribers = Array.from({ length: 50 }, (_, i) => {
      const signal = reader.signal(names[i % 10]!, 0);
      const seen: number[] = [];
      const stop = signal.subscribe(() => seen.push(signal.version));
      return { signal, seen, stop };
    });
    await waitFor(() => reader.backend.status === 'live', 'live');

    let writing = true;
    let failedWrites = 0;
    let restartedAt = Number.POSITIVE_INFINITY;
    let resumedAt: number | undefined;
    const writers = names.map(async (name) => {
      const s = writer.signal(name, 0);
      while (writing) {
        try {
          await s.add(1);
          if (resumedAt === undefined && Date.now() > restartedAt) resumedAt = Date.now();
        } catch {
          failedWrites++; // the engine is down: BackendUnavailableError, then try again
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const killedAt = Date.now();
    await engine.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await engine.restart();
    restartedAt = Date.now();
    await waitFor(
      () => reader.backend.status === 'live' && statuses.includes('reconnecting'),
      'live again',
      60_000,
    );
    console.log(
      `engine killed and restarted: subscribers live again after ${Date.now() - killedAt} ms; ${failedWrites} writes refused meanwhile`,
    );
    // The writers stamp their first acknowledged write after the restart themselves.
    await waitFor(() => resumedAt !== undefined, 'a write acknowledged after the restart', 60_000);
    console.log(`writes resumed ${resumedAt! - restartedAt} ms after the engine restarted`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    writing = false;
    await Promise.all(writers);

    const finals = await Promise.all(names.map((name) => writer.signal(name, 0).read()));
    const lagging = () =>
      subscribers
        .filter(({ signal }) => signal.version !== finals[names.indexOf(signal.key[1])]!.version)
        .map(
          ({ signal }) =>
            `${signal.key[1]} at ${signal.version} of ${finals[names.indexOf(signal.key[1])]!.version}`,
        );
    // A socket that stopped carrying events after the restart is probed within `probeMs` (15 s,
    // ±25 %) plus the call's deadline, then replaced.
    await waitFor(
      () => lagging().length === 0,
      'every subscriber at the final version',
      45_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; behind: ${[...new Set(lagging())].join(', ')}`);
    });
    for (const { seen } of subscribers) expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(statuses.at(-1)).toBe('live');
    for (const { stop } of subscribers) stop();
    await reader.backend.close();
    await writer.backend.close();
    await registry.shutdown().catch(() => {});
  }, 180_000);
});
