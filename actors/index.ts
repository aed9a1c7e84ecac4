export { type HubRelayActor, hubRelayActor } from './hub-relay.ts';
export { reactiveRegistry } from './registry.ts';
export {
  createReactiveStateActor,
  type ReactiveStateActorOptions,
  reactiveStateActor,
  type SignalAccess,
  type SignalActorState,
  type SignalAuthorizeRequest,
} from './signal.ts';
