import { createClient } from 'rivetkit/client';
import { describe, expect, it } from 'vitest';
import { createReactiveStateActor, reactiveStateActor } from '../../actors/index.ts';
import {
  BackendUnavailableError,
  effect,
  UnauthorizedError,
  UnknownActorError,
} from '../../src/index.ts';
import { createReactiveBackend } from '../../src/rivet/index.ts';
import type { Engine } from '../fixtures/engine.ts';
import { freePort } from '../fixtures/ports.ts';
import type { testRegistry } from '../fixtures/rivet.ts';
import { rivetTest } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

const use = {
  reactiveState: reactiveStateActor,
  userState: createReactiveStateActor(),
  appState: createReactiveStateActor(),
  lockedState: createReactiveStateActor({
    authorize: ({ params, access }) => {
      const token = (params as { token?: string } | null)?.token;
      return token === 'server-secret' || (access === 'read' && token === 'read-only');
    },
  }),
};
const test = rivetTest(use);

describe('rivet backend', () => {
  let engine: Engine;
  let registry: ReturnType<typeof testRegistry<typeof use>>;
  test.beforeAll(({ rivet }) => {
    [engine, registry] = [rivet.engine, rivet.registry];
  });

  it('shares one actor connection among 200 subscribers, and closes it after the linger', async () => {
    const { signal, backend } = createReactiveBackend({
      registry,
      namespace: 'pool',
      lingerMs: 300,
    });
    const hot = signal('hot', 0);
    const seen = Array.from({ length: 200 }, () => [] as number[]);
    const stops = seen.map((values) => hot.subscribe((v) => values.push(v)));
    await hot.set(7);
    await waitFor(() => seen.every((values) => values.at(-1) === 7), 'all 200 to see 7');
    expect(backend.stats()).toEqual({ connections: 1, subscribers: 1 });

    // Ask the actor itself how many connections it has, from a separate client.
    const client = createClient<typeof registry>({
      endpoint: engine.endpoint,
      disableMetadataLookup: true,
    });
    const actor = client.reactiveState.getOrCreate(['pool', 'hot']);
    expect(await actor.connectionCount()).toBe(1);

    for (const stop of stops) stop();
    await waitFor(() => backend.stats().connections === 0, 'the pool to close after the linger');
    let count = -1;
    for (let i = 0; i < 50 && count !== 0; i++) {
      count = await actor.connectionCount();
      if (count !== 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(count).toBe(0);
    await client.dispose();
    await backend.close();
  });

  it('keeps many signals watched by one effect on one connection each', async () => {
    const { signal, backend } = createReactiveBackend({ registry, namespace: 'many' });
    const signals = Array.from({ length: 20 }, (_, i) => signal(`s${i}`, i));
    let total = 0;
    const stop = effect(() => {
      total = signals.reduce((sum, s) => sum + s.value, 0);
    });
    await waitFor(() => backend.stats().connections === 20, '20 connections');
    await waitFor(() => backend.status === 'live', 'all 20 live');
    await signals[0]!.set(100);
    await waitFor(() => total === 190 + 100, 'the effect to see the write');
    stop();
    await backend.close();
  });

  it('namespaces and actor names do not see each other', async () => {
    const user = createReactiveBackend({ registry, namespace: 'user' });
    const app = createReactiveBackend({ registry, namespace: 'app' });
    const userActor = createReactiveBackend({ registry, actorName: 'userState' });
    const appActor = createReactiveBackend({ registry, actorName: 'appState' });
    await user.signal('theme', 'light').set('dark');
    await userActor.signal('theme', 'light').set('blue');
    expect(await app.signal('theme', 'light').get()).toBe('light');
    expect(await appActor.signal('theme', 'light').get()).toBe('light');
    expect(await user.signal('theme', 'light').get()).toBe('dark');
    expect(await userActor.signal('theme', 'light').get()).toBe('blue');
    expect(user.signal('theme', 'light').key).toEqual(['user', 'theme']);
  });

  it('a locked-down actor serves only callers with the app’s credentials', async () => {
    const server = createReactiveBackend({
      registry,
      actorName: 'lockedState',
      params: { token: 'server-secret' },
    });
    const secret = server.signal('secret', 'initial');
    await secret.set('written by the server');

    const stranger = createReactiveBackend({ registry, actorName: 'lockedState' });
    await expect(stranger.signal('secret', '').get()).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(stranger.signal('secret', '').set('hacked')).rejects.toBeInstanceOf(
      UnauthorizedError,
    );

    const reader = createReactiveBackend({
      registry,
      actorName: 'lockedState',
      params: { token: 'read-only' },
    });
    expect(await reader.signal('secret', '').get()).toBe('written by the server');
    await expect(reader.signal('secret', '').set('hacked')).rejects.toBeInstanceOf(
      UnauthorizedError,
    );

    // Directly through RivetKit, without our library: still refused.
    const client = createClient<typeof registry>({
      endpoint: engine.endpoint,
      disableMetadataLookup: true,
    });
    await expect(client.lockedState.getOrCreate(['default', 'secret']).get()).rejects.toMatchObject(
      {
        group: 'user',
        code: 'UNAUTHORIZED',
      },
    );
    await client.dispose();
    expect(await secret.get()).toBe('written by the server');
    expect(secret.version).toBe(1);
  });

  it('refuses an actor name the registry does not have, at creation', () => {
    expect(() => createReactiveBackend({ registry, actorName: 'nope' as 'reactiveState' })).toThrow(
      UnknownActorError,
    );
    expect(() => createReactiveBackend({ registry, actorName: 'nope' as 'reactiveState' })).toThrow(
      /has no actor named "nope"; it has "reactiveState", "userState", "appState", "lockedState"/,
    );
  });

  it('gives BackendUnavailableError within its deadline when the engine is unreachable', async () => {
    const port = await freePort(); // nothing listens here
    const { signal, backend } = createReactiveBackend({
      registry,
      start: false,
      endpoint: `http://127.0.0.1:${port}`,
      timeoutMs: 2_000,
    });
    const started = Date.now();
    await expect(signal('x', 0).get()).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(signal('x', 0).set(1)).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(backend.status).toBe('offline');
    await backend.close();
  });
});
