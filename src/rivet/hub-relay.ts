import type { Registry, RegistryActors } from 'rivetkit';
import type { HubRelay, RelayMessage } from '../server/relay.ts';
import { createRegistryClient, type RegistryClientOptions } from './registry-client.ts';
import { toTypedError } from './rivet-error.ts';
import { withTimeout } from './timeout.ts';

export interface RivetRelayOptions<A extends RegistryActors> extends RegistryClientOptions<A> {
  registry: Registry<A>;
  /** The relay actor's name in the registry. Default `'reactiveHub'`. */
  actorName?: keyof A & string;
  /** Deadline of a forward, in ms. Default 10,000. */
  timeoutMs?: number;
}

interface RelayConn {
  readonly ready: Promise<void>;
  on(event: 'message', listener: (message: RelayMessage) => void): () => void;
  dispose(): Promise<void>;
}
interface RelayHandle {
  deliver(message: RelayMessage): Promise<void>;
  connect(): RelayConn;
}
type RelayAccessor = { getOrCreate(key: string[]): RelayHandle };

/**
 * Hub processes relaying subscription changes through Rivet: each process listens on its own
 * relay actor `['hub', id]` (one connection per process); a forward is one stateless action.
 */
export function createRivetRelay<A extends RegistryActors>(
  options: RivetRelayOptions<A>,
): HubRelay {
  const { actorName = 'reactiveHub', timeoutMs = 10_000 } = options;
  const client = createRegistryClient(options);
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  const id = Buffer.from(bytes).toString('base64url');
  const relays = client.actor<RelayAccessor>(actorName);
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  return {
    id,
    ready,
    async forward(owner, message) {
      const what = `forwarding a subscription change to hub ${owner}`;
      try {
        await withTimeout(
          relays.then((r) => r.getOrCreate(['hub', owner]).deliver(message)),
          timeoutMs,
          what,
        );
      } catch (error) {
        throw toTypedError(error, what);
      }
    },
    listen(handler) {
      let conn: RelayConn | undefined;
      let stopped = false;
      void relays.then((r) => {
        if (stopped) return;
        conn = r.getOrCreate(['hub', id]).connect();
        conn.on('message', handler);
        void conn.ready.then(listening);
      });
      return () => {
        stopped = true;
        void conn?.dispose();
        void client.dispose();
      };
    },
  };
}
