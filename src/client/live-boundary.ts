'use client';
import { type ReactNode, startTransition, use, useEffect, useState } from 'react';
import { backoffMs } from '../core/backoff.ts';
import type { KeyVersion, ViewPull } from '../core/protocol.ts';
import { InternalError, ReactiveError, type WireError } from '../errors.ts';
import { pullView } from './live-pull.ts';
import { type LiveRuntime, type LiveViewHandle, liveRuntime } from './live-runtime.ts';

/**
 * A live view rendered for a tab that pulled it: its content and what it read, or the coded
 * error that refused it (an answer, not a throw: frameworks hide a server action's errors).
 */
export type PulledView = { content: ReactNode; deps: KeyVersion[] } | { error: WireError };

/**
 * The app's server action that renders live views for the tab (`hub.renderViews`), for
 * frameworks that cannot push a render (Next.js): `live()` hands it to each view's boundary.
 * Answers in the order asked.
 */
export type PullViews = (views: ViewPull[]) => Promise<PulledView[]>;

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
    const stop = live.watch({ id, token, deps }, (payload, changed) => {
      if (!payload) return pulls ? pulls.stale(changed) : missing(live, id, 'a pull action');
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
  /** The versions the newest notice named: the render pulled must be at least that new. */
  let wanted: KeyVersion[] = [];
  async function run(): Promise<void> {
    running = true;
    do {
      again = false;
      try {
        const next = await pullView(pull, { token: view.token, deps: wanted });
        failures = 0;
        // Shown even if the view changed again meanwhile: it is newer than what the tab shows.
        if (!stopped) show(next);
      } catch (error) {
        failures++;
        if (failures === PULL_TRIES) report(live, asTyped(error, view.id), view.id);
        if (!stopped) retry = setTimeout(() => stale(wanted), backoffMs(failures));
        break;
      }
    } while (again && !stopped);
    running = false;
  }
  function stale(deps: KeyVersion[]): void {
    if (stopped) return;
    wanted = deps;
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
  const error = new InternalError(
    `Live view ${id} changed, but this tab has no ${what} to render it`,
  );
  report(live, error, id);
}

function report(live: LiveRuntime, error: ReactiveError, id: string): void {
  if (live.reportError) live.reportError(error, { id });
  else console.error(`reactive-rsc: live view ${id} is not re-rendering`, error);
}

function streamOf(payload: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(payload);
      controller.close();
    },
  });
}
