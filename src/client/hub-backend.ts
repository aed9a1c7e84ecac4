import type { Backend, Unsubscribe, WriteOp } from '../core/backend.ts';
import { DEFAULT_MAX_BYTES } from '../core/codec.ts';
import { KeyFanOut } from '../core/fan-out.ts';
import { assertKey, keyId, type SignalKey } from '../core/key.ts';
import type { KeyVersion } from '../core/protocol.ts';
import { randomId } from '../core/random-id.ts';
import { fromWire, type ReactiveError } from '../errors.ts';
import { ChangeBatch } from './change-batch.ts';
import { createHubPost } from './hub-post.ts';
import { type EventSourceConstructor, HubStream } from './hub-stream.ts';
import type { LiveViewHandle } from './live-runtime.ts';

export interface HubBackendOptions {
  /** The hub's URL, e.g. `/_reactive`. */
  url: string;
  /** Defaults to the global `EventSource`. */
  EventSource?: EventSourceConstructor;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Extra headers on every POST (e.g. a CSRF token). */
  headers?: Record<string, string>;
  /** How long the stream stays open after the last subscription ends, in ms. Default 1,000. */
  lingerMs?: number;
  /** Largest encoded value this client sends. Default 1 MiB (the hub checks again). */
  maxBytes?: number;
}

export interface HubBackend extends Backend {
  /** This tab's session id: the one stream and every subscription belong to it. */
  readonly session: string;
  /**
   * Watches a live view: `onPayload` gets each re-render's RSC payload, over the same stream, or
   * `undefined` from a hub that renders by pull (the view changed: pull its render);
   * `onError` hears when its re-renders keep failing on the hub (the view keeps its last render).
   */
  watchView(
    view: LiveViewHandle,
    onPayload: (payload: Uint8Array | undefined, deps: KeyVersion[]) => void,
    onError?: (error: ReactiveError) => void,
  ): Unsubscribe;
  /** Names the store a key's signal lives in (from its `SignalRef`), sent with every request for it. */
  useStore(key: SignalKey, store: string): void;
  /** Open streams (0 or 1) and subscribed keys, for tests. */
  stats(): { streams: number; keys: number; views: number };
}

/**
 * The Backend contract in a tab, over the hub: one EventSource for every subscription (whatever
 * their number), POSTs for everything else. Subscribe and unsubscribe calls made in the same
 * tick go out as one request.
 */
export function createHubBackend(options: HubBackendOptions): HubBackend {
  const { url, lingerMs = 1_000, maxBytes = DEFAULT_MAX_BYTES } = options;
  const session = randomId(18);
  const entries = new Map<string, KeyFanOut>();
  /** Key id → store, from the refs the page was handed (see `Backend.store`). */
  const stores = new Map<string, string>();
  const views = new Map<
    string,
    {
      handle: LiveViewHandle;
      onPayload: (payload: Uint8Array | undefined, deps: KeyVersion[]) => void;
      onError?: (error: ReactiveError) => void;
    }
  >();
  const post = createHubPost({
    url,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    headers: options.headers,
  });

  const stream = new HubStream(
    `${url}${url.includes('?') ? '&' : '?'}session=${session}`,
    options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource,
    {
      session: ({ resumed }) => {
        // A hub that lost the session (restarted, or another process) gets every key again,
        // each from the version this tab already has.
        if (resumed) return;
        for (const id of entries.keys()) changes.subscribe(id);
        for (const id of views.keys()) changes.watch(id);
      },
      value: ({ key, version, data }) => entries.get(keyId(key))?.offer({ version, data }),
      view: ({ view, deps, payload }) => {
        const watched = views.get(view);
        if (!watched) return;
        watched.handle = { ...watched.handle, deps }; // a re-watch starts from what is shown
        const bytes =
          payload === undefined
            ? undefined
            : Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
        watched.onPayload(bytes, deps);
      },
      'view-error': ({ view, error }) => {
        const typed = fromWire(error);
        if (typed) views.get(view)?.onError?.(typed);
      },
    },
  );

  const changes = new ChangeBatch(session, post, stream, {
    key: (id) => {
      const entry = entries.get(id);
      return entry && { key: entry.key, version: entry.latest?.version, store: stores.get(id) };
    },
    view: (id) => views.get(id)?.handle,
  });

  /** With nothing left to follow, the stream closes after `lingerMs` unless something comes. */
  const lingerIfIdle = () => {
    if (entries.size === 0 && views.size === 0) stream.closeAfter(lingerMs);
  };

  return {
    kind: 'hub',
    maxBytes,
    session,
    read: async (key) => {
      assertKey(key);
      return post({ type: 'read', key, store: stores.get(keyId(key)) });
    },
    write: async (key: SignalKey, op: WriteOp) => {
      assertKey(key);
      return post({ type: 'write', key, op, store: stores.get(keyId(key)) });
    },
    subscribe(key, listener): Unsubscribe {
      assertKey(key);
      const id = keyId(key);
      let entry = entries.get(id);
      if (!entry) {
        entry = new KeyFanOut(key);
        entries.set(id, entry);
        changes.subscribe(id);
      }
      stream.open();
      const fanOut = entry;
      const stop = fanOut.listen(listener);
      return () => {
        stop();
        if (fanOut.size > 0 || entries.get(id) !== fanOut) return;
        entries.delete(id);
        changes.unsubscribe(id, key);
        lingerIfIdle();
      };
    },
    watchView(handle, onPayload, onError): Unsubscribe {
      const watched = { handle, onPayload, onError };
      views.set(handle.id, watched);
      changes.watch(handle.id);
      stream.open();
      return () => {
        if (views.get(handle.id) !== watched) return;
        views.delete(handle.id);
        changes.unwatch(handle.id);
        lingerIfIdle();
      };
    },
    get status() {
      return stream.status;
    },
    onStatus: (listener) => stream.onStatus(listener),
    useStore: (key, store) => stores.set(keyId(key), store),
    stats: () => ({ streams: stream.isOpen ? 1 : 0, keys: entries.size, views: views.size }),
    async close() {
      stream.close();
      entries.clear();
    },
  };
}
