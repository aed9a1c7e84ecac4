// Q7: one action's round trip, stateless (HTTP through the engine) against over an open
// connection to the same actor, with RivetKit's runner socket as 2.3.19 opens it (Nagle on) and
// with runnerNoDelay. Decides which path the Rivet backend sends reads and writes on.
import { createClient } from 'rivetkit/client';
import { reactiveStateActor } from '../actors/index.ts';
import { encode } from '../src/index.ts';
import { keepRunnerNoDelay } from '../src/rivet/index.ts';
import { median, report, sleep, startRig } from './lib.ts';

const SAMPLES = 100;

async function p50(run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES + 10; i++) {
    const started = performance.now();
    await run();
    if (i >= 10) samples.push(performance.now() - started);
  }
  return median(samples);
}

export async function run(): Promise<void> {
  // A rig of its own: its runner socket starts as RivetKit opens it.
  const rig = await startRig({ reactiveState: reactiveStateActor });
  try {
    const client = createClient<typeof rig.registry>({
      endpoint: rig.engine.endpoint,
      disableMetadataLookup: true,
    });
    const handle = client.reactiveState.getOrCreate(['actions', 'a']);
    const conn = handle.connect();
    conn.on('change', () => {});
    await conn.ready;
    const add = (target: typeof handle | typeof conn) => () =>
      target.write({ op: 'add', by: 1, initial: encode(0) });
    for (const mode of ['Nagle on (as shipped)', 'runnerNoDelay'] as const) {
      if (mode === 'runnerNoDelay') {
        const watch = keepRunnerNoDelay(rig.registry.parseConfig().endpoint!);
        while (watch.applied === 0) await sleep(10);
      }
      report({
        name: `actions, ${mode}: read, stateless p50`,
        value: await p50(() => handle.get()),
        unit: 'ms',
      });
      report({
        name: `actions, ${mode}: read, over the connection p50`,
        value: await p50(() => conn.get()),
        unit: 'ms',
      });
      report({
        name: `actions, ${mode}: write, stateless p50`,
        value: await p50(add(handle)),
        unit: 'ms',
      });
      report({
        name: `actions, ${mode}: write, over the connection p50`,
        value: await p50(add(conn)),
        unit: 'ms',
      });
    }
    await conn.dispose();
    await client.dispose();
  } finally {
    await rig.stop();
  }
}
