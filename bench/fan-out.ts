// Q3: one write to 1, 100 and 1,000 subscribers (one hub session each) in one process: the
// actor connections it takes (must be 1) and the p50 delivery to the last subscriber.
import { reactiveStateActor } from '../actors/index.ts';
import { encode } from '../src/index.ts';
import { createReactiveBackend, createRivetBackend } from '../src/rivet/index.ts';
import { createReactiveHandler } from '../src/server/index.ts';
import { openSession, type SseReader } from '../test/fixtures/sse.ts';
import { median, report, sleep, startRig } from './lib.ts';

const WRITES = 20;

export async function run(): Promise<void> {
  const rig = await startRig({ reactiveState: reactiveStateActor });
  try {
    const backend = createRivetBackend({ registry: rig.registry });
    const writer = createRivetBackend({ registry: rig.registry });
    // Declared by server code, as an app's signals are.
    const declared = createReactiveBackend({ registry: rig.registry, namespace: 'fan-out' });
    const p50: Record<number, number> = {};
    for (const n of [1, 100, 1000]) {
      const hub = createReactiveHandler({ backend, authorize: () => true });
      const key = declared.signal(`n${n}`, 0).key;
      const abort = new AbortController();
      const readers = await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const { reader } = await openSession(
            hub,
            `fan-out-${n}-${i}-0123456789`,
            { type: 'subscribe', keys: [{ key }] },
            abort.signal,
          );
          return reader;
        }),
      );
      await sleep(1_000);
      const connections = backend.stats().connections;
      const samples: number[] = [];
      for (let w = 0; w < WRITES; w++) {
        const started = performance.now();
        const { version } = await writer.write(key, { op: 'add', by: 1, initial: encode(0) });
        await new Promise<void>((resolve) => {
          const poll = () =>
            readers.every((r) => newestVersion(r) >= version) ? resolve() : setImmediate(poll);
          poll();
        });
        samples.push(performance.now() - started);
      }
      p50[n] = median(samples);
      report({
        name: `fan-out to ${n} subscribers: actor connections`,
        value: connections,
        unit: 'conns',
        target: '== 1',
      });
      report({ name: `fan-out to ${n} subscribers: p50 to the last`, value: p50[n], unit: 'ms' });
      abort.abort();
      for (const r of readers) await r.cancel();
      hub.close();
      await sleep(1_500); // the pool lets the actor connection go
    }
    report({
      name: 'fan-out ratio p50 1,000 / p50 1',
      value: p50[1000]! / p50[1]!,
      unit: 'x',
      target: '<= 2',
    });
    await backend.close();
    await writer.close();
    await declared.backend.close();
  } finally {
    await rig.stop();
  }
}

/**
 * The version of the newest value a reader has, parsing only its last value event: the wait
 * polls every reader each turn, and parsing whole streams there would be the benchmark's own
 * cost, growing with readers × events.
 */
function newestVersion(reader: SseReader): number {
  for (let i = reader.events.length - 1; i >= 0; i--) {
    const event = reader.events[i];
    if (event?.event === 'value') return (JSON.parse(event.data) as { version: number }).version;
  }
  return 0;
}
