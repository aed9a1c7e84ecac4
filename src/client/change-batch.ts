import type { SignalKey } from '../core/key.ts';
import type { SubscribedKey } from '../core/protocol.ts';
import type { HubPost } from './hub-post.ts';
import type { HubStream } from './hub-stream.ts';
import type { LiveViewHandle } from './live-runtime.ts';

/** What the tab wants now: a change is sent only if it still holds when the batch goes out. */
export interface Wanted {
  /** The subscribed key `id`, with the version the tab has and its store; else `undefined`. */
  key(id: string): SubscribedKey | undefined;
  /** The watched live view `id`; else `undefined`. */
  view(id: string): LiveViewHandle | undefined;
}

/**
 * A tab's subscription changes, sent together: the subscribes and unsubscribes made in one tick
 * go out as one request each, once the stream has said which hub holds it.
 */
export class ChangeBatch {
  readonly #session: string;
  readonly #post: HubPost;
  readonly #stream: HubStream;
  readonly #wanted: Wanted;
  readonly #toSubscribe = new Set<string>();
  readonly #toUnsubscribe = new Map<string, SignalKey>();
  readonly #toWatch = new Set<string>();
  readonly #toUnwatch = new Set<string>();
  #scheduled = false;

  constructor(session: string, post: HubPost, stream: HubStream, wanted: Wanted) {
    this.#session = session;
    this.#post = post;
    this.#stream = stream;
    this.#wanted = wanted;
  }

  subscribe(id: string): void {
    this.#toSubscribe.add(id);
    this.#toUnsubscribe.delete(id);
    this.#schedule();
  }

  unsubscribe(id: string, key: SignalKey): void {
    this.#toUnsubscribe.set(id, key);
    this.#schedule();
  }

  watch(id: string): void {
    this.#toWatch.add(id);
    this.#toUnwatch.delete(id);
    this.#schedule();
  }

  unwatch(id: string): void {
    this.#toUnwatch.add(id);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    await this.#stream.hello;
    const wanted = this.#wanted;
    const keys = [...this.#toSubscribe].flatMap((id) => wanted.key(id) ?? []);
    const gone = [...this.#toUnsubscribe].filter(([id]) => wanted.key(id) === undefined);
    const views = [...this.#toWatch].flatMap((id) => wanted.view(id) ?? []);
    const unwatched = [...this.#toUnwatch].filter((id) => wanted.view(id) === undefined);
    this.#toSubscribe.clear();
    this.#toUnsubscribe.clear();
    this.#toWatch.clear();
    this.#toUnwatch.clear();
    const session = this.#session;
    const post = this.#post;
    try {
      for (const { token, deps } of views) {
        await post({ type: 'watch', session, hub: this.#stream.hub, view: token, deps });
      }
      for (const view of unwatched) {
        await post({ type: 'unwatch', session, hub: this.#stream.hub, view });
      }
      if (keys.length > 0) await post({ type: 'subscribe', session, hub: this.#stream.hub, keys });
      if (gone.length > 0) {
        const keys = gone.map(([, key]) => key);
        await post({ type: 'unsubscribe', session, hub: this.#stream.hub, keys });
      }
    } catch (error) {
      console.warn('reactive-rsc: the hub refused a subscription change', error);
    }
  }
}
