// "Your own app" as a new user makes it: the packed package installed in a fresh directory next
// to the template (examples/own-app), typechecked without skipLibCheck, built, and started the
// way docs/own-app.md says (an engine from `npx reactive-rsc engine`, then `npm start`), then
// used from two Chromium tabs.
import { type ChildProcess, execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { launchBrowser } from '../fixtures/browser.ts';
import { engineConfig } from '../fixtures/engine.ts';
import { freePort } from '../fixtures/ports.ts';
import { startCommand, stopGroup, userEnv } from '../fixtures/user-process.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

const started: ChildProcess[] = [];
let browser: Browser | undefined;
let dir: string | undefined;

/** Starts a long-running command in the app's directory, resolved with its output once ready. */
async function start(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const { child, output } = await startCommand(command, args, { cwd: dir as string, env, ready });
  started.push(child);
  return output;
}

afterAll(async () => {
  await browser?.close();
  for (const child of started.reverse()) await stopGroup(child);
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('a new app from the template typechecks, builds, starts in production and goes live', async () => {
  const times: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const begun = performance.now();
    try {
      return await fn();
    } finally {
      times[name] = Math.round(performance.now() - begun);
    }
  };
  const env = userEnv();
  dir = await mkdtemp(join(tmpdir(), 'reactive-rsc-own-app-'));

  // The package as npm would publish it, in the app's directory.
  await step('build + pack', async () => {
    await run('npm', ['run', 'build'], { cwd: repo, env });
    await run('npm', ['pack', '--pack-destination', dir as string], { cwd: repo, env });
  });
  const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
  expect(tarball).toBeDefined();

  await cp(join(repo, 'examples/own-app'), dir, { recursive: true });
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.dependencies['reactive-rsc'] = `file:./${tarball}`;
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

  // --ignore-scripts: the only install scripts are better-sqlite3's (pulled in by RivetKit's
  // drizzle-orm, unused here; offline it compiles from source for ~2 minutes), cbor-extract's
  // (an optional speed-up of cbor-x) and esbuild's (a check of its binary).
  await step('npm install', () =>
    // Without a lock npm asks the registry for every platform's optional binaries; the registry
    // reachable here refuses the other platforms' (retried with 10–60 s pauses by default: 6
    // minutes in one run), and once left a request unanswered for minutes. What the app needs is
    // in the cache from the repository's own install, so no retries, and 30 s a request.
    run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--fetch-timeout=30000',
        '--fetch-retries=0',
      ],
      {
        cwd: dir,
        env,
      },
    ),
  );
  // No skipLibCheck in the template's tsconfig: RivetKit's own declarations are checked too.
  const tsconfig = JSON.parse(await readFile(join(dir, 'tsconfig.json'), 'utf8'));
  expect(tsconfig.compilerOptions.skipLibCheck).toBeUndefined();
  // The typecheck only reads, so it runs while the app is built, started and used; it is
  // awaited before the test ends.
  const typecheck = step('npm run typecheck', () =>
    run('npm', ['run', 'typecheck'], { cwd: dir, env }),
  );
  typecheck.catch(() => {}); // awaited, and so reported, below
  await step('npm run build', () => run('npm', ['run', 'build'], { cwd: dir, env }));

  // Production, as docs/own-app.md says: `npx reactive-rsc engine [config]`, then `npm start`
  // with RIVET_ENDPOINT. Free ports here, so the config is written with them.
  const config = await engineConfig(dir);
  await writeFile(join(dir, 'engine.json'), JSON.stringify(config));
  const endpoint = `http://127.0.0.1:${config.guard.port}`;
  const engineOut = await step('engine up', () =>
    start('npx', ['reactive-rsc', 'engine', 'engine.json'], env, /app servers: RIVET_ENDPOINT=/),
  );
  expect(engineOut).toContain(`rivet-engine listening on ${endpoint}`);
  const port = await freePort();
  await step('app up', () =>
    start(
      'npm',
      ['start'],
      userEnv({ RIVET_ENDPOINT: endpoint, PORT: String(port) }),
      /listening on/,
    ),
  );

  const url = `http://127.0.0.1:${port}/`;
  browser = await launchBrowser();
  const errors: string[] = [];
  const open = async () => {
    const page = await browser!.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.locator('button[data-status="live"]').waitFor({ timeout: 20_000 });
    return page;
  };
  const [a, b] = await step('two tabs live', () => Promise.all([open(), open()]));
  await expect.poll(() => b.getByTestId('server-count').textContent()).toContain('rendered 0');

  await step('click in A shows in B', async () => {
    await a.getByRole('button').click();
    // The client hook (useSignal) and the live server component both show the write.
    await expect.poll(() => b.getByRole('button').textContent()).toContain('Clicked 1 times');
    await expect.poll(() => b.getByTestId('server-count').textContent()).toContain('rendered 1');
  });
  expect(errors).toEqual([]);
  await typecheck;
  console.log('own app:', JSON.stringify(times));
}, 600_000);
