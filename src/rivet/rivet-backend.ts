import type { Registry, RegistryActors } from 'rivetkit';
import type { ReactiveStateActor } from '../../actors/signal.ts';
import { type BatchOp, parseWriteOp } from '../core/apply-op.ts';
import {
  type Backend,
  type BackendStatus,
  EMPTY,
  type Stored,
  type Unsubscribe,
  type WriteOp,
} from '../core/backend.ts';
import { backoffMs } from '../core/backoff.ts';
import { DEFAULT_MAX_BYTES } from '../core/codec.ts';
import { isDeclared } from '../core/declared-keys.ts';
import { assertKey, keyId, type SignalKey } from '../core/key.ts';
import { Listeners } from '../core/listeners.ts';
import { randomId } from '../core/random-id.ts';
import { WriteCombiner } from '../core/write-combiner.ts';
import { UnknownActorError } from '../errors.ts';
import { AbsentKeys } from './absent-keys.ts';
import {
  ConnectionPool,
  type ConnectionPoolOptions,
  type PoolStats,
  type SignalConn,
} from './connection-pool.ts';
import { dataId, lease } from './lease.ts';
import { leaseRegistryClient, type RegistryClient } from './registry-client.ts';
import { toTypedError } from './rivet-error.ts';
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
  /**
   * How long a subscribed connection may carry nothing before it is asked for the current
   * state, in ms (one `get` per quiet key per period): bounds how long a subscriber can stay
   * behind on a socket that silently stopped carrying events. Default 15,000.
   */
  probeMs?: number;
  /**
   * Combine writes per key (group commit): while one write to a key is on its way, the `add`,
   * `append` and `merge` calls that arrive are sent next as one action, for one version. Each
   * caller still gets the state that holds its write. Default `true`; `false` sends every write
   * as its own action (one version each).
   */
  combineWrites?: boolean;
}

export interface RivetBackend extends Backend {
  /**
   * Resolves once this process serves the registry (with `start`) and has its client; rejects
   * with the typed error that says why not (no engine configured, engine unreachable). Await it
   * at boot to fail fast and to spare the first request the start-up.
   */
  ready(): Promise<void>;
  /**
   * Open actor connections and subscribers of this backend's connection pool, which it shares
   * with the process's other backends of the same registry, actor name and params (and
   * timings): for tests and benchmarks.
   */
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

/**
 * Whether a failed call may be sent again: it did not reach the actor, or its answer was lost
 * (a deadline, a dropped socket, the engine routing or restarting). A refusal by the actor or by
 * RivetKit's own checks (`user`, `message`, `auth`) would only be refused again. Sending a call
 * again is safe: a read changes nothing, and a write carries an id the actor applies once.
 */
function mayResend(error: unknown): boolean {
  const { group } = (error ?? {}) as { group?: unknown };
  return group !== 'user' && group !== 'message' && group !== 'auth';
}

/** What an action needs of the actor: a pooled connection or a stateless handle. */
type SignalCalls = Pick<SignalConn, 'get' | 'write'>;

/** How long a call waits on a connection the pool takes for live before it goes stateless. */
const FAST_PATH_MS = 2_000;

/**
 * How long one stateless try may take before the call is sent again: a socket to a node that
 * died can stay open with no answer. A slow actor is not hurt: the try sent again waits for the
 * same write (same id), and the actor answers both once it is stored.
 */
const TRY_MS = 5_000;

/** How long a hot key keeps its connection after its last batch, in ms. */
const HOT_KEY_MS = 2_000;

interface SharedPool {
  pool: ConnectionPool;
  statusListeners: Listeners<BackendStatus>;
  /** Subscriptions waiting for an undeclared key's actor to exist. */
  absent: AbsentKeys;
  /** Whether the key's actor exists, creating nothing; remembered once true. */
  exists(key: SignalKey): Promise<boolean>;
}

/** Keys whose actor is known to exist, remembered up to this many (then forgotten at once). */
const KNOWN_KEYS = 10_000;

/**
 * The connection pool of one actor type with one set of params, shared by every backend of the
 * process that uses them (whatever their namespaces), so that the process holds at most one
 * actor connection per signal however many backends watch it.
 */
function createSharedPool<A extends RegistryActors>(
  rivet: RegistryClient<A>,
  actorName: string,
  params: unknown,
  timings: Pick<ConnectionPoolOptions, 'timeoutMs' | 'lingerMs' | 'reopenAfterMs' | 'probeMs'>,
): SharedPool {
  const statusListeners = new Listeners<BackendStatus>();
  const pool = new ConnectionPool({
    open(key) {
      const client = rivet.current;
      if (!client) throw new Error('the pool opened a connection before the client existed');
      return client.getOrCreate<ReactiveStateActor>(actorName, [...key], { params }).connect();
    },
    ...timings,
    onStatus: (status) => statusListeners.emit(status),
  });
  const known = new Set<string>();
  async function exists(key: SignalKey): Promise<boolean> {
    const id = keyId(key);
    if (known.has(id)) return true;
    const client = await rivet.ready();
    try {
      await client.get<ReactiveStateActor>(actorName, [...key], { params }).resolve();
    } catch (error) {
      const { group, code } = error as { group?: unknown; code?: unknown };
      const absent = group === 'actor' && code === 'not_found';
      pool.reportReachable(absent);
      if (absent) return false;
      throw error;
    }
    pool.reportReachable(true);
    if (known.size >= KNOWN_KEYS) known.clear();
    known.add(id);
    return true;
  }
  return { pool, statusListeners, absent: new AbsentKeys(exists), exists };
}

/**
 * The Backend contract on RivetKit: one actor per key `[namespace, name]`; a read is its `get`
 * action and a write its `write(op)` action, sent over the key's pooled connection when that is
 * live and fast (below), else stateless; subscriptions go through the connection pool, which
 * this backend shares with every backend of the process on the same registry, actor name,
 * params and timings.
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
    probeMs = 15_000,
    combineWrites = true,
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

  const clientLease = leaseRegistryClient({ ...options, start });
  const rivet = clientLease.value;
  const connect = (): Promise<void> => rivet.ready().then(() => {});
  const timings = { timeoutMs, lingerMs, reopenAfterMs, probeMs };
  const poolId = dataId([actorName, options.params, timings]);
  const poolLease = lease(
    rivet,
    poolId ?? crypto.randomUUID(),
    () => createSharedPool(rivet, actorName, options.params, timings),
    ({ pool }) => pool.close(),
  );
  const shared = poolLease.value;
  const { pool, statusListeners } = shared;

  /**
   * Whether calls and subscriptions may go to the key's actor, which creates it if it is
   * missing: yes for keys server code declared (`signal(name, initial)`), and for keys whose
   * actor exists. A key only a browser named and nobody wrote creates nothing (reads answer
   * "never written").
   */
  async function mayCreate(key: SignalKey): Promise<boolean> {
    return isDeclared(actorName, key) || !!pool.liveConnection(key) || (await shared.exists(key));
  }
  /** This backend's status listeners on the shared pool, removed when it closes. */
  const ownListeners = new Set<Unsubscribe>();

  /**
   * One action on the key's actor, with its own deadline. Over the key's pooled connection when
   * it is live: with TCP_NODELAY on the runner socket that is ~3 ms a read and ~8 ms a write,
   * against ~9 and ~13 ms stateless (`npm run bench -- actions`). A connection the pool still
   * takes for live can hold a call (the actor moved, the socket is half dead), so that try gets
   * `FAST_PATH_MS`; then the call goes stateless. A call whose answer did not come (a node or
   * runner died, the engine restarted) is sent again with pauses until the deadline: a write
   * carries one id on every try, so the actor applies it once (`recentWrites` in
   * actors/signal.ts) and the caller learns the state that holds it. What the call returns is
   * offered to the pool: this process's subscribers of the key see a write without waiting for
   * its event.
   */
  async function call(
    key: SignalKey,
    what: string,
    action: (actor: SignalCalls) => Promise<Stored>,
  ): Promise<Stored> {
    assertKey(key);
    const label = `${what} on signal ${key.join('/')}`;
    const deadline = Date.now() + timeoutMs;
    // Not sent again: start-up is shared by every call and does its own retrying. Once done,
    // no call waits on it (a few promise turns on the fast path).
    if (!rivet.current) {
      await withTimeout(connect(), timeoutMs, label).catch((error: unknown) => {
        pool.reportReachable(false);
        throw toTypedError(error, label);
      });
    }
    for (let failures = 1; ; failures++) {
      try {
        // The connection gets the first try only: if it did not answer, the rest go stateless.
        const fast = failures === 1 ? await overConnection(key, label, action) : undefined;
        const stored = fast ?? (await stateless(key, label, deadline, action));
        pool.reportReachable(true);
        pool.offer(key, stored);
        return stored;
      } catch (error) {
        const typed = toTypedError(error, label);
        const pause = backoffMs(failures, 1_000);
        const resend = typed.code === 'BACKEND_UNAVAILABLE' && mayResend(typed.cause ?? error);
        if (!resend || Date.now() + pause >= deadline) {
          if (typed.code === 'BACKEND_UNAVAILABLE') pool.reportReachable(false);
          throw typed;
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /** The call over the key's live connection; `undefined` if there is none or it did not answer. */
  async function overConnection(
    key: SignalKey,
    label: string,
    action: (actor: SignalCalls) => Promise<Stored>,
  ): Promise<Stored | undefined> {
    const conn = pool.liveConnection(key);
    if (!conn) return undefined;
    try {
      return await withTimeout(action(conn), Math.min(FAST_PATH_MS, timeoutMs), label);
    } catch (error) {
      const typed = toTypedError(error, label);
      if (typed.code !== 'BACKEND_UNAVAILABLE') throw typed; // the actor answered: refused
      pool.reportUnanswered(key);
      return undefined;
    }
  }

  async function stateless(
    key: SignalKey,
    label: string,
    deadline: number,
    action: (actor: SignalCalls) => Promise<Stored>,
  ): Promise<Stored> {
    const actor: SignalCalls = (await rivet.ready()).getOrCreate<ReactiveStateActor>(
      actorName,
      [...key],
      { params: options.params },
    );
    return withTimeout(action(actor), Math.max(1, Math.min(TRY_MS, deadline - Date.now())), label);
  }

  /**
   * Keys written hard enough that writes wait for each other (a batch went) keep their pooled
   * connection open while that lasts: a write over it takes ~7 ms against ~13 stateless, which
   * a hot key's every batch waits for.
   */
  const hot = new Map<string, { stop: Unsubscribe; timer?: ReturnType<typeof setTimeout> }>();
  function keepConnected(key: SignalKey): void {
    const id = keyId(key);
    let entry = hot.get(id);
    if (!entry) {
      entry = { stop: pool.subscribe(key, () => {}) };
      hot.set(id, entry);
    }
    const held = entry;
    clearTimeout(held.timer);
    held.timer = setTimeout(() => {
      held.stop();
      hot.delete(id);
    }, HOT_KEY_MS);
    held.timer.unref?.();
  }

  /** One action on the key's actor for a write, or a batch of them (write-combiner.ts). */
  async function send(key: SignalKey, op: WriteOp | BatchOp): Promise<Stored> {
    if (op.op === 'batch') keepConnected(key);
    const writeId = randomId(12); // unique among the writes an actor remembers
    const stored = await call(key, op.op, (actor) => actor.write(op, writeId));
    shared.absent.written(key); // its actor exists now: waiting subscriptions attach
    return stored;
  }
  const writes = new WriteCombiner(send, maxBytes);

  return {
    kind: 'rivet',
    store: actorName,
    maxBytes,
    read: async (key) => {
      assertKey(key);
      const allowed = await withTimeout(
        connect().then(() => mayCreate(key)),
        timeoutMs,
        `read on signal ${key.join('/')}`,
      ).catch((error: unknown) => {
        throw toTypedError(error, `read on signal ${key.join('/')}`);
      });
      return allowed ? call(key, 'read', (actor) => actor.get()) : EMPTY;
    },
    write: async (key: SignalKey, op: WriteOp) => {
      assertKey(key);
      const valid = parseWriteOp(op);
      return combineWrites ? writes.write(key, valid) : send(key, valid);
    },
    subscribe(key, listener): Unsubscribe {
      assertKey(key);
      let stop: Unsubscribe | undefined;
      let cancelled = false;
      const attach = () => {
        if (!cancelled) stop = pool.subscribe(key, listener);
      };
      connect()
        .then(async () => {
          if (cancelled) return;
          if (await mayCreate(key).catch(() => true)) return attach();
          if (cancelled) return;
          listener(EMPTY); // never written: the signal shows its initial value
          stop = shared.absent.watch(key, attach);
        })
        .catch((error) => console.error('reactive-rsc: could not start the Rivet backend', error));
      return () => {
        cancelled = true;
        stop?.();
      };
    },
    get status() {
      return pool.status;
    },
    onStatus(listener) {
      // A wrapper per call: the same function registered through two backends is two listeners.
      const remove = statusListeners.add((status) => listener(status));
      ownListeners.add(remove);
      return () => {
        ownListeners.delete(remove);
        remove();
      };
    },
    stats: () => pool.stats(),
    ready: () =>
      connect().catch((error: unknown) => {
        throw toTypedError(error, 'starting the Rivet backend');
      }),
    async close() {
      for (const { stop, timer } of hot.values()) {
        clearTimeout(timer);
        stop();
      }
      hot.clear();
      for (const remove of ownListeners) remove();
      ownListeners.clear();
      // The pool, then the client: each closes when the last backend sharing it lets go.
      await poolLease.release();
      await clientLease.release();
    },
  };
}
