export {
  createReactiveStateActor,
  type HubRelayActor,
  hubRelayActor,
  type ReactiveStateActorOptions,
  reactiveRegistry,
  reactiveStateActor,
  type SignalAccess,
  type SignalActorState,
  type SignalAuthorizeRequest,
} from '../../actors/index.ts';
export * from '../errors.ts';
export type { PoolStats } from './connection-pool.ts';
export { embeddedEngineDir, stopEmbeddedEngine } from './embedded-engine.ts';
export { createRivetRelay, type RivetRelayOptions } from './hub-relay.ts';
export {
  createReactiveBackend,
  type RivetReactiveBackend,
  type RivetReactiveBackendOptions,
} from './reactive-backend.ts';
export { serverlessMode } from './registry-client.ts';
export {
  createRivetBackend,
  type RivetBackend,
  type RivetBackendOptions,
} from './rivet-backend.ts';
export { keepRunnerNoDelay, type RunnerNoDelayStatus } from './runner-nodelay.ts';
