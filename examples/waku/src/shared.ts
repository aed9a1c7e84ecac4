// The main example's signals, hub, live views, actions and client components, used as they are:
// only the framework glue (pages, middleware, entries, server) is Waku's own.
export { ConnectionStatus } from '../../app/src/client.tsx';
export { app, hub, userOf, users, visits } from '../../app/src/reactive.ts';
export { Counter, Guestbook, ServerCounter, ThemeCard, Visits } from '../../app/src/views.tsx';
