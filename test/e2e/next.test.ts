// examples/next, built and started as a user would (`npm install`, `next build`, `next start`;
// then `next dev`), on a test engine, driven by two users in Chromium: the main example's
// signals, live views and actions on the Next.js App Router, where live views re-render by pull
// (the hub says a view is stale, the tab asks for its render through a server action).
import { type ChildProcess, execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import type { Engine } from '../fixtures/engine.ts';
import {
  exampleEnv,
  installExample,
  oneClickLive,
  openTab,
  startInExample,
  twoUsersLive,
} from '../fixtures/framework-example.ts';
import { freePort } from '../fixtures/ports.ts';
import type { AppServer } from '../fixtures/runner-processes.ts';
import { engineBrowserTest as test } from '../fixtures/test.ts';
import { stopGroup } from '../fixtures/user-process.ts';

const dir = fileURLToPath(new URL('../../examples/next/', import.meta.url));
const run = promisify(execFile);
const next = 'node_modules/next/dist/bin/next';

/**
 * The example's server settings on top of a user's shell: no telemetry, and under `next start`
 * the signals left to the example (it ends the hub's streams, which Next would wait for, and
 * drains the runner); `next dev` ignores that switch.
 */
const appEnv = (extra: Record<string, string>) =>
  exampleEnv({ NEXT_TELEMETRY_DISABLED: '1', NEXT_MANUAL_SIG_HANDLE: '1', ...extra });
const start = (args: string[], env: NodeJS.ProcessEnv, ready: RegExp) =>
  startInExample(dir, args, env, ready);

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
    // typechecks with its own tsconfig (the repository's leaves it out).
    await installExample(dir, env);
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

  test('two users see each other’s counter and guestbook writes live; the first HTML and a reload have the values', async () => {
    const live = await twoUsersLive(browser, engine, url, 'Hello from Next 👋');
    writer = live.writer;
    // A client signal: the user's theme, toggled in one tab, shows in the user's other tab.
    const a2 = await openTab(browser, url, { page: await live.a.context().newPage() });
    const theme = (page: Page) => page.getByTestId('theme').getAttribute('data-theme');
    const was = await theme(a2);
    await live.a.getByTestId('toggle-theme').click();
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
      await oneClickLive(browser, `http://localhost:${port}/`, 100_000);
    } finally {
      await stopGroup(dev);
    }
  }, 180_000);
});
