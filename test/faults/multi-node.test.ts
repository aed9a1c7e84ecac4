import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { type Engine, engineEnv, enginePath, startEngine } from '../fixtures/engine.ts';
import { natsAvailable, startNats } from '../fixtures/nats.ts';
import { type Postgres, postgresBin } from '../fixtures/postgres.ts';
import { type AppServer, startAppServer } from '../fixtures/runner-processes.ts';
import { postgresTest } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

// Never skipped in CI: .ci/run installs PostgreSQL and nats-server first.
const available = (postgresBin !== undefined && natsAvailable) || process.env.CI === 'true';
if (!available)
  console.warn('Skipping the multi-node engine test: PostgreSQL or nats-server is missing');

const shared = (postgres: Postgres, nats: { address: string }) => ({
  database: { postgres: { url: postgres.url } },
  extra: { nats: { addresses: [nats.address] } },
});

/** Two engine nodes sharing the file's PostgreSQL and a NATS; node A leads. */
const test = postgresTest
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from it
  .extend('nats', { scope: 'file' }, async ({}, { onCleanup }) => {
    const nats = await startNats();
    onCleanup(() => nats.stop());
    return nats;
  })
  .extend('nodeA', { scope: 'file' }, async ({ postgres, nats }, { onCleanup }) => {
    const node = await startEngine(shared(postgres, nats));
    onCleanup(() => node.stop());
    return node;
  })
  .extend('nodeB', { scope: 'file' }, async ({ postgres, nats, nodeA }, { onCleanup }) => {
    // Every node shares the topology.
    const { topology } = JSON.parse(await readFile(nodeA.configPath, 'utf8')) as {
      topology: unknown;
    };
    const options = shared(postgres, nats);
    const node = await startEngine({ ...options, extra: { ...options.extra, topology } });
    onCleanup(() => node.stop());
    return node;
  });

describe.runIf(available)('past one engine: two engine nodes on PostgreSQL + NATS', () => {
  let nodeA: Engine;
  let nodeB: Engine;
  let app1: AppServer;
  let app2: AppServer;
  test.beforeAll(async ({ nodeA: a, nodeB: b }) => {
    [nodeA, nodeB] = [a, b];
    [app1, app2] = await Promise.all([
      // Calls wait long enough for node B to take over node A's actors (seconds).
      startAppServer(nodeA, { NAMESPACE: 'nodes', TIMEOUT_MS: '60000' }),
      startAppServer(nodeB, { NAMESPACE: 'nodes', TIMEOUT_MS: '60000' }),
    ]);
  }, 120_000);
  test.afterAll(async () => {
    await Promise.all([app1?.stop(), app2?.stop()]);
  });

  it('runs as two nodes: PostgreSQL storage and NATS pubsub, as the engine parsed them', () => {
    const shown = execFileSync(enginePath, ['--config', nodeB.configPath, 'config', 'show'], {
      encoding: 'utf8',
      env: engineEnv(),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(shown).toMatch(/database: Some\(\s*Postgres\(/);
    expect(shown).toMatch(/pubsub: Some\(\s*Nats\(/);
  });

  it('a write through either node reaches subscribers on both, and node B carries on when node A dies', async () => {
    await app1.call({ cmd: 'subscribe', name: 'shared' });
    await app2.call({ cmd: 'subscribe', name: 'shared' });
    const one = await app1.call<{ version: number }>({
      cmd: 'set',
      name: 'shared',
      value: 'through node A',
    });
    await waitFor(
      () => app2.changes.some((c) => c.version === one.version),
      'app 2 (node B) to see node A’s write',
    );
    const two = await app2.call<{ version: number }>({
      cmd: 'set',
      name: 'shared',
      value: 'through node B',
    });
    await waitFor(
      () => app1.changes.some((c) => c.version === two.version),
      'app 1 (node A) to see node B’s write',
    );

    // App 2 keeps adding while node A dies under it.
    const adding = app2.call<number[]>({
      cmd: 'addLoops',
      names: ['during'],
      writers: 2,
      times: 25,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const killedAt = Date.now();
    await nodeA.kill('SIGKILL');
    // One call: the backend sends it again (same write id) until node B answers.
    const after = await app2.call<{ version: number }>({
      cmd: 'set',
      name: 'shared',
      value: 'after node A died',
    });
    const gap = Date.now() - killedAt;
    console.log(`node A killed: writes resumed through node B after ${gap} ms`);
    // The state carried on from node A's, and the write sent more than once landed once.
    expect(after.version).toBe(two.version + 1);
    const read = await app2.call<{ value: unknown; version: number }>({
      cmd: 'get',
      name: 'shared',
    });
    expect(read).toEqual({ value: 'after node A died', version: after.version });
    // Every add was told it succeeded, and each landed once.
    expect(await adding).toEqual([50]);
    console.log(`node A killed: 50 adds done after ${Date.now() - killedAt} ms`);
    expect(await app2.call({ cmd: 'get', name: 'during' })).toMatchObject({ value: 50 });
  }, 150_000);
});
