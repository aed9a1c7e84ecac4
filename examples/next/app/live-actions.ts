'use server';
// The pull: when the hub says a live view is stale, its boundary in the tab calls this action
// with the view's signed token and the versions the notice named (views that went stale
// together come in one call), and Next sends the renders back as RSC. It must not set cookies
// or revalidate: either would make Next render the whole page into its answer.
import { headers } from 'next/headers';
import type { PulledView, ViewPull } from 'reactive-rsc/server';
import { hub } from '../lib/hub.ts';

export async function pullViews(views: ViewPull[]): Promise<PulledView[]> {
  return hub.renderViews(views, await headers());
}
