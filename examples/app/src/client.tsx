'use client';
// Client components. The counter and the guestbook are written by server actions; the theme is
// a client signal, written over the tab's hub connection (the hub's authorize decides).
import { useActionState, useState } from 'react';
import {
  type ReactiveError,
  type SignalRef,
  useConnectionStatus,
  type WireError,
} from 'reactive-rsc/client';
import { increment, sign } from './actions.ts';
import { client } from './client-runtime.ts';
import { limits } from './guestbook-entry.ts';
import type { Theme } from './signals.ts';

function useWrite() {
  const [error, setError] = useState('');
  const run = async (write: () => Promise<unknown>) => {
    try {
      await write();
      setError('');
    } catch (e) {
      const typed = e as ReactiveError;
      setError(`${typed.code}: ${typed.message}`);
    }
  };
  return [error, run] as const;
}

/** A coded error from a server action, as the page shows it. */
function ActionError({ error, testId }: { error: WireError | undefined; testId: string }) {
  if (!error) return null;
  return (
    <p className="error" data-testid={testId} role="alert">
      {error.code}: {error.message}
    </p>
  );
}

// Both forms post to a server action: before hydration, or with no JavaScript at all, the
// browser posts the form and gets the page back rendered after the write; once hydrated, React
// calls the action without a reload and the live views bring the new state.

export function IncrementButton() {
  const [state, formAction] = useActionState(increment, null);
  return (
    <form action={formAction}>
      <button type="submit" data-testid="increment">
        +1
      </button>
      <ActionError error={state?.ok === false ? state.error : undefined} testId="increment-error" />
    </form>
  );
}

export function GuestbookForm() {
  const [state, formAction] = useActionState(sign, { result: null, name: '', text: '' });
  return (
    <form action={formAction}>
      <input
        aria-label="name"
        name="name"
        placeholder="name"
        required
        maxLength={limits.name}
        defaultValue={state.name}
      />
      <input
        aria-label="message"
        name="text"
        placeholder="say hello"
        required
        maxLength={limits.text}
        defaultValue={state.text}
      />
      <button type="submit">Sign</button>
      <ActionError
        error={state.result?.ok === false ? state.result.error : undefined}
        testId="sign-error"
      />
    </form>
  );
}

export function ThemeToggle({
  source,
  testId,
}: {
  source: SignalRef<{ theme: Theme }>;
  testId: string;
}) {
  const [error, run] = useWrite();
  return (
    <>
      <button
        type="button"
        data-testid={testId}
        onClick={() =>
          run(() =>
            client.signal(source).set((t) => ({ theme: t.theme === 'light' ? 'dark' : 'light' })),
          )
        }
      >
        Toggle theme
      </button>
      {error && (
        <p className="error" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

export function ConnectionStatus() {
  const status = useConnectionStatus(client);
  return (
    <span className={`status status-${status}`} data-testid="status">
      {status}
    </span>
  );
}
