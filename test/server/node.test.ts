import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../src/index.ts';
import { toNodeListener } from '../../src/server/index.ts';

describe('toNodeListener: a failing handler never leaves a request hanging', () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  async function serve(handler: (request: Request) => Promise<Response>): Promise<string> {
    server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('answers 500 INTERNAL when the handler throws (a render that failed)', async () => {
    const url = await serve(async () => {
      throw new Error('render exploded');
    });
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      code: 'INTERNAL',
      message: 'The server failed to answer this request',
    });
  });

  it('answers a typed error with its own code and status', async () => {
    const url = await serve(async () => {
      throw new UnauthorizedError('not yours');
    });
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ code: 'UNAUTHORIZED', message: 'not yours' });
  });

  it('ends a response whose body fails mid-stream', async () => {
    const url = await serve(async () => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return controller.error(new Error('render failed after the shell'));
          sent = true;
          controller.enqueue(new TextEncoder().encode('<html>'));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/html' } });
    });
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(200);
    // The body ends (cut), rather than hanging until the timeout.
    const outcome = await response.text().then(
      () => 'ended',
      (error: Error) => (error.name === 'TimeoutError' ? 'hung' : 'cut'),
    );
    expect(outcome).toBe('cut');
  });
});
