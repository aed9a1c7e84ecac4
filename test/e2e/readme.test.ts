// The README's set-up, run exactly as written in a clean shell (no NODE_ENV, nothing from
// vitest), then driven in Chromium until it is live. The test command itself is what
// `.ci/run` runs the same way.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type CleanShell, readmeCommands } from '../fixtures/clean-shell.ts';
import { startEngine } from '../fixtures/engine.ts';
import { freePort } from '../fixtures/ports.ts';
import { shellBrowserTest as test } from '../fixtures/test.ts';

describe("the README's two commands, in a fresh shell", () => {
  let shell: CleanShell;
  let browser: Browser;
  test.beforeAll(({ shell: started, browser: launched }) => {
    [shell, browser] = [started, launched];
  });

  it('names an example command and a test command', async () => {
    const [example, tests, ...rest] = await readmeCommands();
    expect(example).toBe('npm install && npm run example');
    expect(tests).toBe('npm install && npm test');
    expect(rest).toEqual([]);
  });

  it('the example goes live and carries a click from one tab to another, then Ctrl-C stops it and its engine', async () => {
    const [example] = await readmeCommands();
    // Free ports instead of 3000 and 6420 (the README names both variables).
    const env = {
      PORT: String(await freePort()),
      RIVET_RUN_ENGINE_PORT: String(await freePort()),
    };
    const app = shell.start(example!, env);
    const [, url] = await app.waitFor(/example app on (http:\/\/\S+)/, 240_000);

    const a = await openLive(url!);
    const b = await openLive(url!);
    const count = () => b.getByTestId('count').textContent();
    const before = Number(await count());
    await a.getByTestId('increment').click();
    await expect.poll(count, { timeout: 15_000 }).toBe(String(before + 1));

    await app.interrupt();
    expect(app.output()).not.toMatch(/Error/);
    // The embedded engine outlives a runner by design; the example's Ctrl-C stops it too.
    await expect.poll(() => shell.embeddedEngineRunning(), { timeout: 15_000 }).toBe(false);
  }, 300_000);

  // `npm install` itself is not run with NODE_ENV=production: npm would leave out the dev
  // dependencies the example is built with.
  const startExample = async () => (await readmeCommands())[0]!.replace('npm install && ', '');

  it('with NODE_ENV=production it runs on the engine at RIVET_ENDPOINT, and serves the first request after a restart at once', async () => {
    const example = await startExample();
    expect(example).toBe('npm run example');
    const engine = await startEngine();
    try {
      const env = {
        NODE_ENV: 'production',
        RIVET_ENDPOINT: engine.endpoint,
        PORT: String(await freePort()),
      };
      const first = shell.start(example, env);
      const [, url] = await first.waitFor(/example app on (http:\/\/\S+)/, 240_000);
      await openLive(url!);
      await first.interrupt(); // Ctrl-C drains the runner: the engine moves its actors at once

      const second = shell.start(example, env);
      await second.waitFor(/example app on/, 240_000);
      const started = Date.now();
      const response = await fetch(url!, { signal: AbortSignal.timeout(20_000) });
      expect(response.status, second.output()).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000);
      await openLive(url!);
      await second.interrupt();
    } finally {
      await engine.stop();
    }
  }, 300_000);

  it('with NODE_ENV=production and no endpoint it stops at once and says what to set', async () => {
    const example = await startExample();
    const app = shell.start(example, { NODE_ENV: 'production', PORT: String(await freePort()) });
    const started = Date.now();
    await app.waitFor(/Set RIVET_ENDPOINT to your engine/, 120_000);
    expect(await app.exited).not.toBe(0);
    expect(app.output()).not.toMatch(/example app on/);
    expect(Date.now() - started).toBeLessThan(60_000); // the build, then a fast refusal
  }, 180_000);

  async function openLive(url: string) {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(url, { timeout: 30_000 });
    await page
      .getByTestId('status')
      .filter({ hasText: 'live' })
      .waitFor({ timeout: 30_000 })
      .catch((error: Error) => {
        throw new Error(`${error.message}\npage errors: ${errors.join('\n')}`);
      });
    return page;
  }
});
