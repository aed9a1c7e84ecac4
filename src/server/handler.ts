import type { Backend, WriteOp } from '../core/backend.ts';
import type { SignalKey } from '../core/key.ts';
import {
  BackendUnavailableError,
  BadRequestError,
  httpStatus,
  LimitExceededError,
  ReactiveError,
  UnauthorizedError,
  UnknownSessionError,
} from '../errors.ts';
import { verifyView } from './live/token.ts';
import { type RscRenderer, ViewWatch } from './live/view-watch.ts';
import { getView } from './live/views.ts';
import { type HubRequest, isSessionId, parseHubRequest } from './protocol.ts';
import type { HubRelay, RelayMessage } from './relay.ts';
import { Session } from './session.ts';
import { SSE_HEADERS } from './sse.ts';

export type HubOperation = 'read' | 'write';

export interface AuthorizeRequest {
  /** The browser's request: read its cookies or headers to know who is asking. */
  request: Request;
  key: SignalKey;
  op: HubOperation;
  /** For writes: the write itself. */
  write?: WriteOp;
}

export interface ReactiveHandlerOptions {
  backend: Backend;
  /**
   * One hub per name per process: a hub created under the name of an open hub closes that one,
   * and its tabs reconnect to the new one and watch their views again. Under `vite dev` a server
   * edit evaluates your modules again; with a name, the hub made by the new code takes over
   * instead of the old hub serving old code (no hub on `globalThis` needed).
   */
  name?: string;
  /**
   * For several app servers behind a plain load balancer: hands subscription changes to the
   * process that holds the tab's stream (`createRivetRelay` from `reactive-rsc/rivet`).
   */
  relay?: HubRelay;
  /**
   * Live server components: the framework's RSC renderer (for `@vitejs/plugin-rsc`,
   * `renderToReadableStream` from `@vitejs/plugin-rsc/rsc/server`). Views are signed with
   * `REACTIVE_RSC_SECRET`, which every app server must share.
   */
  views?: { render: RscRenderer };
  /** Decides every read (subscribe) and write. Default: reads allowed, writes refused. */
  authorize?: (request: AuthorizeRequest) => boolean | Promise<boolean>;
  /** Largest POST body, in bytes. Default: the backend's value limit + 64 KiB. */
  maxBodyBytes?: number;
  /** Subscriptions one session may hold. Default 10,000. */
  maxSubscriptionsPerSession?: number;
  /** Sessions this process holds at once. Default 10,000. */
  maxSessions?: number;
  /** Interval of the heartbeat comments on an idle stream, in ms. Default 15,000. */
  heartbeatMs?: number;
  /** How long a session without a stream is kept for its tab to resume, in ms. Default 30,000. */
  sessionTtlMs?: number;
  /** Reconnect delay the browser's EventSource is told to use, in ms. Default 1,000. */
  retryMs?: number;
}

export interface ReactiveHandler {
  (request: Request): Promise<Response>;
  /** Open sessions and their subscriptions, for tests and monitoring. */
  stats(): { sessions: number; subscriptions: number; pending: number; views: number };
  close(): void;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });

/** Browsers may read and may not write, unless `authorize` says otherwise. */
const readOnly = ({ op }: AuthorizeRequest) => op === 'read';

const hubsKey = Symbol.for('reactive-rsc.hubs');
const hubsHolder = globalThis as { [hubsKey]?: Map<string, ReactiveHandler> };
/** Open hubs by name, kept across module reloads (each reload has its own copy of this module). */
hubsHolder[hubsKey] ??= new Map();
const namedHubs: Map<string, ReactiveHandler> = hubsHolder[hubsKey];

/**
 * The hub: a fetch-API handler. `GET ?session=<id>` opens the tab's one SSE stream; `POST` with
 * a JSON body subscribes, unsubscribes and writes. Mount it at any path.
 */
export function createReactiveHandler(options: ReactiveHandlerOptions): ReactiveHandler {
  const { backend, relay, authorize = readOnly } = options;
  const maxBodyBytes = options.maxBodyBytes ?? backend.maxBytes + 64 * 1024;
  const maxSessions = options.maxSessions ?? 10_000;
  const sessionTtlMs = options.sessionTtlMs ?? 30_000;
  const sessionOptions = {
    maxSubscriptions: options.maxSubscriptionsPerSession ?? 10_000,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    retryMs: options.retryMs ?? 1_000,
    hub: relay?.id,
  };
  const sessions = new Map<string, Session>();

  // Sessions whose tab went away and did not come back within the TTL release their
  // subscriptions, and with them the pool's actor connections.
  const sweeper = setInterval(
    () => {
      const now = Date.now();
      for (const [id, session] of sessions) {
        if (session.detachedAt !== undefined && now - session.detachedAt > sessionTtlMs) {
          session.close();
          sessions.delete(id);
        }
      }
    },
    Math.min(sessionTtlMs, 5_000),
  );
  sweeper.unref?.();

  /** Applies a subscription change to a session of this process. */
  async function apply(message: RelayMessage): Promise<void> {
    const { session } = sessionFor(message.session);
    switch (message.type) {
      case 'subscribe':
        return session.subscribe(message.keys);
      case 'unsubscribe':
        return session.unsubscribe(message.keys.map(({ key }) => key));
      case 'unwatch':
        return session.unwatchView(message.view);
      case 'watch': {
        if (!options.views) throw new BadRequestError('This hub serves no live views');
        const { id, name, props } = verifyView(message.view);
        const Component = getView(name);
        if (!Component)
          throw new BadRequestError(`No live view is registered as ${JSON.stringify(name)}`);
        const watch = new ViewWatch({
          id,
          name,
          // Looked up on every render: after a module reload the view's new code renders.
          body: () => (getView(name) ?? Component)(props as never),
          backend,
          render: options.views.render,
          push: (payload) => session.pushView(payload),
        });
        return session.watchView(watch, message.deps);
      }
    }
  }
  const stopRelay = relay?.listen((message) => {
    apply(message).catch((error) =>
      console.error('reactive-rsc hub: a relayed subscription change failed', error),
    );
  });

  /** Whether a change must go to the process that holds the stream, rather than here. */
  const elsewhere = (owner: string | undefined): owner is string =>
    relay !== undefined && owner !== undefined && owner !== relay.id;

  async function allowed(request: Request, key: SignalKey, op: HubOperation, write?: WriteOp) {
    if (!(await authorize({ request, key, op, write }))) {
      throw new UnauthorizedError(`Not allowed to ${op} ${key.join('/')}`);
    }
  }

  /** A tab's session; its stream or its first subscribe, whichever comes first, opens it. */
  function sessionFor(id: string): { session: Session; existed: boolean } {
    const existing = sessions.get(id);
    if (existing) return { session: existing, existed: true };
    if (sessions.size >= maxSessions) {
      throw new LimitExceededError(`This process holds its limit of ${maxSessions} sessions`);
    }
    const session = new Session(id, backend, sessionOptions);
    sessions.set(id, session);
    return { session, existed: false };
  }

  async function openStream(request: Request): Promise<Response> {
    await relay?.ready; // a tab told our id must never have its changes forwarded to nobody
    const id = new URL(request.url).searchParams.get('session');
    if (!isSessionId(id)) {
      throw new BadRequestError('GET needs ?session=<16-128 url-safe characters>');
    }
    // "resumed" tells the tab whether its subscriptions are still here; a new process has none.
    const { session, existed: resumed } = sessionFor(id);
    const header = request.headers.get('last-event-id');
    const lastEventId = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
    const body = session.attach(resumed, resumed ? lastEventId : undefined, request.signal);
    return new Response(body, { headers: SSE_HEADERS });
  }

  async function readBody(request: Request): Promise<unknown> {
    const declared = Number(request.headers.get('content-length') ?? 0);
    if (declared > maxBodyBytes) {
      throw new LimitExceededError(`The body is ${declared} bytes; the limit is ${maxBodyBytes}`);
    }
    const reader = request.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > maxBodyBytes) {
        await reader?.cancel();
        throw new LimitExceededError(`The body is over the limit of ${maxBodyBytes} bytes`);
      }
      chunks.push(chunk.value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    const text = new TextDecoder().decode(bytes);
    try {
      return JSON.parse(text);
    } catch {
      throw new BadRequestError('The body is not valid JSON');
    }
  }

  /** A hub serves one store (for Rivet, one actor type): a signal of another is refused. */
  function assertServed(key: SignalKey, store: string | undefined) {
    if (store === undefined || store === backend.store) return;
    throw new BadRequestError(
      `Signal ${key.join('/')} lives in store ${JSON.stringify(store)}, but this hub serves ${JSON.stringify(backend.store ?? backend.kind)}: give each actor type its own hub, or tell signals apart by namespace`,
    );
  }

  async function post(request: Request): Promise<Response> {
    const message: HubRequest = parseHubRequest(await readBody(request));
    switch (message.type) {
      case 'subscribe': {
        for (const { key, store } of message.keys) assertServed(key, store);
        for (const { key } of message.keys) await allowed(request, key, 'read');
        const change: RelayMessage = {
          type: 'subscribe',
          session: message.session,
          keys: message.keys,
        };
        if (elsewhere(message.owner)) await relay!.forward(message.owner, change);
        else await apply(change);
        return json({ subscribed: message.keys.length });
      }
      case 'unsubscribe': {
        const keys = message.keys.map((key) => ({ key }));
        const change: RelayMessage = { type: 'unsubscribe', session: message.session, keys };
        if (elsewhere(message.owner)) await relay!.forward(message.owner, change);
        else if (sessions.has(message.session)) await apply(change);
        else throw new UnknownSessionError('No such session');
        return json({ unsubscribed: message.keys.length });
      }
      case 'watch':
      case 'unwatch': {
        // Check the token where the request lands, so a forged one fails here and now.
        const view = message.type === 'watch' ? verifyView(message.view).id : message.view;
        const change: RelayMessage =
          message.type === 'watch'
            ? { type: 'watch', session: message.session, view: message.view, deps: message.deps }
            : { type: 'unwatch', session: message.session, view: message.view };
        if (elsewhere(message.owner)) await relay!.forward(message.owner, change);
        else await apply(change);
        return json({ [message.type === 'watch' ? 'watching' : 'unwatched']: view });
      }
      case 'read': {
        assertServed(message.key, message.store);
        await allowed(request, message.key, 'read');
        return json(await backend.read(message.key));
      }
      case 'write': {
        assertServed(message.key, message.store);
        await allowed(request, message.key, 'write', message.op);
        return json(await backend.write(message.key, message.op));
      }
    }
  }

  let closed = false;
  const handler = async (request: Request): Promise<Response> => {
    try {
      // A request that reached a hub replaced after a module reload: the tab tries again.
      if (closed) throw new BackendUnavailableError('This hub is closed');
      if (request.method === 'GET') return await openStream(request);
      if (request.method === 'POST') return await post(request);
      return json(
        { code: 'BAD_REQUEST', message: 'Use GET for the stream, POST for the rest' },
        405,
      );
    } catch (error) {
      if (error instanceof ReactiveError) return json(error.toWire(), httpStatus[error.code]);
      console.error('reactive-rsc hub: unexpected error', error);
      return json({ code: 'INTERNAL', message: 'Internal error' }, 500);
    }
  };

  const hub: ReactiveHandler = Object.assign(handler, {
    stats() {
      let subscriptions = 0;
      let pending = 0;
      let views = 0;
      for (const session of sessions.values()) {
        subscriptions += session.size;
        pending += session.pending;
        views += session.viewCount;
      }
      return { sessions: sessions.size, subscriptions, pending, views };
    },
    close() {
      closed = true;
      clearInterval(sweeper);
      stopRelay?.();
      // Ends every stream: the tabs reconnect (to the hub that replaced this one, if any).
      for (const session of sessions.values()) session.close();
      sessions.clear();
      if (options.name !== undefined && namedHubs.get(options.name) === hub) {
        namedHubs.delete(options.name);
      }
    },
  });
  if (options.name !== undefined) {
    namedHubs.get(options.name)?.close();
    namedHubs.set(options.name, hub);
  }
  return hub;
}
