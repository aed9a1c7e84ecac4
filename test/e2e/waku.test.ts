// examples/waku, built and started as a user would (`npm install`, `waku build`, `npm start`;
// then `waku dev`), on a test engine, driven by two users in Chromium: the main example's
// signals, live views and actions on Waku's router, middleware and entries.
import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import type { Engine } from '../fixtures/engine.ts';
import { freePort } from '../fixtures/ports.ts';
import { type AppServer, startAppServer } from '../fixtures/runner-processes.ts';
import { engineBrowserTest as test } from '../fixtures/test.ts';
import { startCommand, stopGroup, userEnv } from '../fixtures/user-process.ts';

const dir = fileURLToPath(new URL('../../examples/waku/', import.meta.url));
const run = promisify(execFile);

/** The example's server settings on top of a user's shell. */
const appEnv = (extra: Record<string, string>) =>
  userEnv({ RIVET_RUN_SERVICES: '0', RUST_LOG: 'error', ...extra });

/** Starts node with `args` in the example's directory, resolved once `ready` is printed. */
const start = async (args: string[], env: NodeJS.ProcessEnv, ready: RegExp) =>
  (await startCommand(process.execPath, args, { cwd: dir, env, ready, timeoutMs: 90_000 })).child;

describe('examples/waku: the example app on Waku', () => {
  let engine: Engine;
  let browser: Browser;
  let server: ChildProcess | undefined;
  let writer: AppServer | undefined;
  let url = '';
  const secret = { REACTIVE_RSC_SECRET: 'test-secret-of-the-waku-example' };
  test.beforeAll(async ({ engine: e, browser: b }) => {
    [engine, browser] = [e, b];
    const env = appEnv({});
    // Its own install (Waku 0.27 brings vite 7; the repository has vite 8), then its build.
    // What the repository's install did not fetch comes from the registry; trust the system's CA
    // bundle as a user's shell does (Node's own list lacks a TLS-inspecting proxy's CA).
    const caBundle = '/etc/ssl/certs/ca-certificates.crt';
    const installEnv = existsSync(caBundle) ? { NODE_EXTRA_CA_CERTS: caBundle, ...env } : env;
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      env: installEnv,
    });
    // Its own tsconfig (the repository's leaves it out): typechecked while it builds.
    const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
    await Promise.all([
      run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, env }),
      run(process.execPath, ['node_modules/waku/cli.js', 'build'], { cwd: dir, env }),
    ]);
    const port = await freePort();
    server = await start(
      ['server.js'],
      appEnv({
        ...secret,
        NODE_ENV: 'production',
        RIVET_ENDPOINT: engine.endpoint,
        PORT: String(port),
      }),
      /listening on/,
    );
    url = `http://127.0.0.1:${port}/`;
  }, 180_000);
  test.afterAll(async () => {
    await writer?.stop();
    await stopGroup(server);
  });

  const open = async (at = url): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(at, { timeout: 30_000 });
    await page.getByTestId('status').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
    return page;
  };
  const count = (page: Page) => page.getByTestId('count').textContent().then(Number);

  test('two users see each other’s counter and guestbook writes live; the first HTML and a reload have the values', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const before = await count(b);
    await a.getByTestId('increment').click();
    await expect.poll(() => count(b), { timeout: 15_000 }).toBe(before + 1);

    await a.getByLabel('name').fill('Ada');
    await a.getByLabel('message').fill('Hello from Waku 👋');
    await a.getByRole('button', { name: 'Sign' }).click();
    await expect
      .poll(() => b.getByTestId('guestbook').textContent(), { timeout: 15_000 })
      .toContain('Hello from Waku 👋');

    // The server's first answer already holds the current values, before any script runs.
    const html = await (await fetch(url)).text();
    expect(html).toContain(`data-testid="count">${before + 1}<`);
    expect(html).toContain('Hello from Waku 👋');
    await b.reload();
    await b.getByTestId('status').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
    expect(await count(b)).toBe(before + 1);

    // A write from another server process re-renders the view in both tabs.
    writer = await startAppServer(engine, { NAMESPACE: 'app', RUNNER: '0' });
    await writer.call({ cmd: 'set', name: 'counter', value: 1000 });
    await expect.poll(() => count(a), { timeout: 15_000 }).toBe(1000);
    await expect.poll(() => count(b), { timeout: 15_000 }).toBe(1000);
    // The server's interval runs while a tab watches it.
    await expect
      .poll(async () => Number(await a.getByTestId('ticks').textContent()), { timeout: 10_000 })
      .toBeGreaterThan(1);
  }, 90_000);

  test('runs under `waku dev` too', async () => {
    const port = await freePort();
    const dev = await start(
      ['node_modules/waku/cli.js', 'dev', '--port', String(port)],
      appEnv({ ...secret, RIVET_ENDPOINT: engine.endpoint }),
      /ready|localhost|127\.0\.0\.1/i,
    );
    try {
      const page = await open(`http://localhost:${port}/`);
      const before = await count(page);
      await page.getByTestId('increment').click();
      await expect.poll(() => count(page), { timeout: 15_000 }).toBe(before + 1);
    } finally {
      await stopGroup(dev);
    }
  }, 120_000);
});
