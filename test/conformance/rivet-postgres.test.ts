import { execFileSync } from 'node:child_process';
import { describe, expect } from 'vitest';
import { createRivetBackend } from '../../src/rivet/index.ts';
import { engineEnv, enginePath } from '../fixtures/engine.ts';
import { postgresBin } from '../fixtures/postgres.ts';
import { type RivetFixture, startRivet } from '../fixtures/rivet.ts';
import { postgresTest } from '../fixtures/test.ts';
import { describeConformance } from './suite.ts';

// Never skipped in CI: .ci/run installs PostgreSQL first.
const available = postgresBin !== undefined || process.env.CI === 'true';
if (!available) console.warn('Skipping the Postgres storage tests: PostgreSQL is not installed');

/** `rivet` on an engine that stores in the file's PostgreSQL. */
const test = postgresTest.extend(
  'rivet',
  { scope: 'file' },
  async ({ postgres }, { onCleanup }) => {
    const rivet = await startRivet({ database: { postgres: { url: postgres.url } } });
    onCleanup(() => rivet.stop());
    return rivet;
  },
);

describe.runIf(available)('engine on PostgreSQL', () => {
  let rivet: RivetFixture;
  test.beforeAll(({ rivet: started }) => {
    rivet = started;
  }, 120_000);

  test('stores in PostgreSQL, as the engine reports', () => {
    const shown = execFileSync(
      enginePath,
      ['--config', rivet.engine.configPath, 'config', 'show'],
      {
        encoding: 'utf8',
        env: engineEnv(),
      },
    );
    expect(shown).toMatch(/database: Some\(\s*Postgres/);
  });

  describeConformance('rivet backend on PostgreSQL', {
    create: async () => createRivetBackend({ registry: rivet.registry, timeoutMs: 30_000 }),
  });
});
