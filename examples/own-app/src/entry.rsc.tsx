import { renderToReadableStream } from '@vitejs/plugin-rsc/rsc/server';
import { reactiveRegistry } from 'reactive-rsc/rivet';
import { backend, hub } from './reactive.ts';
import { Counter } from './views.tsx';

/** Starts this process as a runner before it listens; fails fast without an engine. */
export const ready = () => backend.ready();
/** Hands the actors back to the engine at once (else they wait for it to notice we are gone). */
export const shutdown = () => reactiveRegistry.shutdown();

/** Every request: the hub at /_reactive, else the page (rendered to HTML by the ssr entry). */
export default async function handler(request: Request): Promise<Response> {
  if (new URL(request.url).pathname === '/_reactive') return hub(request);
  const page = renderToReadableStream(
    <html lang="en">
      <body>
        <Counter />
      </body>
    </html>,
  );
  const ssr = await import.meta.viteRsc.loadModule<typeof import('./entry.ssr.tsx')>(
    'ssr',
    'index',
  );
  const html = await ssr.renderHTML(page);
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
