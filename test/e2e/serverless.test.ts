// RivetKit's serverless mode, end to end: the engine has a serverless pool whose URL is the app
// servers' registry handler (behind one proxy, as a platform's load balancer would be), the
// example app runs with RIVETKIT_RUNTIME_MODE=serverless, and the engine starts every actor by
// calling the app. Then one app server is killed.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { type AppProcess, startApp, startBuild } from '../fixtures/example-app.ts';
import { type AppServer, startAppServer } from '../fixtures/runner-processes.ts';
import { engineBrowserTest } from '../fixtures/test.ts';
import { waitFor } from '../fixtures/wait.ts';

/**
 * A round-robin HTTP proxy to the app servers that are up: a request an upstream refuses goes
 * to the next. Responses stream through (a runner's `/start` request lasts as long as it runs).
 */
function balancer(upstreams: () => AppProcess[]) {
  const seen: string[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const send = (tries: number) => {
        const up = upstreams();
        const upstream = up[next++ % up.length];
        if (!upstream || tries === 0) return void res.writeHead(502).end();
        const forward = request(
          `${upstream.url}${req.url}`,
          { method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('error', () => res.destroy());
          },
        );
        forward.on('error', () => (res.headersSent ? res.destroy() : send(tries - 1)));
        res.on('close', () => forward.destroy());
        forward.end(Buffer.concat(body));
      };
      send(upstreams().length);
    });
  });
  return { server, seen };
}

const test = engineBrowserTest;

describe('serverless mode: the engine starts runners by calling the app', () => {
  let apps: AppProcess[] = [];
  let removeBuild: (() => Promise<void>) | undefined;
  let proxy: ReturnType<typeof balancer>;
  let watcher: AppServer | undefined;
  test.afterAll(async () => {
    await watcher?.stop();
    await Promise.all(apps.map((app) => app.stop()));
    proxy?.server.closeAllConnections();
    proxy?.server.close();
    await removeBuild?.();
  });

  test('a write, a subscriber in another process and live views in Chromium work; a killed app server loses nothing', async ({
    engine,
    browser,
  }) => {
    // The app servers first: an engine whose pool calls a URL that refuses keeps failing the
    // actors it tried to start then for a while ("the runner pool is experiencing errors").
    // A build of its own, not the run's: with the run's build ready at once, the pool was
    // configured right after the engine started, and twice in ~10 runs its actors never started
    // (no tab went live in 90 s); never so in many runs with the build first.
    const built = await startBuild();
    removeBuild = built.remove;
    await built.done;
    const serverless = { env: { RIVETKIT_RUNTIME_MODE: 'serverless' } };
    apps = await Promise.all([
      startApp(built, engine, serverless),
      startApp(built, engine, serverless),
    ]);
    const [a, b] = apps as [AppProcess, AppProcess];
    proxy = balancer(() => apps);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    const poolUrl = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}/api/rivet`;
    // The pool, as Rivet's dashboard or `setup({ configurePool })` writes it.
    const configured = await fetch(`${engine.endpoint}/runner-configs/default?namespace=default`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        datacenters: {
          default: {
            serverless: {
              url: poolUrl,
              headers: {},
              request_lifespan: 3600,
              max_runners: 1000,
              min_runners: 0,
              runners_margin: 0,
              slots_per_runner: 1,
            },
          },
        },
      }),
    });
    expect(configured.status, await configured.text()).toBe(200);

    // A subscriber in a process of its own (not a runner): it hears the counter's actor.
    watcher = await startAppServer(engine, { NAMESPACE: 'app', RUNNER: '0' });
    await watcher.call({ cmd: 'subscribe', name: 'counter' });

    // The first tabs wait longer: on a loaded machine the engine's first calls to the pool can
    // fail, and it waits before it calls again (it went past 30 s once in a full run).
    const open = async (url: string, timeout = 30_000): Promise<Page> => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(url, { timeout });
      await page.getByTestId('status').filter({ hasText: 'live' }).waitFor({ timeout });
      return page;
    };
    const [onA, onB] = await Promise.all([open(a.url, 90_000), open(b.url, 90_000)]);
    const count = (page: Page) => page.getByTestId('count').textContent().then(Number);
    const before = await count(onB);
    await onA.getByTestId('increment').click();
    await expect.poll(() => count(onB), { timeout: 15_000 }).toBe(before + 1);
    await waitFor(
      () => watcher?.changes.at(-1)?.value === before + 1,
      'the other process to hear the write',
    );
    // Every actor ran in a runner the engine started through the app's handler.
    expect(proxy.seen.some((line) => line.startsWith('POST /api/rivet/start'))).toBe(true);

    // App servers die with the runners they were running; the engine starts those actors again
    // through the ones left. Both first servers die in turn (a third takes over), so whichever
    // hosted the counter, its host died under a tab.
    a.kill();
    apps = [b];
    let killedAt = Date.now();
    await onB.getByTestId('increment').click();
    await expect.poll(() => count(onB), { timeout: 60_000 }).toBe(before + 2);
    const gaps = [Date.now() - killedAt];
    const c = await startApp(built, engine, serverless);
    apps = [b, c];
    const onC = await open(c.url);
    b.kill();
    apps = [c];
    killedAt = Date.now();
    await onC.getByTestId('increment').click();
    await expect.poll(() => count(onC), { timeout: 60_000 }).toBe(before + 3);
    gaps.push(Date.now() - killedAt);
    console.log(`serverless: after each app server kill, the next write landed in ${gaps} ms`);
    await waitFor(
      () => watcher?.changes.at(-1)?.value === before + 3,
      'the subscriber to end there',
    );
    const read = await watcher.call<{ value: number }>({ cmd: 'get', name: 'counter' });
    expect(read.value).toBe(before + 3);
  }, 180_000);
});
