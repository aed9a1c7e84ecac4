import { describe, expect, it } from 'vitest';
import type { PulledView } from '../../src/client/live-boundary.ts';
import { pullView } from '../../src/client/live-pull.ts';

describe('pulling live views in a tab', () => {
  it('views that go stale in one tick are pulled in one call, each getting its own render', async () => {
    const calls: string[][] = [];
    const pull = async (tokens: string[]): Promise<PulledView[]> => {
      calls.push(tokens);
      return tokens.map((token) => ({
        id: `id-${token}`,
        content: `render of ${token}`,
        deps: [],
      }));
    };
    const rendered = await Promise.all(
      ['a', 'b', 'c', 'a'].map((token) => pullView(pull, { id: `id-${token}`, token })),
    );
    expect(rendered).toEqual(['render of a', 'render of b', 'render of c', 'render of a']);
    expect(calls).toEqual([['a', 'b', 'c']]);
    await pullView(pull, { id: 'id-d', token: 'd' });
    expect(calls).toHaveLength(2);
  });

  it('a failed pull fails each view in it; a view the answer lacks fails alone', async () => {
    const failing = async (): Promise<PulledView[]> => {
      throw new Error('the action failed');
    };
    const both = [
      pullView(failing, { id: 'x', token: 'x' }),
      pullView(failing, { id: 'y', token: 'y' }),
    ];
    await expect(Promise.all(both)).rejects.toThrow('the action failed');
    await expect(both[1]).rejects.toThrow('the action failed');
    const partial = async (): Promise<PulledView[]> => [{ id: 'x', content: 'x', deps: [] }];
    const [x, y] = await Promise.allSettled([
      pullView(partial, { id: 'x', token: 'x' }),
      pullView(partial, { id: 'y', token: 'y' }),
    ]);
    expect(x).toEqual({ status: 'fulfilled', value: 'x' });
    expect(y).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringContaining('no render of live view y') },
    });
  });
});
