'use server';
// The pull: when the hub says a live view is stale, its boundary in the tab calls this action
// with the view's signed token (views that went stale together come in one call), and Next sends
// the render back as RSC. It must not set cookies or revalidate: either would make Next render
// the whole page into its answer.
import { headers } from 'next/headers';
import type { PulledView } from 'reactive-rsc/server';
import { hub } from '../lib/hub.ts';

export async function pullViews(tokens: string[]): Promise<PulledView[]> {
  return hub.renderViews(tokens, await headers());
}
