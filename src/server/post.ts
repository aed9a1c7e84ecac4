import type { Backend } from '../core/backend.ts';
import type { SignalKey } from '../core/key.ts';
import { parseHubRequest } from '../core/parse-request.ts';
import type { HubAnswers } from '../core/protocol.ts';
import { type Authorize, assertAllowed, assertMayWatch, assertServed, readOnly } from './access.ts';
import { writeAsDeclared } from './declared-write.ts';
import { jsonResponse, readJsonBody } from './http-json.ts';
import { verifyView } from './live/token.ts';
import { viewReads } from './live/views.ts';
import type { SessionChanges } from './session-changes.ts';
import { type WriteRule, writeByRule } from './write-rules.ts';

export interface PostOptions {
  backend: Backend;
  authorize: Authorize;
  writes: readonly WriteRule[] | undefined;
  changes: SessionChanges;
  maxBodyBytes: number;
}

/** Answers one POST: a read, a write, or a change to a session's subscriptions. */
export async function answerPost(request: Request, options: PostOptions): Promise<Response> {
  const { backend, authorize, changes } = options;
  const message = parseHubRequest(await readJsonBody(request, options.maxBodyBytes));
  switch (message.type) {
    case 'subscribe': {
      for (const { key, store } of message.keys) assertServed(backend, key, store);
      for (const { key } of message.keys)
        await assertAllowed(authorize, { request, key, op: 'read' });
      await changes.change(message);
      return jsonResponse({ subscribed: message.keys.length } satisfies HubAnswers['subscribe']);
    }
    case 'unsubscribe':
      await changes.change(message);
      return jsonResponse({
        unsubscribed: message.keys.length,
      } satisfies HubAnswers['unsubscribe']);
    case 'watch': {
      // Check the token where the request lands, so a forged one fails here and now, and what
      // the view reads under this request, so a leaked token of a private view shows nothing.
      const { id, name, props } = verifyView(message.view);
      await assertMayWatch(authorize, request, name, await readsUnless(authorize, name, props));
      await changes.change(message);
      return jsonResponse({ watching: id } satisfies HubAnswers['watch']);
    }
    case 'unwatch':
      await changes.change(message);
      return jsonResponse({ unwatched: message.view } satisfies HubAnswers['unwatch']);
    case 'read': {
      const { key, store } = message;
      assertServed(backend, key, store);
      await assertAllowed(authorize, { request, key, op: 'read' });
      return jsonResponse((await backend.read(key)) satisfies HubAnswers['read']);
    }
    case 'write': {
      const { key, store, op } = message;
      assertServed(backend, key, store);
      if (options.writes) {
        const stored = await writeByRule(backend, options.writes, request, key, op);
        return jsonResponse(stored satisfies HubAnswers['write']);
      }
      await assertAllowed(authorize, { request, key, op: 'write', write: op });
      return jsonResponse((await writeAsDeclared(backend, key, op)) satisfies HubAnswers['write']);
    }
  }
}

/** What view `name` reads, unless every read is allowed anyway (no render then). */
function readsUnless(
  authorize: Authorize,
  name: string,
  props: Record<string, unknown>,
): Promise<SignalKey[]> {
  return authorize === readOnly ? Promise.resolve([]) : viewReads(name, props);
}
