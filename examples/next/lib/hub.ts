// The hub every tab connects to (at /_reactive), one per process. Next loads a module once per
// bundle (instrumentation, the route handler, the page and its actions: three copies under
// Turbopack), so the hub lives on globalThis and the first copy to load makes it.
import { createRivetRelay, reactiveRegistry } from 'reactive-rsc/rivet';
import { createReactiveHandler, type ReactiveHandler } from 'reactive-rsc/server';
import { app, writes } from './shared.ts';

const key = Symbol.for('reactive-rsc.example-next.hub');
const holder = globalThis as { [key]?: ReactiveHandler };

// Pull: Next renders RSC only inside its own requests, so a change tells the tabs a view is
// stale and each asks for the render through the server action in app/live-actions.ts.
holder[key] ??= createReactiveHandler({
  name: 'example-next',
  backend: app.backend,
  writes,
  relay: createRivetRelay({ registry: reactiveRegistry }),
  views: { pull: true },
});

export const hub: ReactiveHandler = holder[key];
