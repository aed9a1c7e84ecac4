import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createReactiveBackend, encode } from '../../src/index.ts';
import {
  type AuthorizeRequest,
  createReactiveHandler,
  live,
  useReactive,
} from '../../src/server/index.ts';
import { signView, verifyView } from '../../src/server/live/token.ts';
import { SseReader } from '../fixtures/sse.ts';
import { waitFor } from '../fixtures/wait.ts';

// A private-user policy: everyone reads `app/*`, a user reads only `user/<their id>`; the user
// is the `x-user` header. Then a leaked session id and a leaked view token, tried by another.
const backend = createMemoryBackend();
const users = createReactiveBackend({ backend, namespace: 'user' });
const PrivateNote = live('private-note', ({ user }: { user: string }) => {
  const note = useReactive(users.signal(user, 'nothing yet'));
  return `note of ${user}: ${note}`;
});
void PrivateNote;

const authorize = ({ request, key: [namespace, name], op }: AuthorizeRequest) =>
  op === 'read' && (namespace === 'app' || name === request.headers.get('x-user'));

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup() {
  const hub = createReactiveHandler({
    backend,
    authorize,
    // The body of a render is what this test is about; its RSC bytes are not.
    views: { render: () => new Response('rendered').body as ReadableStream<Uint8Array> },
  });
  cleanups.push(() => hub.close());
  const attach = async (session: string, user: string) => {
    const abort = new AbortController();
    cleanups.push(() => abort.abort());
    const response = await hub(
      new Request(`http://hub/?session=${session}`, {
        headers: { 'x-user': user },
        signal: abort.signal,
      }),
    );
    return { response, events: response.ok ? new SseReader(response.body!) : undefined };
  };
  const post = async (body: unknown, user: string) => {
    const response = await hub(
      new Request('http://hub/', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user': user },
        body: JSON.stringify(body),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { attach, post };
}

describe('hub: identity on streams and views', () => {
  it('refuses a stream attach by someone who may not read what the session reads', async () => {
    const { attach, post } = setup();
    const session = 'ann-session-0123456789';
    await backend.write(['user', 'ann'], { op: 'set', data: encode('secret') });
    expect((await attach(session, 'ann')).response.status).toBe(200);
    const subscribed = await post(
      { type: 'subscribe', session, keys: [{ key: ['user', 'ann'] }] },
      'ann',
    );
    expect(subscribed.status).toBe(200);

    const taken = await attach(session, 'bob');
    expect(taken.response.status).toBe(403);
    expect(await taken.response.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    // Ann herself comes back to her session.
    const back = await attach(session, 'ann');
    expect(back.response.status).toBe(200);
    await waitFor(() => (back.events?.events.length ?? 0) > 0, 'the session event');
    expect(JSON.parse(back.events?.events[0]?.data ?? '{}')).toMatchObject({ resumed: true });
  });

  it('refuses to watch a leaked private view token under another user, and lets its owner watch', async () => {
    const { attach, post } = setup();
    const { token } = signView('private-note', { user: 'ann' });
    const bobSession = 'bob-session-0123456789';
    await attach(bobSession, 'bob');
    const leaked = await post({ type: 'watch', session: bobSession, view: token, deps: [] }, 'bob');
    expect(leaked).toMatchObject({ status: 403, body: { code: 'UNAUTHORIZED' } });

    const annSession = 'ann-session-9876543210';
    await attach(annSession, 'ann');
    const own = await post({ type: 'watch', session: annSession, view: token, deps: [] }, 'ann');
    expect(own.status).toBe(200);
  });

  it('refuses a view token past its expiry with a coded error, and keeps the view id stable', async () => {
    const { attach, post } = setup();
    const session = 'ann-session-expiring-01';
    await attach(session, 'ann');
    const expired = signView('private-note', { user: 'ann' }, -1);
    const answer = await post({ type: 'watch', session, view: expired.token, deps: [] }, 'ann');
    expect(answer).toMatchObject({ status: 403, body: { code: 'UNAUTHORIZED' } });
    expect(answer.body.message).toMatch(/expired .*reload the page/);
    // A fresh token of the same view and props names the same view.
    expect(signView('private-note', { user: 'ann' }).id).toBe(expired.id);
    expect(verifyView(signView('private-note', { user: 'ann' }, 60_000).token)).toMatchObject({
      id: expired.id,
    });
  });
});
