import { describe, expect, it } from 'vitest';
import type { PulledView } from '../../src/client/live-boundary.ts';
import { pullView } from '../../src/client/live-pull.ts';
import type { ViewPull } from '../../src/core/protocol.ts';
import { UnauthorizedError } from '../../src/errors.ts';

const view = (token: string): ViewPull => ({ token, deps: [{ key: ['app', token], version: 1 }] });

describe('pulling live views in a tab', () => {
  it('views that go stale before the next task (each SSE event is one) are pulled in one call, in chunks of 100', async () => {
    const calls: ViewPull[][] = [];
    const pull = async (views: ViewPull[]): Promise<PulledView[]> => {
      calls.push(views);
      return views.map((v) => ({ content: `render of ${v.token}`, deps: v.deps }));
    };
    // Three notices as three tasks, as a browser dispatches three SSE events.
    const rendered = await Promise.all(
      ['a', 'b', 'c'].map(
        (token) =>
          new Promise((resolve) => queueMicrotask(() => resolve(pullView(pull, view(token))))),
      ),
    );
    expect(rendered).toEqual(['render of a', 'render of b', 'render of c']);
    expect(calls.map((views) => views.map((v) => v.token))).toEqual([['a', 'b', 'c']]);
    expect(calls[0]![0]!.deps).toEqual([{ key: ['app', 'a'], version: 1 }]);

    const many = Array.from({ length: 250 }, (_, i) => pullView(pull, view(`v${i}`)));
    expect(await Promise.all(many)).toHaveLength(250);
    expect(calls.slice(1).map((views) => views.length)).toEqual([100, 100, 50]);
  });

  it('a refused view fails alone, with its typed error; a failed call fails each view in it', async () => {
    const partial = async (views: ViewPull[]): Promise<PulledView[]> =>
      views.map((v) =>
        v.token === 'x'
          ? { content: 'x', deps: [] }
          : { error: { code: 'UNAUTHORIZED', message: 'expired' } },
      );
    const [x, y] = await Promise.allSettled([
      pullView(partial, view('x')),
      pullView(partial, view('y')),
    ]);
    expect(x).toEqual({ status: 'fulfilled', value: 'x' });
    expect(y.status === 'rejected' && y.reason).toBeInstanceOf(UnauthorizedError);

    const failing = async (): Promise<PulledView[]> => {
      throw new Error('the action failed');
    };
    const both = [pullView(failing, view('x')), pullView(failing, view('y'))];
    await expect(both[0]).rejects.toThrow('the action failed');
    await expect(both[1]).rejects.toThrow('the action failed');
  });
});
