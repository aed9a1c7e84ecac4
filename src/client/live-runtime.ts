import type { ReactNode } from 'react';
import { processGlobal } from '../core/process-global.ts';
import type { KeyVersion } from '../core/protocol.ts';
import type { ReactiveError } from '../errors.ts';
import type { ReactiveClient } from './reactive-client.ts';

export interface LiveViewHandle {
  id: string;
  token: string;
  deps: KeyVersion[];
}

/**
 * What live views need in the tab: the hub connection and, for pushed renders, the framework's
 * RSC decoder. `onPayload` gets `undefined` when the hub renders by pull.
 */
export interface LiveRuntime {
  /** `onPayload` gets each render's payload (none when pulled) and the versions it read. */
  watch(
    view: LiveViewHandle,
    onPayload: (payload: Uint8Array | undefined, deps: KeyVersion[]) => void,
  ): () => void;
  decode?: (payload: ReadableStream<Uint8Array>) => PromiseLike<ReactNode>;
  /** A view cannot get its new render: it keeps showing its last one. Default `console.error`. */
  reportError?: (error: ReactiveError, view: { id: string }) => void;
}

/**
 * Process-wide, not in a module: a dev server loads the `'use client'` LiveBoundary as the file a
 * server render names, apart from the app's pre-bundled `reactive-rsc/client`, and both must see
 * the runtime the browser entry configured.
 */
const configured = processGlobal('live-runtime-slot', () => ({
  runtime: undefined as LiveRuntime | undefined,
}));

/** Called once in the browser entry; before it, live views stay as the server rendered them. */
export function configureLiveViews(next: LiveRuntime): void {
  configured.runtime = next;
}

/** The runtime `configureLiveViews` set, if any. */
export function liveRuntime(): LiveRuntime | undefined {
  return configured.runtime;
}

export interface LiveRuntimeOptions {
  /**
   * A watched view's re-renders keep failing on the server (a `view-error` event), or, with a
   * hub that renders by pull, its pulls failed three times in a row: the view still shows its
   * last render, and the next render that works is swapped in as usual. Default:
   * `console.error`.
   */
  onViewError?: (error: ReactiveError, view: { id: string }) => void;
}

/**
 * Live views over the tab's one hub connection. A hub that pushes renders needs the framework's
 * RSC decoder (for `@vitejs/plugin-rsc`, `createFromReadableStream` from
 * `@vitejs/plugin-rsc/browser`); with a hub that renders by pull (Next.js) there is none: the
 * views pull their renders through the server action `configureLivePull` gave them.
 */
export function createLiveRuntime(
  client: ReactiveClient,
  decode?: (payload: ReadableStream<Uint8Array>) => PromiseLike<ReactNode>,
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
    reportError: onViewError,
  };
}
