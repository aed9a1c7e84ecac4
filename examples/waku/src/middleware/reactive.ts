// The hub at /_reactive, a stats endpoint, and a same-origin check for every other POST (Waku
// runs server actions from any origin's form post). A Hono middleware: Waku's middleware runner
// drops return values, so a handled request sets c.res and does not call next().
import type { MiddlewareHandler } from 'hono';
import { liveStats } from 'reactive-rsc/server';
import { hub } from '../shared.ts';

export default function reactiveMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.path === '/_reactive') {
      c.res = await hub(c.req.raw);
      return;
    }
    if (c.req.path === '/_stats') {
      c.res = Response.json({ ...hub.stats(), ...liveStats() });
      return;
    }
    if (c.req.method === 'POST') {
      const origin = c.req.header('origin');
      if (origin && new URL(origin).host !== c.req.header('host')) {
        c.res = Response.json(
          { code: 'UNAUTHORIZED', message: `A post from ${origin} is refused` },
          { status: 403 },
        );
        return;
      }
    }
    await next();
  };
}
