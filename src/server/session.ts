import type { Backend, Stored, Unsubscribe } from '../core/backend.ts';
import { keyId, type SignalKey } from '../core/key.ts';
import type { ViewErrorEvent, ViewEvent } from '../core/protocol.ts';
import { LimitExceededError } from '../errors.ts';
import type { ViewViewer } from './live/shared-views.ts';
import {
  concat,
  encodeText,
  HEARTBEAT,
  hubEvent,
  valueEnd,
  valueFrame,
  viewFrame,
} from './stream-frames.ts';

interface Subscription {
  key: SignalKey;
  stop: Unsubscribe;
  /** Newest state seen from the backend. */
  latest: Stored | undefined;
  /** Version and event id of the last value written to the stream. */
  sentVersion: number;
  sentEventId: number;
}

export interface SessionOptions {
  /** This hub process's id (`HubRelay.hub`), told to the tab. */
  hub: string | undefined;
  maxSubscriptions: number;
  heartbeatMs: number;
  /** Reconnect delay the browser is told to use, in ms. */
  retryMs: number;
}

/**
 * One tab: its subscriptions and its one SSE stream. Nothing is queued per event: each key keeps
 * only its newest state, and the stream takes whatever is newest each time the consumer reads.
 * So a slow tab costs at most one pending value per subscribed key (coalescing), never a backlog.
 */
export class Session {
  readonly id: string;
  readonly #backend: Backend;
  readonly #options: SessionOptions;
  readonly #subscriptions = new Map<string, Subscription>();
  /** Keys whose newest state has not been written to the stream yet. */
  readonly #dirty = new Set<string>();
  readonly #views = new Map<string, ViewViewer>();
  /** Each watched view's newest render not yet written: older ones are dropped, never queued. */
  readonly #viewPayloads = new Map<string, ViewEvent>();
  /** Each watched view's lasting render failure not written yet (a newer render drops it). */
  readonly #viewErrors = new Map<string, ViewErrorEvent>();
  #nextEventId = 1;
  #wake: (() => void) | undefined;
  #stream: ReadableStream<Uint8Array> | undefined;
  detachedAt: number | undefined = Date.now();

  constructor(id: string, backend: Backend, options: SessionOptions) {
    this.id = id;
    this.#backend = backend;
    this.#options = options;
  }

  get size(): number {
    return this.#subscriptions.size;
  }

  get pending(): number {
    return this.#dirty.size + this.#viewPayloads.size + this.#viewErrors.size;
  }

  get viewCount(): number {
    return this.#views.size;
  }

  /** Every key this tab reads: its subscriptions and what its watched views last rendered. */
  readKeys(): SignalKey[] {
    const keys = [...this.#subscriptions.values()].map((s) => s.key);
    for (const watch of this.#views.values()) keys.push(...watch.shown.map((d) => d.key));
    return keys;
  }

  async watchView(watch: ViewViewer, deps: Parameters<ViewViewer['start']>[0]): Promise<void> {
    if (this.#views.has(watch.id)) return watch.close();
    if (this.#subscriptions.size + this.#views.size >= this.#options.maxSubscriptions) {
      watch.close();
      throw new LimitExceededError(
        `A session may hold ${this.#options.maxSubscriptions} subscriptions and views`,
      );
    }
    this.#views.set(watch.id, watch);
    // A watch that arrives after its tab's stream ended waits for the stream to come back:
    // no render, no producer, for a tab that is not there.
    if (this.#stream) await watch.start(deps);
    else watch.hold(deps);
  }

  unwatchView(id: string): void {
    this.#views.get(id)?.close();
    this.#views.delete(id);
    this.#viewPayloads.delete(id);
    this.#viewErrors.delete(id);
  }

  pushView(payload: ViewEvent): void {
    if (!this.#views.has(payload.view)) return;
    this.#viewErrors.delete(payload.view);
    this.#viewPayloads.set(payload.view, payload);
    this.#wake?.();
  }

  pushViewError(event: ViewErrorEvent): void {
    if (!this.#views.has(event.view)) return;
    this.#viewErrors.set(event.view, event);
    this.#wake?.();
  }

  subscribe(entries: { key: SignalKey; version?: number }[]): void {
    const fresh = entries.filter(({ key }) => !this.#subscriptions.has(keyId(key)));
    if (this.#subscriptions.size + fresh.length > this.#options.maxSubscriptions) {
      throw new LimitExceededError(
        `A session may hold ${this.#options.maxSubscriptions} subscriptions; this one has ${this.#subscriptions.size} and asked for ${fresh.length} more`,
      );
    }
    for (const { key, version = 0 } of fresh) {
      const id = keyId(key);
      const subscription: Subscription = {
        key,
        stop: () => {},
        latest: undefined,
        sentVersion: version,
        sentEventId: 0,
      };
      this.#subscriptions.set(id, subscription);
      subscription.stop = this.#backend.subscribe(key, (stored) => {
        subscription.latest = stored;
        if (stored.version > subscription.sentVersion) this.#markDirty(id);
      });
    }
  }

  unsubscribe(keys: SignalKey[]): void {
    for (const key of keys) {
      const id = keyId(key);
      this.#subscriptions.get(id)?.stop();
      this.#subscriptions.delete(id);
      this.#dirty.delete(id);
    }
  }

  /**
   * Opens the stream for this tab, replacing an earlier one. With `lastEventId` (a resumed
   * EventSource) only keys written after that event are sent again; without, every key's newest.
   */
  attach(
    resumed: boolean,
    lastEventId: number | undefined,
    signal: AbortSignal,
  ): ReadableStream<Uint8Array> {
    this.detachedAt = undefined;
    for (const [id, subscription] of this.#subscriptions) {
      const missed = lastEventId === undefined || subscription.sentEventId > lastEventId;
      if (missed && subscription.latest) {
        subscription.sentVersion = Math.min(
          subscription.sentVersion,
          subscription.latest.version - 1,
        );
        this.#dirty.add(id);
      }
    }
    let first = hubEvent(
      'session',
      { session: this.id, resumed, hub: this.#options.hub },
      { retry: this.#options.retryMs },
    );
    // One timer per stream, not one per wait: a push to many tabs arms and clears none. A beat
    // that comes while something is sent is not needed.
    let beatDue = false;
    const heartbeat = setInterval(() => {
      if (this.#stream !== stream) return clearInterval(heartbeat);
      beatDue = true;
      this.#wake?.();
    }, this.#options.heartbeatMs);
    heartbeat.unref?.();
    /**
     * Writes what is due to a consumer that asked (`pull`): pending events, else a heartbeat.
     * Nothing due, it leaves `#wake` to do it later, so a change reaches a waiting stream in the
     * same turn, with no promise per change.
     */
    const send = (controller: ReadableStreamDefaultController<Uint8Array>): void => {
      this.#wake = undefined;
      if (this.#stream !== stream) {
        controller.close();
        return;
      }
      if (this.pending > 0 || first) {
        controller.enqueue(this.#drain(first));
        first = '';
      } else if (beatDue) {
        controller.enqueue(HEARTBEAT);
      } else {
        this.#wake = () => send(controller);
        return;
      }
      beatDue = false;
    };
    const stream: ReadableStream<Uint8Array> = new ReadableStream<Uint8Array>(
      { pull: send, cancel: (): void => this.#detach(stream) },
      { highWaterMark: 0 },
    );
    const replaced = this.#stream !== undefined;
    const wakeReplaced = this.#wake;
    this.#stream = stream;
    if (replaced)
      wakeReplaced?.(); // the old stream sees it was replaced and closes
    else {
      for (const watch of this.#views.values()) {
        watch
          .resume()
          .catch((error) => console.error('reactive-rsc: resuming a live view failed', error));
      }
    }
    signal.addEventListener('abort', () => this.#detach(stream), { once: true });
    return stream;
  }

  close(): void {
    for (const watch of this.#views.values()) watch.close();
    this.#views.clear();
    this.#viewPayloads.clear();
    this.#viewErrors.clear();
    for (const subscription of this.#subscriptions.values()) subscription.stop();
    this.#subscriptions.clear();
    this.#dirty.clear();
    this.#stream = undefined;
    this.#wake?.();
  }

  #markDirty(id: string): void {
    this.#dirty.add(id);
    this.#wake?.();
  }

  /** `before`, then every dirty key's newest state and every pending view event, in one chunk. */
  #drain(before: string): Uint8Array {
    const parts: Uint8Array[] = before ? [encodeText(before)] : [];
    for (const id of this.#dirty) {
      const subscription = this.#subscriptions.get(id);
      const latest = subscription?.latest;
      if (!subscription || !latest || latest.version <= subscription.sentVersion) continue;
      const eventId = this.#nextEventId++;
      parts.push(valueFrame(subscription.key, latest), valueEnd(eventId));
      subscription.sentVersion = latest.version;
      subscription.sentEventId = eventId;
    }
    this.#dirty.clear();
    for (const payload of this.#viewPayloads.values()) parts.push(viewFrame(payload));
    this.#viewPayloads.clear();
    for (const event of this.#viewErrors.values()) {
      parts.push(encodeText(hubEvent('view-error', event)));
    }
    this.#viewErrors.clear();
    return concat(parts);
  }

  #detach(stream: ReadableStream<Uint8Array>): void {
    if (this.#stream !== stream) return;
    this.#stream = undefined;
    for (const watch of this.#views.values()) watch.pause();
    this.detachedAt = Date.now();
    this.#wake?.();
  }
}
