'use client';
import { type SignalRef, useConnectionStatus, useSignal } from 'reactive-rsc/client';
import { client } from './client-runtime.ts';

export function Clicks({ source }: { source: SignalRef<number> }) {
  const count = useSignal(client, source); // live in the browser
  const status = useConnectionStatus(client);
  return (
    <button type="button" data-status={status} onClick={() => client.signal(source).add(1)}>
      Clicked {count} times ({status})
    </button>
  );
}
