import { describe, expect } from 'vitest';
import { startAppServer } from '../fixtures/runner-processes.ts';
import { engineTest as test } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

describe('faults: several processes on one signal', () => {
  test('3 processes: a write on one reaches a subscriber on another; 3 × 4 writers × 10 set(c => c + 1) end at exactly 120; a capped append keeps the last N', async ({
    engine,
  }) => {
    const servers = await Promise.all(
      [0, 1, 2].map(() => startAppServer(engine, { NAMESPACE: 'three' })),
    );
    const [a, b] = [servers[0]!, servers[1]!];
    await b.call({ cmd: 'subscribe', name: 'greeting' });
    await waitFor(() => b.changes.length > 0, 'B to load the signal');
    const greeting = { text: 'hello from A', at: new Date(5) };
    const written = await a.call<{ version: number }>({
      cmd: 'set',
      name: 'greeting',
      value: greeting,
    });
    await waitFor(() => b.changes.at(-1)?.version === written.version, 'B to see A’s write');
    expect(b.changes.at(-1)?.value).toEqual(greeting);

    const started = Date.now();
    await Promise.all(
      servers.map((s) => s.call({ cmd: 'increment', name: 'count', writers: 4, times: 10 })),
    );
    const { value, version } = await a.call<{ value: number; version: number }>({
      cmd: 'get',
      name: 'count',
    });
    console.log(`120 contended increments from 3 processes in ${Date.now() - started} ms`);
    expect({ value, version }).toEqual({ value: 120, version: 120 });

    await Promise.all(
      servers.map((s) => s.call({ cmd: 'append', name: 'capped', items: 40, max: 25 })),
    );
    const capped = await b.call<{ value: number[]; version: number }>({
      cmd: 'get',
      name: 'capped',
    });
    expect(capped.version).toBe(120);
    expect(capped.value).toHaveLength(25);
    // Every writer appended 0…39 in order, so the tail holds the last items of the interleaving.
    expect(capped.value.at(-1)).toBe(39);
    await Promise.all(servers.map((s) => s.stop()));
  }, 240_000);
});
