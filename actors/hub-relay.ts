import { type ActorDefinition, actor } from 'rivetkit';
import type { RelayMessage } from '../src/server/relay.ts';

export type { RelayMessage };

// A type alias, not an interface: RivetKit's `Actions` constraint needs an index signature.
export type HubRelayActions = {
  deliver: (
    c: { broadcast(name: 'message', payload: RelayMessage): void },
    message: RelayMessage,
  ) => void;
};

type NoSchema = Record<never, never>;

export type HubRelayActor = ActorDefinition<
  undefined,
  unknown,
  undefined,
  undefined,
  undefined,
  undefined,
  NoSchema,
  NoSchema,
  HubRelayActions
>;

/**
 * One per hub process, keyed by the process's hub id: any app server hands it a tab's
 * subscription change, and the process that holds the tab's stream, connected to it, applies
 * it. No sticky sessions needed; one connection per process, not per tab. Stateless: if the
 * process is gone, so is the stream, and the tab subscribes again wherever it reconnects.
 */
export const hubRelayActor: HubRelayActor = actor<
  undefined,
  unknown,
  undefined,
  undefined,
  undefined,
  undefined,
  NoSchema,
  NoSchema,
  HubRelayActions
>({
  actions: {
    deliver: (c, message) => c.broadcast('message', message),
  },
});
