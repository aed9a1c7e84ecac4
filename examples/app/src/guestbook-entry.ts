// A guestbook entry as a browser may send it, checked on the server before anything is written.
// Shared by the server action (which checks) and the form (which shows the same limits).
import { BadRequestError } from 'reactive-rsc';
import type { ActionResult } from 'reactive-rsc/server';

export const limits = { name: 40, text: 280 } as const;

/** What the sign form shows: the last outcome, and the fields to fill it with again. */
export interface SignState {
  result: ActionResult<null> | null;
  name: string;
  text: string;
}

/** A field as sent, or '' when it is missing or a file: for showing it again, never for storing. */
export function sent(form: FormData, field: string): string {
  const value = form.get(field);
  return typeof value === 'string' ? value : '';
}

/**
 * The entry's name and text, trimmed; `BadRequestError` when a field is missing, empty, longer
 * than its limit (in characters, so an emoji counts once) or holds a control character. A form
 * post is whatever a client chooses to send: the browser's `required`/`maxLength` are no check.
 */
export function entryFrom(form: FormData): { name: string; text: string } {
  const field = (name: keyof typeof limits) => {
    const value = form.get(name);
    if (typeof value !== 'string') throw new BadRequestError(`The entry has no ${name}`);
    const trimmed = value.trim();
    const length = [...trimmed].length;
    if (length === 0) throw new BadRequestError(`The ${name} is empty`);
    if (length > limits[name]) {
      throw new BadRequestError(
        `The ${name} is ${length} characters; at most ${limits[name]} are allowed`,
      );
    }
    if (/\p{Cc}/u.test(trimmed)) {
      throw new BadRequestError(`The ${name} holds a control character`);
    }
    return trimmed;
  };
  return { name: field('name'), text: field('text') };
}
