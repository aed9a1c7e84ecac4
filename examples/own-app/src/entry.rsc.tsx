import { renderToReadableStream } from '@vitejs/plugin-rsc/rsc/server';
import { hub } from './reactive.ts';
import { Counter } from './views.tsx';

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
