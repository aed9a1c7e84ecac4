import { describe, expect } from 'vitest';
import { type AppServer, type ChangeEvent, startAppServer } from '../fixtures/runner-processes.ts';
import { engineTest as test } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

// A deploy as RivetKit sees it: each runner process reads RIVET_ENVOY_VERSION; the engine places
// new actors on the newest version it has, and a runner of an older version that stops in order
// hands its actors over to the newer one.
describe('faults: versioned runners (RIVET_ENVOY_VERSION)', () => {
  const NAMESPACE = 'versions';
  // Distinct values 1000 apart, so a signal read back after the move shows it kept its own state.
  const old = Array.from({ length: 6 }, (_, i) => ({ name: `old-${i}`, before: 1000 * (i + 1) }));
  const hostedKey = (name: string) => `${NAMESPACE}/${name}`;
  let v1: AppServer;
  let v2: AppServer;
  let caller: AppServer;

  test.beforeAll(async ({ engine }) => {
    [v1, caller] = await Promise.all([
      startAppServer(engine, { NAMESPACE, RIVET_ENVOY_VERSION: '1' }),
      // Hosts no actor, so it survives the deploy; its calls wait out an actor's move.
      startAppServer(engine, { NAMESPACE, RUNNER: '0', TIMEOUT_MS: '60000' }),
    ]);
    // Before v2 exists: these actors can only start on v1.
    for (const { name } of old) await caller.call({ cmd: 'set', name, value: 0 });
    v2 = await startAppServer(engine, { NAMESPACE, RIVET_ENVOY_VERSION: '2' });
    // Written while both versions run: the state v1's actors must carry over when v1 stops.
    for (const { name, before } of old) await caller.call({ cmd: 'set', name, value: before });
    await caller.call({ cmd: 'subscribe', name: old[0]!.name });
  }, 60_000);
  test.afterAll(async () => {
    // The caller hosts nothing, so there is nothing to hand over; its orderly stop sometimes
    // waited out the fixture's 10 s limit after the drain.
    await Promise.all([caller?.kill(), v1?.stop(), v2?.stop()]);
  });

  test('while v1 still runs its actors stay on it, and signal actors created after v2 started all start on v2', async () => {
    const fresh = Array.from({ length: 6 }, (_, i) => `new-${i}`);
    for (const name of fresh) await caller.call({ cmd: 'set', name, value: 0 });
    const [onV1, onV2] = await Promise.all([
      v1.call<string[]>({ cmd: 'hosted' }),
      v2.call<string[]>({ cmd: 'hosted' }),
    ]);
    expect(fresh.filter((name) => onV1.includes(hostedKey(name)))).toEqual([]);
    expect(fresh.filter((name) => onV2.includes(hostedKey(name)))).toEqual(fresh);
    // The writes made after v2 started ran on v1: v2 coming up moved none of its actors.
    const oldNames = old.map(({ name }) => name);
    expect(oldNames.filter((name) => onV1.includes(hostedKey(name)))).toEqual(oldNames);
    expect(oldNames.filter((name) => onV2.includes(hostedKey(name)))).toEqual([]);
  });

  test("v1's orderly stop moves its actors to v2 with their state; every add made during the drain is answered and the subscriber ends on what is stored", async () => {
    const writers = 2;
    // Few adds per loop: in some runs a moved actor's pooled connection in the caller stays
    // open but silent, and every add on that signal waits ~2 s on it before going stateless
    // until the loop ends, so the drain's time grows with the loop.
    const times = 6;
    const names = old.map(({ name }) => name);
    const adding = caller.call<number[]>({ cmd: 'addLoops', names, writers, times });
    // The drain starts with adds in flight: the subscriber has seen the first of them land.
    const watched = old[0]!;
    const added = (c: ChangeEvent) => c.name === watched.name && Number(c.value) > watched.before;
    await waitFor(() => caller.changes.some(added), 'the first add before the drain');
    const stoppedAt = Date.now();
    await v1.stop();
    // Every add was told it succeeded: a refused or timed-out add would reject the loops.
    await adding;
    const answeredAfter = Date.now() - stoppedAt;

    const onV2 = await v2.call<string[]>({ cmd: 'hosted' });
    expect(names.filter((name) => onV2.includes(hostedKey(name)))).toEqual(names);
    const told = writers * times;
    const stored = new Map<string, { value: number; version: number }>();
    for (const { name, before } of old) {
      const now = await caller.call<{ value: number; version: number }>({ cmd: 'get', name });
      stored.set(name, now);
      // The state from before the drain came along: its own base, not another's, not reset.
      expect(now.value).toBeGreaterThanOrEqual(before);
      // Not exact. RivetKit 2.3.19 measured here: in 3 of 4 runs of 6 × 50 adds across the drain,
      // 2 acknowledged adds were lost on one or two signals (48 stored, not 50): the draining
      // runner's shutdown saves a state snapshot that can overwrite a write saved during the
      // drain (its log showed two different writes saving the same version). What holds is the
      // bound: never more than the adds told they succeeded.
      expect(now.value - before).toBeLessThanOrEqual(told);
    }

    const last = stored.get(watched.name)!;
    const seen = () => caller.changes.filter((c) => c.name === watched.name);
    await waitFor(
      () => seen().at(-1)?.version === last.version,
      `the subscriber to reach version ${last.version}`,
    );
    expect(seen().at(-1)?.value).toBe(last.value);
    // A version never goes backwards for a key, across the move too.
    const versions = seen().map((c) => c.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));

    const counts = old.map(({ name, before }) => stored.get(name)!.value - before);
    console.log(
      `v1 stopped in order during ${names.length} × ${told} adds: all answered ${(answeredAfter / 1000).toFixed(1)} s after the stop; stored ${counts.join(', ')} of ${told}`,
    );
  }, 90_000);
});
