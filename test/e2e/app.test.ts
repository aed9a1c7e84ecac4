import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, buildApp, startApp } from '../fixtures/app.ts';
import { launchBrowser } from '../fixtures/browser.ts';
import { type Engine, startEngine } from '../fixtures/engine.ts';

describe('the example app: live server components in Chromium', () => {
  let engine: Engine;
  let app: AppProcess;
  let browser: Browser;
  beforeAll(async () => {
    [engine, browser] = await Promise.all([startEngine(), launchBrowser(), buildApp()]).then(
      ([e, b]) => [e, b] as const,
    );
    app = await startApp(engine);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await engine?.stop();
  });

  async function tab(url = app.url) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const streams: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'eventsource') streams.push(r.url());
    });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(url);
    await page.getByTestId('status').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
    return { page, streams, close: () => context.close() };
  }
  const text = (page: Page, id: string) => page.getByTestId(id).textContent();

  it('clicking + in tab A re-renders the server count in tab B, over one connection each', async () => {
    const a = await tab();
    const b = await tab();
    const before = Number(await text(b.page, 'count'));
    await a.page.getByTestId('increment').click();
    await expect.poll(() => text(b.page, 'count'), { timeout: 10_000 }).toBe(String(before + 1));
    await expect.poll(() => text(a.page, 'count'), { timeout: 10_000 }).toBe(String(before + 1));
    expect(a.streams).toHaveLength(1);
    expect(b.streams).toHaveLength(1);
    await a.page.screenshot({ path: 'test/e2e/screenshots/app.png', fullPage: true });
    await a.close();
    await b.close();
  }, 60_000);
});
