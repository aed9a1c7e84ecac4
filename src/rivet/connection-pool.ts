import type { BackendStatus, Stored, Unsubscribe } from '../core/backend.ts';
import { keyId, type SignalKey } from '../core/key.ts';
import type { SignalConn } from './signal-actor.ts';
import { withTimeout } from './timeout.ts';

export interface ConnectionPoolOptions {
  /** Opens a new RivetKit connection to the signal actor for `key`. */
  open(key: SignalKey): SignalConn;
  /** Deadline for a call over a connection, in ms. */
  timeoutMs: number;
  /** How long a connection stays open after its last subscriber leaves, in ms. */
  lingerMs: number;
  /** How long a connection may stay not connected before it is replaced, in ms. */
  reopenAfterMs: number;
  onStatus(status: BackendStatus): void;
}

export interface PoolStats {
  /** Open RivetKit connections: at most one per signal key. */
  connections: number;
  /** Listeners across all keys. */
  subscribers: number;
}

/**
 * Per process at most one actor connection per signal key, shared by every subscriber in the
 * process, opened on the first subscribe and closed `lingerMs` after the last unsubscribe.
 *
 * Invariant: a listener is called with strictly increasing versions. After any reconnect the
 * entry re-reads `{ value, version }` and passes on only what is newer, so a write made while
 * the connection was down is delivered once, and nothing is delivered twice.
 */
export class ConnectionPool {
  readonly #options: ConnectionPoolOptions;
  readonly #entries = new Map<string, PoolEntry>();
  readonly #watchdog: ReturnType<typeof setInterval>;
  #status: BackendStatus = 'connecting';

  constructor(options: ConnectionPoolOptions) {
    this.#options = options;
    this.#watchdog = setInterval(() => this.#checkEntries(), Math.min(1000, options.reopenAfterMs));
    this.#watchdog.unref?.();
  }

  subscribe(key: SignalKey, listener: (stored: Stored) => void): Unsubscribe {
    const id = keyId(key);
    let entry = this.#entries.get(id);
    if (!entry) {
      entry = new PoolEntry(key, this.#options, () => this.#updateStatus());
      this.#entries.set(id, entry);
    }
    const stop = entry.add(listener);
    return () => {
      stop();
      if (entry.listeners.size === 0) {
        entry.linger(() => {
          this.#entries.delete(id);
          this.#updateStatus();
        });
      }
    };
  }

  /** The open connection for `key`, if it is connected right now. */
  connected(key: SignalKey): SignalConn | undefined {
    const conn = this.#entries.get(keyId(key))?.conn;
    return conn?.connStatus === 'connected' ? conn : undefined;
  }

  /** Passes a state learned elsewhere (a write's result) to the key's subscribers, if newer. */
  offer(key: SignalKey, stored: Stored): void {
    this.#entries.get(keyId(key))?.offer(stored);
  }

  stats(): PoolStats {
    let subscribers = 0;
    for (const entry of this.#entries.values()) subscribers += entry.listeners.size;
    return { connections: this.#entries.size, subscribers };
  }

  get status(): BackendStatus {
    return this.#status;
  }

  /** Lets a successful or failed stateless call say whether the backend is reachable. */
  reportReachable(reachable: boolean): void {
    if (this.#entries.size === 0) this.#setStatus(reachable ? 'live' : 'offline');
  }

  async close(): Promise<void> {
    clearInterval(this.#watchdog);
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((entry) => entry.close()));
  }

  #checkEntries(): void {
    for (const entry of this.#entries.values()) entry.check();
  }

  #updateStatus(): void {
    const entries = [...this.#entries.values()];
    if (entries.length === 0) return;
    if (entries.every((e) => e.live)) this.#setStatus('live');
    else if (this.#status === 'connecting' && entries.every((e) => !e.wasLive)) return;
    else this.#setStatus('reconnecting');
  }

  #setStatus(status: BackendStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#options.onStatus(status);
  }
}

class PoolEntry {
  readonly listeners = new Set<(stored: Stored) => void>();
  conn: SignalConn | undefined;
  live = false;
  wasLive = false;
  #latest: Stored | undefined;
  #notLiveSince = Date.now();
  #attempt = 0;
  #retryAt = 0;
  #lingerTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  readonly key: SignalKey;
  readonly options: ConnectionPoolOptions;
  readonly statusChanged: () => void;

  constructor(key: SignalKey, options: ConnectionPoolOptions, statusChanged: () => void) {
    this.key = key;
    this.options = options;
    this.statusChanged = statusChanged;
    this.#open();
  }

  add(listener: (stored: Stored) => void): Unsubscribe {
    clearTimeout(this.#lingerTimer);
    this.#lingerTimer = undefined;
    let delivered = -1;
    const guarded = (stored: Stored) => {
      if (stored.version <= delivered) return;
      delivered = stored.version;
      listener(stored);
    };
    this.listeners.add(guarded);
    const latest = this.#latest;
    if (latest) queueMicrotask(() => this.listeners.has(guarded) && guarded(latest));
    return () => this.listeners.delete(guarded);
  }

  offer(stored: Stored): void {
    if (this.#latest && stored.version <= this.#latest.version) return;
    this.#latest = stored;
    for (const listener of this.listeners) listener(stored);
  }

  linger(onClosed: () => void): void {
    clearTimeout(this.#lingerTimer);
    this.#lingerTimer = setTimeout(() => {
      if (this.listeners.size > 0) return;
      void this.close();
      onClosed();
    }, this.options.lingerMs);
    this.#lingerTimer.unref?.();
  }

  /** Watchdog: a connection that stays down is replaced, with backoff. */
  check(): void {
    if (this.#closed || this.live) return;
    const now = Date.now();
    if (now - this.#notLiveSince < this.options.reopenAfterMs || now < this.#retryAt) return;
    this.#attempt++;
    this.#retryAt = now + Math.min(10_000, 500 * 2 ** this.#attempt) * (0.5 + Math.random());
    const old = this.conn;
    this.conn = undefined;
    void old?.dispose().catch(() => {});
    this.#open();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#lingerTimer);
    const conn = this.conn;
    this.conn = undefined;
    await conn?.dispose().catch(() => {});
  }

  #open(): void {
    const conn = this.options.open(this.key);
    this.conn = conn;
    conn.on('change', (stored) => {
      if (this.conn === conn) this.offer(stored);
    });
    conn.onStatusChange((status) => {
      if (this.conn !== conn || this.#closed) return;
      if (status === 'connected') void this.#resync(conn);
      else this.#setLive(false);
    });
    if (conn.connStatus === 'connected') void this.#resync(conn);
  }

  /** After every (re)connect: read the current state, since events sent meanwhile are gone. */
  async #resync(conn: SignalConn): Promise<void> {
    try {
      const stored = await withTimeout(conn.get(), this.options.timeoutMs, 'signal actor get');
      if (this.conn !== conn) return;
      this.offer(stored);
      this.#attempt = 0;
      this.#setLive(true);
    } catch {
      // The watchdog replaces a connection that does not become live.
    }
  }

  #setLive(live: boolean): void {
    if (live === this.live) return;
    this.live = live;
    if (live) this.wasLive = true;
    else this.#notLiveSince = Date.now();
    this.statusChanged();
  }
}
