import { createElement, type ReactElement, type ReactNode } from 'react';
import { LiveBoundary } from '../../client/live-boundary.ts';
import type { SignalKey } from '../../core/key.ts';
import { BadRequestError } from '../../errors.ts';
import { renderView } from './render.ts';
import { signView } from './token.ts';

/** A view component of unknown props: called only with the props its token carries. */
type AnyViewComponent = (props: never) => ReactNode | Promise<ReactNode>;

const key = Symbol.for('reactive-rsc.views');
const holder = globalThis as { [key]?: Map<string, AnyViewComponent> };
/** Registered live views by name: any app server can re-render a view named in a token. */
holder[key] ??= new Map();
const views: Map<string, AnyViewComponent> = holder[key];

export function getView(name: string): AnyViewComponent | undefined {
  return views.get(name);
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
    return createElement(LiveBoundary, { id, token, deps }, content);
  }
  Object.defineProperty(LiveView, 'name', { value: `Live(${name})` });
  return LiveView;
}

/**
 * The signals a render of view `name` with `props` reads, for checking that a tab may read them
 * before it watches the view. Renders the body (loading what it reads), not the RSC payload.
 */
export async function viewReads(
  name: string,
  props: Record<string, unknown>,
): Promise<SignalKey[]> {
  const Component = getView(name);
  if (!Component)
    throw new BadRequestError(`No live view is registered as ${JSON.stringify(name)}`);
  const { deps } = await renderView(name, () => Component(props as never));
  return deps.map((dep) => dep.key);
}
