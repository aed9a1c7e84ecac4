import type { PulledView } from '../../client/live-boundary.ts';
import { BadRequestError, UnauthorizedError } from '../../errors.ts';
import { type Authorize, mayReadAll } from '../access.ts';
import { renderView } from './render.ts';
import type { SharedViews } from './shared-views.ts';
import { verifyView } from './token.ts';
import { requireView } from './views.ts';

/** Views one pull may ask for: a page shows a handful, a batch of stale ones a few more. */
export const MAX_PULLED_VIEWS = 100;

/**
 * Renders the views whose signed tokens a tab sent: the render the hub made on the change when
 * a tab in this process watches the view (no read, no second render), else a render of its own.
 * The tab must be allowed to read everything the view read, as for a watch.
 */
export async function renderPulledViews(
  tokens: readonly unknown[],
  request: Request,
  options: { shared: SharedViews; authorize: Authorize },
): Promise<PulledView[]> {
  if (!Array.isArray(tokens) || tokens.length > MAX_PULLED_VIEWS) {
    throw new BadRequestError(`A pull names up to ${MAX_PULLED_VIEWS} view tokens in an array`);
  }
  return Promise.all(
    tokens.map(async (token) => {
      const { id, name, props } = verifyView(token);
      const { content, deps } =
        options.shared.latest(id) ??
        (await renderView(name, () => requireView(name)(props as never)));
      const reads = deps.map((dep) => dep.key);
      if (!(await mayReadAll(options.authorize, request, reads))) {
        throw new UnauthorizedError(
          `Not allowed to watch view ${name}: it reads signals this request may not read`,
        );
      }
      return { id, content, deps };
    }),
  );
}
