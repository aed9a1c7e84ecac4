import { createFromFetch, createFromReadableStream } from '@vitejs/plugin-rsc/browser';
import { type ReactNode, startTransition, useEffect, useState } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { configureLiveViews, createLiveRuntime } from 'reactive-rsc/client';
import { rscStream } from 'rsc-html-stream/client';
import { client } from '../client-runtime.ts';

// Live views swap in re-renders pushed over the tab's one connection, decoded by React's RSC client.
configureLiveViews(
  createLiveRuntime(client, (payload) => createFromReadableStream<ReactNode>(payload)),
);

const initial = await createFromReadableStream<ReactNode>(rscStream);

/** The page as the server rendered it; under `vite dev`, rendered again after a server edit. */
function Page() {
  const [root, setRoot] = useState(initial);
  useEffect(() => {
    if (!import.meta.hot) return;
    const refresh = async () => {
      const next = await createFromFetch<ReactNode>(
        fetch(window.location.href, { headers: { accept: 'text/x-component' } }),
      );
      startTransition(() => setRoot(next));
    };
    const onUpdate = () => {
      refresh().catch((error) => console.error('reactive-rsc example: refresh failed', error));
    };
    import.meta.hot.on('rsc:update', onUpdate);
    return () => import.meta.hot?.off('rsc:update', onUpdate);
  }, []);
  return root;
}

hydrateRoot(document, <Page />);
