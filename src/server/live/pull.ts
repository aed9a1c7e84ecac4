import type { PulledView } from '../../client/live-boundary.ts';
import { keyId } from '../../core/key.ts';
import { parseViewPulls } from '../../core/parse-request.ts';
import type { KeyVersion, ViewPull } from '../../core/protocol.ts';
import { InternalError, wireOf } from '../../errors.ts';
import { type Authorize, assertMayWatch } from '../access.ts';
import type { SharedViews } from './shared-views.ts';
import { verifyView } from './token.ts';
import { renderNamedView } from './views.ts';

interface PullOptions {
  shared: SharedViews;
  authorize: Authorize;
}

/**
 * Renders the views a tab pulls, answering each in the order asked with its render or its coded
 * error (one refused view does not fail the others). A view watched in this process gives the
 * render the hub made on the change (no read, no second render) if it is at least as new as
 * what the tab's notice named; else it renders here, reading the store. The tab must be allowed
 * to read everything the view read, as for a watch.
 */
export async function renderPulledViews(
  pulls: unknown,
  request: Request,
  options: PullOptions,
): Promise<PulledView[]> {
  return Promise.all(
    parseViewPulls(pulls).map((pull) =>
      renderPulled(pull, request, options).catch((error: unknown) => {
        const wire = wireOf(error);
        if (!wire) console.error('reactive-rsc: rendering a pulled live view failed', error);
        return { error: wire ?? new InternalError('Rendering the live view failed').toWire() };
      }),
    ),
  );
}

async function renderPulled(
  { token, deps }: ViewPull,
  request: Request,
  { shared, authorize }: PullOptions,
): Promise<PulledView> {
  const { id, name, props } = verifyView(token);
  const kept = shared.latest(id);
  const { content, deps: read } =
    kept && covers(kept.deps, deps) ? kept : await renderNamedView(name, props);
  await assertMayWatch(
    authorize,
    request,
    name,
    read.map((dep) => dep.key),
  );
  return { content, deps: read };
}

/** Whether a render that read `have` is at least as new as every version in `want`. */
function covers(have: readonly KeyVersion[], want: readonly KeyVersion[]): boolean {
  const versions = new Map(have.map((dep) => [keyId(dep.key), dep.version]));
  return want.every((dep) => (versions.get(keyId(dep.key)) ?? -1) >= dep.version);
}
