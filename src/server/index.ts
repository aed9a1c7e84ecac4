export { useReactive, useReactiveStream, useServerState } from '../core/server-hooks.ts';
export * from '../errors.ts';
export {
  type AuthorizeRequest,
  createReactiveHandler,
  type HubOperation,
  type ReactiveHandler,
  type ReactiveHandlerOptions,
} from './handler.ts';
export { liveStats } from './live/producers.ts';
export type { RscRenderer, ViewPayload } from './live/view-watch.ts';
export { live } from './live/views.ts';
export { toNodeListener } from './node.ts';
export type { HubRequest, SessionEvent, ValueEvent } from './protocol.ts';
export type { HubRelay, RelayMessage } from './relay.ts';
