// One app server of several: a RivetKit runner on the shared engine (RIVET_ENDPOINT) with a tiny
// HTTP API. Start two on different ports; a write on one is seen live by the other.
//   GET  /          the counter, as this server knows it live
//   POST /increment set(c => c + 1), safe across servers
import { createServer } from 'node:http';
import { createReactiveBackend, reactiveRegistry } from 'reactive-rsc/rivet';

if (!process.env.RIVET_ENDPOINT) throw new Error('Set RIVET_ENDPOINT to the shared engine');
const port = Number(process.env.PORT ?? process.env.RIVET_PORT ?? 3001);
const host = process.env.HOST ?? '127.0.0.1';
const { signal } = createReactiveBackend({ registry: reactiveRegistry });
const counter = signal('counter', 0);
counter.subscribe((value) =>
  console.log(`[:${port}] counter is ${value} (version ${counter.version})`),
);

createServer(async (req, res) => {
  if (req.method === 'POST' && req.url === '/increment') await counter.set((c) => c + 1);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ server: port, counter: counter.value, version: counter.version }));
}).listen(port, host, () => console.log(`app server on http://${host}:${port}`));
