import type { ReactNode } from 'react';
import type { Backend } from '../../core/backend.ts';
import type { KeyVersion, ViewErrorEvent, ViewEvent } from '../../core/protocol.ts';
import { type RscRenderer, sameVersions, ViewWatch } from './view-watch.ts';

/** What a session needs from its watch of one view (see `Session.watchView`). */
export interface ViewViewer {
  readonly id: string;
  readonly shown: readonly KeyVersion[];
  start(deps: KeyVersion[]): Promise<void>;
  hold(deps: KeyVersion[]): void;
  resume(): Promise<void>;
  pause(): void;
  close(): void;
}

/** A view as a tab watches it: its id (name and props), its name, and how to render it. */
export interface ViewSpec {
  id: string;
  name: string;
  body: () => ReactNode | Promise<ReactNode>;
}

/** Where a viewer's events go: its tab's session. */
export interface ViewSink {
  pushView(payload: ViewEvent): void;
  pushViewError(event: ViewErrorEvent): void;
}

/** One view (name and props) watched in this process: one subscription set, one render. */
interface SharedView {
  readonly watch: ViewWatch;
  readonly viewers: Set<Viewer>;
  /** The newest render pushed, for a tab that joins showing something older. */
  latest: ViewEvent | undefined;
}

/**
 * The live views of one hub, shared by every tab in this process that watches the same view
 * (same name and props, so the same id): a change renders the view once, and the one payload
 * goes to every watching tab's stream. The last tab to leave releases the view's signal
 * subscriptions and producers.
 */
export class SharedViews {
  readonly #views = new Map<string, SharedView>();
  readonly #backend: Backend;
  readonly #render: RscRenderer | undefined;

  constructor(backend: Backend, render: RscRenderer | undefined) {
    this.#backend = backend;
    this.#render = render;
  }

  /** A session's watch of view `id`, pushing to `sink` (the session's stream). */
  viewer(view: ViewSpec, sink: ViewSink): ViewViewer {
    return new Viewer(this, view, sink);
  }

  /** The newest render of view `id` if a tab in this process watches it, for a pull. */
  latest(id: string): { content: ReactNode; deps: KeyVersion[] } | undefined {
    return this.#views.get(id)?.watch.latest;
  }

  /** Views being watched in this process, for tests. */
  get size(): number {
    return this.#views.size;
  }

  /** Joins `viewer` to its view, starting the view if it is the first. */
  async join(viewer: Viewer, view: ViewSpec): Promise<void> {
    const shared = this.#views.get(view.id);
    if (!shared) {
      const created: SharedView = {
        viewers: new Set([viewer]),
        latest: undefined,
        watch: new ViewWatch({
          ...view,
          backend: this.#backend,
          render: this.#render,
          push: (payload) => {
            created.latest = payload;
            for (const each of created.viewers) each.deliver(payload);
          },
          fail: (event) => {
            for (const each of created.viewers) each.sink.pushViewError(event);
          },
        }),
      };
      this.#views.set(view.id, created);
      // Renders now, and pushes only if something moved since this tab's page was rendered.
      return created.watch.start(viewer.shown);
    }
    shared.viewers.add(viewer);
    if (sameVersions(shared.watch.shown, viewer.shown)) return;
    // The tab shows another version than the view does: the newest render, or a fresh one.
    if (shared.latest && sameVersions(shared.latest.deps, shared.watch.shown)) {
      viewer.deliver(shared.latest);
    } else {
      await shared.watch.refresh();
    }
  }

  /** Takes `viewer` off its view; the last one leaving stops the view. */
  leave(viewer: Viewer, id: string): void {
    const shared = this.#views.get(id);
    if (!shared?.viewers.delete(viewer) || shared.viewers.size > 0) return;
    shared.watch.close();
    this.#views.delete(id);
  }
}

class Viewer implements ViewViewer {
  readonly id: string;
  shown: readonly KeyVersion[] = [];
  readonly #views: SharedViews;
  readonly #view: ViewSpec;
  readonly sink: ViewSink;

  constructor(views: SharedViews, view: ViewSpec, sink: ViewSink) {
    this.id = view.id;
    this.#views = views;
    this.#view = view;
    this.sink = sink;
  }

  start(deps: KeyVersion[]): Promise<void> {
    this.shown = deps;
    return this.#views.join(this, this.#view);
  }

  /** Registers what the tab shows without joining: `resume` joins from there. */
  hold(deps: KeyVersion[]): void {
    this.shown = deps;
  }

  resume(): Promise<void> {
    return this.start([...this.shown]);
  }

  /** The tab's stream is gone (for now): it stops being pushed to. */
  pause(): void {
    this.#views.leave(this, this.id);
  }

  close(): void {
    this.#views.leave(this, this.id);
  }

  deliver(payload: ViewEvent): void {
    this.shown = payload.deps;
    this.sink.pushView(payload);
  }
}
