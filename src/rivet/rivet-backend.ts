import type { Registry, RegistryActors } from 'rivetkit';
import { parseWriteOp } from '../core/apply-op.ts';
import type { Backend, BackendStatus, Stored, Unsubscribe, WriteOp } from '../core/backend.ts';
import { DEFAULT_MAX_BYTES } from '../core/codec.ts';
import { assertKey, type SignalKey } from '../core/key.ts';
import { UnknownActorError } from '../errors.ts';
import { ConnectionPool, type PoolStats } from './connection-pool.ts';
import { createRegistryClient, runnerNoDelayByDefault } from './registry-client.ts';
import { toTypedError } from './rivet-error.ts';
import { runnerNoDelayActive } from './runner-nodelay.ts';
import { callWrite, type SignalActions, type SignalHandle } from './signal-actor.ts';
import { withTimeout } from './timeout.ts';

export interface RivetBackendOptions<A extends RegistryActors> {
  /** The RivetKit registry that holds the signal actor. */
  registry: Registry<A>;
  /** The signal actor's name in the registry. Default `'reactiveState'`. */
  actorName?: keyof A & string;
  /**
   * Run this process as a RivetKit runner for the registry (`registry.startAndWait()`) before
   * the first call. With no `RIVET_ENDPOINT` this starts RivetKit's embedded engine on
   * 127.0.0.1 with files on disk. Set `false` when another process serves the registry.
   * Default `true`.
   */
  start?: boolean;
  /**
   * Keep TCP_NODELAY on RivetKit's native runner socket to the engine, which RivetKit 2.3.19
   * opens with Nagle on: without it, write → subscriber takes ~48 ms instead of ~5 ms. Only
   * when this process is the runner (`start`), Linux only. Default `true`; `false`, or the
   * environment variable `REACTIVE_RSC_RUNNER_NODELAY=0`, turns it off. See docs/latency.md.
   */
  runnerNoDelay?: boolean;
  /** Engine endpoint for the client. Default: the registry's (`RIVET_ENDPOINT` or embedded). */
  endpoint?: string;
  /** Rivet token and namespace, for Rivet cloud or a secured engine. */
  token?: string;
  rivetNamespace?: string;
  /** Connection params every call carries: the credentials `createReactiveStateActor({ authorize })` checks. */
  params?: unknown;
  /**
   * Largest encoded value, in bytes; match the actor's. Default: 1 MiB, or less when the
   * registry's message limits leave less (RivetKit's defaults leave ~60 KiB).
   */
  maxBytes?: number;
  /** Deadline for every call to an actor, in ms. Default 10,000. */
  timeoutMs?: number;
  /** How long an actor connection stays open after its last subscriber, in ms. Default 1,000. */
  lingerMs?: number;
  /** How long a connection may stay down before it is replaced, in ms. Default 3,000. */
  reopenAfterMs?: number;
}

export interface RivetBackend extends Backend {
  /**
   * Resolves once this process serves the registry (with `start`) and has its client; rejects
   * with the typed error that says why not (no engine configured, engine unreachable). Await it
   * at boot to fail fast and to spare the first request the start-up.
   */
  ready(): Promise<void>;
  /** Open actor connections and subscribers in this process, for tests and benchmarks. */
  stats(): PoolStats;
}

/** Room left in a RivetKit message for everything but the value. */
const ENVELOPE_BYTES = 4 * 1024;

/**
 * RivetKit refuses messages over the registry's limits (by default 64 KiB in, 1 MiB out), so the
 * largest value is what those limits leave. `reactiveRegistry` raises both to 2 MiB.
 */
function transportLimit(registry: Registry<RegistryActors>): number {
  const { maxIncomingMessageSize = 65_536, maxOutgoingMessageSize = 1_048_576 } = registry.config;
  return Math.min(maxIncomingMessageSize, maxOutgoingMessageSize) - ENVELOPE_BYTES;
}

/** The engine's answer when it could not route a request to the actor in time. */
function routeNotResolved(error: unknown): boolean {
  return error instanceof Error && error.message.includes('Timed out resolving actor query route');
}

type ActorAccessor = {
  getOrCreate(key: string[], options: { params?: unknown }): SignalHandle;
};

/**
 * The Backend contract on RivetKit: one actor per key `[namespace, name]`, reads and writes as
 * actions (see `call` for which path), subscriptions through the pool.
 */
export function createRivetBackend<A extends RegistryActors>(
  options: RivetBackendOptions<A>,
): RivetBackend {
  const {
    registry,
    actorName = 'reactiveState',
    start = true,
    maxBytes = Math.min(DEFAULT_MAX_BYTES, transportLimit(registry)),
    timeoutMs = 10_000,
    lingerMs = 1_000,
    reopenAfterMs = 3_000,
  } = options;
  const names = Object.keys(registry.config.use);
  if (!names.includes(actorName)) {
    throw new UnknownActorError(
      `The registry has no actor named ${JSON.stringify(actorName)}; it has ${names.map((n) => JSON.stringify(n)).join(', ') || 'none'}`,
    );
  }

  if (maxBytes > transportLimit(registry)) {
    throw new RangeError(
      `maxBytes ${maxBytes} does not fit the registry's message limits; raise maxIncomingMessageSize and maxOutgoingMessageSize in setup() to at least ${maxBytes + ENVELOPE_BYTES}`,
    );
  }

  const client = createRegistryClient({ ...options, start });
  let actors: ActorAccessor | undefined;
  let ready: Promise<void> | undefined;
  const connect = (): Promise<void> => {
    ready ??= client.actor<ActorAccessor>(actorName).then((accessor) => {
      actors = accessor;
    });
    return ready;
  };

  const statusListeners = new Set<(status: BackendStatus) => void>();
  const pool = new ConnectionPool({
    open(key) {
      if (!actors) throw new Error('the pool opened a connection before the client existed');
      return actors.getOrCreate([...key], { params: options.params }).connect();
    },
    timeoutMs,
    lingerMs,
    reopenAfterMs,
    onStatus: (status) => {
      for (const listener of statusListeners) listener(status);
    },
  });

  /**
   * Actions go over the key's live pooled connection when this process is a runner that keeps
   * TCP_NODELAY on its engine socket: ~2.6 ms a read and ~8 ms a write there, against ~8.5 ms
   * and ~14.5 ms stateless (bench/actions.ts, loaded 2-core machine). With Nagle on, an action
   * over a connection pays the ~40 ms stall, so then every action is a stateless HTTP call.
   */
  const runnerEndpoint =
    start && (options.runnerNoDelay ?? runnerNoDelayByDefault())
      ? registry.parseConfig().endpoint
      : undefined;

  /** One action on the key's actor, with its own deadline. */
  async function call(
    key: SignalKey,
    what: string,
    action: (actor: SignalActions) => Promise<Stored>,
  ): Promise<Stored> {
    assertKey(key);
    const label = `${what} on signal ${key.join('/')}`;
    const deadline = Date.now() + timeoutMs;
    try {
      await withTimeout(connect(), timeoutMs, label);
      const actor =
        (runnerEndpoint && runnerNoDelayActive(runnerEndpoint) ? pool.liveConn(key) : undefined) ??
        actors!.getOrCreate([...key], { params: options.params });
      let stored: Stored;
      for (;;) {
        try {
          stored = await withTimeout(action(actor), Math.max(1, deadline - Date.now()), label);
          break;
        } catch (error) {
          // The engine gave up finding the actor: the action never ran, so even a write may be
          // sent again. On RivetKit 2.3.19 a new actor waits like this while the engine sheds
          // workflows under CPU load (see registry-client.ts).
          if (!routeNotResolved(error) || Date.now() >= deadline) throw error;
        }
      }
      pool.reportReachable(true);
      pool.offer(key, stored);
      return stored;
    } catch (error) {
      const typed = toTypedError(error, label);
      if (typed.code === 'BACKEND_UNAVAILABLE') pool.reportReachable(false);
      throw typed;
    }
  }

  return {
    kind: 'rivet',
    store: actorName,
    maxBytes,
    read: (key) => call(key, 'read', (actor) => actor.get()),
    write: async (key: SignalKey, op: WriteOp) => {
      const valid = parseWriteOp(op);
      return call(key, valid.op, (actor) => callWrite(actor, valid));
    },
    subscribe(key, listener): Unsubscribe {
      assertKey(key);
      let stop: Unsubscribe | undefined;
      let cancelled = false;
      connect().then(
        () => {
          if (!cancelled) stop = pool.subscribe(key, listener);
        },
        (error) => console.error('reactive-rsc: could not start the Rivet backend', error),
      );
      return () => {
        cancelled = true;
        stop?.();
      };
    },
    get status() {
      return pool.status;
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    stats: () => pool.stats(),
    ready: () =>
      connect().catch((error: unknown) => {
        throw toTypedError(error, 'starting the Rivet backend');
      }),
    async close() {
      await pool.close();
      await client.dispose();
    },
  };
}
