// Q9: one hot signal, 64 concurrent writers in one process doing add(1) for 3 s: acknowledged
// adds per second with write combining (the default) against every add as its own action, and
// the final value checked against the adds acknowledged.
import { reactiveStateActor } from '../actors/index.ts';
import { createReactiveBackend } from '../src/rivet/index.ts';
import { report, startRig } from './lib.ts';

const WRITERS = 64;
const SECONDS = 3;

export async function run(): Promise<void> {
  const rig = await startRig({ reactiveState: reactiveStateActor });
  try {
    const rates: Record<string, number> = {};
    for (const combineWrites of [true, false]) {
      const name = combineWrites ? 'combined' : 'one action per add';
      const { signal, backend } = createReactiveBackend({
        registry: rig.registry,
        namespace: 'one-hot',
        combineWrites,
      });
      const likes = signal(`likes-${combineWrites}`, 0);
      await likes.get();
      const until = Date.now() + SECONDS * 1000;
      let acknowledged = 0;
      await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          while (Date.now() < until) {
            await likes.add(1);
            acknowledged++;
          }
        }),
      );
      rates[name] = acknowledged / SECONDS;
      const stored = await likes.read();
      report({
        name: `one hot signal, ${WRITERS} writers: ${name}`,
        value: Math.round(rates[name]),
        unit: 'adds/s',
        ...(combineWrites ? { target: '>= 5000' } : {}),
      });
      report({
        name: `one hot signal, ${WRITERS} writers: ${name}, final − acknowledged`,
        value: stored.value - acknowledged,
        unit: 'adds',
        target: '== 0',
      });
      await backend.close();
    }
    report({
      name: 'one hot signal: combined / one action per add',
      value: (rates.combined ?? 0) / (rates['one action per add'] ?? 1),
      unit: 'x',
    });
  } finally {
    await rig.stop();
  }
}
