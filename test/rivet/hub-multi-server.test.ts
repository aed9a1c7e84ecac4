import { EventSource } from 'eventsource';
import { describe, expect } from 'vitest';
import { createHubBackend } from '../../src/client/index.ts';
import { createReactiveBackend, effect } from '../../src/index.ts';
import { type AppServer, startAppServer } from '../fixtures/runner-processes.ts';
import { engineTest as test } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

describe('hubs on several app servers, no sticky sessions', () => {
  let a: AppServer;
  let b: AppServer;
  let urls: string[];
  test.beforeAll(async ({ engine }) => {
    [a, b] = await Promise.all([startAppServer(engine), startAppServer(engine)]);
    urls = await Promise.all(
      [a, b].map(async (s) => (await s.call<{ url: string }>({ cmd: 'hub' })).url),
    );
  }, 60_000);
  test.afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  test('a tab streaming from A gets every change although its POSTs alternate between A and B', async () => {
    let next = 0;
    const landed: string[] = [];
    const roundRobin: typeof fetch = (_url, init) => {
      const url = urls[next++ % urls.length]!;
      landed.push(url);
      return fetch(url, init);
    };
    const hub = createHubBackend({ url: urls[0]!, EventSource, fetch: roundRobin });
    const { signal } = createReactiveBackend({ backend: hub, namespace: 'rr' });
    const signals = Array.from({ length: 6 }, (_, i) => signal(`s${i}`, 0));
    const seen = new Map<string, number>();
    const stops: (() => void)[] = [];
    for (const s of signals) {
      // One subscribe request per signal, each answered before the next, so they spread over
      // both processes; the first value arriving on A's stream proves the subscription arrived.
      stops.push(effect(() => void seen.set(s.key[1], s.value)));
      await waitFor(() => landed.length === stops.length, `${s.key[1]} subscribed`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(landed.filter((u) => u === urls[1]).length).toBeGreaterThanOrEqual(3);

    // Another client writes through B; every change must reach the tab's stream on A.
    const writer = createReactiveBackend({
      backend: createHubBackend({ url: urls[1]!, EventSource }),
      namespace: 'rr',
    });
    for (const [i, s] of signals.entries()) await writer.signal(s.key[1], 0).set(100 + i);
    await waitFor(
      () => signals.every((s, i) => seen.get(s.key[1]) === 100 + i),
      'all six values',
      20_000,
    );

    // An unsubscribe that lands on B reaches A as well: later writes stop arriving.
    stops[0]!();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the client's linger, then the POST
    await writer.signal('s0', 0).set(999);
    await writer.signal('s1', 0).set(777);
    await waitFor(() => seen.get('s1') === 777, 's1 still live');
    expect(seen.get('s0')).toBe(100);
    expect(new Set(landed)).toEqual(new Set(urls));
    for (const stop of stops.slice(1)) stop();
    await hub.close();
    await writer.backend.close();
  }, 60_000);
});
