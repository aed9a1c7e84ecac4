import type { Unsubscribe } from '../core/backend.ts';
import type { SignalKey } from '../core/key.ts';

/** A subscription change for a session whose stream another hub process holds. */
export type RelayMessage =
  | {
      type: 'subscribe' | 'unsubscribe';
      session: string;
      keys: { key: SignalKey; version?: number }[];
    }
  | { type: 'watch'; session: string; view: string; deps: { key: SignalKey; version: number }[] }
  | { type: 'unwatch'; session: string; view: string };

/**
 * How hub processes hand each other subscription changes, so that a tab's POSTs may land on
 * any process behind a plain load balancer. Each process has an `id`, told to the tab with its
 * stream; a POST naming another owner is forwarded there.
 */
export interface HubRelay {
  readonly id: string;
  forward(owner: string, message: RelayMessage): Promise<void>;
  /** Receives the messages other processes forward to this one. */
  listen(handler: (message: RelayMessage) => void): Unsubscribe;
  /** Settles once `listen` receives: streams wait for it, so no forward can be missed. */
  readonly ready: Promise<void>;
}
