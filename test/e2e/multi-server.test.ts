import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CleanShell, cleanShell } from '../fixtures/clean-shell.ts';
import { engineConfig } from '../fixtures/engine.ts';
import { freePort } from '../fixtures/ports.ts';

// The README's several-app-servers commands, in a fresh shell: `npm run engine` (the package's
// bin, here with a config on free ports) and two `npm run example:server` on it.
describe('npm run engine + two npm run example:server, in a fresh shell', () => {
  let shell: CleanShell;
  let dir: string;
  beforeAll(async () => {
    shell = await cleanShell();
    dir = await mkdtemp(join(tmpdir(), 'reactive-rsc-multi-'));
  });
  afterAll(async () => {
    await shell?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('a write on one app server is seen live by the other', async () => {
    const config = join(dir, 'rivet.json');
    await writeFile(config, JSON.stringify(await engineConfig(dir)));
    const engine = shell.start(`npm run engine -- ${config}`);
    const [, endpoint] = await engine.waitFor(/listening on (http:\/\/\S+)/, 60_000);

    const ports = [await freePort(), await freePort()];
    const servers = ports.map((port) =>
      shell.start('npm run example:server', { RIVET_ENDPOINT: endpoint!, PORT: String(port) }),
    );
    await Promise.all(servers.map((s) => s.waitFor(/app server on/, 60_000)));
    const url = (i: number) => `http://127.0.0.1:${ports[i]}`;
    const read = async (i: number) =>
      (await (await fetch(`${url(i)}/`)).json()) as { counter: number; version: number };

    const before = await read(1);
    const written = (await (await fetch(`${url(0)}/increment`, { method: 'POST' })).json()) as {
      counter: number;
    };
    expect(written.counter).toBe(before.counter + 1);
    await expect
      .poll(async () => (await read(1)).counter, { timeout: 10_000 })
      .toBe(written.counter);
  }, 180_000);
});
