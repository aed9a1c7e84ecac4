import { createClient } from 'rivetkit/client';
import { describe, expect, it } from 'vitest';
import { createReactiveClient } from '../../src/client/index.ts';
import { decode, encode } from '../../src/index.ts';
import {
  BadRequestError,
  createReactiveBackend,
  createReactiveStateActor,
  createRivetBackend,
  type RivetBackend,
} from '../../src/rivet/index.ts';
import { createReactiveHandler } from '../../src/server/index.ts';
import { countingStateActor, type RivetFixture } from '../fixtures/rivet.ts';
import { SseReader } from '../fixtures/sse.ts';
import { rivetTest } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

const use = { reactiveState: countingStateActor(), otherState: createReactiveStateActor() };
const test = rivetTest(use);

describe('the hub on the Rivet backend', () => {
  let rivet: RivetFixture<typeof use>;
  let backend: RivetBackend;
  test.beforeAll(({ rivet: started }) => {
    rivet = started;
    backend = createRivetBackend({ registry: rivet.registry });
  });
  test.afterAll(async () => {
    await backend?.close();
  });

  it('100 tabs on one signal share one actor connection in the process', async () => {
    const hub = createReactiveHandler({ backend, authorize: () => true });
    const key = ['app', 'shared'] as const;
    // Declared by server code, as an app's signals are: a subscribe may create its actor.
    const app = createReactiveBackend({ registry: rivet.registry, namespace: 'app' });
    app.signal('shared', '');
    const tabs = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const session = `tab-${i}-0123456789abcdef`;
        const abort = new AbortController();
        const response = await hub(
          new Request(`http://hub/?session=${session}`, { signal: abort.signal }),
        );
        const reader = new SseReader(response.body!);
        await hub(
          new Request('http://hub/', {
            method: 'POST',
            body: JSON.stringify({ type: 'subscribe', session, keys: [{ key }] }),
          }),
        );
        return { reader, abort };
      }),
    );
    // Written straight through RivetKit (backends of this process share one pool), so the tabs
    // hear it from the actor.
    await waitFor(() => backend.status === 'live', 'the shared actor connection to be live');
    const client = createClient<typeof rivet.registry>({
      endpoint: rivet.engine.endpoint,
      disableMetadataLookup: true,
    });
    const actor = client.reactiveState.getOrCreate([...key]);
    await actor.write({ op: 'set', data: encode('hello, 100 tabs') });
    await waitFor(
      () =>
        tabs.every(({ reader }) =>
          reader.values().some((v) => v.data && decode(v.data) === 'hello, 100 tabs'),
        ),
      'all 100 tabs to see the write',
    );
    expect(backend.stats()).toEqual({ connections: 1, subscribers: 100 });
    expect(await actor.connectionCount()).toBe(1);
    await client.dispose();
    for (const { abort, reader } of tabs) {
      abort.abort();
      await reader.cancel();
    }
    hub.close();
    await app.backend.close();
    await waitFor(() => backend.stats().connections === 0, 'the pool to release the actor');
  });

  it('refuses a signal of another actor type instead of reading the same key from its own', async () => {
    const other = createReactiveBackend({
      registry: rivet.registry,
      actorName: 'otherState',
      namespace: 'app',
    });
    const note = other.signal('note', 'initial');
    await note.set('kept in otherState');
    const ref = note.ref();
    expect(ref.store).toBe('otherState');

    const hub = createReactiveHandler({ backend, authorize: () => true });
    const post = async (body: unknown) => {
      const response = await hub(
        new Request('http://hub/', { method: 'POST', body: JSON.stringify(body) }),
      );
      return { status: response.status, body: (await response.json()) as { code?: string } };
    };
    for (const body of [
      { type: 'read', key: ref.key, store: ref.store },
      { type: 'write', key: ref.key, store: ref.store, op: { op: 'set', data: encode('x') } },
      {
        type: 'subscribe',
        session: 'tab-store-0123456789abcd',
        keys: [{ key: ref.key, store: ref.store }],
      },
    ]) {
      expect(await post(body)).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    }
    // Through the tab's client: the typed error, naming both stores.
    const client = createReactiveClient({
      url: 'http://hub/',
      fetch: (url, init) => hub(new Request(url, init)),
    });
    const error = await client
      .signal(ref)
      .get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toMatch(/"otherState".*"reactiveState"/);
    // Nothing was written to either actor.
    expect(await note.get()).toBe('kept in otherState');
    expect((await backend.read(ref.key)).version).toBe(0);
    await other.backend.close();
  });

  it('a browser naming 200 keys nobody declared or wrote makes no actor, and still hears a first write', async () => {
    const actorCount = async () => {
      const url = `${rivet.engine.endpoint}/actors?namespace=default&name=reactiveState`;
      const { actors } = (await (await fetch(url)).json()) as { actors: unknown[] };
      return actors.length;
    };
    const before = await actorCount();
    const hub = createReactiveHandler({ backend, authorize: () => true });
    const session = 'flood-0123456789abcdef';
    const abort = new AbortController();
    const reader = new SseReader(
      (await hub(new Request(`http://hub/?session=${session}`, { signal: abort.signal }))).body!,
    );
    const keys = Array.from({ length: 200 }, (_, i) => ({ key: ['user', `flood${i}`] }));
    const post = (body: unknown) =>
      hub(new Request('http://hub/', { method: 'POST', body: JSON.stringify(body) }));
    expect((await post({ type: 'subscribe', session, keys })).status).toBe(200);
    const read = await (await post({ type: 'read', key: ['user', 'flood-read'] })).json();
    expect(read).toEqual({ version: 0, data: null });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await actorCount()).toBe(before);

    // Someone writes one of them (here a raw RivetKit client, as another process would): the
    // tab hears it once the lookup finds the actor (a few seconds at most).
    const client = createClient<typeof rivet.registry>({
      endpoint: rivet.engine.endpoint,
      disableMetadataLookup: true,
    });
    await client.reactiveState.getOrCreate(['user', 'flood7']).write({
      op: 'set',
      data: encode('first'),
    });
    await waitFor(
      () => reader.values().some((v) => v.key[1] === 'flood7' && v.data === encode('first')),
      'the tab to hear the first write',
      15_000,
    );
    expect(await actorCount()).toBe(before + 1);
    abort.abort();
    await reader.cancel();
    hub.close();
    await client.dispose();
  }, 30_000);
});
