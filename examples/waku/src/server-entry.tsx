// A custom server entry (replaces Waku's managed one): the fs router, the hub's middleware, and
// the runner's lifecycle hooks for a custom Node server (server.js) to call.

import { reactiveRegistry, stopEmbeddedEngine } from 'reactive-rsc/rivet';
import { fsRouter } from 'waku';
import adapter from 'waku/adapters/default';
import reactiveMiddleware from './middleware/reactive.ts';
import userMiddleware from './middleware/user.ts';
import { app, users } from './shared.ts';

const router = fsRouter(import.meta.glob('./**/*.{tsx,ts}', { base: './pages' }));

export default {
  ...adapter(router, { middlewareFns: [reactiveMiddleware, userMiddleware] }),
  /** Starts this process as a runner; server.js awaits it before it listens. */
  ready: async () => {
    await Promise.all([app.backend.ready(), users.backend.ready()]);
  },
  /** Hands this runner's actors back to the engine; stops the embedded one, as examples/app does. */
  shutdown: async () => {
    await reactiveRegistry.shutdown();
    if (!process.env.RIVET_ENDPOINT && !process.env.KEEP_ENGINE) await stopEmbeddedEngine();
  },
};
