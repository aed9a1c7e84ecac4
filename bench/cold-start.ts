// Q6: the first read of a never-seen signal (ours) against raw RivetKit getOrCreate + action.
import { createClient } from 'rivetkit/client';
import { reactiveStateActor } from '../actors/index.ts';
import { createReactiveBackend } from '../src/rivet/index.ts';
import { median, report, startRig } from './lib.ts';

const SAMPLES = 15;

export async function run(): Promise<void> {
  const rig = await startRig({ reactiveState: reactiveStateActor });
  try {
    const { signal, backend } = createReactiveBackend({
      registry: rig.registry,
      namespace: 'cold',
    });
    const client = createClient<typeof rig.registry>({
      endpoint: rig.engine.endpoint,
      disableMetadataLookup: true,
    });
    await signal('warm-up', 0).get();
    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      let t = performance.now();
      await signal(`ours-${i}`, 0).get();
      ours.push(performance.now() - t);
      t = performance.now();
      await client.reactiveState.getOrCreate(['cold', `raw-${i}`]).get();
      raw.push(performance.now() - t);
    }
    report({ name: 'cold start: first read, ours p50', value: median(ours), unit: 'ms' });
    report({ name: 'cold start: raw getOrCreate + action p50', value: median(raw), unit: 'ms' });
    report({ name: 'cold start ratio ours/raw', value: median(ours) / median(raw), unit: 'x' });
    await client.dispose();
    await backend.close();
  } finally {
    await rig.stop();
  }
}
