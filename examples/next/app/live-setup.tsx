'use client';
// Once per tab, before hydration: live views watch over the tab's one hub connection and pull
// their renders through the action the page gave them (no RSC decoder in pull mode).
import { configureLiveViews, createLiveRuntime } from 'reactive-rsc/client';
import { client } from '../../app/src/client-runtime.ts';

if (typeof window !== 'undefined') configureLiveViews(createLiveRuntime(client));

export function LiveSetup(): null {
  return null;
}
