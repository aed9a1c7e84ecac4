// The hub every tab connects to, pushing live views rendered with @vitejs/plugin-rsc; the
// signals themselves are in signals.ts.

import { renderToReadableStream } from '@vitejs/plugin-rsc/rsc/server';
import { createRivetRelay, reactiveRegistry } from 'reactive-rsc/rivet';
import { createReactiveHandler } from 'reactive-rsc/server';
import { app, writes } from './signals.ts';

export * from './signals.ts';

// Named: under `vite dev` a server edit evaluates this module again, and the new hub (with the
// new code) takes over from the old one; its tabs reconnect and watch their views again.
export const hub = createReactiveHandler({
  name: 'example-app',
  backend: app.backend,
  writes,
  relay: createRivetRelay({ registry: reactiveRegistry }),
  views: { render: (node) => renderToReadableStream(node) },
});
