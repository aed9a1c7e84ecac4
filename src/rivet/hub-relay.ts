import type { Registry, RegistryActors } from 'rivetkit';
import type { ActorConn } from 'rivetkit/client';
import type { HubRelayActor } from '../../actors/hub-relay.ts';
import { backoffMs } from '../core/backoff.ts';
import { randomId } from '../core/random-id.ts';
import type { HubRelay } from '../core/relay.ts';
import { leaseRegistryClient, type RegistryClientOptions } from './registry-client.ts';
import { toTypedError } from './rivet-error.ts';
import { withTimeout } from './timeout.ts';

export interface RivetRelayOptions<A extends RegistryActors> extends RegistryClientOptions<A> {
  registry: Registry<A>;
  /** The relay actor's name in the registry. Default `'reactiveHub'`. */
  actorName?: keyof A & string;
  /** Deadline of a forward, in ms. Default 10,000. */
  timeoutMs?: number;
}

/**
 * Hub processes relaying subscription changes through Rivet: each process listens on its own
 * relay actor `['hub', id]` (one connection per process); a forward is one stateless action.
 */
export function createRivetRelay<A extends RegistryActors>(
  options: RivetRelayOptions<A>,
): HubRelay {
  const { actorName = 'reactiveHub', timeoutMs = 10_000 } = options;
  const clientLease = leaseRegistryClient(options);
  const rivet = clientLease.value;
  const hub = randomId(9);
  /** The relay actor the process with hub id `target` listens on. */
  const relayOf = async (target: string) =>
    (await rivet.ready()).getOrCreate<HubRelayActor>(actorName, ['hub', target]);
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  return {
    hub,
    ready,
    async forward(to, request) {
      const what = `forwarding a subscription change to hub ${to}`;
      try {
        await withTimeout(
          relayOf(to).then((actor) => actor.deliver(request)),
          timeoutMs,
          what,
        );
      } catch (error) {
        throw toTypedError(error, what);
      }
    },
    listen(handler) {
      let conn: ActorConn<HubRelayActor> | undefined;
      let stopped = false;
      let failures = 0;
      // The relay actor's first start can fail (the engine's runner pool erring, a serverless
      // app not up yet) and RivetKit then leaves the connection never ready: try again.
      const open = async () => {
        try {
          const actor = await relayOf(hub);
          if (stopped) return;
          conn = actor.connect();
          conn.on('message', handler);
          await withTimeout(conn.ready, timeoutMs, `listening on hub relay ${hub}`);
          listening();
        } catch {
          void conn?.dispose();
          conn = undefined;
          if (!stopped) setTimeout(open, backoffMs(++failures, 5_000)).unref?.();
        }
      };
      void open();
      return () => {
        stopped = true;
        void conn?.dispose();
        void clientLease.release();
      };
    },
  };
}
