/**
 * `reactive-rsc/server`: the hub, one SSE stream per tab with POSTs for subscriptions and writes.
 * It lands with its own issue; until then this entry exports the shared error types only.
 */
export {
  BackendUnavailableError,
  fromWire,
  ReactiveError,
  UnauthorizedError,
  type WireError,
} from '../errors.ts';
