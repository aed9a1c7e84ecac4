import type { Backend, BackendStatus, Stored, Unsubscribe, WriteOp } from '../core/backend.ts';
import { DEFAULT_MAX_BYTES } from '../core/codec.ts';
import { KeyFanOut } from '../core/fan-out.ts';
import { assertKey, keyId, type SignalKey } from '../core/key.ts';
import { BackendUnavailableError, fromWire } from '../errors.ts';
import type { LiveViewHandle } from './live-runtime.ts';

/** The part of the WHATWG EventSource the client uses (the browser's, or a polyfill in Node). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

export interface HubBackendOptions {
  /** The hub's URL, e.g. `/_reactive`. */
  url: string;
  /** Defaults to the global `EventSource`. */
  EventSource?: new (
    url: string,
  ) => EventSourceLike;
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
  /** Watches a live view: `onPayload` gets each re-render's RSC payload, over the same stream. */
  watchView(view: LiveViewHandle, onPayload: (payload: Uint8Array) => void): Unsubscribe;
  /** Names the store a key's signal lives in (from its `SignalRef`), sent with every request for it. */
  useStore(key: SignalKey, store: string): void;
  /** Open streams (0 or 1) and subscribed keys, for tests. */
  stats(): { streams: number; keys: number; views: number };
}

function randomSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/**
 * The Backend contract in a tab, over the hub: one EventSource for every subscription (whatever
 * their number), POSTs for everything else. Subscribe and unsubscribe calls made in the same
 * tick go out as one request.
 */
export function createHubBackend(options: HubBackendOptions): HubBackend {
  const { url, lingerMs = 1_000, maxBytes = DEFAULT_MAX_BYTES } = options;
  const EventSourceImpl =
    options.EventSource ??
    (globalThis as { EventSource?: HubBackendOptions['EventSource'] }).EventSource;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const session = randomSessionId();
  const entries = new Map<string, KeyFanOut>();
  /** Key id → store, from the refs the page was handed (see `Backend.store`). */
  const stores = new Map<string, string>();
  const toSubscribe = new Map<string, SignalKey>();
  const toUnsubscribe = new Map<string, SignalKey>();
  const views = new Map<
    string,
    { handle: LiveViewHandle; onPayload: (payload: Uint8Array) => void }
  >();
  const toWatch = new Set<string>();
  const toUnwatch = new Set<string>();
  const statusListeners = new Set<(status: BackendStatus) => void>();
  let status: BackendStatus = 'connecting';
  let stream: EventSourceLike | undefined;
  let flushing = false;
  let closeTimer: ReturnType<typeof setTimeout> | undefined;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  /** The hub process holding our stream, named in subscription POSTs (see HubRelay). */
  let owner: string | undefined;
  // Subscription changes wait for the stream's first `session` event, so they can name it.
  let helloReceived: () => void = () => {};
  const hello = new Promise<void>((resolve) => {
    helloReceived = resolve;
  });

  const setStatus = (next: BackendStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  async function post<T>(body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify(body),
      });
    } catch (cause) {
      throw new BackendUnavailableError(`The hub at ${url} could not be reached`, { cause });
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (response.ok) return answer as T;
    throw (
      fromWire(answer) ??
      new BackendUnavailableError(`The hub answered ${response.status} ${response.statusText}`)
    );
  }

  function openStream() {
    if (stream || !EventSourceImpl) return;
    const source = new EventSourceImpl(`${url}${url.includes('?') ? '&' : '?'}session=${session}`);
    stream = source;
    source.addEventListener('open', () => {
      failures = 0;
      setStatus('live');
    });
    source.addEventListener('error', () => {
      if (stream !== source) return;
      setStatus(status === 'connecting' ? 'connecting' : 'reconnecting');
      // EventSource retries by itself unless the hub refused the stream outright.
      if (source.readyState === 2) {
        source.close();
        stream = undefined;
        failures++;
        clearTimeout(reopenTimer);
        reopenTimer = setTimeout(openStream, Math.min(10_000, 250 * 2 ** failures));
      }
    });
    source.addEventListener('session', (event) => {
      const greeting = JSON.parse(String(event.data)) as { resumed: boolean; hub?: string };
      owner = greeting.hub;
      helloReceived();
      // A hub that lost the session (restarted, or another process) gets every key again,
      // each from the version this tab already has.
      if (!greeting.resumed) {
        for (const [id, entry] of entries) toSubscribe.set(id, entry.key);
        for (const id of views.keys()) toWatch.add(id);
      }
      schedule();
    });
    source.addEventListener('view', (event) => {
      const { view, deps, payload } = JSON.parse(String(event.data)) as {
        view: string;
        deps: LiveViewHandle['deps'];
        payload: string;
      };
      const watched = views.get(view);
      if (!watched) return;
      watched.handle = { ...watched.handle, deps }; // a re-watch starts from what is shown
      const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
      watched.onPayload(bytes);
    });
    source.addEventListener('value', (event) => {
      const { key, version, data } = JSON.parse(String(event.data)) as {
        key: SignalKey;
        version: number;
        data: string | null;
      };
      entries.get(keyId(key))?.offer({ version, data });
    });
  }

  function closeStream() {
    stream?.close();
    stream = undefined;
    clearTimeout(reopenTimer);
  }

  function schedule() {
    if (flushing) return;
    flushing = true;
    queueMicrotask(() => {
      flushing = false;
      void flush();
    });
  }

  async function flush() {
    if (EventSourceImpl) await hello;
    const subscribe = [...toSubscribe.entries()].filter(([id]) => entries.has(id));
    const unsubscribe = [...toUnsubscribe.entries()].filter(([id]) => !entries.has(id));
    toSubscribe.clear();
    toUnsubscribe.clear();
    const watch = [...toWatch].flatMap((id) => views.get(id)?.handle ?? []);
    const unwatch = [...toUnwatch].filter((id) => !views.has(id));
    toWatch.clear();
    toUnwatch.clear();
    try {
      for (const { token, deps } of watch) {
        await post({ type: 'watch', session, owner, view: token, deps });
      }
      for (const view of unwatch) await post({ type: 'unwatch', session, owner, view });
      if (subscribe.length > 0) {
        const keys = subscribe.map(([id, key]) => ({
          key,
          version: entries.get(id)?.latest?.version,
          store: stores.get(id),
        }));
        await post({ type: 'subscribe', session, owner, keys });
      }
      if (unsubscribe.length > 0) {
        const keys = unsubscribe.map(([, key]) => key);
        await post({ type: 'unsubscribe', session, owner, keys });
      }
    } catch (error) {
      console.warn('reactive-rsc: the hub refused a subscription change', error);
    }
  }

  return {
    kind: 'hub',
    maxBytes,
    session,
    read: async (key) => {
      assertKey(key);
      return post<Stored>({ type: 'read', key, store: stores.get(keyId(key)) });
    },
    write: async (key: SignalKey, op: WriteOp) => {
      assertKey(key);
      return post<Stored>({ type: 'write', key, op, store: stores.get(keyId(key)) });
    },
    subscribe(key, listener): Unsubscribe {
      assertKey(key);
      const id = keyId(key);
      let entry = entries.get(id);
      if (!entry) {
        entry = new KeyFanOut(key);
        entries.set(id, entry);
        toSubscribe.set(id, key);
        toUnsubscribe.delete(id);
        schedule();
      }
      clearTimeout(closeTimer);
      openStream();
      const fanOut = entry;
      const stop = fanOut.listen(listener);
      return () => {
        stop();
        if (fanOut.size > 0 || entries.get(id) !== fanOut) return;
        entries.delete(id);
        toUnsubscribe.set(id, key);
        schedule();
        if (entries.size === 0 && views.size === 0) closeTimer = setTimeout(closeStream, lingerMs);
      };
    },
    watchView(handle, onPayload): Unsubscribe {
      const watched = { handle, onPayload };
      views.set(handle.id, watched);
      toWatch.add(handle.id);
      toUnwatch.delete(handle.id);
      clearTimeout(closeTimer);
      openStream();
      schedule();
      return () => {
        if (views.get(handle.id) !== watched) return;
        views.delete(handle.id);
        toUnwatch.add(handle.id);
        schedule();
        if (entries.size === 0 && views.size === 0) closeTimer = setTimeout(closeStream, lingerMs);
      };
    },
    get status() {
      return status;
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    useStore: (key, store) => stores.set(keyId(key), store),
    stats: () => ({ streams: stream ? 1 : 0, keys: entries.size, views: views.size }),
    async close() {
      clearTimeout(closeTimer);
      closeStream();
      entries.clear();
    },
  };
}
