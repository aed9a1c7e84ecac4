'use client';
import { type ReactNode, startTransition, use, useEffect, useState } from 'react';
import { type LiveViewHandle, liveRuntime } from './live-runtime.ts';

const isThenable = (value: unknown): value is PromiseLike<ReactNode> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/**
 * Holds a live view in the page: first what the server rendered, then every re-render the hub
 * pushes over the tab's one connection, swapped in under a transition (client components inside
 * keep their state).
 */
export function LiveBoundary(props: LiveViewHandle & { children?: ReactNode }): ReactNode {
  const { id, token, deps, children } = props;
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
    return live.watch({ id, token, deps }, (payload) => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(payload);
          controller.close();
        },
      });
      const next = live.decode(stream);
      startTransition(() => setContent(next));
    });
  }, [id, token]);
  return isThenable(content) ? use(content) : content;
}
