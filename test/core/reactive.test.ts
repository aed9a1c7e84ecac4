import { describe, expect, it } from 'vitest';
import { batch, computed, effect, signal } from '../../src/index.ts';

describe('in-memory reactive core', () => {
  it('tracks, derives, batches and unsubscribes', () => {
    const a = signal(1);
    const b = signal(2);
    const sum = computed(() => a.value + b.value);
    const seen: number[] = [];
    const stop = effect(() => {
      seen.push(sum.value);
    });
    batch(() => {
      a.value = 10;
      b.value = 20;
    });
    expect(seen).toEqual([3, 30]);
    expect(sum.peek()).toBe(30);
    const heard: number[] = [];
    const off = a.subscribe((v) => heard.push(v));
    a.value = 11;
    off();
    a.value = 12;
    expect(heard).toEqual([10, 11]);
    stop();
  });
});

describe('runtime', () => {
  it('runs on Node 22 or newer, brought by the node package', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });
});
