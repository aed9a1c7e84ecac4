import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CleanShell } from '../fixtures/clean-shell.ts';
import { freePort } from '../fixtures/ports.ts';
import { shellBrowserTest as test } from '../fixtures/test.ts';

// `npm run example:web` as the README says, in a fresh shell (no NODE_ENV, nothing from vitest).
describe('npm run example:web on the embedded default, in a fresh shell', () => {
  let shell: CleanShell;
  let browser: Browser;
  test.beforeAll(({ shell: started, browser: launched }) => {
    [shell, browser] = [started, launched];
  });

  it('a click in one tab shows in another, and Ctrl-C stops the app and its engine', async () => {
    const env = { PORT: String(await freePort()), RIVET_RUN_ENGINE_PORT: String(await freePort()) };
    const app = shell.start('npm run example:web', env);
    const [, url] = await app.waitFor(/web example on (http:\/\/\S+)/, 120_000);
    const open = async () => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(url!);
      return page;
    };
    const [a, b] = [await open(), await open()];
    const value = () => b.locator('li[data-key="c0"]').getAttribute('data-value');
    await expect.poll(value, { timeout: 15_000 }).not.toBeNull();
    const before = Number(await value());
    await a.locator('#inc-c0').click();
    await expect.poll(value, { timeout: 15_000 }).toBe(String(before + 1));

    await app.interrupt();
    await expect.poll(() => shell.embeddedEngineRunning(), { timeout: 15_000 }).toBe(false);
  }, 180_000);
});
