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
    // Kill at a random moment once a hundred or more writes are in.
    const target = 100 + Math.floor(Math.random() * 300);
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
});
