import { describe, expect, it, vi } from 'vitest';
import { encode, type WireError } from '../../../src/index.ts';
import { signView } from '../../../src/server/live/token.ts';
import { liveCount } from '../../fixtures/live-count.ts';
import { openSession } from '../../fixtures/sse.ts';
import { waitFor } from '../../fixtures/wait.ts';

// Many tabs on one live view in one process: one render per change, one payload for all.
const { backend, count, cleanups, hub } = liveCount('shared-count');

/** A hub with counted renders (see `liveCount`) and tabs watching its one view. */
function setup({ failFirst = 0, gate = Promise.resolve() } = {}) {
  const { handler, renders } = hub({
    failure: (n) => (n <= failFirst ? new Error(`render ${n} fails`) : undefined),
    gate,
  });
  const { token } = signView('shared-count', {});
  const tab = async (i: number, version: number) => {
    const session = `shared-view-tab-${i}-0123456789`;
    const abort = new AbortController();
    cleanups.push(() => abort.abort());
    const { reader, answer: watched } = await openSession(
      handler,
      session,
      { type: 'watch', view: token, deps: [{ key: count.key, version }] },
      abort.signal,
    );
    expect(watched.status).toBe(200);
    const views = () =>
      reader.events
        .filter((e) => e.event === 'view')
        .map((e) => JSON.parse(e.data) as { deps: { version: number }[] });
    const viewErrors = () =>
      reader.events
        .filter((e) => e.event === 'view-error')
        .map((e) => JSON.parse(e.data) as { failures: number; error: WireError });
    /** The version of the count in the newest render this tab got (undefined before one). */
    const shows = () => views().at(-1)?.deps[0]?.version;
    return { views, viewErrors, shows, reader };
  };
  return { tab, renders };
}

/** One write to the count, from outside any tab. */
const bump = () => backend.write(count.key, { op: 'add', by: 1, initial: encode(0) });

describe('live views shared by the tabs of one process', () => {
  it('50 tabs on one view: one write, one render, every tab gets it with the new version', async () => {
    const { tab, renders } = setup();
    const { version } = await count.read();
    const tabs = await Promise.all(Array.from({ length: 50 }, (_, i) => tab(i, version)));
    expect(renders()).toBe(0); // nothing moved since the page: nothing to push
    const reads = vi.spyOn(backend, 'read');
    await bump();
    await waitFor(
      () => tabs.every((t) => t.shows() === version + 1),
      'all 50 tabs to get the render of the write',
    );
    expect(renders()).toBe(1);
    // Rendered from the state the subscription delivered, not read back from the store.
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();

    // A tab that joins showing an older version gets the newest render at once, no new render.
    const late = await tab(50, version);
    await waitFor(() => late.shows() === version + 1, 'the late tab');
    expect(renders()).toBe(1);
    // One that joins showing the current version gets nothing: it is up to date.
    const current = await tab(51, version + 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(current.views()).toEqual([]);
  });

  it('a render that fails is tried again until every tab has the newest version', async () => {
    const { tab, renders } = setup({ failFirst: 2 });
    const { version } = await count.read();
    const tabs = await Promise.all(Array.from({ length: 5 }, (_, i) => tab(100 + i, version)));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await bump();
    await waitFor(
      () => tabs.every((t) => t.shows() === version + 1),
      'every tab to get the render after two failures',
    );
    expect(renders()).toBe(3);
    expect(errors).toHaveBeenCalledTimes(1); // one run of failures, said once
    errors.mockRestore();
  });

  it('renders that keep failing tell every tab once, with a coded view-error, until one works', async () => {
    const { tab, renders } = setup({ failFirst: 3 });
    const { version } = await count.read();
    const tabs = await Promise.all(Array.from({ length: 3 }, (_, i) => tab(200 + i, version)));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await bump();
    await waitFor(
      () => tabs.every((t) => t.shows() === version + 1),
      'every tab to get the render that worked, the fourth',
      20_000,
    );
    errors.mockRestore();
    expect(renders()).toBe(4);
    for (const t of tabs) {
      // Told once, at the third failure, before the render that worked; a thrown Error that is
      // not one of ours stays on the server (INTERNAL, no text of its own).
      expect(t.viewErrors()).toEqual([
        {
          view: expect.any(String),
          failures: 3,
          error: { code: 'INTERNAL', message: 'Re-rendering shared-count failed' },
        },
      ]);
      const kinds = t.reader.events.map((e) => e.event).filter((e) => e !== 'session');
      expect(kinds).toEqual(['view-error', 'view']);
    }
  }, 30_000);

  it('a tab joining while a render is in flight gets that render, and a write during it the next', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { tab, renders } = setup({ gate });
    const { version } = await count.read();
    const first = await tab(300, version);
    await bump();
    await waitFor(() => renders() === 1, 'the render of the first write to start');
    // While that render waits: a tab joins showing the old version, and another write lands.
    const joined = await tab(301, version);
    await bump();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(renders()).toBe(1); // the second write waits for the render in flight
    release();
    await waitFor(
      () => [first, joined].every((t) => t.shows() === version + 2),
      'both tabs to get the render of the second write',
    );
    expect(renders()).toBe(2); // the render in flight, then one for the write made during it
    // The tab that joined mid-render was pushed that render too: it was not left on the old one.
    expect(joined.views().map((v) => v.deps[0]?.version)).toEqual([version + 1, version + 2]);
  });

  it('1,000 tabs on one view: one write reaches every one of them with one render', async () => {
    const { tab, renders } = setup();
    const { version } = await count.read();
    const tabs: Awaited<ReturnType<typeof tab>>[] = [];
    for (let i = 0; i < 1_000; i++) tabs.push(await tab(1_000 + i, version));
    const started = performance.now();
    await bump();
    await waitFor(
      () => tabs.every((t) => t.shows() === version + 1),
      'all 1,000 tabs to get the render',
      30_000,
    );
    console.log(
      `1,000 tabs on one view: the last had the new render after ${Math.round(performance.now() - started)} ms`,
    );
    expect(renders()).toBe(1);
  }, 60_000);
});
