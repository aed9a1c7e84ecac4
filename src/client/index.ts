export type { BackendStatus } from '../core/backend.ts';
export type { PersistedSignal, SignalRef } from '../core/persisted-signal.ts';
export * from '../errors.ts';
export { createHubBackend, type HubBackend, type HubBackendOptions } from './hub-backend.ts';
export type { EventSourceLike } from './hub-stream.ts';
// LiveBoundary is not exported here: only server renders name it (as a client reference), and
// a copy of it in the app's pre-bundled `reactive-rsc/client` would be a second one in dev.
export {
  configureLiveViews,
  createLiveRuntime,
  type LiveRuntime,
  type LiveRuntimeOptions,
  type LiveViewHandle,
} from './live-runtime.ts';
export { useConnectionStatus, useSignal } from './react.ts';
export {
  createReactiveClient,
  type ReactiveClient,
  type ReactiveClientOptions,
} from './reactive-client.ts';
