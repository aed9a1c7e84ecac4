import { describe, expect, it } from 'vitest';
import { createMemoryBackend, decode, encode } from '../../src/index.ts';
import { createReactiveHandler } from '../../src/server/index.ts';
import { SseReader } from '../fixtures/sse.ts';

describe('faults: dropped streams', () => {
  it('a tab whose stream is cut 100 times during writes holds the latest value of every key after each resume', async () => {
    const backend = createMemoryBackend();
    const hub = createReactiveHandler({ backend, authorize: () => true });
    const session = 'dropped-stream-session-01';
    const keys = Array.from({ length: 5 }, (_, i) => ['drop', `k${i}`] as const);
    const held = new Map<string, { version: number; value: unknown }>();
    let lastEventId: string | undefined;
    let writes = 0;
    const write = async () => {
      const key = keys[writes++ % keys.length]!;
      await backend.write(key, { op: 'set', data: encode({ n: writes, at: new Date(writes) }) });
    };
    const caughtUp = async () => {
      const stored = await Promise.all(keys.map((key) => backend.read(key)));
      return keys.every((key, i) => {
        const mine = held.get(key[1]);
        return (
          mine?.version === stored[i]!.version &&
          (mine.value as { n: number }).n === decode<{ n: number }>(stored[i]!.data!).n
        );
      });
    };

    for (let round = 1; round <= 100; round++) {
      const abort = new AbortController();
      const headers: Record<string, string> = lastEventId ? { 'last-event-id': lastEventId } : {};
      const response = await hub(
        new Request(`http://hub/?session=${session}`, { headers, signal: abort.signal }),
      );
      const reader = new SseReader(response.body!);
      if (round === 1) {
        for (const key of keys)
          await backend.write(key, { op: 'set', data: encode({ n: 0, at: new Date(0) }) });
        const body = JSON.stringify({
          type: 'subscribe',
          session,
          keys: keys.map((key) => ({ key })),
        });
        await hub(new Request('http://hub/', { method: 'POST', body }));
      }
      const take = () => {
        for (const event of reader.events) {
          if (event.id) lastEventId = event.id;
          if (event.event !== 'value') continue;
          const { key, version, data } = JSON.parse(event.data) as {
            key: string[];
            version: number;
            data: string;
          };
          const mine = held.get(key[1]!);
          if (!mine || version > mine.version) held.set(key[1]!, { version, value: decode(data) });
        }
        reader.events.length = 0;
      };
      // After the resume the tab must hold every key as the store has it now.
      const deadline = Date.now() + 5_000;
      for (;;) {
        take();
        if (await caughtUp()) break;
        if (Date.now() > deadline) throw new Error(`round ${round}: the tab did not catch up`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      // Writes in flight, then the stream is cut mid-stream, then more writes while it is away.
      for (let i = 0; i < 7; i++) await write();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      take();
      abort.abort();
      await reader.cancel();
      for (let i = 0; i < 3; i++) await write();
    }
    expect(writes).toBe(1_000);
    expect(hub.stats().sessions).toBe(1);
    hub.close();
  });
});
