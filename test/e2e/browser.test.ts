import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startWebExample } from '../../examples/web/server.ts';
import { createMemoryBackend } from '../../src/index.ts';
import { browserTest as test } from '../fixtures/test.ts';

type Example = Awaited<ReturnType<typeof startWebExample>>;

describe('the browser client in real Chromium', () => {
  let browser: Browser;
  const backend = createMemoryBackend();
  let example: Example;
  test.beforeAll(async ({ browser: chromium }) => {
    browser = chromium;
    example = await startWebExample({ backend });
  });
  test.afterAll(async () => {
    await browser?.close(); // before the server its tabs are connected to
    await example?.stop();
  });

  async function openPage(query = '') {
    const page = await browser.newPage();
    const streams: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'eventsource') streams.push(request.url());
    });
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(`${example.url}/${query}`);
    await page.locator('#status', { hasText: 'live' }).waitFor();
    return { page, streams };
  }

  const shown = (page: Page, name: string) =>
    page.locator(`li[data-key="${name}"]`).getAttribute('data-value');

  it('a page watching 1,000 signals holds exactly one connection to the hub', async () => {
    const { page, streams } = await openPage('?n=1000');
    await expect.poll(() => page.locator('#counters li').count()).toBe(1000);
    await expect.poll(() => example.hub.stats().subscriptions, { timeout: 10_000 }).toBe(1002);
    expect(streams).toHaveLength(1);
    expect(example.openStreams()).toBe(1);
    expect(example.hub.stats().sessions).toBe(1);

    await example.signal('c999', 0).set(999);
    await expect.poll(() => shown(page, 'c999')).toBe('999');
    expect(streams).toHaveLength(1);
    await page.close();
    await expect.poll(() => example.openStreams()).toBe(0);
  });

  it('a write in tab A shows in tab B', async () => {
    const a = await openPage();
    const b = await openPage();
    const before = Number(await shown(b.page, 'c0'));
    await a.page.click('#inc-c0');
    await expect.poll(() => shown(b.page, 'c0')).toBe(String(before + 1));
    await expect.poll(() => shown(a.page, 'c0')).toBe(String(before + 1));
    expect(await a.page.locator('#error-c0').textContent()).toBe('');
    await a.page.close();
    await b.page.close();
  });

  it('shows the typed error when authorize refuses a write, and nothing changes', async () => {
    const { page } = await openPage();
    await page.click('#inc-locked');
    await expect
      .poll(() => page.locator('#error-locked').textContent())
      .toMatch(/^UnauthorizedError UNAUTHORIZED: Not allowed to write web\/locked/);
    expect(await backend.read(['web', 'locked'])).toEqual({ version: 0, data: null });
    await page.close();
  });

  it('a tab that stops reading during 10,000 writes costs one pending value, then shows the last', async () => {
    const { page, streams } = await openPage();
    const note = example.signal('note', '');
    await note.set('before');
    await expect.poll(() => page.locator('#note').textContent()).toBe('before');
    // Keep the page's main thread busy: the EventSource stops consuming, the socket fills up.
    const busy = page.evaluate(() => {
      const end = Date.now() + 6_000;
      while (Date.now() < end) {
        // a tab that stops reading
      }
    });
    const filler = 'x'.repeat(3000);
    let maxPending = 0;
    const started = Date.now();
    for (let i = 1; i <= 10_000; i++) {
      await note.set(`${filler}${i}`);
      if (i % 500 === 0) maxPending = Math.max(maxPending, example.hub.stats().pending);
    }
    // At most one pending value per subscribed key and session (tabs closed earlier keep theirs
    // until their TTL), however many writes: never a backlog.
    expect(maxPending).toBeLessThanOrEqual(example.hub.stats().subscriptions);
    expect(maxPending).toBeLessThan(50);
    console.log(
      `10,000 writes of 3 KB in ${Date.now() - started} ms to a busy tab; at most ${maxPending} values pending in the hub`,
    );
    await busy;
    await expect
      .poll(() => page.locator('#note').getAttribute('data-length'), { timeout: 20_000 })
      .toBe(String(3005));
    expect(await page.locator('#note').textContent()).toMatch(/x…x+10000$/);
    expect(streams).toHaveLength(1);
    await page.close();
  });

  it('reconnects after the server restarts and shows the latest values', async () => {
    const { page } = await openPage();
    await example.signal('c1', 0).set(10);
    await expect.poll(() => shown(page, 'c1')).toBe('10');
    const port = example.port;
    await example.stop();
    await expect.poll(() => page.locator('#status').textContent()).not.toBe('live');
    await backend.write(['web', 'c1'], { op: 'add', by: 5 }); // written while the hub is down
    example = await startWebExample({ backend, port });
    await page.locator('#status', { hasText: 'live' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => shown(page, 'c1'), { timeout: 15_000 }).toBe('15');
    await example.signal('c1', 0).set(20);
    await expect.poll(() => shown(page, 'c1')).toBe('20');
    await page.close();
  });
});
