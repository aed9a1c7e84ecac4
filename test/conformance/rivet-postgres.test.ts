import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRivetBackend } from '../../src/rivet/index.ts';
import { engineEnv, enginePath } from '../fixtures/engine.ts';
import { type Postgres, postgresBin, startPostgres } from '../fixtures/postgres.ts';
import { type RivetFixture, startRivet } from '../fixtures/rivet.ts';
import { describeConformance } from './suite.ts';

// Never skipped in CI: .ci/run installs PostgreSQL first.
const available = postgresBin !== undefined || process.env.CI === 'true';
if (!available) console.warn('Skipping the Postgres storage tests: PostgreSQL is not installed');

describe.runIf(available)('engine on PostgreSQL', () => {
  let postgres: Postgres;
  let rivet: RivetFixture;
  beforeAll(async () => {
    postgres = await startPostgres();
    rivet = await startRivet({ database: { postgres: { url: postgres.url } } });
  }, 120_000);
  afterAll(async () => {
    await rivet?.stop();
    await postgres?.stop();
  });

  it('stores in PostgreSQL, as the engine reports', async () => {
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
