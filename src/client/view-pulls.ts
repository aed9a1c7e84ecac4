import type { ReactNode } from 'react';
import { backoffMs } from '../core/backoff.ts';
import type { KeyVersion } from '../core/protocol.ts';
import { type ErrorCode, InternalError, ReactiveError } from '../errors.ts';
import type { PullViews } from './live-boundary.ts';
import { pullView } from './live-pull.ts';

/** Pulls in a row that may fail before the view's error is reported (it keeps trying). */
const PULL_TRIES = 3;

/**
 * Refusals that the same token cannot get past however often it asks: an expired or forged
 * token, a request the view may not read, a view this server does not know. A reload of the
 * page brings a new token.
 */
const FINAL: ReadonlySet<ErrorCode> = new Set(['UNAUTHORIZED', 'BAD_REQUEST']);

export interface ViewPulls {
  /** The hub says the view changed; `deps` are the versions its notice named. */
  stale(deps: KeyVersion[]): void;
  stop(): void;
}

/**
 * The pulls of one view: one at a time, the newest change wins (a change during a pull pulls
 * again once it is back), failures tried again with growing pauses and reported at the third in
 * a row. A final refusal (`FINAL`) is reported at once and ends the view's pulls: it keeps
 * showing its last render, and asking again would only be refused again.
 */
export function viewPulls(
  pull: PullViews,
  view: { id: string; token: string },
  show: (content: ReactNode) => void,
  report: (error: ReactiveError) => void,
): ViewPulls {
  let running = false;
  let again = false;
  let stopped = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** The versions the newest notice named: the render pulled must be at least that new. */
  let wanted: KeyVersion[] = [];
  async function run(): Promise<void> {
    running = true;
    do {
      again = false;
      try {
        const next = await pullView(pull, { token: view.token, deps: wanted });
        failures = 0;
        // Shown even if the view changed again meanwhile: it is newer than what the tab shows.
        if (!stopped) show(next);
      } catch (caught) {
        const error = asTyped(caught, view.id);
        if (FINAL.has(error.code)) {
          stopped = true;
          report(error);
          break;
        }
        failures++;
        if (failures === PULL_TRIES) report(error);
        if (!stopped) retry = setTimeout(() => stale(wanted), backoffMs(failures));
        break;
      }
    } while (again && !stopped);
    running = false;
  }
  function stale(deps: KeyVersion[]): void {
    if (stopped) return;
    wanted = deps;
    clearTimeout(retry);
    if (running) again = true;
    else void run();
  }
  return {
    stale,
    stop() {
      stopped = true;
      clearTimeout(retry);
    },
  };
}

function asTyped(error: unknown, id: string): ReactiveError {
  if (error instanceof ReactiveError) return error;
  return new InternalError(`Pulling the render of live view ${id} failed`, { cause: error });
}
