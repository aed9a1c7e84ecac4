import type { WireError } from '../errors.ts';
import type { Stored, WriteOp } from './backend.ts';
import type { SignalKey } from './key.ts';

/**
 * The hub's wire protocol, shared by the hub and the tab so that both read one definition.
 *
 * Down: one SSE stream per tab (`GET ?session=<id>`), whose events are `session`
 * (`SessionEvent`) once per connect, `value` (`ValueEvent`) per change of a subscribed key and
 * `view` (`ViewEvent`) per re-render of a watched live view, `view-error` (`ViewErrorEvent`) when
 * a watched view's re-renders keep failing. Up: JSON POSTs (`HubRequest`),
 * answered with `HubAnswers[type]` or an error's `{ code, message }`. Values stay superjson text
 * end to end.
 *
 * `hub` names one hub process: the `session` event tells the tab which one holds its stream,
 * and the tab names it in every request about that stream, so that a POST landing on another
 * process behind a load balancer is forwarded there (see `HubRelay`).
 */

/** Session ids are made by the client (so an EventSource can reconnect to the same URL). */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(value);
}

/** A hub process id (`HubRelay.hub`), where a request or event may name one. */
export const isHubId = (v: unknown): v is string | undefined =>
  v === undefined || (typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v));

export const isVersion = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** A signal at the version a tab shows (a live view's dependencies). */
export interface KeyVersion {
  key: SignalKey;
  version: number;
}

/** A key a tab subscribes to, with the version it already has: only newer values are sent. */
export interface SubscribedKey {
  key: SignalKey;
  version?: number;
  /** The store its signal lives in (`SignalRef.store`), checked against the hub's. */
  store?: string;
}

export type HubRequest =
  | { type: 'subscribe'; session: string; hub?: string; keys: SubscribedKey[] }
  | { type: 'unsubscribe'; session: string; hub?: string; keys: SignalKey[] }
  | {
      type: 'watch';
      session: string;
      hub?: string;
      /** The signed view token the page carries. */
      view: string;
      /** What the page rendered with: a change since then is pushed at once. */
      deps: KeyVersion[];
    }
  | {
      type: 'unwatch';
      session: string;
      hub?: string;
      /** The view's id, not its token. */
      view: string;
    }
  | { type: 'read'; key: SignalKey; store?: string }
  | { type: 'write'; key: SignalKey; op: WriteOp; store?: string };

/**
 * A change to a session's subscriptions: applied by the hub process that holds the session's
 * stream, and forwarded to it (as is) by any other process it lands on.
 */
export type SessionRequest = Extract<HubRequest, { session: string }>;

/** What a POST answers, by request type. */
export interface HubAnswers {
  subscribe: { subscribed: number };
  unsubscribe: { unsubscribed: number };
  watch: { watching: string };
  unwatch: { unwatched: string };
  read: Stored;
  write: Stored;
}

export interface SessionEvent {
  session: string;
  /** false when the hub no longer had the session: the tab must subscribe and watch again. */
  resumed: boolean;
  /** The hub process holding this stream (with a relay), to name in requests about it. */
  hub?: string;
}

export interface ValueEvent extends Stored {
  key: SignalKey;
}

export interface ViewEvent {
  /** The view's id. */
  view: string;
  /** Counts this view's renders on the hub, from 1. */
  render: number;
  /** The versions this render read: a tab that watches again starts from them. */
  deps: KeyVersion[];
  /**
   * The RSC payload, base64: RSC text rows count bytes, and SSE would rewrite their line ends.
   * Absent from a hub that renders by pull (`views: { pull: true }`): the view changed, and the
   * tab asks for the render (`hub.renderViews`, through the framework's server action).
   */
  payload?: string;
}

/**
 * What a tab that pulls a live view asks for (`hub.renderViews`): the view's signed token, and
 * the versions the hub's notice named, which the render it gets must be at least as new as.
 */
export interface ViewPull {
  token: string;
  deps: KeyVersion[];
}

/** Views one pull may name; the tab splits larger batches. */
export const MAX_PULLED_VIEWS = 100;

/**
 * A watched view's re-renders have failed `failures` times in a row: the tab still shows the
 * last render it got, and the hub keeps trying (with growing pauses). Sent once per run of
 * failures, after the third; the next `view` event means it rendered again.
 */
export interface ViewErrorEvent {
  view: string;
  failures: number;
  error: WireError;
}

/** The events of a tab's stream, by SSE event name. */
export interface HubEvents {
  session: SessionEvent;
  value: ValueEvent;
  view: ViewEvent;
  'view-error': ViewErrorEvent;
}

export type HubEventName = keyof HubEvents;

export const hubEventNames: readonly HubEventName[] = ['session', 'value', 'view', 'view-error'];
