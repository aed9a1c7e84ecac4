// The app's signals: two namespaces of one Rivet registry (the embedded engine by default, or
// the engine at RIVET_ENDPOINT), and the hub every tab connects to.

import { renderToReadableStream } from '@vitejs/plugin-rsc/rsc/server';
import { createReactiveBackend, createRivetRelay, reactiveRegistry } from 'reactive-rsc/rivet';
import { createReactiveHandler, writableEach } from 'reactive-rsc/server';
import { z } from 'zod';

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
const Theme = z.object({ theme: z.enum(['light', 'dark']) });
export type Theme = z.infer<typeof Theme>['theme'];
const defaultTheme: z.infer<typeof Theme> = { theme: 'light' };
export const themeOf = (user: string) => users.signal(user, defaultTheme, { schema: Theme });

/** Who is asking: the `user` cookie the rsc entry hands out. */
export function userOf(request: Request): string | undefined {
  return /(?:^|;\s*)user=([A-Za-z0-9_-]{8,64})/.exec(request.headers.get('cookie') ?? '')?.[1];
}

/**
 * Anyone may read. A browser writes only its own theme (a client signal, `user/<its id>`, a
 * value the schema knows); the counter and the guestbook are written by server actions
 * (actions.ts), on the server, after they checked what was sent, so no browser needs a write on
 * `app/*`.
 */
const writes = [
  writableEach(users, {
    initial: defaultTheme,
    schema: Theme,
    ops: ['set'],
    name: (name, request) => name === userOf(request),
  }),
];

// Named: under `vite dev` a server edit evaluates this module again, and the new hub (with the
// new code) takes over from the old one; its tabs reconnect and watch their views again.
export const hub = createReactiveHandler({
  name: 'example-app',
  backend: app.backend,
  writes,
  relay: createRivetRelay({ registry: reactiveRegistry }),
  views: { render: (node) => renderToReadableStream(node) },
});
