// Production: `waku build`, then `node server.js` from this directory (static files are served
// from dist/public, relative to the working directory). Unlike `waku start`, this honours PORT
// and HOST, starts the runner before it listens, and drains it on SIGINT/SIGTERM.
import { unstable_serverEntry as entry, INTERNAL_runFetch } from './dist/server/index.js';

await entry.ready();
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';
const server = entry.serve(
  { fetch: (req, ...args) => INTERNAL_runFetch(process.env, req, ...args), port, hostname },
  (info) => console.log(`listening on http://${hostname}:${info.port}`),
);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    await entry.shutdown();
    console.log('drained');
    process.exit(0);
  });
}
