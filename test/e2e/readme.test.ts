// The README's set-up, run exactly as written in a clean shell (no NODE_ENV, nothing from
// vitest), then driven in Chromium until it is live. The test command itself is what
// `.ci/run` runs the same way.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../fixtures/browser.ts';
import { type CleanShell, cleanShell, readmeCommands } from '../fixtures/clean-shell.ts';
import { freePort } from '../fixtures/ports.ts';

describe("the README's two commands, in a fresh shell", () => {
  let shell: CleanShell;
  let browser: Browser;
  beforeAll(async () => {
    [shell, browser] = await Promise.all([cleanShell(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await shell?.dispose();
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

    const open = async () => {
      const page = await (await browser.newContext()).newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(url!, { timeout: 30_000 });
      await page
        .getByTestId('status')
        .filter({ hasText: 'live' })
        .waitFor({ timeout: 30_000 })
        .catch((error: Error) => {
          throw new Error(`${error.message}\npage errors: ${errors.join('\n')}`);
        });
      return page;
    };
    const a = await open();
    const b = await open();
    const count = () => b.getByTestId('count').textContent();
    const before = Number(await count());
    await a.getByTestId('increment').click();
    await expect.poll(count, { timeout: 15_000 }).toBe(String(before + 1));

    await app.interrupt();
    expect(app.output()).not.toMatch(/Error/);
    // The embedded engine outlives a runner by design; the example's Ctrl-C stops it too.
    await expect.poll(() => shell.embeddedEngineRunning(), { timeout: 15_000 }).toBe(false);
  }, 300_000);
});
