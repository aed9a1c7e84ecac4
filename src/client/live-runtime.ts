import type { ReactNode } from 'react';
import type { KeyVersion } from '../core/protocol.ts';
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

/**
 * Live views over the tab's one hub connection, decoded by the framework's RSC client (for
 * `@vitejs/plugin-rsc`, `createFromReadableStream` from `@vitejs/plugin-rsc/browser`).
 */
export function createLiveRuntime(
  client: ReactiveClient,
  decode: (payload: ReadableStream<Uint8Array>) => PromiseLike<ReactNode>,
): LiveRuntime {
  return { watch: (view, onPayload) => client.backend.watchView(view, onPayload), decode };
}
