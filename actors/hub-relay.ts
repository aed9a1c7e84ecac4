import { actor } from 'rivetkit';
import type { SessionRequest } from '../src/core/protocol.ts';
import type { PlainActor } from './definition.ts';

// A type alias, not an interface: RivetKit's `Actions` constraint needs an index signature.
export type HubRelayActions = {
  deliver: (
    c: { broadcast(name: 'message', payload: SessionRequest): void },
    request: SessionRequest,
  ) => void;
};

export type HubRelayActor = PlainActor<undefined, HubRelayActions>;

/**
 * One per hub process, keyed by the process's hub id: any app server hands it a tab's
 * subscription change, and the process that holds the tab's stream, connected to it, applies
 * it. No sticky sessions needed; one connection per process, not per tab. Stateless: if the
 * process is gone, so is the stream, and the tab subscribes again wherever it reconnects.
 */
export const hubRelayActor: HubRelayActor = actor({
  actions: {
    deliver: (c, request) => c.broadcast('message', request),
  },
});
