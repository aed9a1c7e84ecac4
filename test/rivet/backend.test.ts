import { createServer, request } from 'node:http';
import { type AddressInfo, connect, createServer as createNetServer, type Socket } from 'node:net';
import fc from 'fast-check';
import { createClient } from 'rivetkit/client';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createReactiveStateActor } from '../../actors/index.ts';
import type { WriteOp } from '../../src/core/backend.ts';
import {
  BackendUnavailableError,
  effect,
  encode,
  UnauthorizedError,
  UnknownActorError,
  ValidationError,
  validate,
} from '../../src/index.ts';
import { createReactiveBackend } from '../../src/rivet/index.ts';
import type { Engine } from '../fixtures/engine.ts';
import { freePort } from '../fixtures/ports.ts';
import { countingStateActor, type testRegistry } from '../fixtures/rivet.ts';
import { rivetTest } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

const held = new Set<string>();
const use = {
  reactiveState: countingStateActor(),
  userState: createReactiveStateActor(),
  appState: createReactiveStateActor(),
  // Holds the first write of each key for 3 s: longer than a call waits on a live connection.
  slowState: createReactiveStateActor({
    authorize: async ({ key, access }) => {
      const id = key.join('/');
      if (access === 'write' && !held.has(id)) {
        held.add(id);
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      }
      return true;
    },
  }),
  // Checks every value whoever writes it: a count from 0 to 10.
  checkedState: createReactiveStateActor({
    validate: (_key, value) => validate(z.number().int().min(0).max(10), value, 'count'),
  }),
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
    // The write's own result reaches subscribers before the connection may be open.
    await waitFor(() => backend.status === 'live', 'the connection to open');

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

  it('backends of one registry share one client and pool: one actor connection per signal in the process', async () => {
    const user = createReactiveBackend({ registry, namespace: 'user', lingerMs: 300 });
    const app = createReactiveBackend({ registry, namespace: 'app', lingerMs: 300 });
    const theme = user.signal('theme', 'light');
    const visits = app.signal('visits', 0);
    const stops = [theme.subscribe(() => {}), visits.subscribe(() => {})];
    await waitFor(
      () => user.backend.stats().connections === 2 && user.backend.status === 'live',
      'both connections live',
    );
    // One pool: each backend's stats count the other's signal too.
    expect(user.backend.stats()).toEqual({ connections: 2, subscribers: 2 });
    expect(app.backend.stats()).toEqual({ connections: 2, subscribers: 2 });
    expect(app.backend.status).toBe('live');

    // Two backend objects watching the same key: still one connection, as the actor counts it.
    const again = createReactiveBackend({ registry, namespace: 'user', lingerMs: 300 });
    stops.push(again.signal('theme', 'light').subscribe(() => {}));
    await theme.set('dark');
    await waitFor(
      () => again.signal('theme', 'light').value === 'dark',
      'the other backend to see the write',
    );
    expect(again.backend.stats()).toEqual({ connections: 2, subscribers: 3 });
    const client = createClient<typeof registry>({
      endpoint: engine.endpoint,
      disableMetadataLookup: true,
    });
    expect(await client.reactiveState.getOrCreate(['user', 'theme']).connectionCount()).toBe(1);
    await client.dispose();

    // Closing one backend leaves the shared pool to the others.
    await user.backend.close();
    expect(app.backend.stats().connections).toBe(2);
    for (const stop of stops) stop();
    await waitFor(
      () => app.backend.stats().connections === 0,
      'the pool to close after the linger',
    );
    await Promise.all([app.backend.close(), again.backend.close()]);
  });

  it('backends with other params or another actor name have pools of their own', async () => {
    const plain = createReactiveBackend({ registry, namespace: 'own' });
    const other = createReactiveBackend({ registry, namespace: 'own', params: { role: 'other' } });
    const users = createReactiveBackend({ registry, namespace: 'own', actorName: 'userState' });
    const stops = [plain, other, users].map((b) => b.signal('s', 0).subscribe(() => {}));
    for (const { backend } of [plain, other, users]) {
      await waitFor(() => backend.status === 'live', 'a live connection each');
      expect(backend.stats()).toEqual({ connections: 1, subscribers: 1 });
    }
    for (const stop of stops) stop();
    await Promise.all([plain, other, users].map(({ backend }) => backend.close()));
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

  it('the actor itself refuses a malformed write with a coded error and keeps its state', async () => {
    const { signal } = createReactiveBackend({ registry, namespace: 'raw' });
    const kept = signal('kept', 'initial');
    await kept.set('stored');
    // Straight through RivetKit, past the backend's own checks: what arrives is untyped.
    const client = createClient<typeof registry>({
      endpoint: engine.endpoint,
      disableMetadataLookup: true,
    });
    const actor = client.reactiveState.getOrCreate(['raw', 'kept']);
    for (const op of [
      { op: 'nope' },
      { op: 'set', data: 42 },
      { op: 'set', data: '"x"', ifVersion: -1 },
      { op: 'add', by: '1' },
      null,
      // Batches (write-combiner.ts) hold 1 to 1,000 adds, appends and merges, and nothing else.
      { op: 'batch', ops: [] },
      { op: 'batch', ops: [{ op: 'set', data: '"x"' }] },
      { op: 'batch', ops: [{ op: 'add', by: 1 }, { op: 'delete' }] },
      { op: 'batch', ops: Array.from({ length: 1_001 }, () => ({ op: 'add', by: 1 })) },
      { op: 'batch', ops: 'add' },
    ]) {
      await expect(actor.write(op as unknown as WriteOp)).rejects.toMatchObject({
        group: 'user',
        code: 'INVALID_OPERATION',
      });
    }
    await client.dispose();
    expect(await kept.get()).toBe('stored');
    expect(kept.version).toBe(1);
  });

  it('refuses an actor name the registry does not have, at creation', () => {
    expect(() => createReactiveBackend({ registry, actorName: 'nope' as 'reactiveState' })).toThrow(
      UnknownActorError,
    );
    expect(() => createReactiveBackend({ registry, actorName: 'nope' as 'reactiveState' })).toThrow(
      /has no actor named "nope"; it has "reactiveState", "userState", "appState", "slowState", "checkedState", "lockedState"/,
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

  it('applies a write sent twice with one write id once', async () => {
    const client = createClient<typeof registry>({
      endpoint: engine.endpoint,
      disableMetadataLookup: true,
    });
    const actor = client.reactiveState.getOrCreate(['ids', 'counter']);
    const add: WriteOp = { op: 'add', by: 1, initial: encode(0) };
    const first = await actor.write(add, 'write-1');
    expect(await actor.write(add, 'write-1')).toEqual(first);
    expect((await actor.write(add, 'write-2')).version).toBe(2);
    await expect(actor.write(add, 'not an id!')).rejects.toMatchObject({
      code: 'INVALID_OPERATION',
    });
    expect(await actor.get()).toEqual({ version: 2, data: encode(2) });
    await client.dispose();
  });

  it('writes over a live connection, and a write held there goes stateless and lands once', async () => {
    const { signal, backend } = createReactiveBackend({ registry, actorName: 'slowState' });
    const count = signal('held', 0);
    const stop = count.subscribe(() => {});
    await waitFor(() => backend.status === 'live', 'the connection to open');
    const started = Date.now();
    // The first try waits on the connection, gives up after 2 s, and is sent again stateless
    // with the same id; the actor finishes the first one after 3 s and applies it once.
    expect(await count.add(1)).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the held try has finished
    expect(await count.get()).toBe(1);
    expect(count.version).toBe(1);
    stop();
    await backend.close();
  }, 20_000);

  it('a write whose answer is lost is sent again with its id and applied once', async () => {
    // A proxy to the engine that forwards the first write whole, lets the actor apply it, and
    // then drops its answer: the caller cannot know whether it landed.
    let writes = 0;
    const proxy = createServer((req, res) => {
      const target = new URL(req.url ?? '/', engine.endpoint);
      const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
        if (req.url?.includes('/action/write') && ++writes === 1) {
          answer.resume();
          answer.on('end', () => res.socket?.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    const { signal, backend } = createReactiveBackend({
      registry,
      namespace: 'resent',
      start: false,
      endpoint: `http://127.0.0.1:${port}`,
    });
    const count = signal('count', 0);
    expect(await count.add(1)).toBe(1);
    expect(writes).toBe(2); // sent twice, applied once
    expect(count.version).toBe(1);
    const direct = createReactiveBackend({ registry, namespace: 'resent' });
    expect(await direct.signal('count', 0).read()).toEqual({ value: 1, version: 1 });
    await direct.backend.close();
    await backend.close();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('a subscribed connection that silently stops carrying events is probed, replaced, and its subscriber catches up', async () => {
    // A TCP proxy to the engine that can freeze the sockets open now: they stay open and carry
    // nothing, as a gateway socket to an actor instance that is gone does.
    const sockets = new Set<Socket>();
    const proxy = createNetServer((client) => {
      const upstream = connect(Number(new URL(engine.endpoint).port), '127.0.0.1');
      client.pipe(upstream).pipe(client);
      const pair = Object.assign(client, { upstream });
      sockets.add(pair);
      const drop = () => {
        sockets.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    const watcher = createReactiveBackend({
      registry,
      namespace: 'probed',
      start: false,
      endpoint: `http://127.0.0.1:${port}`,
      probeMs: 1_000,
      timeoutMs: 2_000,
      reopenAfterMs: 500,
    });
    const writer = createReactiveBackend({ registry, namespace: 'probed', params: { writer: 1 } });
    const watched = watcher.signal('count', 0);
    const seen: number[] = [];
    const stop = watched.subscribe((v) => seen.push(v));
    await writer.signal('count', 0).set(1);
    await waitFor(() => watcher.backend.status === 'live' && seen.at(-1) === 1, 'live at 1');

    for (const socket of sockets) {
      socket.unpipe();
      (socket as Socket & { upstream: Socket }).upstream.unpipe();
    }
    await writer.signal('count', 0).set(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.at(-1)).toBe(1); // the frozen socket did not carry the change
    await waitFor(() => seen.at(-1) === 2, 'the subscriber to catch up', 10_000);
    await writer.signal('count', 0).set(3);
    await waitFor(() => seen.at(-1) === 3, 'events over the new connection', 10_000);
    expect(seen).toEqual([0, 1, 2, 3].slice(seen[0] === 0 ? 0 : 1));
    stop();
    await watcher.backend.close();
    await writer.backend.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('an actor with validate refuses an invalid value from a raw RivetKit client, storing nothing', async () => {
    const client = createClient<typeof registry>({
      endpoint: engine.endpoint,
      disableMetadataLookup: true,
    });
    const actor = client.checkedState.getOrCreate(['checked', 'count']);
    expect(await actor.write({ op: 'set', data: encode(3) })).toEqual({
      version: 1,
      data: encode(3),
    });
    for (const op of [
      { op: 'set', data: encode(11) },
      { op: 'set', data: encode('3') },
      { op: 'add', by: 8 },
    ] as WriteOp[]) {
      await expect(actor.write(op), JSON.stringify(op)).rejects.toMatchObject({
        group: 'user',
        code: 'INVALID_VALUE',
      });
    }
    expect(await actor.get()).toEqual({ version: 1, data: encode(3) });
    // Any value: stored exactly when the schema takes it.
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: -5, max: 15 }), fc.string(), fc.double()),
        async (value) => {
          const before = await actor.get();
          const valid = z.number().int().min(0).max(10).safeParse(value).success;
          const written = await actor.write({ op: 'set', data: encode(value) }).then(
            () => true,
            (error: { code?: string }) => {
              expect(error.code).toBe('INVALID_VALUE');
              return false;
            },
          );
          expect(written).toBe(valid);
          const after = await actor.get();
          expect(after).toEqual(
            valid ? { version: before.version + 1, data: encode(value) } : before,
          );
        },
      ),
      { numRuns: 40 },
    );
    // Through our backend the refusal is the typed error, with the schema's issues.
    const { signal, backend } = createReactiveBackend({ registry, actorName: 'checkedState' });
    const error = await signal('count', 0)
      .set(-1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ path: [], message: expect.any(String) }),
    ]);
    await backend.close();
    await client.dispose();
  });
});
