import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'eventsource';
import { test as base } from 'vitest';
import { createHubBackend } from '../../src/client/index.ts';
import { createMemoryBackend } from '../../src/index.ts';
import { createReactiveHandler, toNodeListener } from '../../src/server/index.ts';
import { describeConformance } from '../conformance/suite.ts';

// The whole contract, seen from a tab: every call crosses the hub (POST) and every change comes
// back over the tab's one SSE stream.

/** `hubUrl`: a hub over the memory backend on a free 127.0.0.1 port, for the file. */
// biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from it
const test = base.extend('hubUrl', { scope: 'file' }, async ({}, { onCleanup }) => {
  const hub = createReactiveHandler({ backend: createMemoryBackend(), authorize: () => true });
  const server = createServer(toNodeListener(hub));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(async () => {
    hub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/_reactive`;
});

let url: string;
test.beforeAll(({ hubUrl }) => {
  url = hubUrl;
});

describeConformance('hub client over the memory backend', {
  create: async () => createHubBackend({ url, EventSource }),
});
