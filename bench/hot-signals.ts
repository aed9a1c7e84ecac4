// Q2: aggregate writes/s to K independent hot signals, 8 writers each: one actor per signal
// (ours) against the seed's single shared actor that broadcasts its whole state on every write.

import { actor } from 'rivetkit';
import { createClient } from 'rivetkit/client';
import { reactiveStateActor } from '../actors/index.ts';
import { encode } from '../src/index.ts';
import { createRivetBackend } from '../src/rivet/index.ts';
import { sharedStateActor } from './baselines/shared-state.ts';
import { report, startRig } from './lib.ts';

const WRITERS = 8;

/** Raw RivetKit, one actor per key, writing durably as ours does: the platform's own ceiling. */
const rawDurable = actor({
  state: { value: null as unknown },
  actions: {
    set: async (c, value: unknown) => {
      c.state.value = value;
      await c.saveState({ immediate: true });
      c.broadcast('change', value);
      return true;
    },
  },
});
const SECONDS = 3;

async function throughput(k: number, write: (signal: number, n: number) => Promise<unknown>) {
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: k * WRITERS }, async (_, w) => {
      for (let n = 0; Date.now() < until; n++) {
        await write(w % k, n);
        done++;
      }
    }),
  );
  return done / SECONDS;
}

export async function run(): Promise<void> {
  const rig = await startRig({
    reactiveState: reactiveStateActor,
    sharedState: sharedStateActor,
    rawDurable,
  });
  try {
    const backend = createRivetBackend({ registry: rig.registry });
    const client = createClient<typeof rig.registry>({
      endpoint: rig.engine.endpoint,
      disableMetadataLookup: true,
    });
    const shared = client.sharedState.getOrCreate(['bench', 'shared']);
    // The baseline's every connected client receives the full state on every write.
    const watcher = shared.connect();
    watcher.on('state', () => {});
    await watcher.ready;
    const results: Record<number, [number, number]> = {};
    for (const k of [1, 4, 16]) {
      for (let s = 0; s < k; s++) await backend.read(['hot', `k${k}-s${s}`]); // create the actors first
      const ours = await throughput(k, (s, n) =>
        backend.write(['hot', `k${k}-s${s}`], { op: 'set', data: encode({ n, at: Date.now() }) }),
      );
      const seed = await throughput(k, (s, n) =>
        shared.setSignal(`k${k}-s${s}`, { n, at: Date.now() }),
      );
      for (let s = 0; s < k; s++)
        await client.rawDurable.getOrCreate(['raw', `k${k}-s${s}`]).set(0);
      const raw = await throughput(k, (s, n) =>
        client.rawDurable.getOrCreate(['raw', `k${k}-s${s}`]).set({ n, at: Date.now() }),
      );
      results[k] = [ours, seed];
      report({
        name: `hot signals K=${k}: actor per signal (ours)`,
        value: Math.round(ours),
        unit: 'writes/s',
      });
      report({
        name: `hot signals K=${k}: one shared actor (seed)`,
        value: Math.round(seed),
        unit: 'writes/s',
      });
      report({
        name: `hot signals K=${k}: raw RivetKit, actor per key, durable`,
        value: Math.round(raw),
        unit: 'writes/s',
      });
    }
    const [ours16, seed16] = results[16]!;
    report({
      name: 'hot signals K=16 ratio ours/seed',
      value: ours16 / seed16,
      unit: 'x',
      target: '>= 5',
    });
    await watcher.dispose();
    await client.dispose();
    await backend.close();
  } finally {
    await rig.stop();
  }
}
