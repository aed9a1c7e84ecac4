export type {
  HubRequest,
  SessionEvent,
  SessionRequest,
  ValueEvent,
  ViewEvent,
} from '../core/protocol.ts';
export type { HubRelay } from '../core/relay.ts';
export * from '../errors.ts';
export { liveStats } from '../live/producers.ts';
export { useReactive, useReactiveStream, useServerState } from '../live/use-reactive.ts';
export { live } from '../live/views.ts';
export type { AuthorizeRequest, HubOperation } from './access.ts';
export {
  createReactiveHandler,
  type ReactiveHandler,
  type ReactiveHandlerOptions,
} from './handler.ts';
export { toNodeListener } from './node.ts';
export type { RscRenderer, ViewPayload } from './view-watch.ts';
