import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactiveStateActor } from '../../actors/index.ts';
import { createReactiveBackend } from '../../src/rivet/index.ts';
import { type Engine, startEngine } from '../fixtures/engine.ts';
import { testRegistry } from '../fixtures/rivet.ts';
import { startAppServer } from '../fixtures/runner-processes.ts';
import { waitFor } from '../fixtures/wait.ts';

describe('faults', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => {
    await engine?.stop();
  });

  it('an acknowledged write survives SIGKILL of the app server right after the ack', async () => {
    const writer = await startAppServer(engine, { NAMESPACE: 'durable' });
    await writer.call({ cmd: 'set', name: 'doc', value: 'first' });
    const ack = await writer.call<{ version: number }>({
      cmd: 'set',
      name: 'doc',
      value: { body: 'acknowledged', tags: new Set(['a']) },
    });
    await writer.kill('SIGKILL');
    const reader = await startAppServer(engine, { NAMESPACE: 'durable' });
    const read = await reader.call<{ value: unknown; version: number }>({
      cmd: 'get',
      name: 'doc',
    });
    expect(read).toEqual({
      value: { body: 'acknowledged', tags: new Set(['a']) },
      version: ack.version,
    });
    expect(ack.version).toBe(2);
    await reader.stop();
  }, 120_000);

  it('subscribers get the final value after the engine is killed and restarted', async () => {
    const registry = testRegistry(engine.endpoint, { reactiveState: reactiveStateActor });
    await registry.startAndWait();
    const { signal, backend } = createReactiveBackend({
      registry,
      namespace: 'restart',
      timeoutMs: 3_000,
    });
    const counter = signal('counter', 0);
    const seen: number[] = [];
    const statuses: string[] = [];
    backend.onStatus((s) => statuses.push(s));
    const stop = counter.subscribe((v) => seen.push(v));
    await counter.set(1);
    await waitFor(() => backend.status === 'live' && counter.value === 1, 'live at 1');

    const killedAt = Date.now();
    await engine.kill('SIGKILL');
    await engine.restart();
    const restartedAt = Date.now();
    console.log(`the engine was healthy again ${restartedAt - killedAt} ms after SIGKILL`);
    // Writers keep writing: retry until the engine serves the actor again.
    for (;;) {
      try {
        await counter.set(2);
        break;
      } catch {
        if (Date.now() - restartedAt > 150_000) throw new Error('writes did not resume');
      }
    }
    console.log(`writes resumed ${Date.now() - restartedAt} ms after the engine restarted`);
    await waitFor(() => counter.value === 2 && backend.status === 'live', 'live at 2', 120_000);
    console.log(
      `subscriber live again ${Date.now() - restartedAt} ms after the restart; statuses ${statuses.join(' → ')}`,
    );
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(2);
    expect(statuses).toContain('reconnecting');
    expect(statuses.at(-1)).toBe('live');
    stop();
    await backend.close();
    await registry.shutdown().catch(() => {});
  }, 300_000);
});
