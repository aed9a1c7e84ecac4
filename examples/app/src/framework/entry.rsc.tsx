import { renderToReadableStream } from '@vitejs/plugin-rsc/rsc/server';
import { reactiveRegistry } from 'reactive-rsc/rivet';
import { liveStats } from 'reactive-rsc/server';
import { app, hub, userOf, users, visits } from '../reactive.ts';
import { Root } from '../root.tsx';

/** Starts this process as a runner; the server awaits it before it listens, so it fails fast. */
export async function ready(): Promise<void> {
  await Promise.all([app.backend.ready(), users.backend.ready()]);
}

/**
 * Hands this runner's actors back to the engine, which starts them again on the next runner at
 * once; a runner that just vanishes keeps its actors unreachable until the engine notices.
 */
export async function shutdown(): Promise<void> {
  await reactiveRegistry.shutdown();
}

/** Every request: the hub at /_reactive, else the page (RSC payload, turned into HTML by ssr). */
export default async function handler(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/_reactive') return hub(request);
  if (url.pathname === '/_stats') {
    // For monitoring (and the tests): sessions, subscriptions, views, running producers.
    return Response.json({ ...hub.stats(), ...liveStats() });
  }
  if (url.pathname !== '/') return new Response('Not found', { status: 404 });

  // The page's RSC payload alone: what the browser fetches to refresh after a server edit.
  if (request.headers.get('accept')?.includes('text/x-component')) {
    return new Response(renderToReadableStream(<Root user={userOf(request) ?? ''} />), {
      headers: { 'content-type': 'text/x-component; charset=utf-8', 'cache-control': 'no-store' },
    });
  }

  // A user id in a cookie stands in for a login: it keys the user's theme.
  const known = userOf(request);
  const user = known ?? crypto.randomUUID().replaceAll('-', '');
  await visits.add(1);

  const rscStream = renderToReadableStream(<Root user={user} />);
  const ssr = await import.meta.viteRsc.loadModule<typeof import('./entry.ssr.tsx')>(
    'ssr',
    'index',
  );
  const html = await ssr.renderHTML(rscStream);
  const headers = new Headers({ 'content-type': 'text/html; charset=utf-8' });
  if (!known) headers.set('set-cookie', `user=${user}; Path=/; SameSite=Lax; HttpOnly`);
  return new Response(html, { headers });
}
