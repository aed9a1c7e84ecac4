import type { BackendStatus, Unsubscribe } from '../core/backend.ts';
import { backoffMs } from '../core/backoff.ts';
import { Listeners } from '../core/listeners.ts';
import { parseHubEvent } from '../core/parse-event.ts';
import { type HubEventName, type HubEvents, hubEventNames } from '../core/protocol.ts';

/** The part of the WHATWG EventSource the client uses (the browser's, or a polyfill in Node). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

export type EventSourceConstructor = new (url: string) => EventSourceLike;

export type HubEventHandlers = { [N in HubEventName]: (event: HubEvents[N]) => void };

/**
 * A tab's one SSE stream from its hub: opened on demand, reconnected (by the EventSource itself,
 * or with backoff when the hub refused it), and closed a while after the tab stops needing it.
 */
export class HubStream {
  /** The hub process holding the stream, to name in requests about it (from `session`). */
  hub: string | undefined;
  /**
   * Settles on the first `session` event: requests about the stream wait for it, so they can
   * name its hub. Settled from the start without an EventSource, as no stream will come.
   */
  readonly hello: Promise<void>;
  readonly #url: string;
  readonly #EventSource: EventSourceConstructor | undefined;
  readonly #on: HubEventHandlers;
  readonly #statusListeners = new Listeners<BackendStatus>();
  #status: BackendStatus = 'connecting';
  #source: EventSourceLike | undefined;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #reopenTimer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;

  constructor(url: string, EventSource: EventSourceConstructor | undefined, on: HubEventHandlers) {
    this.#url = url;
    this.#EventSource = EventSource;
    let helloReceived: () => void = () => {};
    this.hello = EventSource
      ? new Promise<void>((resolve) => {
          helloReceived = resolve;
        })
      : Promise.resolve();
    this.#on = {
      ...on,
      session: (event) => {
        this.hub = event.hub;
        helloReceived();
        on.session(event);
      },
    };
  }

  get status(): BackendStatus {
    return this.#status;
  }

  get isOpen(): boolean {
    return this.#source !== undefined;
  }

  onStatus(listener: (status: BackendStatus) => void): Unsubscribe {
    return this.#statusListeners.add(listener);
  }

  /** Opens the stream unless it is open, and keeps it open if it was about to close. */
  open(): void {
    clearTimeout(this.#closeTimer);
    this.#connect();
  }

  /** Closes the stream after `ms`, unless `open` is called before. */
  closeAfter(ms: number): void {
    this.#closeTimer = setTimeout(() => this.close(), ms);
  }

  close(): void {
    clearTimeout(this.#closeTimer);
    this.#source?.close();
    this.#source = undefined;
    clearTimeout(this.#reopenTimer);
  }

  #connect = (): void => {
    if (this.#source || !this.#EventSource) return;
    const source = new this.#EventSource(this.#url);
    this.#source = source;
    source.addEventListener('open', () => {
      this.#failures = 0;
      this.#setStatus('live');
    });
    source.addEventListener('error', () => {
      if (this.#source !== source) return;
      this.#setStatus(this.#status === 'connecting' ? 'connecting' : 'reconnecting');
      // EventSource retries by itself unless the hub refused the stream outright.
      if (source.readyState === 2) {
        source.close();
        this.#source = undefined;
        this.#failures++;
        clearTimeout(this.#reopenTimer);
        this.#reopenTimer = setTimeout(this.#connect, backoffMs(this.#failures));
      }
    });
    for (const name of hubEventNames) {
      source.addEventListener(name, (event) => this.#receive(name, event.data));
    }
  };

  #receive<N extends HubEventName>(name: N, data: unknown): void {
    let event: HubEvents[N];
    try {
      event = parseHubEvent(name, data);
    } catch (error) {
      console.error('reactive-rsc: ignored an event the hub sent', error);
      return;
    }
    this.#on[name](event);
  }

  #setStatus(next: BackendStatus): void {
    if (next === this.#status) return;
    this.#status = next;
    this.#statusListeners.emit(next);
  }
}
