// For monitoring (and measuring): the hub's sessions, subscriptions and views, and the running
// producers, as examples/app serves them at /_stats.
import { liveStats } from 'reactive-rsc/server';
import { hub } from '../../lib/hub.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Response {
  return Response.json({ ...hub.stats(), ...liveStats() });
}
