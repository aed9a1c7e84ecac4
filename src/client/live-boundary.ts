'use client';
import { type ReactNode, startTransition, use, useEffect, useState } from 'react';
import type { KeyVersion, ViewPull } from '../core/protocol.ts';
import { InternalError, type ReactiveError, type WireError } from '../errors.ts';
import { type LiveRuntime, type LiveViewHandle, liveRuntime } from './live-runtime.ts';
import { viewPulls } from './view-pulls.ts';

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
      viewPulls(
        pull,
        { id, token },
        (next) => startTransition(() => setContent(next)),
        (error) => report(live, error, id),
      );
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
