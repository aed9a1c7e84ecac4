'use client';
import { type ReactNode, startTransition, use, useEffect, useState } from 'react';
import { backoffMs } from '../core/backoff.ts';
import type { KeyVersion } from '../core/protocol.ts';
import { InternalError, ReactiveError } from '../errors.ts';
import { pullView } from './live-pull.ts';
import { type LiveRuntime, type LiveViewHandle, liveRuntime } from './live-runtime.ts';

/** A live view rendered for a tab that pulled it: its id, its content, what it read. */
export interface PulledView {
  id: string;
  content: ReactNode;
  deps: KeyVersion[];
}

/**
 * The app's server action that renders live views for the tab (`hub.renderViews`), for
 * frameworks that cannot push a render (Next.js): `live()` hands it to each view's boundary.
 */
export type PullViews = (tokens: string[]) => Promise<PulledView[]>;

const isThenable = (value: unknown): value is PromiseLike<ReactNode> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/** Pulls in a row that may fail before the view's error is reported (it keeps trying). */
const PULL_TRIES = 3;

/**
 * Holds a live view in the page: first what the server rendered, then every re-render, swapped
 * in under a transition (client components inside keep their state). A render comes pushed over
 * the tab's one connection, or, from a hub that renders by pull, as the answer of `pull` (the
 * app's server action) once the hub says the view changed.
 */
export function LiveBoundary(
  props: LiveViewHandle & { pull?: PullViews; children?: ReactNode },
): ReactNode {
  const { id, token, deps, pull, children } = props;
  const [content, setContent] = useState<ReactNode | PromiseLike<ReactNode>>(children);
  // A new server render of the page (a refresh, or an edit under `vite dev`) brings new
  // children: they replace whatever was pushed before.
  const [rendered, setRendered] = useState(children);
  if (rendered !== children) {
    setRendered(children);
    setContent(children);
  }
  // `deps` (the versions rendered with) are read once, when the watch starts.
  useEffect(() => {
    const live = liveRuntime();
    if (!live) return;
    const pulls =
      pull &&
      pulled(live, pull, { id, token }, (next) => {
        startTransition(() => setContent(next));
      });
    const stop = live.watch({ id, token, deps }, (payload) => {
      if (!payload) return pulls ? pulls.stale() : missing(live, id, 'a pull action');
      if (!live.decode) return missing(live, id, 'an RSC decoder');
      const next = live.decode(streamOf(payload));
      startTransition(() => setContent(next));
    });
    return () => {
      stop();
      pulls?.stop();
    };
  }, [id, token]);
  return isThenable(content) ? use(content) : content;
}

/**
 * The pulls of one view: one at a time, the newest change wins (a change during a pull pulls
 * again once it is back), failures tried again with growing pauses.
 */
function pulled(
  live: LiveRuntime,
  pull: PullViews,
  view: { id: string; token: string },
  show: (content: ReactNode) => void,
) {
  let running = false;
  let again = false;
  let stopped = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  async function run(): Promise<void> {
    running = true;
    do {
      again = false;
      try {
        const next = await pullView(pull, view);
        failures = 0;
        // Shown even if the view changed again meanwhile: it is newer than what the tab shows.
        if (!stopped) show(next);
      } catch (error) {
        failures++;
        if (failures === PULL_TRIES) live.reportError(asTyped(error, view.id), view);
        if (!stopped) retry = setTimeout(stale, backoffMs(failures));
        break;
      }
    } while (again && !stopped);
    running = false;
  }
  function stale(): void {
    if (stopped) return;
    clearTimeout(retry);
    if (running) again = true;
    else void run();
  }
  return {
    stale,
    stop() {
      stopped = true;
      clearTimeout(retry);
    },
  };
}

function asTyped(error: unknown, id: string): ReactiveError {
  if (error instanceof ReactiveError) return error;
  return new InternalError(`Pulling the render of live view ${id} failed`, { cause: error });
}

function missing(live: LiveRuntime, id: string, what: string): void {
  live.reportError(
    new InternalError(`Live view ${id} changed, but this tab has no ${what} to render it with`),
    { id },
  );
}

function streamOf(payload: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(payload);
      controller.close();
    },
  });
}
