import { parseWriteOp } from '../core/apply-op.ts';
import type { Stored, WriteOp } from '../core/backend.ts';
import { assertKey, type SignalKey } from '../core/key.ts';
import { BadRequestError } from '../errors.ts';

/**
 * The hub's wire protocol. Down: one SSE stream per tab (`GET ?session=<id>`), whose events are
 * `session` (`{ session, resumed }`) once per connect and `value` (`ValueEvent`) per change.
 * Up: JSON POSTs (`HubRequest`). Values stay superjson text end to end.
 */
/**
 * `owner` is the hub process that holds the session's stream (from the `session` event); a
 * POST that lands on another process is forwarded there.
 */
export type HubRequest =
  | {
      type: 'subscribe';
      session: string;
      owner?: string;
      keys: { key: SignalKey; version?: number; store?: string }[];
    }
  | { type: 'unsubscribe'; session: string; owner?: string; keys: SignalKey[] }
  | {
      type: 'watch';
      session: string;
      owner?: string;
      /** The signed view token the page carries. */
      view: string;
      deps: { key: SignalKey; version: number }[];
    }
  | { type: 'unwatch'; session: string; owner?: string; view: string }
  | { type: 'read'; key: SignalKey; store?: string }
  | { type: 'write'; key: SignalKey; op: WriteOp; store?: string };

export interface ValueEvent extends Stored {
  key: SignalKey;
}

export interface SessionEvent {
  session: string;
  /** false when the hub no longer had the session: the client must subscribe again. */
  resumed: boolean;
  /** The hub process holding this stream, to name as `owner` in POSTs (with a relay). */
  hub?: string;
}

/** Session ids are made by the client (so an EventSource can reconnect to the same URL). */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(value);
}

function field<T>(body: Record<string, unknown>, name: string, check: (v: unknown) => v is T): T {
  const value = body[name];
  if (!check(value)) throw new BadRequestError(`"${name}" is missing or malformed`);
  return value;
}

const isOwner = (v: unknown): v is string | undefined =>
  v === undefined || (typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v));

const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 64 * 1024;

const isStore = (v: unknown): v is string | undefined =>
  v === undefined || (typeof v === 'string' && v.length > 0 && v.length <= 128);
const isArray = Array.isArray as (v: unknown) => v is unknown[];
const isVersion = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function key(value: unknown): SignalKey {
  assertKey(value);
  return [value[0], value[1]];
}

/** Checks a POST body; throws `BadRequestError`, `InvalidKeyError` or `InvalidOperationError`. */
export function parseHubRequest(body: unknown): HubRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('The request body must be a JSON object');
  }
  const o = body as Record<string, unknown>;
  switch (o.type) {
    case 'subscribe': {
      const session = field(o, 'session', isSessionId);
      const keys = field(o, 'keys', isArray).map((entry) => {
        const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
          string,
          unknown
        >;
        if (e.version !== undefined && !isVersion(e.version)) {
          throw new BadRequestError('"version" must be a non-negative integer');
        }
        return {
          key: key(e.key),
          version: e.version as number | undefined,
          store: field(e, 'store', isStore),
        };
      });
      return { type: 'subscribe', session, owner: field(o, 'owner', isOwner), keys };
    }
    case 'unsubscribe':
      return {
        type: 'unsubscribe',
        session: field(o, 'session', isSessionId),
        owner: field(o, 'owner', isOwner),
        keys: field(o, 'keys', isArray).map(key),
      };
    case 'watch':
      return {
        type: 'watch',
        session: field(o, 'session', isSessionId),
        owner: field(o, 'owner', isOwner),
        view: field(o, 'view', isText),
        deps: field(o, 'deps', isArray).map((entry) => {
          const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
            string,
            unknown
          >;
          if (!isVersion(e.version)) throw new BadRequestError('"deps" need a key and a version');
          return { key: key(e.key), version: e.version };
        }),
      };
    case 'unwatch':
      return {
        type: 'unwatch',
        session: field(o, 'session', isSessionId),
        owner: field(o, 'owner', isOwner),
        view: field(o, 'view', isText),
      };
    case 'read':
      return { type: 'read', key: key(o.key), store: field(o, 'store', isStore) };
    case 'write':
      return {
        type: 'write',
        key: key(o.key),
        op: parseWriteOp(o.op),
        store: field(o, 'store', isStore),
      };
    default:
      throw new BadRequestError(`Unknown request type ${JSON.stringify(o.type)?.slice(0, 50)}`);
  }
}
