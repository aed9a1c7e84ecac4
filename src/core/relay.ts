import type { Unsubscribe } from './backend.ts';
import type { SessionRequest } from './protocol.ts';

/**
 * How hub processes hand each other subscription changes, so that a tab's POSTs may land on
 * any process behind a plain load balancer. Each process has a `hub` id, told to the tab with
 * its stream; a request naming another hub is forwarded there.
 */
export interface HubRelay {
  readonly hub: string;
  forward(hub: string, request: SessionRequest): Promise<void>;
  /** Receives the requests other processes forward to this one. */
  listen(handler: (request: SessionRequest) => void): Unsubscribe;
  /** Settles once `listen` receives: streams wait for it, so no forward can be missed. */
  readonly ready: Promise<void>;
}
