import type { Registry } from 'rivetkit';
import type { reactiveStateActor } from '../../actors/index.ts';
import { createRivetBackend } from '../../src/rivet/index.ts';
import { rivetTest } from '../fixtures/test.ts';
import { describeConformance } from './suite.ts';

const test = rivetTest();
let registry: Registry<{ reactiveState: typeof reactiveStateActor }>;
test.beforeAll(({ rivet }) => {
  registry = rivet.registry;
});

describeConformance('rivet backend', {
  create: async () => createRivetBackend({ registry, timeoutMs: 30_000 }),
});
