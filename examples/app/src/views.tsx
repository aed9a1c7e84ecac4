// Live views: server components that re-render on the server when a signal they read changes,
// pushed to every tab showing them over its one connection.
import { live, useReactive } from 'reactive-rsc/server';
import { GuestbookForm, IncrementButton, ThemeToggle } from './client.tsx';
import { clicksPerVisit, counter, guestbook, themeOf, visits } from './signals.ts';

export const Counter = live('counter', () => {
  const count = useReactive(counter);
  const ratio = useReactive(clicksPerVisit);
  return (
    <section className="card">
      <h2>Shared counter</h2>
      <p className="big" data-testid="count">
        {count}
      </p>
      <IncrementButton />
      <p className="hint" data-testid="ratio">
        {ratio.toFixed(2)} clicks per visit
      </p>
    </section>
  );
});

export const Guestbook = live('guestbook', () => {
  const entries = useReactive(guestbook);
  return (
    <section className="card wide">
      <h2>Guestbook</h2>
      <GuestbookForm />
      <ul data-testid="guestbook">
        {[...entries].reverse().map((entry) => (
          <li key={`${entry.at.getTime()}-${entry.name}`}>
            <strong>{entry.name}</strong> {entry.text}
            <time dateTime={entry.at.toISOString()}>{entry.at.toLocaleTimeString('en-GB')}</time>
          </li>
        ))}
      </ul>
    </section>
  );
});

export const Visits = live('visits', () => {
  const count = useReactive(visits);
  return (
    <section className="card">
      <h2>Visits</h2>
      <p className="big" data-testid="visits">
        {count}
      </p>
      <p className="hint">every page load adds one, atomically</p>
    </section>
  );
});

/** The seed's ServerCounter: an interval on the server, running only while a tab watches. */
export const ServerCounter = live('server-counter', () => {
  const ticks = useReactive(
    0,
    (stream) => {
      let n = 0;
      const timer = setInterval(() => stream.next(++n), 1000);
      return () => clearInterval(timer);
    },
    [],
  );
  return (
    <section className="card">
      <h2>Server ticks</h2>
      <p className="big" data-testid="ticks">
        {ticks}
      </p>
      <p className="hint">an interval on the server, started by the first tab</p>
    </section>
  );
});

export const ThemeCard = live('theme', ({ user }: { user: string }) => {
  const { theme } = useReactive(themeOf(user));
  return (
    <section className={`card theme-${theme}`} data-testid="theme" data-theme={theme}>
      <h2>Your theme: {theme}</h2>
      <ThemeToggle source={themeOf(user).ref()} testId="toggle-theme" />
    </section>
  );
});
