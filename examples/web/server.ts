// The web example's server: the page, its bundled client, and the hub, on Node's http.
// `npm run example:web` runs it on the Rivet backend (embedded engine); the browser tests run
// it on whatever backend they give it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Backend } from 'reactive-rsc';
import { createReactiveBackend } from 'reactive-rsc';
import { type AuthorizeRequest, createReactiveHandler, toNodeListener } from 'reactive-rsc/server';

export interface WebExampleOptions {
  backend: Backend;
  port?: number;
  /** Number of counter signals on the page (`?n=` overrides). Default 10. */
  counters?: number;
}

/** Bundles the browser app once: React, the client and the page. */
export async function bundleApp(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./app.tsx', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    jsx: 'automatic',
    minify: true,
    conditions: ['reactive-rsc:source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The example's policy: anyone may read; writes only to counters, never to 'locked'. */
export const authorize = ({ key, op }: AuthorizeRequest): boolean =>
  op === 'read' || (key[0] === 'web' && key[1] !== 'locked');

export async function startWebExample(options: WebExampleOptions) {
  const { signal } = createReactiveBackend({ backend: options.backend, namespace: 'web' });
  const hub = createReactiveHandler({ backend: options.backend, authorize, heartbeatMs: 5_000 });
  const mountHub = toNodeListener(hub);
  const app = await bundleApp();
  let openStreams = 0;

  const server: Server = createServer((req, res) => {
    serve(req, res).catch((error: Error) => {
      console.error('web example:', error.message);
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain' });
      res.end(`The signal backend is not available: ${error.message}`);
    });
  });
  async function serve(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/_reactive') {
      if (req.method === 'GET') {
        openStreams++;
        res.once('close', () => openStreams--);
      }
      return mountHub(req, res);
    }
    if (url.pathname === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(app);
    }
    const n = Number(url.searchParams.get('n') ?? options.counters ?? 10);
    const counters = Array.from({ length: n }, (_, i) => signal(`c${i}`, 0));
    const locked = signal('locked', 0);
    const note = signal('note', 'no note yet');
    await Promise.all([...counters, locked, note].map((s) => s.get()));
    const refs = { counters: counters.map((s) => s.ref()), locked: locked.ref(), note: note.ref() };
    // Escape '<' so no value can close the script element.
    const json = JSON.stringify(refs).replace(/</g, '\\u003c');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><meta charset="utf-8"><title>reactive-rsc</title><div id="root"></div>` +
        `<script>window.__REFS__=${json}</script><script type="module" src="/app.js"></script>`,
    );
  }
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hub,
    signal,
    /** GET streams open right now, counted at the socket. */
    openStreams: () => openStreams,
    async stop() {
      hub.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rivet = await import('reactive-rsc/rivet');
  const { backend } = rivet.createReactiveBackend({ registry: rivet.reactiveRegistry });
  const example = await startWebExample({ backend, port: Number(process.env.PORT ?? 3000) });
  console.log(`web example on ${example.url} (add ?n=1000 for a thousand signals)`);
  // RivetKit drains the runner on these signals too, then raises the signal again: the handler
  // stays installed so that the second one does not end the process before the engine is stopped.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      await example.stop();
      await backend.close();
      await rivet.reactiveRegistry.shutdown();
      if (!process.env.RIVET_ENDPOINT && !process.env.KEEP_ENGINE) await rivet.stopEmbeddedEngine();
      process.exit(0);
    });
  }
}
