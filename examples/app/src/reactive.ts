// The app's signals: two namespaces of one Rivet registry (the embedded engine by default, or
// the engine at RIVET_ENDPOINT), and the hub every tab connects to.

import { renderToReadableStream } from '@vitejs/plugin-rsc/rsc/server';
import { createReactiveBackend, createRivetRelay, reactiveRegistry } from 'reactive-rsc/rivet';
import { type AuthorizeRequest, createReactiveHandler } from 'reactive-rsc/server';

export const app = createReactiveBackend({ registry: reactiveRegistry, namespace: 'app' });
export const users = createReactiveBackend({ registry: reactiveRegistry, namespace: 'user' });

export const counter = app.signal('counter', 0);
export const visits = app.signal('visits', 0);
/** A computed over persisted signals: a live view that uses it depends on both. */
export const clicksPerVisit = app.computed(() => (visits.value ? counter.value / visits.value : 0));
export interface Entry {
  name: string;
  text: string;
  at: Date;
}
export const guestbook = app.signal<Entry[]>('guestbook', []);
export type Theme = 'light' | 'dark';
export const themeOf = (user: string) => users.signal<{ theme: Theme }>(user, { theme: 'light' });

/** Who is asking: the `user` cookie the rsc entry hands out. */
export function userOf(request: Request): string | undefined {
  return /(?:^|;\s*)user=([A-Za-z0-9_-]{8,64})/.exec(request.headers.get('cookie') ?? '')?.[1];
}

/**
 * Anyone may read. A browser writes only its own theme (a client signal, `user/<its id>`); the
 * counter and the guestbook are written by server actions (actions.ts), on the server, after
 * they checked what was sent, so no browser needs a write on `app/*`.
 */
function authorize({ request, key: [namespace, name], op }: AuthorizeRequest): boolean {
  if (op === 'read') return true;
  return namespace === 'user' && name === userOf(request);
}

// Named: under `vite dev` a server edit evaluates this module again, and the new hub (with the
// new code) takes over from the old one; its tabs reconnect and watch their views again.
export const hub = createReactiveHandler({
  name: 'example-app',
  backend: app.backend,
  authorize,
  relay: createRivetRelay({ registry: reactiveRegistry }),
  views: { render: (node) => renderToReadableStream(node) },
});
