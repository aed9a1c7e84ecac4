// A user id in a cookie stands in for a login: a new visitor gets one with the page. (A server
// component cannot set cookies; the proxy, Next's middleware, can.)
import { type NextRequest, NextResponse } from 'next/server';

export function proxy(request: NextRequest): NextResponse {
  // The form userOf (signals.ts) accepts; anything else is replaced.
  if (/^[A-Za-z0-9_-]{8,64}$/.test(request.cookies.get('user')?.value ?? '')) {
    return NextResponse.next();
  }
  const user = crypto.randomUUID().replaceAll('-', '');
  // The page rendered for this very request reads the new id too.
  request.cookies.set('user', user);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set('user', user, { path: '/', sameSite: 'lax', httpOnly: true });
  return response;
}

// Pages only: not the hub, not Next's own files, not server actions called from a hydrated page
// (its tab has the cookie; the live views' pulls are such calls, one per tab per change).
export const config = {
  matcher: [
    {
      source: '/((?!_reactive|_stats|_next/|favicon.ico).*)',
      missing: [{ type: 'header', key: 'next-action' }],
    },
  ],
};
