import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../fixtures/engine.ts';
import type { AppProcess } from '../fixtures/example-app.ts';
import { type ExampleApp, exampleAppTest as test } from '../fixtures/test.ts';

describe('the example app: live server components in Chromium', () => {
  let engine: Engine;
  let app: AppProcess;
  let app2: AppProcess;
  let browser: Browser;
  let example: ExampleApp;
  test.beforeAll(({ example: started }) => {
    example = started;
    ({ engine, browser, app, app2 } = started);
  }, 120_000);
  test.afterAll(async () => {
    if (process.env.SHOW_ENGINE_LOG) {
      const { readFileSync } = await import('node:fs');
      const lines = readFileSync(`${engine.dir}/engine.log`, 'utf8').split('\n');
      console.log(
        lines
          .filter((l) => /level=(warn|error)/.test(l))
          .map((l) => l.slice(0, 400))
          .join('\n'),
      );
    }
  });

  // Two users (browser contexts, each with its own cookie), each opening tabs as the tests go.
  const users: BrowserContext[] = [];
  async function tab(url = app.url, user = 0) {
    users[user] ??= await browser.newContext();
    const context = users[user];
    const page = await context.newPage();
    const streams: string[] = [];
    const writes: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'eventsource') streams.push(r.url());
      // What writes: a server action (a POST naming it) or a client signal (a hub `write`).
      if (r.headers()['x-rsc-action']) writes.push('action');
      if (r.url().endsWith('/_reactive') && r.postData()?.includes('"type":"write"')) {
        writes.push('hub');
      }
    });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(url, { timeout: 20_000 });
    await page.getByTestId('status').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
    return { page, streams, writes, context, close: () => page.close() };
  }
  const text = (page: Page, id: string) => page.getByTestId(id).textContent();
  const stats = async (base = app.url) =>
    (await (await fetch(`${base}/_stats`)).json()) as {
      sessions: number;
      views: number;
      producers: number;
    };
  const post = (page: Page, body: unknown) =>
    page.evaluate(async (b) => {
      const response = await fetch('/_reactive', { method: 'POST', body: JSON.stringify(b) });
      return { status: response.status, body: await response.json() };
    }, body);

  it('clicking + in tab A re-renders the server count in tab B, each tab on one connection', async () => {
    const a = await tab(app.url, 0);
    const b = await tab(app.url, 1);
    const before = Number(await text(b.page, 'count'));
    await a.page.getByTestId('increment').click();
    await expect.poll(() => text(b.page, 'count'), { timeout: 10_000 }).toBe(String(before + 1));
    await expect.poll(() => text(a.page, 'count'), { timeout: 10_000 }).toBe(String(before + 1));
    // A computed over two persisted signals re-renders with either of them.
    const visits = Number(await text(b.page, 'visits'));
    await expect
      .poll(() => text(b.page, 'ratio'))
      .toBe(`${((before + 1) / visits).toFixed(2)} clicks per visit`);
    // The click called a server action; the browser wrote nothing through the hub.
    expect(a.writes).toEqual(['action']);
    // Five live views and a client signal on the page: still one connection per tab.
    expect(a.streams).toHaveLength(1);
    expect(b.streams).toHaveLength(1);
    await a.close();
    await b.close();
  }, 60_000);

  it('a guestbook entry signed in tab A appears in tab B', async () => {
    const a = await tab(app.url, 0);
    const b = await tab(app.url, 1);
    await a.page.getByLabel('name').fill('Ada');
    await a.page.getByLabel('message').fill('Hello from tab A 👋 你好');
    await a.page.getByRole('button', { name: 'Sign' }).click();
    await expect
      .poll(() => b.page.getByTestId('guestbook').textContent(), { timeout: 10_000 })
      .toContain('Hello from tab A 👋 你好');
    expect(a.writes).toEqual(['action']); // signed by a server action
    await expect
      .poll(async () => Number(await text(b.page, 'ticks')), { timeout: 10_000 })
      .toBeGreaterThan(2);
    await b.page.screenshot({ path: 'test/e2e/screenshots/app.png', fullPage: true });
    await a.close();
    await b.close();
  }, 60_000);

  it('the first response already has the current count, and a write before the page goes live is not missed', async () => {
    const html = await (await fetch(app.url)).text();
    const shown = Number(/data-testid="count">(\d+)</.exec(html)?.[1]);
    const writer = await tab();
    const current = Number(await text(writer.page, 'count'));
    expect(shown).toBe(current);

    // Hold the new tab's scripts until another tab has written: it hydrates with the old count.
    const context = users[1] ?? (await browser.newContext());
    const late = await context.newPage();
    await late.route('**/assets/*.js', async (route) => {
      if (!route.request().url().includes('index')) return route.continue();
      await writer.page.getByTestId('increment').click();
      await expect.poll(() => text(writer.page, 'count')).toBe(String(current + 1));
      await route.continue();
    });
    await late.goto(app.url);
    expect(await text(late, 'count')).toBe(String(current));
    await expect.poll(() => text(late, 'count'), { timeout: 10_000 }).toBe(String(current + 1));
    await late.close();
    await writer.close();
  }, 60_000);

  it('refuses forged view props and another user’s theme, with coded errors', async () => {
    const a = await tab();
    const session = 'forged-session-0123456789';
    const forged = await post(a.page, {
      type: 'watch',
      session,
      view: 'eyJuIjoidGhlbWUiLCJwIjoie1wianNvblwiOntcInVzZXJcIjpcInNvbWVvbmUtZWxzZVwifX0ifQ.AAAA',
      deps: [],
    });
    expect(forged).toMatchObject({ status: 403, body: { code: 'UNAUTHORIZED' } });
    const other = await post(a.page, {
      type: 'write',
      key: ['user', 'someoneelse123'],
      op: { op: 'set', data: '{"json":{"theme":"dark"}}' },
    });
    expect(other).toMatchObject({ status: 403, body: { code: 'UNAUTHORIZED' } });
    // Their own theme they may change, through a client signal, and the server-rendered card
    // follows.
    await a.page.getByTestId('toggle-theme').click();
    await expect.poll(() => a.page.getByTestId('theme').getAttribute('data-theme')).toBe('dark');
    expect(a.writes).toEqual(['hub', 'hub']); // the refused write above, then the toggle
    await a.close();
  }, 60_000);

  it('a write on either of two app servers re-renders tabs on both', async () => {
    const a = await tab(app.url, 0);
    const b = await tab(app2.url, 1);
    const before = Number(await text(a.page, 'count'));
    await b.page.getByTestId('increment').click();
    await expect.poll(() => text(a.page, 'count'), { timeout: 10_000 }).toBe(String(before + 1));
    await a.page.getByTestId('increment').click();
    await expect.poll(() => text(b.page, 'count'), { timeout: 10_000 }).toBe(String(before + 2));
    await a.close();
    await b.close();
  }, 60_000);

  it('runs the server interval only while a tab watches it', async () => {
    // Tabs of earlier tests may still be winding down (a session outlives its stream by the TTL).
    await expect.poll(async () => (await stats()).producers, { timeout: 45_000 }).toBe(0);
    const a = await tab();
    await expect
      .poll(async () => Number(await text(a.page, 'ticks')), { timeout: 10_000 })
      .toBeGreaterThan(1);
    expect((await stats()).producers).toBe(1);
    const b = await tab(app.url, 1);
    expect((await stats()).producers).toBe(1); // shared, not one per tab
    await a.close();
    await b.close();
    // The last tab left: the interval stops now, not when the sessions expire.
    await expect.poll(async () => (await stats()).producers, { timeout: 10_000 }).toBe(0);
  }, 90_000);

  it('reconnects after the app server restarts and shows the latest values', async () => {
    const a = await tab();
    const before = Number(await text(a.page, 'count'));
    const port = app.port;
    await app.stop();
    await expect.poll(() => text(a.page, 'status'), { timeout: 10_000 }).not.toBe('live');
    const b = await tab(app2.url, 1);
    await b.page.getByTestId('increment').click(); // written while a's server is down
    await expect.poll(() => text(b.page, 'count'), { timeout: 10_000 }).toBe(String(before + 1));
    app = await example.restart(port);
    await a.page.getByTestId('status').filter({ hasText: 'live' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => text(a.page, 'count'), { timeout: 20_000 }).toBe(String(before + 1));
    await b.page.getByTestId('increment').click();
    await expect.poll(() => text(a.page, 'count'), { timeout: 10_000 }).toBe(String(before + 2));
    await a.close();
    await b.close();
  }, 90_000);
});
