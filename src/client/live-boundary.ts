'use client';
import { type ReactNode, startTransition, use, useEffect, useState } from 'react';
import type { SignalKey } from '../core/key.ts';

export interface LiveViewHandle {
  id: string;
  token: string;
  deps: { key: SignalKey; version: number }[];
}

/** What live views need in the tab: the hub connection and the framework's RSC decoder. */
export interface LiveRuntime {
  watch(view: LiveViewHandle, onPayload: (payload: Uint8Array) => void): () => void;
  decode(payload: ReadableStream<Uint8Array>): PromiseLike<ReactNode>;
}

let runtime: LiveRuntime | undefined;

/** Called once in the browser entry; before it, live views stay as the server rendered them. */
export function configureLiveViews(next: LiveRuntime): void {
  runtime = next;
}

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
  // `deps` (the versions rendered with) are read once, when the watch starts.
  useEffect(() => {
    if (!runtime) return;
    const live = runtime;
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
