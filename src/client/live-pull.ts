import type { ReactNode } from 'react';
import type { PullViews } from './live-boundary.ts';

interface Waiting {
  token: string;
  id: string;
  resolve(content: ReactNode): void;
  reject(error: unknown): void;
}

const queued = new Map<PullViews, Waiting[]>();

/**
 * The view's new content, pulled with every other view that went stale in the same tick in one
 * call: frameworks run a tab's server actions one at a time, so one call per view would queue.
 */
export function pullView(pull: PullViews, view: { id: string; token: string }): Promise<ReactNode> {
  return new Promise((resolve, reject) => {
    let waiting = queued.get(pull);
    if (!waiting) {
      const batch: Waiting[] = [];
      waiting = batch;
      queued.set(pull, batch);
      queueMicrotask(() => {
        queued.delete(pull);
        void send(pull, batch);
      });
    }
    waiting.push({ ...view, resolve, reject });
  });
}

async function send(pull: PullViews, batch: Waiting[]): Promise<void> {
  const tokens = [...new Set(batch.map((w) => w.token))];
  try {
    const pulled = new Map((await pull(tokens)).map((view) => [view.id, view.content]));
    for (const waiting of batch) {
      if (pulled.has(waiting.id)) waiting.resolve(pulled.get(waiting.id));
      else waiting.reject(new Error(`The pull answered no render of live view ${waiting.id}`));
    }
  } catch (error) {
    for (const waiting of batch) waiting.reject(error);
  }
}
