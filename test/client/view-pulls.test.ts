import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { PulledView } from '../../src/client/live-boundary.ts';
import { viewPulls } from '../../src/client/view-pulls.ts';
import type { KeyVersion, ViewPull } from '../../src/core/protocol.ts';
import {
  BackendUnavailableError,
  type ReactiveError,
  UnauthorizedError,
} from '../../src/errors.ts';
import { waitFor } from '../fixtures/wait.ts';

const at = (version: number): KeyVersion[] => [{ key: ['app', 'count'], version }];

/** One view's pulls against `answer` (the app's server action), with what it shows and reports. */
function watch(answer: (view: ViewPull) => PulledView | Promise<PulledView>) {
  const asked: ViewPull[] = [];
  const shown: ReactNode[] = [];
  const reported: ReactiveError[] = [];
  const pulls = viewPulls(
    async (views) => {
      asked.push(...views);
      return Promise.all(views.map(answer));
    },
    { id: 'v1', token: 'token-of-v1' },
    (content) => shown.push(content),
    (error) => reported.push(error),
  );
  return { pulls, asked, shown, reported };
}

describe('the pulls of one live view in a tab', () => {
  it('pulls one at a time: notices during a pull make one more pull, with the newest versions', async () => {
    let release: (() => void) | undefined;
    const view = watch(async (v) => {
      if (!release) await new Promise<void>((resolve) => (release = resolve));
      return { content: `render at ${v.deps[0]?.version}`, deps: v.deps };
    });
    view.pulls.stale(at(1));
    await waitFor(() => release !== undefined, 'the first pull');
    view.pulls.stale(at(2));
    view.pulls.stale(at(3));
    release?.();
    await waitFor(() => view.shown.length === 2, 'two renders');
    expect(view.asked.map((v) => v.deps[0]?.version)).toEqual([1, 3]);
    expect(view.shown).toEqual(['render at 1', 'render at 3']);
    expect(view.reported).toEqual([]);
  });

  it('a refused token (expired, forged) is reported at once and ends the pulls: asking again would be refused again', async () => {
    const view = watch(() => ({
      error: { code: 'UNAUTHORIZED', message: 'The view token expired' },
    }));
    view.pulls.stale(at(1));
    await waitFor(() => view.reported.length === 1, 'the report');
    expect(view.reported[0]).toBeInstanceOf(UnauthorizedError);
    expect(view.reported[0]?.message).toBe('The view token expired');
    view.pulls.stale(at(2));
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // past a retry's first pause
    expect(view.asked).toHaveLength(1);
    expect(view.reported).toHaveLength(1);
    expect(view.shown).toEqual([]);
  });

  it('a failing pull is tried again with pauses, reported at the third failure in a row, and the next render shows', async () => {
    let calls = 0;
    const view = watch((v) => {
      calls++;
      if (calls <= 3) return { error: { code: 'BACKEND_UNAVAILABLE', message: 'engine away' } };
      return { content: 'render after the outage', deps: v.deps };
    });
    view.pulls.stale(at(7));
    await waitFor(() => view.shown.length === 1, 'the render after the outage', 15_000);
    expect(view.asked.map((v) => v.deps[0]?.version)).toEqual([7, 7, 7, 7]);
    expect(view.reported).toHaveLength(1);
    expect(view.reported[0]).toBeInstanceOf(BackendUnavailableError);
    expect(view.shown).toEqual(['render after the outage']);
  });

  it('stops: a notice after stop pulls nothing, and a pending retry is dropped', async () => {
    const view = watch(() => ({ error: { code: 'INTERNAL', message: 'render failed' } }));
    view.pulls.stale(at(1));
    await waitFor(() => view.asked.length === 1, 'the first pull');
    view.pulls.stop();
    view.pulls.stale(at(2));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(view.asked).toHaveLength(1);
  });
});
