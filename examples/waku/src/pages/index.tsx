import { Counter, Guestbook, ServerCounter, ThemeCard, Visits, visits } from '../shared.ts';
import { currentUser } from '../user.ts';

export default async function Index() {
  await visits.add(1); // a page load is a visit (a form post renders no page here)
  return (
    <>
      <Counter />
      <Visits />
      <ServerCounter />
      <ThemeCard user={currentUser()} />
      <Guestbook />
    </>
  );
}

// Live views carry signed tokens and the versions they rendered with: render per request.
export const getConfig = async () => ({ render: 'dynamic' }) as const;
