// Q1: one write reaching one subscriber. (a) memory backend, the floor; (b) raw RivetKit: an
// action that saves (as ours does, so an acknowledged write survives kill -9) and broadcasts,
// heard on another client's connection; (c) our signal: written through
// one backend, heard through another (its own pool and connection); (d) (c) through the hub to an
// SSE stream. Writer and subscriber run in this process, each on its own client. (b) is measured
// twice in the same run: first with RivetKit's runner socket as 2.3.19 opens it (Nagle on), then
// with runnerNoDelay, which (c) and (d) use by default (docs/latency.md); (b1) sends the same
// action over a connection, the path our backend takes when the key's connection is live.
import { actor } from 'rivetkit';
import { createClient } from 'rivetkit/client';
import { reactiveStateActor } from '../actors/index.ts';
import { type Backend, createMemoryBackend, encode } from '../src/index.ts';
import {
  createReactiveBackend,
  createRivetBackend,
  keepRunnerNoDelay,
} from '../src/rivet/index.ts';
import { createReactiveHandler } from '../src/server/index.ts';
import { SseReader } from '../test/fixtures/sse.ts';
import { median, quantile, report, sleep, startRig } from './lib.ts';

const SAMPLES = 150;

/** Raw RivetKit doing what our actor does for a write: store, save to disk, broadcast. */
const rawActor = actor({
  state: { value: 0 },
  actions: {
    set: async (c, value: number) => {
      c.state.value = value;
      await c.saveState({ immediate: true });
      c.broadcast('change', value);
      return value;
    },
  },
});

async function measure(run: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 1; i <= SAMPLES + 10; i++) {
    const started = performance.now();
    await run(i);
    if (i > 10) samples.push(performance.now() - started); // the first ten warm up
  }
  return samples;
}

/** Resolves when `check` holds, polled on every event-loop turn. */
function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (check() ? resolve() : setImmediate(poll));
    poll();
  });
}

async function viaBackends(writer: Backend, reader: Backend, key: readonly [string, string]) {
  let seen = 0;
  const off = reader.subscribe(key, (s) => {
    seen = s.version;
  });
  await sleep(500);
  const samples = await measure(async () => {
    const { version } = await writer.write(key, { op: 'add', by: 1, initial: encode(0) });
    await until(() => seen >= version);
  });
  off();
  return samples;
}

export async function run(): Promise<void> {
  const memory = createMemoryBackend();
  const floor = await viaBackends(memory, memory, ['bench', 'memory']);

  const rig = await startRig({ reactiveState: reactiveStateActor, rawActor });
  try {
    const client = createClient<typeof rig.registry>({
      endpoint: rig.engine.endpoint,
      disableMetadataLookup: true,
    });
    const listener = createClient<typeof rig.registry>({
      endpoint: rig.engine.endpoint,
      disableMetadataLookup: true,
    });
    const conn = listener.rawActor.getOrCreate(['bench', 'raw']).connect();
    let heard = 0;
    conn.on('change', (value: number) => {
      heard = value;
    });
    await conn.ready;
    const handle = client.rawActor.getOrCreate(['bench', 'raw']);
    let n = 0;
    const rawRun = () =>
      measure(async () => {
        const i = ++n;
        await handle.set(i);
        await until(() => heard >= i);
      });
    const rawShipped = await rawRun();
    const watch = keepRunnerNoDelay(rig.registry.parseConfig().endpoint!);
    while (watch.applied === 0) await sleep(10);
    const raw = await rawRun();
    // The same write sent over a connection of the writer's own, as our backend sends it when
    // the key's pooled connection is live.
    const writerConn = handle.connect();
    await writerConn.ready;
    const rawOverConn = await measure(async () => {
      const i = ++n;
      await writerConn.set(i);
      await until(() => heard >= i);
    });
    await Promise.all([conn.dispose(), writerConn.dispose()]);

    const writer = createRivetBackend({ registry: rig.registry });
    const reader = createRivetBackend({ registry: rig.registry });
    // Declared by server code, as an app's signals are (an undeclared key is looked up, not
    // connected to, until it is written).
    const declared = createReactiveBackend({ registry: rig.registry, namespace: 'bench' });
    declared.signal('ours', 0);
    declared.signal('hub', 0);
    const ours = await viaBackends(writer, reader, ['bench', 'ours']);

    const hub = createReactiveHandler({ backend: reader, authorize: () => true });
    const session = 'bench-session-0123456789';
    const abort = new AbortController();
    const sse = new SseReader(
      (await hub(new Request(`http://hub/?session=${session}`, { signal: abort.signal }))).body!,
    );
    const key = ['bench', 'hub'] as const;
    await hub(
      new Request('http://hub/', {
        method: 'POST',
        body: JSON.stringify({ type: 'subscribe', session, keys: [{ key }] }),
      }),
    );
    await sleep(500);
    const throughHub = await measure(async () => {
      const { version } = await writer.write(key, { op: 'add', by: 1, initial: encode(0) });
      await until(() => (sse.values().at(-1)?.version ?? 0) >= version);
    });
    abort.abort();
    hub.close();
    await Promise.all([
      writer.close(),
      reader.close(),
      declared.backend.close(),
      client.dispose(),
      listener.dispose(),
    ]);

    report({
      name: 'latency (a) memory backend p50',
      value: median(floor),
      p99: quantile(floor, 0.99),
      unit: 'ms',
    });
    report({
      name: 'latency (b0) raw RivetKit action+event, Nagle on (as shipped) p50',
      value: median(rawShipped),
      p99: quantile(rawShipped, 0.99),
      unit: 'ms',
    });
    report({
      name: 'latency (b) raw RivetKit action+event p50',
      value: median(raw),
      p99: quantile(raw, 0.99),
      unit: 'ms',
    });
    report({
      name: 'latency (b1) raw RivetKit action over a connection+event p50',
      value: median(rawOverConn),
      p99: quantile(rawOverConn, 0.99),
      unit: 'ms',
    });
    report({
      name: 'latency (c) our Rivet signal p50',
      value: median(ours),
      p99: quantile(ours, 0.99),
      unit: 'ms',
      target: '<= 10',
    });
    report({
      name: 'latency (c) our Rivet signal p99',
      value: quantile(ours, 0.99),
      unit: 'ms',
      target: '<= 20',
    });
    report({
      name: 'latency (d) our signal through the hub to SSE p50',
      value: median(throughHub),
      p99: quantile(throughHub, 0.99),
      unit: 'ms',
      target: '<= 12',
    });
    report({
      name: 'latency ratio (b0)/(c) p50: as shipped over ours',
      value: median(rawShipped) / median(ours),
      unit: 'x',
    });
    // Against the faster raw path, so the ratio shows only what our layers add.
    const fastest = median(rawOverConn) < median(raw) ? rawOverConn : raw;
    report({
      name: 'latency ratio (c)/min(b, b1) p50',
      value: median(ours) / median(fastest),
      unit: 'x',
      target: '<= 1.10',
    });
    report({
      name: 'latency ratio (c)/min(b, b1) p99',
      value: quantile(ours, 0.99) / quantile(fastest, 0.99),
      unit: 'x',
      target: '<= 1.25',
    });
  } finally {
    await rig.stop();
  }
}
