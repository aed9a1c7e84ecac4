import {
  createTemporaryReferenceSet,
  decodeAction,
  decodeFormState,
  decodeReply,
  loadServerAction,
  renderToReadableStream,
} from '@vitejs/plugin-rsc/rsc/server';
import type { ReactNode } from 'react';
import type { ReactFormState } from 'react-dom/client';
import { reactiveRegistry, serverlessMode } from 'reactive-rsc/rivet';
import {
  BadRequestError,
  LimitExceededError,
  liveStats,
  UnauthorizedError,
} from 'reactive-rsc/server';
import { app, hub, userOf, users, visits } from '../reactive.ts';
import { Root } from '../root.tsx';
import { ACTION_HEADER } from './action-header.ts';

/** What the rsc entry sends the ssr entry and the browser. */
export interface RscPayload {
  /** The page; absent from the answer to an action called from JavaScript (see callAction). */
  root?: ReactNode;
  /** An action called from JavaScript: what it returned, or what it threw. */
  returnValue?: { ok: boolean; data: unknown };
  /** A form posted without JavaScript: the state its `useActionState` shows in the new page. */
  formState?: ReactFormState;
}

/** Largest action body: a guestbook entry is well under 1 KiB. */
const MAX_ACTION_BYTES = 64 * 1024;

/** Starts this process as a runner; the server awaits it before it listens, so it fails fast. */
export async function ready(): Promise<void> {
  await Promise.all([app.backend.ready(), users.backend.ready()]);
}

/**
 * Hands this runner's actors back to the engine, which starts them again on the next runner at
 * once; a runner that just vanishes keeps its actors unreachable until the engine notices.
 */
export async function shutdown(): Promise<void> {
  await reactiveRegistry.shutdown();
}

/**
 * Every request: the hub at /_reactive; server actions (a POST to the page); else the page (RSC
 * payload, turned into HTML by ssr). A refused action post is answered with its coded error.
 */
export default async function handler(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/_reactive') return hub(request);
  // RivetKit's serverless mode: the engine runs actors by calling the registry here.
  if (serverlessMode() && url.pathname.startsWith('/api/rivet/')) {
    return reactiveRegistry.handler(request);
  }
  if (url.pathname === '/_stats') {
    // For monitoring (and the tests): sessions, subscriptions, views, running producers.
    return Response.json({ ...hub.stats(), ...liveStats() });
  }
  if (url.pathname !== '/') return new Response('Not found', { status: 404 });
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'POST') {
    return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, POST' } });
  }

  let formState: ReactFormState | undefined;
  if (request.method === 'POST') {
    assertActionPost(request);
    const id = request.headers.get(ACTION_HEADER);
    if (id) return callAction(request, id);
    formState = await postForm(request);
  }

  // The page's RSC payload alone: what the browser fetches to refresh after a server edit.
  if (request.headers.get('accept')?.includes('text/x-component')) {
    const root = <Root user={userOf(request) ?? ''} />;
    return new Response(renderToReadableStream<RscPayload>({ root }), {
      headers: { 'content-type': 'text/x-component; charset=utf-8', 'cache-control': 'no-store' },
    });
  }

  // A user id in a cookie stands in for a login: it keys the user's theme.
  const known = userOf(request);
  const user = known ?? crypto.randomUUID().replaceAll('-', '');
  if (request.method === 'GET') await visits.add(1); // a form post is not a visit

  const rscStream = renderToReadableStream<RscPayload>({ root: <Root user={user} />, formState });
  const ssr = await import.meta.viteRsc.loadModule<typeof import('./entry.ssr.tsx')>(
    'ssr',
    'index',
  );
  const html = await ssr.renderHTML(rscStream, { formState });
  const headers = new Headers({ 'content-type': 'text/html; charset=utf-8' });
  if (!known) headers.set('set-cookie', `user=${user}; Path=/; SameSite=Lax; HttpOnly`);
  return new Response(html, { headers });
}

/**
 * An action runs only for a page of this site, and reads a bounded body. A browser names the
 * page's origin on every POST: another site's form (cross-site request forgery) is refused. Node's
 * HTTP parser ends a body at its declared length, so the length caps what is read.
 */
function assertActionPost(request: Request): void {
  const origin = request.headers.get('origin');
  if (origin && new URL(origin).host !== request.headers.get('host')) {
    throw new UnauthorizedError(`An action posted from ${origin} is refused`);
  }
  const length = request.headers.get('content-length');
  if (length === null) throw new BadRequestError('An action post needs a content-length');
  if (Number(length) > MAX_ACTION_BYTES) {
    throw new LimitExceededError(`The body is ${length} bytes; the limit is ${MAX_ACTION_BYTES}`);
  }
}

/**
 * An action called from JavaScript (React's `callServer`, set in the browser entry): the answer
 * is its return value alone, not the page. The tab's live views bring the new state over the
 * stream; a page rendered here could reach the tab after a newer pushed render and show an
 * older value than the tab already had.
 */
async function callAction(request: Request, id: string): Promise<Response> {
  const body = request.headers.get('content-type')?.startsWith('multipart/form-data')
    ? await request.formData()
    : await request.text();
  const temporaryReferences = createTemporaryReferenceSet();
  const args = await decodeReply(body, { temporaryReferences });
  let action: unknown;
  try {
    action = await loadServerAction(id);
  } catch (cause) {
    throw new BadRequestError(`No server action ${id}`, { cause });
  }
  if (typeof action !== 'function') throw new BadRequestError(`No server action ${id}`);
  let returnValue: NonNullable<RscPayload['returnValue']>;
  try {
    returnValue = { ok: true, data: await action.apply(null, args) };
  } catch (error) {
    console.error(`example app: action ${id} failed:`, error);
    returnValue = { ok: false, data: error };
  }
  return new Response(
    renderToReadableStream<RscPayload>({ returnValue }, { temporaryReferences }),
    {
      status: returnValue.ok ? 200 : 500,
      headers: { 'content-type': 'text/x-component; charset=utf-8', 'cache-control': 'no-store' },
    },
  );
}

/**
 * A form posted by the browser itself: before hydration, or with JavaScript off (progressive
 * enhancement). React names the action in the form's fields; the page is then rendered after
 * the write, with the state the action returned for its `useActionState`.
 */
async function postForm(request: Request): Promise<ReactFormState | undefined> {
  const form = await request.formData();
  // React's decodeAction answers null for a form that names no action (its types say otherwise),
  // and throws, at once, for one that names an action this app does not have.
  const noAction = (cause?: unknown) =>
    new BadRequestError('The form names no server action of this app', { cause });
  let action: (() => Promise<unknown>) | null;
  try {
    action = await decodeAction(form);
  } catch (cause) {
    throw noAction(cause);
  }
  if (!action) throw noAction();
  return decodeFormState(await action(), form);
}
