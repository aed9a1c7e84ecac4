import { ConnectionStatus } from './client.tsx';
import { Counter, Guestbook, ServerCounter, ThemeCard, Visits } from './views.tsx';
import './style.css';

export function Root({ user }: { user: string }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>reactive-rsc</title>
      </head>
      <body>
        <header>
          <h1>reactive-rsc</h1>
          <p>Server components that re-render live. Open this page in two windows.</p>
          <ConnectionStatus />
        </header>
        <main>
          <Counter />
          <Visits />
          <ServerCounter />
          <ThemeCard user={user} />
          <Guestbook />
        </main>
      </body>
    </html>
  );
}
