import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, startEngine } from '../fixtures/engine.ts';
import { type AppServer, startAppServer } from '../fixtures/runner-processes.ts';
import { waitFor } from '../fixtures/wait.ts';

describe('several app servers on one engine', () => {
  let engine: Engine;
  let a: AppServer;
  let b: AppServer;
  beforeAll(async () => {
    engine = await startEngine();
    [a, b] = await Promise.all([startAppServer(engine), startAppServer(engine)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await engine?.stop();
  });

  it('a write on server A reaches a subscriber on server B', async () => {
    await b.call({ cmd: 'subscribe', name: 'greeting' });
    await waitFor(() => b.changes.length > 0, 'B to load the signal');
    const written = await a.call<{ version: number }>({
      cmd: 'set',
      name: 'greeting',
      value: { text: 'hello from A', at: new Date(5) },
    });
    await waitFor(() => b.changes.at(-1)?.version === written.version, 'B to see A’s write');
    expect(b.changes.at(-1)?.value).toEqual({ text: 'hello from A', at: new Date(5) });
  });

  it('2 processes × 8 writers × 125 set(c => c + 1) end at exactly 2,000', async () => {
    const started = Date.now();
    await Promise.all(
      [a, b].map((server) =>
        server.call({ cmd: 'increment', name: 'contended', writers: 8, times: 125 }),
      ),
    );
    const { value, version } = await a.call<{ value: number; version: number }>({
      cmd: 'get',
      name: 'contended',
    });
    console.log(`2,000 contended increments in ${Date.now() - started} ms`);
    expect(value).toBe(2000);
    expect(version).toBe(2000);
  }, 240_000);
});
