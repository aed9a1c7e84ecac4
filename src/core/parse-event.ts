import { InternalError, isErrorCode } from '../errors.ts';
import {
  type HubEventName,
  type HubEvents,
  isHubId,
  isSessionId,
  isVersion,
  type SessionEvent,
  type ValueEvent,
  type ViewErrorEvent,
  type ViewEvent,
} from './protocol.ts';

// The tab's checks of what its hub sends. Tab and hub ship together, so a malformed event is a
// bug (or a proxy that mangled the stream): it is refused here, not read as half a value.

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isKey = (v: unknown): boolean =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';

const isKeyVersion = (v: unknown): boolean => isRecord(v) && isKey(v.key) && isVersion(v.version);

const wellFormed: { readonly [N in HubEventName]: (event: unknown) => event is HubEvents[N] } = {
  session: (e): e is SessionEvent =>
    isRecord(e) && isSessionId(e.session) && typeof e.resumed === 'boolean' && isHubId(e.hub),
  value: (e): e is ValueEvent =>
    isRecord(e) &&
    isKey(e.key) &&
    isVersion(e.version) &&
    (e.data === null || typeof e.data === 'string'),
  view: (e): e is ViewEvent =>
    isRecord(e) &&
    typeof e.view === 'string' &&
    isVersion(e.render) &&
    Array.isArray(e.deps) &&
    e.deps.every(isKeyVersion) &&
    (e.payload === undefined || typeof e.payload === 'string'),
  'view-error': (e): e is ViewErrorEvent =>
    isRecord(e) &&
    typeof e.view === 'string' &&
    isVersion(e.failures) &&
    isRecord(e.error) &&
    isErrorCode(e.error.code) &&
    typeof e.error.message === 'string',
};

/** Reads one event of a tab's stream; throws `InternalError` when it is not what `name` says. */
export function parseHubEvent<N extends HubEventName>(name: N, data: unknown): HubEvents[N] {
  let event: unknown;
  try {
    event = JSON.parse(String(data));
  } catch {
    event = undefined;
  }
  const wellFormedEvent: (event: unknown) => event is HubEvents[N] = wellFormed[name];
  if (!wellFormedEvent(event)) {
    throw new InternalError(`The hub sent a malformed ${name} event: ${String(data).slice(0, 80)}`);
  }
  return event;
}
