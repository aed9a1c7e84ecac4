import type { PulledView } from '../client/live-boundary.ts';
import type { Backend } from '../core/backend.ts';
import { isSessionId, type ViewPull } from '../core/protocol.ts';
import type { HubRelay } from '../core/relay.ts';
import { BackendUnavailableError, BadRequestError, UnauthorizedError } from '../errors.ts';
import { type Authorize, mayReadAll, readOnly } from './access.ts';
import { errorResponse, jsonResponse } from './http-json.ts';
import { renderPulledViews } from './live/pull.ts';
import { SharedViews } from './live/shared-views.ts';
import type { RscRenderer } from './live/view-watch.ts';
import { claimHubName, releaseHubName } from './named-hubs.ts';
import { answerPost } from './post.ts';
import { createSessionChanges } from './session-changes.ts';
import { SessionRegistry } from './session-registry.ts';
import { SSE_HEADERS } from './sse.ts';
import type { WriteRule } from './write-rules.ts';

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
   * Live server components. Push: `{ render }`, the framework's RSC renderer (for
   * `@vitejs/plugin-rsc`, `renderToReadableStream` from `@vitejs/plugin-rsc/rsc/server`): a
   * change re-renders the view once and the payload goes to every tab. Pull: `{ pull: true }`,
   * for frameworks that render RSC only inside their own requests (Next.js): a change tells the
   * tabs the view is stale, and each asks for the render through a server action that calls
   * `hub.renderViews`. Views are signed with `REACTIVE_RSC_SECRET`, which every app server must
   * share.
   */
  views?: { render: RscRenderer } | { pull: true };
  /**
   * Decides every read (subscribe) and, without `writes`, every write. Default: reads allowed,
   * writes refused.
   */
  authorize?: Authorize;
  /**
   * What browsers may write, one rule per signal or family (`writable`, `writableEach`): a write
   * goes through its rule's declared signal (its initial value, its schema), and a write no rule
   * covers is refused. With `writes`, `authorize` decides reads only.
   */
  writes?: readonly WriteRule[];
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
  /**
   * Renders live views for a tab that pulls them (`views: { pull: true }`): `views` is what the
   * tab's boundaries asked (each a signed token and the versions the notice named), `from` the
   * tab's request or its headers (what `authorize` reads). Call it from a server action and
   * return its result; `configureLivePull` hands that action to the views. Answers in order,
   * each a render or a coded error (`UNAUTHORIZED` for a forged or expired token, or a view the
   * request may not read); throws `BadRequestError` for a malformed or too long list.
   */
  renderViews(views: readonly ViewPull[], from: Request | Headers): Promise<PulledView[]>;
  close(): void;
}

/**
 * The hub: a fetch-API handler. `GET ?session=<id>` opens the tab's one SSE stream; `POST` with
 * a JSON body (`HubRequest`) subscribes, unsubscribes, watches views, reads and writes. Mount it
 * at any path.
 */
export function createReactiveHandler(options: ReactiveHandlerOptions): ReactiveHandler {
  const { backend, relay, authorize = readOnly } = options;
  const maxBodyBytes = options.maxBodyBytes ?? backend.maxBytes + 64 * 1024;
  const sessions = new SessionRegistry(backend, {
    maxSessions: options.maxSessions ?? 10_000,
    ttlMs: options.sessionTtlMs ?? 30_000,
    session: {
      maxSubscriptions: options.maxSubscriptionsPerSession ?? 10_000,
      heartbeatMs: options.heartbeatMs ?? 15_000,
      retryMs: options.retryMs ?? 1_000,
      hub: relay?.hub,
    },
  });
  const { views } = options;
  const shared = views && new SharedViews(backend, 'render' in views ? views.render : undefined);
  const changes = createSessionChanges({ sessions, relay, shared });

  async function openStream(request: Request): Promise<Response> {
    await relay?.ready; // a tab told our hub id must never have its changes forwarded to nobody
    const id = new URL(request.url).searchParams.get('session');
    if (!isSessionId(id)) {
      throw new BadRequestError('GET needs ?session=<16-128 url-safe characters>');
    }
    // "resumed" tells the tab whether its subscriptions are still here; a new process has none.
    const { session, existed: resumed } = sessions.open(id);
    // Whoever attaches a stream must be allowed to read all the session reads: its id may have
    // leaked. A refused attach leaves the session to its tab; a tab whose own rights shrank gets
    // a fresh session once this one expires (`sessionTtlMs`), and subscribes again under them.
    if (resumed && !(await mayReadAll(authorize, request, session.readKeys()))) {
      throw new UnauthorizedError('This session reads signals this request may not read');
    }
    const header = request.headers.get('last-event-id');
    const lastEventId = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
    const body = session.attach(resumed, resumed ? lastEventId : undefined, request.signal);
    return new Response(body, { headers: SSE_HEADERS });
  }

  let closed = false;
  /** A request that reached a hub replaced after a module reload: the tab tries again. */
  const assertOpen = () => {
    if (closed) throw new BackendUnavailableError('This hub is closed');
  };
  const handler = async (request: Request): Promise<Response> => {
    try {
      assertOpen();
      if (request.method === 'GET') return await openStream(request);
      if (request.method === 'POST') {
        return await answerPost(request, {
          backend,
          authorize,
          writes: options.writes,
          changes,
          maxBodyBytes,
        });
      }
      return jsonResponse(
        { code: 'BAD_REQUEST', message: 'Use GET for the stream, POST for the rest' },
        405,
      );
    } catch (error) {
      return errorResponse(error);
    }
  };

  const hub: ReactiveHandler = Object.assign(handler, {
    stats: () => sessions.stats(),
    async renderViews(views: readonly ViewPull[], from: Request | Headers): Promise<PulledView[]> {
      assertOpen();
      if (!shared) throw new BadRequestError('This hub serves no live views');
      const request =
        from instanceof Request ? from : new Request('http://hub/', { headers: from });
      return renderPulledViews(views, request, { shared, authorize });
    },
    close() {
      closed = true;
      changes.stop();
      sessions.close();
      if (options.name !== undefined) releaseHubName(options.name, hub);
    },
  });
  if (options.name !== undefined) claimHubName(options.name, hub);
  return hub;
}
