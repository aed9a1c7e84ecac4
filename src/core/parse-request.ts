import { BadRequestError } from '../errors.ts';
import { parseWriteOp } from './apply-op.ts';
import { assertKey, type SignalKey } from './key.ts';
import {
  type HubRequest,
  isHubId,
  isSessionId,
  isVersion,
  type KeyVersion,
  MAX_PULLED_VIEWS,
  type SubscribedKey,
  type ViewPull,
} from './protocol.ts';

// The hub's checks of what a tab sends: a POST body is untrusted input.

const isArray = Array.isArray as (v: unknown) => v is unknown[];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 64 * 1024;

const isStore = (v: unknown): v is string | undefined =>
  v === undefined || (typeof v === 'string' && v.length > 0 && v.length <= 128);

function field<T>(body: Record<string, unknown>, name: string, check: (v: unknown) => v is T): T {
  const value = body[name];
  if (!check(value)) throw new BadRequestError(`"${name}" is missing or malformed`);
  return value;
}

function key(value: unknown): SignalKey {
  assertKey(value);
  return [value[0], value[1]];
}

const entry = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

function dep(value: unknown): KeyVersion {
  const e = entry(value);
  if (!isVersion(e.version)) throw new BadRequestError('"deps" need a key and a version');
  return { key: key(e.key), version: e.version };
}

const isOptionalVersion = (v: unknown): v is number | undefined => v === undefined || isVersion(v);

function subscribed(value: unknown): SubscribedKey {
  const e = entry(value);
  if (!isOptionalVersion(e.version)) {
    throw new BadRequestError('"version" must be a non-negative integer');
  }
  return { key: key(e.key), version: e.version, store: field(e, 'store', isStore) };
}

/** The fields of a request about a session's stream. */
function aboutSession(o: Record<string, unknown>): { session: string; hub?: string } {
  return { session: field(o, 'session', isSessionId), hub: field(o, 'hub', isHubId) };
}

/** Checks a POST body; throws `BadRequestError`, `InvalidKeyError` or `InvalidOperationError`. */
export function parseHubRequest(body: unknown): HubRequest {
  if (!isRecord(body)) throw new BadRequestError('The request body must be a JSON object');
  const o = body;
  switch (o.type) {
    case 'subscribe':
      return {
        type: 'subscribe',
        ...aboutSession(o),
        keys: field(o, 'keys', isArray).map(subscribed),
      };
    case 'unsubscribe':
      return { type: 'unsubscribe', ...aboutSession(o), keys: field(o, 'keys', isArray).map(key) };
    case 'watch':
      return {
        type: 'watch',
        ...aboutSession(o),
        view: field(o, 'view', isText),
        deps: field(o, 'deps', isArray).map(dep),
      };
    case 'unwatch':
      return { type: 'unwatch', ...aboutSession(o), view: field(o, 'view', isText) };
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

/** Checks what a tab's pull names (`hub.renderViews`); throws `BadRequestError`. */
export function parseViewPulls(value: unknown): ViewPull[] {
  if (!isArray(value) || value.length > MAX_PULLED_VIEWS) {
    throw new BadRequestError(`A pull names up to ${MAX_PULLED_VIEWS} views in an array`);
  }
  return value.map((pull) => {
    const e = entry(pull);
    return { token: field(e, 'token', isText), deps: field(e, 'deps', isArray).map(dep) };
  });
}
