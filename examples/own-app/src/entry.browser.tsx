import { createFromReadableStream } from '@vitejs/plugin-rsc/browser';
import type { ReactNode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { configureLiveViews, createLiveRuntime } from 'reactive-rsc/client';
import { rscStream } from 'rsc-html-stream/client';
import { client } from './client-runtime.ts';

// Live views swap in the re-renders the hub pushes over the tab's one connection.
configureLiveViews(createLiveRuntime(client, (payload) => createFromReadableStream(payload)));
hydrateRoot(document, await createFromReadableStream<ReactNode>(rscStream));
