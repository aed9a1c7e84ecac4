import type { ReactNode } from 'react';
import type { Stored } from '../../core/backend.ts';
import type { KeyVersion } from '../../core/protocol.ts';
import { attachRenderHooks } from '../../core/render-hooks.ts';
import { type ProducerUse, type RenderScope, runInScope } from './scope.ts';
import { scopeHooks } from './scope-hooks.ts';

export interface ViewRender {
  content: ReactNode;
  /** Every signal the view read, with the version it rendered with. */
  deps: KeyVersion[];
  producers: ProducerUse[];
}

const MAX_PASSES = 8;

/**
 * Renders a live view's body, loading what it reads first: a pass that reads a signal not yet
 * loaded loads it and runs again, so the final pass reads only loaded values, one version per
 * signal, and never suspends. Signals read by child components that React renders later are not
 * seen: a child that reads signals should be a live view of its own.
 */
export async function renderView(
  view: string,
  body: () => ReactNode | Promise<ReactNode>,
  delivered: ReadonlyMap<string, Stored> = new Map(),
): Promise<ViewRender> {
  // Attached on first use rather than at import, so importing the server entry changes nothing.
  attachRenderHooks(scopeHooks);
  const loaded: RenderScope['loaded'] = new Map();
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const scope: RenderScope = {
      view,
      loaded,
      delivered,
      missing: new Map(),
      used: new Set(),
      producers: new Map(),
      producerIndex: 0,
    };
    const content = await runInScope(scope, body);
    if (scope.missing.size === 0) {
      const deps = [...scope.used].flatMap((id) => {
        const entry = loaded.get(id);
        return entry ? [{ key: entry.key, version: entry.version }] : [];
      });
      return { content, deps, producers: [...scope.producers.values()] };
    }
    await Promise.all(
      [...scope.missing].map(async ([id, { key, load }]) => {
        const { value, version } = await load();
        loaded.set(id, { key, value, version });
      }),
    );
  }
  throw new Error(`Live view ${view} read new signals in each of ${MAX_PASSES} passes`);
}
