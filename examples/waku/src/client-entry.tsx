// Replaces Waku's managed client entry: runs once per tab, before hydration.
import { createFromReadableStream } from '@vitejs/plugin-rsc/browser';
import { type ReactNode, StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { configureLiveViews, createLiveRuntime } from 'reactive-rsc/client';
import { Router } from 'waku/router/client';
import { client } from '../../app/src/client-runtime.ts';

// Live views decode pushed renders with the same RSC client Waku uses.
configureLiveViews(
  createLiveRuntime(client, (payload) => createFromReadableStream<ReactNode>(payload)),
);

const rootElement = (
  <StrictMode>
    <Router />
  </StrictMode>
);

if ((globalThis as { __WAKU_HYDRATE__?: boolean }).__WAKU_HYDRATE__) {
  hydrateRoot(document, rootElement);
} else {
  createRoot(document).render(rootElement);
}
