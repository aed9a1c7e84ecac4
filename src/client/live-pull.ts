import type { ReactNode } from 'react';
import { MAX_PULLED_VIEWS, type ViewPull } from '../core/protocol.ts';
import { fromWire, InternalError } from '../errors.ts';
import type { PullViews } from './live-boundary.ts';

interface Waiting {
  view: ViewPull;
  resolve(content: ReactNode): void;
  reject(error: unknown): void;
}

const queued = new Map<PullViews, Waiting[]>();

/**
 * The view's new content, pulled in one call with every other view that went stale before the
 * next task: frameworks run a tab's server actions one at a time, so one call per view would
 * queue. (A task, not a microtask: each SSE event is a task of its own.)
 */
export function pullView(pull: PullViews, view: ViewPull): Promise<ReactNode> {
  return new Promise((resolve, reject) => {
    let waiting = queued.get(pull);
    if (!waiting) {
      const batch: Waiting[] = [];
      waiting = batch;
      queued.set(pull, batch);
      setTimeout(() => {
        queued.delete(pull);
        for (let at = 0; at < batch.length; at += MAX_PULLED_VIEWS) {
          void send(pull, batch.slice(at, at + MAX_PULLED_VIEWS));
        }
      }, 0);
    }
    waiting.push({ view, resolve, reject });
  });
}

/** One call; its answers come in the order asked, each a render or a coded error. */
async function send(pull: PullViews, batch: Waiting[]): Promise<void> {
  try {
    const answers = await pull(batch.map((w) => w.view));
    for (const [i, waiting] of batch.entries()) {
      const answer = answers[i];
      if (answer && 'content' in answer) {
        waiting.resolve(answer.content);
        continue;
      }
      const error = answer && fromWire(answer.error);
      waiting.reject(error ?? new InternalError('The pull answered no render of this view'));
    }
  } catch (error) {
    for (const waiting of batch) waiting.reject(error);
  }
}
