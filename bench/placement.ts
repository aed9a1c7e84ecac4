// Q12: placement across runners. Two app-server processes write 16 hot signals; first one of
// them is the engine's only runner (the other only calls actors), then both are (16 new
// signals). This process is not a runner. Which runner hosts each actor is what the actor's
// `authorize` saw in each process (the engine's actor API names no runner). Prints the split
// and the add rate with 1 and 2 runners, the writers being the same.
import { startEngine } from '../test/fixtures/engine.ts';
import { type AppServer, startAppServer } from '../test/fixtures/runner-processes.ts';
import { report } from './lib.ts';

const SIGNALS = 16;
const WRITERS = 4; // per signal per process
const TIMES = 25; // adds per writer

/** Every server adds to every one of `names`: adds per second over all of them (the first name's sum checked). */
async function addRate(servers: AppServer[], names: string[]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    servers.map((s) =>
      s.call<number[]>({ cmd: 'addLoops', names, writers: WRITERS, times: TIMES }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const expected = servers.length * WRITERS * TIMES;
  const read = await servers[0]!.call<{ value: number }>({ cmd: 'get', name: names[0]! });
  if (read.value !== expected) {
    throw new Error(`placement: ${names[0]} holds ${read.value}, expected ${expected}`);
  }
  return (names.length * expected) / seconds;
}

export async function run(): Promise<void> {
  const engine = await startEngine();
  const servers: AppServer[] = [];
  try {
    const runner = await startAppServer(engine, { NAMESPACE: 'placement' });
    servers.push(runner);
    const caller = await startAppServer(engine, { NAMESPACE: 'placement', RUNNER: '0' });
    const one = Array.from({ length: SIGNALS }, (_, i) => `one-${i}`);
    const rateOne = await addRate([runner, caller], one);
    await caller.stop();

    servers.push(await startAppServer(engine, { NAMESPACE: 'placement' }));
    const two = Array.from({ length: SIGNALS }, (_, i) => `two-${i}`);
    const rateTwo = await addRate(servers, two);

    const hosted = await Promise.all(servers.map((s) => s.call<string[]>({ cmd: 'hosted' })));
    const onRunner = hosted.map(
      (keys) => two.filter((n) => keys.includes(`placement/${n}`)).length,
    );
    report({
      name: `placement, 2 runners, ${SIGNALS} new signals: on runner A`,
      value: onRunner[0] ?? 0,
      unit: 'actors',
      target: '>= 1',
    });
    report({
      name: `placement, 2 runners, ${SIGNALS} new signals: on runner B`,
      value: onRunner[1] ?? 0,
      unit: 'actors',
      target: '>= 1',
    });
    report({ name: 'placement: 1 runner', value: Math.round(rateOne), unit: 'adds/s' });
    report({ name: 'placement: 2 runners', value: Math.round(rateTwo), unit: 'adds/s' });
    report({ name: 'placement: 2 runners / 1 runner', value: rateTwo / rateOne, unit: 'x' });
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await engine.stop();
  }
}
