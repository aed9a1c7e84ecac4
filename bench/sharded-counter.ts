// Q11: one count written from 4 app-server processes × 16 writers doing add(1): over a counter
// of 16 shards (16 actors) against one of 1 shard (one actor), adds per second and the exact sum.
import { reactiveStateActor } from '../actors/index.ts';
import { createReactiveBackend } from '../src/rivet/index.ts';
import { startAppServer } from '../test/fixtures/runner-processes.ts';
import { report, startRig } from './lib.ts';

const PROCESSES = 4;
const WRITERS = 16;
const TIMES = 50;

export async function run(): Promise<void> {
  const rig = await startRig({ reactiveState: reactiveStateActor });
  const servers = await Promise.all(
    Array.from({ length: PROCESSES }, () => startAppServer(rig.engine, { NAMESPACE: 'bench' })),
  );
  const reader = createReactiveBackend({ registry: rig.registry, namespace: 'bench' });
  try {
    const rates: Record<number, number> = {};
    for (const shards of [1, 16]) {
      const name = `likes-${shards}`;
      const started = performance.now();
      await Promise.all(
        servers.map((s) =>
          s.call({ cmd: 'counterAdd', name, shards, writers: WRITERS, times: TIMES }),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      const total = PROCESSES * WRITERS * TIMES;
      rates[shards] = total / seconds;
      report({
        name: `sharded counter, ${PROCESSES} processes × ${WRITERS} writers: ${shards} shard${shards > 1 ? 's' : ''}`,
        value: Math.round(rates[shards]),
        unit: 'adds/s',
      });
      report({
        name: `sharded counter, ${shards} shard${shards > 1 ? 's' : ''}: sum − adds made`,
        value: (await reader.counter(name, { shards }).get()) - total,
        unit: 'adds',
        target: '== 0',
      });
    }
    report({
      name: 'sharded counter: 16 shards / 1 shard',
      value: (rates[16] ?? 0) / (rates[1] ?? 1),
      unit: 'x',
    });
  } finally {
    await reader.backend.close();
    await Promise.all(servers.map((s) => s.stop()));
    await rig.stop();
  }
}
