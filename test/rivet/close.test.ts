import { expect } from 'vitest';
import { reactiveStateActor } from '../../actors/index.ts';
import { createRivetBackend } from '../../src/rivet/index.ts';
import { rivetTest } from '../fixtures/test.ts';

const test = rivetTest({ reactiveState: reactiveStateActor });

test('close() returns within the deadline while an actor connection is still connecting', async ({
  rivet,
}) => {
  const backend = createRivetBackend({ registry: rivet.registry, timeoutMs: 1_000 });
  await backend.ready();
  await rivet.engine.kill('SIGKILL');
  // The pool opens a connection that cannot connect: the engine is gone.
  const off = backend.subscribe(['close', 'pending'], () => {});
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = Date.now();
  off();
  await backend.close();
  expect(Date.now() - started).toBeLessThan(3_000);
}, 30_000);
