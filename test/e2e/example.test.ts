import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CleanShell, cleanShell } from '../fixtures/clean-shell.ts';
import { freePort } from '../fixtures/ports.ts';

// Run as the README says, in a shell as a new user has it: no NODE_ENV, nothing from vitest.
describe('npm run example:counter on the embedded default, in a fresh shell', () => {
  let shell: CleanShell;
  beforeAll(async () => {
    shell = await cleanShell();
  });
  afterAll(() => shell?.dispose());

  it('keeps the count across two runs, each starting and stopping the embedded engine', async () => {
    const env = { RIVET_RUN_ENGINE_PORT: String(await freePort()) };
    const once = async () => {
      const run = shell.start('npm run --silent example:counter', env);
      expect(await run.exited).toBe(0);
      return run.output();
    };
    const first = await once();
    expect(first).toMatch(/visits: 0 → 1 \(version 1\)/);
    expect(first).toMatch(/stopped the embedded engine/);
    await expect.poll(() => shell.embeddedEngineRunning(), { timeout: 15_000 }).toBe(false);
    const second = await once();
    expect(second).toMatch(/visits: 1 → 2 \(version 2\)/);
    expect(second).toMatch(/last 2 visits: 1, 2/);
  }, 180_000);
});
