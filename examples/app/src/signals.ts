// The app's signals: two namespaces of one Rivet registry (the embedded engine by default, or
// the engine at RIVET_ENDPOINT), and what browsers may write. Nothing here is framework code:
// the Waku and Next.js examples use this file as it is.

import { createReactiveBackend, reactiveRegistry } from 'reactive-rsc/rivet';
import { writableEach } from 'reactive-rsc/server';
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
export const writes = [
  writableEach(users, {
    initial: defaultTheme,
    schema: Theme,
    ops: ['set'],
    name: (name, request) => name === userOf(request),
  }),
];
