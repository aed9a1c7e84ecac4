import { createFromReadableStream } from '@vitejs/plugin-rsc/browser';
import type { ReactNode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { configureLiveViews, createLiveRuntime } from 'reactive-rsc/client';
import { rscStream } from 'rsc-html-stream/client';
import { client } from '../client-runtime.ts';

// Live views swap in re-renders pushed over the tab's one connection, decoded by React's RSC client.
configureLiveViews(
  createLiveRuntime(client, (payload) => createFromReadableStream<ReactNode>(payload)),
);

const root = await createFromReadableStream<ReactNode>(rscStream);
hydrateRoot(document, root);
