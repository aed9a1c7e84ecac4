export type { BackendStatus } from '../core/backend.ts';
export type { PersistedSignal, SignalRef } from '../core/persisted-signal.ts';
export * from '../errors.ts';
export {
  createHubBackend,
  type EventSourceLike,
  type HubBackend,
  type HubBackendOptions,
} from './hub-backend.ts';
export {
  configureLiveViews,
  LiveBoundary,
  type LiveRuntime,
  type LiveViewHandle,
} from './live-boundary.ts';
export { createLiveRuntime } from './live-runtime.ts';
export { useConnectionStatus, useSignal } from './react.ts';
export {
  createReactiveClient,
  type ReactiveClient,
  type ReactiveClientOptions,
} from './reactive-client.ts';
