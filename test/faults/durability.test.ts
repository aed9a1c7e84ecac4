import { describe, expect } from 'vitest';
import { startAppServer } from '../fixtures/runner-processes.ts';
import { engineTest as test } from '../fixtures/test.ts';
import { untilAnswered, waitFor } from '../fixtures/wait.ts';

describe('faults: nothing acknowledged is lost', () => {
  test('an app server killed with SIGKILL mid-stream of writes to 20 signals loses no acknowledged write', async ({
    engine,
  }) => {
    const names = Array.from({ length: 20 }, (_, i) => `crash-${i}`);
    const writer = await startAppServer(engine, { NAMESPACE: 'crash' });
    // A value only the codec carries (a Set, a Date) comes back whole in another process.
    const doc = { body: 'acknowledged', tags: new Set(['a']), at: new Date(5) };
    const docAck = await writer.call<{ version: number }>({ cmd: 'set', name: 'doc', value: doc });
    void writer.call({ cmd: 'writeMany', names, count: 1_000 }).catch(() => {});
    // Kill at a random moment once a few hundred writes are in.
    const target = 200 + Math.floor(Math.random() * 600);
    await waitFor(() => writer.acks.length >= target, `${target} acknowledged writes`, 60_000);
    await writer.kill('SIGKILL');
    const acked = writer.acks.length;

    const reader = await startAppServer(engine, { NAMESPACE: 'crash' });
    const lastAcked = new Map<string, number>();
    for (const ack of writer.acks) lastAcked.set(ack.name, ack.version);
    let lost = 0;
    for (const name of names) {
      // The engine moves the killed runner's actors once it notices it gone (seconds).
      const { value, version } = await untilAnswered(() =>
        reader.call<{ value: number; version: number }>({ cmd: 'get', name }),
      );
      // Each write stored its own version number, so value === version means no gap.
      expect(value).toBe(version);
      if (version < (lastAcked.get(name) ?? 0)) lost++;
    }
    console.log(
      `SIGKILL after ${acked} acknowledged writes to 20 signals: ${lost} lost, versions contiguous`,
    );
    expect(lost).toBe(0);
    expect(await reader.call({ cmd: 'get', name: 'doc' })).toEqual({
      value: doc,
      version: docAck.version,
    });
    expect(docAck.version).toBe(1);
    await reader.stop();
  }, 120_000);

  test('3 processes: a write on one reaches a subscriber on another; 3 × 4 writers × 50 set(c => c + 1) end at exactly 600; a capped append keeps the last N', async ({
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
      servers.map((s) => s.call({ cmd: 'increment', name: 'count', writers: 4, times: 50 })),
    );
    const { value, version } = await a.call<{ value: number; version: number }>({
      cmd: 'get',
      name: 'count',
    });
    console.log(`600 contended increments from 3 processes in ${Date.now() - started} ms`);
    expect({ value, version }).toEqual({ value: 600, version: 600 });

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
