import { type WireError, wireOf } from '../errors.ts';

/**
 * What a server action hands back to its form: the value it wrote, or the typed error that refused
 * the write, as `{ code, message }`. The error is returned, not thrown, for two reasons: React
 * withholds a thrown action error's message in production (the browser gets a digest), and a
 * form posted without JavaScript gets nothing but the state its action returned.
 */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

/**
 * Runs a server action's writes. An error of ours (a refused entry, `VALUE_TOO_LARGE`,
 * `BACKEND_UNAVAILABLE`…) comes back as `{ ok: false, error }` for the page to show; anything
 * else is a bug on the server and is thrown, to be logged and answered as one.
 */
export async function actionResult<T>(run: () => T | Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const wire = wireOf(error);
    if (wire) return { ok: false, error: wire };
    throw error;
  }
}
