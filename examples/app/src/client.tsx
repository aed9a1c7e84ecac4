'use client';
// Client components: they write through the tab's hub connection (the hub's authorize decides).
import { useState } from 'react';
import { type ReactiveError, type SignalRef, useConnectionStatus } from 'reactive-rsc/client';
import { client } from './client-runtime.ts';
import type { Entry, Theme } from './reactive.ts';

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

export function IncrementButton({ source }: { source: SignalRef<number> }) {
  const [error, run] = useWrite();
  return (
    <>
      <button
        type="button"
        data-testid="increment"
        onClick={() => run(() => client.signal(source).set((c) => c + 1))}
      >
        +1
      </button>
      {error && <p className="error">{error}</p>}
    </>
  );
}

export function GuestbookForm({ source }: { source: SignalRef<Entry[]> }) {
  const [error, run] = useWrite();
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!text.trim()) return;
        const entry: Entry = {
          name: name.trim() || 'anonymous',
          text: text.trim(),
          at: new Date(),
        };
        void run(async () => {
          await client.signal(source).append(entry, { max: 20 });
          setText('');
        });
      }}
    >
      <input
        aria-label="name"
        placeholder="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <input
        aria-label="message"
        placeholder="say hello"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit">Sign</button>
      {error && <p className="error">{error}</p>}
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
