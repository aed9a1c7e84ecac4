import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { httpStatus, InternalError, wireOf } from '../errors.ts';

/**
 * Mounts a fetch-API handler on Node's http server. The response body is written only as fast
 * as the socket takes it, so the hub's coalescing sees a slow tab as slow. A handler that throws
 * (a render that failed, say) answers 500 with a coded body, or ends a response already under
 * way; a request never hangs.
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(url, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      signal: abort.signal,
      // @ts-expect-error Node's fetch needs duplex for a streamed request body
      duplex: 'half',
    });
    let response: Response;
    try {
      response = await handler(request);
    } catch (error) {
      console.error(`reactive-rsc: ${req.method} ${url.pathname} failed:`, error);
      const wire =
        wireOf(error) ?? new InternalError('The server failed to answer this request').toWire();
      res.writeHead(httpStatus[wire.code], {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      return void res.end(JSON.stringify(wire));
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.flushHeaders();
    if (!response.body) return void res.end();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || res.destroyed) break;
        if (!res.write(value)) {
          await new Promise<void>((resolve) => {
            res.once('drain', resolve);
            res.once('close', resolve);
          });
        }
      }
    } catch (error) {
      // The client went away, or the body failed mid-stream: end it so the client knows.
      if (!res.destroyed && !abort.signal.aborted) {
        console.error(`reactive-rsc: ${req.method} ${url.pathname} failed mid-response:`, error);
        res.destroy();
      }
    } finally {
      await reader.cancel().catch(() => {});
      res.end();
    }
  };
}
