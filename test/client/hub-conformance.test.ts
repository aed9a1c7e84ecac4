import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll } from 'vitest';
import { createHubBackend } from '../../src/client/index.ts';
import { createMemoryBackend } from '../../src/index.ts';
import {
  createReactiveHandler,
  type ReactiveHandler,
  toNodeListener,
} from '../../src/server/index.ts';
import { describeConformance } from '../conformance/suite.ts';

// The whole contract, seen from a tab: every call crosses the hub (POST) and every change comes
// back over the tab's one SSE stream.
let server: Server;
let hub: ReactiveHandler;
let url: string;
beforeAll(async () => {
  hub = createReactiveHandler({ backend: createMemoryBackend(), authorize: () => true });
  server = createServer(toNodeListener(hub));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_reactive`;
});
afterAll(async () => {
  hub?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describeConformance('hub client over the memory backend', {
  create: async () => createHubBackend({ url, EventSource }),
});
