import type { ReactNode } from 'react';
import type { KeyVersion } from '../core/protocol.ts';
import type { ReactiveError } from '../errors.ts';
import type { ReactiveClient } from './reactive-client.ts';

export interface LiveViewHandle {
  id: string;
  token: string;
  deps: KeyVersion[];
}

/** What live views need in the tab: the hub connection and the framework's RSC decoder. */
export interface LiveRuntime {
  watch(view: LiveViewHandle, onPayload: (payload: Uint8Array) => void): () => void;
  decode(payload: ReadableStream<Uint8Array>): PromiseLike<ReactNode>;
}

const key = Symbol.for('reactive-rsc.live-runtime');
/**
 * On `globalThis`, not in a module: a dev server loads the `'use client'` LiveBoundary as the
 * file a server render names, apart from the app's pre-bundled `reactive-rsc/client`, and both
 * must see the runtime the browser entry configured.
 */
const holder = globalThis as { [key]?: LiveRuntime };

/** Called once in the browser entry; before it, live views stay as the server rendered them. */
export function configureLiveViews(next: LiveRuntime): void {
  holder[key] = next;
}

/** The runtime `configureLiveViews` set, if any. */
export function liveRuntime(): LiveRuntime | undefined {
  return holder[key];
}

export interface LiveRuntimeOptions {
  /**
   * A watched view's re-renders keep failing on the server (a `view-error` event): the view
   * still shows its last render and the server keeps trying; the next render that works is
   * swapped in as usual. Default: `console.error`.
   */
  onViewError?: (error: ReactiveError, view: { id: string }) => void;
}

/**
 * Live views over the tab's one hub connection, decoded by the framework's RSC client (for
 * `@vitejs/plugin-rsc`, `createFromReadableStream` from `@vitejs/plugin-rsc/browser`).
 */
export function createLiveRuntime(
  client: ReactiveClient,
  decode: (payload: ReadableStream<Uint8Array>) => PromiseLike<ReactNode>,
  options: LiveRuntimeOptions = {},
): LiveRuntime {
  const onViewError =
    options.onViewError ??
    ((error, view) =>
      console.error(`reactive-rsc: live view ${view.id} is not re-rendering`, error));
  return {
    watch: (view, onPayload) =>
      client.backend.watchView(view, onPayload, (error) => onViewError(error, { id: view.id })),
    decode,
  };
}
