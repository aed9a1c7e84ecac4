import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppProcess } from '../fixtures/example-app.ts';
import { exampleAppTest as test } from '../fixtures/test.ts';

// The example app's writes go through server actions: with and without JavaScript, across two
// app servers, and nothing else may write the shared signals.
describe('the example app: server actions are the write path', () => {
  let app: AppProcess;
  let app2: AppProcess;
  let browser: Browser;
  test.beforeAll(({ example }) => {
    ({ browser, app, app2 } = example);
  }, 120_000);

  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  /** A tab of a new user; with JavaScript it is live and carries a marker a reload would wipe. */
  async function tab(url: string, { javaScript = true } = {}) {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    contexts.push(context);
    const page = await context.newPage();
    const hubWrites: string[] = [];
    const actionCalls: string[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'POST') return;
      if (r.url().endsWith('/_reactive') && r.postData()?.includes('"write"')) {
        hubWrites.push(r.postData() ?? '');
      }
      if (r.headers()['x-rsc-action']) actionCalls.push(r.headers()['x-rsc-action'] ?? '');
    });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(url, { timeout: 20_000 });
    if (javaScript) {
      await page.getByTestId('status').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
      await page.evaluate(() => {
        (window as { __marker?: string }).__marker = 'not reloaded';
      });
    }
    return { page, hubWrites, actionCalls };
  }
  const marker = (page: Page) =>
    page.evaluate(() => (window as { __marker?: string }).__marker ?? 'reloaded');
  const text = async (page: Page, id: string) => (await page.getByTestId(id).textContent()) ?? '';
  const count = async (page: Page) => Number(await text(page, 'count'));

  /** Submits a form the way a browser without JavaScript does: a POST, then a new page. */
  async function post(page: Page, submit: () => Promise<void>) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.waitForEvent('load'),
      submit(),
    ]);
    return response;
  }

  /** A raw hub request from a user's browser, as an attacker would send it. */
  const hub = (page: Page, body: unknown) =>
    page.evaluate(async (b) => {
      const response = await fetch('/_reactive', { method: 'POST', body: JSON.stringify(b) });
      return { status: response.status, body: (await response.json()) as { code?: string } };
    }, body);
  /** What the engine holds for a key, read back through the hub (reads stay open). */
  const stored = async (name: 'counter' | 'guestbook') => {
    const response = await fetch(`${app.url}/_reactive`, {
      method: 'POST',
      body: JSON.stringify({ type: 'read', key: ['app', name] }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { version: number; data: string | null };
  };

  it('without JavaScript, + and Sign post the form and the page that comes back shows the write', async () => {
    const { page } = await tab(app.url, { javaScript: false });
    const before = await count(page);
    const first = await post(page, () => page.getByTestId('increment').click());
    expect(first.status()).toBe(200);
    expect(first.headers()['content-type']).toContain('text/html');
    expect(await count(page)).toBe(before + 1);
    expect(JSON.parse((await stored('counter')).data ?? '{}')).toMatchObject({ json: before + 1 });

    await page.getByLabel('name').fill('No script');
    await page.getByLabel('message').fill('Signed without JavaScript');
    const signed = await post(page, () => page.getByRole('button', { name: 'Sign' }).click());
    expect(signed.status()).toBe(200);
    expect(await text(page, 'guestbook')).toContain('Signed without JavaScript');
    // The new page keeps the name and empties the message.
    expect(await page.getByLabel('name').inputValue()).toBe('No script');
    expect(await page.getByLabel('message').inputValue()).toBe('');

    // A message of spaces passes the browser's `required` and is refused by the action: the new
    // page shows the coded error and keeps what was typed.
    const { version } = await stored('guestbook');
    await page.getByLabel('message').fill('   ');
    await post(page, () => page.getByRole('button', { name: 'Sign' }).click());
    expect(await text(page, 'sign-error')).toBe('BAD_REQUEST: The text is empty');
    expect(await page.getByLabel('name').inputValue()).toBe('No script');
    expect((await stored('guestbook')).version).toBe(version);
  }, 60_000);

  it('with JavaScript, an action writes without a reload and every tab shows it live', async () => {
    const a = await tab(app.url);
    const b = await tab(app.url);
    const before = await count(b.page);
    await a.page.getByTestId('increment').click();
    await expect.poll(() => count(b.page), { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(() => count(a.page), { timeout: 10_000 }).toBe(before + 1);

    await a.page.getByLabel('name').fill('Ada');
    await a.page.getByLabel('message').fill('Signed through an action 👋');
    await a.page.getByRole('button', { name: 'Sign' }).click();
    await expect
      .poll(() => text(b.page, 'guestbook'), { timeout: 10_000 })
      .toContain('Signed through an action 👋');
    await expect.poll(() => a.page.getByLabel('message').inputValue()).toBe('');
    expect(await text(a.page, 'guestbook')).toContain('Signed through an action 👋');

    expect(await marker(a.page)).toBe('not reloaded');
    expect(a.actionCalls).toHaveLength(2); // React called the actions: no form post, no reload
    expect(a.hubWrites).toEqual([]); // and the browser wrote nothing through the hub
  }, 60_000);

  it('refuses a 10,000-character text or a missing field with a coded error, and stores nothing', async () => {
    const a = await tab(app.url);
    const { version } = await stored('guestbook');
    const message = a.page.getByLabel('message');
    // The browser's maxLength is no check: a client sends what it likes.
    await message.evaluate((input) => input.removeAttribute('maxlength'));
    await a.page.getByLabel('name').fill('Ada');
    await message.fill('x'.repeat(10_000));
    await a.page.getByRole('button', { name: 'Sign' }).click();
    await expect
      .poll(() => text(a.page, 'sign-error'), { timeout: 10_000 })
      .toBe('BAD_REQUEST: The text is 10000 characters; at most 280 are allowed');
    expect(await message.inputValue()).toHaveLength(10_000); // kept, to shorten
    expect((await stored('guestbook')).version).toBe(version);

    // No `name` field at all.
    await a.page.getByLabel('name').evaluate((input) => input.setAttribute('name', 'nom'));
    await message.fill('Hello');
    await a.page.getByRole('button', { name: 'Sign' }).click();
    await expect
      .poll(() => text(a.page, 'sign-error'), { timeout: 10_000 })
      .toBe('BAD_REQUEST: The entry has no name');
    expect((await stored('guestbook')).version).toBe(version);
    expect(await marker(a.page)).toBe('not reloaded');

    // The same refusals without JavaScript, in the page the post brings back.
    const { page } = await tab(app.url, { javaScript: false });
    await page.getByLabel('message').evaluate((input) => input.removeAttribute('maxlength'));
    await page.getByLabel('name').fill('Ada');
    await page.getByLabel('message').fill('y'.repeat(10_000));
    await post(page, () => page.getByRole('button', { name: 'Sign' }).click());
    expect(await text(page, 'sign-error')).toBe(
      'BAD_REQUEST: The text is 10000 characters; at most 280 are allowed',
    );
    await page.getByLabel('message').evaluate((input) => input.setAttribute('name', 'body'));
    await post(page, () => page.getByRole('button', { name: 'Sign' }).click());
    expect(await text(page, 'sign-error')).toBe('BAD_REQUEST: The entry has no text');
    expect((await stored('guestbook')).version).toBe(version);
  }, 60_000);

  it('a click before the page hydrates is not lost, and counts once', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    // The page's scripts wait until the click is made.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/assets/*.js', async (route) => {
      if (route.request().url().includes('index')) await held;
      await route.continue();
    });
    await page.goto(app.url, { waitUntil: 'commit' });
    await page.getByTestId('increment').waitFor();
    const before = await count(page);
    await page.getByTestId('increment').click();
    release();
    await page.getByTestId('status').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => count(page), { timeout: 10_000 }).toBe(before + 1);
    expect(JSON.parse((await stored('counter')).data ?? '{}')).toMatchObject({ json: before + 1 });
    // The browser posted the form itself (React replays no click here), and the page came back.
    expect(navigations).toHaveLength(2);
  }, 60_000);

  it('an action on app server A shows live in a tab on app server B', async () => {
    const onB = await tab(app2.url);
    const onA = await tab(app.url);
    const before = await count(onB.page);
    await onA.page.getByTestId('increment').click();
    await expect.poll(() => count(onB.page), { timeout: 10_000 }).toBe(before + 1);
    await onA.page.getByLabel('name').fill('Server A');
    await onA.page.getByLabel('message').fill('Written on A, shown on B');
    await onA.page.getByRole('button', { name: 'Sign' }).click();
    await expect
      .poll(() => text(onB.page, 'guestbook'), { timeout: 10_000 })
      .toContain('Written on A, shown on B');

    // A form posted without JavaScript on A, too.
    const { page } = await tab(app.url, { javaScript: false });
    await post(page, () => page.getByTestId('increment').click());
    await expect.poll(() => count(onB.page), { timeout: 10_000 }).toBe(before + 2);
    expect(await marker(onB.page)).toBe('not reloaded');
  }, 60_000);

  it('a browser may not write app/* through the hub, nor another user’s theme', async () => {
    const { page } = await tab(app.url);
    const counter = await stored('counter');
    const guestbook = await stored('guestbook');
    const attacks = [
      { key: ['app', 'counter'], op: { op: 'set', data: '{"json":-999999}' } },
      { key: ['app', 'counter'], op: { op: 'add', by: 50 } },
      { key: ['app', 'counter'], op: { op: 'add', by: -1 } },
      { key: ['app', 'counter'], op: { op: 'delete' } },
      { key: ['app', 'guestbook'], op: { op: 'set', data: '{"json":[]}' } },
      { key: ['app', 'guestbook'], op: { op: 'merge', patch: '{"json":{"0":"spam"}}' } },
      { key: ['app', 'guestbook'], op: { op: 'append', item: '{"json":"spam"}' } },
      { key: ['app', 'guestbook'], op: { op: 'delete' } },
      { key: ['user', 'someoneelse123'], op: { op: 'set', data: '{"json":{"theme":"dark"}}' } },
    ];
    for (const attack of attacks) {
      expect(await hub(page, { type: 'write', ...attack })).toEqual({
        status: 403,
        body: { code: 'UNAUTHORIZED', message: expect.stringContaining(attack.key.join('/')) },
      });
    }
    expect(await stored('counter')).toEqual(counter);
    expect(await stored('guestbook')).toEqual(guestbook);
    // Their own theme a user still writes through a client signal, with a value the theme's
    // schema knows (the rule checks it with the declared signal's schema).
    const user = (await page.context().cookies()).find((c) => c.name === 'user')?.value;
    expect(
      await hub(page, {
        type: 'write',
        key: ['user', user],
        op: { op: 'set', data: '{"json":{"theme":"neon"}}' },
      }),
    ).toMatchObject({ status: 422, body: { code: 'INVALID_VALUE' } });
    await page.getByTestId('toggle-theme').click();
    await expect.poll(() => page.getByTestId('theme').getAttribute('data-theme')).toBe('dark');
  }, 60_000);

  it('refuses an action posted from another site’s form, and one naming no action of the app', async () => {
    const before = await stored('counter');
    const refused = async (init: RequestInit) => {
      const response = await fetch(app.url, { method: 'POST', ...init });
      return { status: response.status, code: ((await response.json()) as { code: string }).code };
    };
    const form = new URLSearchParams({ $ACTION_ID_anything: '' });
    expect(await refused({ headers: { origin: 'https://elsewhere.example' }, body: form })).toEqual(
      { status: 403, code: 'UNAUTHORIZED' },
    );
    expect(await refused({ body: form })).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(await refused({ body: new URLSearchParams({ name: 'x' }) })).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
    });
    expect(await refused({ headers: { 'x-rsc-action': 'nowhere#increment' }, body: '[]' })).toEqual(
      { status: 400, code: 'BAD_REQUEST' },
    );
    expect(await stored('counter')).toEqual(before);
  });
});
