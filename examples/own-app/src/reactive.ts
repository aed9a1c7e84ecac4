// Server only: the app's persisted signals, and the hub every tab connects to.
import { renderToReadableStream } from '@vitejs/plugin-rsc/rsc/server';
import { createReactiveBackend, reactiveRegistry } from 'reactive-rsc/rivet';
import { createReactiveHandler, writable } from 'reactive-rsc/server';

export const { signal, backend } = createReactiveBackend({ registry: reactiveRegistry });
export const counter = signal('counter', 0); // an actor keyed ['default', 'counter']

export const hub = createReactiveHandler({
  name: 'app', // under vite dev, a server edit's new hub replaces the old one
  backend,
  writes: [writable(counter, { ops: ['add'], by: [1] })], // browsers: +1 on counter, nothing else
  views: { render: (node) => renderToReadableStream(node) },
});
