'use server';
// Server actions: the only way a browser changes the shared counter and guestbook. They run on
// the app server, check what was sent, and write the persisted signals; every live view that
// reads a signal then re-renders in every tab, on every app server, through the hub's stream.
// So the hub's `authorize` gives browsers no write on `app/*` (see signals.ts).
import { type ActionResult, actionResult } from 'reactive-rsc/server';
import { entryFrom, type SignState, sent } from './guestbook-entry.ts';
import { counter, guestbook } from './signals.ts';

/** +1 on the shared counter: the new count, or the error that refused it. */
export async function increment(
  _previous: ActionResult<number> | null,
): Promise<ActionResult<number>> {
  return actionResult(() => counter.add(1));
}

/** Signs the guestbook (the last 20 entries are kept); a refused entry keeps its fields. */
export async function sign(_previous: SignState, form: FormData): Promise<SignState> {
  let name = sent(form, 'name');
  const result = await actionResult(async () => {
    const entry = entryFrom(form);
    name = entry.name;
    await guestbook.append({ ...entry, at: new Date() }, { max: 20 });
    return null;
  });
  return { result, name, text: result.ok ? '' : sent(form, 'text') };
}
