import { type Registry, setup } from 'rivetkit';
import { processGlobal } from '../src/core/process-global.ts';
import { type HubRelayActor, hubRelayActor } from './hub-relay.ts';
import { type ReactiveStateActor, reactiveStateActor } from './signal.ts';

/**
 * The simplest start: the signal actor as `reactiveState`, and the hub relay as `reactiveHub`
 * (for hubs on several app servers). Its message
 * limits leave room for values up to the default 1 MiB (RivetKit's own default is 64 KiB in).
 * One per process, however many copies of this module a bundler loads: each copy would else
 * serve the actors again.
 */
export const reactiveRegistry: Registry<{
  reactiveState: ReactiveStateActor;
  reactiveHub: HubRelayActor;
}> = processGlobal('registry', () =>
  setup({
    use: { reactiveState: reactiveStateActor, reactiveHub: hubRelayActor },
    maxIncomingMessageSize: 2 * 1024 * 1024,
    maxOutgoingMessageSize: 2 * 1024 * 1024,
    // RivetKit's first-party Services host is not needed for signals; it is one process less.
    startServices: false,
  }),
);
