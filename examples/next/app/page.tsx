import { cookies } from 'next/headers';
import { configureLivePull } from 'reactive-rsc/server';
import { Counter, Guestbook, ServerCounter, ThemeCard, Visits, visits } from '../lib/shared.ts';
import { pullViews } from './live-actions.ts';

// Every live view rendered from here on hands the pull action to its boundary in the page: the
// way Next wants an action to reach client components (one they import is missing from the
// page's client manifest under `next start`, vercel/next.js#83186).
configureLivePull(pullViews);

// Live views carry signed tokens and the versions they rendered with: render per request.
export const dynamic = 'force-dynamic';

export default async function Page() {
  // proxy.ts handed out the cookie, to this very request too.
  const user = (await cookies()).get('user')?.value ?? '';
  await visits.add(1); // a page load is a visit
  return (
    <>
      <Counter />
      <Visits />
      <ServerCounter />
      <ThemeCard user={user} />
      <Guestbook />
    </>
  );
}
