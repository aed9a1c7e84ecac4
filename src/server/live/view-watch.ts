import type { ReactNode } from 'react';
import type { Backend, Stored, Unsubscribe } from '../../core/backend.ts';
import { backoffMs } from '../../core/backoff.ts';
import { keyId } from '../../core/key.ts';
import type { KeyVersion, ViewErrorEvent, ViewEvent } from '../../core/protocol.ts';
import { InternalError, wireOf } from '../../errors.ts';
import { producers } from './producers.ts';
import { renderView } from './render.ts';
import type { ProducerUse } from './scope.ts';

/** The framework's RSC renderer, e.g. `renderToReadableStream` from `@vitejs/plugin-rsc/rsc/server`. */
export type RscRenderer = (node: ReactNode) => ReadableStream<Uint8Array>;

/** Failed re-renders in a row after which the tabs are told (`view-error`). */
export const LASTING_FAILURES = 3;

/** Whether two renders' dependencies are the same signals at the same versions. */
export function sameVersions(a: readonly KeyVersion[], b: readonly KeyVersion[]): boolean {
  const seen = new Map(a.map((d) => [keyId(d.key), d.version]));
  return a.length === b.length && b.every((d) => seen.get(keyId(d.key)) === d.version);
}

/**
 * One live view watched in this process (its tabs share it, see shared-views.ts): subscribed to
 * every signal the view read and to its producers; re-renders when one of them moves past the
 * version rendered, one render at a time, coalescing changes that arrive during a render into
 * the next.
 */
export class ViewWatch {
  readonly id: string;
  readonly #body: () => ReactNode | Promise<ReactNode>;
  readonly #name: string;
  readonly #backend: Backend;
  /** Absent for a hub that renders by pull: the event says "stale", the render is kept. */
  readonly #render: RscRenderer | undefined;
  readonly #push: (payload: ViewEvent) => void;
  readonly #fail: (event: ViewErrorEvent) => void;
  readonly #subscriptions = new Map<
    string,
    { version: number; stop: Unsubscribe; latest: Stored | undefined }
  >();
  readonly #producers = new Map<string, () => void>();
  #renders = 0;
  /** The versions the tab shows: what it was rendered with, then each pushed render's. */
  #shown: readonly KeyVersion[] = [];
  /** The newest render of the body, for tabs that pull it (`renderViews`). */
  #latest: { content: ReactNode; deps: KeyVersion[] } | undefined;
  #rendering = false;
  #again = false;
  #closed = false;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(options: {
    id: string;
    name: string;
    body: () => ReactNode | Promise<ReactNode>;
    backend: Backend;
    render: RscRenderer | undefined;
    push: (payload: ViewEvent) => void;
    /** Told once per run of failures, at the `LASTING_FAILURES`th. */
    fail: (event: ViewErrorEvent) => void;
  }) {
    this.id = options.id;
    this.#name = options.name;
    this.#body = options.body;
    this.#backend = options.backend;
    this.#render = options.render;
    this.#push = options.push;
    this.#fail = options.fail;
  }

  /** The versions the tab shows, by key. */
  get shown(): readonly KeyVersion[] {
    return this.#shown;
  }

  /** The newest render of the body and what it read, once there is one. */
  get latest(): { content: ReactNode; deps: KeyVersion[] } | undefined {
    return this.#latest;
  }

  /**
   * Starts watching from the versions the tab rendered with: renders now, and pushes that render
   * if anything moved since the page was rendered (a write between render and watch is not lost).
   */
  async start(clientDeps: readonly KeyVersion[]): Promise<void> {
    this.#shown = clientDeps;
    await this.#rerender((deps, usesProducers) => usesProducers || !sameVersions(deps, clientDeps));
  }

  /** Renders now and pushes the render, whatever moved (a tab joined showing another version). */
  refresh(): Promise<void> {
    if (this.#rendering) {
      this.#again = true;
      return Promise.resolve();
    }
    return this.#rerender(() => true);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#release();
  }

  #release(): void {
    for (const { stop } of this.#subscriptions.values()) stop();
    this.#subscriptions.clear();
    for (const release of this.#producers.values()) release();
    this.#producers.clear();
  }

  #changed = (): void => {
    if (this.#closed) return;
    if (this.#rendering) {
      this.#again = true;
      return;
    }
    void this.#rerender(() => true).then(
      () => {
        this.#failures = 0;
      },
      (error) => {
        // A tab must not stay stale: try again, with growing pauses, until it works or the
        // view is gone. Logged once per run of failures.
        const failures = ++this.#failures;
        if (failures === 1) {
          console.error(`reactive-rsc: re-rendering live view ${this.#name} failed`, error);
        }
        if (failures === LASTING_FAILURES) {
          // Our typed errors say what is wrong; anything else is a bug whose text stays here.
          const wire =
            wireOf(error) ?? new InternalError(`Re-rendering ${this.#name} failed`).toWire();
          this.#fail({ view: this.id, failures, error: wire });
        }
        clearTimeout(this.#retry);
        this.#retry = setTimeout(this.#changed, backoffMs(this.#failures));
        this.#retry.unref?.();
      },
    );
  };

  async #rerender(
    shouldPush: (deps: KeyVersion[], usesProducers: boolean) => boolean,
  ): Promise<void> {
    this.#rendering = true;
    try {
      do {
        this.#again = false;
        // What the subscriptions delivered is rendered as is: no read back from the store.
        const delivered = new Map<string, Stored>();
        for (const [id, { latest }] of this.#subscriptions) if (latest) delivered.set(id, latest);
        const {
          content,
          deps,
          producers: used,
        } = await renderView(this.#name, this.#body, delivered);
        if (this.#closed) return;
        this.#follow(deps, used);
        this.#latest = { content, deps };
        if (shouldPush(deps, used.length > 0)) {
          const payload = this.#render && (await readAll(this.#render(content)));
          if (this.#closed) return;
          this.#shown = deps;
          const render = ++this.#renders;
          this.#push(
            payload === undefined
              ? { view: this.id, render, deps }
              : { view: this.id, render, deps, payload },
          );
        }
        shouldPush = () => true;
      } while (this.#again);
    } finally {
      this.#rendering = false;
    }
  }

  /** Subscribes to what this render read and releases what it no longer reads. */
  #follow(deps: KeyVersion[], used: ProducerUse[]): void {
    const wanted = new Set<string>();
    for (const dep of deps) {
      const id = keyId(dep.key);
      wanted.add(id);
      const existing = this.#subscriptions.get(id);
      if (existing) {
        existing.version = Math.max(existing.version, dep.version);
        continue;
      }
      const subscription = {
        version: dep.version,
        stop: (() => {}) as Unsubscribe,
        latest: undefined as Stored | undefined,
      };
      this.#subscriptions.set(id, subscription);
      subscription.stop = this.#backend.subscribe(dep.key, (stored: Stored) => {
        subscription.latest = stored;
        if (stored.version > subscription.version) {
          subscription.version = stored.version;
          this.#changed();
        }
      });
    }
    for (const [id, { stop }] of this.#subscriptions) {
      if (!wanted.has(id)) {
        stop();
        this.#subscriptions.delete(id);
      }
    }
    const wantedProducers = new Set(used.map((p) => p.id));
    for (const use of used) {
      if (!this.#producers.has(use.id))
        this.#producers.set(use.id, producers.acquire(use, this.#changed));
    }
    for (const [id, release] of this.#producers) {
      if (!wantedProducers.has(id)) {
        release();
        this.#producers.delete(id);
      }
    }
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('base64');
}
