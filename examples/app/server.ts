// Serves the built example app (`vite build` first): static client assets, and everything else
// through the rsc entry's fetch handler, the hub at /_reactive included.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { stopEmbeddedEngine } from 'reactive-rsc/rivet';
import { toNodeListener } from 'reactive-rsc/server';

const dist = join(import.meta.dirname, 'dist');
const {
  default: handler,
  ready,
  shutdown,
} = (await import(join(dist, 'rsc', 'index.js'))) as {
  default: (request: Request) => Promise<Response>;
  ready: () => Promise<void>;
  shutdown: () => Promise<void>;
};
try {
  await ready();
} catch (error) {
  console.error(`example app: ${(error as Error).message}`);
  process.exit(1);
}
const app = toNodeListener(handler);
const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

const server = createServer(async (req, res) => {
  const path = normalize(new URL(req.url ?? '/', 'http://localhost').pathname);
  if (path.startsWith('/assets/')) {
    try {
      const body = await readFile(join(dist, 'client', path));
      res.writeHead(200, {
        'content-type': types[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'public, max-age=31536000, immutable',
      });
      return res.end(body);
    } catch {
      res.writeHead(404);
      return res.end();
    }
  }
  return app(req, res);
});

// A render that fails mid-stream (say, the engine is unreachable) fails that response only.
process.on('unhandledRejection', (error) => console.error('example app:', error));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
server.listen(port, host, () => {
  const { port: bound } = server.address() as { port: number };
  console.log(`reactive-rsc example app on http://${host}:${bound}`);
});
// RivetKit drains the runner on these signals too, then raises the signal again: the handler
// stays installed so that the second one does not end the process before the engine is stopped.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    await shutdown();
    // The embedded engine outlives us by design; Ctrl-C on the example stops it too.
    if (!process.env.RIVET_ENDPOINT && !process.env.KEEP_ENGINE) await stopEmbeddedEngine();
    process.exit(0);
  });
}
