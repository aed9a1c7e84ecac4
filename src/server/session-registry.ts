import type { Backend } from '../core/backend.ts';
import { LimitExceededError } from '../errors.ts';
import { Session, type SessionOptions } from './session.ts';

export interface SessionRegistryOptions {
  /** Sessions this process holds at once. */
  maxSessions: number;
  /** How long a session without a stream is kept for its tab to resume, in ms. */
  ttlMs: number;
  session: SessionOptions;
}

/** The sessions of one hub process: at most `maxSessions`, each dropped `ttlMs` after its tab left. */
export class SessionRegistry {
  readonly #sessions = new Map<string, Session>();
  readonly #backend: Backend;
  readonly #options: SessionRegistryOptions;
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(backend: Backend, options: SessionRegistryOptions) {
    this.#backend = backend;
    this.#options = options;
    // Sessions whose tab went away and did not come back within the TTL release their
    // subscriptions, and with them the pool's actor connections.
    this.#sweeper = setInterval(() => this.#sweep(), Math.min(options.ttlMs, 5_000));
    this.#sweeper.unref?.();
  }

  get(id: string): Session | undefined {
    return this.#sessions.get(id);
  }

  /** A tab's session; its stream or its first subscribe, whichever comes first, opens it. */
  open(id: string): { session: Session; existed: boolean } {
    const existing = this.#sessions.get(id);
    if (existing) return { session: existing, existed: true };
    const { maxSessions } = this.#options;
    if (this.#sessions.size >= maxSessions) {
      throw new LimitExceededError(`This process holds its limit of ${maxSessions} sessions`);
    }
    const session = new Session(id, this.#backend, this.#options.session);
    this.#sessions.set(id, session);
    return { session, existed: false };
  }

  stats(): { sessions: number; subscriptions: number; pending: number; views: number } {
    let subscriptions = 0;
    let pending = 0;
    let views = 0;
    for (const session of this.#sessions.values()) {
      subscriptions += session.size;
      pending += session.pending;
      views += session.viewCount;
    }
    return { sessions: this.#sessions.size, subscriptions, pending, views };
  }

  /** Ends every stream: their tabs reconnect (to the hub that replaced this one, if any). */
  close(): void {
    clearInterval(this.#sweeper);
    for (const session of this.#sessions.values()) session.close();
    this.#sessions.clear();
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, session] of this.#sessions) {
      if (session.detachedAt !== undefined && now - session.detachedAt > this.#options.ttlMs) {
        session.close();
        this.#sessions.delete(id);
      }
    }
  }
}
