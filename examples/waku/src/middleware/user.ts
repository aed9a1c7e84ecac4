import type { MiddlewareHandler } from 'hono';
import { unstable_getContextData as getContextData } from 'waku/server';
import { userOf } from '../shared.ts';

/** A user id in a cookie stands in for a login; a new visitor gets one with the page. */
export default function userMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    const known = userOf(c.req.raw);
    const user = known ?? crypto.randomUUID().replaceAll('-', '');
    (getContextData() as { user?: string }).user = user;
    await next();
    if (!known && c.res) {
      const headers = new Headers(c.res.headers);
      headers.append('set-cookie', `user=${user}; Path=/; SameSite=Lax; HttpOnly`);
      c.res = new Response(c.res.body, {
        status: c.res.status,
        statusText: c.res.statusText,
        headers,
      });
    }
  };
}
