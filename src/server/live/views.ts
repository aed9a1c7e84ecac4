import { createElement, type ReactElement, type ReactNode } from 'react';
import { LiveBoundary, type PullViews } from '../../client/live-boundary.ts';
import type { SignalKey } from '../../core/key.ts';
import { processGlobal } from '../../core/process-global.ts';
import { BadRequestError } from '../../errors.ts';
import { renderView, type ViewRender } from './render.ts';
import { signView } from './token.ts';

/** A view component of unknown props: called only with the props its token carries. */
type AnyViewComponent = (props: never) => ReactNode | Promise<ReactNode>;

/** Registered live views by name: any app server can re-render a view named in a token. */
const views = processGlobal('views', () => new Map<string, AnyViewComponent>());
/** The app's pull action, for a hub that renders by pull (`configureLivePull`). */
const livePull = processGlobal('live-pull', () => ({ action: undefined as PullViews | undefined }));

/**
 * For a hub that renders by pull (`views: { pull: true }`, Next.js): `pull` is the app's server
 * action that returns `hub.renderViews(tokens, headers)`, and every live view rendered after
 * this call hands it to its boundary in the page, which calls it when the hub says the view
 * changed. Call it at the top of a server module that the page imports (the page then passes
 * the action down, which is how Next.js wants server actions to reach client components).
 */
export function configureLivePull(pull: PullViews): void {
  livePull.action = pull;
}

export function getView(name: string): AnyViewComponent | undefined {
  return views.get(name);
}

/** The view registered as `name`, or a `BadRequestError` for a name no `live()` registered. */
export function requireView(name: string): AnyViewComponent {
  const Component = views.get(name);
  if (!Component)
    throw new BadRequestError(`No live view is registered as ${JSON.stringify(name)}`);
  return Component;
}

export interface LiveOptions {
  /**
   * How long the page's token for this view can be watched with, in ms: after that a tab gets
   * `UNAUTHORIZED` ("expired") until it loads the page again. Default a day.
   */
  tokenTtlMs?: number;
}

/**
 * Makes a server component live: it renders as usual, and every tab showing it gets a fresh
 * render pushed whenever a signal it read changes. `name` identifies the view on every app
 * server; props must be superjson-encodable (they are signed into the page).
 */
export function live<P extends object>(
  name: string,
  Component: (props: P) => ReactNode | Promise<ReactNode>,
  options: LiveOptions = {},
): (props: P) => Promise<ReactElement> {
  views.set(name, Component);
  async function LiveView(props: P): Promise<ReactElement> {
    const { content, deps } = await renderView(name, () => Component(props));
    const { id, token } = signView(name, props, options.tokenTtlMs);
    return createElement(LiveBoundary, { id, token, deps, pull: livePull.action }, content);
  }
  Object.defineProperty(LiveView, 'name', { value: `Live(${name})` });
  return LiveView;
}

/** A render of the view registered as `name` with `props` (its body, not the RSC payload). */
export function renderNamedView(name: string, props: Record<string, unknown>): Promise<ViewRender> {
  const Component = requireView(name);
  return renderView(name, () => Component(props as never));
}

/**
 * The signals a render of view `name` with `props` reads, for checking that a tab may read them
 * before it watches the view. Renders the body (loading what it reads), not the RSC payload.
 */
export async function viewReads(
  name: string,
  props: Record<string, unknown>,
): Promise<SignalKey[]> {
  const { deps } = await renderNamedView(name, props);
  return deps.map((dep) => dep.key);
}
