import {
  createFromFetch,
  createFromReadableStream,
  createTemporaryReferenceSet,
  encodeReply,
  setServerCallback,
} from '@vitejs/plugin-rsc/browser';
import { type ReactNode, startTransition, useEffect, useState } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { configureLiveViews, createLiveRuntime } from 'reactive-rsc/client';
import { rscStream } from 'rsc-html-stream/client';
import { client } from '../client-runtime.ts';
import { ACTION_HEADER } from './action-header.ts';
import type { RscPayload } from './entry.rsc.tsx';

// Live views swap in re-renders pushed over the tab's one connection, decoded by React's RSC client.
configureLiveViews(
  createLiveRuntime(client, (payload) => createFromReadableStream<ReactNode>(payload)),
);

// Server actions called once hydrated: a POST naming the action, answered with its return value
// alone. No reload and no page render: the live views the action's writes touch re-render
// through the stream, in this tab and every other.
setServerCallback(async (id, args) => {
  const temporaryReferences = createTemporaryReferenceSet();
  const response = fetch(window.location.pathname, {
    method: 'POST',
    headers: { [ACTION_HEADER]: id, accept: 'text/x-component' },
    body: await encodeReply(args, { temporaryReferences }),
  });
  const { returnValue } = await createFromFetch<RscPayload>(response, { temporaryReferences });
  if (!returnValue) throw new Error(`The server did not answer action ${id}`);
  if (!returnValue.ok) throw returnValue.data;
  return returnValue.data;
});

const initial = await createFromReadableStream<RscPayload>(rscStream);

/** The page as the server rendered it; under `vite dev`, rendered again after a server edit. */
function Page() {
  const [root, setRoot] = useState(initial.root);
  useEffect(() => {
    if (!import.meta.hot) return;
    const refresh = async () => {
      const next = await createFromFetch<RscPayload>(
        fetch(window.location.href, { headers: { accept: 'text/x-component' } }),
      );
      startTransition(() => setRoot(next.root));
    };
    const onUpdate = () => {
      refresh().catch((error) => console.error('reactive-rsc example: refresh failed', error));
    };
    import.meta.hot.on('rsc:update', onUpdate);
    return () => import.meta.hot?.off('rsc:update', onUpdate);
  }, []);
  return root;
}

// `formState`: a form posted before hydration left the state its `useActionState` starts from.
hydrateRoot(document, <Page />, { formState: initial.formState });
