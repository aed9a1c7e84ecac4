import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../fixtures/ports.ts';

const run = promisify(execFile);

describe('the main example on the embedded default', () => {
  let storage: string;
  afterAll(async () => {
    if (!storage) return;
    // Stop an engine a failed run may have left behind, then remove its files.
    const stamp = await readFile(join(storage, '.rivetkit/var/engine/runtime.json'), 'utf8').catch(
      () => '{}',
    );
    const { pid } = JSON.parse(stamp) as { pid?: number };
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await rm(storage, { recursive: true, force: true });
  });

  it('keeps the count across two runs, each starting and stopping the embedded engine', async () => {
    storage = await mkdtemp(join(tmpdir(), 'reactive-rsc-example-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      RIVETKIT_STORAGE_PATH: storage,
      RIVET_RUN_ENGINE_PORT: String(await freePort()),
      RUST_LOG: 'error',
    };
    delete env.RIVET_ENDPOINT;
    const once = async () =>
      (await run('npm', ['run', '--silent', 'example:counter'], { env, timeout: 90_000 })).stdout;
    const first = await once();
    expect(first).toMatch(/visits: 0 → 1 \(version 1\)/);
    expect(first).toMatch(/stopped the embedded engine/);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the engine drains and exits
    const second = await once();
    expect(second).toMatch(/visits: 1 → 2 \(version 2\)/);
    expect(second).toMatch(/last 2 visits: 1, 2/);
  }, 180_000);
});
