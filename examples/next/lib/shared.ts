// The main example's signals, live views and client components, used as they are: only the
// framework glue (layout, page, route, proxy, instrumentation, the pull action) is Next's own.
export { ConnectionStatus } from '../../app/src/client.tsx';
export { app, userOf, users, visits, writes } from '../../app/src/signals.ts';
export { Counter, Guestbook, ServerCounter, ThemeCard, Visits } from '../../app/src/views.tsx';
