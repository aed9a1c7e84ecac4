export * from '../errors.ts';
export { liveStats } from '../live/producers.ts';
export { useReactive, useReactiveStream, useServerState } from '../live/use-reactive.ts';
export { live } from '../live/views.ts';
export {
  type AuthorizeRequest,
  createReactiveHandler,
  type HubOperation,
  type ReactiveHandler,
  type ReactiveHandlerOptions,
} from './handler.ts';
export { toNodeListener } from './node.ts';
export type { HubRequest, SessionEvent, ValueEvent } from './protocol.ts';
export type { HubRelay, RelayMessage } from './relay.ts';
export type { RscRenderer, ViewPayload } from './view-watch.ts';
