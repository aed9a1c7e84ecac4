import type { ActorConn } from 'rivetkit/client';
import type { ReactiveStateActor } from '../../actors/signal.ts';
import type { BackendStatus, Stored, Unsubscribe } from '../core/backend.ts';
import { backoffMs } from '../core/backoff.ts';
import { KeyFanOut } from '../core/fan-out.ts';
import { keyId, type SignalKey } from '../core/key.ts';
import { BackendUnavailableError } from '../errors.ts';
import { toTypedError } from './rivet-error.ts';
import { withTimeout } from './timeout.ts';

/** One RivetKit connection (its own WebSocket) to one signal actor. */
export type SignalConn = ActorConn<ReactiveStateActor>;

export interface ConnectionPoolOptions {
  /** Opens a new RivetKit connection to the signal actor for `key`. */
  open(key: SignalKey): SignalConn;
  /** Deadline for connecting and for every call, in ms. */
  timeoutMs: number;
  /** How long a connection stays open after its last user leaves, in ms. */
  lingerMs: number;
  /** How long a connection may stay down before it is replaced, in ms. */
  reopenAfterMs: number;
  /**
   * How long a live connection may stay silent before it is asked for the current state, in ms:
   * a socket can stay open to an actor instance that is gone (e.g. after an engine restart) and
   * carry nothing, and an event can be lost across a reconnect.
   */
  probeMs: number;
  onStatus(status: BackendStatus): void;
}

export interface PoolStats {
  /** Open RivetKit connections: at most one per signal key. */
  connections: number;
  /** Subscribers across all keys. */
  subscribers: number;
}

/**
 * Per process at most one actor connection per signal key, shared by every subscriber in the
 * process, opened on the first subscribe and closed `lingerMs` after the last one leaves.
 * Connections carry `change` events only; actions are stateless calls (see rivet-backend.ts).
 *
 * Invariant: a subscriber is called with strictly increasing versions (`KeyFanOut`). After every
 * (re)connect the entry re-reads `{ value, version }` and offers it, so a write made while the
 * connection was down is delivered once, and nothing is delivered twice. A connection that
 * carried nothing for `probeMs` re-reads too: no subscriber stays behind for longer than that
 * plus `timeoutMs`, whatever a socket loses.
 */
export class ConnectionPool {
  readonly #options: ConnectionPoolOptions;
  readonly #entries = new Map<string, PoolEntry>();
  readonly #watchdog: ReturnType<typeof setInterval>;
  #status: BackendStatus = 'connecting';

  constructor(options: ConnectionPoolOptions) {
    this.#options = options;
    this.#watchdog = setInterval(() => {
      for (const entry of this.#entries.values()) entry.check();
    }, 500);
    this.#watchdog.unref?.();
  }

  subscribe(key: SignalKey, listener: (stored: Stored) => void): Unsubscribe {
    const entry = this.#acquire(key);
    const stop = entry.fanOut.listen(listener);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      stop();
      this.#release(entry);
    };
  }

  /** Passes a state learned elsewhere (a write's result) to the key's subscribers, if newer. */
  offer(key: SignalKey, stored: Stored): void {
    this.#entries.get(keyId(key))?.fanOut.offer(stored);
  }

  /** The key's connection if it is open and live, for actions that can take that path. */
  liveConnection(key: SignalKey): SignalConn | undefined {
    const entry = this.#entries.get(keyId(key));
    return entry?.live ? entry.conn : undefined;
  }

  /**
   * A call over the key's connection got no answer: the connection is taken for down (calls go
   * stateless, subscribers see `reconnecting`), and the watchdog replaces it unless it proves
   * live again first. A socket can stay open to an actor that moved, answering nothing.
   */
  reportUnanswered(key: SignalKey): void {
    this.#entries.get(keyId(key))?.setLive(false);
  }

  /** Lets a call made outside the pool say whether the backend answered. */
  reportReachable(reachable: boolean): void {
    const anyLive = [...this.#entries.values()].some((e) => e.live);
    if (!reachable && !anyLive) this.#setStatus('offline');
    else if (reachable && this.#entries.size === 0) this.#setStatus('live');
  }

  stats(): PoolStats {
    let subscribers = 0;
    for (const entry of this.#entries.values()) subscribers += entry.fanOut.size;
    return { connections: this.#entries.size, subscribers };
  }

  get status(): BackendStatus {
    return this.#status;
  }

  async close(): Promise<void> {
    clearInterval(this.#watchdog);
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((entry) => entry.close()));
  }

  #acquire(key: SignalKey): PoolEntry {
    const id = keyId(key);
    let entry = this.#entries.get(id);
    if (!entry) {
      entry = new PoolEntry(key, this.#options, () => this.#updateStatus());
      this.#entries.set(id, entry);
    }
    entry.cancelLinger();
    return entry;
  }

  /** After a subscriber left: the connection lingers once nobody listens any more. */
  #release(entry: PoolEntry): void {
    if (entry.fanOut.size > 0) return;
    entry.linger(() => {
      if (this.#entries.get(keyId(entry.key)) === entry) this.#entries.delete(keyId(entry.key));
      void entry.close();
      this.#updateStatus();
    });
  }

  #updateStatus(): void {
    const entries = [...this.#entries.values()];
    if (entries.length === 0) return; // keep the last known status
    if (entries.every((e) => e.live)) this.#setStatus('live');
    else if (entries.some((e) => e.wasLive) || this.#status !== 'connecting') {
      this.#setStatus('reconnecting');
    }
  }

  #setStatus(status: BackendStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#options.onStatus(status);
  }
}

/** One key's connection and its subscribers. */
class PoolEntry {
  readonly key: SignalKey;
  readonly fanOut: KeyFanOut;
  conn: SignalConn | undefined;
  live = false;
  wasLive = false;
  readonly #options: ConnectionPoolOptions;
  readonly #statusChanged: () => void;
  #loggedFailure = false;
  #downSince = Date.now();
  #attempt = 0;
  #retryAt = 0;
  #probeAt = 0;
  #probing = false;
  /** Counts the times the connection became live, so that a late probe result is known late. */
  #liveSince = 0;
  #lingerTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(key: SignalKey, options: ConnectionPoolOptions, statusChanged: () => void) {
    this.key = key;
    this.fanOut = new KeyFanOut(key);
    this.#options = options;
    this.#statusChanged = statusChanged;
    this.#open();
  }

  cancelLinger(): void {
    clearTimeout(this.#lingerTimer);
    this.#lingerTimer = undefined;
  }

  linger(onExpired: () => void): void {
    this.cancelLinger();
    this.#lingerTimer = setTimeout(onExpired, this.#options.lingerMs);
    this.#lingerTimer.unref?.();
  }

  /**
   * Watchdog: a connection that stays down is replaced, with growing, jittered pauses; a live
   * one that stayed silent is probed.
   */
  check(): void {
    if (this.#closed) return;
    if (this.live) {
      if (!this.#probing && Date.now() >= this.#probeAt) void this.#probe();
      return;
    }
    const now = Date.now();
    if (now - this.#downSince < this.#options.reopenAfterMs || now < this.#retryAt) return;
    this.#attempt++;
    this.#retryAt = now + backoffMs(this.#attempt);
    const old = this.conn;
    this.conn = undefined;
    void old?.dispose().catch(() => {});
    this.#open();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.cancelLinger();
    const conn = this.conn;
    this.conn = undefined;
    // RivetKit's dispose waits for a close event that a still-connecting socket may never give.
    if (conn) {
      await withTimeout(
        conn.dispose(),
        this.#options.timeoutMs,
        'closing an actor connection',
      ).catch(() => {});
    }
  }

  #open(): void {
    const conn = this.#options.open(this.key);
    this.conn = conn;
    conn.on('change', (stored) => {
      if (this.conn !== conn) return;
      this.fanOut.offer(stored);
      this.#heard();
    });
    conn.onError((error) => {
      // Refused connections (e.g. UNAUTHORIZED) are retried by the watchdog; say so once.
      if (this.conn !== conn || this.#loggedFailure) return;
      this.#loggedFailure = true;
      console.warn(`reactive-rsc: ${toTypedError(error, `subscribing to ${this.key.join('/')}`)}`);
    });
    conn.onStatusChange((status) => {
      if (this.conn !== conn || this.#closed) return;
      if (status === 'connected') void this.#resync(conn);
      else this.setLive(false);
    });
    if (conn.connStatus === 'connected') void this.#resync(conn);
  }

  /**
   * Reads the state over `conn` and offers it to the subscribers; false when `conn` was replaced
   * meanwhile (its answer is then nobody's).
   */
  async #read(conn: SignalConn): Promise<boolean> {
    const stored = await withTimeout(conn.get(), this.#options.timeoutMs, 'signal actor get');
    if (this.conn !== conn) return false;
    this.fanOut.offer(stored);
    this.#heard();
    return true;
  }

  /** After every (re)connect: read the current state, since events sent meanwhile are gone. */
  async #resync(conn: SignalConn): Promise<void> {
    try {
      if (!(await this.#read(conn))) return;
      this.#attempt = 0;
      this.setLive(true);
    } catch {
      // The watchdog replaces a connection that does not become live.
    }
  }

  /**
   * Asks a silent connection for the state: an answer heals a lost event, none means down. A
   * result that arrives after the connection went down (or was replaced) is not its verdict.
   */
  async #probe(): Promise<void> {
    const conn = this.conn;
    if (!conn) return;
    const liveSince = this.#liveSince;
    this.#probing = true;
    try {
      await this.#read(conn);
    } catch (error) {
      const current = this.conn === conn && this.live && this.#liveSince === liveSince;
      // An actor that answered with a refusal is there; only silence means down.
      const silent = toTypedError(error, 'probe') instanceof BackendUnavailableError;
      if (current && silent) this.setLive(false);
    } finally {
      this.#probing = false;
    }
  }

  /** The connection proved itself: the next probe is due `probeMs` (±25 %) from now. */
  #heard(): void {
    this.#probeAt = Date.now() + this.#options.probeMs * (0.75 + Math.random() * 0.5);
  }

  setLive(live: boolean): void {
    if (live === this.live) return;
    this.live = live;
    if (live) {
      this.wasLive = true;
      this.#liveSince++;
    } else this.#downSince = Date.now();
    this.#statusChanged();
  }
}
