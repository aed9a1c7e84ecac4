// examples/next, built and started as a user would (`npm install`, `next build`, `next start`;
// then `next dev`), on a test engine, driven by two users in Chromium: the main example's
// signals, live views and actions on the Next.js App Router, where live views re-render by pull
// (the hub says a view is stale, the tab asks for its render through a server action).
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

const dir = fileURLToPath(new URL('../../examples/next/', import.meta.url));
const run = promisify(execFile);
const next = 'node_modules/next/dist/bin/next';

/**
 * The example's server settings on top of a user's shell: no telemetry, and under `next start`
 * the signals left to the example (it ends the hub's streams, which Next would wait for, and
 * drains the runner); `next dev` ignores that switch.
 */
const appEnv = (extra: Record<string, string>) =>
  userEnv({
    RIVET_RUN_SERVICES: '0',
    RUST_LOG: 'error',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_MANUAL_SIG_HANDLE: '1',
    ...extra,
  });

/** Starts node with `args` in the example's directory, resolved once `ready` is printed. */
const start = async (args: string[], env: NodeJS.ProcessEnv, ready: RegExp) =>
  (await startCommand(process.execPath, args, { cwd: dir, env, ready, timeoutMs: 90_000 })).child;

describe('examples/next: the example app on the Next.js App Router', () => {
  let engine: Engine;
  let browser: Browser;
  let server: ChildProcess | undefined;
  let writer: AppServer | undefined;
  let url = '';
  const secret = { REACTIVE_RSC_SECRET: 'test-secret-of-the-next-example' };
  test.beforeAll(async ({ engine: e, browser: b }) => {
    [engine, browser] = [e, b];
    const env = appEnv({});
    // Its own install (Next is not among the repository's dependencies), then its build, which
    // typechecks with its own tsconfig (the repository's leaves it out). What the repository's
    // install did not fetch comes from the registry; trust the system's CA bundle as a user's
    // shell does (Node's own list lacks a TLS-inspecting proxy's CA).
    const caBundle = '/etc/ssl/certs/ca-certificates.crt';
    const installEnv = existsSync(caBundle) ? { NODE_EXTRA_CA_CERTS: caBundle, ...env } : env;
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      env: installEnv,
    });
    // Next prints the type errors on stdout, and only "Failed to type check." on stderr.
    await run(process.execPath, [next, 'build'], { cwd: dir, env }).catch(
      (error: { stdout?: string; stderr?: string }) => {
        throw new Error(`next build failed:\n${error.stdout}\n${error.stderr}`);
      },
    );
    const port = await freePort();
    server = await start(
      [next, 'start', '--hostname', '127.0.0.1', '--port', String(port)],
      appEnv({ ...secret, NODE_ENV: 'production', RIVET_ENDPOINT: engine.endpoint }),
      /Ready in/,
    );
    url = `http://127.0.0.1:${port}/`;
  }, 240_000);
  test.afterAll(async () => {
    await writer?.stop();
    await stopGroup(server);
  });

  /** A new user's tab (or `page`) at `at`, once its connection is live. */
  const open = async (at = url, page?: Page, timeout = 30_000): Promise<Page> => {
    page ??= await (await browser.newContext()).newPage();
    await page.goto(at, { timeout });
    await page.getByTestId('status').filter({ hasText: 'live' }).waitFor({ timeout });
    return page;
  };
  const count = (page: Page) => page.getByTestId('count').textContent().then(Number);

  test('two users see each other’s counter and guestbook writes live; the first HTML and a reload have the values', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const before = await count(b);
    await a.getByTestId('increment').click();
    await expect.poll(() => count(b), { timeout: 15_000 }).toBe(before + 1);

    await a.getByLabel('name').fill('Ada');
    await a.getByLabel('message').fill('Hello from Next 👋');
    await a.getByRole('button', { name: 'Sign' }).click();
    await expect
      .poll(() => b.getByTestId('guestbook').textContent(), { timeout: 15_000 })
      .toContain('Hello from Next 👋');

    // The server's first answer already holds the current values, before any script runs.
    const html = await (await fetch(url)).text();
    expect(html).toContain(`data-testid="count">${before + 1}<`);
    expect(html).toContain('Hello from Next 👋');
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

    // A client signal: the user's theme, toggled in one tab, shows in the user's other tab.
    const a2 = await open(url, await a.context().newPage());
    const theme = (page: Page) => page.getByTestId('theme').getAttribute('data-theme');
    const was = await theme(a2);
    await a.getByTestId('toggle-theme').click();
    await expect.poll(() => theme(a2), { timeout: 15_000 }).not.toBe(was);
  }, 90_000);

  test('runs under `next dev` too', async () => {
    const port = await freePort();
    const dev = await start(
      [next, 'dev', '--port', String(port)],
      appEnv({ ...secret, RIVET_ENDPOINT: engine.endpoint }),
      /Ready in/,
    );
    try {
      // The first request compiles the page (20-60 s on a busy machine).
      const page = await open(`http://localhost:${port}/`, undefined, 100_000);
      const before = await count(page);
      await page.getByTestId('increment').click();
      await expect.poll(() => count(page), { timeout: 15_000 }).toBe(before + 1);
    } finally {
      await stopGroup(dev);
    }
  }, 180_000);
});
