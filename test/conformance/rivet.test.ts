import { afterAll, beforeAll } from 'vitest';
import { createRivetBackend } from '../../src/rivet/index.ts';
import { type RivetFixture, startRivet } from '../fixtures/rivet.ts';
import { describeConformance } from './suite.ts';

let rivet: RivetFixture;
beforeAll(async () => {
  rivet = await startRivet();
});
afterAll(async () => {
  await rivet?.stop();
});

describeConformance('rivet backend', {
  create: async () => createRivetBackend({ registry: rivet.registry, timeoutMs: 30_000 }),
});
