export type { PulledView, PullViews } from '../client/live-boundary.ts';
export type {
  HubRequest,
  SessionEvent,
  SessionRequest,
  ValueEvent,
  ViewErrorEvent,
  ViewEvent,
  ViewPull,
} from '../core/protocol.ts';
export type { HubRelay } from '../core/relay.ts';
export { useReactive, useReactiveStream, useServerState } from '../core/server-hooks.ts';
export * from '../errors.ts';
export type { AuthorizeRequest, HubOperation } from './access.ts';
export { type ActionResult, actionResult } from './action-result.ts';
export {
  createReactiveHandler,
  type ReactiveHandler,
  type ReactiveHandlerOptions,
} from './handler.ts';
export { liveStats } from './live/producers.ts';
export type { RscRenderer } from './live/view-watch.ts';
export { configureLivePull, type LiveOptions, live } from './live/views.ts';
export { toNodeListener } from './node.ts';
export {
  type WriteRule,
  type WriteRuleOptions,
  writable,
  writableEach,
} from './write-rules.ts';
