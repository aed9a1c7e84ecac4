// Q4: one tab watching 1, 100 and 1,000 signals: the connections it takes (must be 1), the hub's
// memory per subscription (memory backend, so no actor connection is counted), and the time to
// subscribe 1,000 signals in one request until every first value is on the stream.
import { createMemoryBackend, encode } from '../src/index.ts';
import { createReactiveHandler } from '../src/server/index.ts';
import { SseReader } from '../test/fixtures/sse.ts';
import { report, sleep } from './lib.ts';

const gc = (globalThis as { gc?: () => void }).gc;

export async function run(): Promise<void> {
  const backend = createMemoryBackend();
  for (let i = 0; i < 1000; i++)
    await backend.write(['mux', `s${i}`], { op: 'set', data: encode(i) });
  for (const n of [1, 100, 1000]) {
    const hub = createReactiveHandler({ backend, authorize: () => true });
    const session = `mux-session-${n}-0123456789`;
    const abort = new AbortController();
    let streams = 0;
    const open = async () => {
      streams++;
      return new SseReader(
        (await hub(new Request(`http://hub/?session=${session}`, { signal: abort.signal }))).body!,
      );
    };
    const reader = await open();
    await sleep(50);
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const keys = Array.from({ length: n }, (_, i) => ({ key: ['mux', `s${i}`] }));
    const started = performance.now();
    await hub(
      new Request('http://hub/', {
        method: 'POST',
        body: JSON.stringify({ type: 'subscribe', session, keys }),
      }),
    );
    await new Promise<void>((resolve) => {
      const poll = () => (reader.values().length >= n ? resolve() : setImmediate(poll));
      poll();
    });
    const elapsed = performance.now() - started;
    // Reading the stream fills the reader's own buffers: drop them before weighing the hub.
    reader.events.length = 0;
    reader.raw = '';
    gc?.();
    const perSubscription = (process.memoryUsage().heapUsed - before) / n;
    report({
      name: `multiplexing ${n} signals: connections from the tab`,
      value: streams,
      unit: 'conns',
      target: '== 1',
    });
    if (n === 1000) {
      report({
        name: 'multiplexing: hub memory per subscription',
        value: Math.max(0, Math.round(perSubscription)),
        unit: 'bytes',
        target: '<= 2048',
      });
      report({
        name: 'multiplexing: subscribe 1,000 signals in one batch',
        value: elapsed,
        unit: 'ms',
      });
    }
    abort.abort();
    await reader.cancel();
    hub.close();
  }
}
