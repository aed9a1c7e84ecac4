// Production: `npm run build`, then `npm start` (NODE_ENV=production, an engine at RIVET_ENDPOINT).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { toNodeListener } from 'reactive-rsc/server';

process.env.RUST_LOG ??= 'error'; // else RivetKit's native runtime logs every SQLite transaction
const { default: handler, ready, shutdown } = await import('./dist/rsc/index.js');
await ready();
const app = toNodeListener(handler);
const types = { '.js': 'text/javascript', '.css': 'text/css' };

const server = createServer(async (req, res) => {
  const path = normalize(new URL(req.url ?? '/', 'http://localhost').pathname);
  if (!path.startsWith('/assets/')) return app(req, res);
  try {
    const body = await readFile(join(import.meta.dirname, 'dist', 'client', path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
// Stop serving, drain the runner (the engine moves its actors at once), exit. The handler stays
// installed: RivetKit raises the signal again once it has drained.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    await shutdown();
    process.exit(0);
  });
}
