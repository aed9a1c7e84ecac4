import { createClient } from 'rivetkit/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/index.ts';
import { createRivetBackend, type RivetBackend } from '../../src/rivet/index.ts';
import { createReactiveHandler } from '../../src/server/index.ts';
import { type RivetFixture, startRivet } from '../fixtures/rivet.ts';
import { SseReader } from '../fixtures/sse.ts';
import { waitFor } from '../fixtures/wait.ts';

describe('the hub on the Rivet backend', () => {
  let rivet: RivetFixture;
  let backend: RivetBackend;
  beforeAll(async () => {
    rivet = await startRivet();
    backend = createRivetBackend({ registry: rivet.registry });
  });
  afterAll(async () => {
    await backend?.close();
    await rivet?.stop();
  });

  it('100 tabs on one signal share one actor connection in the process', async () => {
    const hub = createReactiveHandler({ backend, authorize: () => true });
    const key = ['app', 'shared'] as const;
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
    // Written through another backend (its own pool), so the tabs hear it from the actor.
    await waitFor(() => backend.status === 'live', 'the shared actor connection to be live');
    const writer = createRivetBackend({ registry: rivet.registry });
    await writer.write(key, { op: 'set', data: encode('hello, 100 tabs') });
    await writer.close();
    await waitFor(
      () =>
        tabs.every(({ reader }) =>
          reader.values().some((v) => v.data && decode(v.data) === 'hello, 100 tabs'),
        ),
      'all 100 tabs to see the write',
    );
    expect(backend.stats()).toEqual({ connections: 1, subscribers: 100 });
    const client = createClient<typeof rivet.registry>({
      endpoint: rivet.engine.endpoint,
      disableMetadataLookup: true,
    });
    expect(await client.reactiveState.getOrCreate([...key]).connectionCount()).toBe(1);
    await client.dispose();
    for (const { abort, reader } of tabs) {
      abort.abort();
      await reader.cancel();
    }
    hub.close();
    await waitFor(() => backend.stats().connections === 0, 'the pool to release the actor');
  });
});
