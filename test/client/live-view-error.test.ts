import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'eventsource';
import { expect, it, vi } from 'vitest';
import { createHubBackend } from '../../src/client/index.ts';
import { BackendUnavailableError, encode, type ReactiveError } from '../../src/index.ts';
import { toNodeListener } from '../../src/server/index.ts';
import { signView } from '../../src/server/live/token.ts';
import { liveCount } from '../fixtures/live-count.ts';
import { waitFor } from '../fixtures/wait.ts';

// A tab whose live view cannot be re-rendered on the server hears why, as a typed error, over
// its one stream; the next render that works still reaches it.
const { backend, count, cleanups, hub } = liveCount('failing-count');

it('a view whose renders keep failing reaches the tab as a typed error, then its next render', async () => {
  // A typed error keeps its code on the way to the tab.
  const { handler } = hub({
    failure: (n) =>
      n <= 3 ? new BackendUnavailableError('read on signal app/count timed out') : undefined,
  });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_reactive`;
  const tab = createHubBackend({ url, EventSource });
  cleanups.push(() => tab.close());

  const { id, token } = signView('failing-count', {});
  const { version } = await count.read();
  const errors: ReactiveError[] = [];
  const payloads: string[] = [];
  tab.watchView(
    { id, token, deps: [{ key: count.key, version }] },
    (payload) => payloads.push(new TextDecoder().decode(payload)),
    (error) => errors.push(error),
  );
  await waitFor(() => handler.stats().views === 1, 'the watch to reach the hub');
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  await backend.write(count.key, { op: 'add', by: 1, initial: encode(0) });
  await waitFor(() => payloads.length > 0, 'the render that worked', 20_000);
  logged.mockRestore();

  expect(errors).toHaveLength(1);
  expect(errors[0]).toBeInstanceOf(BackendUnavailableError);
  expect(errors[0]?.message).toBe('read on signal app/count timed out');
  expect(payloads).toEqual(['render 4']);
}, 30_000);
