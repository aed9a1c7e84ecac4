// examples/waku, built and started as a user would (`npm install`, `waku build`, `npm start`;
// then `waku dev`), on a test engine, driven by two users in Chromium: the main example's
// signals, live views and actions on Waku's router, middleware and entries.
import { type ChildProcess, execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { describe } from 'vitest';
import type { Engine } from '../fixtures/engine.ts';
import {
  exampleEnv,
  installExample,
  oneClickLive,
  startInExample,
  twoUsersLive,
} from '../fixtures/framework-example.ts';
import { freePort } from '../fixtures/ports.ts';
import type { AppServer } from '../fixtures/runner-processes.ts';
import { engineBrowserTest as test } from '../fixtures/test.ts';
import { stopGroup } from '../fixtures/user-process.ts';

const dir = fileURLToPath(new URL('../../examples/waku/', import.meta.url));
const run = promisify(execFile);

const appEnv = exampleEnv;
const start = (args: string[], env: NodeJS.ProcessEnv, ready: RegExp) =>
  startInExample(dir, args, env, ready);

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
    await installExample(dir, env);
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

  test('two users see each other’s counter and guestbook writes live; the first HTML and a reload have the values', async () => {
    ({ writer } = await twoUsersLive(browser, engine, url, 'Hello from Waku 👋'));
  }, 90_000);

  test('runs under `waku dev` too', async () => {
    const port = await freePort();
    const dev = await start(
      ['node_modules/waku/cli.js', 'dev', '--port', String(port)],
      appEnv({ ...secret, RIVET_ENDPOINT: engine.endpoint }),
      /ready|localhost|127\.0\.0\.1/i,
    );
    try {
      await oneClickLive(browser, `http://localhost:${port}/`);
    } finally {
      await stopGroup(dev);
    }
  }, 120_000);
});
