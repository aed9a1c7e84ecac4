import { type Registry, setup } from 'rivetkit';
import { type ReactiveStateActor, reactiveStateActor } from './signal.ts';

/**
 * The simplest start: a registry holding only the signal actor, as `reactiveState`. Its message
 * limits leave room for values up to the default 1 MiB (RivetKit's own default is 64 KiB in).
 */
export const reactiveRegistry: Registry<{ reactiveState: ReactiveStateActor }> = setup({
  use: { reactiveState: reactiveStateActor },
  maxIncomingMessageSize: 2 * 1024 * 1024,
  maxOutgoingMessageSize: 2 * 1024 * 1024,
  // RivetKit's first-party Services host is not needed for signals; it is one process less.
  startServices: false,
});
