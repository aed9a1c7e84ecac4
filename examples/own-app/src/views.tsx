import { live, useReactive } from 'reactive-rsc/server';
import { Clicks } from './client.tsx';
import { counter } from './reactive.ts';

/** A server component that re-renders, and reaches every tab showing it, when counter changes. */
export const Counter = live('counter', () => {
  const count = useReactive(counter);
  return (
    <main>
      <p data-testid="server-count">The server rendered {count}</p>
      <Clicks source={counter.ref()} />
    </main>
  );
});
