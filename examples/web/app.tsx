// The browser side of the web example: every signal on the page shares the tab's one
// connection to the hub. The server hands the signals over as refs (sig.ref()).
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  createReactiveClient,
  type ReactiveError,
  type SignalRef,
  useConnectionStatus,
  useSignal,
} from 'reactive-rsc/client';

declare global {
  interface Window {
    __REFS__: { counters: SignalRef<number>[]; locked: SignalRef<number>; note: SignalRef<string> };
  }
}

const client = createReactiveClient({ url: '/_reactive' });
const { counters, locked, note } = window.__REFS__;

function Note() {
  const text = useSignal(client, note);
  return (
    <p id="note" data-length={text.length}>
      {text.length > 80 ? `${text.slice(0, 40)}…${text.slice(-40)}` : text}
    </p>
  );
}

function Counter({ source }: { source: SignalRef<number> }) {
  const value = useSignal(client, source);
  return (
    <li data-key={source.key[1]} data-value={value}>
      {source.key[1]}: {value}
    </li>
  );
}

function Increment({ source, label }: { source: SignalRef<number>; label: string }) {
  const [error, setError] = useState<string>('');
  const onClick = async () => {
    try {
      await client.signal(source).set((c) => c + 1);
      setError('');
    } catch (e) {
      const typed = e as ReactiveError;
      setError(`${typed.name} ${typed.code}: ${typed.message}`);
    }
  };
  return (
    <p>
      <button type="button" id={`inc-${source.key[1]}`} onClick={onClick}>
        {label}
      </button>
      <output id={`error-${source.key[1]}`}>{error}</output>
    </p>
  );
}

function App() {
  const status = useConnectionStatus(client);
  return (
    <main>
      <p id="status">{status}</p>
      <Note />
      {counters[0] && <Increment source={counters[0]} label="+1" />}
      <Increment source={locked} label="+1 (refused by authorize)" />
      <Counter source={locked} />
      <ul id="counters">
        {counters.map((source) => (
          <Counter key={source.key[1]} source={source} />
        ))}
      </ul>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
