import { afterEach, describe, expect, it, vi } from 'vitest';
import { useReactive, useReactiveStream } from '../../../src/server/index.ts';

describe('useReactive outside a live view', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returns the initial value, never starts the producer, and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let started = 0;
    const producer = () => {
      started++;
      return undefined;
    };
    expect(useReactive(7, producer, [])).toBe(7);
    expect(useReactiveStream('a', producer)).toBe('a');
    expect(started).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /outside a live\(\) view.*live\(name, Component\)/s,
    );
  });
});
