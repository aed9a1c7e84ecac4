import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ViewPull } from '../../../src/core/protocol.ts';
import {
  BackendUnavailableError,
  BadRequestError,
  createMemoryBackend,
  createReactiveBackend,
  encode,
} from '../../../src/index.ts';
import { createReactiveHandler, live, useReactive } from '../../../src/server/index.ts';
import { signView } from '../../../src/server/live/token.ts';
import { openSession } from '../../fixtures/sse.ts';
import { waitFor } from '../../fixtures/wait.ts';

// A hub that renders by pull (Next.js): a change tells the tabs their view is stale, and each
// pulls the render (`hub.renderViews`), which the hub already made once for all of them.
const backend = createMemoryBackend();
const app = createReactiveBackend({ backend, namespace: 'app' });
const count = app.signal('count', 0);
const secret = app.signal('secret', 'hidden');
let bodies = 0;
live('pulled-count', () => {
  bodies++;
  return `count ${useReactive(count)}`;
});
live('pulled-secret', () => `secret ${useReactive(secret)}`);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function pullHub(authorize?: Parameters<typeof createReactiveHandler>[0]['authorize']) {
  const hub = createReactiveHandler({ backend, views: { pull: true }, authorize });
  cleanups.push(() => hub.close());
  return hub;
}

const request = new Request('http://app.test/');
const bump = () => backend.write(count.key, { op: 'add', by: 1, initial: encode(0) });

describe('live views by pull', () => {
  it('20 tabs: a write sends each a stale notice without payload; their pulls get the one render the hub made, with no read', async () => {
    const hub = pullHub();
    const { token } = signView('pulled-count', {});
    const { version } = await count.read();
    const tabs = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const abort = new AbortController();
        cleanups.push(() => abort.abort());
        const { reader } = await openSession(
          hub,
          `pull-tab-${i}-0123456789abcdef`,
          { type: 'watch', view: token, deps: [{ key: count.key, version }] },
          abort.signal,
        );
        return () =>
          reader.events
            .filter((e) => e.event === 'view')
            .map((e) => JSON.parse(e.data) as Record<string, unknown>);
      }),
    );
    const before = bodies;
    await bump();
    await waitFor(() => tabs.every((views) => views().length === 1), 'a stale notice in each tab');
    for (const views of tabs) {
      const [event] = views();
      expect(event).toMatchObject({ render: 1, deps: [{ key: count.key, version: version + 1 }] });
      expect(event).not.toHaveProperty('payload');
    }
    expect(bodies - before).toBe(1);

    const reads = vi.spyOn(backend, 'read');
    const notice = [{ key: count.key, version: version + 1 }];
    const pulls = await Promise.all(
      tabs.map(() => hub.renderViews([{ token, deps: notice }], request.headers)),
    );
    for (const [pulled] of pulls) {
      expect(pulled).toEqual({ content: `count ${version + 1}`, deps: notice });
    }
    expect(reads).not.toHaveBeenCalled();
    expect(bodies - before).toBe(1);

    // A pull naming a newer version than this process has rendered (its notice came from
    // another app server) gets a render of its own, from the store.
    await backend.write(count.key, { op: 'add', by: 1, initial: encode(0) });
    const newer = [{ key: count.key, version: version + 2 }];
    const [fresh] = await hub.renderViews([{ token, deps: newer }], request);
    expect(fresh).toEqual({ content: `count ${version + 2}`, deps: newer });
    reads.mockRestore();
  });

  it('renders a view nobody watches in this process, several in one pull', async () => {
    const hub = pullHub();
    await bump();
    const { value, version } = await count.read();
    const pulled = await hub.renderViews(
      [
        { token: signView('pulled-count', {}).token, deps: [] },
        { token: signView('pulled-secret', {}).token, deps: [] },
      ],
      request,
    );
    expect(pulled).toEqual([
      { content: `count ${value}`, deps: [{ key: count.key, version }] },
      { content: 'secret hidden', deps: [{ key: secret.key, version: 0 }] },
    ]);
  });

  it('answers forged and expired tokens, unknown views and views the request may not read with coded errors, beside the views that render; refuses malformed and too long lists, and a closed hub', async () => {
    const hub = pullHub(({ key, op }) => op === 'read' && key[1] !== 'secret');
    const { token } = signView('pulled-count', {});
    const asked = (t: string) => ({ token: t, deps: [] });
    const answers = await hub.renderViews(
      [
        asked(`${token.slice(0, -2)}xx`),
        asked(signView('pulled-count', {}, -1).token),
        asked(signView('no-such-view', {}).token),
        asked(signView('pulled-secret', {}).token),
        asked(token),
      ],
      request,
    );
    expect(answers.map((a) => ('error' in a ? a.error.code : 'rendered'))).toEqual([
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'BAD_REQUEST',
      'UNAUTHORIZED',
      'rendered',
    ]);
    expect('error' in answers[1]! && answers[1].error.message).toMatch(/expired/);
    expect('error' in answers[3]! && answers[3].error.message).toMatch(
      /Not allowed to watch view pulled-secret/,
    );
    await expect(hub.renderViews(Array(101).fill(asked(token)), request)).rejects.toThrow(
      BadRequestError,
    );
    await expect(hub.renderViews([token] as unknown as ViewPull[], request)).rejects.toThrow(
      BadRequestError,
    );
    hub.close();
    await expect(hub.renderViews([asked(token)], request)).rejects.toThrow(BackendUnavailableError);
  });
});
