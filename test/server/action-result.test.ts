import { describe, expect, it } from 'vitest';
import { createMemoryBackend, createReactiveBackend } from '../../src/index.ts';
import { actionResult, BadRequestError } from '../../src/server/index.ts';

describe('actionResult: what a server action hands its form', () => {
  const { signal } = createReactiveBackend({ backend: createMemoryBackend({ maxBytes: 1024 }) });

  it('is the written value when the write is accepted', async () => {
    const count = signal('count', 0);
    expect(await actionResult(() => count.add(1))).toEqual({ ok: true, value: 1 });
  });

  it('is the coded error when ours refuses it, and nothing is written', async () => {
    const log = signal<string[]>('log', []);
    expect(await actionResult(() => log.append('x'.repeat(2048)))).toEqual({
      ok: false,
      error: { code: 'VALUE_TOO_LARGE', message: expect.stringContaining('limit') },
    });
    expect(await log.read()).toEqual({ value: [], version: 0 });
    const refused = await actionResult(() => {
      throw new BadRequestError('The text is empty');
    });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'The text is empty' },
    });
  });

  it('knows ours by the code, so an error from another copy of the package is ours too', async () => {
    const copy = Object.assign(new Error('Not allowed to write app/counter'), {
      code: 'UNAUTHORIZED',
    });
    expect(await actionResult(() => Promise.reject(copy))).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'Not allowed to write app/counter' },
    });
  });

  it('throws anything else: a bug is not a refusal', async () => {
    const bug = new TypeError('undefined is not a function');
    await expect(actionResult(() => Promise.reject(bug))).rejects.toBe(bug);
    const foreign = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(actionResult(() => Promise.reject(foreign))).rejects.toBe(foreign);
  });
});
