import type { HubAnswers, HubRequest } from '../core/protocol.ts';
import { BackendUnavailableError, fromWire } from '../errors.ts';

/** Sends one request to the hub and resolves with its answer; throws the typed error it sent. */
export type HubPost = <R extends HubRequest>(request: R) => Promise<HubAnswers[R['type']]>;

export function createHubPost(options: {
  url: string;
  fetch: typeof fetch;
  /** Extra headers on every POST (e.g. a CSRF token). */
  headers: Record<string, string> | undefined;
}): HubPost {
  const { url } = options;
  return async <R extends HubRequest>(request: R): Promise<HubAnswers[R['type']]> => {
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify(request),
      });
    } catch (cause) {
      throw new BackendUnavailableError(`The hub at ${url} could not be reached`, { cause });
    }
    const answer: unknown = await response.json().catch(() => undefined);
    // The hub that parsed the request answers in kind (see `HubAnswers`).
    if (response.ok) return answer as HubAnswers[R['type']];
    throw (
      fromWire(answer) ??
      new BackendUnavailableError(`The hub answered ${response.status} ${response.statusText}`)
    );
  };
}
