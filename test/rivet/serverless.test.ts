// RivetKit's serverless mode (RIVETKIT_RUNTIME_MODE=serverless): this process serves the
// registry only through its handler, mounted on an HTTP server as an app would; the engine's
// pool, written by `setup({ configurePool })` when the backend gets ready, points at it, and
// the engine starts a runner for each actor by calling `<base>/start`. The mode is read per call,
// so it is set for this file's process only.
import { createServer, type Server } from 'node:http';
import { setup } from 'rivetkit';
import { afterAll, describe, expect } from 'vitest';
import { reactiveStateActor } from '../../actors/index.ts';
import { createReactiveBackend, serverlessMode } from '../../src/rivet/index.ts';
import { toNodeListener } from '../../src/server/index.ts';
import { freePort } from '../fixtures/ports.ts';
import { engineTest as test } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

process.env.RIVETKIT_RUNTIME_MODE = 'serverless';
let server: Server | undefined;
afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

describe('serverless mode', () => {
  test('the engine starts runners through the registry handler; writes and subscribers work', async ({
    engine,
  }) => {
    expect(serverlessMode()).toBe(true);
    const port = await freePort();
    const registry = setup({
      use: { reactiveState: reactiveStateActor },
      endpoint: engine.endpoint,
      startServices: false,
      noWelcome: true,
      configurePool: { url: `http://127.0.0.1:${port}/api/rivet` },
    });
    const requests: string[] = [];
    // The one line an app adds beside its hub: the registry's handler on its base path.
    server = createServer(
      toNodeListener((request) => {
        requests.push(`${request.method} ${new URL(request.url).pathname}`);
        return registry.handler(request);
      }),
    );
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));

    const writer = createReactiveBackend({ registry, namespace: 'serverless' });
    await writer.backend.ready(); // writes the pool; no startAndWait (it rejects in this mode)
    // Params of its own: a pool of its own, so it hears the actor's events, not the writer's.
    const reader = createReactiveBackend({
      registry,
      namespace: 'serverless',
      params: { role: 'reader' },
    });
    const seen: number[] = [];
    const stop = reader.signal('count', 0).subscribe((value) => seen.push(value));
    const count = writer.signal('count', 0);
    expect(await count.add(1)).toBe(1);
    expect(await count.add(1)).toBe(2);
    await waitFor(() => seen.at(-1) === 2, 'the reader to hear both adds');
    expect(await reader.signal('count', 0).get()).toBe(2);
    // The engine ran the actor in a runner it started by calling this app.
    expect(requests).toContain('POST /api/rivet/start');
    stop();
    await Promise.all([writer.backend.close(), reader.backend.close()]);
  }, 60_000);
});
