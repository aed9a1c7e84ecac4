import type { ReactNode } from 'react';
import type { LiveRuntime } from './live-boundary.ts';
import type { ReactiveClient } from './reactive-client.ts';

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
