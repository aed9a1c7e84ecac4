import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type DevApp, startDevApp } from '../fixtures/dev-app.ts';
import type { Engine } from '../fixtures/engine.ts';
import { engineBrowserTest as test } from '../fixtures/test.ts';

describe('the example app under vite dev: live views, and edits without a reload', () => {
  let engine: Engine;
  let app: DevApp;
  let browser: Browser;
  test.beforeAll(async ({ engine: started, browser: chromium }) => {
    [engine, browser] = [started, chromium];
    app = await startDevApp(engine);
  }, 60_000);
  test.afterAll(async () => {
    await browser?.close(); // before the dev server its tabs are connected to
    if (process.env.SHOW_DEV_LOG) console.log(app?.output());
    await app?.stop();
  });

  const text = (page: Page, id: string) => page.getByTestId(id).textContent();
  const errors: string[] = [];

  async function tab() {
    const context = await browser.newContext();
    const page = await context.newPage();
    const streams: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'eventsource') streams.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    if (process.env.SHOW_DEV_LOG) page.on('console', (m) => console.log('page:', m.text()));
    // A fresh dev server may fail the first page until its client references are loaded
    // (upstream plugin-rsc): a page that does not go live is loaded once more.
    for (let attempt = 1; ; attempt++) {
      try {
        await page.goto(app.url, { timeout: 20_000 });
        await page.getByTestId('status').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
        break;
      } catch (error) {
        if (attempt === 2) throw error;
      }
    }
    // A marker a reload would wipe.
    await page.evaluate(() => {
      (window as { marker?: string }).marker = 'not reloaded';
    });
    return { page, streams };
  }
  const marker = (page: Page) => page.evaluate(() => (window as { marker?: string }).marker);

  it('goes live, takes an edit of a live view without a reload, and keeps re-rendering live', async () => {
    const a = await tab();
    const b = await tab();
    expect(a.streams.length).toBeGreaterThan(0);

    // Live: a click in tab A shows in tab B.
    const before = Number(await text(b.page, 'count'));
    await a.page.getByTestId('increment').click();
    await expect.poll(() => text(b.page, 'count'), { timeout: 10_000 }).toBe(String(before + 1));

    // Edit a live view's file: both tabs show the new label, without a reload.
    const views = join(app.dir, 'src', 'views.tsx');
    const source = await readFile(views, 'utf8');
    expect(source).toContain('<h2>Shared counter</h2>');
    await writeFile(
      views,
      source.replace('<h2>Shared counter</h2>', '<h2>Shared counter, edited</h2>'),
    );
    for (const { page } of [a, b]) {
      await expect
        .poll(() => page.locator('section h2').first().textContent(), { timeout: 15_000 })
        .toBe('Shared counter, edited');
    }
    expect(await marker(a.page)).toBe('not reloaded');
    expect(await marker(b.page)).toBe('not reloaded');

    // Still live after the edit, with the new code: a click in B re-renders A, label kept.
    const now = Number(await text(a.page, 'count'));
    await b.page.getByTestId('increment').click();
    await expect.poll(() => text(a.page, 'count'), { timeout: 10_000 }).toBe(String(now + 1));
    expect(await a.page.locator('section h2').first().textContent()).toBe('Shared counter, edited');
    // The server interval (a producer) keeps ticking in the open tab after the edit.
    const ticks = Number(await text(a.page, 'ticks'));
    await expect
      .poll(async () => Number(await text(a.page, 'ticks')), { timeout: 10_000 })
      .toBeGreaterThan(ticks);
    expect(await marker(a.page)).toBe('not reloaded');
    expect(await marker(b.page)).toBe('not reloaded');
    // The server reloads its modules (`(rsc) program reload`); the browser never reloads the page.
    expect(app.output()).not.toMatch(/\(client\) page reload/);
    expect(app.output()).not.toMatch(/inconsistently optimized/);
    expect(errors).toEqual([]);
  }, 60_000);
});
